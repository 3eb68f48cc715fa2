"""What the pages and the API show of an election: its places on the map, colours, totals, facts
and their sources. Pure functions of the record; the routes render them."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from electoral.analysis.defection import DefectionAnalysis, defection
from electoral.data import Record, default_record
from electoral.elections import Election, StateResult, election
from electoral.history import Replay, replay
from electoral.model import Law, Method, Office
from electoral.rules.contingent import ContingentResult
from electoral.rules.count import rank
from electoral.states import STATE_INFO, State
from electoral.web.mapdata import DISTRICT_UNITS
from electoral.web.palette import BLANK, GREY, Family, assign_families, shade_for, text_on

__all__ = [
    "DEFECTION_LEGEND",
    "DIVIDED",
    "CandidateView",
    "ContingentView",
    "MapUnit",
    "ElectionView",
    "FaithlessView",
    "StateRow",
    "UnitView",
    "defection_of",
    "defection_units",
    "district_mode",
    "election_view",
    "party_of",
    "slug",
    "units_of",
]


def slug(name: str) -> str:
    """A name as it appears in ids and test ids.

    >>> slug("J. D. Vance")
    'j-d-vance'
    """
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "none"


DIVIDED: Final = GREY.middle
"""Fill of a state whose electors divided evenly between two tickets before 1804 (Maryland
1800), so that no one carried it (:func:`electoral.elections.carried_by`)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CandidateView:
    name: str
    slug: str
    party: str
    family: Family
    electoral_votes: int
    popular_votes: int | None
    popular_share: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class UnitView:
    """A place that casts electoral votes as one: a state, or a district of Maine or Nebraska
    (the state's unit is then its two electors at large)."""

    code: str
    state: State
    name: str
    electors: int
    votes: dict[str, int]
    """The unit's electoral votes for president as cast, most first."""
    winner: str | None
    margin: float | None
    """The winner's popular-vote margin in points (statewide returns only)."""
    fill: str
    text: str
    is_district: bool
    took_part: bool
    note: str
    is_two_votes: bool = False
    """Before 1804: ``votes`` are the electors' two votes each, ``winner`` the candidate the
    state's electors backed for president (:func:`electoral.elections.carried_by`)."""

    @property
    def accessible_name(self) -> str:
        if not self.took_part:
            return f"{self.name}: {self.note}"
        votes = "; ".join(f"{c} {n}" for c, n in self.votes.items()) or "no votes cast"
        margin = f", margin {self.margin:.1f} points" if self.margin is not None else ""
        plural = "s" if self.electors != 1 else ""
        text = (
            f"{self.name}: {self.electors} elector{plural}"
            if self.is_two_votes
            else (f"{self.name}: {self.electors} electoral vote{plural}")
        )
        carried = f", carried by {self.winner}" if self.is_two_votes and self.winner else ""
        note = f", {self.note}" if self.note else ""
        return f"{text}, {votes}{carried}{margin}{note}"


@dataclass(frozen=True, slots=True, kw_only=True)
class StateRow:
    """One line of the per-state table."""

    state: State
    name: str
    electors: int
    method: Method
    popular_votes: dict[str, int]
    popular_total: int
    margin: float | None
    electoral_votes: dict[str, int]
    vice_president_votes: dict[str, int]
    districts: dict[str, str | None]
    notes: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class FaithlessView:
    state: State
    office: Office
    electors: int
    elector: str
    pledged_to: str | None
    voted_for: str | None
    reason: str
    outcome: str
    law: Law
    citation: str
    notes: str
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ContingentView:
    chamber: str
    office: Office
    candidates: tuple[str, ...]
    members: int
    needed: int
    ballots: int
    final_votes: dict[str, int]
    not_voting: int
    elected: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ElectionView:
    """Everything the election page and ``/api/elections/{year}`` show."""

    election: Election
    replay: Replay
    candidates: tuple[CandidateView, ...]
    units: tuple[UnitView, ...]
    rows: tuple[StateRow, ...]
    faithless: tuple[FaithlessView, ...]
    contingent: tuple[ContingentView, ...]
    sources: dict[str, tuple[str, ...]]
    """Each source key and the facts it backs."""
    popular_total: int

    @property
    def year(self) -> int:
        return self.election.year

    @property
    def divided_fill(self) -> str:
        return DIVIDED

    @property
    def divided(self) -> tuple[str, ...]:
        """The states whose electors divided evenly between two tickets (before 1804)."""
        return tuple(STATE_INFO[s.state].name for s in self.election.states if s.is_divided)

    @property
    def units_by_code(self) -> dict[str, UnitView]:
        return {u.code: u for u in self.units}


