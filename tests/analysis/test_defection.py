"""Defection: could the winner's electors overturn the result, under that year's laws?"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from electoral.analysis.defection import defection
from electoral.data import default_record, load_record
from electoral.errors import RuleInputError
from electoral.model import ChosenBy, Law
from electoral.states import State
from tests.builders import write_record

RECORD = default_record()


def test_2016_numbers():
    """Trump 306 pledged, Clinton 232 (304 and 227 counted after seven faithless votes; joint
    session of 6 January 2017); 270 needed: 37 defectors deny the majority (306 - 269), 38
    voting for Clinton elect her (270 - 232) — the "Hamilton electors" arithmetic of December
    2016."""
    d = defection(2016, record=RECORD)
    assert (d.winner, d.runner_up) == ("Donald Trump", "Hillary Clinton")
    assert (d.pledged, d.runner_up_pledged, d.majority) == (306, 232, 270)
    assert (d.deny_majority, d.elect_runner_up) == (37, 38)


def test_2016_free_electors_follow_the_law_table():
    """Michigan voids a faithless vote (Mich. Comp. Laws §168.47), Oklahoma punishes it (Okla.
    Stat. tit. 26 §10-109); Texas had no law (its two faithless votes counted in 2016)."""
    d = defection(2016, record=RECORD)
    by_state = {s.state: s for s in d.states}
    assert not by_state[State.MI].is_free
    assert not by_state[State.OK].is_free
    assert by_state[State.TX].is_free
    assert by_state[State.TX].electors == 38
    assert d.free_electors == sum(
        s.electors for s in d.states
        if (law := RECORD.law_in_force(s.state, 2016)) is None or law.law.is_free
    )  # fmt: skip
    assert "TX" in d.free_states
    assert "MI" not in d.free_states


def test_2016_a_tie_goes_to_the_house_of_the_115th_congress():
    """With 37 defectors to Clinton, 269-269: the House of the 115th Congress, whose
    Republicans held a majority of 32 state delegations (the record's table), elects Trump;
    the Senate (52 Republicans of 100) elects Pence."""
    d = defection(2016, defectors=37, record=RECORD)
    assert d.what_if is not None
    assert d.what_if.votes == {"Donald Trump": 269, "Hillary Clinton": 269}
    outcome = d.what_if.outcome
    assert outcome.congress == 115
    assert outcome.delegations["Republican"] == 32
    assert (outcome.president, outcome.president_chosen_by) == ("Donald Trump", ChosenBy.HOUSE)
    assert (outcome.vice_president, outcome.vice_president_chosen_by) == (
        "Mike Pence",
        ChosenBy.SENATE,
    )


def test_defections_where_the_law_voids_them_do_not_count():
    """Beyond the free electors, penalty states' votes count and cancel-and-replace states'
    votes are void (Chiafalo v. Washington, 2020)."""
    d = defection(2016, defectors=306, record=RECORD)
    assert d.what_if is not None
    voiding = sum(s.electors for s in d.states if s.law is Law.CANCEL_REPLACE)
    assert d.what_if.voided == voiding
    assert d.what_if.votes["Donald Trump"] == voiding


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 306))
def test_what_if_conserves_the_electors(n):
    """Invariant: moving electors changes who gets them, never how many there are; and the
    winner keeps a majority exactly while fewer than deny_majority votes stand."""
    d = defection(2016, defectors=n, record=RECORD)
    assert d.what_if is not None
    assert sum(d.what_if.votes.values()) == 538
    standing = n - d.what_if.voided
    assert (d.what_if.votes["Donald Trump"] >= 270) == (standing < d.deny_majority)


def test_unknown_congress_is_said_not_failed():
    d = defection(1836, record=RECORD)
    assert "no delegation data for the 24th Congress" in d.contingent.note
    assert d.contingent.president is None


def test_states_restrict_the_pool():
    d = defection(2016, to="John Kasich", states=[State.TX], record=RECORD)
    assert [s.state for s in d.states] == [State.TX]
    assert d.elect_to == 270
    with pytest.raises(RuleInputError, match="expected 0 to 38"):
        defection(2016, states=[State.TX], defectors=39, record=RECORD)


def test_errors():
    with pytest.raises(RuleInputError, match="12th Amendment"):
        defection(1800, record=RECORD)
    with pytest.raises(RuleInputError, match="only James Monroe had pledged electors"):
        defection(1820, record=RECORD)  # one elector voted for J. Q. Adams against his pledge
    with pytest.raises(RuleInputError, match="that is the winner"):
        defection(2016, to="Donald Trump", record=RECORD)


def test_without_presidential_votes_by_state_it_says_so(tmp_path: Path) -> None:
    """Only the declared totals (a made-up year with no ballots or electors by state): no
    pledged electors to count. (1824, whose vice-presidential ballots by state are unknown,
    answers from its presidential ballots and the declared vice-presidential count:
    test_1824.py.)"""
    record = load_record(write_record(tmp_path, electoral_votes=[], appointments=[]))
    with pytest.raises(RuleInputError, match="2024: the record has no electoral votes by state"):
        defection(2024, record=record)
