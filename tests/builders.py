"""Plain builder functions for small, explicit record directories used by tests."""

from __future__ import annotations

from pathlib import Path

from electoral.data import tables

HEADERS = {t.file: ",".join(t.columns) for t in tables.ALL_TABLES}

# A two-state election in 2024 (made up, consistent): PA 19 for A, DE 3 for B.
TOY = {
    "elections.csv": [
        "2024,2024-12-17,2025-01-06,22,12,A,P,electors,C,P,electors,toy,",
    ],
    "appointments.csv": ["2024,PA,19,popular,toy,", "2024,DE,3,popular,toy,"],
    "electoral_votes.csv": [
        "2024,PA,president,A,19,19,toy",
        "2024,PA,vice-president,C,19,19,toy",
        "2024,DE,president,B,3,3,toy",
        "2024,DE,vice-president,D,3,3,toy",
    ],
    "popular_votes.csv": [
        "2024,PA,,A,P,3500000,toy",
        "2024,PA,,B,Q,3400000,toy",
        "2024,DE,,A,P,200000,toy",
        "2024,DE,,B,Q,290000,toy",
    ],
    "apportionment.csv": ["2020,PA,13002700,17,toy", "2020,DE,990837,1,toy"],
    "house_sizes.csv": ["2020,18,huntington-hill,toy act,toy"],
    "tallies.csv": [
        "2024,president,A,19,toy",
        "2024,president,B,3,toy",
        "2024,vice-president,C,19,toy",
        "2024,vice-president,D,3,toy",
    ],
}


def write_record(directory: Path, **replace: list[str]) -> Path:
    """Write the toy record to ``directory``; ``replace`` swaps a table's data lines
    (keyword: the file name without ``.csv``)."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, header in HEADERS.items():
        lines = replace.get(name.removesuffix(".csv"), TOY.get(name, []))
        (directory / name).write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return directory
