"""Build the package's tables (src/electoral/data/*.csv) from the inputs the project keeps.

Inputs: the curated tables in ``data/curated/`` and the facts extracted from public raw files in
``data/extracted/`` (see ``scripts/extract_reference.py``), all in the project's own schema.
Each package table is the union of its inputs, checked against the schema in
``electoral.data.tables``, sorted by its key and written with exactly the schema's columns. The
result is then loaded with full validation; any error names file, line and field.

Run from the repository root: ``python scripts/build_data.py`` (``make data``).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from electoral.data import load_record, tables
from electoral.errors import DataError

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "data"
OUTPUT = ROOT / "src" / "electoral" / "data"

SOURCES: dict[str, tuple[str, ...]] = {
    tables.ELECTIONS.file: ("curated/elections.csv",),
    tables.APPOINTMENTS.file: ("curated/appointments_*.csv",),
    tables.ELECTORAL_VOTES.file: ("curated/electoral_votes_*.csv",),
    tables.FAITHLESS.file: ("curated/faithless_*.csv",),
    tables.POPULAR_VOTES.file: ("extracted/popular_votes_*.csv", "curated/popular_votes_*.csv"),
    tables.APPORTIONMENT.file: ("curated/apportionment.csv",),
    tables.HOUSE_SIZES.file: ("curated/house_sizes.csv",),
    tables.SEAT_CHANGES.file: ("curated/seat_changes.csv",),
    tables.BINDING_LAWS.file: ("curated/binding_laws.csv",),
    tables.HOUSE_DELEGATIONS.file: ("curated/house_delegations.csv",),
    tables.SENATE_PARTIES.file: ("curated/senate_parties.csv",),
    tables.CONTINGENT_BALLOTS.file: ("curated/contingent_ballots.csv",),
    tables.TALLIES.file: ("curated/tallies.csv",),
    tables.STATUTORY_SEATS.file: ("curated/statutory_seats.csv",),
    tables.COUNT_ACTS.file: ("curated/count_acts.csv",),
    tables.UNCOUNTED_VOTES.file: ("curated/uncounted_votes.csv",),
    tables.DISPUTES.file: ("curated/disputes.csv",),
    tables.KNOWN_EXCEPTIONS.file: ("curated/known_exceptions.csv",),
    tables.DISTRICT_RETURNS.file: ("curated/district_returns_*.csv",),
}
SCHEMAS = {t.file: t.columns for t in tables.ALL_TABLES}


def read_inputs(patterns: tuple[str, ...], columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Every row of every input matching ``patterns``, restricted to ``columns``."""
    rows: list[dict[str, str]] = []
    for pattern in patterns:
        for path in sorted(INPUTS.glob(pattern)):
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                missing = [c for c in columns if c not in (reader.fieldnames or [])]
                if missing:
                    raise SystemExit(f"{path.relative_to(ROOT)}: missing columns {missing}")
                rows.extend({c: (row[c] or "").strip() for c in columns} for row in reader)
    return rows


def sort_key(row: dict[str, str], columns: tuple[str, ...]) -> tuple[tuple[int, int, str], ...]:
    """Numbers sort as numbers, text as text, over the first five columns."""
    return tuple((0, int(row[c]), "") if row[c].isdigit() else (1, 0, row[c]) for c in columns[:5])


def write_table(name: str, rows: list[dict[str, str]], columns: tuple[str, ...]) -> None:
    rows.sort(key=lambda r: sort_key(r, columns))
    with (OUTPUT / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> int:
    for name, patterns in SOURCES.items():
        columns = SCHEMAS[name]
        rows = read_inputs(patterns, columns)
        write_table(name, rows, columns)
        print(f"{name}: {len(rows)} rows")
    try:
        record = load_record(OUTPUT)
    except DataError as error:
        print(f"validation failed: {error}", file=sys.stderr)
        return 1
    print(f"record valid: {len(record.years)} elections")
    return 0


if __name__ == "__main__":
    sys.exit(main())
