"""Flips: the fewest votes that change the outcome, exact, against published figures and a
brute-force search."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from electoral.analysis._common import (
    Unit,
    min_cost_cover,
    min_cost_cover_groups,
    national_pledged,
    pledged_electors,
    units,
)
from electoral.analysis.flips import (
    _cheapest,
    _Goal,
    _groups,
    _options,
    deny_sources,
    flip,
    flip_cost,
    switch_cost,
    switch_sources,
)
from electoral.data import default_record
from electoral.errors import RuleInputError, UnknownRuleError
from electoral.model import Method
from electoral.rules.appointment import plurality_winner
from electoral.rules.count import rank
from electoral.states import State

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


def _fewer_cannot_deny(returns, winner, switched):
    """No ``switched - 1`` voters, from whomever to whomever, leave anyone ahead of ``winner``:
    each narrows the gap between ``winner`` and one rival by at most two."""
    second = max((v for c, v in returns.items() if c != winner), default=0)
    return switched == 0 or 2 * (switched - 1) <= returns[winner] - second


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("target", ["win", "tie"])
def test_the_flip_changes_the_outcome_and_is_the_least_per_unit(year, target):
    """Cross-check with the appointment rule: after each unit's switches (from its sources) its
    beneficiary carries every flipped unit outright, and no fewer voters could (``tie``: no
    fewer could leave anyone ahead of the winner); the electors moved reach the target.
    Electors at large: the statewide returns after the switches that carry the state's
    districts, plus the at-large unit's own."""
    try:
        f = flip(year, target, RECORD)
    except RuleInputError:
        pytest.skip("no majority to flip")
    by_id = {u.id: u for u in units(RECORD, year)}
    for u in f.units:
        returns = by_id[u.unit].returns
        assert plurality_winner(returns) != u.to != f.winner
        if target == "tie":
            assert plurality_winner(returns) == f.winner
        else:
            assert u.to == f.runner_up
        assert sum(u.sources.values()) == u.voters_to_switch
        if u.unit.endswith("-AL"):
            state = u.unit[:2]
            for d in f.units:
                if d.unit.startswith(f"{state}-") and d is not u:
                    returns = _moved(returns, d.to, d.sources)
        assert _won(_moved(returns, u.to, u.sources), u.to)
        assert _fewer_cannot(returns, u.to, u.voters_to_switch)
        if target == "tie":
            assert _fewer_cannot_deny(returns, f.winner, u.voters_to_switch)
        if len(u.sources) == 1 and not u.unit.endswith("-AL"):
            # one source: the unit's winner, and the single-pair formula agrees
            assert list(u.sources) == [plurality_winner(returns)]
            assert u.voters_to_switch == flip_cost(returns, plurality_winner(returns), u.to)
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
    """A theorem where the electors the winner, the runner-up and the third candidates' units of
    ``win`` hold are at most 2M - 1 (M the majority), i.e. where the majority is of the
    electors appointed (every year but 1864 and 1872, when Congress counted fewer): the
    winner's units in ``win``'s answer (L of its electors, with T from third candidates) serve
    ``tie``: ``R + L + T >= M`` gives ``W - L <= W + R + T - M <= M - 1``; and each costs
    ``tie`` no more than ``win`` (``tie`` takes the cheapest beneficiary, the runner-up among
    them). A district state's part of that set costs ``tie`` no more where its option costs
    the lower bound (test_district_states_cost_the_lower_bound). Before ``tie`` could move a
    unit to any candidate, it held in the record only by luck (1860: ``win`` took Bell's
    Virginia, which ``tie`` may not)."""
    if win.winner_electors + win.runner_up_electors > 2 * win.majority - 1:
        assert win.year in (1864, 1872)
        return
    third = sum(u.electors for u in win.units if u.unit not in _carried(win.year, win.winner))
    assert win.winner_electors + win.runner_up_electors + third <= 2 * win.majority - 1
    assert tie.electors_needed <= win.electors_needed
    assert tie.voters_to_switch <= win.voters_to_switch


