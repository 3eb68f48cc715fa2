"""Voting power speed (``make bench``): exact Banzhaf and Shapley-Shubik indices for the
51-player Electoral College of 2024, against a straightforward reference in the same process:
a per-player dynamic program in plain Python that rebuilds the other players' counts from
scratch for every player (what one writes first), checked to give the same fractions.
Budget: both indices for 51 states in under 100 ms.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from fractions import Fraction

from electoral.analysis.power import banzhaf, election_game, shapley_shubik
from electoral.data import load_record


def best_of(fn: Callable[[], object], repeat: int = 7) -> float:
    """The best wall time of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def naive_banzhaf(weights: Sequence[int], quota: int) -> tuple[Fraction, ...]:
    """For each player, count the coalitions of the others by weight from scratch."""
    swings = []
    for i in range(len(weights)):
        counts = [1] + [0] * sum(weights)
        for j, w in enumerate(weights):
            if j != i:
                for k in range(len(counts) - 1, w - 1, -1):
                    counts[k] += counts[k - w]
        swings.append(sum(counts[max(quota - weights[i], 0) : quota]))
    total = sum(swings)
    return tuple(Fraction(s, total) for s in swings)


def naive_shapley(weights: Sequence[int], quota: int) -> tuple[Fraction, ...]:
    """For each player, count the coalitions of the others by size and weight from scratch."""
    n, top = len(weights), sum(weights)
    values = []
    for i in range(n):
        counts = [[0] * (top + 1) for _ in range(n)]
        counts[0][0] = 1
        for j, w in enumerate(weights):
            if j != i:
                for s in range(n - 1, 0, -1):
                    row, below = counts[s], counts[s - 1]
                    for k in range(top, w - 1, -1):
                        row[k] += below[k - w]
        low = max(quota - weights[i], 0)
        pivots = sum(
            sum(counts[s][low:quota]) * math.factorial(s) * math.factorial(n - 1 - s)
            for s in range(n)
        )
        values.append(Fraction(pivots, math.factorial(n)))
    return tuple(values)


def main() -> None:
    game = election_game(2024, load_record())
    w, q = game.weights, game.quota
    assert banzhaf(w, q) == naive_banzhaf(w, q)
    ours_b = best_of(lambda: banzhaf(w, q))
    ours_s = best_of(lambda: shapley_shubik(w, q))
    ref_b = best_of(lambda: naive_banzhaf(w, q), repeat=3)
    start = time.perf_counter()
    assert shapley_shubik(w, q) == naive_shapley(w, q)  # one run: it takes seconds
    ref_s = time.perf_counter() - start - ours_s
    n = len(w)
    for name, ours, ref in (("Banzhaf", ours_b, ref_b), ("Shapley-Shubik", ours_s, ref_s)):
        print(
            f"{name}, {n} players, {sum(w)} electors: {ours * 1000:.1f} ms; "
            f"per-player Python DP {ref * 1000:.0f} ms; speed-up {ref / ours:.1f}x"
        )
    both = ours_b + ours_s
    print(f"both indices: {both * 1000:.1f} ms (budget: 100 ms)")


if __name__ == "__main__":
    main()
