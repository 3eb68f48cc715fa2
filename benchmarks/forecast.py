"""Forecast speed (``make bench``): Monte Carlo simulations per second against a straightforward
NumPy reference run in the same process, the exact factor-model distribution, a 40,000-sim
update, and the agreement of the exact and Monte Carlo answers.

The input: the 56 contests of 2024 (50 states, DC, ME and NE at large and their districts)
with the record's margins and an sd of 5 points, under the national model (3 points shared).
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable

import numpy as np

from electoral.forecast import Contests, contests_from_election, exact_forecast, parse_model
from electoral.forecast import simulate as simulate_forecast
from electoral.forecast.models import structure

SIMS = 2_000_000
THREADS = 2


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """The best wall time of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def race() -> Contests:
    """2024 from the record; ME and NE split into districts (made up when the record lacks
    their district returns) so that there are 56 contests."""
    from dataclasses import replace

    from electoral.forecast import Contest

    base = contests_from_election(2024)
    if len(base.contests) == 56:
        return base
    made_up = {"ME": (7.0, (24.0, -9.0)), "NE": (-20.0, (-12.0, 4.5, -50.0))}
    contests: list[Contest] = []
    for c in base.contests:
        if c.id not in made_up:
            contests.append(c)
            continue
        statewide, districts = made_up[c.id]
        contests.append(replace(c, electors=2, margin=statewide))
        contests += [
            replace(c, id=f"{c.id}-{i}", district=i, electors=1, margin=m)
            for i, m in enumerate(districts, start=1)
        ]
    return replace(base, contests=tuple(contests))


def reference(
    contests: Contests, sims: int, seed: int, tipping: bool, chunk: int = 65_536
) -> np.ndarray:
    """The straightforward way: multivariate_normal draws of the margins, wins times electors,
    and for the tipping point an argsort of every simulation's margins."""
    st = structure(contests, parse_model("national"))
    cov = np.outer(st.loadings[0], st.loadings[0]) + np.diag(st.idio**2)
    electors = st.electors
    rng = np.random.default_rng(seed)
    hist = np.zeros(contests.electors + 1)
    tips = np.zeros(len(electors))
    for start in range(0, sims, chunk):
        n = min(chunk, sims - start)
        margins = rng.multivariate_normal(st.mu, cov, size=n)
        ev = (margins > 0) @ electors
        hist += np.bincount(ev, minlength=contests.electors + 1)
        if tipping:
            a_wins = ev >= contests.majority
            order = np.argsort(np.where(a_wins[:, None], -margins, margins), axis=1)
            cum = np.cumsum(electors[order], axis=1)
            first = (cum >= contests.majority).argmax(axis=1)
            decided = a_wins | (contests.electors - ev >= contests.majority)
            tips += np.bincount(order[np.arange(n), first][decided], minlength=len(electors))
    return hist / sims


def main() -> None:
    contests = race()
    model = parse_model("national")
    cpus = os.cpu_count()
    print(f"forecast: {len(contests.contests)} contests, national model, {THREADS} threads, "
          f"{cpus} CPUs")  # fmt: skip

    def ours(tipping: bool) -> float:
        return best_of(lambda: simulate_forecast(contests, model, sims=SIMS, seed=1,
                       threads=THREADS, tipping=tipping, popular_vote=False))  # fmt: skip

    ref_sims = SIMS // 4
    for tipping in (False, True):
        label = "with tipping point" if tipping else "electoral-vote totals"
        t = ours(tipping)
        r = best_of(lambda tip=tipping: reference(contests, ref_sims, 1, tip), repeat=1)
        rate, ref_rate = SIMS / t, ref_sims / r
        print(f"  mc {label}: {rate / 1e6:.2f} M sims/s (reference {ref_rate / 1e6:.2f} M/s; "
              f"{rate / ref_rate:.1f}x; load average {os.getloadavg()[0]:.2f})")  # fmt: skip

    update = best_of(lambda: simulate_forecast(contests, model, sims=40_000, seed=1,
                     threads=THREADS), repeat=7)  # fmt: skip
    print(f"  40,000 sims with tipping point and split: {update * 1000:.1f} ms (budget 50 ms; "
          f"load average {os.getloadavg()[0]:.2f})")  # fmt: skip

    for spec in ("independent", "national", "regional"):
        m = parse_model(spec)
        t = best_of(lambda m=m: exact_forecast(contests, m), repeat=20)
        print(f"  exact {spec}: {t * 1000:.2f} ms (budget 10 ms for a factor model)")

    exact = exact_forecast(contests, model)
    mc = simulate_forecast(contests, model, sims=SIMS, seed=2, threads=THREADS)
    p = exact.p_win[contests.candidates[0]]
    se = math.sqrt(p * (1 - p) / SIMS)
    gap = mc.p_win[contests.candidates[0]] - p
    gap_tie = mc.p_tie - exact.p_tie
    print(f"  exact vs mc ({SIMS:,} sims): P(win) {p:.5f} vs "
          f"{mc.p_win[contests.candidates[0]]:.5f} ({gap / se:+.2f} se); "
          f"P(269-269) {exact.p_tie:.5f} vs {mc.p_tie:.5f} ({gap_tie * 1e4:+.1f}e-4)")  # fmt: skip


if __name__ == "__main__":
    main()
