from __future__ import annotations

import pytest

from electoral.errors import UnknownStateError
from electoral.states import STATE_INFO, State, parse_state


def test_fifty_states_and_dc():
    assert len(State) == 51
    assert set(STATE_INFO) == set(State)
    assert len({info.fips for info in STATE_INFO.values()}) == 51


def test_unknown_state_names_the_input_and_the_expected_form():
    with pytest.raises(UnknownStateError, match="'XX'.*postal code"):
        parse_state("XX")
