"""Reforms: an election of the record re-run under another way of appointing the electors.

Each reform is registered by a stable id in :data:`REFORMS` and turns an election's returns
into electors per state; the electors are then counted (12th Amendment: a majority of the
electors appointed) and, with no majority, the House chooses among the three highest, one vote
per state delegation (:mod:`electoral.rules.contingent`), from the delegations of the Congress
that would have chosen where the record has them, each voting its majority party's candidate;
where two of the three highest ran for the same party, voting by party cannot choose between
them and the outcome is left unknown, as in :mod:`electoral.analysis.defection`. A House the
record labels by faction (the 18th Congress, which chose in 1825 among four
Democratic-Republicans: :data:`~electoral.rules.contingent.FACTION_CANDIDATES`) votes by faction
instead, each delegation for the candidate most of its members supported
(:func:`~electoral.rules.contingent.faction_votes`); only where one of the three highest is a
candidate no faction supported (Clay, whose men are labelled with Adams's) is it left unknown.

- ``npvic``: the National Popular Vote Interstate Compact (:mod:`electoral.analysis.npvic`):
  where it was in force on July 20 of the year (members holding a majority of the electors),
  every member's electors go to the national popular-vote winner; otherwise nothing changes.
  ``assume_in_force`` applies it with that year's members regardless.
- ``proportional``: every state divides its electors in proportion to its returns, rounded by
  a named rule (``hamilton``, ``dhondt``, ``webster``, ``whole``; see
  :func:`electoral.rules.appointment.allocate_proportional`).
- ``district``: every state as Maine (21-A M.R.S. §802) and Nebraska (Neb. Rev. Stat.
  §32-1038) do it: two electors to the statewide winner and one per congressional district.
  It needs presidential returns by district for every state with more than one district.
- ``house-size``: the House re-apportioned at another size from the populations of the census
  in force, by that census's statutory method (2 U.S.C. §2a since 1941), electors = seats + 2
  (art. II, §1, cl. 2) and DC 3 from 1964 (23rd Amendment), each state's electors then going to
  its plurality winner (Neubauer and Zeitlin, "Outcomes of Presidential Elections and the House
  Size", PS: Political Science & Politics 36 (2003) 721, did the same for 2000).

What the reforms model is the electors *pledged*: votes of faithless electors are not carried
over, except where a state's electors are kept as cast (said in the notes); the vice president
is not re-run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Final

from electoral.analysis.npvic import compact_status, load_members
from electoral.census import apportion_census
from electoral.data import Record, default_record
from electoral.elections import Election, StateResult, election
from electoral.errors import RuleInputError, UnknownRuleError
from electoral.model import Method, Office
from electoral.rules.appointment import (
    ROUNDING_RULES,
    allocate_district,
    allocate_proportional,
    plurality_winner,
)
from electoral.rules.contingent import (
    FACTION_CANDIDATES,
    ContingentResult,
    congress_for,
    house_ballot,
    house_election,
    ordinal,
)
from electoral.rules.count import Count, count_votes, rank, top
from electoral.rules.electors import electors_for, seats_in_force
from electoral.states import State

__all__ = ["REFORMS", "Allocation", "ReformOptions", "ReformResult", "reform"]

UNNAMED: Final = "Others"
"""The returns' lump of unnamed candidates: counted in no allocation, as it is nobody."""

