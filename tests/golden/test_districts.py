"""Maine (since 1972) and Nebraska (since 1992) choose electors by congressional district."""

from __future__ import annotations

from collections import Counter

import pytest

from electoral import replay
from electoral.data import default_record
from electoral.model import Office
from electoral.states import State

RECORD = default_record()


def _district_returns(year: int, state: State) -> dict[int, dict[str, int]]:
    returns: dict[int, dict[str, int]] = {}
    for p in RECORD.popular_votes_in(year):
        if p.state is state and p.district is not None:
            returns.setdefault(p.district, {})[p.candidate] = p.votes
    return returns


def _electors(year: int, state: State) -> dict[str, int]:
    return {
        v.candidate: v.votes
        for v in RECORD.votes_in(year)
        if v.state is state and v.office is Office.PRESIDENT and v.candidate is not None
    }


# Nebraska Board of State Canvassers, official report of the 2016 general election, votes for
# president by county and congressional district (as transcribed by OpenElections,
# openelections-data-ne 2016/20161108__ne__general.csv); the 2016 margin in NE-2, 6,534, is
# also in the Lincoln Journal Star, 3 November 2020.
def test_nebraska_2016_by_district():
    returns = _district_returns(2016, State.NE)
    assert {d: (r["Donald Trump"], r["Hillary Clinton"]) for d, r in returns.items()} == {
        1: (158_642, 100_132),
        2: (137_564, 131_030),
        3: (199_755, 53_332),
    }
    assert returns[2]["Donald Trump"] - returns[2]["Hillary Clinton"] == 6_534


@pytest.mark.parametrize(
    ("year", "state"),
    sorted({(p.year, p.state) for p in RECORD.popular_votes if p.district is not None}),
)
def test_district_returns_add_up_to_the_statewide_returns(year, state):
    """The main candidates' district votes sum to their statewide votes (MIT Election Lab).
    Known difference: Stein, Nebraska 2016, 8,776 by district against 8,775 statewide."""
    statewide = {
        p.candidate: p.votes
        for p in RECORD.popular_votes_in(year)
        if p.state is state and p.district is None
    }
    summed: Counter[str] = Counter()
    for returns in _district_returns(year, state).values():
        summed.update(returns)
    main = sorted(statewide, key=statewide.__getitem__, reverse=True)[:3]
    assert {c: summed[c] for c in main} == {c: statewide[c] for c in main}


def test_the_replay_computes_nebraska_2016_from_its_districts():
    """Two electors to the statewide winner, one to each district's winner (Neb. Rev. Stat.
    §32-1038): Trump carried the state and all three districts."""
    result = replay(2016, RECORD)
    check = next(c for c in result.checks if c.name == "pledged electors")
    assert check.passed
    assert _electors(2016, State.NE) == {"Donald Trump": 5}
    assert any(n.startswith("ME: chose its electors by district") for n in result.notes)


# The split electoral votes, 1972-2024 (certificates of vote; Congressional Record of the
# counts): ME-2 to Trump 2016, 2020, 2024; NE-2 to Obama 2008, Biden 2020, Harris 2024.
@pytest.mark.parametrize(
    ("year", "state", "electors"),
    [
        (2008, State.NE, {"John McCain": 4, "Barack Obama": 1}),
        (2016, State.ME, {"Hillary Clinton": 3, "Donald Trump": 1}),
        (2020, State.ME, {"Joe Biden": 3, "Donald Trump": 1}),
        (2020, State.NE, {"Donald Trump": 4, "Joe Biden": 1}),
        (2024, State.ME, {"Kamala Harris": 3, "Donald Trump": 1}),
        (2024, State.NE, {"Donald Trump": 4, "Kamala Harris": 1}),
    ],
)
def test_the_district_splits(year, state, electors):
    assert _electors(year, state) == electors


def test_no_other_district_split_1972_2024():
    splits = {
        (year, state)
        for year in range(1972, 2025, 4)
        for state in (State.ME, State.NE)
        if len(_electors(year, state)) > 1
    }
    assert splits == {
        (2008, State.NE), (2016, State.ME), (2020, State.ME), (2020, State.NE),
        (2024, State.ME), (2024, State.NE),
    }  # fmt: skip
