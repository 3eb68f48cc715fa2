from __future__ import annotations

import pytest

from electoral.data import default_record
from electoral.errors import DataError, RuleInputError, UnknownElectionError
from electoral.forecast import (
    Contests,
    contests_from_election,
    house_from_record,
    parse_candidates,
    parse_house,
    parse_picks,
    read_contests,
)
from electoral.forecast.results import house_winner
from electoral.rules.contingent import FACTION_CANDIDATES, faction_votes
from electoral.states import State
from tests.forecast.conftest import contest_rows, write_contests

JACKSON, ADAMS = "Andrew Jackson", "John Quincy Adams"
CRAWFORD, CLAY = "William H. Crawford", "Henry Clay"


def test_a_full_file_with_districts_has_56_contests_and_538_electors(race56):
    assert len(race56.contests) == 56
    assert race56.electors == 538
    assert race56.majority == 270
    by_id = {c.id: c for c in race56.contests}
    assert (by_id["ME"].electors, by_id["ME-2"].electors) == (2, 1)
    assert (by_id["NE"].electors, by_id["NE-3"].electors) == (2, 1)
    assert (by_id["CA"].electors, by_id["TX"].electors, by_id["DC"].electors) == (54, 40, 3)
    assert race56.has_turnout


def test_statewide_maine_and_nebraska_carry_all_their_electors(tmp_path):
    race = read_contests(write_contests(tmp_path / "c.csv", contest_rows(districts=False)))
    by_id = {c.id: c for c in race.contests}
    assert (by_id["ME"].electors, by_id["NE"].electors) == (4, 5)
    assert race.electors == 538


def test_the_electors_column_overrides_and_lifts_the_538_check(tmp_path):
    path = write_contests(tmp_path / "c.csv", ["contest,margin,sd,electors", "PA,1,3,20",
                                               "GA,-1,3,"])  # fmt: skip
    race = read_contests(path)
    assert [c.electors for c in race.contests] == [20, 16]
    assert race.majority == 19


def _bad(rows: list[str]) -> list[str]:
    base = contest_rows()
    return base[:3] + rows + base[3:]


