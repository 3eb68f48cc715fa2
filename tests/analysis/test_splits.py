"""Splits: the five elections whose popular-vote winner lost, with both margins."""

from __future__ import annotations

import pytest

from electoral.analysis.splits import split_of, splits
from electoral.data import default_record

RECORD = default_record()


def test_exactly_the_five_splits_of_the_record():
    # The five: 1824, 1876, 1888, 2000, 2016 (e.g. National Archives, "Electoral College
    # Results"; every other popular-vote winner became president).
    assert [(s.year, s.popular_winner, s.electoral_winner) for s in splits(RECORD)] == [
        (1824, "Andrew Jackson", "John Quincy Adams"),
        (1876, "Samuel J. Tilden", "Rutherford B. Hayes"),
        (1888, "Grover Cleveland", "Benjamin Harrison"),
        (2000, "Al Gore", "George W. Bush"),
        (2016, "Hillary Clinton", "Donald Trump"),
    ]


# Electoral votes as counted in the joint sessions: 1825 Adams 84, Jackson 99; 1877 Hayes 185,
# Tilden 184; 1889 Harrison 233, Cleveland 168; 2001 Bush 271, Gore 266; 2017 Trump 304,
# Clinton 227 (Congressional Record). Popular margins in points: Wikipedia's articles on each
# election (1876 Tilden 50.9 - Hayes 47.9; 1888 Cleveland 48.6 - Harrison 47.8) and the FEC's
# "Federal Elections 2000" (Gore 48.38 - Bush 47.87) and "Federal Elections 2016" (Clinton 48.18
# - Trump 46.09). The tolerance covers the record's returns (MIT, clavesi) against those totals.
@pytest.mark.parametrize(
    ("year", "electoral_margin", "points", "tolerance"),
    [(1876, 1, 3.0, 0.1), (1888, 65, 0.8, 0.05), (2000, 5, 0.51, 0.01), (2016, 77, 2.09, 0.015)],
)
def test_margins_against_the_published_figures(year, electoral_margin, points, tolerance):
    split = split_of(year, RECORD)
    assert split is not None
    assert split.electoral_margin == electoral_margin
    assert split.popular_margin_points == pytest.approx(points, abs=tolerance)
    assert split.popular_margin > 0


def test_1824_margins_and_the_caveat():
    """Wikipedia, "1824 United States presidential election": Jackson 151,271, Adams 113,122
    (a margin of 38,149); six of the 24 states chose electors by the legislature (DE, GA, LA,
    NY, SC, VT: test_1824.py), so cast no popular vote; the House chose Adams though Jackson
    had 15 more electoral votes (99 to 84)."""
    split = split_of(1824, RECORD)
    assert split is not None
    assert split.popular_margin == 38_149
    assert split.electoral_margin == -15
    assert split.chosen_by == "house"
    assert split.note == (
        "popular vote from 18 of 24 states; no popular vote in DE, GA, LA, NY, SC, VT; "
        "president chosen by the house"
    )


def test_2016_popular_margin_in_votes():
    # FEC, "Federal Elections 2016": Clinton 65,853,514 - Trump 62,984,828 = 2,868,686.
    split = split_of(2016, RECORD)
    assert split is not None
    assert split.popular_margin == pytest.approx(2_868_686, rel=0.001)


def test_no_split_where_the_popular_winner_won():
    assert split_of(2020, RECORD) is None
    assert split_of(1960, RECORD) is None
