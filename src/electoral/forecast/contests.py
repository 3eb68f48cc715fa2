"""The inputs of a forecast: the contests (states, DC and the districts of Maine and Nebraska),
each with the expected margin of the first candidate over the second, its uncertainty and its
electors.

A contest CSV has the header ``contest,margin,sd`` and optionally ``electors`` and ``turnout``:

- ``contest``: a postal code (``PA``) or a district (``ME-2``, ``NE-2``);
- ``margin``: the first candidate's expected lead over the second, in percentage points
  (between -100 and 100, :data:`MAX_MARGIN`);
- ``sd``: the standard deviation of that margin, in points (positive, at most :data:`MAX_SD`);
- ``electors``: overrides the apportionment in force (electors = House seats + 2, DC 3: U.S.
  Const. art. II, §1, cl. 2 and the 23rd Amendment), at most :data:`MAX_ELECTORS`;
- ``turnout``: the votes expected in the contest (enables the popular-vote split and the voter
  power index), at most :data:`~electoral.data._csv.MAX_COUNT`.

The file is UTF-8, with or without the byte-order mark Excel writes ("CSV UTF-8"); it is read
as a stream of bounded lines (:func:`electoral.data._csv.csv_records`), and every line must
have as many fields as the header.

Maine and Nebraska appoint two electors at large and one per congressional district (the
district method): when a file gives their districts, the statewide row carries the two at-large
electors; when it gives only the statewide row, that row carries all of the state's electors.

A forecast can also be built from the record of a past election (:func:`contests_from_election`),
with the statewide returns as the margins and one standard deviation for every contest.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Final

from electoral.data import Record, default_record
from electoral.data._csv import MAX_COUNT, csv_records
from electoral.elections import election
from electoral.errors import DataError, RuleInputError
from electoral.model import Method
from electoral.rules.contingent import (
    FACTION_CANDIDATES,
    congress_for,
    delegation_votes,
    faction_votes,
)
from electoral.rules.count import majority_of
from electoral.rules.electors import electors_for, seats_in_force
from electoral.states import State, states_in_union

__all__ = [
    "CENSUS_REGION",
    "DEFAULT_SD",
    "DISTRICT_STATES",
    "MAX_ELECTORS",
    "MAX_MARGIN",
    "MAX_SD",
    "Contest",
    "Contests",
    "Region",
    "contests_from_election",
    "current_electors",
    "house_from_record",
    "parse_candidates",
    "parse_house",
    "parse_picks",
    "read_contests",
]

DEFAULT_SD: Final = 5.0
"""Standard deviation (points) given to every contest built from the record: about the size of
the state polling errors of 2016-2024 (a convention, not a fact of the record)."""

DISTRICT_STATES: Final = (State.ME, State.NE)
"""States appointing electors by congressional district today (Maine since 1972, Nebraska since
1992)."""

STATES_IN_HOUSE: Final = 50
"""State delegations voting in a contingent election today (12th Amendment; DC has none)."""

REQUIRED: Final = ("contest", "margin", "sd")

MAX_MARGIN: Final = 100.0
"""The largest margin, in points, either way: a margin is a lead in percentage points of the
votes cast, so it lies between -100 (every vote for the second side) and 100."""

MAX_SD: Final = 100.0
"""The largest standard deviation of a margin, in points: one of 100 already spans the whole
range of margins (-100 to 100) as one sd either side; beyond it the number means nothing, and
near the float range it overflowed the arithmetic (an sd of 1e308 raised OverflowError)."""

MAX_ELECTORS: Final = 538
"""The most electors one contest may have: the whole Electoral College of today, 435
Representatives (2 U.S.C. §2a), 100 Senators (U.S. Const. art. I, §3, cl. 1) and DC's 3 (23rd
Amendment), as electors = Representatives + Senators (art. II, §1, cl. 2)."""


class Region(StrEnum):
    """The four census regions, the groups of the regional error model."""

    NORTHEAST = "northeast"
    MIDWEST = "midwest"
    SOUTH = "south"
    WEST = "west"


def _regions() -> dict[State, Region]:
    groups = {
        Region.NORTHEAST: "CT ME MA NH RI VT NJ NY PA",
        Region.MIDWEST: "IL IN MI OH WI IA KS MN MO NE ND SD",
        Region.SOUTH: "DE DC FL GA MD NC SC VA WV AL KY MS TN AR LA OK TX",
        Region.WEST: "AZ CO ID MT NV NM UT WY AK CA HI OR WA",
    }
    return {State(code): region for region, codes in groups.items() for code in codes.split()}


CENSUS_REGION: Final[dict[State, Region]] = _regions()
"""The census region of each state and DC (U.S. Census Bureau, Census Regions and Divisions)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Contest:
    """One unit appointing electors: a state, DC, or a congressional district of ME or NE."""

    id: str
    """``PA``, ``DC``, ``ME-2``: the postal code, with ``-n`` for a district."""
    state: State
    district: int | None
    electors: int
    margin: float
    """The first candidate's expected lead over the second, in percentage points."""
    sd: float
    """The standard deviation of the margin, in points."""
    turnout: int | None = None

    @property
    def region(self) -> Region:
        return CENSUS_REGION[self.state]

    @property
    def is_district(self) -> bool:
        return self.district is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class Contests:
    """Every contest of a forecast and the two sides: the first is the one the margins favour
    when positive."""

    contests: tuple[Contest, ...]
    candidates: tuple[str, str]
    source: str
    """Where the contests came from (a file name, or ``record YEAR``)."""
    states_in_house: int = STATES_IN_HOUSE
    """The state delegations that would choose in the House, a majority of them electing (12th
    Amendment): the 50 of today, or the states in the Union at the count after a past election
    (:func:`~electoral.states.states_in_union`; 38 after 1880, 48 after 1956)."""

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.contests)

    @property
    def electors(self) -> int:
        """The electors appointed: the denominator of the majority."""
        return sum(c.electors for c in self.contests)

    @property
    def majority(self) -> int:
        return majority_of(self.electors)

    @property
    def has_turnout(self) -> bool:
        """Whether every contest gives its turnout (needed for the popular vote and the VPI)."""
        return all(c.turnout is not None for c in self.contests)

    def index(self, contest: str) -> int:
        """The position of a contest by its id.

        Raises:
            RuleInputError: no such contest.
        """
        key = contest.strip().upper()
        for i, c in enumerate(self.contests):
            if c.id == key:
                return i
        raise RuleInputError(f"unknown contest {contest!r}: expected one of {', '.join(self.ids)}")


