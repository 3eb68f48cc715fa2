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
from itertools import combinations
from typing import Final

import numpy as np
import numpy.typing as npt

from electoral.data import Record
from electoral.errors import RuleInputError
from electoral.model import Deviation, Method, Office
from electoral.rules.count import rank
from electoral.states import State

__all__ = [
    "AT_LARGE",
    "Unit",
    "cheapest_cover",
    "min_cost_cover",
    "min_cost_cover_groups",
    "national_pledged",
    "party_of",
    "pledged_electors",
    "points",
    "require_appointments",
    "require_returns",
    "running_mates",
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
    groups = [[(weight, cost)] for weight, cost in zip(electors, costs, strict=True)]
    best = min_cost_cover_groups(groups, needed)
    return None if best is None else (best[0], tuple(g for g, _ in best[1]))


Option = tuple[int, int]
"""(electors, cost) of one way to win part of a state."""


def min_cost_cover_groups(
    groups: Sequence[Sequence[Option]], needed: int
) -> tuple[int, tuple[tuple[int, int], ...]] | None:
    """The cheapest choice of at most one option per group whose electors add up to at least
    ``needed`` (multiple-choice knapsack, exact, by dynamic programming over electors).

    A district state is one group: winning some of its districts, with or without its
    electors at large, are exclusive options whose costs are not additive (the votes that
    carry the districts also count towards the statewide total).

    Returns the total cost and the (group, option) pairs taken, or ``None`` when the groups
    together fall short.

    >>> min_cost_cover_groups([[(1, 5), (3, 9)], [(2, 4)]], 3)
    (9, ((0, 1),))
    """
    if needed <= 0:
        return 0, ()
    if sum(max((w for w, _ in g), default=0) for g in groups) < needed:
        return None
    best: npt.NDArray[np.int64] = np.full(needed + 1, _INFINITE, dtype=np.int64)
    best[0] = 0
    cells = np.arange(needed + 1)
    choice = np.full((len(groups), needed + 1), -1, dtype=np.int16)
    for g, options in enumerate(groups):
        new = best.copy()
        for k, (weight, cost) in enumerate(options):
            reach = best[np.maximum(cells - weight, 0)] + cost
            better = reach < new
            choice[g, better] = k
            new = np.where(better, reach, new)
        best = new
    chosen: list[tuple[int, int]] = []
    cell = needed
    for g in range(len(groups) - 1, -1, -1):
        k = int(choice[g, cell])
        if k >= 0:
            chosen.append((g, k))
            cell = max(cell - groups[g][k][0], 0)
    return int(best[needed]), tuple(sorted(chosen))


def district_options(
    at_large: tuple[str, int, int] | None, districts: Sequence[tuple[str, int, int]]
) -> list[tuple[tuple[str, ...], int, int]]:
    """Every way to win part of a district state: (units won, electors, cost), from its
    electors at large and its districts, each given as (unit id, electors, cost to win alone).

    Winning a set of districts costs the sum of their costs; adding the electors at large
    costs at least the statewide cost, and the votes that carry the districts count towards
    it, so that option costs the larger of the two (Me. Rev. Stat. tit. 21-A § 802; Neb.
    Rev. Stat. § 32-1038: the at-large electors go to the statewide plurality winner).

    >>> district_options(("ME-AL", 2, 100), [("ME-1", 1, 60), ("ME-2", 1, 45)])[-1]
    (('ME-AL', 'ME-1', 'ME-2'), 4, 105)
    """
    found: list[tuple[tuple[str, ...], int, int]] = []
    for size in range(len(districts) + 1):
        for subset in combinations(districts, size):
            ids = tuple(d[0] for d in subset)
            electors = sum(d[1] for d in subset)
            cost = sum(d[2] for d in subset)
            if subset:
                found.append((ids, electors, cost))
            if at_large is not None:
                found.append(((at_large[0], *ids), at_large[1] + electors, max(cost, at_large[2])))
    return found


def cheapest_cover(
    items: Sequence[tuple[str, int, int]], needed: int
) -> tuple[int, dict[str, int]] | None:
    """The cheapest set of units whose electors add up to at least ``needed``, from units given
    as (unit id, electors, cost to win alone); the units of a district state (``ME-AL``,
    ``ME-1`` ...) are one group of exclusive options (:func:`district_options`).

    Returns the total cost and the units won, each with the cost it adds (the electors at large
    add only what the districts' votes do not already cover), or ``None`` when short.

    >>> cheapest_cover([("PA", 20, 20), ("NE-AL", 2, 10), ("NE-1", 1, 4), ("NE-2", 1, 4)], 4)
    (10, {'NE-AL': 2, 'NE-1': 4, 'NE-2': 4})
    """
    by_state: dict[str, list[tuple[str, int, int]]] = {}
    for item in items:
        by_state.setdefault(item[0].split("-")[0], []).append(item)
    groups: list[list[tuple[tuple[str, ...], int, int]]] = []
    for parts in by_state.values():
        if len(parts) == 1 and "-" not in parts[0][0]:
            groups.append([((parts[0][0],), parts[0][1], parts[0][2])])
            continue
        at_large = next((p for p in parts if p[0].endswith(f"-{AT_LARGE}")), None)
        groups.append(district_options(at_large, [p for p in parts if p is not at_large]))
    best = min_cost_cover_groups([[(e, c) for _, e, c in g] for g in groups], needed)
    if best is None:
        return None
    alone = {i: c for i, _, c in items}
    won: dict[str, int] = {}
    for g, k in best[1]:
        ids = groups[g][k][0]
        for unit in ids:
            won[unit] = alone[unit]
        large = [u for u in ids if u.endswith(f"-{AT_LARGE}")]
        if large:
            won[large[0]] = groups[g][k][2] - sum(won[u] for u in ids if u != large[0])
    return best[0], won


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
