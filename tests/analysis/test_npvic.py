"""The National Popular Vote Interstate Compact: its members and their electors."""

from __future__ import annotations

import datetime as dt

import pytest

from electoral.analysis.npvic import compact_status, load_members, members_on
from electoral.data import default_record
from electoral.errors import DataError
from electoral.states import State

RECORD = default_record()
MEMBERS = load_members()


def _status(year: int):
    electors = {a.state: a.electors for a in RECORD.appointments_in(year)}
    return compact_status(year, electors, MEMBERS)


def test_the_table_holds_the_eighteen_members():
    """17 states and DC (Wikipedia, "National Popular Vote Interstate Compact", Nov. 2024)."""
    assert len(MEMBERS) == 18
    assert MEMBERS[0].state is State.MD  # the first, 2007
    assert MEMBERS[-1].state is State.ME  # the latest, 2024


@pytest.mark.parametrize(
    ("year", "members", "electors"),
    [
        # nationalpopularvote.com (2011-2014): "enacted into law in states possessing 165
        # electoral votes" (11 jurisdictions, with California 55 and New York 29).
        (2016, 11, 165),
        # After Oregon (June 2019): 196 electoral votes under the 2010 apportionment (Wikipedia).
        (2020, 16, 196),
        # With Maine (April 2024): 209 under the 2020 apportionment (League of Women Voters of
        # Maine; Wikipedia, "Status as of April 2024: Enacted - 209 EVs").
        (2024, 18, 209),
    ],
)
def test_members_electors_as_reported(year, members, electors):
    status = _status(year)
    assert (len(status.members), status.member_electors) == (members, electors)
    assert status.needed == 270
    assert not status.is_in_force


def test_the_compact_never_governed_an_election():
    """No election of the record had members holding a majority on July 20."""
    assert not any(_status(y).is_in_force for y in RECORD.years if y >= 2008)
    assert _status(2004).members == {}


def test_july_20_is_the_day_that_counts():
    """Article IV: the compact is judged on July 20 of the election year."""
    late = load_members()
    assert State.ME in members_on(dt.date(2024, 7, 20), late)
    assert State.ME not in members_on(dt.date(2023, 7, 20), late)


def test_in_force_at_a_majority():
    """Cross-check of the threshold: a made-up college where the members hold 270 of 538."""
    electors = {State.CA: 270, State.TX: 268}
    md = load_members()
    status = compact_status(2024, electors, tuple(m for m in md if m.state is State.CA))
    assert status.member_electors == 270
    assert status.is_in_force


@pytest.mark.parametrize(
    ("line", "field", "problem"),
    [
        ("XX,2007-04-10,s,", "state", "unknown state code 'XX'"),
        ("MD,2007-13-10,s,", "enacted", "'2007-13-10' is not a date"),
        ("MD,2007-04-10,,", "source", "is empty"),
    ],
)
def test_malformed_rows_name_file_line_and_field(tmp_path, line, field, problem):
    (tmp_path / "npvic_members.csv").write_text(
        f"state,enacted,source,notes\nNJ,2008-01-13,s,\n{line}\n", encoding="utf-8"
    )
    with pytest.raises(DataError, match=f"npvic_members.csv:3: field '{field}': {problem}"):
        load_members(tmp_path)


def test_a_state_listed_twice_is_an_error(tmp_path):
    (tmp_path / "npvic_members.csv").write_text(
        "state,enacted,source,notes\nNJ,2008-01-13,s,\nNJ,2009-01-13,s,\n", encoding="utf-8"
    )
    with pytest.raises(DataError, match="npvic_members.csv:3: field 'state': duplicate"):
        load_members(tmp_path)


def test_a_directory_without_the_table_uses_the_bundled_one(tmp_path):
    assert load_members(tmp_path) == MEMBERS