def current_electors(year: int = 2024, record: Record | None = None) -> dict[State, int]:
    """Electors per state under the apportionment in force for ``year`` (the 2020 census for
    the elections of 2024 and 2028): House seats + 2, DC 3."""
    record = record or default_record()
    seats = seats_in_force(year, record.apportionment, record.seat_changes)
    return electors_for(year, seats)


def parse_candidates(text: str) -> tuple[str, str]:
    """``"NAME A,NAME B"`` as the two sides.

    Raises:
        RuleInputError: not two distinct non-empty names.
    """
    names = [n.strip() for n in text.split(",")]
    if len(names) != 2 or not all(names) or names[0] == names[1]:
        raise RuleInputError(f"--candidates {text!r}: expected two distinct names 'A,B'")
    return names[0], names[1]


def parse_house(
    text: str, candidates: Sequence[str], states: int = STATES_IN_HOUSE
) -> dict[str, int]:
    """``"A:26,B:22"``: the state delegations each side holds (the rest are divided).

    Raises:
        RuleInputError: unknown side, not a count, or more than ``states`` delegations in all.
    """
    house: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, count = part.rpartition(":")
        name = name.strip()
        digits = count.strip()
        if not sep or name not in candidates or not (digits.isascii() and digits.isdigit()):
            raise RuleInputError(
                f"--house {text!r}: {part!r} is not NAME:DELEGATIONS with NAME one of "
                f"{', '.join(candidates)}"
            )
        if len(digits) > len(str(states)):  # more than the states, without a huge int()
            raise RuleInputError(f"--house {text!r}: {part!r}, more than the {states} states")
        house[name] = int(digits)
    if sum(house.values()) > states:
        raise RuleInputError(
            f"--house {text!r}: {sum(house.values())} delegations, more than the {states} states"
        )
    return house