def party_of(record: Record, year: int) -> dict[str, str]:
    """Each candidate's party, from the returns and the election's facts."""
    facts = record.election(year)
    parties = {p.candidate: p.party for p in record.popular_votes_in(year) if p.party}
    parties.setdefault(facts.president, facts.president_party)
    parties.setdefault(facts.vice_president, facts.vice_president_party)
    return parties


def district_mode(result: StateResult) -> bool:
    """Whether the state chose electors by district in the way the map draws (two at large and
    one per congressional district: Maine since 1972, Nebraska since 1992)."""
    districts = DISTRICT_UNITS.get(result.state)
    return (
        districts is not None
        and result.method is Method.DISTRICT
        and result.electors == 2 + len(districts)
    )


_DISTRICT_NOTE = re.compile(r"((?:[A-Z]{2}-\d(?:, | and )?)+) to ([^(,]+?) \(\d+\)")


def _district_winners(result: StateResult) -> tuple[str | None, dict[str, str | None]]:
    """Who won the electors at large and each district.

    The record keeps a district split in the appointment's note ("statewide and ME-1 to X (3),
    ME-2 to Y (1)"); the note is read and checked against the state's electoral votes. Without a
    readable note, all go to the state's winner if the votes were not split, else the at-large
    electors to the winner and the districts in order to the candidates in vote order.
    """
    codes = DISTRICT_UNITS[result.state]
    named: dict[str, str] = {}
    for group, candidate in _DISTRICT_NOTE.findall(result.notes):
        for code in re.findall(r"[A-Z]{2}-\d", group):
            named[code] = candidate.strip()
    at_large = result.popular_winner or result.winner
    winners: dict[str, str | None] = {c: named.get(c) for c in codes}
    counted = rank(_tally(at_large, winners))
    if all(winners.values()) and counted == result.electoral_votes:
        return at_large, winners
    pool = [c for c, n in result.electoral_votes.items() for _ in range(n)]
    leader = result.winner
    if leader is not None and pool.count(leader) >= 2:
        pool.remove(leader)
        pool.remove(leader)
    else:
        leader, pool = None, pool[2:]
    return leader, {code: (pool[i] if i < len(pool) else None) for i, code in enumerate(codes)}


def _tally(at_large: str | None, districts: Mapping[str, str | None]) -> dict[str, int]:
    tally: dict[str, int] = {}
    if at_large:
        tally[at_large] = 2
    for winner in districts.values():
        if winner:
            tally[winner] = tally.get(winner, 0) + 1
    return tally


def _margin(result: StateResult) -> float | None:
    """The popular-vote winner's lead in points, if that winner also took the electors."""
    total = sum(result.popular_votes.values())
    if not total or result.popular_winner is None or result.popular_winner != result.winner:
        return None
    first, *rest = result.popular_votes.values()
    return round(100 * (first - (rest[0] if rest else 0)) / total, 2)


def _unit(
    code: str,
    result: StateResult,
    name: str,
    electors: int,
    votes: dict[str, int],
    margin: float | None,
    families: Mapping[str, Family],
    *,
    winner: str | None,
    is_two_votes: bool = False,
) -> UnitView:
    family = families.get(winner) if winner else None
    divided = winner is None and bool(votes)
    fill = family.fill(shade_for(margin)) if family else (DIVIDED if divided else BLANK)
    return UnitView(
        code=code,
        state=result.state,
        name=name,
        electors=electors,
        votes=votes,
        winner=winner,
        margin=margin,
        fill=fill,
        text=text_on(fill),
        is_district=code != result.state.value,
        took_part=True,
        note="divided evenly between two tickets" if divided else "",
        is_two_votes=is_two_votes,
    )


def units_of(e: Election, families: Mapping[str, Family]) -> tuple[UnitView, ...]:
    """Every place on the map in ``e``: each state (blank where it took no part), and the
    districts of Maine and Nebraska where they chose electors."""
    units: list[UnitView] = []
    results = {s.state: s for s in e.states}
    for state in State:
        name = STATE_INFO[state].name
        result = results.get(state)
        if result is None or result.electors == 0 or result.method is Method.NONE:
            note = _absent(state, e, result)
            units.append(_blank(state, name, note))
            continue
        if not district_mode(result):
            margin = _margin(result)
            units.append(
                _unit(state.value, result, name, result.electors, result.electoral_votes,
                      margin, families, winner=result.winner,
                      is_two_votes=e.facts.has_two_votes_per_elector)
            )  # fmt: skip
            continue
        at_large, districts = _district_winners(result)
        units.append(
            _unit(state.value, result, f"{name} at large", 2,
                  {at_large: 2} if at_large else {}, _margin(result), families, winner=at_large)
        )  # fmt: skip
        for code, winner in districts.items():
            label = f"{name}'s district {code[-1]}"
            units.append(
                _unit(code, result, label, 1, {winner: 1} if winner else {}, None, families,
                      winner=winner)
            )  # fmt: skip
    return tuple(units)


