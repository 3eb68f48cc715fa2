from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from electoral.errors import RuleInputError, UnknownRuleError
from electoral.rules.apportionment import (
    APPORTIONMENT_METHODS,
    RATIO_METHODS,
    apportion,
    apportion_by_ratio,
)
from electoral.states import State

STATES = list(State)[:20]
populations = st.lists(
    st.integers(min_value=1_000, max_value=40_000_000), min_size=2, max_size=20
).map(lambda pops: dict(zip(STATES, pops, strict=False)))


@pytest.mark.parametrize("method", APPORTIONMENT_METHODS)
@given(pops=populations, extra=st.integers(min_value=0, max_value=400))
def test_every_method_gives_exactly_the_seats_and_one_each(method, pops, extra):
    """Invariant: the seats sum to the House size and every state has at least one."""
    seats = apportion(pops, len(pops) + extra, method)
    assert sum(seats.values()) == len(pops) + extra
    assert min(seats.values()) >= 1


@pytest.mark.parametrize("method", APPORTIONMENT_METHODS)
@given(pops=populations, extra=st.integers(min_value=0, max_value=200))
def test_a_larger_state_never_gets_fewer_seats(method, pops, extra):
    """Invariant: seats are monotone in population within one apportionment."""
    seats = apportion(pops, len(pops) + extra, method)
    for a in pops:
        for b in pops:
            if pops[a] > pops[b]:
                assert seats[a] >= seats[b]


@pytest.mark.parametrize("method", [m for m in APPORTIONMENT_METHODS if m != "hamilton"])
@given(pops=populations, extra=st.integers(min_value=0, max_value=200))
def test_divisor_methods_are_house_monotone(method, pops, extra):
    """Invariant: divisor methods never take a seat from a state when the House grows
    (no Alabama paradox), unlike Hamilton's."""
    small = apportion(pops, len(pops) + extra, method)
    large = apportion(pops, len(pops) + extra + 1, method)
    assert all(large[s] >= small[s] for s in pops)


def test_unknown_method_names_the_allowed_ones():
    with pytest.raises(UnknownRuleError, match="huntington-hill"):
        apportion({State.PA: 10}, 1, "borda")


def test_fewer_seats_than_states_is_refused():
    with pytest.raises(RuleInputError, match="at least one per state"):
        apportion({State.PA: 10, State.DE: 5}, 1)


def test_non_positive_population_is_refused():
    with pytest.raises(RuleInputError, match="expected > 0"):
        apportion({State.PA: 10, State.DE: 0}, 3)


def test_ratio_jefferson_rejects_fractions_and_gives_one_seat_at_least():
    seats = apportion_by_ratio({State.VA: 99_999, State.DE: 10}, 33_000, "jefferson")
    assert seats == {State.VA: 3, State.DE: 1}


def test_ratio_webster_adds_a_seat_only_for_a_fraction_over_one_half():
    """Act of June 25, 1842: "a fraction greater than one moiety of the said ratio"."""
    seats = apportion_by_ratio(
        {State.PA: 3 * 70_680 + 35_340, State.NY: 3 * 70_680 + 35_341}, 70_680, "webster"
    )
    assert seats == {State.PA: 3, State.NY: 4}


@pytest.mark.parametrize("method", RATIO_METHODS)
@given(pops=populations, ratio=st.integers(min_value=200_000, max_value=2_000_000))
def test_a_ratio_is_the_divisor_of_the_size_it_yields(method, pops, ratio):
    """Invariant: the seats at a fixed ratio are the method's seats at the size they add up to
    (every state at least one ratio, so the constitutional minimum plays no part)."""
    pops = {s: p + ratio for s, p in pops.items()}
    seats = apportion_by_ratio(pops, ratio, method)
    assert apportion(pops, sum(seats.values()), method) == seats


def test_ratio_method_and_ratio_are_checked():
    with pytest.raises(UnknownRuleError, match="jefferson, webster"):
        apportion_by_ratio({State.PA: 10}, 5, "hamilton")
    with pytest.raises(RuleInputError, match="ratio 0"):
        apportion_by_ratio({State.PA: 10}, 0)
    with pytest.raises(RuleInputError, match="expected > 0"):
        apportion_by_ratio({State.PA: 0}, 5)
