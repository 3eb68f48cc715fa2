"""Reforms: elections of the record re-run under another way of appointing electors."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from electoral.analysis.defection import defection
from electoral.analysis.reform import REFORMS, ReformOptions, _contingent, reform
from electoral.data import default_record, load_record
from electoral.errors import RuleInputError, UnknownRuleError
from electoral.model import Office
from electoral.rules.appointment import ROUNDING_RULES, allocate_proportional
from electoral.rules.count import count_votes
from tests.builders import write_record

RECORD = default_record()
BUSH, GORE = "George W. Bush", "Al Gore"
JACKSON, ADAMS = "Andrew Jackson", "John Quincy Adams"
CRAWFORD, CLAY = "William H. Crawford", "Henry Clay"


def _house(size: int) -> dict[str, int]:
    return reform(2000, "house-size", RECORD, ReformOptions(house_size=size)).count.votes


# Neubauer and Zeitlin, "Outcomes of Presidential Elections and the House Size", PS: Political
# Science & Politics 36(4) (2003) 721-725, as summarized by "God Plays Dice" (2008-07-24):
# "if the House had 490 members or less the election would have gone to Bush; with 656 or
# more, it would have gone to Gore; in between it goes back and forth ... and some ties", and
# by thirty-thousand.org (via "poutineq", 2004-10-01): Gore from 492; ties at 491, 597 and 655;
# "Gore wins with a House size greater than 597. Except for 655". Their assumption, ours too:
# every state winner take all (Maine and Nebraska were not split in 2000).
def test_2000_at_435_seats_is_the_real_result():
    assert _house(435) == {BUSH: 271, GORE: 267}  # pledged; one DC elector abstained


@pytest.mark.parametrize("size", [436, 450, 470, 480, 489, 490])
def test_2000_bush_wins_up_to_490_seats(size):
    votes = _house(size)
    assert votes[BUSH] > votes[GORE]


@pytest.mark.parametrize("size", [491, 597, 655])
def test_2000_ties_at_491_597_and_655_seats(size):
    votes = _house(size)
    assert votes[BUSH] == votes[GORE]


@pytest.mark.parametrize("size", [492, *range(598, 655, 7), *range(656, 900, 61)])
def test_2000_gore_wins_at_492_and_above_597_but_655(size):
    votes = _house(size)
    assert votes[GORE] > votes[BUSH]


def test_a_tie_goes_to_the_house_of_the_107th_congress():
    r = reform(2000, "house-size", RECORD, ReformOptions(house_size=491))
    assert r.count.winner is None
    assert r.contingent is not None
    assert r.contingent.needed == 26
    assert r.president == r.contingent.elected == BUSH  # 28 Republican delegations in 2001


@given(
    votes=st.dictionaries(st.sampled_from("ABCDEF"), st.integers(0, 10**7), min_size=1).filter(
        lambda v: sum(v.values()) > 0
    ),
    electors=st.integers(1, 60),
    rounding=st.sampled_from(ROUNDING_RULES),
)
@settings(max_examples=300, deadline=None)
def test_every_rounding_conserves_the_electors(votes, electors, rounding):
    """Invariant: every proportional rounding gives away exactly the state's electors, none to
    a candidate without votes (``whole`` needs a plurality winner for the remainder)."""
    assume(rounding != "whole" or list(votes.values()).count(max(votes.values())) == 1)
    result = allocate_proportional(votes, electors, rounding)
    assert sum(result.values()) == electors
    assert all(votes[c] > 0 for c in result)


@pytest.mark.parametrize("rounding", ROUNDING_RULES)
@pytest.mark.parametrize("year", [1912, 1968, 1992, 2016, 2020, 2024])
def test_proportional_keeps_every_states_electors(year, rounding):
    """Cross-check of two sources: the reform's electors per state equal the appointments."""
    r = reform(year, "proportional", RECORD, ReformOptions(rounding=rounding))
    appointed = {a.state: a.electors for a in RECORD.appointments_in(year) if a.electors}
    assert {s: sum(slate.values()) for s, slate in r.electors.items()} == appointed
    assert sum(r.count.votes.values()) == r.count.electors_appointed


def test_2016_proportional_ties_and_the_house_chooses():
    """Hamilton's rounding in every state: 262-262 with Johnson 12, so no majority; the 115th
    House had 32 Republican delegations (see tests/golden/test_congress.py)."""
    r = reform(2016, "proportional", RECORD)
    assert r.count.votes["Donald Trump"] == r.count.votes["Hillary Clinton"] == 262
    assert r.contingent is not None
    assert r.contingent.ballots[0].votes["Donald Trump"] == 32
    assert r.president == "Donald Trump"


def test_no_delegations_in_the_record_is_said_not_failed():
    """1912 proportional: Wilson, Roosevelt and Taft split the electors; the House that would
    have chosen in February 1913 (before the 20th Amendment: the outgoing 62nd Congress) is
    not in the record, and the result says so."""
    r = reform(1912, "proportional", RECORD)
    assert r.count.winner is None
    assert r.contingent is None
    assert r.president is None
    assert "62nd Congress" in r.notes[-1]
    assert "no delegations" in r.notes[-1]


