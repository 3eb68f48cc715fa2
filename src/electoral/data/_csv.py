"""Reading the fact tables: typed field access that names file, line and field on any error."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from electoral.errors import DataError
from electoral.states import State

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")


class Row:
    """One line of a table; each accessor raises :class:`DataError` naming the field."""

    __slots__ = ("_fields", "file", "line")

    def __init__(self, file: str, line: int, fields: dict[str, str]) -> None:
        self.file = file
        self.line = line
        self._fields = fields

    def error(self, field: str, problem: str) -> DataError:
        return DataError(self.file, self.line, field, problem)

    def text(self, field: str) -> str:
        return self._fields[field].strip()

    def required(self, field: str) -> str:
        value = self.text(field)
        if not value:
            raise self.error(field, "is empty; a value is required")
        return value

    def optional(self, field: str) -> str | None:
        return self.text(field) or None

    def count(self, field: str) -> int:
        """A non-negative integer (votes, electors, seats, population)."""
        value = self.text(field)
        if not value.isdigit():
            raise self.error(field, f"{value!r} is not a non-negative integer")
        return int(value)

    def optional_count(self, field: str) -> int | None:
        return self.count(field) if self.text(field) else None

    def date(self, field: str) -> dt.date:
        value = self.text(field)
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise self.error(field, f"{value!r} is not a date YYYY-MM-DD") from None

    def state(self, field: str) -> State:
        value = self.text(field)
        try:
            return State(value)
        except ValueError:
            raise self.error(field, f"unknown state code {value!r}") from None

    def optional_state(self, field: str) -> State | None:
        return self.state(field) if self.text(field) else None

    def choice(self, field: str, enum: type[E]) -> E:
        value = self.text(field)
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            raise self.error(field, f"{value!r} is not one of: {allowed}") from None


def read_table(path: Path, columns: tuple[str, ...], build: Callable[[Row], T]) -> Iterator[T]:
    """Yield one built fact per data line of ``path``; the header must hold ``columns``."""
    name = path.name
    try:
        handle = path.open(encoding="utf-8", newline="")
    except FileNotFoundError:
        raise DataError(name, 0, "-", f"table missing: {path}") from None
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise DataError(name, 1, missing[0], f"column missing; expected {', '.join(columns)}")
        for line, fields in enumerate(reader, start=2):
            if None in fields or any(v is None for v in fields.values()):
                raise DataError(name, line, "-", f"expected {len(columns)} or more fields")
            yield build(Row(name, line, fields))


def check_unique(rows: list[T], key: Callable[[T], object], name: str, what: str) -> None:
    """Raise :class:`DataError` at the second of two rows with the same key."""
    seen: dict[object, int] = {}
    for line, row in enumerate(rows, start=2):
        k = key(row)
        if k in seen:
            raise DataError(name, line, what, f"duplicate row {k!r} (first at line {seen[k]})")
        seen[k] = line
