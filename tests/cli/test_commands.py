"""``electoral show``: the vice-presidential count beside the president's, from 1804 (12th
Amendment); before, each elector cast two votes for president and there is none to show."""

from __future__ import annotations

import csv
import io

import pytest

from electoral.cli.app import run
from electoral.cli.commands import _show_footer
from electoral.data import default_record
from electoral.elections import election

RECORD = default_record()


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_2020_prints_the_vice_presidential_count(capsys, monkeypatch):
    """Congress's count of 6 January 2021: Harris 306, Pence 232 (every elector kept the
    pledge), the same as for president."""
    monkeypatch.setenv("COLUMNS", "300")
    code, out, _ = _run(capsys, "show", "2020", "--format", "table")
    assert code == 0
    assert "Electoral votes for vice president: Kamala Harris 306, Mike Pence 232." in out
    assert "Vice president: Kamala Harris (chosen by the electors)." in out
    assert "vice-presidential votes" in out  # the states' column


def test_show_2020_gives_each_states_vice_presidential_votes(capsys):
    code, out, _ = _run(capsys, "show", "2020", "--format", "csv")
    assert code == 0
    rows = {r["state"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["PA"]["vice-presidential votes"] == "Kamala Harris 20"
    assert rows["TX"]["vice-presidential votes"] == "Mike Pence 38"


def test_show_1824_gives_the_declared_vice_presidential_totals():
    """1824: Calhoun 182 of the 261 electors, from the totals declared on 9 February 1825 (the
    states' vice-presidential ballots are not in the record, so no column of them)."""
    footer = _show_footer(election(1824, RECORD))
    assert (
        "Electoral votes for vice president (declared at the count; the votes by state are "
        "unknown): John C. Calhoun 182, Nathan Sanford 30, Nathaniel Macon 24, Andrew Jackson "
        "13, Martin Van Buren 9, Henry Clay 2."
    ) in footer
    assert "Vice president: John C. Calhoun (chosen by the electors)." in footer


def test_show_1824_has_no_column_of_unknown_votes(capsys):
    code, out, _ = _run(capsys, "show", "1824", "--format", "csv")
    assert code == 0
    header = next(csv.reader(io.StringIO(out)))
    assert "electoral votes" in header
    assert "vice-presidential votes" not in header


def test_show_1836_names_the_senate():
    """1836: Johnson had 147 of 294, one short of a majority (Virginia's 23 electors voted for
    William Smith); the Senate chose him on 8 February 1837."""
    footer = _show_footer(election(1836, RECORD))
    assert footer[3].startswith("Electoral votes for vice president: Richard Mentor Johnson 147,")
    assert footer[4] == "Vice president: Richard Mentor Johnson (chosen by the senate)."


@pytest.mark.parametrize("year", [1789, 1796, 1800])
def test_before_the_twelfth_amendment_no_vice_presidential_line(year, capsys):
    """Each elector cast two votes for president (art. II, §1, cl. 3): no separate count."""
    assert not any("vice president" in line.lower() for line in _show_footer(election(year)))
    code, out, _ = _run(capsys, "show", str(year), "--format", "csv")
    assert code == 0
    assert "vice-presidential votes" not in next(csv.reader(io.StringIO(out)))


def test_every_year_from_1804_has_the_line():
    lines = {
        y: [line for line in _show_footer(election(y, RECORD)) if "for vice president" in line]
        for y in RECORD.years
        if y >= 1804
    }
    assert all(len(found) == 1 for found in lines.values())


@pytest.mark.parametrize(
    ("year", "scoped"), [(1920, True), (1972, True), (1976, False), (2020, False)]
)
def test_the_popular_vote_says_when_it_is_the_main_candidates_only(year, scoped):
    """Before 1976 the record's returns give the main candidates only (Benson's 3.2% of 1916 and
    the minor candidates are missing), so shares are of the main candidates' votes, and the line
    says so; from 1976 the returns itemise every candidate."""
    e = election(year, RECORD)
    assert e.main_candidates_only is scoped
    line = next(x for x in _show_footer(e) if x.startswith("Popular vote"))
    assert ("main candidates only" in line) is scoped
    # the returns themselves: from 1976 minor candidates are itemised (2020: dozens), before
    # only the main ones (1920: Harding, Cox and Debs)
    assert (len(e.popular_votes) > 4) is not scoped
