"""Could the electors overturn the result? Defection, from the record and the law of the year.

The president needs "a majority of the whole number of Electors appointed" (12th Amendment).
The winner's pledged electors less that majority, plus one, must defect to deny the majority;
to elect the runner-up, enough must vote for the runner-up to bring the runner-up to the
majority. Whether an elector may defect is for the state's law of that year (Ray v. Blair, 343
U.S. 214 (1952); Chiafalo v. Washington, 591 U.S. 578 (2020)), in four classes
(:mod:`electoral.analysis.defection_law`): with no law the elector is free and the vote counts;
under a pledge without a stated sanction the vote counts by the law's text, but the pledge is
enforceable since Chiafalo (and in 2016 Maine and Colorado voided such votes anyway); under a
penalty the vote counts but the elector is punished; under cancel-and-replace laws (Uniform
Faithful Presidential Electors Act) the vote is void
(:func:`electoral.rules.ballots.effect_of_law`).
"Free by law" means the first class only. A state the law table has no entry for in that year
counts as having no law. What Congress may then do with the defectors' votes is the act of the
count of that year (:func:`electoral.analysis.defection_law.congress_powers`).

With no majority, the House chooses among the three highest, one vote per state delegation,
a majority of the states needed, and the Senate chooses the vice president between the two
highest by a majority of the whole number (12th Amendment; since the 20th Amendment the new
Congress, :func:`electoral.rules.contingent.congress_for`). The outlook assumes every member
votes for the candidate of the member's party, and that defectors desert the winner's ticket on
both ballots (for the running mate of the candidate they vote for, else of the runner-up). Where
the record labels a House by faction, not by party (the 18th Congress, which chose in 1825:
:data:`electoral.rules.contingent.FACTION_CANDIDATES`), each member votes for the candidate of
the member's faction instead (:func:`electoral.rules.contingent.faction_votes`); the factions say
nothing of a candidate none of them supported (Clay in 1825), and the outcome is then unknown.

Where the record has no vice-presidential ballots by state (1824, ``PRESIDENT_ONLY``), the
vice-presidential count is the one declared in Congress, and it stands in every scenario: the
running mates, read from those ballots, are unknown, so the defectors' second ballot cannot be
moved. The winner is the candidate with the most pledged electors, with or without a majority
(1824: Andrew Jackson, 99 of 261; no defector is then needed to deny him one).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from electoral.analysis._common import (
    national_pledged,
    party_of,
    pledged_electors,
    running_mates,
)
from electoral.analysis.defection_law import (
    CLASS_NAMES,
    CongressPowers,
    congress_powers,
    doctrine,
    enforced_beyond_text,
    free_by_definition,
)
from electoral.data import Record, default_record
from electoral.errors import RuleInputError
from electoral.model import ChosenBy, Law, Office
from electoral.rules.ballots import Defection, cast_ballots
from electoral.rules.contingent import (
    FACTION_CANDIDATES,
    congress_for,
    faction_votes,
    house_ballot,
    house_election,
    ordinal,
    senate_election,
    senate_votes,
    shared_party,
)
from electoral.rules.count import count_votes, rank, top
from electoral.states import State, states_in_union

__all__ = [
    "ContingentOutlook",
    "DefectionAnalysis",
    "ElectorsOfState",
    "WhatIf",
    "defection",
    "ordinal",
]

TWELFTH_AMENDMENT_FIRST_ELECTION = 1804


@dataclass(frozen=True, slots=True, kw_only=True)
class ElectorsOfState:
    """The winner's pledged electors in one state, and whether the law left them free."""

    state: State
    electors: int
    law: Law | None
    """The binding law in force that year (``None``: none in the record)."""
    citation: str

    @property
    def law_class(self) -> Law:
        """The class of the state's law: no law (also where the record has none), pledge only,
        penalty, or cancel-replace."""
        return self.law or Law.NONE

    @property
    def is_free(self) -> bool:
        """Free by law: no law at all binds the elector."""
        return self.law_class is Law.NONE

    @property
    def law_name(self) -> str:
        """The class as tables and pages write it ("no law", "pledge only", ...)."""
        return CLASS_NAMES[self.law_class]


