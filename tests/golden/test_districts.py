"""Maine (since 1972) and Nebraska (since 1992) choose electors by congressional district."""

from __future__ import annotations

from collections import Counter

import pytest

from electoral import replay
from electoral.data import default_record
from electoral.model import Office
from electoral.rules.count import rank
from electoral.states import State

RECORD = default_record()
DISTRICT_YEARS = [(y, State.ME) for y in range(1972, 2025, 4)] + [
    (y, State.NE) for y in range(1992, 2025, 4)
]


def _district_returns(year: int, state: State) -> dict[int, dict[str, int]]:
    returns: dict[int, dict[str, int]] = {}
    for p in RECORD.popular_votes_in(year):
        if p.state is state and p.district is not None:
            returns.setdefault(p.district, {})[p.candidate] = p.votes
    return returns


def _statewide(year: int, state: State) -> dict[str, int]:
    return {
        p.candidate: p.votes
        for p in RECORD.popular_votes_in(year)
        if p.state is state and p.district is None
    }


def _main_two(year: int, state: State) -> tuple[str, str]:
    """The Democratic and the Republican nominee, by the statewide rows' parties."""
    parties = {
        p.party: p.candidate
        for p in RECORD.popular_votes_in(year)
        if p.state is state and p.district is None
    }
    return parties["Democratic"], parties["Republican"]


def _electors(year: int, state: State) -> dict[str, int]:
    return {
        v.candidate: v.votes
        for v in RECORD.votes_in(year)
        if v.state is state and v.office is Office.PRESIDENT and v.candidate is not None
    }


# Democratic and Republican votes by district. Sources (data/notes/elections.md, "Districts"):
# 1972-2008 English Wikipedia, "YEAR United States presidential election in Maine/Nebraska",
# results by congressional district (Kenneth Black's compilation agrees except where noted there);
# 2012 and 2016 Maine, the Governor's certificates of ascertainment (NARA); 2012, 2016, 2020 and
# 2024 Nebraska, the Board of State Canvassers' official reports; 2020 and 2024 Maine, the
# Secretary of State's tabulation by congressional district. Wikipedia gives the same figures
# for 2012-2024.
PINNED: dict[tuple[int, State], dict[int, tuple[int, int]]] = {
    (1972, State.ME): {1: (85_028, 135_388), 2: (75_556, 121_120)},
    (1976, State.ME): {1: (123_598, 127_019), 2: (108_681, 109_301)},
    (1980, State.ME): {1: (117_613, 126_274), 2: (103_361, 112_248)},
    (1984, State.ME): {1: (117_450, 175_472), 2: (97_065, 161_028)},
    (1988, State.ME): {1: (131_078, 169_292), 2: (112_491, 137_839)},
    (1992, State.ME): {1: (145_191, 115_697), 2: (118_229, 90_807)},
    (1996, State.ME): {1: (165_053, 100_851), 2: (147_735, 85_527)},
    (2000, State.ME): {1: (176_293, 148_618), 2: (143_658, 137_998)},
    (2004, State.ME): {1: (211_703, 165_824), 2: (185_139, 164_377)},
    (2008, State.ME): {1: (232_145, 144_604), 2: (189_778, 150_669)},
    (2012, State.ME): {1: (223_035, 142_937), 2: (177_998, 149_215)},
    (2016, State.ME): {1: (212_774, 154_384), 2: (144_817, 181_177)},
    (2020, State.ME): {1: (266_376, 164_045), 2: (168_696, 196_692)},
    (2024, State.ME): {1: (258_863, 165_214), 2: (176_789, 212_763)},
    (1992, State.NE): {1: (80_696, 107_081), 2: (78_701, 115_255), 3: (57_467, 121_342)},
    (1996, State.NE): {1: (87_713, 114_560), 2: (84_666, 116_892), 3: (64_382, 132_015)},
    (2000, State.NE): {1: (86_946, 142_562), 2: (88_975, 131_485), 3: (55_859, 159_815)},
    (2004, State.NE): {1: (96_314, 169_888), 2: (97_858, 153_041), 3: (60_156, 189_885)},
    (2008, State.NE): {1: (121_411, 148_179), 2: (138_809, 135_439), 3: (73_099, 169_361)},
    (2012, State.NE): {1: (108_082, 152_021), 2: (121_889, 140_976), 3: (72_110, 182_067)},
    (2016, State.NE): {1: (100_132, 158_642), 2: (131_030, 137_564), 3: (53_332, 199_755)},
    (2020, State.NE): {1: (132_261, 180_290), 2: (176_468, 154_377), 3: (65_854, 222_179)},
    (2024, State.NE): {1: (136_153, 177_666), 2: (163_541, 148_905), 3: (70_301, 238_245)},
}

