"""Flips: the fewest popular votes that would have changed the outcome of an election.

Each state appoints its electors "in such Manner as the Legislature thereof may direct" (U.S.
Const. art. II, §1, cl. 2): by winner take all nearly everywhere, so a handful of voters in a
close state move all its electors; the majority of electors appointed decides (12th
Amendment). The question is a 0/1 knapsack: choose the units the winner carried whose electors,
moved to the runner-up, reach the target, at the least number of voters switching. It is solved
exactly by dynamic programming over electors (:func:`electoral.analysis._common.cheapest_cover`;
a district state is one group of exclusive options), not by taking the closest states first.

Assumptions, stated:

- The baseline is the electors *pledged* (the slates chosen on the returns, with every faithless
  vote undone); electors chosen by a legislature cannot be flipped by voters.
- Flipping a unit means voters switching from the winner to the runner-up (the candidates with
  the most and second-most pledged electors nationally). In a unit where a third candidate ran
  ahead of the runner-up (1860, 1912, 1968...), the runner-up must pass both, so the cost is the
  larger of the two.
- ``voters_to_switch`` of a unit is ``floor(margin / 2) + 1`` (one switch moves the margin by
  two); ``margin_sum`` is the sum of the winner's margins over the runner-up in the units
  flipped (the figure usually quoted, e.g. 77,744 in 2016).
- Maine's and Nebraska's districts are units only where the record holds their returns;
  otherwise the state is one unit with the electors its statewide winner was pledged.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from electoral.analysis._common import (
    Unit,
    cheapest_cover,
    national_pledged,
    pledged_electors,
    require_returns,
    units,
)
from electoral.data import Record, default_record
from electoral.errors import RuleInputError, UnknownRuleError

__all__ = ["Flip", "FlipTarget", "FlippedUnit", "flip", "flip_cost"]


class FlipTarget(StrEnum):
    """What the flipped votes must achieve."""

    WIN = "win"
    """The runner-up reaches a majority of the electors appointed and is elected."""
    TIE = "tie"
    """The winner falls below a majority (e.g. 269-269): the choice passes to the House."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FlippedUnit:
    """A state (or district) the winner carried, flipped to the runner-up."""

    unit: str
    electors: int
    margin: int
    """The winner's votes less the runner-up's."""
    voters_to_switch: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Flip:
    """The cheapest flip of an election's outcome."""

    year: int
    target: FlipTarget
    winner: str
    runner_up: str
    majority: int
    winner_electors: int
    runner_up_electors: int
    electors_needed: int
    """Electors that must move from the winner to the runner-up."""
    units: tuple[FlippedUnit, ...]
    voters_to_switch: int
    margin_sum: int

    @property
    def states(self) -> tuple[str, ...]:
        return tuple(u.unit for u in self.units)


def flip_cost(returns: dict[str, int], winner: str, runner_up: str) -> int:
    """Voters who must switch from ``winner`` to ``runner_up`` for the runner-up to carry the
    unit outright: past the winner, and past any third candidate.

    >>> flip_cost({"A": 2912790, "B": 2912253}, "A", "B")
    269
    >>> flip_cost({"A": 100, "C": 80, "B": 10}, "A", "B")
    71
    """
    ahead = returns.get(winner, 0)
    behind = returns.get(runner_up, 0)
    third = max((v for c, v in returns.items() if c not in (winner, runner_up)), default=0)
    return max((ahead - behind) // 2 + 1, third - behind + 1)


def _parse_target(target: FlipTarget | str) -> FlipTarget:
    try:
        return FlipTarget(target)
    except ValueError:
        raise UnknownRuleError("flip target", str(target), [t.value for t in FlipTarget]) from None


def _electors_moved(unit: Unit, pledged: dict[str, int], winner: str) -> int:
    """Electors the unit moves: a whole-state unit moves the electors pledged to the winner
    (a split slate moves only those); a district or at-large unit moves its own electors."""
    whole_state = unit.id == unit.state.value
    return min(unit.electors, pledged.get(winner, 0)) if whole_state else unit.electors


def flip(
    year: int, target: FlipTarget | str = FlipTarget.WIN, record: Record | None = None
) -> Flip:
    """The fewest voters whose switch from the winner to the runner-up reaches ``target``.

    Raises:
        UnknownElectionError: no election in ``year``.
        UnknownRuleError: ``target`` is not ``win`` or ``tie``.
        RuleInputError: no returns or no electoral votes by state for ``year``, or the
            winner's states together cannot reach the target.
    """
    record = record or default_record()
    chosen_target = _parse_target(target)
    require_returns(record, year, "flips")
    pledged = pledged_electors(record, year)
    totals = national_pledged(pledged)
    if len(totals) < 2:
        raise RuleInputError(f"flips {year}: only one candidate had pledged electors")
    (winner, w_electors), (runner_up, r_electors) = list(totals.items())[:2]
    majority = record.election(year).majority
    needed = majority - r_electors if chosen_target is FlipTarget.WIN else w_electors - majority + 1
    carried = [u for u in units(record, year) if u.winner == winner]
    weights = [_electors_moved(u, pledged.get(u.state, {}), winner) for u in carried]
    costs = [flip_cost(u.returns, winner, runner_up) for u in carried]
    best = cheapest_cover(
        [(u.id, w, c) for u, w, c in zip(carried, weights, costs, strict=True)], needed
    )
    if best is None:
        raise RuleInputError(
            f"flips {year}: the {sum(weights)} electors of the units {winner} carried cannot "
            f"move the {needed} needed for target {chosen_target.value!r}"
        )
    taken = tuple(
        FlippedUnit(
            unit=u.id,
            electors=w,
            margin=u.returns.get(winner, 0) - u.returns.get(runner_up, 0),
            voters_to_switch=best[1][u.id],
        )
        for u, w in zip(carried, weights, strict=True)
        if u.id in best[1]
    )
    return Flip(
        year=year, target=chosen_target, winner=winner, runner_up=runner_up, majority=majority,
        winner_electors=w_electors, runner_up_electors=r_electors, electors_needed=max(needed, 0),
        units=tuple(sorted(taken, key=lambda u: u.margin)), voters_to_switch=best[0],
        margin_sum=sum(u.margin for u in taken),
    )  # fmt: skip
