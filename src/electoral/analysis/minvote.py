"""The minimum popular vote that can win the presidency.

A candidate needs "a majority of the whole number of Electors appointed" (12th Amendment), and
a state's electors go, in nearly every state, to whoever has the most votes in it (U.S. Const.
art. II, §1, cl. 2 leaves the manner to the legislature; every state but Maine and Nebraska
chooses winner take all). So in a two-candidate race the fewest votes that win are
``floor(turnout / 2) + 1`` in each of a set of states holding a majority of electors, and none
anywhere else. Which set is cheapest is a 0/1 knapsack, solved exactly by dynamic programming
over electors (:func:`electoral.analysis._common.cheapest_cover`; a district state is one group of
exclusive options).

Turnout per state, by ``--turnout``:

- ``actual``: the votes cast in the state in that election (the sum of its returns in the
  record); a district state whose district returns are present is split into its districts and
  its electors at large. States whose legislature chose the electors cost no popular vote.
- ``population``: the apportionment population of the census in force for the election (as if
  every resident voted), each state winner take all. DC has no apportionment population in the
  record, so it is left out of the winning set (a note says so).
- ``equal``: every elector stands for the same number of voters (the actual national turnout
  divided by the electors appointed): removes the differences of turnout and the two electors
  per state for the Senate, leaving only winner take all.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from electoral.analysis._common import (
    AT_LARGE,
    cheapest_cover,
    points,
    require_appointments,
    require_returns,
    units,
)
from electoral.data import Record, default_record
from electoral.errors import RuleInputError, UnknownRuleError
from electoral.rules.electors import census_in_force

__all__ = ["MinimumVote", "Turnout", "WinningUnit", "minimum_vote"]


class Turnout(StrEnum):
    """Whose votes count as the turnout of each state."""

    ACTUAL = "actual"
    POPULATION = "population"
    EQUAL = "equal"


@dataclass(frozen=True, slots=True, kw_only=True)
class WinningUnit:
    """A state (or district) in the winning set, won by one vote more than half."""

    unit: str
    electors: int
    turnout: int
    votes: int


@dataclass(frozen=True, slots=True, kw_only=True)
class MinimumVote:
    """The fewest popular votes that win a majority of the electors."""

    year: int
    turnout: Turnout
    majority: int
    electors: int
    """Electors of the winning set (at least the majority)."""
    votes: int
    national_total: int
    units: tuple[WinningUnit, ...]
    notes: tuple[str, ...]

    @property
    def share(self) -> float:
        """The winning votes as a percentage of the national total."""
        return points(self.votes, self.national_total)

    @property
    def states(self) -> tuple[str, ...]:
        return tuple(u.unit for u in self.units)


def _parse_turnout(turnout: Turnout | str) -> Turnout:
    try:
        return Turnout(turnout)
    except ValueError:
        raise UnknownRuleError("turnout", str(turnout), [t.value for t in Turnout]) from None


Candidates = list[tuple[str, int, int]]
"""(unit id, electors, turnout) of every unit that can be won."""


def _actual(record: Record, year: int, notes: list[str]) -> Candidates:
    require_returns(record, year, "minimum popular vote")
    found: Candidates = [(u.id, u.electors, u.turnout) for u in units(record, year)]
    covered = {u.state for u in units(record, year)}
    free = [a for a in record.appointments_in(year) if a.electors and a.state not in covered]
    for a in free:
        found.append((a.state.value, a.electors, 0))
    if free:
        how = ", ".join(f"{a.state} ({a.method})" for a in free)
        notes.append(f"no popular vote decided these electors, counted at no cost: {how}")
    return found


def _population(record: Record, year: int, notes: list[str]) -> Candidates:
    """Each state's apportionment population, from the census whose apportionment governed the
    election (:func:`census_in_force` over the censuses an act apportioned: 1920 has
    populations but no act, so 1924 and 1928 stand on the 1910 census)."""
    apportioned = {a.census for a in record.apportionment if a.seats is not None}
    census = census_in_force(year, apportioned)
    if census is None:
        raise RuleInputError(
            f"minimum popular vote {year} (population): no census's apportionment was in force "
            f"(the first, of {min(apportioned, default=1790)}, governed the elections from "
            f"{min(apportioned, default=1790) + 2}); expected a later election"
        )
    if all(a.population is None for a in record.census(census)):
        raise RuleInputError(
            f"minimum popular vote {year} (population): the record has no apportionment "
            f"populations for the {census} census in force; expected one of "
            f"{', '.join(str(c) for c in sorted(_with_populations(record)))} in force"
        )
    population = {a.state: a.population for a in record.census(census) if a.population}
    found: Candidates = []
    for a in record.appointments_in(year):
        if not a.electors:
            continue
        if a.state in population:
            found.append((a.state.value, a.electors, population[a.state]))
        else:
            notes.append(f"{a.state}: no apportionment population in the {census} census; left out")
    notes.append(f"populations of the {census} census (apportionment); every state winner take all")
    return found


def _with_populations(record: Record) -> set[int]:
    """The apportioned censuses with populations in the record."""
    return {a.census for a in record.apportionment if a.seats is not None and a.population}


def _equal(record: Record, year: int, notes: list[str]) -> Candidates:
    require_returns(record, year, "minimum popular vote")
    total = sum(p.votes for p in record.popular_votes_in(year) if p.district is None)
    appointed = [a for a in record.appointments_in(year) if a.electors]
    electors = sum(a.electors for a in appointed)
    notes.append(f"{total:,} voters spread evenly over {electors} electors")
    return [(a.state.value, a.electors, total * a.electors // electors) for a in appointed]


def _is_district(unit: str) -> bool:
    """Whether ``unit`` is one congressional district (``ME-2``): its voters are also counted
    in the state's electors at large (``ME-AL``), so they count once in the national total."""
    return "-" in unit and not unit.endswith(f"-{AT_LARGE}")


_TURNOUTS = {Turnout.ACTUAL: _actual, Turnout.POPULATION: _population, Turnout.EQUAL: _equal}


def minimum_vote(
    year: int, turnout: Turnout | str = Turnout.ACTUAL, record: Record | None = None
) -> MinimumVote:
    """The fewest popular votes that win a majority of the electors of ``year``.

    Raises:
        UnknownElectionError: no election in ``year``.
        UnknownRuleError: ``turnout`` is not ``actual``, ``population`` or ``equal``.
        RuleInputError: the record lacks the returns or populations the turnout needs.
    """
    record = record or default_record()
    chosen = _parse_turnout(turnout)
    majority = record.election(year).majority
    require_appointments(record, year, "minimum popular vote")
    notes: list[str] = []
    found = _TURNOUTS[chosen](record, year, notes)
    costs = {unit: t // 2 + 1 if t else 0 for unit, _, t in found}
    best = cheapest_cover([(unit, e, costs[unit]) for unit, e, _ in found], majority)
    if best is None:
        raise RuleInputError(
            f"minimum popular vote {year} ({chosen}): the states with data hold fewer than "
            f"the {majority} electors needed"
        )
    won = tuple(
        WinningUnit(unit=unit, electors=e, turnout=t, votes=best[1][unit])
        for unit, e, t in found
        if unit in best[1]
    )
    if any("-" in u.unit for u in won):
        notes.append("district states: the districts and the electors at large are won apart")
    return MinimumVote(
        year=year,
        turnout=chosen,
        majority=majority,
        electors=sum(u.electors for u in won),
        votes=best[0],
        national_total=sum(t for unit, _, t in found if not _is_district(unit)),
        units=tuple(sorted(won, key=lambda u: u.unit)),
        notes=tuple(notes),
    )
