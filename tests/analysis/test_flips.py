"""Flips: the fewest votes that change the outcome, exact, against published figures and a
brute-force search."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from electoral.analysis._common import min_cost_cover, min_cost_cover_groups, units
from electoral.analysis.flips import flip, flip_cost
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


@pytest.mark.parametrize("year", YEARS)
def test_the_flip_changes_the_outcome_and_is_the_least_per_unit(year):
    """Cross-check with the appointment rule: after the switch the runner-up carries each
    flipped unit outright, one voter fewer and it does not; the electors moved reach the
    target."""
    try:
        f = flip(year, "win", RECORD)
    except RuleInputError:
        pytest.skip("no majority to flip")
    by_id = {u.id: u for u in units(RECORD, year)}
    for u in f.units:
        switched = u.voters_to_switch
        if u.unit.endswith("-AL"):
            # The electors at large need the statewide margin: the voters switched to carry
            # the state's districts count towards it, the at-large unit adds only the rest.
            state = u.unit[:2]
            switched = sum(x.voters_to_switch for x in f.units if x.unit.startswith(state))
        checks = [(switched, True)] + ([(switched - 1, False)] if u.voters_to_switch else [])
        for switched, carries in checks:
            returns = dict(by_id[u.unit].returns)
            returns[f.winner] -= switched
            returns[f.runner_up] = returns.get(f.runner_up, 0) + switched
            rest = max(v for c, v in returns.items() if c != f.runner_up)
            assert (returns[f.runner_up] > rest) is carries
        assert plurality_winner(by_id[u.unit].returns) == f.winner
    assert f.runner_up_electors + sum(u.electors for u in f.units) >= f.majority


def _both(year):
    try:
        return flip(year, "win", RECORD), flip(year, "tie", RECORD)
    except RuleInputError:
        return None


PAIRS = [p for p in map(_both, YEARS) if p is not None]


@pytest.mark.parametrize(("win", "tie"), PAIRS, ids=[str(p[0].year) for p in PAIRS])
def test_a_tie_never_costs_more_than_a_win(win, tie):
    """Invariant: where the two leaders' pledged electors are at most 2M - 1 (every year but
    1864 and 1872, when Congress counted fewer electors than the states appointed), denying the
    majority needs no more electors than reaching it, so costs no more voters."""
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
