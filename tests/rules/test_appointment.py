from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from electoral.errors import RuleInputError, UnknownRuleError
from electoral.rules.appointment import (
    ROUNDING_RULES,
    allocate_district,
    allocate_electors,
    allocate_proportional,
)

returns = st.dictionaries(
    st.sampled_from(["A", "B", "C", "D"]), st.integers(min_value=1, max_value=10**7), min_size=1
)


def test_winner_take_all_gives_every_elector_to_the_plurality():
    assert allocate_electors({"Bush": 2912790, "Gore": 2912253}, 25) == {"Bush": 25}


def test_a_tie_for_first_cannot_be_decided_by_the_returns():
    with pytest.raises(RuleInputError, match="tie for first"):
        allocate_electors({"A": 5, "B": 5}, 3)


def test_nebraska_2008_split_by_district():
    """Nebraska 2008 (Nebraska Secretary of State, official canvass): McCain won the state and
    districts 1 and 3, Obama district 2: McCain 4, Obama 1."""
    statewide = {"John McCain": 452979, "Barack Obama": 333319}
    districts = {
        1: {"John McCain": 148179, "Barack Obama": 121411},
        2: {"John McCain": 135789, "Barack Obama": 138809},
        3: {"John McCain": 169888, "Barack Obama": 73099},
    }
    assert allocate_district(statewide, districts, 5) == {"John McCain": 4, "Barack Obama": 1}


@pytest.mark.parametrize("rounding", ROUNDING_RULES)
@given(votes=returns, electors=st.integers(min_value=3, max_value=55))
def test_proportional_allocations_give_out_every_elector(rounding, votes, electors):
    """Invariant: every rounding rule allocates exactly the state's electors."""
    try:
        result = allocate_proportional(votes, electors, rounding)
    except RuleInputError:  # a tie for first under "whole"
        return
    assert sum(result.values()) == electors
    assert all(n > 0 for n in result.values())


@given(votes=returns, electors=st.integers(min_value=3, max_value=55))
def test_hamilton_stays_within_quota(votes, electors):
    """Invariant: largest remainders gives each candidate the floor or the ceiling of its quota."""
    total = sum(votes.values())
    result = allocate_proportional(votes, electors, "hamilton")
    for candidate, v in votes.items():
        quota = v * electors / total
        assert int(quota) <= result.get(candidate, 0) <= int(quota) + 1


def test_unknown_rule_and_rounding_are_named():
    with pytest.raises(UnknownRuleError, match="winner-take-all"):
        allocate_electors({"A": 1}, 3, "lottery")
    with pytest.raises(UnknownRuleError, match="dhondt"):
        allocate_proportional({"A": 1}, 3, "imperiali")


def test_district_rule_needs_districts():
    with pytest.raises(RuleInputError, match="district returns"):
        allocate_electors({"A": 1}, 4, "district")