def parse_picks(text: str, contests: Contests) -> dict[str, str]:
    """``"PA=A,GA=A"``: contests and the side that wins each, for a conditional forecast.

    Raises:
        RuleInputError: not CONTEST=NAME, an unknown contest or an unknown side.
    """
    picks: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        contest, sep, name = part.partition("=")
        if not sep or name.strip() not in contests.candidates:
            raise RuleInputError(
                f"--if {text!r}: {part!r} is not CONTEST=NAME with NAME one of "
                f"{', '.join(contests.candidates)}"
            )
        picks[contests.contests[contests.index(contest)].id] = name.strip()
    return picks


def _contest_id(text: str, file: str, line: int) -> tuple[State, int | None]:
    code, _, district = text.strip().upper().partition("-")
    try:
        state = State(code)
    except ValueError:
        state = None
    if state is None or (district and (state not in DISTRICT_STATES or not district.isdigit())):
        valid = ", ".join(sorted(s.value for s in State)) + ", ME-1, ME-2, NE-1, NE-2, NE-3"
        raise DataError(file, line, "contest", f"unknown contest {text!r}: expected one of {valid}")
    return state, int(district) if district else None


def _number(
    fields: Mapping[str, str], field: str, file: str, line: int, low: float, high: float
) -> float:
    """A finite number of points from ``low`` to ``high`` (``low`` itself excluded when 0:
    an sd must be positive)."""
    raw = fields.get(field, "").strip()
    try:
        value = float(raw)
    except ValueError:
        raise DataError(file, line, field, f"{raw!r} is not a number of points") from None
    if not math.isfinite(value):
        raise DataError(file, line, field, f"{raw!r} is not a finite number of points")
    if low == 0 and value <= 0:
        raise DataError(file, line, field, f"{value:g} is not a positive number of points")
    if not low <= value <= high:
        span = f"{low:g} to {high:g}" if low else f"more than 0, at most {high:g}"
        raise DataError(file, line, field, f"{raw} points is out of range; expected {span}")
    return value


def _count(
    fields: Mapping[str, str], field: str, file: str, line: int, bound: int, why: str
) -> int | None:
    """A whole number from 1 to ``bound`` (``why``: the bound's reason), or None if empty."""
    raw = fields.get(field, "").strip()
    if not raw:
        return None
    shown = raw if len(raw) <= 30 else f"{raw[:12]}...({len(raw)} characters)"
    digits = raw.lstrip("0")
    if not (raw.isascii() and raw.isdigit()) or not digits:
        raise DataError(file, line, field, f"{shown!r} is not a positive whole number")
    if len(digits) > len(str(bound)) or int(digits) > bound:
        raise DataError(file, line, field, f"{shown} is more than {bound:,}, {why}")
    return int(digits)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Row:
    line: int
    state: State
    district: int | None
    margin: float
    sd: float
    electors: int | None
    turnout: int | None


def _row(line: int, fields: Mapping[str, str], file: str) -> _Row:
    state, district = _contest_id(fields.get("contest", ""), file, line)
    return _Row(
        line=line,
        state=state,
        district=district,
        margin=_number(fields, "margin", file, line, -MAX_MARGIN, MAX_MARGIN),
        sd=_number(fields, "sd", file, line, 0.0, MAX_SD),
        electors=_count(
            fields, "electors", file, line, MAX_ELECTORS, "the whole Electoral College"
        ),
        turnout=_count(fields, "turnout", file, line, MAX_COUNT, "above any count of votes"),
    )


def _read_rows(path: Path) -> tuple[list[_Row], bool]:
    """The rows of a contests file, streamed: a duplicate contest is refused where it is met,
    so no file holds more rows in memory than there are contests."""
    file = path.name
    records = csv_records(path, file)
    _, names = next(records, (1, []))
    header = [h.strip() for h in names]
    for column in REQUIRED:
        if column not in header:
            raise DataError(file, 1, column, "column missing; expected contest,margin,sd")
    rows: list[_Row] = []
    seen: dict[tuple[State, int | None], int] = {}
    for line, values in records:
        if len(values) != len(header):
            problem = f"{len(values)} fields; expected {len(header)}, as in the header"
            raise DataError(file, line, "-", problem)
        row = _row(line, dict(zip(header, values, strict=True)), file)
        key = (row.state, row.district)
        if key in seen:
            name = row.state.value + (f"-{row.district}" if row.district else "")
            problem = f"duplicate {name} (first at line {seen[key]})"
            raise DataError(file, line, "contest", problem)
        seen[key] = line
        rows.append(row)
    return rows, "electors" in header


