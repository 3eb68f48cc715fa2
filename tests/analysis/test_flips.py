"""Flips: the fewest votes that change the outcome, exact, against published figures and a
brute-force search."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from electoral.analysis._common import (
    min_cost_cover,
    min_cost_cover_groups,
    national_pledged,
    pledged_electors,
    units,
)
from electoral.analysis.flips import _options, flip, flip_cost, switch_cost, switch_sources
from electoral.data import default_record
from electoral.errors import RuleInputError, UnknownRuleError
from electoral.rules.appointment import plurality_winner

RECORD = default_record()
YEARS = [y for y in RECORD.years if RECORD.popular_votes_in(y) and RECORD.votes_in(y)]


def test_2016_michigan_wisconsin_pennsylvania():
    """Washington Post (Philip Bump, 1 Dec 2016): Trump's margins in Michigan (10,704),
    Wisconsin (22,748) and Pennsylvania (44,292), 77,744 votes, decided the election; their 46
    electors would have elected Clinton (232 + 46 = 278)."""
    f = flip(2016, "win", RECORD)
    assert set(f.states) == {"MI", "WI", "PA"}
    assert f.margin_sum == 77_744
    assert f.voters_to_switch == 5_353 + 11_375 + 22_147
    assert (f.winner_electors, f.runner_up_electors, f.electors_needed) == (306, 232, 38)


@pytest.mark.parametrize("target", ["win", "tie"])
def test_2000_florida_537(target):
    """Florida's certified margin, 537 votes (Bush 2,912,790, Gore 2,912,253: FEC, "2000
    Official Presidential General Election Results"), decided 2000: 269 voters switching."""
    f = flip(2000, target, RECORD)
    assert f.states == ("FL",)
    assert (f.margin_sum, f.voters_to_switch) == (537, 269)


def test_2020_tie_arizona_georgia_wisconsin():
    """Widely reported (e.g. Wikipedia, "2020 United States presidential election"): Biden's
    margins of 10,457 in Arizona, 11,779 in Georgia and 20,682 in Wisconsin, 42,918 votes in
    all, stood between him and a 269-269 tie."""
    f = flip(2020, "tie", RECORD)
    assert set(f.states) == {"AZ", "GA", "WI"}
    assert f.margin_sum == 42_918
    assert f.winner_electors - sum(u.electors for u in f.units) == 269


def _won(returns, to):
    """Whether ``to`` has more votes than every other candidate."""
    return all(returns.get(to, 0) > v for c, v in returns.items() if c != to)


def _moved(returns, to, sources):
    moved = dict(returns)
    for c, n in sources.items():
        assert 0 < n <= moved[c]  # nobody switches who did not vote for ``c``
        moved[c] -= n
        moved[to] = moved.get(to, 0) + n
    return moved


def _fewer_cannot(returns, to, switched):
    """No ``switched - 1`` voters, from whomever, carry the unit for ``to``: with them ``to``
    has ``r_to + switched - 1`` votes, and every rival must lose what puts it below that."""
    if switched == 0:
        return True
    ahead = returns.get(to, 0) + switched - 1
    must_lose = sum(max(0, v - ahead + 1) for c, v in returns.items() if c != to)
    return must_lose > switched - 1


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("target", ["win", "tie"])
def test_the_flip_changes_the_outcome_and_is_the_least_per_unit(year, target):
    """Cross-check with the appointment rule: after each unit's switches (from its sources) the
    beneficiary carries every flipped unit outright, and no fewer voters could; the electors
    moved reach the target. Electors at large: the statewide returns after the switches that
    carry the state's districts, plus the at-large unit's own."""
    try:
        f = flip(year, target, RECORD)
    except RuleInputError:
        pytest.skip("no majority to flip")
    by_id = {u.id: u for u in units(RECORD, year)}
    for u in f.units:
        returns = by_id[u.unit].returns
        assert plurality_winner(returns) != f.runner_up
        if target == "tie":
            assert plurality_winner(returns) == f.winner
        assert sum(u.sources.values()) == u.voters_to_switch
        if u.unit.endswith("-AL"):
            state = u.unit[:2]
            for d in f.units:
                if d.unit.startswith(f"{state}-") and d is not u:
                    returns = _moved(returns, f.runner_up, d.sources)
        assert _won(_moved(returns, f.runner_up, u.sources), f.runner_up)
        assert _fewer_cannot(returns, f.runner_up, u.voters_to_switch)
        if len(u.sources) == 1 and not u.unit.endswith("-AL"):
            # one source: the unit's winner, and the single-pair formula agrees
            assert list(u.sources) == [plurality_winner(returns)]
            assert u.voters_to_switch == flip_cost(returns, plurality_winner(returns), f.runner_up)
    moved = sum(u.electors for u in f.units)
    assert moved >= f.electors_needed
    if target == "win":
        assert f.runner_up_electors + moved >= f.majority
    else:
        assert f.winner_electors - moved < f.majority