@dataclass(frozen=True, slots=True, kw_only=True)
class ContingentOutlook:
    """What Congress would do with no majority of electors, voting by party (by faction where
    the record labels the House so)."""

    congress: int
    delegations: dict[str, int]
    """State delegations each party holds a majority of; for a House labelled by faction, the
    delegations a majority of whose members supported each candidate."""
    divided: int
    """Delegations with no such majority (they cast no vote)."""
    president: str | None
    vice_president: str | None
    president_chosen_by: ChosenBy | None
    vice_president_chosen_by: ChosenBy | None
    note: str


@dataclass(frozen=True, slots=True, kw_only=True)
class WhatIf:
    """``defectors`` of the winner's electors vote for ``to``: the count and what follows."""

    defectors: int
    to: str
    voided: int
    """Defections void under the state's law (the replacement votes as pledged)."""
    votes: dict[str, int]
    vice_president_votes: dict[str, int]
    outcome: ContingentOutlook


@dataclass(frozen=True, slots=True, kw_only=True)
class DefectionAnalysis:
    """Could the winner's electors overturn an election?"""

    year: int
    winner: str
    runner_up: str
    to: str
    pledged: int
    """The winner's pledged electors."""
    runner_up_pledged: int
    majority: int
    deny_majority: int
    """Defections that leave the winner short of a majority."""
    elect_runner_up: int
    """Defections to the runner-up that elect the runner-up."""
    elect_to: int
    """Defections to ``to`` that elect ``to``."""
    states: tuple[ElectorsOfState, ...]
    """The winner's electors by state (within the states asked about)."""
    contingent: ContingentOutlook
    """What follows when exactly ``deny_majority`` electors defect to ``to``."""
    what_if: WhatIf | None
    doctrine: tuple[str, ...] = ()
    """What the courts had decided for each class of law, citing the case that decides it."""
    enforced: tuple[str, ...] = ()
    """Faithless votes of that year voided although the law's text had them count."""
    congress: CongressPowers | None = None
    """What Congress may do with the ``deny_majority`` defectors' votes under that year's act."""

    def states_of(self, law: Law) -> tuple[str, ...]:
        """Postal codes of the states whose law of the year is of class ``law``."""
        return tuple(s.state.value for s in self.states if s.law_class is law)

    def electors_of(self, law: Law) -> int:
        return sum(s.electors for s in self.states if s.law_class is law)

    @property
    def class_rows(self) -> tuple[tuple[str, int, tuple[str, ...]], ...]:
        """Each class of law, in the order of :class:`Law`: its name, electors and states."""
        return tuple((CLASS_NAMES[law], self.electors_of(law), self.states_of(law)) for law in Law)

    @property
    def classes(self) -> dict[Law, tuple[State, ...]]:
        """The states of each class of law, in the order of :class:`Law`."""
        return {law: tuple(s.state for s in self.states if s.law_class is law) for law in Law}

    @property
    def free_by_definition(self) -> dict[str, int]:
        """How many of the states "let electors vote freely", by each definition."""
        return free_by_definition(self.classes)

    @property
    def free_electors(self) -> int:
        return sum(s.electors for s in self.states if s.is_free)

    @property
    def free_states(self) -> tuple[str, ...]:
        return tuple(s.state.value for s in self.states if s.is_free)


def _electors_of_states(
    record: Record, year: int, pledged: Mapping[State, Mapping[str, int]], winner: str
) -> tuple[ElectorsOfState, ...]:
    found = []
    for state, slate in pledged.items():
        if not slate.get(winner):
            continue
        law = record.law_in_force(state, year)
        found.append(
            ElectorsOfState(
                state=state,
                electors=slate[winner],
                law=law.law if law else None,
                citation=law.citation if law else "",
            )
        )
    return tuple(found)


def _pledged_totals(record: Record, year: int, office: Office) -> dict[str, int]:
    """Pledged electors by candidate for ``office``; the totals declared at the count where the
    record has no ballots by state for the office (1824's vice president)."""
    if record.has_votes_by_state(year, office):
        return national_pledged(pledged_electors(record, year, office))
    return rank({t.candidate: t.votes for t in record.tallies_in(year) if t.office is office})


