"""The builder's scenarios: the code, the count and the House's answer."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from electoral import RuleInputError, UnknownElectionError, default_record, election
from electoral.rules.contingent import congress_for, delegation_votes, house_election
from electoral.rules.count import majority_of, top
from electoral.web import scenario as sc

YEARS = [y for y in default_record().years if y >= sc.FIRST_YEAR]


def _code(**picks: str) -> str:
    chars = [sc.AS_RECORDED] * len(sc.UNIT_CODES)
    for place, char in picks.items():
        chars[sc.UNIT_CODES.index(place.replace("_", "-"))] = char
    return "".join(chars)


@pytest.mark.parametrize("year", YEARS)
def test_an_unchanged_map_gives_the_votes_as_cast(year):
    """Invariant: with every place as recorded, the scenario's votes are the electors' votes
    as cast in the states, and its electors those the states appointed."""
    e = election(year)
    outcome = sc.evaluate("", sc.base_of(year))
    cast: Counter[str] = Counter()
    for s in e.states:
        cast.update(s.electoral_votes)
    assert outcome.votes == {c: n for c, n in cast.most_common() if n}
    assert outcome.electors == sum(s.electors for s in e.states)
    assert outcome.majority == majority_of(outcome.electors)


def test_2024_as_recorded_is_won_by_the_president():
    outcome = sc.evaluate("", sc.base_of(2024))
    assert outcome.winner == election(2024).president
    assert outcome.house is None


def _codes(base: sc.Base) -> st.SearchStrategy[str]:
    alphabet = sc.AS_RECORDED + sc.NOBODY + sc.INDEX_CHARS[: len(base.candidates)]
    return st.text(alphabet=alphabet, max_size=len(sc.UNIT_CODES))


@settings(max_examples=60, deadline=None)
@given(data=st.data(), year=st.sampled_from([1860, 1968, 2000, 2016, 2020, 2024]))
def test_votes_and_undecided_add_up_to_the_electors(data, year):
    """Invariant: whatever the scenario, the candidates' votes plus the undecided electors equal
    the electors appointed; a winner has a majority; the code round-trips."""
    base = sc.base_of(year)
    code = data.draw(_codes(base))
    outcome = sc.evaluate(code, base)
    assert sum(outcome.votes.values()) + outcome.undecided == outcome.electors
    if outcome.winner:
        assert outcome.votes[outcome.winner] >= outcome.majority
    assert sc.evaluate(outcome.code, base) == outcome
    assert outcome.code == code.rstrip(sc.AS_RECORDED)


def test_a_269_269_tie_goes_to_the_house_of_the_coming_congress():
    base = sc.base_of(2020)
    trump = sc.INDEX_CHARS[base.candidates.index("Donald Trump")]
    outcome = sc.evaluate(_code(WI=trump, AZ=trump, GA=trump), base)
    assert outcome.votes == {"Donald Trump": 269, "Joe Biden": 269}
    assert outcome.winner is None
    assert outcome.house is not None
    record = default_record()
    congress = congress_for(2020)
    parties = {"Joe Biden": "Democratic", "Donald Trump": "Republican"}
    expected = house_election(
        [delegation_votes(record.delegations(congress), parties)], top(outcome.votes, 3), 50
    )
    assert outcome.house.elected == expected.elected
    assert outcome.house.ballots[0].votes == expected.ballots[0].votes


def test_undecided_electors_mean_no_house_yet():
    base = sc.base_of(2024)
    outcome = sc.evaluate(_code(CA=sc.NOBODY, TX=sc.NOBODY), base)
    assert outcome.undecided == 54 + 40
    assert outcome.house is None


def test_without_delegations_in_the_record_the_house_is_not_guessed():
    base = sc.base_of(1960)
    nixon = sc.INDEX_CHARS[base.candidates.index("Richard Nixon")]
    outcome = sc.evaluate(_code(IL=nixon, MO=nixon), base)
    assert outcome.winner is None
    assert outcome.house is None
    assert "no House delegations" in outcome.house_note


def test_bad_codes_and_years_are_refused():
    base = sc.base_of(2024)
    with pytest.raises(RuleInputError, match="names no candidate"):
        sc.evaluate("z", base)
    with pytest.raises(RuleInputError, match="at most"):
        sc.evaluate("." * (len(sc.UNIT_CODES) + 1), base)
    with pytest.raises(RuleInputError, match="1804"):
        sc.base_of(1800)
    with pytest.raises(UnknownElectionError):
        sc.base_of(2023)
