"""Electors per state: House seats plus two, and three for the District of Columbia.

U.S. Const. art. II, §1, cl. 2: each state appoints "a Number of Electors, equal to the whole
Number of Senators and Representatives to which the State may be entitled in the Congress".
The 23rd Amendment (1961) gives the District of Columbia as many electors as the least populous
state: three, first used in 1964.

An apportionment takes effect with the Congress elected two years after its census (e.g. the
1790 census, Act of April 14, 1792, first governed the election of 1792; the 2020 census the
election of 2024); states admitted between censuses hold the seats of their admission acts until
the next apportionment. 1920 produced no apportionment, so 1924 and 1928 used that of 1910.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from electoral.model import ApportionmentFact, SeatChange
from electoral.states import State

__all__ = ["DC_ELECTORS", "DC_FIRST_ELECTION", "census_in_force", "electors_for", "seats_in_force"]

DC_ELECTORS = 3
DC_FIRST_ELECTION = 1964


def census_in_force(year: int, apportioned: Iterable[int]) -> int | None:
    """The census whose apportionment governed the election of ``year``.

    >>> census_in_force(2024, [2010, 2020]), census_in_force(1928, [1910, 1930])
    (2020, 1910)
    """
    usable = [c for c in apportioned if c + 2 <= year]
    return max(usable) if usable else None


def seats_in_force(
    year: int, apportionment: Iterable[ApportionmentFact], changes: Iterable[SeatChange]
) -> dict[State, int]:
    """House seats of each state for the election of ``year``: the apportionment in force, then
    the seats given by acts of admission (or the like) since that apportionment took effect."""
    facts = [a for a in apportionment if a.seats is not None]
    census = census_in_force(year, {a.census for a in facts})
    seats = {a.state: a.seats for a in facts if a.census == census and a.seats is not None}
    start = census + 2 if census is not None else 0
    for change in sorted(changes, key=lambda c: c.effective):
        if start <= change.effective <= year:
            seats[change.state] = change.seats
    return seats


def electors_for(year: int, seats: Mapping[State, int]) -> dict[State, int]:
    """Electors of each state: its seats plus its two senators; DC three from 1964.

    >>> electors_for(2024, {State.PA: 17, State.WY: 1})[State.PA]
    19
    """
    electors = {state: n + 2 for state, n in seats.items()}
    if year >= DC_FIRST_ELECTION:
        electors[State.DC] = DC_ELECTORS
    return electors
