"""Appointment: from a state's returns to the electors pledged to each candidate.

U.S. Const. art. II, §1, cl. 2: "Each State shall appoint, in such Manner as the Legislature
thereof may direct, a Number of Electors" — so every state chooses its own method, and the
record holds which (see :class:`electoral.model.Method`). The allocation rules here, registered
by stable id, turn returns into electors:

- ``winner-take-all``: the statewide plurality winner's slate takes every elector (the general
  ticket; every state but two today).
- ``district``: two electors to the statewide winner, one to the winner of each congressional
  district (Maine, 21-A M.R.S. §802, since 1972; Nebraska, Neb. Rev. Stat. §32-1038, since
  1992).
- ``proportional``: electors in proportion to the votes, rounded by a named rule (``hamilton``,
  ``dhondt``, ``webster``, ``whole``) — for what-ifs only; no state has used it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from electoral.errors import RuleInputError, UnknownRuleError

__all__ = [
    "ALLOCATION_RULES",
    "ROUNDING_RULES",
    "allocate_district",
    "allocate_electors",
    "allocate_proportional",
    "plurality_winner",
]

ALLOCATION_RULES: Final = ("winner-take-all", "district", "proportional")
ROUNDING_RULES: Final = ("hamilton", "dhondt", "webster", "whole")


def plurality_winner(returns: Mapping[str, int], where: str = "the returns") -> str:
    """The candidate with the most votes.

    Raises:
        RuleInputError: no votes, or a tie for first (the law then falls back on the
            legislature or on lots, which the returns cannot decide).
    """
    if not returns or max(returns.values()) <= 0:
        raise RuleInputError(f"{where}: no votes to decide a winner")
    best = max(returns.values())
    leaders = sorted(c for c, v in returns.items() if v == best)
    if len(leaders) > 1:
        raise RuleInputError(f"{where}: tie for first between {', '.join(leaders)}")
    return leaders[0]


def allocate_electors(
    returns: Mapping[str, int],
    electors: int,
    rule: str = "winner-take-all",
    *,
    districts: Mapping[int, Mapping[str, int]] | None = None,
    rounding: str = "hamilton",
    where: str = "the returns",
) -> dict[str, int]:
    """Electors per candidate under an allocation rule.

    >>> allocate_electors({"A": 60, "B": 40}, 5, "proportional")
    {'A': 3, 'B': 2}

    Raises:
        UnknownRuleError: unknown ``rule`` or ``rounding``.
        RuleInputError: districts missing for ``district``, or a tie.
    """
    if rule == "winner-take-all":
        return {plurality_winner(returns, where): electors}
    if rule == "district":
        if not districts:
            raise RuleInputError(f"{where}: the district rule needs district returns")
        return allocate_district(returns, districts, electors, where)
    if rule == "proportional":
        return allocate_proportional(returns, electors, rounding)
    raise UnknownRuleError("allocation rule", rule, list(ALLOCATION_RULES))


def allocate_district(
    statewide: Mapping[str, int],
    districts: Mapping[int, Mapping[str, int]],
    electors: int,
    where: str = "the returns",
) -> dict[str, int]:
    """Two electors at large to the statewide winner, one per district to its winner."""
    at_large = electors - len(districts)
    if at_large < 0:
        raise RuleInputError(f"{where}: {len(districts)} districts but only {electors} electors")
    result: dict[str, int] = {plurality_winner(statewide, where): at_large}
    for number in sorted(districts):
        winner = plurality_winner(districts[number], f"{where}, district {number}")
        result[winner] = result.get(winner, 0) + 1
    return result


def allocate_proportional(
    returns: Mapping[str, int], electors: int, rounding: str = "hamilton"
) -> dict[str, int]:
    """Electors in proportion to the votes, rounded by ``rounding``.

    ``hamilton``: largest remainders; ``dhondt`` and ``webster``: highest averages with divisors
    ``k + 1`` and ``k + 1/2``; ``whole``: each candidate the whole part of its share, the rest
    to the plurality winner. Candidates with no electors are left out.
    """
    if rounding not in ROUNDING_RULES:
        raise UnknownRuleError("rounding rule", rounding, list(ROUNDING_RULES))
    total = sum(returns.values())
    if total <= 0:
        raise RuleInputError("proportional allocation: no votes")
    whole = {c: v * electors // total for c, v in returns.items()}
    left = electors - sum(whole.values())
    if rounding == "hamilton":
        order = sorted(returns, key=lambda c: (-(returns[c] * electors % total), c))
        for c in order[:left]:
            whole[c] += 1
    elif rounding == "whole":
        whole[plurality_winner(returns)] += left
    else:
        whole = _highest_averages(returns, electors, 1.0 if rounding == "dhondt" else 0.5)
    return {c: n for c, n in whole.items() if n > 0}


def _highest_averages(returns: Mapping[str, int], electors: int, step: float) -> dict[str, int]:
    seats = dict.fromkeys(returns, 0)
    order = sorted(returns)  # ties go to the first name, so the result is deterministic
    for _ in range(electors):
        best = max(order, key=lambda c: returns[c] / (seats[c] + step))
        seats[best] += 1
    return seats