def _house_delegations(record: Record, congress: int) -> tuple[dict[str, int], int]:
    """The delegations each party holds a majority of (each candidate, for a House labelled by
    faction), and the divided ones."""
    factions = FACTION_CANDIDATES.get(congress)
    if factions is not None:
        everyone = sorted(set(factions.values()))
        votes = faction_votes(record.delegations(congress), factions, everyone)
        by_candidate = Counter(c for c in votes.values() if c is not None)
        return dict(by_candidate.most_common()), sum(1 for c in votes.values() if c is None)
    members: dict[State, Counter[str]] = {}
    for d in record.delegations(congress):
        members.setdefault(d.state, Counter())[d.party] += d.members
    held: Counter[str] = Counter()
    divided = 0
    for parties in members.values():
        party, n = parties.most_common(1)[0]
        if 2 * n > sum(parties.values()):
            held[party] += 1
        else:
            divided += 1
    return dict(held.most_common()), divided


def _outlook(
    record: Record,
    year: int,
    votes: Mapping[str, int],
    vp_votes: Mapping[str, int],
    parties: tuple[Mapping[str, str], Mapping[str, str]],
) -> ContingentOutlook:
    """Who is elected from these electoral votes: by the electors, else by Congress voting by
    party, or by faction where the record labels the House so (12th Amendment)."""
    appointed = record.election(year).electors_appointed
    count = count_votes(Office.PRESIDENT, votes, appointed)
    vp_count = count_votes(Office.VICE_PRESIDENT, vp_votes, appointed)
    congress = congress_for(year)
    delegations, divided = _house_delegations(record, congress)
    states = states_in_union(record.election(year).count_date)
    president, vice = count.winner, vp_count.winner
    notes = []
    if president is None:
        highest = top(count.votes, 3)
        if not delegations and not divided:
            notes.append(f"unknown: no delegation data for the {ordinal(congress)} Congress")
        else:
            ballot, unknown = house_ballot(
                record.delegations(congress), congress, highest, parties[0]
            )
            if ballot is None:
                notes.append(f"unknown: {unknown}")
            else:
                president = house_election([ballot], highest, states).elected
    if vice is None:
        senate = record.senate(congress)
        two = top(vp_count.votes, 2)
        shared = shared_party(two, parties[1])
        if not senate:
            notes.append(f"unknown: no Senate data for the {ordinal(congress)} Congress")
        elif shared is not None:
            notes.append(f"unknown: voting by party cannot choose between two {shared} candidates")
        else:
            chosen = senate_votes(senate, parties[1])
            vice = senate_election(chosen, two, 2 * states).elected
    return ContingentOutlook(
        congress=congress,
        delegations=delegations,
        divided=divided,
        president=president,
        vice_president=vice,
        president_chosen_by=_by(count.winner, president, ChosenBy.HOUSE),
        vice_president_chosen_by=_by(vp_count.winner, vice, ChosenBy.SENATE),
        note="; ".join(notes),
    )


def _by(by_electors: str | None, elected: str | None, chamber: ChosenBy) -> ChosenBy | None:
    if by_electors is not None:
        return ChosenBy.ELECTORS
    return chamber if elected is not None else None


def _moved(votes: Mapping[str, int], source: str, to: str, n: int) -> dict[str, int]:
    moved = dict(votes)
    moved[source] = moved.get(source, 0) - n
    moved[to] = moved.get(to, 0) + n
    return rank(moved)


def _what_if(
    record: Record,
    year: int,
    pool: tuple[ElectorsOfState, ...],
    n: int,
    tickets: tuple[tuple[str, str | None], tuple[str, str | None]],
    parties: tuple[Mapping[str, str], Mapping[str, str]],
) -> WhatIf:
    """``n`` of the winner's electors in ``pool`` defect, free states first, then states with a
    pledge only, then with a penalty, then states whose law voids the vote; each state's law
    decides what stands."""
    available = sum(s.electors for s in pool)
    if not 0 <= n <= available:
        raise RuleInputError(
            f"defectors {n}: the winner has {available} pledged electors in the states asked "
            f"about in {year}; expected 0 to {available}"
        )
    rank_of = {law: i for i, law in enumerate(Law)}
    order = sorted(pool, key=lambda s: (rank_of[s.law_class], s.state))
    share: list[tuple[ElectorsOfState, int]] = []
    left = n
    for s in order:
        share.append((s, min(left, s.electors)))
        left -= share[-1][1]
    laws = {s.state: s.law for s in pool if s.law is not None}
    result: dict[Office, dict[str, int]] = {}
    for office, (source, target) in zip(Office, zip(*tickets, strict=True), strict=True):
        if not record.has_votes_by_state(year, office):
            result[office] = _pledged_totals(record, year, office)  # declared; cannot move
            continue
        slates: dict[State, dict[str | None, int]] = {
            state: dict(slate.items())
            for state, slate in pledged_electors(record, year, office).items()
        }
        defections = [
            Defection(state=s.state, office=office, electors=k, pledged_to=source, voted_for=target)
            for s, k in share
            if k and source is not None
        ]
        result[office] = _national(cast_ballots(slates, defections, laws).values())
    president, vice = result[Office.PRESIDENT], result[Office.VICE_PRESIDENT]
    return WhatIf(
        defectors=n,
        to=tickets[1][0],
        voided=sum(k for s, k in share if s.law is Law.CANCEL_REPLACE),
        votes=president,
        vice_president_votes=vice,
        outcome=_outlook(record, year, president, vice, parties),
    )