def _absent(state: State, e: Election, result: StateResult | None) -> str:
    if result is not None:
        return result.notes or "appointed no electors"
    if state is State.DC:
        return "no electors before 1964 (23rd Amendment)"
    if STATE_INFO[state].admitted > e.facts.meeting_date:
        return f"not yet a state in {e.year}"
    return "took no part"


def _blank(state: State, name: str, note: str) -> UnitView:
    return UnitView(
        code=state.value, state=state, name=name, electors=0, votes={}, winner=None,
        margin=None, fill=BLANK, text=text_on(BLANK), is_district=False, took_part=False,
        note=note,
    )  # fmt: skip


def _sources(record: Record, year: int) -> dict[str, dict[State, set[str]]]:
    by_state: dict[str, dict[State, set[str]]] = {}

    def add(key: str, state: State, what: str) -> None:
        by_state.setdefault(key, {}).setdefault(state, set()).add(what)

    for a in record.appointments_in(year):
        add(a.source, a.state, "electors appointed")
    for v in record.votes_in(year):
        add(v.source, v.state, "electoral votes")
    for p in record.popular_votes_in(year):
        add(p.source, p.state, "popular vote")
    return by_state


def _rows(e: Election, record: Record) -> tuple[StateRow, ...]:
    state_sources: dict[State, set[str]] = {}
    for key, states in _sources(record, e.year).items():
        for state in states:
            state_sources.setdefault(state, set()).add(key)
    rows = []
    for s in e.states:
        districts: dict[str, str | None] = {}
        if district_mode(s):
            at_large, districts = _district_winners(s)
            districts = {"at large": at_large, **districts}
        rows.append(
            StateRow(
                state=s.state,
                name=STATE_INFO[s.state].name,
                electors=s.electors,
                method=s.method,
                popular_votes=s.popular_votes,
                popular_total=sum(s.popular_votes.values()),
                margin=_margin(s),
                electoral_votes=s.electoral_votes,
                vice_president_votes=s.vice_president_votes,
                districts=districts,
                notes=s.notes,
                sources=tuple(sorted(state_sources.get(s.state, ()))),
            )
        )
    return tuple(sorted(rows, key=lambda r: r.name))


def _faithless(e: Election, record: Record) -> tuple[FaithlessView, ...]:
    views = []
    for f in e.faithless:
        law = record.law_in_force(f.state, e.year)
        views.append(
            FaithlessView(
                state=f.state,
                office=f.office,
                electors=f.electors,
                elector=f.elector,
                pledged_to=f.pledged_to,
                voted_for=f.voted_for,
                reason=f.reason.value,
                outcome=f.outcome.value,
                law=law.law if law else Law.NONE,
                citation=law.citation if law else "",
                notes=f.notes,
                source=f.source,
            )  # fmt: skip
        )
    return tuple(views)


def _contingent(r: Replay, record: Record) -> tuple[ContingentView, ...]:
    views = []
    rows = record.contingent_ballots_in(r.year)
    for c in (r.contingent, r.vice_president_contingent):
        if c is None or not c.ballots:
            continue
        views.append(_contingent_view(c, tuple(sorted({b.source for b in rows
                                                       if b.chamber is c.chamber}))))  # fmt: skip
    return tuple(views)


def _contingent_view(c: ContingentResult, sources: tuple[str, ...]) -> ContingentView:
    last = c.ballots[-1]
    return ContingentView(
        chamber=c.chamber.value,
        office=c.office,
        candidates=c.candidates,
        members=c.members,
        needed=c.needed,
        ballots=len(c.ballots),
        final_votes=last.votes,
        not_voting=last.not_voting,
        elected=c.elected,
        sources=sources,
    )


def _candidates(e: Election, parties: Mapping[str, str]) -> tuple[CandidateView, ...]:
    names = list(e.electoral_votes) + [c for c in e.popular_votes if c not in e.electoral_votes]
    names = [c for c in names if e.electoral_votes.get(c) or c in list(e.popular_votes)[:3]]
    families = assign_families(names, parties)
    total = sum(e.popular_votes.values())
    return tuple(
        CandidateView(
            name=c,
            slug=slug(c),
            party=parties.get(c, ""),
            family=families[c],
            electoral_votes=e.electoral_votes.get(c, 0),
            popular_votes=e.popular_votes.get(c),
            popular_share=(
                round(100 * e.popular_votes[c] / total, 2) if c in e.popular_votes else None
            ),
        )
        for c in names
    )