def _carried(year, winner):
    return {u.id for u in units(RECORD, year) if u.winner == winner}


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
    Fillmore's, 3,731 (Fremont 3,731, Buchanan and Fillmore 3,730 each). To deny Buchanan
    Florida at all, 763 of his voters for Fillmore do."""
    f = flip(1856, "tie", RECORD, to="John C. Frémont")
    florida = next(u for u in f.units if u.unit == "FL")
    florida_returns = next(u.returns for u in units(RECORD, 1856) if u.id == "FL")
    assert deny_sources(florida_returns, "James Buchanan") == (
        "Millard Fillmore", {"James Buchanan": 763},
    )  # fmt: skip
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
    everyone = list(national_pledged(pledged))
    goals = [_Goal((to,)) for to in everyone]
    goals += [_Goal((to,), w, any_other=True) for w in everyone for to in everyone if to != w]
    for goal in goals:
        for group in _options(RECORD, year, pledged, goal):
            for option in group:
                large = [f for f in option.flipped if f.unit.endswith("-AL")]
                if not large:
                    continue
                districts = sum(f.voters_to_switch for f in option.flipped if f is not large[0])
                returns = statewide[large[0].unit]
                alone = min(switch_cost(returns, b) for b in goal.beneficiaries(_unit(returns)))
                assert option.cost == max(districts, alone), (goal, option)


def _unit(returns, electors=1, state=State.ME):
    return Unit(id=state.value, state=state, electors=electors, returns=rank(returns),
                method=Method.POPULAR)  # fmt: skip


def _deny_brute(returns, winner):
    """The fewest switches, over every final count with the same total, that leave some other
    candidate ahead of ``winner`` (a voter leaving ``c`` is one switch; ``None``: none can)."""
    names = list(returns)
    total = sum(returns.values())
    best = None
    for cut in itertools.combinations(range(total + len(names) - 1), len(names) - 1):
        bounds = (-1, *cut, total + len(names) - 1)
        final = dict(zip(names, (b - a - 1 for a, b in itertools.pairwise(bounds)), strict=True))
        if any(final[c] > final[winner] for c in names if c != winner):
            switched = sum(max(0, returns[c] - final[c]) for c in names)
            best = switched if best is None else min(best, switched)
    return best


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 7), min_size=2, max_size=4))
def test_deny_sources_equals_brute_force(votes):
    """Invariant: the cheapest beneficiary's :func:`switch_sources` (it carries the unit
    outright) costs the fewest switches, from and to anyone, that leave any candidate ahead of
    the unit's winner: ``floor((r_w - r_2) / 2) + 1``, all the winner's voters, to its second
    (or another as cheap: W 6, A 4, B 3 costs 2 for either)."""
    returns = {f"C{i}": v for i, v in enumerate(votes)}
    winner = max(returns, key=returns.__getitem__)
    if sorted(votes)[-2] == returns[winner]:
        return  # a tie for first: the unit has no winner to deny
    found = deny_sources(returns, winner)
    assert found is not None
    to, sources = found
    assert sum(sources.values()) == _deny_brute(returns, winner)
    second = max(v for c, v in returns.items() if c != winner)
    assert sources == {winner: (returns[winner] - second) // 2 + 1}
    assert (returns[winner] - returns[to]) // 2 + 1 == sum(
        sources.values()
    )  # the second, or as cheap
    assert _won(_moved(returns, to, sources), to)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 9), st.lists(st.integers(0, 6), min_size=3, max_size=3)),
        min_size=1,
        max_size=6,
    ),
    st.integers(1, 30),
)
def test_tie_equals_brute_force(states, needed):
    """Invariant, end to end on small random elections (three candidates, W the winner, R the
    runner-up): the ``tie`` knapsack over units, each to its cheapest beneficiary, costs what
    the enumeration of every set of W's units costs, each unit at the brute-force fewest
    switches (:func:`_deny_brute`) that leave anyone ahead of W."""
    found, pledged = [], {}
    for (electors, votes), state in zip(states, State, strict=False):
        returns = dict(zip(("W", "R", "T"), votes, strict=True))
        unit = _unit(returns, electors, state)
        found.append(unit)
        if unit.winner:
            pledged[state] = {unit.winner: electors}
    carried = [u for u in found if u.winner == "W"]
    best = None
    for size in range(len(carried) + 1):
        for chosen in itertools.combinations(carried, size):
            if sum(u.electors for u in chosen) >= needed:
                cost = sum(_deny_brute(dict.fromkeys("WRT", 0) | u.returns, "W") for u in chosen)
                best = cost if best is None else min(best, cost)
    cheapest = _cheapest(_groups(found, pledged, _Goal(("R",), "W", any_other=True)), needed)
    assert (cheapest is None) == (best is None)
    if cheapest is not None:
        assert cheapest[0] == best
        assert sum(u.electors for u in cheapest[1]) >= needed
        assert all(u.to in ("R", "T") for u in cheapest[1])


def test_a_tie_in_a_unit_is_not_a_flip():
    """The module's rule: a unit goes to a candidate with more votes than every other; a tie
    for first has no winner (``Unit.winner``), so a tie with the winner does not take the unit
    from it. W 10, R 6: two switches leave R level (8-8), three ahead (7-9)."""
    assert _unit({"W": 10, "R": 6}).winner == "W"
    assert _unit({"W": 8, "R": 8}).winner is None
    assert deny_sources({"W": 10, "R": 6}, "W") == ("R", {"W": 3})


def test_1860_tie_gives_lincolns_states_to_douglas_and_breckinridge():
    """1860: Lincoln's 180 electors (152 a majority) must lose 29. Douglas ran second to him in
    California, Illinois and Indiana, Breckinridge in Oregon: 18,238 voters (128 + 368 + 5,979
    + 11,763) deny him, where only Breckinridge, the runner-up, took 44,708 (Oregon and
    Pennsylvania)."""
    f = flip(1860, "tie", RECORD)
    assert (f.winner, f.runner_up, f.electors_needed) == (
        "Abraham Lincoln", "John C. Breckinridge", 29,
    )  # fmt: skip
    assert {u.unit: (u.to, u.voters_to_switch) for u in f.units} == {
        "OR": ("John C. Breckinridge", 128),
        "CA": ("Stephen A. Douglas", 368),
        "IL": ("Stephen A. Douglas", 5_979),
        "IN": ("Stephen A. Douglas", 11_763),
    }
    assert f.voters_to_switch == 18_238
    assert f.sources == {"Abraham Lincoln": 18_238}
    assert f.beneficiaries == {"Stephen A. Douglas": 28, "John C. Breckinridge": 3}
    assert flip(1860, "tie", RECORD, to="John C. Breckinridge").voters_to_switch == 44_708


def test_1968_tie_still_goes_to_humphrey():
    """1968: Wallace ran second to Nixon in North Carolina, South Carolina and Tennessee, and
    is the cheaper beneficiary there (SC 19,317 voters for 8 electors, TN 23,901 for 11, NC
    65,503 for 13), but Nixon's closest states to Humphrey cost less: Alaska, Delaware,
    Missouri and New Jersey, 45,732 voters for 35 of the 33 electors needed."""
    f = flip(1968, "tie", RECORD)
    assert set(f.states) == {"AK", "DE", "MO", "NJ"}
    assert f.voters_to_switch == 45_732
    assert f.beneficiaries == {"Hubert Humphrey": 35}
    returns = {u.id: u.returns for u in units(RECORD, 1968)}
    assert {s: deny_sources(returns[s], "Richard Nixon") for s in ("SC", "TN", "NC")} == {
        "SC": ("George Wallace", {"Richard Nixon": 19_317}),
        "TN": ("George Wallace", {"Richard Nixon": 23_901}),
        "NC": ("George Wallace", {"Richard Nixon": 65_503}),
    }
