"""Speed of the exact questions (flips, minimum popular vote) for 2016 and 2020, best of N, with
same-process references that also check the answer:

- flips: the NumPy dynamic programme against a brute-force search over every subset of the
  winner's 20 cheapest units to flip (2^20 subsets, vectorised with NumPy); the optimum lies in
  that pool, so both must find the same minimum;
- minvote: the winning set has over 30 units (2^51 subsets is out of reach), so the reference is
  the textbook pure-Python dynamic programme (a double loop over units and electors), which
  must find the same minimum.

scipy's ``milp`` is not installed here, so it is not a reference.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import numpy as np

from electoral.analysis._common import min_cost_cover, units
from electoral.analysis.flips import flip, flip_cost
from electoral.analysis.minvote import minimum_vote
from electoral.data import default_record

POOL = 20


def best_of(fn: Callable[[], object], repeat: int = 7) -> float:
    """The best wall time of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def brute_force(weights: Sequence[int], costs: Sequence[int], needed: int) -> int:
    """The cheapest subset reaching ``needed``, by enumerating all 2^n subsets."""
    n = len(weights)
    masks = np.arange(1 << n, dtype=np.int64)
    bits = (masks[:, None] >> np.arange(n)) & 1
    electors = bits @ np.asarray(weights, dtype=np.int64)
    total = bits @ np.asarray(costs, dtype=np.int64)
    return int(total[electors >= needed].min())


def _flip_pool(year: int) -> tuple[list[int], list[int], int]:
    f = flip(year)
    carried = [u for u in units(default_record(), year) if u.winner == f.winner]
    pool = sorted(carried, key=lambda u: flip_cost(u.returns, f.winner, f.runner_up))[:POOL]
    weights = [u.electors for u in pool]
    return weights, [flip_cost(u.returns, f.winner, f.runner_up) for u in pool], f.electors_needed


def textbook_dp(weights: Sequence[int], costs: Sequence[int], needed: int) -> int:
    """The same knapsack as a pure-Python double loop (no NumPy)."""
    infinite = float("inf")
    best = [0.0] + [infinite] * needed
    for weight, cost in zip(weights, costs, strict=True):
        for e in range(needed, 0, -1):
            best[e] = min(best[e], best[max(e - weight, 0)] + cost)
    return int(best[needed])


def _flip_case(year: int) -> tuple[str, list[int], list[int], int, Callable[..., int]]:
    weights, costs, needed = _flip_pool(year)
    return f"{len(weights)} units, brute force", weights, costs, needed, brute_force


def _minvote_case(year: int) -> tuple[str, list[int], list[int], int, Callable[..., int]]:
    found = units(default_record(), year)
    weights, costs = [u.electors for u in found], [u.turnout // 2 + 1 for u in found]
    return f"{len(found)} units, textbook DP", weights, costs, 270, textbook_dp


def main() -> None:
    default_record()  # loaded once, outside the timings
    print("questions: exact flips and minimum popular vote (best of 7)")
    questions = (("flips", flip, _flip_case), ("minvote", minimum_vote, _minvote_case))
    for name, exact, case in questions:
        for year in (2016, 2020):
            whole = best_of(lambda: exact(year))  # noqa: B023
            label, weights, costs, needed, reference = case(year)
            dp = best_of(lambda: min_cost_cover(weights, costs, needed))  # noqa: B023
            ref = best_of(lambda: reference(weights, costs, needed), repeat=3)  # noqa: B023
            best = min_cost_cover(weights, costs, needed)
            same = best is not None and best[0] == reference(weights, costs, needed)
            print(
                f"  {name} {year}: {whole * 1e3:6.2f} ms the whole question; knapsack on {label}: "
                f"DP {dp * 1e3:5.2f} ms vs {ref * 1e3:7.1f} ms ({ref / dp:,.0f}x), "
                f"same answer: {same}"
            )


if __name__ == "__main__":
    main()