def _all_sources(e: Election, record: Record) -> dict[str, tuple[str, ...]]:
    backs: dict[str, set[str]] = {e.facts.source: {"the election's dates, electors and result"}}
    for key, states in _sources(record, e.year).items():
        facts = sorted({what for whats in states.values() for what in whats})
        places = f"{len(states)} state{'s' if len(states) != 1 else ''}"
        backs.setdefault(key, set()).add(f"{', '.join(facts)} of {places}")
    for t in record.tallies_in(e.year):
        backs.setdefault(t.source, set()).add("the totals declared in the joint session")
    for f in e.faithless:
        backs.setdefault(f.source, set()).add(f"the deviating electors of {f.state}")
    for c in record.contingent_ballots_in(e.year):
        backs.setdefault(c.source, set()).add(f"the {c.chamber.value}'s contingent ballots")
    for d in record.disputes_in(e.year):
        place = d.state.value if d.state else "the count"
        backs.setdefault(d.source, set()).add(f"the dispute over {place} ({d.kind.value})")
    return {k: tuple(sorted(v)) for k, v in sorted(backs.items())}


def build_election_view(year: int, record: Record) -> ElectionView:
    """The election of ``year`` as the page and the API show it.

    Raises:
        UnknownElectionError: no presidential election in that year.
    """
    e = election(year, record)
    parties = party_of(record, year)
    candidates = _candidates(e, parties)
    families = {c.name: c.family for c in candidates}
    rows = _rows(e, record)
    r = replay(year, record)
    return ElectionView(
        election=e,
        replay=r,
        candidates=candidates,
        units=units_of(e, families),
        rows=rows,
        faithless=_faithless(e, record),
        contingent=_contingent(r, record),
        sources=_all_sources(e, record),
        popular_total=sum(e.popular_votes.values()),
    )


@functools.lru_cache(maxsize=128)
def election_view(year: int) -> ElectionView:
    """The bundled record's election of ``year``, built once per process."""
    return build_election_view(year, default_record())


DEFECTION_LEGEND: Final[tuple[tuple[str, str], ...]] = (
    ("#2a9d7c", "free: no law binds the electors"),
    (
        "#a9d8c8",
        "pledge only: no sanction stated (the vote counts by the law's text; "
        "enforceable since Chiafalo v. Washington, 2020)",
    ),
    ("#efd98f", "bound by a penalty (the vote still counts)"),
    ("#b56aa3", "bound: a defecting vote is void and the elector replaced"),
    (BLANK, "the winner has no electors here"),
)
"""Fills of the defection map, by the class of the state's law of the year (no law, pledge
only, penalty, cancel-replace)."""


@functools.lru_cache(maxsize=64)
def defection_of(year: int) -> DefectionAnalysis:
    """The defection question for ``year`` on the bundled record, answered once per process.

    Raises:
        UnknownElectionError: no election that year.
        RuleInputError: before 1804, or no votes by state in the record.
    """
    return defection(year, record=default_record())


def _law_fill(law: Law) -> tuple[str, str]:
    return DEFECTION_LEGEND[list(Law).index(law)]


def defection_units(d: DefectionAnalysis) -> list[MapUnit]:
    """Every state on the defection map: the winner's electors there and the law they face."""
    by_state = {s.state: s for s in d.states}
    units = []
    for state in State:
        name = STATE_INFO[state].name
        s = by_state.get(state)
        if s is None:
            fill, meaning = DEFECTION_LEGEND[-1]
            electors, label = 0, f"{name}: {meaning}"
        else:
            fill, meaning = _law_fill(s.law_class)
            electors = s.electors
            law = f"law: {s.law.value}" if s.law else "no law in the record"
            label = f"{name}: {s.electors} of {d.winner}'s electors, {meaning} ({law})"
        units.append(
            MapUnit(
                code=state.value,
                state=state,
                name=name,
                electors=electors,
                fill=fill,
                text=text_on(fill),
                label=label,
                present=s is not None,
                is_district=False,
            )  # fmt: skip
        )
    return units


@dataclass(frozen=True, slots=True, kw_only=True)
class MapUnit:
    """A place (state or district) as the map templates draw it: the election, builder,
    defection and petition maps all hand the templates these."""

    code: str
    state: State
    name: str
    electors: int
    fill: str
    text: str
    label: str
    present: bool
    is_district: bool