def _both(year):
    try:
        return flip(year, "win", RECORD), flip(year, "tie", RECORD)
    except RuleInputError:
        return None


PAIRS = [p for p in map(_both, YEARS) if p is not None]


@pytest.mark.parametrize(("win", "tie"), PAIRS, ids=[str(p[0].year) for p in PAIRS])
def test_a_tie_never_costs_more_than_a_win(win, tie):
    """Where the two leaders' pledged electors are at most 2M - 1 (every year but 1864 and 1872,
    when Congress counted fewer electors than the states appointed), denying the majority needs
    no more electors than reaching it. It then costs no more voters in every year of the record
    (were ``win`` limited to the winner's units, always: any of its sets would serve ``tie``;
    ``win`` may also take a third candidate's units, as Bell's in 1860, which ``tie`` may not)."""
    if win.winner_electors + win.runner_up_electors > 2 * win.majority - 1:
        assert win.year in (1864, 1872)
        return
    assert tie.electors_needed <= win.electors_needed
    assert tie.voters_to_switch <= win.voters_to_switch


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 20), st.integers(0, 10_000)), min_size=1, max_size=10),
    st.integers(0, 120),
)
def test_knapsack_equals_brute_force(items, needed):
    """Invariant: the dynamic programme's cost equals the cheapest of all 2^n subsets reaching
    ``needed`` electors, and its chosen set reaches ``needed`` at that cost."""
    weights = [w for w, _ in items]
    costs = [c for _, c in items]
    subsets = [
        s for r in range(len(items) + 1) for s in itertools.combinations(range(len(items)), r)
        if sum(weights[i] for i in s) >= needed
    ]  # fmt: skip
    best = min_cost_cover(weights, costs, needed)
    if not subsets:
        assert best is None
        return
    assert best is not None
    assert best[0] == min(sum(costs[i] for i in s) for s in subsets)
    assert sum(weights[i] for i in best[1]) >= needed
    assert sum(costs[i] for i in best[1]) == best[0]


def test_flip_cost_with_a_third_candidate_ahead_of_the_runner_up():
    # 1912-style: Wilson 100, Taft 80, Roosevelt 10 -> Roosevelt must pass Taft too.
    assert flip_cost({"W": 100, "T": 80, "R": 10}, "W", "R") == 71
    assert flip_cost({"W": 100, "R": 80, "T": 10}, "W", "R") == 11


def test_errors():
    with pytest.raises(RuleInputError, match="no popular returns"):
        flip(1800, "win", RECORD)
    with pytest.raises(UnknownRuleError, match="unknown flip target 'draw'"):
        flip(2016, "draw", RECORD)
    # 1824: Jackson led with 99 of 261 electors, no majority: none to deny (test_1824.py has
    # the "win" flip, from Clay to Jackson).
    with pytest.raises(RuleInputError, match=r"Andrew Jackson 99, 131 needed\) and the House"):
        flip(1824, "tie", RECORD)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.integers(1, 6), st.integers(0, 50)), min_size=1, max_size=3),
        min_size=1,
        max_size=5,
    ),
    st.integers(1, 20),
)
def test_grouped_knapsack_equals_brute_force(groups, needed):
    """Invariant: the multiple-choice knapsack (at most one option per group, as a district
    state's exclusive ways of winning) finds the cheapest choice any enumeration finds."""
    best = None
    for picks in itertools.product(*[[None, *range(len(g))] for g in groups]):
        chosen = [g[k] for g, k in zip(groups, picks, strict=True) if k is not None]
        if sum(w for w, _ in chosen) >= needed:
            cost = sum(c for _, c in chosen)
            best = cost if best is None else min(best, cost)
    found = min_cost_cover_groups(groups, needed)
    assert (found is None) == (best is None)
    if found is not None:
        assert found[0] == best
        assert sum(groups[g][k][0] for g, k in found[1]) >= needed
        assert sum(groups[g][k][1] for g, k in found[1]) == best


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(0, 9), min_size=1, max_size=3),
    st.integers(0, 6),
)
def test_switch_sources_equals_brute_force(rivals, behind):
    """Invariant: the bisection's count is the least over every allocation of switches among
    the rivals (each switching 0..all of its voters), and its allocation carries the unit."""
    returns = {f"R{i}": v for i, v in enumerate(rivals)} | {"B": behind}
    best = None
    for taken in itertools.product(*[range(v + 1) for v in rivals]):
        if _won(_moved(returns, "B", {f"R{i}": n for i, n in enumerate(taken) if n}), "B"):
            best = sum(taken) if best is None else min(best, sum(taken))
    sources = switch_sources(returns, "B")
    assert (sources is None) == (best is None)
    if sources is not None:
        assert sum(sources.values()) == best == switch_cost(returns, "B")
        assert _won(_moved(returns, "B", sources), "B")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=2, max_size=4), st.integers(0, 30))
