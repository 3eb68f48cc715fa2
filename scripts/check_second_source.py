"""Check the record's state returns of 1856-1972 against a second source: Dave Leip's Atlas.

The returns of 1824-1972 come from one hand-made compilation (clavesi, see
``scripts/extract_reference.py``). This script compares them with Leip's Atlas of U.S.
Presidential Elections as scraped, state by state, by github.com/stiles/presidential-elections
(``data/processed/presidential_election_results_by_state.csv``, commit
a45ee987762bb0328d9fafa9262ef5624c85db2d, the last with the Democratic, Republican and third
candidate in separate columns; the scrape has no year before 1856). Nothing is copied: the file
is read from a local snapshot, e.g.::

    git --git-dir=<mirror of stiles/presidential-elections> show \\
        a45ee98:data/processed/presidential_election_results_by_state.csv > leip.csv
    python scripts/check_second_source.py leip.csv

It prints how many state-candidate pairs agree exactly and within 0.1%, every pair further
apart, and the state returns one source has and the other lacks (a third candidate included).
Results and the corrections they led to: ``data/notes/popular_votes.md``, "Second source".
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path
from typing import Final

from electoral.data import default_record
from electoral.states import STATE_INFO

YEARS: Final = range(1856, 1973, 4)
TOLERANCE: Final = 0.001
COLUMNS: Final = {"Democratic": "dem_votes", "Republican": "rep_votes"}
UNPLEDGED: Final = "Unpledged electors"
THIRD: Final = {
    1856: {"Millard Fillmore"},
    1860: {"John C. Breckinridge"},
    1892: {"James B. Weaver"},
    1912: {"Theodore Roosevelt"},
    1924: {"Robert M. La Follette"},
    1948: {"Strom Thurmond"},
    1960: {"Harry F. Byrd", UNPLEDGED},
    1964: {UNPLEDGED},
    1968: {"George Wallace"},
}
"""The candidates of Leip's third column (``ind_votes``) in the years the record has one."""


def read_leip(path: Path) -> dict[tuple[int, str], dict[str, int]]:
    """(year, state) -> the three columns, for the years checked."""
    by_fips = {info.fips: state.value for state, info in STATE_INFO.items()}
    rows: dict[tuple[int, str], dict[str, int]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            year = int(row["year"])
            if year in YEARS:
                columns = ("dem_votes", "rep_votes", "ind_votes")
                rows[(year, by_fips[row["fips"]])] = {c: int(row[c] or 0) for c in columns}
    return rows


def column(year: int, candidate: str, party: str) -> str | None:
    if year == 1872 and candidate == "Horace Greeley":
        return "dem_votes"  # Liberal Republican, on the Democratic line
    if candidate in THIRD.get(year, ()):
        return "ind_votes"
    return COLUMNS.get(party)


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_file():
        print("usage: check_second_source.py LEIP_CSV", file=sys.stderr)
        return 2
    leip = read_leip(Path(argv[0]))
    ours: dict[tuple[int, str], dict[str, tuple[str, int]]] = defaultdict(dict)
    for p in default_record().popular_votes:
        if p.year in YEARS and p.district is None:
            ours[(p.year, p.state.value)][p.candidate] = (p.party, p.votes)
    compared = exact = within = 0
    apart: list[str] = []
    for key in sorted(ours.keys() & leip.keys()):
        theirs, year = leip[key], key[0]
        seen = set()
        for candidate, (party, votes) in sorted(ours[key].items()):
            col = column(year, candidate, party)
            if col is None:
                continue
            seen.add(col)
            compared += 1
            other = theirs[col]
            exact += votes == other
            if abs(votes - other) <= TOLERANCE * max(votes, other):
                within += 1
            else:
                apart.append(f"{year} {key[1]} {candidate}: record {votes:,}, Leip {other:,}")
        lacking = [c for c in ("dem_votes", "rep_votes", "ind_votes") if c not in seen]
        for col in lacking:
            if theirs[col] and (col != "ind_votes" or year in THIRD):
                apart.append(f"{year} {key[1]} {col}: record none, Leip {theirs[col]:,}")
    print(f"pairs compared {compared:,}: exact {exact:,}, within 0.1% {within:,}")
    print(f"state returns only in the record: {sorted(ours.keys() - leip.keys())}")
    print(f"state returns only in Leip: {sorted(leip.keys() - ours.keys())}")
    print(f"{len(apart)} further apart than 0.1% or missing:")
    print("\n".join(apart))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
