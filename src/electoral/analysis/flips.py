"""Flips: the fewest popular votes that would have changed the outcome of an election.

Each state appoints its electors "in such Manner as the Legislature thereof may direct" (U.S.
Const. art. II, §1, cl. 2): by winner take all nearly everywhere, so a handful of voters in a
close state move all its electors; the majority of electors appointed decides (12th
Amendment). The question is a 0/1 knapsack: choose the units whose electors, moved to the
candidate the flip elects (the *beneficiary*), reach the target, at the least number of voters
switching. It is solved exactly by dynamic programming over electors
(:func:`electoral.analysis._common.min_cost_cover_groups`; a district state is one group of
exclusive options), not by taking the closest states first.

What one unit costs (:func:`switch_sources`). The voters switched in a unit go to the
beneficiary ``b`` from whichever other candidates make that cheapest, and ``b`` must then have
more votes than every other candidate (a plurality, the rule of every general ticket and
district). If ``X`` voters switch, ``x_c`` of them from candidate ``c`` with ``r_c`` votes, ``b``
carries the unit when ``r_b + X > r_c - x_c`` for every ``c``, i.e. ``x_c >= r_c - r_b + 1 - X``.
So ``X`` switches suffice exactly when ``sum_c max(0, r_c - r_b + 1 - X) <= X`` (and ``X`` is at
most the others' votes); the left side falls as ``X`` rises, so the least such ``X`` is found by
bisection. Those ``x_c`` are taken, and any rest from the candidates in order of votes (the
unit's winner first).

- From one candidate only, the unit's winner ``w`` is always the cheapest source: from ``w`` the
  cost is ``max(floor((r_w - r_b) / 2) + 1, r_t - r_b + 1)`` over the third candidates ``t``
  (:func:`flip_cost`); from any other ``s`` it is at least ``r_w - r_b + 1``, which is no less,
  since ``r_w >= r_t``. So a single source per unit only ever means the unit's own winner: the
  1824 answer takes Ohio from Clay and Virginia from Crawford.
- Voters of several candidates together can cost less, where a second candidate runs close to
  the winner: with ``w`` 100, ``t`` 99, ``b`` 0, switching from ``w`` alone needs 100 voters
  (``b`` must pass ``t``'s 99), from both 67 (34 + 33: ``b`` 67, ``w`` 66, ``t`` 66). The cost
  of a unit is this true minimum, and the result gives its sources.

What denying the winner a unit costs (``tie``, :func:`deny_sources`). A majority is denied
as soon as enough of the winner's units stop being the winner's; to whom they go does not
matter. A unit stops being the winner's ``w`` when another candidate has *more* votes than
``w``: the module's rule throughout is the outright plurality (a unit tied for first has no
winner, :attr:`electoral.analysis._common.Unit.winner`, and moves no electors), so a tie with
``w`` is not counted as taking the unit from it. The cost of a unit is the least, over every
other candidate ``b`` on its returns (not :data:`NOBODY`; the runner-up too, though without
votes there), of :func:`switch_sources` for ``b``: ``b`` then carries the unit outright. The
least is the unit's second ``s``, with ``floor((r_w - r_s) / 2) + 1`` of the winner's voters,
and this is also the fewest that leave *anyone* ahead of ``w``, so the two readings agree:
a voter leaving ``w`` for ``b`` narrows the gap ``r_w - r_b`` by two, any other by at most one,
so ``b`` passes ``w`` with no fewer than ``floor((r_w - r_b) / 2) + 1``, least for ``b = s``;
and those leave ``s`` ahead of ``w`` and of every other (``r_s + k > r_w - k``, ``r_c <= r_s``).
Of equal costs the runner-up is preferred, then the unit's order. The districts of a district
state may go to different candidates; its electors at large then go to the cheapest candidate
on the statewide returns once the districts' voters have moved (checked against the lower
bound as for ``win``). The 1860 answer gives Oregon to Breckinridge and California, Illinois
and Indiana to Douglas (18,238 voters; 44,708 when every unit went to the runner-up).

Assumptions, stated:

- The baseline is the electors *pledged* (the slates chosen on the returns, with every faithless
  vote undone); electors chosen by a legislature cannot be flipped by voters.
- ``win``: the runner-up (the second in pledged electors nationally) reaches a majority. Any unit
  it did not carry may be flipped to it: the winner's, and a third candidate's (1912, 1948,
  1968...). ``tie``: the winner falls below a majority: only the winner's units, each flipped to
  whichever other candidate takes it most cheaply (below). ``flip(..., to=...)`` names one
  beneficiary for every unit, for either target.
- ``voters_to_switch`` of a unit is the minimum above (from the winner alone,
  ``floor(margin / 2) + 1``: one switch moves the margin by two); ``margin_sum`` is the sum of
  the unit winners' margins over the beneficiary in the units flipped (the figure usually
  quoted, e.g. 77,744 in 2016).
- A whole-state unit moves the electors pledged to its plurality winner (a split slate moves
  only those); a district or at-large unit moves its own electors. Maine's and Nebraska's
  districts are units only where the record holds their returns; otherwise the state is one
  unit (so are the district states of 1824: IL, KY, MD, ME, MO, TN).
- A district state's electors at large need the statewide plurality, and the voters switched
  to carry some of its districts count towards it: winning the electors at large with a set of
  districts costs the districts' voters plus the least further switches on the statewide
  returns once those voters have moved. That is a plan that works, and it is the least
  possible when it equals ``max(districts' voters, the statewide cost alone)``, a lower bound
  (each part needs at least its own minimum): so it is in every district state of the record
  (tests/analysis/test_flips.py).
- Where no candidate had a majority of the pledged electors and the House chose the president
  (1824), there is no majority to take away: ``tie`` has no meaning, and ``win`` is the fewest
  voters switching that give a candidate other than the House's choice a majority of the
  electors, the cheapest such candidate (1824: Andrew Jackson, with Clay's voters in Ohio and
  Crawford's in Virginia, 3,176 voters; 6,137 when only one pair of candidates was tried).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import combinations, product
from typing import Final

from electoral.analysis._common import (
    AT_LARGE,
    Unit,
    min_cost_cover_groups,
    national_pledged,
    pledged_electors,
    require_appointments,
    require_returns,
    units,
)
from electoral.data import Record, default_record
from electoral.errors import RuleInputError, UnknownRuleError
from electoral.model import ChosenBy
from electoral.rules.count import rank
from electoral.states import State

__all__ = [
    "NOBODY",
    "Flip",
    "FlipTarget",
    "FlippedUnit",
    "flip",
    "deny_sources",
    "flip_cost",
    "switch_cost",
    "switch_sources",
]


NOBODY: Final = frozenset({"Others", "None of These Candidates"})
"""Lines of the returns that are no candidate and carry no unit: the lump of unnamed
candidates (as :data:`electoral.analysis.reform.UNNAMED`) and Nevada's "None of These
Candidates" (NRS 293.269: only the named candidates' votes decide). They are still rivals a
beneficiary must pass."""


class FlipTarget(StrEnum):
    """What the flipped votes must achieve."""

    WIN = "win"
    """The runner-up reaches a majority of the electors appointed and is elected (with no
    majority, as in 1824: a candidate other than the House's choice reaches one)."""
    TIE = "tie"
    """The winner falls below a majority (e.g. 269-269): the choice passes to the House."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FlippedUnit:
    """A state (or district) flipped to a beneficiary, and whose voters switch."""

    unit: str
    carried_by: str
    """The unit's plurality winner, whose electors it moves."""
    to: str
    """The beneficiary in this unit, whom its switching voters join (``tie``: the cheapest of
    the candidates but the winner, unit by unit)."""
    electors: int
    margin: int
    """The unit winner's votes less the beneficiary's."""
    voters_to_switch: int
    """For electors at large: the switches beyond those that carry the state's districts."""
    sources: dict[str, int]
    """The voters switching, by the candidate they leave, most first."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Flip:
    """The cheapest flip of an election's outcome."""

    year: int
    target: FlipTarget
    winner: str
    """The candidate the flip defeats: the one with the most pledged electors, a majority (with
    no majority, 1824: the president the House chose)."""
    runner_up: str
    """The beneficiary, whom the switched voters join: the second in pledged electors (with no
    majority: the candidate the switch gives a majority most cheaply), or the one asked for.
    ``tie`` without ``to``: the second in pledged electors; each unit names its own
    beneficiary (:attr:`FlippedUnit.to`, :attr:`beneficiaries`)."""
    majority: int
    winner_electors: int
    runner_up_electors: int
    electors_needed: int
    """``win``: electors the beneficiary must gain; ``tie``: electors the winner must lose."""
    units: tuple[FlippedUnit, ...]
    voters_to_switch: int
    margin_sum: int
    pledged: dict[str, int] = field(default_factory=dict)
    """Pledged electors nationally, by candidate, most first."""

    @property
    def electors_after(self) -> dict[str, int]:
        """:attr:`pledged` once each flipped unit's electors have moved from its winner to its
        beneficiary, most first (``tie``: the winner short of a majority, and possibly another
        candidate past one, as Gore in 2000)."""
        after = Counter(self.pledged)
        for u in self.units:
            after[u.carried_by] -= u.electors
            after[u.to] += u.electors
        return rank({c: n for c, n in after.items() if n > 0})

    @property
    def states(self) -> tuple[str, ...]:
        return tuple(u.unit for u in self.units)

    @property
    def beneficiaries(self) -> dict[str, int]:
        """The electors moved in all the units, by the candidate they go to, most first."""
        total: Counter[str] = Counter()
        for u in self.units:
            total[u.to] += u.electors
        return rank(total)

    @property
    def sources(self) -> dict[str, int]:
        """The voters switching in all the units, by the candidate they leave, most first."""
        total: Counter[str] = Counter()
        for u in self.units:
            total.update(u.sources)
        return rank(total)


def flip_cost(returns: Mapping[str, int], winner: str, runner_up: str) -> int:
    """Voters who must switch from ``winner`` to ``runner_up`` for the runner-up to carry the
    unit outright: past the winner, and past any third candidate. Of all single sources the
    unit's winner is the cheapest (module docstring); :func:`switch_cost` also mixes sources.

    >>> flip_cost({"A": 2912790, "B": 2912253}, "A", "B")
    269
    >>> flip_cost({"A": 100, "C": 80, "B": 10}, "A", "B")
    71
    """
    ahead = returns.get(winner, 0)
    behind = returns.get(runner_up, 0)
    third = max((v for c, v in returns.items() if c not in (winner, runner_up)), default=0)
    return max((ahead - behind) // 2 + 1, third - behind + 1)


def _shortfall(others: Sequence[int], behind: int, switched: int) -> int:
    """Switches the others' totals require when ``switched`` voters join the beneficiary."""
    return sum(max(0, votes - behind + 1 - switched) for votes in others)


def switch_sources(returns: Mapping[str, int], beneficiary: str) -> dict[str, int] | None:
    """The fewest voters who, switching to ``beneficiary`` from any other candidates, make it
    the unit's outright plurality winner, by the candidate they leave (most first); ``{}``
    when it already is, ``None`` when no switch can (no votes at all).

    The least ``X`` with ``sum_c max(0, r_c - r_b + 1 - X) <= X`` (module docstring).

    >>> switch_sources({"A": 100, "C": 99, "B": 0}, "B")
    {'A': 34, 'C': 33}
    >>> switch_sources({"A": 2912790, "B": 2912253, "N": 97488}, "B")
    {'A': 269}
    """
    behind = returns.get(beneficiary, 0)
    ranked = [(c, v) for c, v in rank(dict(returns)).items() if c != beneficiary and v > 0]
    votes = [v for _, v in ranked]
    available = sum(votes)
    if behind + available == 0:
        return None
    low, high = 0, available
    while low < high:
        middle = (low + high) // 2
        if _shortfall(votes, behind, middle) <= middle:
            high = middle
        else:
            low = middle + 1
    taken = {c: max(0, v - behind + 1 - low) for c, v in ranked}
    rest = low - sum(taken.values())
    for c, v in ranked:
        extra = min(rest, v - taken[c])
        taken[c] += extra
        rest -= extra
    return rank({c: n for c, n in taken.items() if n > 0})


def switch_cost(returns: Mapping[str, int], beneficiary: str) -> int | None:
    """The number of voters :func:`switch_sources` switches (``None``: no switch can).

    >>> switch_cost({"W": 100, "T": 99, "B": 0}, "B"), flip_cost({"W": 100, "T": 99}, "W", "B")
    (67, 100)
    """
    sources = switch_sources(returns, beneficiary)
    return None if sources is None else sum(sources.values())


def deny_sources(
    returns: Mapping[str, int], winner: str, beneficiaries: Sequence[str] | None = None
) -> tuple[str, dict[str, int]] | None:
    """The fewest voters whose switch takes the unit from ``winner``: the beneficiary they join
    (the cheapest of ``beneficiaries``, in their order on equal cost; default: every candidate
    on the unit's returns but ``winner`` and :data:`NOBODY`, most votes first) and
    :func:`switch_sources` for it; ``None`` when no one can carry it.

    The beneficiary carries the unit outright, the module's rule; the cheapest is the unit's
    second, with ``floor((r_w - r_2) / 2) + 1`` of the winner's voters, which is also the
    fewest that leave *anyone* ahead of the winner (module docstring).

    >>> deny_sources({"Nixon": 100, "Wallace": 90, "Humphrey": 60}, "Nixon")
    ('Wallace', {'Nixon': 6})
    >>> deny_sources({"Nixon": 100, "Wallace": 90, "Humphrey": 60}, "Nixon", ["Humphrey"])
    ('Humphrey', {'Nixon': 17, 'Wallace': 7})
    """
    if beneficiaries is None:
        beneficiaries = [c for c in returns if c != winner and c not in NOBODY]
    best: tuple[str, dict[str, int]] | None = None
    for b in beneficiaries:
        sources = switch_sources(returns, b)
        if sources is not None and (best is None or sum(sources.values()) < sum(best[1].values())):
            best = (b, sources)
    return best


def _parse_target(target: FlipTarget | str) -> FlipTarget:
    try:
        return FlipTarget(target)
    except ValueError:
        raise UnknownRuleError("flip target", str(target), [t.value for t in FlipTarget]) from None


def _electors_moved(unit: Unit, pledged: Mapping[str, int]) -> int:
    """Electors the unit moves: a whole-state unit moves the electors pledged to its plurality
    winner (a split slate moves only those); a district or at-large unit moves its own."""
    if unit.id != unit.state.value:
        return unit.electors
    return min(unit.electors, pledged.get(unit.winner, 0)) if unit.winner else 0


@dataclass(frozen=True, slots=True)
class _Goal:
    """Whom a flip's units go to: ``to`` (in order of preference on equal cost), and for
    ``tie`` by default (``any_other``) also any other candidate on a unit's returns; which units
    it may take: those ``carried_by`` carried (``tie``), else any a beneficiary did not."""

    to: tuple[str, ...]
    carried_by: str | None = None
    any_other: bool = False

    def takes(self, unit: Unit) -> bool:
        if self.carried_by is not None:
            return unit.winner == self.carried_by
        return unit.winner not in self.to

    def beneficiaries(self, unit: Unit) -> list[str]:
        if not self.any_other:
            return list(self.to)
        rest = [
            c for c, v in unit.returns.items()
            if v > 0 and c not in self.to and c != self.carried_by and c not in NOBODY
        ]  # fmt: skip
        return [*self.to, *rest]


def _flipped(
    unit: Unit, to: Sequence[str], electors: int, returns: Mapping[str, int] | None = None
) -> FlippedUnit | None:
    """``unit`` flipped to the cheapest of ``to`` on ``returns`` (default: its own; the
    electors at large: the statewide returns once the districts' switches have moved)."""
    found = deny_sources(returns if returns is not None else unit.returns, unit.winner or "", to)
    if found is None:
        return None
    b, sources = found
    top = max((v for c, v in unit.returns.items() if c != b), default=0)
    return FlippedUnit(
        unit=unit.id,
        carried_by=unit.winner or "",
        to=b,
        electors=electors,
        margin=top - unit.returns.get(b, 0),
        voters_to_switch=sum(sources.values()),
        sources=sources,
    )


@dataclass(frozen=True, slots=True)
class _Option:
    """One way to win (part of) a state: the units flipped, their electors, the voters."""

    flipped: tuple[FlippedUnit, ...]
    electors: int
    cost: int


def _after(returns: Mapping[str, int], moves: Sequence[FlippedUnit]) -> dict[str, int]:
    """``returns`` once the voters of ``moves`` have switched, each to its unit's beneficiary."""
    moved = dict(returns)
    for f in moves:
        for c, n in f.sources.items():
            moved[c] = moved.get(c, 0) - n
            moved[f.to] = moved.get(f.to, 0) + n
    return rank(moved)


def _district_state(parts: Sequence[Unit], goal: _Goal) -> list[_Option]:
    """Every way to win part of a district state: some of its districts, each to one of its
    beneficiaries, with or without its electors at large (the at-large switches counted beyond
    the districts'); of those moving as many electors, only the cheapest (the first found)."""
    at_large = next((u for u in parts if u.id.endswith(f"-{AT_LARGE}")), None)
    districts = [
        ways for u in parts if u is not at_large
        if (ways := [f for b in goal.beneficiaries(u) if (f := _flipped(u, [b], u.electors))])
    ]  # fmt: skip
    cheapest: dict[int, _Option] = {}

    def keep(option: _Option) -> None:
        if option.electors not in cheapest or option.cost < cheapest[option.electors].cost:
            cheapest[option.electors] = option

    for size in range(len(districts) + 1):
        for chosen in combinations(districts, size):
            for subset in product(*chosen):
                electors = sum(f.electors for f in subset)
                cost = sum(f.voters_to_switch for f in subset)
                if subset:
                    keep(_Option(subset, electors, cost))
                if at_large is None:
                    continue
                moved = _after(at_large.returns, subset)
                rest = _flipped(at_large, goal.beneficiaries(at_large), at_large.electors, moved)
                if rest is not None:
                    keep(
                        _Option(
                            (*subset, rest), electors + rest.electors, cost + rest.voters_to_switch
                        )
                    )
    return list(cheapest.values())


def _options(
    record: Record, year: int, pledged: Mapping[State, Mapping[str, int]], goal: _Goal
) -> list[list[_Option]]:
    """The groups of exclusive options, one group per state: every unit of ``year`` that
    ``goal`` takes, flipped to its cheapest beneficiary."""
    return _groups(units(record, year), pledged, goal)


def _groups(
    found: Sequence[Unit], pledged: Mapping[State, Mapping[str, int]], goal: _Goal
) -> list[list[_Option]]:
    """:func:`_options` of the units ``found``."""
    by_state: dict[State, list[Unit]] = {}
    for u in found:
        if goal.takes(u):
            by_state.setdefault(u.state, []).append(u)
    groups: list[list[_Option]] = []
    for state, parts in by_state.items():
        if len(parts) == 1 and parts[0].id == state.value:
            electors = _electors_moved(parts[0], pledged.get(state, {}))
            flipped = _flipped(parts[0], goal.beneficiaries(parts[0]), electors)
            if flipped is not None and electors > 0:
                groups.append([_Option((flipped,), electors, flipped.voters_to_switch)])
        else:
            groups.append(_district_state(parts, goal))
    return groups


def _cheapest(
    groups: Sequence[Sequence[_Option]], needed: int
) -> tuple[int, tuple[FlippedUnit, ...]] | None:
    """The cheapest options, at most one a group, whose electors reach ``needed``: (voters to
    switch, the units, closest margin first), or ``None`` when all together fall short."""
    best = min_cost_cover_groups([[(o.electors, o.cost) for o in g] for g in groups], needed)
    if best is None:
        return None
    taken = [f for g, k in best[1] for f in groups[g][k].flipped]
    return best[0], tuple(sorted(taken, key=lambda u: (u.margin, u.unit)))


def _majority_short(record: Record, year: int, totals: Mapping[str, int]) -> str:
    facts = record.election(year)
    leader, most = next(iter(totals.items()))
    house = facts.president_chosen_by is ChosenBy.HOUSE
    return (
        f"flips {year}: no candidate had a majority of the pledged electors ({leader} {most}, "
        f"{facts.majority} needed)" + (f" and the House chose {facts.president}" if house else "")
    )


def _beneficiaries(
    year: int, totals: Mapping[str, int], winner: str, to: str | None, default: list[str]
) -> list[str]:
    if to is None:
        return default
    if to not in totals:
        raise RuleInputError(
            f"flips {year}: {to!r} had no pledged electors; expected one of {', '.join(totals)}"
        )
    if to == winner:
        raise RuleInputError(
            f"flips {year}: {to} is the candidate the flip defeats; expected another of "
            f"{', '.join(c for c in totals if c != winner)}"
        )
    return [to]


def flip(
    year: int,
    target: FlipTarget | str = FlipTarget.WIN,
    record: Record | None = None,
    *,
    to: str | None = None,
) -> Flip:
    """The fewest voters whose switch reaches ``target``: for ``win`` they elect ``to`` (default:
    the runner-up; with no majority, 1824: the cheapest candidate but the House's choice),
    for ``tie`` they take the winner's units for ``to`` (default: in each unit, whichever
    other candidate takes it most cheaply).

    Raises:
        UnknownElectionError: no election in ``year``.
        UnknownRuleError: ``target`` is not ``win`` or ``tie``.
        RuleInputError: no returns, no electors or no electoral votes by state for ``year``;
            ``to`` had no pledged electors or is the candidate the flip defeats; the units
            together cannot reach the target; ``tie`` in a year no candidate had a majority
            (1824).
    """
    record = record or default_record()
    chosen = _parse_target(target)
    require_returns(record, year, "flips")
    require_appointments(record, year, "flips")
    pledged = pledged_electors(record, year)
    totals = national_pledged(pledged)
    if len(totals) < 2:
        raise RuleInputError(f"flips {year}: only one candidate had pledged electors")
    facts = record.election(year)
    majority = facts.majority
    leader, most = next(iter(totals.items()))
    has_majority = most >= majority
    if not has_majority and chosen is FlipTarget.TIE:
        raise RuleInputError(
            f"{_majority_short(record, year, totals)}: there is no majority to deny; expected "
            "target 'win' (the fewest voters that give another candidate a majority)"
        )
    winner = leader if has_majority else facts.president
    runner_up = next(c for c in totals if c != winner)
    default = [runner_up] if has_majority else [c for c in totals if c != winner]
    found: tuple[int, str, int, tuple[FlippedUnit, ...]] | None = None
    for b in _beneficiaries(year, totals, winner, to, default):
        if chosen is FlipTarget.TIE:
            needed, goal = most - majority + 1, _Goal((b,), winner, any_other=to is None)
        else:
            needed, goal = majority - totals[b], _Goal((b,))
        best = _cheapest(_options(record, year, pledged, goal), needed)
        if best is not None and (found is None or best[0] < found[0]):
            found = (best[0], b, needed, best[1])
    if found is None:
        why = (
            f"no switch of voters gives {' or '.join(default if to is None else [to])} a "
            "majority of the electors"
            if chosen is FlipTarget.WIN
            else f"the units {winner} carried cannot move the {most - majority + 1} electors "
            "needed for target 'tie'"
        )
        prefix = f"flips {year}" if has_majority else _majority_short(record, year, totals)
        raise RuleInputError(f"{prefix}: {why}")
    cost, beneficiary, needed, taken = found
    return Flip(
        year=year, target=chosen, winner=winner, runner_up=beneficiary, majority=majority,
        winner_electors=totals[winner], runner_up_electors=totals[beneficiary],
        electors_needed=max(needed, 0), units=taken, voters_to_switch=cost,
        margin_sum=sum(u.margin for u in taken), pledged=totals,
    )  # fmt: skip
