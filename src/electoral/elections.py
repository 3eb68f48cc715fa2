"""An election as a whole: the facts of the record, assembled state by state."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from electoral.data import Record, default_record
from electoral.model import (
    Appointment,
    ElectionFacts,
    ElectoralVote,
    Faithless,
    Method,
    Office,
    PopularVote,
)
from electoral.rules.count import rank
from electoral.states import State

__all__ = [
    "EVERY_CANDIDATE_FROM",
    "Election",
    "StateResult",
    "carried_by",
    "counted_votes",
    "election",
]

EVERY_CANDIDATE_FROM: Final = 1976
"""The first election whose returns in the bundled record itemise every candidate (MIT 1976-2020,
the FEC 2024). Before it the returns are the main candidates' only: the clavesi compilation and
the third candidates of 2% or more nationally (data/notes/popular_votes.md); Benson's 3.2% of 1916
and all the minor candidates are missing. So a share of the popular vote before 1976 is a share of
the main candidates' votes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class StateResult:
    """One state in one election: its electors, returns and electoral votes."""

    state: State
    electors: int
    method: Method
    popular_votes: dict[str, int]
    """Statewide returns, most votes first (empty where electors were not chosen by the people
    or the record has no returns)."""
    district_votes: dict[int, dict[str, int]]
    """Returns by congressional district (Maine since 1972, Nebraska since 1992)."""
    electoral_votes: dict[str, int]
    """Votes the state's electors cast for president (both votes before 1804)."""
    vice_president_votes: dict[str, int]
    notes: str
    winner: str | None = None
    """The candidate who carried the state: the most of its electoral votes for president. Before
    1804 (two votes per elector, art. II, §1, cl. 3) see :func:`carried_by`; ``None`` where the
    state's electors divided evenly between two tickets (Maryland 1800) or cast no vote."""

    @property
    def popular_winner(self) -> str | None:
        return next(iter(self.popular_votes), None)

    @property
    def is_divided(self) -> bool:
        """Whether the state's electors cast votes but carried it for no one (divided evenly)."""
        return self.winner is None and bool(self.electoral_votes)


@dataclass(frozen=True, slots=True, kw_only=True)
class Election:
    """A presidential election: the facts, each state, the national totals."""

    facts: ElectionFacts
    states: tuple[StateResult, ...]
    electoral_votes: dict[str, int]
    """Votes for president counted by Congress: the states' counted votes, or the totals
    declared at the count where the record has no votes by state for the office."""
    vice_president_votes: dict[str, int]
    """Votes for vice president counted by Congress, likewise (empty before 1804; 1824: the
    declared totals, the states' vice-presidential ballots being unknown)."""
    popular_votes: dict[str, int]
    """National popular vote: the sum of the statewide returns in the record."""
    faithless: tuple[Faithless, ...]

    @property
    def year(self) -> int:
        return self.facts.year

    @property
    def president(self) -> str:
        return self.facts.president

    @property
    def vice_president(self) -> str:
        return self.facts.vice_president

    @property
    def appointed(self) -> int:
        """The electors the states appointed (the sum of ``appointments.csv``)."""
        return sum(s.electors for s in self.states)

    @property
    def whole_number(self) -> int:
        """The "whole number of Electors appointed" (12th Amendment; art. II, §1, cl. 3) as the
        count reckoned it, on which the majority was computed (``elections.csv``
        ``electors_appointed``). It is less than :attr:`appointed` where the count left out
        electors who did not vote (1789, 1792, 1808, 1812, 1816, 1864) or whose states'
        votes Congress rejected (1864, 1872); elsewhere it is the electors appointed, voting or
        not (1820, 1832, 2000)."""
        return self.facts.electors_appointed

    def whole_number_text(self) -> str:
        """The whole number in words, with the electors appointed where they differ.

        >>> election(1789).whole_number_text()[:47]
        'whole number of electors 69, majority 35 (72 ap'
        """
        text = f"whole number of electors {self.whole_number}, majority {self.facts.majority}"
        left_out = self.appointed - self.whole_number
        if self.states and left_out > 0:
            text += (
                f" ({self.appointed} appointed; the count left out {left_out} who did not vote "
                "or whose votes it rejected)"
            )
        return text

    @property
    def main_candidates_only(self) -> bool:
        """Whether the year's returns give only the main candidates (before
        :data:`EVERY_CANDIDATE_FROM`), so that shares are of their votes, not of all votes."""
        return bool(self.popular_votes) and self.year < EVERY_CANDIDATE_FROM

    @property
    def popular_winner(self) -> str | None:
        return next(iter(self.popular_votes), None)

    @property
    def is_split(self) -> bool:
        """Whether the popular-vote winner (by the record's returns) did not become president."""
        return self.popular_winner is not None and self.popular_winner != self.president

    def state(self, state: State) -> StateResult | None:
        return next((s for s in self.states if s.state is state), None)


