"""Every census's official apportionment, recomputed from the populations by the statute."""

from __future__ import annotations

import pytest

from electoral import apportion_census
from electoral.data import default_record
from electoral.errors import RuleInputError
from electoral.states import State

RECORD = default_record()
COMPUTED = [c for c in RECORD.censuses if all(f.population for f in RECORD.census(c))]
APPORTIONED = [c for c in RECORD.censuses if c != 1920]


@pytest.mark.parametrize("census", [c for c in COMPUTED if c != 1920])
def test_the_statute_reproduces_the_official_seats(census):
    """Jefferson 1790, Webster 1910 (433 + Arizona and New Mexico by the act) and 1930,
    Huntington-Hill 1940-2020, from the Census Bureau's apportionment populations."""
    result = apportion_census(census, RECORD)
    assert result.seats == {f.state: f.seats for f in RECORD.census(census)}
    assert result.populations  # computed, not copied


@pytest.mark.parametrize("census", APPORTIONED)
def test_seats_add_up_to_the_house_size(census):
    size = RECORD.house_size(census)
    assert size is not None
    assert sum(apportion_census(census, RECORD).seats.values()) == size.size


# Census Bureau, "Table 1. Apportionment Population and Number of Representatives by State:
# 2020 Census".
def test_2020_apportionment():
    seats = apportion_census(2020, RECORD).seats
    assert (seats[State.CA], seats[State.TX], seats[State.FL], seats[State.NY]) == (52, 38, 28, 26)
    assert sum(seats.values()) == 435


def test_1920_made_no_apportionment():
    with pytest.raises(RuleInputError, match="no apportionment"):
        apportion_census(1920, RECORD)
    what_if = apportion_census(1920, RECORD, method="huntington-hill", seats=435)
    assert sum(what_if.seats.values()) == 435


def test_a_what_if_needs_the_populations():
    with pytest.raises(RuleInputError, match="populations are not in the record"):
        apportion_census(1850, RECORD, method="webster", seats=234)


def test_1910_under_hamilton_differs_from_the_statute():
    """Cross-check of two methods: the same populations give another House under Hamilton."""
    statute = apportion_census(1910, RECORD).seats
    hamilton = apportion_census(1910, RECORD, method="hamilton", seats=435).seats
    assert sum(hamilton.values()) == 435
    assert statute != hamilton
