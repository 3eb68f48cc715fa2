from __future__ import annotations

from electoral.model import PartyDelegation, SenateParty
from electoral.rules.contingent import (
    congress_for,
    delegation_votes,
    house_election,
    senate_election,
    senate_votes,
)
from electoral.states import State


def test_a_majority_of_all_states_is_needed_not_of_those_voting():
    ballot = {State.PA: "A", State.NY: "A", State.VA: None, State.MA: "B", State.DE: None}
    result = house_election([ballot], ["A", "B"], 5)
    assert result.needed == 3
    assert result.elected is None
    assert result.ballots[0].not_voting == 2


def test_balloting_stops_at_the_first_choice():
    first = {State.PA: "A", State.NY: "B", State.VA: None}
    second = {State.PA: "A", State.NY: "A", State.VA: None}
    third = {State.PA: "B", State.NY: "B", State.VA: "B"}
    result = house_election([first, second, third], ["A", "B"], 3)
    assert result.elected == "A"
    assert len(result.ballots) == 2


def test_a_divided_delegation_casts_no_vote():
    delegations = [
        PartyDelegation(congress=119, state=State.PA, party="R", members=10, source="t"),
        PartyDelegation(congress=119, state=State.PA, party="D", members=7, source="t"),
        PartyDelegation(congress=119, state=State.MI, party="R", members=7, source="t"),
        PartyDelegation(congress=119, state=State.MI, party="D", members=7, source="t"),
    ]
    votes = delegation_votes(delegations, {"Trump": "R", "Harris": "D"})
    assert votes == {State.MI: None, State.PA: "Trump"}


def test_the_senate_needs_a_majority_of_the_whole_number():
    """1837: 52 senators, so 27 needed; Johnson 33, Granger 16 (Senate Journal, 8 Feb 1837)."""
    result = senate_election(
        {"Richard Mentor Johnson": 33, "Francis Granger": 16},
        ["Richard Mentor Johnson", "Francis Granger"],
        52,
    )
    assert result.needed == 27
    assert result.elected == "Richard Mentor Johnson"


def test_senate_votes_follow_the_party():
    senate = [
        SenateParty(congress=119, party="R", senators=53, source="t"),
        SenateParty(congress=119, party="D", senators=45, source="t"),
        SenateParty(congress=119, party="Independent", senators=2, source="t"),
    ]
    assert senate_votes(senate, {"Vance": "R", "Walz": "D"}) == {"Vance": 53, "Walz": 45}


def test_the_congress_that_chooses():
    """Before the 20th Amendment the outgoing Congress; since 1936 the new one."""
    assert congress_for(1800) == 6
    assert congress_for(1824) == 18
    assert congress_for(1836) == 24
    assert congress_for(1968) == 91
    assert congress_for(2016) == 115
