"""Apportionment: the House seats of each state from the census populations.

U.S. Const. art. I, §2, cl. 3 (as amended by the 14th Amendment, §2): "Representatives shall be
apportioned among the several States according to their respective numbers ... each State shall
have at Least one Representative". Congress chose the method after each census:

========  ==================================  =====================================================
census    method                              statute
========  ==================================  =====================================================
1790-1830 ``jefferson`` (greatest divisors)   Acts of 1792, 1802, 1811, 1822, 1832 (a fixed ratio,
                                              :func:`apportion_by_ratio`)
1840      ``webster`` (major fractions)       Act of June 25, 1842 (ratio 70,680,
                                              :func:`apportion_by_ratio`)
1850-1900 ``hamilton`` (largest remainders,   Act of May 23, 1850 (Vinton); acts of 1862, 1872,
          "Vinton")                           1882, 1891, 1901, some with extra seats by statute
1910      ``webster``                         Act of Aug. 8, 1911 (433, +1 each AZ and NM)
1920      none                                Congress failed to reapportion
1930      ``webster`` (Act of 1929, 435)      Act of June 18, 1929
1940-     ``huntington-hill`` (equal          Act of Nov. 15, 1941, 2 U.S.C. §2a
          proportions)
========  ==================================  =====================================================

The divisor methods are computed as highest averages: each state starts with one seat (the
constitutional minimum) and each further seat goes to the state with the highest priority
``population / d(k)``, ``k`` its seats so far. Hamilton's method gives each state the whole part
of its quota and the remaining seats to the largest remainders, computed in exact integers.

The acts of 1792-1842 fixed the ratio (the divisor) rather than the size: the size of the House was
whatever the ratio gave (:func:`apportion_by_ratio`).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Mapping
from typing import Final

from electoral.errors import RuleInputError, UnknownRuleError
from electoral.states import State

__all__ = ["APPORTIONMENT_METHODS", "DIVISORS", "RATIO_METHODS", "apportion", "apportion_by_ratio"]

Divisor = Callable[[int], float]

DIVISORS: Final[dict[str, Divisor]] = {
    "jefferson": lambda k: k + 1.0,
    "webster": lambda k: k + 0.5,
    "adams": lambda k: float(k),
    "dean": lambda k: k * (k + 1) / (k + 0.5),
    "huntington-hill": lambda k: math.sqrt(k * (k + 1)),
}
"""``d(k)``: the divisor a state with ``k`` seats is judged by for its next seat."""

APPORTIONMENT_METHODS: Final[tuple[str, ...]] = (*DIVISORS, "hamilton")
RATIO_METHODS: Final[tuple[str, ...]] = ("jefferson", "webster")
"""The methods the acts applied with a fixed ratio: fractions rejected, or rounded at one half."""


def apportion(
    populations: Mapping[State, int], seats: int, method: str = "huntington-hill"
) -> dict[State, int]:
    """Apportion ``seats`` House seats among states by ``method``, at least one seat each.

    >>> apportion({State.PA: 900, State.DE: 100, State.VA: 500}, 10, "hamilton")
    {<State.PA: 'PA'>: 6, <State.DE: 'DE'>: 1, <State.VA: 'VA'>: 3}

    Args:
        populations: the apportionment population of each state.
        seats: the size of the House (at least one seat per state).
        method: one of :data:`APPORTIONMENT_METHODS`.

    Raises:
        UnknownRuleError: the method is not known.
        RuleInputError: fewer seats than states, or a population that is not positive.
    """
    if method not in APPORTIONMENT_METHODS:
        raise UnknownRuleError("apportionment method", method, list(APPORTIONMENT_METHODS))
    if seats < len(populations):
        raise RuleInputError(
            f"seats {seats}: expected at least one per state ({len(populations)} states)"
        )
    bad = [s for s, p in populations.items() if p <= 0]
    if bad:
        raise RuleInputError(f"population of {bad[0]} is {populations[bad[0]]}: expected > 0")
    if method == "hamilton":
        return _largest_remainders(populations, seats)
    return _highest_averages(populations, seats, DIVISORS[method])


def apportion_by_ratio(
    populations: Mapping[State, int], ratio: int, method: str = "jefferson"
) -> dict[State, int]:
    """Seats at a fixed ratio of population per Representative, at least one seat each; the size
    of the House is the sum.

    ``jefferson``: "one Representative for every thirty-three thousand persons" (Act of April 14,
    1792, 1 Stat. 253; the same ratio by the Act of January 14, 1802, 2 Stat. 128; 35,000 by the Act
    of December 21, 1811, 2 Stat. 669; 40,000 by the Act of March 7, 1822, 3 Stat. 651; 47,700 by
    the Act of May 22, 1832, 4 Stat. 516): the whole number of ratios, fractions rejected.
    ``webster``: the Act of June 25, 1842, 5 Stat. 491, "one Representative for every seventy
    thousand six hundred and eighty persons ... and one additional representative for each State
    having a fraction greater than one moiety of the said ratio".

    >>> apportion_by_ratio({State.PA: 100_000, State.DE: 20_000}, 33_000)
    {<State.PA: 'PA'>: 3, <State.DE: 'DE'>: 1}
    >>> apportion_by_ratio({State.PA: 100_000, State.NJ: 61_000}, 40_000, "webster")
    {<State.PA: 'PA'>: 2, <State.NJ: 'NJ'>: 2}

    Raises:
        UnknownRuleError: the method is not one of :data:`RATIO_METHODS`.
        RuleInputError: a ratio or a population that is not positive.
    """
    if method not in RATIO_METHODS:
        raise UnknownRuleError("apportionment method at a fixed ratio", method, list(RATIO_METHODS))
    if ratio <= 0:
        raise RuleInputError(f"ratio {ratio}: expected > 0")
    bad = [s for s, p in populations.items() if p <= 0]
    if bad:
        raise RuleInputError(f"population of {bad[0]} is {populations[bad[0]]}: expected > 0")
    if method == "jefferson":
        return {s: max(1, p // ratio) for s, p in populations.items()}
    return {s: max(1, p // ratio + (2 * (p % ratio) > ratio)) for s, p in populations.items()}


def _highest_averages(
    populations: Mapping[State, int], seats: int, divisor: Divisor
) -> dict[State, int]:
    order = list(populations)
    result = dict.fromkeys(order, 1)
    heap = [(-_priority(populations[s], 1, divisor), i) for i, s in enumerate(order)]
    heapq.heapify(heap)
    for _ in range(seats - len(order)):
        _, i = heapq.heappop(heap)
        state = order[i]
        result[state] += 1
        heapq.heappush(heap, (-_priority(populations[state], result[state], divisor), i))
    return result


def _priority(population: int, k: int, divisor: Divisor) -> float:
    d = divisor(k)
    return math.inf if d == 0 else population / d


def _largest_remainders(populations: Mapping[State, int], seats: int) -> dict[State, int]:
    """Whole quotas, then the remaining seats to the largest remainders. A state whose quota is
    under one gets its constitutional seat and leaves the computation, which is redone for the
    others with the seats left (repeated until no quota is under one)."""
    minimum = {s: 1 for s, p in populations.items() if p * seats < sum(populations.values())}
    while True:
        rest = {s: p for s, p in populations.items() if s not in minimum}
        left = seats - len(minimum)
        total = sum(rest.values())
        small = {s for s, p in rest.items() if p * left < total}
        if not small:
            break
        minimum.update(dict.fromkeys(small, 1))
    whole = {s: p * left // total for s, p in rest.items()}
    # remainders compared exactly, as p * left mod total over the common denominator total
    order = sorted(rest, key=lambda s: -(rest[s] * left % total))
    for state in order[: left - sum(whole.values())]:
        whole[state] += 1
    return {s: minimum.get(s) or whole[s] for s in populations}
