"""A census's apportionment: the statute of the day reproduced, or any method and House size."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from electoral.data import Record, default_record
from electoral.errors import RuleInputError
from electoral.model import SeatGrant
from electoral.rules.apportionment import apportion, apportion_by_ratio
from electoral.rules.electors import electors_for
from electoral.states import State

__all__ = [
    "PEOPLE_PER_REPRESENTATIVE",
    "STATUTORY_RATIOS",
    "ApportionmentResult",
    "apportion_by_vinton",
    "apportion_census",
    "first_election",
]

STATUTORY_RATIOS: Final[dict[int, int]] = {
    1790: 33_000,  # Act of April 14, 1792, 1 Stat. 253
    1800: 33_000,  # Act of January 14, 1802, 2 Stat. 128
    1810: 35_000,  # Act of December 21, 1811, 2 Stat. 669
    1820: 40_000,  # Act of March 7, 1822, 3 Stat. 651
    1830: 47_700,  # Act of May 22, 1832, 4 Stat. 516
    1840: 70_680,  # Act of June 25, 1842, 5 Stat. 491
}
"""The population per Representative the acts of 1792-1842 fixed; the House size was the result
(:func:`electoral.rules.apportionment.apportion_by_ratio`). From 1850 the acts fixed the size."""

PEOPLE_PER_REPRESENTATIVE: Final = 30_000
"""The Constitution's floor on the people per Representative: "The Number of Representatives
shall not exceed one for every thirty Thousand" (U.S. Const. art. I, §2, cl. 3). It bounds the
House size a what-if may ask for: at most 11,036 seats for the 2020 census, 120 for 1790."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ApportionmentResult:
    """Seats and electors per state from one census.

    ``is_computed`` is false where the record lacks the populations and the seats are the act's
    as enacted; ``grants`` are the seats the act gave by name (statutory_seats, ``added`` or
    ``outside``), included in ``seats``; ``departures`` are the act's signed differences from
    its own method at its size (statutory_seats, ``departed``: 1901), also included in ``seats``.
    """

    census: int
    method: str
    statute: str
    populations: dict[State, int]
    seats: dict[State, int]
    electors: dict[State, int]
    is_computed: bool = True
    grants: dict[State, int] = field(default_factory=dict)
    departures: dict[State, int] = field(default_factory=dict)


def first_election(census: int) -> int:
    """The first presidential election whose electors a census's apportionment fixes: the
    first leap year after the House elections two years on (U.S. Const. art. I, §2, cl. 3;
    art. II, §1, cl. 2: electors = Representatives + Senators).

    >>> first_election(1790), first_election(1960), first_election(2020)
    (1792, 1964, 2024)
    """
    year = census + 2
    return year + year % 4


def apportion_census(
    census: int,
    record: Record | None = None,
    *,
    method: str | None = None,
    seats: int | None = None,
) -> ApportionmentResult:
    """Apportion the House after ``census``: by default as the statute of the day did it (its
    method, its ratio or size, and the seats it gave by name); ``method`` and ``seats`` ask what
    another rule would have given.

    Where the record lacks the census's apportionment populations, the statute's seats are
    returned as enacted, and a what-if is refused.

    Raises:
        UnknownCensusError: no census of that year in the record.
        UnknownRuleError: unknown method.
        RuleInputError: 1920 (no apportionment) without a method and size; a what-if where the
            populations are not in the record; a size below one seat per state or above one
            seat per :data:`PEOPLE_PER_REPRESENTATIVE` people.
    """
    record = record or default_record()
    facts = record.census(census)
    statute = record.house_size(census)
    is_statute = method is None and seats is None
    if (statute is None or statute.method == "none") and is_statute:
        raise RuleInputError(
            f"census {census}: Congress made no apportionment; give --method and --seats"
        )
    if any(f.population is None for f in facts):
        return _as_enacted(census, record, is_statute)
    populations = {f.state: f.population for f in facts if f.population is not None}
    grants: dict[State, int] = {}
    departures: dict[State, int] = {}
    if is_statute and statute is not None:
        result, grants, departures = _by_statute(
            census, record, populations, statute.size, statute.method
        )
    else:
        chosen = method or (statute.method if statute else "huntington-hill")
        size = seats if seats is not None else (statute.size if statute else 435)
        _check_house_size(census, size, populations)
        result = apportion(populations, size, chosen)
    return ApportionmentResult(
        census=census,
        method=_label(
            statute.method if is_statute and statute else method or "huntington-hill", departures
        ),
        statute=_statute_text(
            statute.act if is_statute and statute else None,
            departures,
            statute.method if statute else "",
        ),
        populations=populations,
        seats=_ordered(result),
        electors=electors_for(first_election(census), result),
        grants=grants,
        departures=departures,
    )


ENACTED: Final = "enacted"
"""The method label of an act that departed from its own method by name (1901): its seats are
the act's, not the method's (:class:`~electoral.model.SeatGrant` ``departed``)."""


def _label(method: str, departures: Mapping[State, int]) -> str:
    return ENACTED if departures else method


