from __future__ import annotations

from electoral.model import Law, Office
from electoral.rules.ballots import Defection, cast_ballots
from electoral.states import State


def _defection(
    state: State, voted_for: str | None, bound: bool = True, pledged_to: str = "Hillary Clinton"
) -> Defection:
    return Defection(
        state=state,
        office=Office.PRESIDENT,
        electors=1,
        pledged_to=pledged_to,
        voted_for=voted_for,
        is_bound_by_law=bound,
    )


def test_2016_washington_penalty_lets_the_vote_stand_colorado_replaces_it():
    pledged = {State.WA: {"Hillary Clinton": 12}, State.CO: {"Hillary Clinton": 9}}
    defections = [_defection(State.WA, "Colin Powell"), _defection(State.CO, "John Kasich")]
    laws = {State.WA: Law.PENALTY, State.CO: Law.CANCEL_REPLACE}
    ballots = cast_ballots(pledged, defections, laws)
    assert ballots[State.WA] == {"Hillary Clinton": 11, "Colin Powell": 1}
    assert ballots[State.CO] == {"Hillary Clinton": 9}


def test_no_law_and_abstention():
    ballots = cast_ballots(
        {State.DC: {"Al Gore": 3}}, [_defection(State.DC, None, pledged_to="Al Gore")], {}
    )
    assert ballots[State.DC] == {"Al Gore": 2, None: 1}


def test_an_unbound_deviation_stands_even_where_a_law_would_cancel_it():
    pledged = {State.GA: {"Hillary Clinton": 3}}
    ballots = cast_ballots(
        pledged, [_defection(State.GA, "B", bound=False)], {State.GA: Law.CANCEL_REPLACE}
    )
    assert ballots[State.GA] == {"Hillary Clinton": 2, "B": 1}
