"""Reading the fact tables: typed field access that names file, line and field on any error.

Tables are read as streams of bounded lines (:func:`csv_records`): a line longer than
:data:`MAX_LINE` bytes is refused before it is held in memory, text that is not UTF-8 is named
by line and byte, and a byte-order mark at the start (as Excel writes "CSV UTF-8") is skipped.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO, Final, TypeVar

from electoral.errors import DataError
from electoral.states import State

__all__ = ["MAX_COUNT", "MAX_LINE", "Row", "check_unique", "csv_records", "read_table"]

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")

MAX_LINE: Final = 64 * 1024
"""The longest line (bytes, with its line ending) a table may have: 40 times the longest line
of the bundled record (1,545 bytes, in binding_laws.csv). A longer line is refused as soon as
it is met, so a stray 100 MB line fails at once in bounded memory; and with it, no unquoted
field can reach the csv module's field size limit (128 KiB)."""

MAX_COUNT: Final = 10**9
"""The largest count (votes, population, electors, seats) a table may hold. No count of the
record can exceed the resident population of the United States, 331,449,281 at the 2020
census (U.S. Census Bureau, "2020 Census Apportionment Results", April 26, 2021); a billion
leaves room for any what-if and keeps sums of the record's rows far inside 64-bit integers."""


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
        """A non-negative integer (votes, electors, seats, population), at most
        :data:`MAX_COUNT`."""
        value = self.text(field)
        if not (value.isascii() and value.isdigit()):
            raise self.error(field, f"{value!r} is not a non-negative integer")
        if len(value) > len(str(MAX_COUNT)) or int(value) > MAX_COUNT:
            shown = value if len(value) <= 30 else f"{value[:12]}...({len(value)} digits)"
            raise self.error(
                field, f"{shown} is more than {MAX_COUNT:,}, above any count of the record"
            )
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


def _text_lines(handle: BinaryIO, file: str) -> Iterator[str]:
    """The lines of a UTF-8 file, each at most :data:`MAX_LINE` bytes, without a leading
    byte-order mark."""
    for number, raw in enumerate(iter(lambda: handle.readline(MAX_LINE + 1), b""), start=1):
        if len(raw) > MAX_LINE:
            raise DataError(
                file, number, "-", f"line longer than {MAX_LINE:,} bytes; expected a CSV table"
            )
        nul = raw.find(b"\0")
        if nul >= 0:
            raise DataError(
                file,
                number,
                "-",
                f"NUL byte at byte {nul + 1} of the line; expected a text CSV file, not a "
                "binary one",
            )
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise DataError(
                file,
                number,
                "-",
                f"not UTF-8 text (byte 0x{raw[error.start]:02x} at byte {error.start + 1} of "
                "the line); expected a CSV file saved as UTF-8",
            ) from None


def csv_records(path: Path, file: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """Stream the records of a CSV file as ``(line, fields)``, the header first, skipping
    blank lines; ``line`` is the line the record starts on.

    Raises:
        DataError: the file cannot be opened (``table missing`` if it does not exist), a line
            is longer than :data:`MAX_LINE` bytes, the text is not UTF-8, or the CSV is
            malformed (e.g. a quoted field over the csv module's field size limit).
    """
    name = file or path.name
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise DataError(name, 0, "-", f"table missing: {path}") from None
    except OSError as error:
        raise DataError(name, 0, "-", f"cannot read {path}: {error.strerror}") from None
    with handle:
        reader = csv.reader(_text_lines(handle, name))
        while True:
            start = reader.line_num + 1
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise DataError(name, reader.line_num, "-", f"malformed CSV: {error}") from None
            if fields:
                yield start, fields


def read_table(path: Path, columns: tuple[str, ...], build: Callable[[Row], T]) -> Iterator[T]:
    """Yield one built fact per data line of ``path``; the header must hold ``columns``, and
    every line must have as many fields as the header."""
    name = path.name
    records = csv_records(path, name)
    _, header = next(records, (1, []))
    missing = [c for c in columns if c not in header]
    if missing:
        raise DataError(name, 1, missing[0], f"column missing; expected {', '.join(columns)}")
    for line, fields in records:
        if len(fields) != len(header):
            raise DataError(
                name, line, "-", f"{len(fields)} fields; expected {len(header)}, as in the header"
            )
        yield build(Row(name, line, dict(zip(header, fields, strict=True))))


def check_unique(rows: list[T], key: Callable[[T], object], name: str, what: str) -> None:
    """Raise :class:`DataError` at the second of two rows with the same key."""
    seen: dict[object, int] = {}
    for line, row in enumerate(rows, start=2):
        k = key(row)
        if k in seen:
            raise DataError(name, line, what, f"duplicate row {k!r} (first at line {seen[k]})")
        seen[k] = line
