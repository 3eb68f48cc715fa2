"""Facts of the early record that must hold, each with its source."""

from __future__ import annotations

from collections import Counter

from electoral import replay
from electoral.data import default_record
from electoral.model import Office

RECORD = default_record()


def _counted(year: int) -> dict[str, int]:
    tally: Counter[str] = Counter()
    for v in RECORD.votes_in(year):
        if v.office is Office.PRESIDENT and v.candidate is not None:
            tally[v.candidate] += v.counted
    return dict(tally)


# Annals of Congress, 6th Congress, 11 February 1801: Jefferson 73, Burr 73, Adams 65,
# C. C. Pinckney 64, Jay 1.
def test_1800_jefferson_and_burr_tie():
    counted = _counted(1800)
    assert counted["Thomas Jefferson"] == counted["Aaron Burr"] == 73


# Register of Debates, 18th Congress, 9 February 1825 (the declared totals; the presidential
# votes by state, which add up to them, are in test_1824.py).
def test_1824_four_way_split():
    counted = {
        t.candidate: t.votes for t in RECORD.tallies_in(1824) if t.office is Office.PRESIDENT
    }
    assert {c: counted[c] for c in ("Andrew Jackson", "John Quincy Adams",
            "William H. Crawford", "Henry Clay")} == {"Andrew Jackson": 99,
            "John Quincy Adams": 84, "William H. Crawford": 41, "Henry Clay": 37}  # fmt: skip


# House Journal, 6th Congress, 17 February 1801: the 36th ballot, Jefferson 10 of 16 states.
def test_1801_the_house_elects_jefferson_on_the_36th_ballot():
    house = replay(1800).contingent
    assert house is not None
    assert (house.elected, len(house.ballots), house.members) == ("Thomas Jefferson", 36, 16)
    assert house.ballots[-1].votes == {"Thomas Jefferson": 10, "Aaron Burr": 4}
    assert house.ballots[0].votes == {"Thomas Jefferson": 8, "Aaron Burr": 6}
    assert replay(1800).vice_president == "Aaron Burr"


# House Journal, 18th Congress, 9 February 1825.
def test_1825_the_house_elects_adams():
    house = replay(1824).contingent
    assert house is not None
    assert house.candidates == ("Andrew Jackson", "John Quincy Adams", "William H. Crawford")
    assert house.ballots[0].votes == {"John Quincy Adams": 13, "Andrew Jackson": 7,
                                      "William H. Crawford": 4}  # fmt: skip
    assert house.needed == 13


# Senate Journal, 24th Congress, 8 February 1837.
def test_1837_the_senate_elects_johnson():
    senate = replay(1836).vice_president_contingent
    assert senate is not None
    assert senate.ballots[0].votes == {"Richard Mentor Johnson": 33, "Francis Granger": 16}
    assert (senate.members, senate.needed, senate.elected) == (52, 27, "Richard Mentor Johnson")