@pytest.mark.parametrize(
    ("rows", "field", "needle"),
    [
        (_bad(["XX,1,3,100"]), "contest", "unknown contest 'XX'"),
        (_bad(["ME-3,1,3,100"]), "contest", "no district ME-3"),
        (_bad(["AL,1,3,100"]), "contest", "duplicate AL"),
        (["contest,margin,sd", "PA,1,-2"], "sd", "not a positive number"),
        (["contest,margin,sd", "PA,abc,2"], "margin", "'abc' is not a number"),
        (["contest,margin,sd", "PA,nan,2"], "margin", "not a finite number"),
        (["contest,margin", "PA,1"], "sd", "column missing"),
        (["contest,margin,sd", "PA,1,2"], "contest", "expected 538; missing"),
        (["contest,margin,sd,turnout", "PA,1,2,-5"], "turnout", "not a positive whole number"),
    ],
)
def test_bad_contest_files_give_one_line_errors_naming_file_line_and_field(
    tmp_path, rows, field, needle
):
    path = write_contests(tmp_path / "bad.csv", rows)
    with pytest.raises(DataError) as info:
        read_contests(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("bad.csv:")
    assert info.value.field == field
    assert needle in message


def test_districts_must_come_with_their_state_and_each_other(tmp_path):
    rows = [r for r in contest_rows() if not r.startswith("ME-2")]
    with pytest.raises(DataError, match="expected ME, ME-1, ME-2"):
        read_contests(write_contests(tmp_path / "c.csv", rows))


def test_contests_from_the_record_follow_the_returns(race51):
    assert race51.candidates == ("Donald Trump", "Kamala Harris")
    assert race51.electors == 538
    by_id = {c.id: c for c in race51.contests}
    assert 1.0 < by_id["PA"].margin < 2.5  # Trump by 1.7 points
    assert by_id["CA"].margin < -15
    assert all(c.sd == 5.0 and c.turnout for c in race51.contests)


def test_contests_from_the_record_reject_bad_input():
    with pytest.raises(UnknownElectionError):
        contests_from_election(2023)
    with pytest.raises(RuleInputError, match="has no returns in 2024"):
        contests_from_election(2024, candidates=("Nobody", "Kamala Harris"))
    with pytest.raises(RuleInputError, match="positive"):
        contests_from_election(2024, sd=0)


def test_the_house_of_the_119th_congress_from_the_record(race51):
    house = house_from_record(2024, race51)
    assert set(house) == set(race51.candidates)
    assert house["Donald Trump"] >= 26 > house["Kamala Harris"]
    assert sum(house.values()) <= 50


def _sides(a: str, b: str) -> Contests:
    """Two sides with no contests: all :func:`house_from_record` reads is the names."""
    return Contests(contests=(), candidates=(a, b), source="test")


@pytest.mark.parametrize(
    ("sides", "expected"),
    [
        ((JACKSON, ADAMS), {JACKSON: 7, ADAMS: 13}),
        ((ADAMS, CRAWFORD), {ADAMS: 13, CRAWFORD: 4}),
        ((CRAWFORD, JACKSON), {CRAWFORD: 4, JACKSON: 7}),
    ],
)
def test_the_house_of_1825_is_counted_by_faction(sides, expected):
    """The 18th Congress is labelled by faction ("Jackson Republican", "Adams-Clay
    Federalist", ...), and all four candidates of 1824 ran as Democratic-Republicans: by party
    no delegation would go to either side (both 0). By faction each side holds the states most
    of whose members supported it (``faction_votes``): Adams 13, Jackson 7, Crawford 4 as on 9
    February 1825; the third candidate's states vote for neither side."""
    house = house_from_record(1824, _sides(*sides))
    assert house == expected
    rows = default_record().delegations(18)
    by_faction = faction_votes(rows, FACTION_CANDIDATES[18], list(sides))
    assert house == {c: sum(1 for v in by_faction.values() if v == c) for c in sides}
    assert sum(house.values()) + sum(1 for v in by_faction.values() if v is None) == 24


@pytest.mark.parametrize("sides", [(JACKSON, CLAY), (CLAY, ADAMS)])
def test_the_house_of_1825_cannot_say_how_it_would_vote_for_clay(sides):
    """No faction of the 18th Congress supported Clay (his men are labelled with Adams's):
    the delegations are refused, not counted as 0 for him."""
    with pytest.raises(RuleInputError, match="no faction supported Henry Clay"):
        house_from_record(1824, _sides(*sides))


@pytest.mark.parametrize("text", ["A", "A,A", "A,", "A,B,C"])
def test_candidates_need_two_distinct_names(text):
    with pytest.raises(RuleInputError, match="two distinct names"):
        parse_candidates(text)


@pytest.mark.parametrize("year", range(1880, 2025, 4))
def test_a_forecast_from_the_record_counts_the_house_of_its_union(year):
    """Every state appointed its electors by popular vote from 1880 on, so the states with a
    contest are the states in the Union by the admission dates (two independent facts); a
    majority of them chooses in the House: 20 of 38 after 1880, 25 of 48 after 1956."""
    race = contests_from_election(year)
    appointing = {c.state for c in race.contests if c.state is not State.DC}
    assert race.states_in_house == len(appointing)
    a, b = race.candidates
    half = race.states_in_house // 2
    assert house_winner({a: half + 1, b: 0}, race.candidates, race.states_in_house) == a
    assert house_winner({a: half, b: 0}, race.candidates, race.states_in_house) is None


def test_after_1956_a_majority_of_48_delegations_elects():
    race = contests_from_election(1956)
    assert race.states_in_house == 48
    a, b = race.candidates
    assert house_winner({a: 25, b: 23}, race.candidates, race.states_in_house) == a
    assert house_winner({a: 25, b: 23}, race.candidates) is None  # 25 of today's 50 is not
    with pytest.raises(RuleInputError, match="more than the 48 states"):
        parse_house(f"{a}:25,{b}:24", race.candidates, race.states_in_house)
    with pytest.raises(RuleInputError, match="more than the 48 states"):
        house_winner({a: 25, b: 24}, race.candidates, race.states_in_house)


def test_house_and_picks_are_parsed_and_checked(race56):
    assert parse_house("A:26,B:22", ("A", "B")) == {"A": 26, "B": 22}
    for bad in ("C:26", "A:x", "A:30,B:30"):
        with pytest.raises(RuleInputError, match="--house"):
            parse_house(bad, ("A", "B"))
    assert parse_picks("pa=A, ne-2=B", race56) == {"PA": "A", "NE-2": "B"}
    with pytest.raises(RuleInputError, match="unknown contest 'ZZ'"):
        parse_picks("ZZ=A", race56)
    with pytest.raises(RuleInputError, match="CONTEST=NAME"):
        parse_picks("PA=C", race56)