def _cast(votes: Iterable[ElectoralVote], state: State, office: Office) -> dict[str, int]:
    tally = {v.candidate: v.votes for v in votes if v.state is state and v.office is office}
    return rank({c: n for c, n in tally.items() if c is not None})


def carried_by(
    state_votes: dict[str, int], national: dict[str, int], president: str, two_votes: bool
) -> str | None:
    """The candidate who carried a state, from its electoral votes for president.

    Since 1804 the one with the most of them. Before 1804 each elector cast two votes for
    president (art. II, §1, cl. 3), so the state's result is its electors' two votes, and a
    party's electors gave one to each man of its ticket: two names tie at the top of the state's
    votes. The state is then named for the ticket's candidate for president, the one of the two
    who stood higher in the national count (Washington over Clinton in 1792, Jefferson over
    Thomas Pinckney in South Carolina in 1796), and where the two tied nationally too (Jefferson
    and Burr, 73 each, in 1800), the one elected president. Three or more names tying at the top
    mean the electors divided evenly between tickets (Maryland 1800: Jefferson, Burr, Adams and
    Pinckney 5 each): no one carried the state.

    >>> carried_by({"Burr": 4, "Jefferson": 4}, {"Jefferson": 73, "Burr": 73}, "Jefferson", True)
    'Jefferson'
    >>> carried_by({"A": 5, "B": 5, "C": 5, "D": 5}, {"A": 1, "B": 1}, "A", True) is None
    True
    """
    if not state_votes:
        return None
    top = max(state_votes.values())
    leaders = [c for c, n in state_votes.items() if n == top]
    if len(leaders) == 1 or not two_votes:
        return min(leaders) if len(leaders) > 1 else leaders[0]
    if len(leaders) > 2:
        return None
    return min(leaders, key=lambda c: (-national.get(c, 0), c != president, c))


def _state_result(
    a: Appointment,
    votes: tuple[ElectoralVote, ...],
    pv: list[PopularVote],
    facts: ElectionFacts,
    national: dict[str, int],
) -> StateResult:
    mine = [p for p in pv if p.state is a.state]
    districts: dict[int, dict[str, int]] = {}
    for p in mine:
        if p.district is not None:
            districts.setdefault(p.district, {})[p.candidate] = p.votes
    cast = _cast(votes, a.state, Office.PRESIDENT)
    return StateResult(
        state=a.state,
        electors=a.electors,
        method=a.method,
        popular_votes=rank({p.candidate: p.votes for p in mine if p.district is None}),
        district_votes={d: rank(v) for d, v in sorted(districts.items())},
        electoral_votes=cast,
        vice_president_votes=_cast(votes, a.state, Office.VICE_PRESIDENT),
        notes=a.notes,
        winner=carried_by(cast, national, facts.president, facts.has_two_votes_per_elector),
    )


def counted_votes(votes: Iterable[ElectoralVote], office: Office) -> dict[str, int]:
    """Votes for ``office`` that Congress counted, by candidate, most first."""
    tally: Counter[str] = Counter()
    for v in votes:
        if v.office is office and v.candidate is not None:
            tally[v.candidate] += v.counted
    return rank(tally)


def _counted(record: Record, year: int, office: Office) -> dict[str, int]:
    """Votes for ``office`` counted by Congress: summed from the states' ballots, or the totals
    declared at the count where the record has no ballots by state for the office
    (:data:`electoral.data.record.PRESIDENT_ONLY`)."""
    if record.has_votes_by_state(year, office):
        return counted_votes(record.votes_in(year), office)
    return rank({t.candidate: t.votes for t in record.tallies_in(year) if t.office is office})


def election(year: int, record: Record | None = None) -> Election:
    """The election of ``year`` from the record (default: the bundled one).

    Raises:
        UnknownElectionError: no presidential election in that year.
    """
    record = record or default_record()
    facts = record.election(year)
    votes = record.votes_in(year)
    popular = list(record.popular_votes_in(year))
    national: Counter[str] = Counter()
    for p in popular:
        if p.district is None:
            national[p.candidate] += p.votes
    counted = _counted(record, year, Office.PRESIDENT)
    return Election(
        facts=facts,
        states=tuple(
            _state_result(a, votes, popular, facts, counted) for a in record.appointments_in(year)
        ),
        electoral_votes=counted,
        vice_president_votes=_counted(record, year, Office.VICE_PRESIDENT),
        popular_votes=rank(national),
        faithless=record.faithless_in(year),
    )
