"""Speed measurements (``make bench``): throughput, and the ratio against a reference
implementation run in the same process. Results are recorded in BENCHMARKS.md.

- load: the whole record from CSV with validation, vs. a bare ``csv.DictReader`` pass over the
  same files (the floor any loader must pay);
- replay: all elections through the rules;
- apportion: Huntington-Hill for 50 states and 435 seats with a heap, vs. the textbook loop
  that rescans every state for every seat.
"""

from __future__ import annotations

import csv
import importlib
import math
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from electoral.data import load_record
from electoral.data.record import PACKAGE_DATA
from electoral.history import replay_all
from electoral.rules.apportionment import apportion
from electoral.states import State

HERE = Path(__file__).resolve().parent
AREAS = ("questions", "power", "forecast", "petitions", "web")
"""The other areas' benchmark modules (each with a ``main()``), run after the record's."""


def best_of(fn: Callable[[], object], repeat: int = 7) -> float:
    """The best wall time of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bare_csv_pass() -> int:
    rows = 0
    for path in sorted(PACKAGE_DATA.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows += sum(1 for _ in csv.DictReader(handle))
    return rows


def textbook_huntington_hill(pops: dict[State, int], seats: int) -> dict[State, int]:
    result = dict.fromkeys(pops, 1)
    for _ in range(seats - len(pops)):
        best = max(pops, key=lambda s: pops[s] / math.sqrt(result[s] * (result[s] + 1)))
        result[best] += 1
    return result


def main() -> None:
    record = load_record()
    rows = bare_csv_pass()
    load = best_of(load_record)
    bare = best_of(bare_csv_pass)
    print(f"load record: {load * 1000:.1f} ms for {rows:,} rows ({rows / load:,.0f} rows/s)")
    print(f"  bare csv pass {bare * 1000:.1f} ms; validated load / bare pass = {load / bare:.2f}")
    n = len(record.years)
    rep = best_of(lambda: replay_all(record), repeat=3)
    print(f"replay all {n} elections: {rep * 1000:.1f} ms ({n / rep:,.0f} elections/s)")
    census = record.censuses[-1] if record.censuses else None
    if census is not None:
        pops = {f.state: f.population for f in record.census(census)}
        ours = best_of(lambda: apportion(pops, 435))
        ref = best_of(lambda: textbook_huntington_hill(pops, 435))
        assert apportion(pops, 435) == textbook_huntington_hill(pops, 435)
        print(f"apportion {census} (Huntington-Hill, 435): {ours * 1e6:.0f} us; "
              f"textbook loop {ref * 1e6:.0f} us; speed-up {ref / ours:.1f}x")  # fmt: skip
    median = statistics.median(best_of(load_record, 1) for _ in range(7))
    print(f"median of 7 loads: {median * 1000:.1f} ms (budget: 200 ms)")
    for area in AREAS:
        if (HERE / f"{area}.py").exists():
            print(f"\n== {area} ==")
            importlib.import_module(area).main()


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
