"""The builder's scenarios: the code, the count and the House's answer."""

from __future__ import annotations

from collections import Counter
from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from electoral import RuleInputError, UnknownElectionError, default_record, election
from electoral.rules.contingent import (
    FACTION_CANDIDATES,
    congress_for,
    delegation_votes,
    faction_votes,
    house_election,
)
from electoral.rules.count import majority_of, rank, top
from electoral.states import State
from electoral.web import scenario as sc
from electoral.web.routes.pages import build_data

YEARS = [y for y in default_record().years if y >= sc.FIRST_YEAR]
JACKSON, ADAMS = "Andrew Jackson", "John Quincy Adams"
CRAWFORD, CLAY = "William H. Crawford", "Henry Clay"


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


def _as_the_page_counts(votes: dict[str, int], base: sc.Base) -> dict[str, int]:
    """The House's first ballot as ``static/js/build.js`` (``houseAnswer``) counts it from the
    page's data: each delegation's key mapped to the candidate among the three highest whose
    ``party`` is that key."""
    data = build_data(base)
    listed = cast("list[dict[str, object]]", data["candidates"])
    delegations = cast("dict[str, str | None]", data["delegations"])
    candidates = top(votes, 3)
    party = {str(c["name"]): str(c["party"]) for c in listed}
    by_party = {party[c]: c for c in candidates if party.get(c)}
    tally: Counter[str] = Counter()
    for key in delegations.values():
        if key and key in by_party:
            tally[by_party[key]] += 1
    return rank({c: tally[c] for c in candidates})


def test_the_1824_house_votes_by_faction():
    """The 18th Congress's delegations are labelled by faction ("Adams-Clay Republican",
    "Adams-Clay Federalist", ...), not by party: each state's delegation is the candidate a
    majority of its members supported, the two parties of a faction added
    (``FACTION_CANDIDATES[18]``). Massachusetts (12 Adams-Clay of 13), Maryland (5 of 9) and
    New York (18 of 34), with no single label holding a majority, are Adams's; the map as
    recorded goes to the House, which chooses Adams with 13 states to Jackson's 7 and
    Crawford's 4, as on 9 February 1825; and the page's data gives the same ballot."""
    base = sc.base_of(1824)
    assert base.congress == 18
    assert {s: base.delegations[s] for s in (State.MA, State.MD, State.NY)} == {
        State.MA: ADAMS, State.MD: ADAMS, State.NY: ADAMS,
    }  # fmt: skip
    assert Counter(base.delegations.values()) == {ADAMS: 13, JACKSON: 7, CRAWFORD: 4}
    rows = default_record().delegations(18)
    three = [JACKSON, ADAMS, CRAWFORD]
    assert base.delegations == faction_votes(rows, FACTION_CANDIDATES[18], three)
    assert base.parties == {JACKSON: JACKSON, ADAMS: ADAMS, CRAWFORD: CRAWFORD}
    outcome = sc.evaluate("", base)
    assert outcome.winner is None
    assert outcome.house is not None
    assert (outcome.house.needed, outcome.house.members) == (13, 24)
    assert outcome.house.ballots[0].votes == {ADAMS: 13, JACKSON: 7, CRAWFORD: 4}
    assert outcome.house.elected == ADAMS
    assert outcome.house_note == ""
    assert _as_the_page_counts(outcome.votes, base) == outcome.house.ballots[0].votes


def test_an_1824_scenario_is_counted_alike_by_the_server_and_the_page():
    """New York's 36 electors to Crawford: Jackson 98, Crawford 72, Adams 58, Clay 33, the same
    three highest; the House reads the same factions (Adams 13 states), and the page's data
    gives the server's ballot."""
    base = sc.base_of(1824)
    crawford = sc.INDEX_CHARS[base.candidates.index(CRAWFORD)]
    outcome = sc.evaluate(_code(NY=crawford), base)
    assert outcome.votes == {JACKSON: 98, CRAWFORD: 72, ADAMS: 58, CLAY: 33}
    assert outcome.house is not None
    assert outcome.house.candidates == (JACKSON, CRAWFORD, ADAMS)
    assert outcome.house.ballots[0].votes == {ADAMS: 13, JACKSON: 7, CRAWFORD: 4}
    assert outcome.house.elected == ADAMS
    assert _as_the_page_counts(outcome.votes, base) == outcome.house.ballots[0].votes


def test_in_1824_clay_among_the_three_highest_leaves_the_house_unknown():
    """Georgia's 9 electors to Clay: Clay 46, Crawford 32, so the House would choose among
    Jackson, Adams and Clay. No faction of the 18th Congress supported Clay (his men are
    labelled with Adams's), so the House's answer is not computed, as the defection analysis
    says."""
    base = sc.base_of(1824)
    clay = sc.INDEX_CHARS[base.candidates.index(CLAY)]
    outcome = sc.evaluate(_code(GA=clay), base)
    assert outcome.votes == {JACKSON: 99, ADAMS: 84, CLAY: 46, CRAWFORD: 32}
    assert outcome.winner is None
    assert outcome.house is None
    assert outcome.house_note == (
        "The factions of the 18th Congress do not say how its members would vote for Henry "
        "Clay, so the House's answer cannot be computed."
    )
