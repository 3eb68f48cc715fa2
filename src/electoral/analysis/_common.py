"""Shared ground of the analyses: the pledged electors, the units that appoint them, and the
exact minimum-cost cover of a number of electors.

A *unit* is what a popular vote decides at once: a state appointing its electors on a general
ticket (winner take all), or, where a state appoints by district (Maine since 1972, Nebraska
since 1992; 21-A M.R.S. §802, Neb. Rev. Stat. §32-1038) and the record holds the district
returns, each district (one elector, written ``ME-2``) and the electors at large (written
``ME-AL``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from electoral.data import Record
from electoral.errors import RuleInputError
from electoral.model import Deviation, Method, Office
from electoral.rules.count import rank
from electoral.states import STATE_INFO, State

__all__ = [
    "AT_LARGE",
    "Unit",
    "min_cost_cover",
    "national_pledged",
    "party_of",
    "pledged_electors",
    "points",
    "require_appointments",
    "require_returns",
    "running_mates",
    "states_in_union",
    "units",
]

AT_LARGE: Final = "AL"
"""Suffix of the at-large part of a district state (``ME-AL``)."""

_BY_PEOPLE: Final = (Method.POPULAR, Method.POPULAR_INDIVIDUAL, Method.DISTRICT)
_INFINITE: Final = np.iinfo(np.int64).max // 4


@dataclass(frozen=True, slots=True, kw_only=True)
class Unit:
    """A state, district or at-large part whose returns decide a block of electors."""

    id: str
    state: State
    electors: int
    returns: dict[str, int]
    """Votes by candidate, most first."""
    method: Method
    """How the state appointed its electors."""

    @property
    def winner(self) -> str | None:
        """The plurality winner, or ``None`` on a tie for first or no votes."""
        ranked = list(self.returns.items())
        if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            return None
        return ranked[0][0]

    @property
    def turnout(self) -> int:
        return sum(self.returns.values())


def points(votes: int, total: int) -> float:
    """``votes`` as a share of ``total`` in percentage points (0 when there is no total)."""
    return 100 * votes / total if total else 0.0


def pledged_electors(
    record: Record, year: int, office: Office = Office.PRESIDENT
) -> dict[State, dict[str, int]]:
    """Electors of each state pledged to each candidate for ``office``: the votes cast, with
    every deviation that stood (a faithless vote counted or not counted, an abstention) undone.

    Raises:
        UnknownElectionError: no election in ``year``.
        RuleInputError: the record has no electoral votes by state for ``year``.
    """
    votes = [v for v in record.votes_in(year) if v.office is office]
    if not votes:
        raise RuleInputError(
            f"election of {year}: the record has no electoral votes by state "
            "(only the declared national totals); expected a year with votes by state"
        )
    slates: dict[State, Counter[str | None]] = {}
    for v in votes:
        slates.setdefault(v.state, Counter())[v.candidate] += v.votes
    for f in record.faithless_in(year):
        if f.office is office and f.outcome in (Deviation.COUNTED, Deviation.NOT_COUNTED):
            slate = slates.setdefault(f.state, Counter())
            slate[f.voted_for] -= f.electors
            slate[f.pledged_to] += f.electors
    return {
        s: {c: n for c, n in slate.items() if c is not None and n > 0}
        for s, slate in sorted(slates.items())
    }


def national_pledged(pledged: Mapping[State, Mapping[str, int]]) -> dict[str, int]:
    """Pledged electors by candidate across the states, most first."""
    total: Counter[str] = Counter()
    for slate in pledged.values():
        total.update(slate)
    return rank(total)


def require_returns(record: Record, year: int, question: str) -> None:
    """Raise unless the record holds popular returns for ``year``.

    Raises:
        RuleInputError: no popular returns (before 1824 most electors were chosen by the
            legislatures, and the record holds no returns).
    """
    if not record.popular_votes_in(year):
        first = min((p.year for p in record.popular_votes), default=None)
        since = f" (the record has returns from {first})" if first else ""
        raise RuleInputError(
            f"{question} {year}: the record has no popular returns for that election{since}; "
            "expected a year with returns by state"
        )


def require_appointments(record: Record, year: int, question: str) -> None:
    """Raise unless the record holds the electors each state appointed in ``year``.

    Raises:
        RuleInputError: the record has only the national totals for ``year`` (1824).
    """
    if not record.appointments_in(year):
        raise RuleInputError(
            f"{question} {year}: the record has no electors by state for that election "
            "(only the declared national totals); expected a year with electors by state"
        )


def units(record: Record, year: int) -> tuple[Unit, ...]:
    """The units whose returns appointed electors in ``year``: every state whose people chose
    its electors and whose returns are in the record; a district state whose district returns
    are present is split into its districts and its electors at large."""
    statewide: dict[State, dict[str, int]] = {}
    districts: dict[State, dict[int, dict[str, int]]] = {}
    for p in record.popular_votes_in(year):
        if p.district is None:
            statewide.setdefault(p.state, {})[p.candidate] = p.votes
        else:
            districts.setdefault(p.state, {}).setdefault(p.district, {})[p.candidate] = p.votes
    found: list[Unit] = []
    for a in record.appointments_in(year):
        if a.method not in _BY_PEOPLE or a.electors == 0 or a.state not in statewide:
            continue
        split = districts.get(a.state) if a.method is Method.DISTRICT else None
        whole = rank(statewide[a.state])
        if not split:
            found.append(
                Unit(
                    id=a.state.value,
                    state=a.state,
                    electors=a.electors,
                    returns=whole,
                    method=a.method,
                )
            )
            continue
        at_large = a.electors - len(split)
        found.append(
            Unit(
                id=f"{a.state}-{AT_LARGE}",
                state=a.state,
                electors=at_large,
                returns=whole,
                method=a.method,
            )
        )
        found += [
            Unit(id=f"{a.state}-{n}", state=a.state, electors=1, returns=rank(v), method=a.method)
            for n, v in sorted(split.items())
        ]
    return tuple(found)


def states_in_union(record: Record, year: int) -> int:
    """States in the Union on the day of the count (DC has neither delegation nor senators)."""
    day = record.election(year).count_date
    return sum(1 for s, info in STATE_INFO.items() if s is not State.DC and info.admitted <= day)


def running_mates(record: Record, year: int) -> dict[str, str]:
    """Each presidential candidate's running mate: the candidate for vice president who drew
    the most votes from the electors of the states the presidential candidate carried."""
    president: dict[State, Counter[str]] = {}
    vice: dict[State, Counter[str]] = {}
    for v in record.votes_in(year):
        if v.candidate is None:
            continue
        table = president if v.office is Office.PRESIDENT else vice
        table.setdefault(v.state, Counter())[v.candidate] += v.votes
    drawn: dict[str, Counter[str]] = {}
    for state, votes in president.items():
        leader = votes.most_common(1)[0][0]
        drawn.setdefault(leader, Counter()).update(vice.get(state, Counter()))
    return {p: mates.most_common(1)[0][0] for p, mates in drawn.items() if mates}


def min_cost_cover(
    electors: Sequence[int], costs: Sequence[int], needed: int
) -> tuple[int, tuple[int, ...]] | None:
    """The cheapest set of units whose electors add up to at least ``needed`` (0/1 knapsack,
    exact, by dynamic programming over electors: O(units x needed)).

    Returns the total cost and the indices of the units taken, or ``None`` when all the units
    together fall short.

    >>> min_cost_cover([3, 5, 4], [10, 11, 7], 7)
    (17, (0, 2))
    """
    if needed <= 0:
        return 0, ()
    if sum(electors) < needed:
        return None
    best: npt.NDArray[np.int64] = np.full(needed + 1, _INFINITE, dtype=np.int64)
    best[0] = 0
    cells = np.arange(needed + 1)
    taken = np.zeros((len(electors), needed + 1), dtype=np.bool_)
    for i, (weight, cost) in enumerate(zip(electors, costs, strict=True)):
        reach = best[np.maximum(cells - weight, 0)] + cost
        taken[i] = reach < best
        best = np.where(taken[i], reach, best)
    chosen: list[int] = []
    cell = needed
    for i in range(len(electors) - 1, -1, -1):
        if taken[i, cell]:
            chosen.append(i)
            cell = max(cell - electors[i], 0)
    return int(best[needed]), tuple(sorted(chosen))


def party_of(record: Record, year: int, candidates: Iterable[str]) -> dict[str, str]:
    """The party of each candidate on the popular ballot (the label with the most votes)."""
    labels: dict[str, Counter[str]] = {}
    for p in record.popular_votes_in(year):
        if p.party and p.district is None:
            labels.setdefault(p.candidate, Counter())[p.party] += p.votes
    facts = record.election(year)
    known = {c: parties.most_common(1)[0][0] for c, parties in labels.items()}
    known.setdefault(facts.president, facts.president_party)
    return {c: known[c] for c in candidates if c in known}
