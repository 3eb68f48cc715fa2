"""Before 1804 each elector cast two votes for president (art. II, §1, cl. 3): a state is
carried by the candidate its electors backed, never by an alphabetical tie-break. The votes are
the certificates' (nara-1789, presidentelect-1792, wikipedia-1796-nara, nara-1800)."""

from __future__ import annotations

from collections import Counter

import pytest

from electoral.data import default_record
from electoral.elections import carried_by, election
from electoral.states import State
from electoral.story import tell
from electoral.web.views import DIVIDED, election_view

RECORD = default_record()


def _carried(year: int) -> Counter[str | None]:
    return Counter(s.winner for s in election(year, RECORD).states if s.electors)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        # 1789 and 1792: every elector voted for Washington (69 of 69, 132 of 132)
        (1789, {"George Washington": 10}),
        (1792, {"George Washington": 15}),
        # 1796: Adams's states 9, Jefferson's 7 (SC's 8 Jefferson and 8 Thomas Pinckney go to
        # Jefferson, 68 nationally to Pinckney's 59; KY, TN Jefferson over Burr)
        (1796, {"John Adams": 9, "Thomas Jefferson": 7}),
        # 1800: the Republican states gave Jefferson and Burr 73 each; Maryland split 5-5-5-5
        (1800, {"Thomas Jefferson": 8, "John Adams": 7, None: 1}),
    ],
)
def test_states_carried_before_1804(year, expected):
    assert _carried(year) == expected


def test_1800_jefferson_carries_the_states_that_gave_him_and_burr_every_vote():
    e = election(1800, RECORD)
    republican = [
        s for s in e.states if set(s.electoral_votes) == {"Thomas Jefferson", "Aaron Burr"}
    ]
    assert {s.state for s in republican} == {
        State.GA, State.KY, State.NY, State.SC, State.TN, State.VA,
    }  # fmt: skip
    assert all(s.winner == "Thomas Jefferson" for s in republican)


def test_1800_maryland_divided_evenly():
    md = election(1800, RECORD).state(State.MD)
    assert md is not None
    assert (md.winner, md.is_divided) == (None, True)
    assert set(md.electoral_votes.values()) == {5}


def test_since_1804_the_most_votes_carry_a_state():
    assert carried_by({"B": 3, "A": 5}, {}, "B", two_votes=False) == "A"


def test_the_map_colours_1800_by_the_backed_candidate():
    view = election_view(1800)
    units = view.units_by_code
    jefferson = next(c for c in view.candidates if c.name == "Thomas Jefferson").family
    assert units["VA"].winner == "Thomas Jefferson"
    assert units["VA"].fill in (jefferson.light, jefferson.middle, jefferson.dark)
    assert units["MD"].fill == DIVIDED
    assert "divided evenly between two tickets" in units["MD"].accessible_name
    assert "carried by Thomas Jefferson" in units["VA"].accessible_name
    assert view.divided == ("Maryland",)


def test_the_map_gives_1792_to_washington_everywhere():
    assert {u.winner for u in election_view(1792).units if u.took_part} == {"George Washington"}


def test_the_story_of_1800_says_how_a_state_is_told():
    story = tell(1800, RECORD)
    assert "Thomas Jefferson carried 8 states." in story
    assert "John Adams carried 7 states." in story
    assert "Aaron Burr carried" not in story
    assert "Charles Cotesworth Pinckney carried" not in story
    assert "Maryland's electors divided evenly between two tickets" in story
    assert "Each elector cast two votes for president." in story


def test_the_story_of_1792_gives_clinton_no_state():
    story = tell(1792, RECORD)
    assert "George Washington carried 15 states." in story
    assert "George Clinton carried" not in story
