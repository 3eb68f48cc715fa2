"""Rendering command results: a rich table on a terminal, CSV when piped, or JSON."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Mapping, Sequence
from enum import StrEnum

from rich.console import Console
from rich.table import Table

Cell = str | int | float | None
Rows = Sequence[Mapping[str, Cell]]


class Format(StrEnum):
    """Output formats of every command."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"


def resolve(fmt: Format | None) -> Format:
    """The format asked for, or a table on a terminal and CSV when piped (as elex does)."""
    if fmt is not None:
        return fmt
    return Format.TABLE if sys.stdout.isatty() else Format.CSV


def emit(
    fmt: Format | None,
    rows: Rows,
    payload: object,
    *,
    title: str = "",
    footer: Sequence[str] = (),
) -> None:
    """Print ``rows`` as a table or CSV, or ``payload`` as JSON."""
    chosen = resolve(fmt)
    if chosen is Format.JSON:
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    elif chosen is Format.CSV:
        sys.stdout.write(to_csv(rows))
    else:
        console = Console()
        console.print(to_table(rows, title))
        for line in footer:
            console.print(line, highlight=False)


def to_csv(rows: Rows) -> str:
    if not rows:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def to_table(rows: Rows, title: str) -> Table:
    table = Table(title=title or None, header_style="bold")
    if not rows:
        return table
    for key, value in rows[0].items():
        numeric = isinstance(value, int | float)
        table.add_column(key, justify="right" if numeric else "left")
    for row in rows:
        table.add_row(*(_cell(v) for v in row.values()))
    return table


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return value
