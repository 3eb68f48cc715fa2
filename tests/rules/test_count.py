from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from electoral.model import Office
from electoral.rules.count import count_two_votes, count_votes, majority_of, top


def test_2000_bush_has_a_majority_of_538():
    count = count_votes(Office.PRESIDENT, {"George W. Bush": 271, "Al Gore": 266}, 538)
    assert count.majority == 270
    assert count.winner == "George W. Bush"


def test_1824_nobody_has_a_majority_and_three_go_to_the_house():
    votes = {
        "Andrew Jackson": 99,
        "John Quincy Adams": 84,
        "William H. Crawford": 41,
        "Henry Clay": 37,
    }
    count = count_votes(Office.PRESIDENT, votes, 261)
    assert count.majority == 131
    assert count.winner is None
    assert top(count.votes, 3) == ("Andrew Jackson", "John Quincy Adams", "William H. Crawford")


def test_1800_the_tie_of_two_majorities_goes_to_the_house():
    votes = {"Thomas Jefferson": 73, "Aaron Burr": 73, "John Adams": 65,
             "Charles Cotesworth Pinckney": 64, "John Jay": 1}  # fmt: skip
    count, runner_up = count_two_votes(votes, 138 // 2)
    assert count.winner is None
    assert count.tied == ("Aaron Burr", "Thomas Jefferson")
    assert runner_up is None


def test_1796_runner_up_becomes_vice_president():
    votes = {"John Adams": 71, "Thomas Jefferson": 68, "Thomas Pinckney": 59, "Aaron Burr": 30}
    count, runner_up = count_two_votes(votes, 138)
    assert count.winner == "John Adams"
    assert runner_up == "Thomas Jefferson"


def test_a_tie_at_the_boundary_admits_every_tied_person():
    assert top({"A": 10, "B": 5, "C": 3, "D": 3}, 3) == ("A", "B", "C", "D")


@given(appointed=st.integers(min_value=1, max_value=1000))
def test_majority_is_the_smallest_number_above_half(appointed):
    """Invariant: 2m > appointed and 2(m - 1) <= appointed."""
    m = majority_of(appointed)
    assert 2 * m > appointed >= 2 * (m - 1)


@given(a=st.integers(min_value=0, max_value=538))
def test_a_two_way_split_of_538_elects_unless_tied(a):
    """Invariant: with two candidates sharing 538 votes, someone wins unless it is 269-269."""
    count = count_votes(Office.PRESIDENT, {"A": a, "B": 538 - a}, 538)
    assert (count.winner is None) == (a == 269)