# Where the districts' sum is not the statewide figure (data/notes/elections.md): the Maine
# certificates of 2012 and 2016 leave the overseas ballots "not tallied according to a
# Congressional district" out of the districts (415 and 184 votes); 1972 Maine's district
# figures give Nixon 50 votes more than the statewide return (both compilations read).
SHORTFALL: dict[tuple[int, State], tuple[int, int]] = {
    (1972, State.ME): (0, -50),
    (2012, State.ME): (273, 124),
    (2016, State.ME): (144, 32),
}
OVERSEAS_NOT_BY_DISTRICT = {(2012, State.ME): 415, (2016, State.ME): 184}

# Years whose district rows carry every candidate (the named ones and `Others`), so that their
# total is the state's.
COMPLETE = {
    (1996, State.ME), (2000, State.ME), (2004, State.ME), (2008, State.ME), (2020, State.ME),
    (2024, State.ME), (1996, State.NE), (2000, State.NE), (2020, State.NE), (2024, State.NE),
}  # fmt: skip


def test_every_district_year_is_in_the_record():
    assert sorted({(p.year, p.state) for p in RECORD.popular_votes if p.district is not None}) == (
        sorted(DISTRICT_YEARS)
    )


@pytest.mark.parametrize(("year", "state"), DISTRICT_YEARS)
def test_the_two_nominees_by_district(year, state):
    dem, rep = _main_two(year, state)
    returns = _district_returns(year, state)
    assert {d: (r[dem], r[rep]) for d, r in returns.items()} == PINNED[year, state]


@pytest.mark.parametrize(("year", "state"), DISTRICT_YEARS)
def test_district_returns_add_up_to_the_statewide_returns(year, state):
    """The two nominees' district votes sum to their statewide votes (MIT Election Lab 1976-2020,
    FEC 2024, the 1972 compilation), except the pinned shortfalls."""
    statewide = _statewide(year, state)
    summed: Counter[str] = Counter()
    for returns in _district_returns(year, state).values():
        summed.update(returns)
    dem, rep = _main_two(year, state)
    gap = (statewide[dem] - summed[dem], statewide[rep] - summed[rep])
    assert gap == SHORTFALL.get((year, state), (0, 0))
    if (year, state) in OVERSEAS_NOT_BY_DISTRICT:
        assert sum(gap) <= OVERSEAS_NOT_BY_DISTRICT[year, state]
    if (year, state) in COMPLETE:
        assert sum(summed.values()) == sum(statewide.values())


def test_the_third_candidates_by_district():
    """Anderson (1980) and Perot (1992) by district sum to their statewide votes."""
    for year, state, candidate in [
        (1980, State.ME, "John B. Anderson"),
        (1992, State.ME, "Ross Perot"),
        (1992, State.NE, "Ross Perot"),
    ]:
        by_district = sum(r[candidate] for r in _district_returns(year, state).values())
        assert by_district == _statewide(year, state)[candidate], (year, state)


# Nebraska Board of State Canvassers, official report of the 2016 general election (as
# transcribed by OpenElections); the 2016 margin in NE-2, 6,534, is also in the Lincoln Journal
# Star, 3 November 2020.
def test_nebraska_2016_by_district():
    returns = _district_returns(2016, State.NE)
    assert returns[2]["Donald Trump"] - returns[2]["Hillary Clinton"] == 6_534
    assert {d: r["Jill Stein"] for d, r in returns.items()} == {1: 3_375, 2: 3_347, 3: 2_054}


def _district_winners(year: int, state: State) -> dict[int, str]:
    return {d: next(iter(rank(r))) for d, r in _district_returns(year, state).items()}


def test_the_districts_that_went_against_their_state():
    """ME-2 for Trump in 2016, 2020 and 2024; NE-2 for Obama in 2008, Biden in 2020 and Harris
    in 2024 (NARA's notes on the results of those years); every other district with its state."""
    against = {
        (year, str(state), district, winner)
        for year, state in DISTRICT_YEARS
        for district, winner in _district_winners(year, state).items()
        if winner != next(iter(rank(_statewide(year, state))))
    }
    assert against == {
        (2016, "ME", 2, "Donald Trump"), (2020, "ME", 2, "Donald Trump"),
        (2024, "ME", 2, "Donald Trump"), (2008, "NE", 2, "Barack Obama"),
        (2020, "NE", 2, "Joe Biden"), (2024, "NE", 2, "Kamala Harris"),
    }  # fmt: skip


@pytest.mark.parametrize(("year", "state"), DISTRICT_YEARS)
def test_the_replay_computes_the_electors_from_the_districts(year, state):
    """Two electors to the statewide winner, one to each district's winner (Me. Rev. Stat. tit.
    21-A §802; Neb. Rev. Stat. §32-1038): the slates computed are the slates elected."""
    result = replay(year, RECORD)
    check = next(c for c in result.checks if c.name == "pledged electors")
    assert check.passed
    assert not any(n.startswith(f"{state}: ") and "returns give" in n for n in result.notes)
    assert not any("the district returns are not in the record" in n for n in result.notes)


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