def _statute_text(act: str | None, departures: Mapping[State, int], method: str) -> str:
    if act is None:
        return "a what-if, not the statute"
    if not departures:
        return act
    changes = ", ".join(f"{s} {n:+d}" for s, n in sorted(departures.items()))
    return f"{act}: the seats as enacted, departing from the {method} method by name ({changes})"


def _check_house_size(census: int, seats: int, populations: Mapping[State, int]) -> None:
    """A House no larger than the Constitution allows (:data:`PEOPLE_PER_REPRESENTATIVE`);
    the floor, one seat per state, is the method's to check."""
    most = sum(populations.values()) // PEOPLE_PER_REPRESENTATIVE
    if seats > most:
        raise RuleInputError(
            f"seats {seats:,}: the {census} census allows at most {most:,}, one Representative "
            f"for every {PEOPLE_PER_REPRESENTATIVE:,} people (U.S. Const. art. I, §2, cl. 3)"
        )


def _by_statute(
    census: int, record: Record, populations: dict[State, int], size: int, method: str
) -> tuple[dict[State, int], dict[State, int], dict[State, int]]:
    """The method over the states it covered (at the act's ratio, or at its size less the seats
    given by name), then the seats the act gave by name, then its departures from the method."""
    rows = [s for s in record.statutory_seats if s.census == census]
    named = [s for s in rows if s.kind is not SeatGrant.DEPARTED]
    outside = {s.state for s in named if s.kind is SeatGrant.OUTSIDE}
    base = {s: p for s, p in populations.items() if s not in outside}
    if census in STATUTORY_RATIOS:
        result = apportion_by_ratio(base, STATUTORY_RATIOS[census], method)
    elif method == "hamilton":
        result = apportion_by_vinton(base, size - sum(s.seats for s in named))
    else:
        result = apportion(base, size - sum(s.seats for s in named), method)
    grants: dict[State, int] = {}
    for s in named:
        result[s.state] = result.get(s.state, 0) + s.seats
        grants[s.state] = grants.get(s.state, 0) + s.seats
    departures = {s.state: s.seats for s in rows if s.kind is SeatGrant.DEPARTED}
    for state, change in departures.items():
        result[state] = result.get(state, 0) + change
    return result, grants, departures


def apportion_by_vinton(populations: Mapping[State, int], seats: int) -> dict[State, int]:
    """The Vinton rule as the Act of May 23, 1850, 9 Stat. 428, sec. 25, wrote it for the
    Hamilton apportionments of 1850-1900: the ratio is the whole population over the number of
    seats, "rejecting any fraction of an unit"; each state gets its whole ratios; "the loss in the
    number of members caused by the fractions" goes one each to the states "having the largest
    fractions". A state with no whole ratio has its constitutional seat (art. I, §2, cl. 3) out of
    the seats, and does not compete for a fraction. Unlike
    :func:`electoral.rules.apportionment.apportion` (``hamilton``), the quotas are not recomputed
    after the minimum seats; that changes 1880 (Mississippi 7 and New York 34 by the act).

    >>> apportion_by_vinton({State.PA: 900, State.DE: 30, State.VA: 570}, 10)
    {<State.PA: 'PA'>: 6, <State.DE: 'DE'>: 1, <State.VA: 'VA'>: 3}

    Raises:
        RuleInputError: fewer seats than states, or a population that is not positive.
    """
    bad = [s for s, p in populations.items() if p <= 0]
    if bad:
        raise RuleInputError(f"population of {bad[0]} is {populations[bad[0]]}: expected > 0")
    if seats < len(populations) or sum(populations.values()) < seats:
        raise RuleInputError(
            f"seats {seats}: expected at least one per state ({len(populations)} states) "
            "and no more than the population"
        )
    ratio = sum(populations.values()) // seats
    whole = {s: p // ratio for s, p in populations.items()}
    result = {s: max(1, w) for s, w in whole.items()}
    left = seats - sum(result.values())
    if left < 0:
        raise RuleInputError(f"seats {seats}: too few for the states' whole ratios and minimums")
    fractions = sorted(
        (s for s in populations if whole[s]), key=lambda s: -(populations[s] % ratio)
    )
    for state in fractions[:left]:
        result[state] += 1
    return result


def _ordered(seats: dict[State, int]) -> dict[State, int]:
    return dict(sorted(seats.items(), key=lambda kv: (-kv[1], kv[0])))


def _as_enacted(census: int, record: Record, is_statute: bool) -> ApportionmentResult:
    if not is_statute:
        raise RuleInputError(
            f"census {census}: the apportionment populations are not in the record, so only "
            "the seats as enacted can be shown (no --method or --seats)"
        )
    statute = record.house_size(census)
    seats = {f.state: f.seats or 0 for f in record.census(census)}
    return ApportionmentResult(
        census=census,
        method=statute.method if statute else "none",
        statute=(statute.act if statute else "")
        + " (seats as enacted; populations not in the record)",
        populations={},
        seats=_ordered(seats),
        electors=electors_for(first_election(census), seats),
        is_computed=False,
        grants={
            s.state: s.seats
            for s in record.statutory_seats
            if s.census == census and s.kind is not SeatGrant.DEPARTED
        },
        departures={
            s.state: s.seats
            for s in record.statutory_seats
            if s.census == census and s.kind is SeatGrant.DEPARTED
        },
    )