def _default_electors(row: _Row, rows: Sequence[_Row], apportioned: Mapping[State, int]) -> int:
    if row.district is not None:
        return 1
    has_districts = any(r.state is row.state and r.district is not None for r in rows)
    return 2 if has_districts else apportioned[row.state]


def _check_districts(rows: Sequence[_Row], apportioned: Mapping[State, int], file: str) -> None:
    for state in DISTRICT_STATES:
        given = {r.district: r.line for r in rows if r.state is state and r.district is not None}
        if not given:
            continue
        expected = set(range(1, apportioned[state] - 1))
        unknown = sorted(set(given) - expected)
        if unknown:
            bad = f"{state}-{unknown[0]}"
            raise DataError(file, given[unknown[0]], "contest", f"{state} has no district {bad}")
        missing = sorted(expected - set(given))
        if missing or not any(r.state is state and r.district is None for r in rows):
            line = max(given.values())
            need = ", ".join([state.value] + [f"{state}-{d}" for d in sorted(expected)])
            raise DataError(file, line, "contest", f"{state}'s districts given: expected {need}")


def read_contests(
    path: str | Path,
    *,
    candidates: tuple[str, str] = ("A", "B"),
    year: int = 2024,
    record: Record | None = None,
) -> Contests:
    """Read and validate a contest CSV (see the module docstring for its columns).

    Args:
        path: the CSV file.
        candidates: the two sides; the margins are the first's lead over the second.
        year: the election whose apportionment gives the default electors.
        record: where the apportionment comes from (default: the bundled record).

    Raises:
        DataError: an unreadable file (not UTF-8, a line over the length bound, malformed CSV),
            a missing column, a line whose fields do not match the header, an unknown or
            duplicate contest, a margin or sd that is not a number or out of its range (sd must
            be positive), electors or turnout that are not whole numbers in range, incomplete
            districts, or electors that do not add up to those appointed (538) when no
            ``electors`` column overrides them. The message names the file, the line and the
            field.
    """
    path = Path(path)
    rows, has_electors = _read_rows(path)
    file = path.name
    seen = {(r.state, r.district) for r in rows}
    apportioned = current_electors(year, record)
    _check_districts(rows, apportioned, file)
    contests = tuple(
        Contest(
            id=r.state.value + (f"-{r.district}" if r.district else ""),
            state=r.state,
            district=r.district,
            electors=r.electors or _default_electors(r, rows, apportioned),
            margin=r.margin,
            sd=r.sd,
            turnout=r.turnout,
        )
        for r in rows
    )
    if not contests:
        raise DataError(file, 1, "contest", "no contests; expected one line per state")
    total = sum(c.electors for c in contests)
    if not has_electors and total != sum(apportioned.values()):
        missing = sorted(s.value for s in apportioned if (s, None) not in seen)
        raise DataError(
            file,
            len(rows) + 1,
            "contest",
            f"electors add up to {total}, expected {sum(apportioned.values())}"
            + (f"; missing {', '.join(missing)}" if missing else ""),
        )
    return Contests(contests=contests, candidates=candidates, source=file)


def _leaders(year: int, record: Record, candidates: tuple[str, str] | None) -> tuple[str, str]:
    national = election(year, record).popular_votes
    if candidates is None:
        top = list(national)[:2]
        if len(top) < 2:
            raise RuleInputError(f"election of {year}: fewer than two candidates with returns")
        return top[0], top[1]
    for name in candidates:
        if name not in national:
            raise RuleInputError(
                f"--candidates: {name!r} has no returns in {year}: expected one of "
                f"{', '.join(list(national)[:5])}"
            )
    return candidates


def _margin(votes: Mapping[str, int], a: str, b: str) -> float:
    total = sum(votes.values())
    return 100.0 * (votes.get(a, 0) - votes.get(b, 0)) / total