Cell = str | int | bool | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReformOptions:
    """The parameters a reform may take (each reform reads only its own)."""

    rounding: str = "hamilton"
    """``proportional``: the rounding rule."""
    house_size: int | None = None
    """``house-size``: the number of seats."""
    assume_in_force: bool = False
    """``npvic``: apply the compact even below the threshold."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Allocation:
    """What a reform gives: electors by state and candidate, its parameters, notes."""

    electors: dict[State, dict[str, int]]
    parameters: dict[str, Cell] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ReformResult:
    """An election re-run under a reform: the new count, and the contingent election if no
    one has a majority."""

    year: int
    method: str
    parameters: dict[str, Cell]
    electors: dict[State, dict[str, int]]
    count: Count
    actual: dict[str, int]
    """The electoral votes Congress counted in the real election."""
    actual_president: str
    contingent: ContingentResult | None
    notes: tuple[str, ...]

    @property
    def president(self) -> str | None:
        """The person elected: by the electors, or by the House where the record allows."""
        if self.count.winner is not None:
            return self.count.winner
        return self.contingent.elected if self.contingent else None


Reform = Callable[[Election, Record, ReformOptions], Allocation]


def _returns(s: StateResult) -> dict[str, int]:
    return {c: v for c, v in s.popular_votes.items() if c != UNNAMED}


def _as_cast(s: StateResult) -> dict[str, int]:
    return dict(s.electoral_votes)


def _proportional(e: Election, _: Record, options: ReformOptions) -> Allocation:
    if options.rounding not in ROUNDING_RULES:
        raise UnknownRuleError("rounding rule", options.rounding, list(ROUNDING_RULES))
    electors: dict[State, dict[str, int]] = {}
    kept: list[str] = []
    for s in e.states:
        if s.electors and _returns(s):
            electors[s.state] = allocate_proportional(_returns(s), s.electors, options.rounding)
        elif s.electors:
            electors[s.state] = _as_cast(s)
            kept.append(s.state.value)
    notes = [f"no returns for {', '.join(kept)}: their electors as cast"] if kept else []
    return Allocation(
        electors=electors,
        parameters={"rounding": options.rounding},
        notes=(*notes, f"the unnamed lump '{UNNAMED}' in the returns receives no elector"),
    )


DISTRICT_RETURNS_MISSING: Final = (
    "the record has presidential returns by district of the states that choose statewide for "
    "2024 only (The Downballot's compilation, district_returns.csv; New York's 21st district is "
    "blank in it); for 2008-2020 the published tables (Daily Kos Elections) give shares, not "
    "votes, mostly on the districts of a later map, and no copy was reachable: see the data "
    "README, 'Still unknown'"
)
"""Why the district reform cannot run for most years: said in its refusal."""


def _districts_of(s: StateResult, record: Record, year: int) -> dict[int, dict[str, int]]:
    """A state's returns by congressional district: its own where it chose by district (Maine,
    Nebraska), else ``district_returns.csv``."""
    if s.district_votes:
        return s.district_votes
    districts: dict[int, dict[str, int]] = {}
    for d in record.district_returns_in(year, s.state):
        districts.setdefault(d.district, {})[d.candidate] = d.votes
    return districts


def _district(e: Election, record: Record, __: ReformOptions) -> Allocation:
    needing = [s for s in e.states if s.electors > 3]
    by_state = {s.state: _districts_of(s, record, e.year) for s in needing}
    missing = [
        _missing_districts(s, by_state[s.state])
        for s in needing
        if sorted(by_state[s.state]) != list(range(1, s.electors - 1))
    ]
    if missing:
        raise RuleInputError(
            f"{e.year}: the district reform needs presidential returns by congressional "
            f"district; the record lacks them for {len(missing)} of the {len(needing)} states "
            f"with more than one district (e.g. {missing[0]}): {DISTRICT_RETURNS_MISSING}"
        )
    electors: dict[State, dict[str, int]] = {}
    sources = sorted({d.source for d in record.district_returns if d.year == e.year})
    for s in e.states:
        if s.electors and s.popular_votes:
            districts = by_state.get(s.state) or {1: s.popular_votes}
            electors[s.state] = allocate_district(s.popular_votes, districts, s.electors, s.state)
        elif s.electors:
            electors[s.state] = _as_cast(s)
    notes = (f"district returns: {', '.join(sources)}",) if sources else ()
    return Allocation(electors=electors, notes=notes)


def _missing_districts(s: StateResult, districts: Mapping[int, object]) -> str:
    if not districts:
        return s.state.value
    absent = [n for n in range(1, s.electors - 1) if n not in districts]
    return ", ".join(f"{s.state.value}-{n}" for n in absent) or s.state.value


def _census_in_force(year: int, record: Record) -> int:
    apportioned = sorted({a.census for a in record.apportionment if a.seats is not None})
    usable = [c for c in apportioned if c + 2 <= year]
    if not usable:
        raise RuleInputError(f"{year}: no apportionment in force in the record")
    return usable[-1]


def _house_size(e: Election, record: Record, options: ReformOptions) -> Allocation:
    if options.house_size is None:
        raise RuleInputError("house-size: give the number of seats (e.g. --seats 600)")
    census = _census_in_force(e.year, record)
    if any(f.population is None for f in record.census(census)):
        raise RuleInputError(
            f"{e.year}: house-size re-apportions from the {census} census, whose apportionment "
            "populations are not in the record"
        )
    seats = apportion_census(census, record, seats=options.house_size).seats
    admitted = seats_in_force(e.year, record.apportionment, record.seat_changes)
    new = electors_for(e.year, seats)
    electors: dict[State, dict[str, int]] = {}
    notes = [f"{options.house_size} seats apportioned from the {census} census"]
    for s in e.states:
        n = new.get(s.state)
        if n is None:  # admitted after the census: the seats of its admission act
            n = admitted.get(s.state, s.electors - 2) + 2
            notes.append(f"{s.state} not in the {census} census: {n} electors as admitted")
        if not s.electors:
            continue
        if s.method is Method.DISTRICT and n == s.electors and not s.district_votes:
            electors[s.state] = _as_cast(s)
            notes.append(f"{s.state}: electors unchanged, kept as cast by district")
        elif _returns(s):
            if s.method is Method.DISTRICT:
                notes.append(f"{s.state}: {n} electors, winner take all (no district returns)")
            electors[s.state] = {plurality_winner(_returns(s), s.state): n}
        elif n == s.electors:
            electors[s.state] = _as_cast(s)
            notes.append(f"{s.state}: no returns, electors unchanged, kept as cast")
        else:
            raise RuleInputError(
                f"{e.year}: {s.state} has no returns in the record, so its {n} electors "
                "cannot be allocated"
            )
    return Allocation(
        electors=electors,
        parameters={"house_size": options.house_size, "census": census},
        notes=tuple(notes),
    )


def _npvic(e: Election, record: Record, options: ReformOptions) -> Allocation:
    if not e.popular_votes:
        raise RuleInputError(f"{e.year}: the record has no popular returns, so no national winner")
    winner = plurality_winner(e.popular_votes, f"the national returns of {e.year}")
    status = compact_status(
        e.year, {s.state: s.electors for s in e.states}, load_members(record.directory)
    )
    applies = status.is_in_force or options.assume_in_force
    electors = {
        s.state: {winner: s.electors} if applies and s.state in status.members else _as_cast(s)
        for s in e.states
        if s.electors
    }
    verdict = "in force" if status.is_in_force else "not in force"
    note = (
        f"on {status.on}: {len(status.members)} members with {status.member_electors} "
        f"electors, {status.needed} needed: {verdict}"
    )
    return Allocation(
        electors=electors,
        parameters={
            "members": ", ".join(s.value for s in status.members) or None,
            "member_electors": status.member_electors,
            "needed": status.needed,
            "in_force": status.is_in_force,
            "applied": applies,
            "national_winner": winner,
        },
        notes=(note, "non-members' electors as cast"),
    )


REFORMS: Final[Mapping[str, Reform]] = {
    "npvic": _npvic,
    "proportional": _proportional,
    "district": _district,
    "house-size": _house_size,
}
"""Reforms by stable id."""


def _parties(record: Record, year: int) -> dict[str, str]:
    """Each candidate's party, as most of the candidate's returns give it."""
    seen: dict[str, Counter[str]] = {}
    for p in record.popular_votes_in(year):
        if p.party:
            seen.setdefault(p.candidate, Counter())[p.party] += p.votes
    return {c: parties.most_common(1)[0][0] for c, parties in seen.items()}


def _contingent(year: int, count: Count, record: Record) -> tuple[ContingentResult | None, str]:
    """The House's choice among the three highest (12th Amendment), each delegation voting its
    majority party's candidate, or, where the record labels the House by faction
    (:data:`~electoral.rules.contingent.FACTION_CANDIDATES`: 1824, whose four candidates were all
    Democratic-Republicans), the candidate most of its members supported; ``None`` (and why)
    where the record lacks the delegations, where one of the three highest is a candidate no
    faction supported, or where two of the three ran for the same party, so that voting by
    party cannot choose between them. As in :mod:`electoral.analysis.defection`, the outcome is
    then unknown."""
    candidates = top(count.votes, 3)
    congress = congress_for(year)
    delegations = record.delegations(congress)
    among = (
        f"no majority: the House of the {ordinal(congress)} Congress would choose among "
        f"{', '.join(candidates)}"
    )
    if not delegations:
        return None, f"{among}; the record has no delegations for that Congress"
    ballot, unknown = house_ballot(delegations, congress, candidates, _parties(record, year))
    if ballot is None:
        return None, f"{among}; unknown: {unknown}"
    result = house_election([ballot], candidates, len(ballot))
    chosen = result.elected or "no one on the first ballot"
    how = (
        "each delegation voting with the faction of most of its members, as in "
        f"{record.election(year).count_date.year}"
        if congress in FACTION_CANDIDATES
        else "each delegation voting its majority party's candidate"
    )
    return (
        result,
        f"no majority: the House of the {ordinal(congress)} Congress chooses {chosen} ({how})",
    )


def reform(
    year: int,
    method: str,
    record: Record | None = None,
    options: ReformOptions | None = None,
) -> ReformResult:
    """Re-run the election of ``year`` under the reform ``method`` (an id of :data:`REFORMS`).

    Raises:
        UnknownRuleError: an unknown reform or rounding rule.
        UnknownElectionError: no election that year.
        RuleInputError: the record lacks what the reform needs (electors by state, returns,
            district returns, populations), or a parameter is missing.
    """
    if method not in REFORMS:
        raise UnknownRuleError("reform", method, list(REFORMS))
    record = record or default_record()
    e = election(year, record)
    if not any(s.electors for s in e.states):
        raise RuleInputError(f"{year}: the record has no electors by state for this election")
    allocation = REFORMS[method](e, record, options or ReformOptions())
    totals: Counter[str] = Counter()
    for slate in allocation.electors.values():
        totals.update(slate)
    appointed = sum(sum(slate.values()) for slate in allocation.electors.values())
    count = count_votes(Office.PRESIDENT, rank(totals), appointed)
    notes = list(allocation.notes)
    contingent = None
    if count.winner is None:
        contingent, why = _contingent(year, count, record)
        notes.append(why)
    return ReformResult(
        year=year,
        method=method,
        parameters=allocation.parameters,
        electors=allocation.electors,
        count=count,
        actual=e.electoral_votes,
        actual_president=e.president,
        contingent=contingent,
        notes=tuple(notes),
    )
