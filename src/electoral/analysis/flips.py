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
  otherwise the state is one unit with the electors its statewide winner was pledged (so are the
  district states of 1824: IL, KY, MD, ME, MO, TN).
- Where no candidate had a majority of the pledged electors and the House chose the president
  (1824), there is no majority to take away: ``tie`` has no meaning, and ``win`` is the fewest
  voters switching from one candidate to another that give the second a majority of the
  electors, for any candidate but the one the House chose (1824: from Clay to Jackson in Ohio,
  Kentucky and Missouri). Voters of other candidates switching too could cost less; as
  everywhere here, each flip moves voters between two candidates only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from electoral.analysis._common import (
    Unit,
    cheapest_cover,
    national_pledged,
    pledged_electors,
    require_appointments,
    require_returns,
    units,
)
from electoral.data import Record, default_record
from electoral.errors import RuleInputError, UnknownRuleError
from electoral.model import ChosenBy
from electoral.states import State

__all__ = ["Flip", "FlipTarget", "FlippedUnit", "flip", "flip_cost"]


class FlipTarget(StrEnum):
    """What the flipped votes must achieve."""

    WIN = "win"
    """The runner-up reaches a majority of the electors appointed and is elected (with no
    majority, as in 1824: a candidate other than the House's choice reaches one)."""
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
    """The candidate whose voters switch: the one with the most pledged electors (with no
    majority, 1824: the one whose units are flipped)."""
    runner_up: str
    """The candidate the voters switch to: the second in pledged electors (with no majority:
    the one the switch gives a majority)."""
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


def _cheapest(
    record: Record,
    year: int,
    pledged: dict[State, dict[str, int]],
    source: str,
    to: str,
    needed: int,
) -> tuple[int, tuple[FlippedUnit, ...]] | None:
    """The cheapest set of the units ``source`` carried whose electors, moved to ``to``, reach
    ``needed``: (voters to switch, the units), or ``None`` when all of them together fall
    short."""
    carried = [u for u in units(record, year) if u.winner == source]
    weights = [_electors_moved(u, pledged.get(u.state, {}), source) for u in carried]
    costs = [flip_cost(u.returns, source, to) for u in carried]
    best = cheapest_cover(
        [(u.id, w, c) for u, w, c in zip(carried, weights, costs, strict=True)], needed
    )
    if best is None:
        return None
    taken = tuple(
        FlippedUnit(
            unit=u.id,
            electors=w,
            margin=u.returns.get(source, 0) - u.returns.get(to, 0),
            voters_to_switch=best[1][u.id],
        )
        for u, w in zip(carried, weights, strict=True)
        if u.id in best[1]
    )
    return best[0], tuple(sorted(taken, key=lambda u: u.margin))


def _without_majority(
    record: Record,
    year: int,
    target: FlipTarget,
    pledged: dict[State, dict[str, int]],
    totals: dict[str, int],
) -> Flip:
    """The cheapest flip of a year no candidate had a majority of the pledged electors: voters
    switching from one candidate to another give the second a majority, for any candidate but
    the one the House chose."""
    facts = record.election(year)
    leader, most = next(iter(totals.items()))
    house = facts.president_chosen_by is ChosenBy.HOUSE
    short = (
        f"flips {year}: no candidate had a majority of the pledged electors ({leader} {most}, "
        f"{facts.majority} needed)" + (f" and the House chose {facts.president}" if house else "")
    )
    if target is FlipTarget.TIE:
        raise RuleInputError(
            f"{short}: there is no majority to deny; expected target 'win' (the fewest voters "
            "that give another candidate a majority)"
        )
    carriers = list(dict.fromkeys(u.winner for u in units(record, year) if u.winner))
    found: tuple[int, str, str, int, tuple[FlippedUnit, ...]] | None = None
    for to in (c for c in totals if c != facts.president):
        needed = facts.majority - totals[to]
        for source in (c for c in carriers if c != to):
            best = _cheapest(record, year, pledged, source, to, needed)
            if best is not None and (found is None or best[0] < found[0]):
                found = (best[0], source, to, needed, best[1])
    if found is None:
        raise RuleInputError(
            f"{short}: no switch of voters from one candidate to another gives anyone else a "
            "majority of the electors"
        )
    cost, source, to, needed, taken = found
    return Flip(
        year=year, target=target, winner=source, runner_up=to, majority=facts.majority,
        winner_electors=totals.get(source, 0), runner_up_electors=totals[to],
        electors_needed=max(needed, 0), units=taken, voters_to_switch=cost,
        margin_sum=sum(u.margin for u in taken),
    )  # fmt: skip


def flip(
    year: int, target: FlipTarget | str = FlipTarget.WIN, record: Record | None = None
) -> Flip:
    """The fewest voters whose switch from the winner to the runner-up reaches ``target``.

    Raises:
        UnknownElectionError: no election in ``year``.
        UnknownRuleError: ``target`` is not ``win`` or ``tie``.
        RuleInputError: no returns, no electors or no electoral votes by state for ``year``;
            the winner's states together cannot reach the target; ``tie`` in a year no
            candidate had a majority (1824).
    """
    record = record or default_record()
    chosen_target = _parse_target(target)
    require_returns(record, year, "flips")
    require_appointments(record, year, "flips")
    pledged = pledged_electors(record, year)
    totals = national_pledged(pledged)
    if len(totals) < 2:
        raise RuleInputError(f"flips {year}: only one candidate had pledged electors")
    (winner, w_electors), (runner_up, r_electors) = list(totals.items())[:2]
    majority = record.election(year).majority
    if w_electors < majority:
        return _without_majority(record, year, chosen_target, pledged, totals)
    needed = majority - r_electors if chosen_target is FlipTarget.WIN else w_electors - majority + 1
    best = _cheapest(record, year, pledged, winner, runner_up, needed)
    if best is None:
        carried = [u for u in units(record, year) if u.winner == winner]
        electors = sum(_electors_moved(u, pledged.get(u.state, {}), winner) for u in carried)
        raise RuleInputError(
            f"flips {year}: the {electors} electors of the units {winner} carried cannot "
            f"move the {needed} needed for target {chosen_target.value!r}"
        )
    cost, taken = best
    return Flip(
        year=year, target=chosen_target, winner=winner, runner_up=runner_up, majority=majority,
        winner_electors=w_electors, runner_up_electors=r_electors, electors_needed=max(needed, 0),
        units=taken, voters_to_switch=cost, margin_sum=sum(u.margin for u in taken),
    )  # fmt: skip