def test_of_single_sources_the_unit_winner_is_cheapest(rivals, behind):
    """Invariant (the module's proof): switching from one candidate only, the cheapest source
    is the unit's plurality winner, at :func:`flip_cost`; mixing sources never costs more."""
    returns = {f"R{i}": v for i, v in enumerate(rivals)} | {"B": behind}
    leader = max(returns, key=returns.__getitem__)
    if leader == "B" or sorted(returns.values())[-2] == returns[leader]:
        return  # ``B`` leads already, or a tie for first: no single winner
    single = {}
    for source, votes in returns.items():
        for n in range(votes + 1):
            if source != "B" and _won(_moved(returns, "B", {source: n} if n else {}), "B"):
                single[source] = n
                break
    assert min(single.values()) == single[leader] == flip_cost(returns, leader, "B")
    assert switch_cost(returns, "B") <= single[leader]


def test_voters_of_two_candidates_can_cost_less_than_of_the_winner_alone():
    """W 100, T 99, B 0: from W alone B must pass T's 99 (100 voters); 34 from W and 33 from T
    leave B 67, W 66, T 66."""
    returns = {"W": 100, "T": 99, "B": 0}
    assert flip_cost(returns, "W", "B") == 100
    assert switch_sources(returns, "B") == {"W": 34, "T": 33}
    assert switch_sources({"B": 5, "W": 3}, "B") == {}
    assert switch_sources({}, "B") is None


def test_1856_florida_is_cheaper_with_fillmore_voters():
    """Florida 1856 (Buchanan 6,358, Fillmore 4,833, Fremont no ballot): from Buchanan alone
    Fremont needs 4,834 voters to pass Fillmore; with 2,628 of Buchanan's and 1,103 of
    Fillmore's, 3,731 (Fremont 3,731, Buchanan and Fillmore 3,730 each)."""
    f = flip(1856, "tie", RECORD)
    florida = next(u for u in f.units if u.unit == "FL")
    assert florida.sources == {"James Buchanan": 2_628, "Millard Fillmore": 1_103}
    assert flip_cost({"James Buchanan": 6_358, "Millard Fillmore": 4_833}, "James Buchanan",
                     "John C. Frémont") == 4_834  # fmt: skip


def test_1860_the_runner_up_takes_bells_virginia():
    """Virginia 1860 (Bell 74,481, Breckinridge 74,325: a margin of 156): 79 of Bell's voters
    give Breckinridge, the runner-up, its 15 electors, far cheaper than any of Lincoln's
    states; with Bell's Tennessee and Kentucky too, 73,976 voters elect Breckinridge (241,711
    from Lincoln's states alone)."""
    f = flip(1860, "win", RECORD)
    virginia = next(u for u in f.units if u.unit == "VA")
    assert (virginia.margin, virginia.voters_to_switch) == (156, 79)
    assert virginia.sources == {"John Bell": 79}
    assert {"VA", "TN", "KY"} <= set(f.states)
    assert f.voters_to_switch == 73_976
    assert f.runner_up_electors + sum(u.electors for u in f.units) >= f.majority == 152


def test_a_named_beneficiary():
    """``to``: 1968, George Wallace had 45 pledged electors (his 46th vote came from Lloyd
    Bailey, a North Carolina elector pledged to Nixon) and would need 225 more; the winner
    cannot be the beneficiary, nor a candidate without electors."""
    f = flip(1968, "win", RECORD, to="George Wallace")
    assert (f.runner_up, f.runner_up_electors, f.electors_needed) == ("George Wallace", 45, 225)
    assert f.voters_to_switch > flip(1968, "win", RECORD).voters_to_switch
    with pytest.raises(RuleInputError, match="Richard Nixon is the candidate the flip defeats"):
        flip(1968, "win", RECORD, to="Richard Nixon")
    with pytest.raises(RuleInputError, match="'Pat Paulsen' had no pledged electors"):
        flip(1968, "win", RECORD, to="Pat Paulsen")


DISTRICT_YEARS = [y for y in YEARS if any("-" in u.id for u in units(RECORD, y))]


@pytest.mark.parametrize("year", DISTRICT_YEARS)
def test_district_states_cost_the_lower_bound(year):
    """Every option that wins a district state's electors at large with some of its districts
    costs ``max(districts' voters, the statewide cost alone)``, a lower bound: the plan (the
    districts' switches, then the rest statewide) is the least possible, for every candidate
    as beneficiary."""
    pledged = pledged_electors(RECORD, year)
    statewide = {u.id: u.returns for u in units(RECORD, year)}
    for to in national_pledged(pledged):
        for group in _options(RECORD, year, pledged, to, None):
            for option in group:
                large = [f for f in option.flipped if f.unit.endswith("-AL")]
                if not large:
                    continue
                districts = sum(f.voters_to_switch for f in option.flipped if f is not large[0])
                alone = switch_cost(statewide[large[0].unit], to)
                assert option.cost == max(districts, alone), (to, option)