def contests_from_election(
    year: int,
    *,
    sd: float = DEFAULT_SD,
    candidates: tuple[str, str] | None = None,
    record: Record | None = None,
) -> Contests:
    """Contests from the record's statewide returns of ``year``: each margin is the first
    candidate's lead over the second in points of all votes cast, each turnout the votes cast,
    each sd ``sd``. Districts of Maine and Nebraska are separate contests when the record has
    their returns; otherwise the statewide row carries all the state's electors.

    Args:
        year: an election year of the record.
        sd: the standard deviation of every margin, in points.
        candidates: the two sides (default: the two leaders of the national popular vote).
        record: default the bundled record.

    Raises:
        UnknownElectionError: no election in ``year``.
        RuleInputError: sd not positive or over :data:`MAX_SD`, unknown candidates, or a state
            without returns.
    """
    if not 0 < sd <= MAX_SD:
        raise RuleInputError(
            f"--sd {sd:g}: expected a positive number of points, at most {MAX_SD:g}"
        )
    record = record or default_record()
    result = election(year, record)
    a, b = _leaders(year, record, candidates)
    contests: list[Contest] = []
    for s in result.states:
        if not s.popular_votes:
            raise RuleInputError(
                f"election of {year}: {s.state} has no statewide returns in the record "
                "(electors not chosen by the people); a forecast needs a margin for every state"
            )
        districts = s.district_votes if s.method is Method.DISTRICT else {}
        statewide = 2 if districts else s.electors
        turnout = sum(s.popular_votes.values())
        contests.append(
            Contest(
                id=s.state.value,
                state=s.state,
                district=None,
                electors=statewide,
                margin=_margin(s.popular_votes, a, b),
                sd=sd,
                turnout=turnout,
            )
        )
        for number, votes in districts.items():
            contests.append(
                Contest(
                    id=f"{s.state}-{number}",
                    state=s.state,
                    district=number,
                    electors=1,
                    margin=_margin(votes, a, b),
                    sd=sd,
                    turnout=sum(votes.values()),
                )
            )
    return Contests(
        contests=tuple(contests),
        candidates=(a, b),
        source=f"record {year}",
        states_in_house=states_in_union(result.facts.count_date),
    )


def house_from_record(
    year: int, contests: Contests, record: Record | None = None
) -> dict[str, int]:
    """State delegations each side would hold in the House that would choose after ``year``
    (the Congress of :func:`~electoral.rules.contingent.congress_for`), if every member voted
    for the candidate of their party; empty when the record has no delegations for it.

    Where the record labels that House by faction, not by party (the 18th Congress, which chose
    in 1825 among four Democratic-Republicans:
    :data:`~electoral.rules.contingent.FACTION_CANDIDATES`), each member votes for the candidate
    of the member's faction instead, and a delegation goes to a side only if a majority of its
    members' factions supported that side (:func:`~electoral.rules.contingent.faction_votes`):
    members of a third candidate's faction vote for neither side and can leave a state divided.

    Raises:
        RuleInputError: the House is labelled by faction and a side is a candidate no faction
            supported (Henry Clay in 1825: his men are labelled with Adams's), so the record
            cannot say how its delegations would vote.
    """
    record = record or default_record()
    congress = congress_for(year)
    delegations = record.delegations(congress)
    if not delegations:
        return {}
    factions = FACTION_CANDIDATES.get(congress)
    if factions is not None:
        outside = [c for c in contests.candidates if c not in factions.values()]
        if outside:
            raise RuleInputError(
                f"the House after {year} (Congress {congress}) is labelled by faction in the "
                f"record, and no faction supported {' or '.join(outside)}: how its delegations "
                "would vote cannot be known; the factions supported "
                f"{', '.join(sorted(set(factions.values())))} (give the delegations per side "
                "instead, --house)"
            )
        votes = faction_votes(delegations, factions, contests.candidates)
    else:
        parties: dict[str, Counter[str]] = {}
        for p in record.popular_votes_in(year):
            parties.setdefault(p.candidate, Counter())[p.party] += p.votes
        party_of = {c: parties[c].most_common(1)[0][0] for c in contests.candidates if c in parties}
        votes = delegation_votes(delegations, party_of)
    return {c: sum(1 for v in votes.values() if v == c) for c in contests.candidates}