def _national(slates: Iterable[Mapping[str | None, int]]) -> dict[str, int]:
    total: Counter[str] = Counter()
    for slate in slates:
        total.update({c: n for c, n in slate.items() if c is not None})
    return rank(total)


def defection(
    year: int,
    *,
    to: str | None = None,
    states: Iterable[State] | None = None,
    defectors: int | None = None,
    record: Record | None = None,
) -> DefectionAnalysis:
    """How many of the winner's electors must defect to deny a majority or elect ``to``
    (default: the runner-up), which of them the law of ``year`` left free, and what Congress
    would do; with ``defectors``, the count and outcome when that many defect.

    Raises:
        UnknownElectionError: no election in ``year``.
        RuleInputError: a year before the 12th Amendment or without presidential votes by
            state; ``to`` is the winner; ``defectors`` out of range.
    """
    record = record or default_record()
    if record.election(year).year < TWELFTH_AMENDMENT_FIRST_ELECTION:
        raise RuleInputError(
            f"defection {year}: before the 12th Amendment each elector cast two votes for "
            f"president; expected a year from {TWELFTH_AMENDMENT_FIRST_ELECTION}"
        )
    pledged = pledged_electors(record, year)
    totals = national_pledged(pledged)
    if len(totals) < 2:
        raise RuleInputError(
            f"defection {year}: only {next(iter(totals), 'no one')} had pledged electors; "
            "expected a runner-up"
        )
    (winner, w_pledged), (runner_up, r_pledged) = list(totals.items())[:2]
    target = to or runner_up
    if target == winner:
        raise RuleInputError(f"--to {target!r}: that is the winner of {year}; expected another")
    majority = record.election(year).majority
    wanted = set(states) if states is not None else None
    pool = tuple(
        s
        for s in _electors_of_states(record, year, pledged, winner)
        if wanted is None or s.state in wanted
    )
    mates = running_mates(record, year)
    vp_totals = _pledged_totals(record, year, Office.VICE_PRESIDENT)
    mate = mates.get(winner)
    to_mate = mates.get(target, mates.get(runner_up))
    tickets = ((winner, mate), (target, to_mate))
    pres_party = party_of(record, year, totals.keys() | {target})
    vp_party = {m: pres_party[p] for p, m in mates.items() if p in pres_party}
    parties = (pres_party, vp_party)
    deny = max(w_pledged - majority + 1, 0)
    scenario = _outlook(
        record,
        year,
        _moved(totals, winner, target, deny),
        _moved(vp_totals, mate, to_mate, deny) if mate and to_mate else vp_totals,
        parties,
    )
    classes = {law: tuple(s.state for s in pool if s.law_class is law) for law in Law}
    return DefectionAnalysis(
        year=year, winner=winner, runner_up=runner_up, to=target, pledged=w_pledged,
        runner_up_pledged=r_pledged, majority=majority, deny_majority=deny,
        elect_runner_up=max(majority - r_pledged, 0),
        elect_to=max(majority - totals.get(target, 0), 0),
        states=pool, contingent=scenario,
        what_if=None if defectors is None else _what_if(
            record, year, pool, defectors, tickets, parties),
        doctrine=doctrine(year, classes), enforced=enforced_beyond_text(record, year),
        congress=congress_powers(record, year, winner, w_pledged, deny),
    )  # fmt: skip
