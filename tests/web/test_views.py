"""What the pages show of an election agrees with the engine, for every election."""

from __future__ import annotations

from collections import Counter

import pytest

from electoral import default_record, election
from electoral.web.views import election_view, slug

YEARS = default_record().years


@pytest.mark.parametrize("year", YEARS)
def test_places_on_the_map_carry_every_elector_and_vote(year):
    """Invariant: the map's places (states, districts) hold the states' electors and their
    electoral votes as cast, no more and no less."""
    e = election(year)
    view = election_view(year)
    assert sum(u.electors for u in view.units) == sum(s.electors for s in e.states)
    drawn: Counter[str] = Counter()
    for u in view.units:
        drawn.update(u.votes)
    cast: Counter[str] = Counter()
    for s in e.states:
        cast.update(s.electoral_votes)
    assert drawn == cast


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2008, {"NE-2": "Barack Obama", "NE-1": "John McCain", "ME-2": "Barack Obama"}),
        (2016, {"ME-2": "Donald Trump", "ME-1": "Hillary Clinton", "ME": "Hillary Clinton"}),
        (2020, {"ME-2": "Donald Trump", "NE-2": "Joe Biden", "NE": "Donald Trump"}),
        (2024, {"ME-2": "Donald Trump", "NE-2": "Kamala Harris", "NE-3": "Donald Trump"}),
    ],
)
def test_district_winners_are_the_record_s(year, expected):
    units = election_view(year).units_by_code
    assert {code: units[code].winner for code in expected} == expected


def test_no_districts_before_maine_chose_by_district():
    assert "ME-1" not in election_view(1968).units_by_code
    assert "NE-1" not in election_view(1988).units_by_code
    assert "ME-1" in election_view(1972).units_by_code


def test_candidates_carry_the_engine_totals_and_distinct_colours():
    for year in (1800, 1824, 1860, 1912, 2016):
        e = election(year)
        view = election_view(year)
        for c in view.candidates:
            assert c.electoral_votes == e.electoral_votes.get(c.name, 0)
            assert c.slug == slug(c.name)
        coloured = [c.family.name for c in view.candidates if c.family.name != "grey"]
        assert len(coloured) == len(set(coloured))


def test_states_not_in_the_union_are_blank_and_say_why():
    units = election_view(1860).units_by_code
    assert units["AK"].took_part is False
    assert "not yet a state" in units["AK"].note
    assert units["DC"].took_part is False
    assert "23rd Amendment" in units["DC"].note


def test_contingent_elections_where_they_happened():
    assert [c.elected for c in election_view(1800).contingent] == ["Thomas Jefferson"]
    assert [c.elected for c in election_view(1824).contingent] == ["John Quincy Adams"]
    assert [(c.chamber, c.elected) for c in election_view(1836).contingent] == [
        ("senate", "Richard Mentor Johnson")
    ]
    assert election_view(2016).contingent == ()


def test_every_fact_has_a_source():
    view = election_view(2016)
    assert view.sources
    assert all(row.sources for row in view.rows)
    assert all(f.source for f in view.faithless)
    assert view.election.facts.source in view.sources
