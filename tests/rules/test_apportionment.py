from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from electoral.errors import RuleInputError, UnknownRuleError
from electoral.rules.apportionment import APPORTIONMENT_METHODS, apportion
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