@pytest.mark.parametrize(
    ("method", "highest"),
    [
        ("proportional", "John Quincy Adams, Andrew Jackson, William H. Crawford"),
        ("npvic", "Andrew Jackson, John Quincy Adams, William H. Crawford"),
    ],
)
def test_1824_the_house_chooses_by_faction(method, highest):
    """1824: Jackson, Adams, Crawford and Clay all ran as Democratic-Republicans, so party
    cannot choose among them, but the 18th Congress's delegations are labelled by faction
    (``FACTION_CANDIDATES[18]``); re-run (proportional: Adams 99, Jackson 88, Crawford 47, Clay
    27; the compact, not in force: the real 99, 84, 41, 37) no one has a majority of 261, and
    each delegation voting with the faction of most of its members chooses Adams, 13 states of
    24 to Jackson's 7 and Crawford's 4: the House's ballot of 9 February 1825."""
    r = reform(1824, method, RECORD)
    assert r.count.winner is None
    assert r.contingent is not None
    assert ", ".join(r.contingent.candidates) == highest
    assert (r.contingent.members, r.contingent.needed) == (24, 13)
    assert r.contingent.ballots[0].votes == {ADAMS: 13, JACKSON: 7, CRAWFORD: 4}
    assert r.contingent.ballots[0].not_voting == 0
    assert r.president == ADAMS
    assert r.notes[-1] == (
        "no majority: the House of the 18th Congress chooses John Quincy Adams (each delegation "
        "voting with the faction of most of its members, as in 1825)"
    )
    assert "unknown" not in " ".join(r.notes)


def test_1824_with_clay_among_the_three_highest_the_house_is_unknown():
    """A count that puts Clay among the three highest: no faction of the 18th Congress
    supported him (his men are labelled with Adams's), so the House's choice is unknown, in
    defection's words."""
    count = count_votes(Office.PRESIDENT, {JACKSON: 99, ADAMS: 84, CLAY: 42, CRAWFORD: 36}, 261)
    contingent, note = _contingent(1824, count, RECORD)
    assert contingent is None
    assert note == (
        "no majority: the House of the 18th Congress would choose among Andrew Jackson, "
        "John Quincy Adams, Henry Clay; unknown: the factions of the 18th Congress do not say "
        "how its members would vote for Henry Clay"
    )
    what_if = defection(1824, defectors=5, to=CLAY, record=RECORD).what_if
    assert what_if is not None
    assert note.endswith(what_if.outcome.note)


def test_the_faction_choice_matches_defection():
    """Reform and defection give the same House of 1825 the same answer."""
    outlook = defection(1824, record=RECORD).contingent
    assert outlook.note == ""
    assert reform(1824, "proportional", RECORD).president == outlook.president == ADAMS


def test_npvic_2024_unchanged_and_if_in_force():
    """Not in force in 2024 (209 < 270): the count is the real one. Applied anyway, all 209
    member electors go to Trump, the national winner: he keeps his 311 outside the members
    (312 less Maine's 2nd district) and Harris keeps only VA 13, NH 4 and NE-2 1."""
    r = reform(2024, "npvic", RECORD)
    assert r.count.votes == r.actual == {"Donald Trump": 312, "Kamala Harris": 226}
    forced = reform(2024, "npvic", RECORD, ReformOptions(assume_in_force=True))
    assert forced.count.votes == {"Donald Trump": 520, "Kamala Harris": 18}


def test_npvic_2016_in_force_would_not_have_elected_clinton():
    """The compact only decides at 270: with 2016's members (165 electors, all won by Clinton)
    applied anyway, Trump keeps his 304 as cast."""
    r = reform(2016, "npvic", RECORD, ReformOptions(assume_in_force=True))
    assert r.parameters["national_winner"] == "Hillary Clinton"
    assert r.count.votes["Donald Trump"] == 304
    assert r.count.winner == "Donald Trump"


def test_reasons_why_not():
    with pytest.raises(UnknownRuleError, match="district, house-size, npvic, proportional"):
        reform(2016, "lottery", RECORD)
    with pytest.raises(UnknownRuleError, match="unknown rounding rule 'jefferson'"):
        reform(2016, "proportional", RECORD, ReformOptions(rounding="jefferson"))
    with pytest.raises(RuleInputError, match="give the number of seats"):
        reform(2016, "house-size", RECORD)
    with pytest.raises(RuleInputError, match="no popular returns"):
        reform(1800, "npvic", RECORD)
    # South Carolina's legislature chose its electors until 1860: with no returns, its electors
    # cannot be re-allocated once their number changes.
    with pytest.raises(RuleInputError, match="1844: SC has no returns in the record"):
        reform(1844, "house-size", RECORD, ReformOptions(house_size=400))


def test_house_size_needs_the_populations(tmp_path):
    """A toy record whose 2020 census lacks DE's population (every census in the bundled record
    now has its populations): the 2024 house-size reform is refused."""
    directory = write_record(tmp_path, apportionment=["2020,PA,13002700,17,toy", "2020,DE,,1,toy"])
    with pytest.raises(
        RuleInputError, match="2020 census, whose apportionment populations are not"
    ):
        reform(2024, "house-size", load_record(directory), ReformOptions(house_size=20))


def test_district_needs_returns_by_district():
    """The record holds district returns only for the district states themselves."""
    with pytest.raises(RuleInputError, match="returns by congressional district"):
        reform(2016, "district", RECORD)


def test_registry_ids_are_stable():
    assert sorted(REFORMS) == ["district", "house-size", "npvic", "proportional"]
