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
    Stat. tit. 26 §10-109), Florida asks an oath without a sanction (Fla. Stat. §103.021(1));
    Texas had no law (its two faithless votes counted in 2016). Free by law means no law at
    all: a pledge binds the elector even where no sanction is stated."""
    d = defection(2016, record=RECORD)
    by_state = {s.state: s for s in d.states}
    assert not by_state[State.MI].is_free
    assert not by_state[State.OK].is_free
    assert not by_state[State.FL].is_free
    assert by_state[State.FL].law_class is Law.PLEDGE
    assert by_state[State.TX].is_free
    assert by_state[State.TX].electors == 38
    assert d.free_electors == sum(
        s.electors for s in d.states
        if (law := RECORD.law_in_force(s.state, 2016)) is None or law.law is Law.NONE
    )  # fmt: skip
    assert d.free_electors == 155
    assert "TX" in d.free_states
    assert "MI" not in d.free_states
    assert "FL" not in d.free_states


# Each state's class in 2016, from the statutes (binding_laws.csv rows and their citations):
# pledge: Alaska Stat. §§15.30.040, .090; Ala. Code §17-14-31(c); Fla. Stat. §103.021(1);
# Me. Rev. Stat. tit. 21-A §805 (Maine's 2nd district elector); Miss. Code Ann. §23-15-785;
# Ohio Rev. Code §3505.40; Tenn. Code Ann. §2-15-104(c); Wis. Stat. §7.75; Wyo. Stat. Ann.
# §22-19-108. Penalty: Okla. Stat. tit. 26 §10-109; S.C. Code Ann. §7-19-80. Cancel-replace:
# Mich. Comp. Laws §168.47; Mont. Code Ann. §§13-25-301 to -308; N.C. Gen. Stat. §163-212;
# Neb. Rev. Stat. §§32-713, -714; Utah Code Ann. §20A-13-304. No law: the rest (Arizona's
# §16-212(B)-(C) and Indiana's P.L. 201-2017 came after 2016).
CLASSES_2016 = {
    Law.NONE: ("AR", "AZ", "GA", "IA", "ID", "IN", "KS", "KY", "LA", "MO", "ND", "PA", "SD",
               "TX", "WV"),
    Law.PLEDGE: ("AK", "AL", "FL", "ME", "MS", "OH", "TN", "WI", "WY"),
    Law.PENALTY: ("OK", "SC"),
    Law.CANCEL_REPLACE: ("MI", "MT", "NC", "NE", "UT"),
}  # fmt: skip


def test_2016_states_trump_carried_by_class_of_law():
    d = defection(2016, record=RECORD)
    assert {law: d.states_of(law) for law in Law} == CLASSES_2016
    assert [d.electors_of(law) for law in Law] == [155, 90, 16, 45]


def test_2016_states_trump_carried_by_definition():
    """The press figure of 2016, "14 of the states Trump carried" let their electors vote
    freely, is matched by no definition: no law at all gives 15, the nearest; counting pledges
    without a stated sanction as free, 23 and Maine's 2nd district (binding_laws.md)."""
    d = defection(2016, record=RECORD)
    assert d.free_by_definition == {
        "no law": 15,
        "no law or pledge only": 24,
        "vote counts by the law's text": 26,
        "bound by some law": 16,
    }
    assert 14 not in d.free_by_definition.values()


def test_pledges_are_enforceable_from_2020_and_the_output_says_so():
    """Ray v. Blair (1952) let states require the pledge; Chiafalo v. Washington (2020) and
    Colorado v. Baca (2020) let them enforce it: the doctrine line for pledge-only states
    cites the case that decides the year's answer."""
    pledge_2016 = next(t for t in defection(2016, record=RECORD).doctrine if "Pledge" in t)
    assert "Ray v. Blair, 343 U.S. 214 (1952)" in pledge_2016
    assert "open until 2020" in pledge_2016
    pledge_2024 = next(t for t in defection(2024, record=RECORD).doctrine if "Pledge" in t)
    assert "enforceable since Chiafalo v. Washington, 591 U.S. 578 (2020)" in pledge_2024
    assert not any("Pledge" in t for t in defection(1948, record=RECORD).doctrine)


def test_2016_pledge_only_votes_voided_anyway():
    """Maine's chair ruled Bright's vote out of order; Colorado's Secretary of State removed
    Baca: both under laws that, by their text, state no sanction."""
    enforced = defection(2016, record=RECORD).enforced
    assert [line[:3] for line in enforced] == ["CO:", "ME:"]
    assert "Micheal Baca's vote for John Kasich was replaced" in enforced[0]


def test_2016_congress_under_the_1887_act():
    """One Senator and one Member may object (3 U.S.C. §15 (1948)); both Houses must agree to
    reject; the act does not say whether 37 rejected votes leave the whole number: kept, 269 of
    538 fall short and the House chooses; taken out, 269 of 501 elect Trump."""
    c = defection(2016, record=RECORD).congress
    assert c is not None
    assert c.act.act == "electoral-count-act-1887"
    assert c.signers == (1, 1)
    assert (c.winner_votes, c.whole.value, c.whole.lowest) == (269, 538, 501)
    assert (c.elected_if_kept, c.elected_if_lowered) == (False, True)
    assert "the act does not say" in c.lines[-1]


def test_2024_congress_under_the_reform_act():
    """One fifth of each House must sign (20 of 99 sworn senators, 87 of 434 members, the
    119th Congress at its start); only the two grounds; a faithless vote rejected as not
    regularly given leaves the whole number at 538 (3 U.S.C. §15(e)(2)), so 269 fall short."""
    d = defection(2024, record=RECORD)
    c = d.congress
    assert c is not None
    assert c.act.act == "electoral-count-reform-act-2022"
    assert c.sworn == (99, 434)
    assert c.signers == (20, 87)
    assert (d.deny_majority, c.winner_votes, c.whole.value) == (43, 269, 538)
    assert not c.elected_if_kept
    assert "§15(e)(2)" in c.lines[-1]
    assert "3 U.S.C. §15(d)(2)(B)(ii)(I)-(II)" in c.lines[3]


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
