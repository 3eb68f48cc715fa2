"""The House's choice of 9 February 1825 by the faction model
(:func:`electoral.rules.contingent.faction_votes`), state by state against the recorded ballot.

The rule: 12th Amendment (the three highest, one vote per state, a majority of all the states);
the House's rules of 1825 (each delegation ballots among its members; a majority of the votes
cast in it gives the state's vote, else the state is "divided" and its vote is not counted: CRS
R40504, T. H. Neale, *Election of the President and Vice President by Congress: Contingent
Election*). The model: every member votes for the candidate of his faction
(``FACTION_CANDIDATES[18]``: Voteview's "Adams-Clay", "Jackson" and "Crawford" labels,
Republicans and Federalists alike).

Finding: the model reproduces the recorded ballot (``contingent_ballots.csv``: Adams 13,
Jackson 7, Crawford 4, no state divided) in every one of the 24 states, so no state voted
against its members' factions. This is by construction, not an independent check: Voteview
labels the 18th Congress by "the candidate they supported for President" and files Clay's men
under Adams, whom Clay "ultimately supported ... when the election was decided in the US House"
(voteview.com/parties/8000, 7777, 1346). Stephen Van Rensselaer of New York, "doubtful" until the
vote (D. S. Alexander, *A Political History of the State of New York*), is an "Adams-Clay
Federalist": the label is his vote. What the model does show is where the House departed from
the states' electors, and how narrow Adams's majority was (below).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from electoral.data import default_record
from electoral.errors import RuleInputError
from electoral.model import Office, PartyDelegation
from electoral.rules.contingent import (
    FACTION_CANDIDATES,
    congress_for,
    faction_votes,
    house_election,
)
from electoral.rules.count import top
from electoral.states import State

RECORD = default_record()
JACKSON, ADAMS = "Andrew Jackson", "John Quincy Adams"
CRAWFORD, CLAY = "William H. Crawford", "Henry Clay"
CONGRESS = congress_for(1824)
FACTIONS = FACTION_CANDIDATES[CONGRESS]
THREE = (JACKSON, ADAMS, CRAWFORD)

# The model's vote of each delegation (every member voting with his faction).
PREDICTED = {
    State.AL: JACKSON, State.CT: ADAMS, State.DE: CRAWFORD, State.GA: CRAWFORD,
    State.IL: ADAMS, State.IN: JACKSON, State.KY: ADAMS, State.LA: ADAMS,
    State.MA: ADAMS, State.MD: ADAMS, State.ME: ADAMS, State.MO: ADAMS,
    State.MS: JACKSON, State.NC: CRAWFORD, State.NH: ADAMS, State.NJ: JACKSON,
    State.NY: ADAMS, State.OH: ADAMS, State.PA: JACKSON, State.RI: ADAMS,
    State.SC: JACKSON, State.TN: JACKSON, State.VA: CRAWFORD, State.VT: ADAMS,
}  # fmt: skip


def _model(
    delegations: list[PartyDelegation] | None = None, candidates: tuple[str, ...] = THREE
) -> dict[State, str | None]:
    rows = RECORD.delegations(CONGRESS) if delegations is None else delegations
    return faction_votes(rows, FACTIONS, candidates)


def _recorded() -> dict[State, str | None]:
    ballots = RECORD.contingent_ballots_in(1824)
    return {b.state: b.candidate for b in ballots if b.ballot == 1 and b.state is not None}


def _members_by_candidate() -> dict[State, Counter[str]]:
    members: dict[State, Counter[str]] = {}
    for d in RECORD.delegations(CONGRESS):
        members.setdefault(d.state, Counter())[FACTIONS[d.party]] += d.members
    return members


def _electors() -> dict[State, dict[str, int]]:
    states: dict[State, dict[str, int]] = {}
    for v in RECORD.votes_in(1824):
        if v.office is Office.PRESIDENT and v.candidate is not None:
            states.setdefault(v.state, {})[v.candidate] = v.votes
    return states


def test_every_label_of_the_18th_congress_supports_one_of_the_three_highest() -> None:
    """The six labels of ``house_delegations.csv`` for the House of 9 February 1825, each
    mapped to the candidate its faction supported; Clay, fourth (12th Amendment: "not exceeding
    three"), has no faction of his own: his men are "Adams-Clay"."""
    assert congress_for(1824) == 18
    assert {d.party for d in RECORD.delegations(18)} == set(FACTIONS)
    assert FACTIONS == {
        "Adams-Clay Republican": ADAMS,
        "Adams-Clay Federalist": ADAMS,
        "Jackson Republican": JACKSON,
        "Jackson Federalist": JACKSON,
        "Crawford Republican": CRAWFORD,
        "Crawford Federalist": CRAWFORD,
    }
    national: Counter[str] = Counter()
    for votes in _electors().values():
        national.update(votes)
    assert set(FACTIONS.values()) == set(THREE) == set(top(national, 3))
    assert CLAY not in FACTIONS.values()


def test_the_model_predicts_each_state() -> None:
    """Every delegation has a majority faction: no state divided."""
    assert _model() == PREDICTED


def test_the_model_elects_adams_on_the_first_ballot_with_the_bare_majority() -> None:
    """24 states, 13 needed: Adams 13, Jackson 7, Crawford 4 (House Journal, 18th Congress,
    9 February 1825), no state divided or blank."""
    result = house_election([_model()], THREE, 24)
    assert result.needed == 13
    assert result.ballots[0].votes == {ADAMS: 13, JACKSON: 7, CRAWFORD: 4}
    assert result.ballots[0].not_voting == 0
    assert result.elected == ADAMS


def test_no_state_voted_against_its_members_factions() -> None:
    """The recorded ballot (``contingent_ballots.csv``, boundless-1825) and the model agree in
    all 24 states. Expected, not independent: the labels are the members' 1825 choice (see the
    module docstring)."""
    recorded = _recorded()
    assert len(recorded) == 24
    assert {s: (PREDICTED[s], recorded[s]) for s in recorded if recorded[s] != PREDICTED[s]} == {}


def test_the_split_delegations() -> None:
    """The ten delegations of more than one faction, members by the candidate of their faction
    (Voteview; data/notes/congress.md). New York: Alexander counts 17 for Adams, 16 against and
    Van Rensselaer doubtful, i.e. 18 to 16 once he voted; the 16 are 14 Crawford and 2 Jackson
    men here."""
    split = {s: c for s, c in _members_by_candidate().items() if len(c) > 1}
    assert split == {
        State.KY: {ADAMS: 8, JACKSON: 4},
        State.LA: {ADAMS: 2, JACKSON: 1},
        State.MA: {ADAMS: 12, JACKSON: 1},
        State.MD: {ADAMS: 5, JACKSON: 3, CRAWFORD: 1},
        State.NC: {CRAWFORD: 10, JACKSON: 2, ADAMS: 1},
        State.NJ: {JACKSON: 5, ADAMS: 1},
        State.NY: {ADAMS: 18, CRAWFORD: 14, JACKSON: 2},
        State.OH: {ADAMS: 10, JACKSON: 2, CRAWFORD: 2},
        State.PA: {JACKSON: 25, ADAMS: 1},
        State.VA: {CRAWFORD: 20, ADAMS: 1, JACKSON: 1},
    }


def _one_member_moved(state: State, source: str, to: str) -> list[PartyDelegation]:
    """The House of 9 February 1825 with one Republican member of ``state`` moved from the
    faction of ``source`` to that of ``to``."""
    label = {ADAMS: "Adams-Clay Republican", JACKSON: "Jackson Republican",
             CRAWFORD: "Crawford Republican"}  # fmt: skip
    moved = []
    for d in RECORD.delegations(CONGRESS):
        if (d.state, d.party) == (state, label[source]):
            d = replace(d, members=d.members - 1)
        moved.append(d)
    moved.append(replace(moved[-1], state=state, party=label[to], members=1))
    return moved


@pytest.mark.parametrize(
    ("state", "to"),
    [
        (State.NY, CRAWFORD),  # Van Rensselaer: 17 Adams of 34 is half, not a majority
        (State.MD, JACKSON),  # 4 Adams, 4 Jackson, 1 Crawford
    ],
)
def test_one_member_in_new_york_or_maryland_would_have_left_the_house_without_a_choice(
    state: State, to: str
) -> None:
    """New York (18 of 34) and Maryland (5 of 9) gave Adams a bare majority of their members,
    and Adams had a bare majority of the states (13 of 24): one member of either voting
    otherwise divides his state and leaves Adams at 12, no choice on the first ballot."""
    votes = _model(_one_member_moved(state, ADAMS, to))
    assert votes[state] is None
    assert {s: v for s, v in votes.items() if v != PREDICTED[s]} == {state: None}
    assert house_election([votes], THREE, 24).elected is None


def test_the_house_departed_from_the_states_electors_where_the_factions_did() -> None:
    """Seven delegations voted for another man than their states' electors (the same seven as
    ``test_1824.py``'s recorded ballot), each because a majority of its members belonged to
    another faction:

    - Kentucky (14 electors for Clay, by districts): 8 Adams-Clay, 4 Jackson. The legislature
      had asked its members to vote for Jackson; "a majority however, with Mr. Clay, voted for
      Mr. Adams" (a Kentuckian's manuscript memoir, fromthepage.com page 1375464). J. Quincy,
      *Memoir of the Life of John Quincy Adams* (1858), says the delegation was "equally
      divided" and Clay cast the deciding vote: that disagrees with Voteview's 8-4 and with
      Kentucky's recorded vote for Adams (an even split is "divided"); not resolved.
    - Ohio (16 for Clay, general ticket): 10 Adams-Clay, 2 Jackson, 2 Crawford.
    - Missouri (3 for Clay, by districts): its one member is Adams-Clay. Clay, fourth, could not
      be voted for (12th Amendment), and his men in these three states voted as he did.
    - Illinois (2 Jackson, 1 Adams, by districts, though Adams led the statewide returns:
      appointments.csv): its one member is Adams-Clay.
    - Louisiana (3 Jackson, 2 Adams, by the legislature): 2 Adams-Clay, 1 Jackson.
    - Maryland (7 Jackson, 3 Adams, 1 Crawford, by districts): 5 Adams-Clay, 3 Jackson,
      1 Crawford.
    - North Carolina (15 for Jackson, general ticket): 10 Crawford, 2 Jackson, 1 Adams-Clay.
    New York's electors (26 of 36 for Adams) and House vote agree, by one member (above)."""
    electors = _electors()
    most = {s: max(v, key=lambda c: v[c]) for s, v in electors.items()}
    differ = {s: (most[s], PREDICTED[s]) for s in most if most[s] != PREDICTED[s]}
    assert differ == {
        State.IL: (JACKSON, ADAMS), State.LA: (JACKSON, ADAMS), State.MD: (JACKSON, ADAMS),
        State.NC: (JACKSON, CRAWFORD),
        State.KY: (CLAY, ADAMS), State.MO: (CLAY, ADAMS), State.OH: (CLAY, ADAMS),
    }  # fmt: skip
    assert electors[State.NY] == {ADAMS: 26, CRAWFORD: 5, CLAY: 4, JACKSON: 1}


def test_members_of_a_faction_not_voted_on_vote_for_none() -> None:
    """Asked to choose between Jackson and Adams only, the Crawford men vote for neither: the
    four Crawford states are divided, and Maryland (5 Adams of 9) and New York (18 of 34) keep
    their bare majorities."""
    votes = _model(candidates=(JACKSON, ADAMS))
    assert {s for s, v in votes.items() if v is None} == {State.DE, State.GA, State.NC, State.VA}
    assert Counter(votes.values()) == {ADAMS: 13, JACKSON: 7, None: 4}


def test_clay_cannot_be_modelled() -> None:
    """Clay's men are labelled with Adams's, so a House choosing among Clay and the others is
    beyond the labels: an error, not a guess."""
    with pytest.raises(RuleInputError, match="Henry Clay"):
        _model(candidates=(JACKSON, ADAMS, CLAY))


def test_a_label_with_no_faction_is_an_error_and_a_vacancy_casts_no_vote() -> None:
    row = PartyDelegation(congress=18, state=State.MO, party="Republican", members=1, source="t")
    with pytest.raises(RuleInputError, match="'Republican'"):
        _model([row])
    rows = [
        PartyDelegation(congress=18, state=State.GA, party="Crawford Republican", members=1,
                        source="t"),
        PartyDelegation(congress=18, state=State.GA, party="Vacant", members=1, source="t"),
        PartyDelegation(congress=18, state=State.MO, party="Vacant", members=1, source="t"),
    ]  # fmt: skip
    assert _model(rows) == {State.GA: CRAWFORD, State.MO: None}
