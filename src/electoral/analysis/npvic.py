"""The National Popular Vote Interstate Compact: its members, and whether it governs an election.

"Agreement Among the States to Elect the President by National Popular Vote" (first enacted by
Maryland, 2007; e.g. Md. Code, Elec. Law §8-5A-01). Article III: each member state appoints
its electors for the "national popular vote winner" (most votes in the fifty states and DC).
Article IV: the agreement "shall govern the appointment of presidential electors in each member
state in any year in which this agreement is, on July 20, in effect in states cumulatively
possessing a majority of the electoral votes" (270 of 538 today). Until then each member
appoints its electors as before.

The members and the dates they enacted the compact are a small fact table,
``npvic_members.csv`` beside the record's tables (sources in ``npvic_members.md``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from electoral.data._csv import Row, check_unique, read_table
from electoral.data.record import PACKAGE_DATA
from electoral.rules.count import majority_of
from electoral.states import State

__all__ = [
    "MEMBERS_FILE",
    "CompactMember",
    "CompactStatus",
    "compact_status",
    "load_members",
    "members_on",
]

MEMBERS_FILE = "npvic_members.csv"
COLUMNS = ("state", "enacted", "source", "notes")


@dataclass(frozen=True, slots=True, kw_only=True)
class CompactMember:
    """A jurisdiction that enacted the compact, and when."""

    state: State
    enacted: dt.date
    source: str
    notes: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CompactStatus:
    """The compact on July 20 of an election year: members, their electors, and whether it
    governs that year's appointment of electors."""

    year: int
    on: dt.date
    members: dict[State, int]
    """Each member's electors in that election."""
    member_electors: int
    needed: int
    """A majority of all the electors: the threshold of Article IV."""

    @property
    def is_in_force(self) -> bool:
        return self.member_electors >= self.needed


def _member(r: Row) -> CompactMember:
    return CompactMember(
        state=r.state("state"),
        enacted=r.date("enacted"),
        source=r.required("source"),
        notes=r.text("notes"),
    )


def load_members(directory: str | Path | None = None) -> tuple[CompactMember, ...]:
    """The compact's members from ``npvic_members.csv`` in ``directory`` (default, and where
    ``directory`` has no such file: the bundled table, as the compact is not part of a
    user's record of an election).

    Raises:
        DataError: the table is malformed (file, line and field named), or a state appears
            twice.
    """
    path = Path(directory or PACKAGE_DATA) / MEMBERS_FILE
    if not path.exists():
        path = PACKAGE_DATA / MEMBERS_FILE
    rows = list(read_table(path, COLUMNS, _member))
    check_unique(rows, lambda m: m.state, MEMBERS_FILE, "state")
    return tuple(sorted(rows, key=lambda m: m.enacted))


def members_on(day: dt.date, members: tuple[CompactMember, ...]) -> tuple[State, ...]:
    """The jurisdictions that had enacted the compact by ``day``.

    >>> m = (CompactMember(state=State.MD, enacted=dt.date(2007, 4, 10), source="s"),)
    >>> members_on(dt.date(2008, 7, 20), m), members_on(dt.date(2004, 7, 20), m)
    ((<State.MD: 'MD'>,), ())
    """
    return tuple(m.state for m in members if m.enacted <= day)


def compact_status(
    year: int, electors: Mapping[State, int], members: tuple[CompactMember, ...]
) -> CompactStatus:
    """The compact's standing for the election of ``year``, judged on July 20 (Article IV)
    against ``electors``, each state's electors in that election."""
    day = dt.date(year, 7, 20)
    joined = {s: electors.get(s, 0) for s in members_on(day, members)}
    return CompactStatus(
        year=year,
        on=day,
        members=joined,
        member_electors=sum(joined.values()),
        needed=majority_of(sum(electors.values())),
    )
