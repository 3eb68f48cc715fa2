"""What a forecast returns, whichever way it was computed, and the contingent election applied
to it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from electoral.errors import RuleInputError
from electoral.forecast.contests import STATES_IN_HOUSE, Contests
from electoral.rules.count import majority_of

__all__ = ["Forecast", "House", "Odds", "check_picks", "house_winner", "summarise"]

House = Mapping[str, int]
"""State delegations held by each side in the House that would choose (12th Amendment)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Forecast:
    """The odds: the distribution of the first candidate's electoral votes and what follows.

    ``p_win`` is the chance of a majority of the electors; ``p_president`` adds the outcomes the
    House would decide (one vote per state delegation, a majority of the 50 needed);
    ``p_unresolved`` is the chance that no majority of electors is reached and the House as
    given elects no one.
    """

    candidates: tuple[str, str]
    contests: tuple[str, ...]
    electors: int
    majority: int
    method: str
    """``exact`` or ``mc``."""
    model: str
    sims: int
    """Simulations run (0 for the exact method)."""
    seed: int | None
    ev_distribution: tuple[float, ...]
    """P(the first candidate wins k electoral votes), k = 0 .. electors."""
    p_win: dict[str, float]
    p_tie: float
    p_no_majority: float
    p_president: dict[str, float]
    p_unresolved: float
    house: dict[str, int] = field(default_factory=dict)
    p_split: float | None = None
    """P(the popular-vote winner is not the electoral-vote winner); needs turnouts."""
    tipping: dict[str, float] | None = None
    """P(each contest is the tipping point): ordering contests by the winner's margin, the one
    whose electors carry the winner past the majority."""
    vpi: dict[str, float] | None = None
    """Voter power index: P(tipping point) per voter, relative to the average voter (1)."""
    picks: dict[str, str] = field(default_factory=dict)
    p_picks: float | None = None
    """The probability of the picks (the forecast is conditional on them)."""
    effective_sims: float | None = None
    """Effective sample size of a weighted or filtered Monte Carlo run: (Σw)² / Σw²."""

    @property
    def mean_ev(self) -> float:
        """The first candidate's expected electoral votes."""
        return float(np.dot(np.arange(len(self.ev_distribution)), self.ev_distribution))


def check_picks(contests: Contests, picks: Mapping[str, str] | None) -> dict[int, bool]:
    """Picks by contest position: ``True`` when the first candidate wins the contest.

    Raises:
        RuleInputError: an unknown contest or candidate.
    """
    chosen: dict[int, bool] = {}
    for contest, winner in (picks or {}).items():
        if winner not in contests.candidates:
            raise RuleInputError(
                f"pick {contest}={winner}: expected a winner among {', '.join(contests.candidates)}"
            )
        chosen[contests.index(contest)] = winner == contests.candidates[0]
    return chosen


def house_winner(
    house: House, candidates: tuple[str, str], states: int = STATES_IN_HOUSE
) -> str | None:
    """The side holding a majority of the ``states`` delegations (12th Amendment: "a majority of
    all the states shall be necessary to a choice"; 26 of 50), if either does.

    Raises:
        RuleInputError: an unknown side, a negative count, or more delegations than states.
    """
    for name, count in house.items():
        if name not in candidates or count < 0:
            raise RuleInputError(f"House delegations {name}:{count}: unknown side or negative")
    if sum(house.values()) > states:
        raise RuleInputError(
            f"House delegations {dict(house)}: {sum(house.values())}, more than the {states} states"
        )
    needed = majority_of(states)
    return next((c for c in candidates if house.get(c, 0) >= needed), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Odds:
    """The chances that follow from an electoral-vote distribution and the House."""

    p_win: dict[str, float]
    p_tie: float
    p_no_majority: float
    p_president: dict[str, float]
    p_unresolved: float
    house: dict[str, int]


def summarise(dist: npt.NDArray[np.float64], contests: Contests, house: House | None) -> Odds:
    """The chances of a majority, a 269-269 tie, no majority, and of the presidency once the
    House has voted (12th Amendment: a majority of the state delegations elects)."""
    a, b = contests.candidates
    total, majority = contests.electors, contests.majority
    p_a = float(dist[majority:].sum())
    p_b = float(dist[: total - majority + 1].sum())
    p_none = float(dist[total - majority + 1 : majority].sum())
    p_tie = float(dist[total // 2]) if total % 2 == 0 else 0.0
    chosen = house_winner(house or {}, contests.candidates, contests.states_in_house)
    president = {a: p_a, b: p_b}
    if chosen is not None:
        president[chosen] += p_none
    return Odds(
        p_win={a: p_a, b: p_b},
        p_tie=p_tie,
        p_no_majority=p_none,
        p_president=president,
        p_unresolved=0.0 if chosen is not None else p_none,
        house=dict(house or {}),
    )
