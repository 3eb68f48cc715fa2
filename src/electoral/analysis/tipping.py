"""The tipping point: the state that delivered the winner's decisive elector.

The winner needs "a majority of the whole number of Electors appointed" (12th Amendment). Line
up the states the winner carried from the safest to the closest and add up their electors: the
tipping-point state is the one at which the sum first reaches the majority. The definitions
differ in what is sorted and which electors are added, and each has a stable id:

- ``margin-pledged``: units sorted by the winner's margin over the next candidate, in
  percentage points, widest first; the electors pledged to the winner (faithless votes undone).
  The usual definition (e.g. FiveThirtyEight's).
- ``margin-cast``: states sorted the same way; the electoral votes as Congress counted them,
  faithless electors included (2016: Pennsylvania instead of Wisconsin, because two Texas
  electors deserted the winner).
- ``share-pledged``: units sorted by the winner's share of the vote rather than the margin,
  which differs where third candidates ran strongly (1912, 1968, 1992).

Units are states, or Maine's and Nebraska's districts and electors at large where the record
holds their returns (``ME-2``, ``ME-AL``); states whose legislature chose the electors have no
margin and count as the safest. Where the winner won electors in districts whose returns the
record lacks (a district state the winner lost statewide), the answer is given only if it is the
same with those electors counted as the safest and as the closest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from electoral.analysis._common import (
    Unit,
    national_pledged,
    pledged_electors,
    points,
    require_returns,
    units,
)
from electoral.data import Record, default_record
from electoral.errors import RuleInputError, UnknownRuleError
from electoral.model import Method, Office
from electoral.states import State

__all__ = ["TIPPING_DEFINITIONS", "Tipping", "tipping_point"]

TIPPING_DEFINITIONS: Final[dict[str, str]] = {
    "margin-pledged": "the winner's units by margin (points), widest first; pledged electors",
    "margin-cast": "the winner's states by margin (points), widest first; electoral votes as "
    "counted, faithless electors included",
    "share-pledged": "the winner's units by vote share, highest first; pledged electors",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Tipping:
    """The tipping-point state of an election under one definition."""

    year: int
    definition: str
    description: str
    winner: str
    state: str
    """The state (or ``ME-2``-style district unit) where the winner's sum reaches a majority."""
    margin: float | None
    """The winner's margin there, in percentage points (``None``: no popular vote)."""
    share: float | None
    electors_before: int
    electors_after: int
    majority: int


@dataclass(frozen=True, slots=True, kw_only=True)
class _Place:
    id: str
    electors: int
    margin: float | None
    share: float | None
    is_unknown: bool = False
    """Electors won in districts whose returns the record lacks."""


def _measure(returns: dict[str, int], winner: str) -> tuple[float | None, float | None]:
    """The winner's margin over the best other candidate, and share, in points."""
    if not returns:
        return None, None
    total = sum(returns.values())
    best_other = max((v for c, v in returns.items() if c != winner), default=0)
    mine = returns.get(winner, 0)
    return points(mine - best_other, total), points(mine, total)


def _pledged_places(record: Record, year: int, winner: str) -> list[_Place]:
    pledged = pledged_electors(record, year)
    found = units(record, year)
    whole = {u.state for u in found if u.id == u.state.value}
    places = []
    for u in found:
        if u.state not in whole:
            places.append(_place(u, u.electors if u.winner == winner else 0, winner))
            continue
        electors = pledged.get(u.state, {}).get(winner, 0)
        if u.method is Method.DISTRICT and u.winner != winner:
            # won in districts whose returns the record lacks: margin unknown
            places.append(
                _Place(id=u.id, electors=electors, margin=None, share=None, is_unknown=True)
            )
        else:
            places.append(_place(u, electors, winner))
    covered = {u.state for u in found}
    places += [
        _Place(id=s.value, electors=slate[winner], margin=None, share=None)
        for s, slate in pledged.items()
        if s not in covered and slate.get(winner)
    ]
    return [p for p in places if p.electors > 0]


def _place(unit: Unit, electors: int, winner: str) -> _Place:
    margin, share = _measure(unit.returns, winner)
    return _Place(id=unit.id, electors=electors, margin=margin, share=share)


def _cast_places(record: Record, year: int, winner: str) -> list[_Place]:
    counted: dict[State, int] = {}
    for v in record.votes_in(year):
        if v.office is Office.PRESIDENT and v.candidate == winner and v.counted:
            counted[v.state] = counted.get(v.state, 0) + v.counted
    returns: dict[State, dict[str, int]] = {}
    for p in record.popular_votes_in(year):
        if p.district is None:
            returns.setdefault(p.state, {})[p.candidate] = p.votes
    places = []
    for state, n in sorted(counted.items()):
        margin, share = _measure(returns.get(state, {}), winner)
        places.append(_Place(id=state.value, electors=n, margin=margin, share=share))
    return places


def _by_margin(p: _Place) -> tuple[float, str]:
    return (-p.margin if p.margin is not None else float("-inf"), p.id)


def _by_share(p: _Place) -> tuple[float, str]:
    return (-p.share if p.share is not None else float("-inf"), p.id)


def _crossing(places: list[_Place], majority: int) -> tuple[_Place, int] | None:
    """The place where the running sum of electors reaches ``majority``, and the sum before."""
    total = 0
    for place in places:
        if total + place.electors >= majority:
            return place, total
        total += place.electors
    return None


_Collect = Callable[[Record, int, str], list[_Place]]
_Order = Callable[[_Place], tuple[float, str]]
_RULES: Final[dict[str, tuple[_Collect, _Order]]] = {
    "margin-pledged": (_pledged_places, _by_margin),
    "margin-cast": (_cast_places, _by_margin),
    "share-pledged": (_pledged_places, _by_share),
}


def tipping_point(
    year: int, definition: str = "margin-pledged", record: Record | None = None
) -> Tipping:
    """The tipping-point state of ``year`` under ``definition`` (see :data:`TIPPING_DEFINITIONS`).

    Raises:
        UnknownElectionError: no election in ``year``.
        UnknownRuleError: ``definition`` is not one of :data:`TIPPING_DEFINITIONS`.
        RuleInputError: no returns or votes by state, or the winner had no majority of
            electors (the House chose).
    """
    if definition not in _RULES:
        raise UnknownRuleError("tipping-point definition", definition, list(TIPPING_DEFINITIONS))
    record = record or default_record()
    require_returns(record, year, "tipping point")
    winner = next(iter(national_pledged(pledged_electors(record, year))))
    majority = record.election(year).majority
    collect, order = _RULES[definition]
    places = sorted(collect(record, year, winner), key=order)
    unknown = [p for p in places if p.is_unknown]
    found = _crossing(places, majority)
    last = _crossing([p for p in places if not p.is_unknown] + unknown, majority)
    if found is None or last is None:
        raise RuleInputError(
            f"tipping point {year} ({definition}): {winner} had "
            f"{sum(p.electors for p in places)} electors, short of the majority of {majority}; "
            "expected an election the electors decided"
        )
    if found[0].id != last[0].id:
        raise RuleInputError(
            f"tipping point {year} ({definition}): depends on the margins of districts of "
            f"{', '.join(p.id for p in unknown)} whose returns the record lacks; "
            "expected district returns for those states"
        )
    place, before = found
    return Tipping(
        year=year, definition=definition, description=TIPPING_DEFINITIONS[definition],
        winner=winner, state=place.id, margin=place.margin, share=place.share,
        electors_before=before, electors_after=before + place.electors, majority=majority,
    )  # fmt: skip
