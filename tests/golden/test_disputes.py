"""The disputes of the record (disputes.csv) and the known exceptions of the replay
(known_exceptions.csv), checked against their sources, and the replay's checks built on them."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from electoral import replay
from electoral.data import default_record, load_record
from electoral.data.record import PACKAGE_DATA
from electoral.errors import DataError
from electoral.model import DisputeKind
from electoral.states import State
from tests.builders import write_record

RECORD = default_record()


def _disputes(year: int) -> dict[tuple[State | None, DisputeKind], object]:
    return {(d.state, d.kind): d for d in RECORD.disputes_in(year)}


@pytest.mark.parametrize(
    ("year", "state", "kind", "date", "votes", "source"),
    [
        # almanac-1801-36th: the 36th ballot of 17 February 1801
        (1800, None, DisputeKind.CONTINGENT_BALLOTS, "1801-02-17", 0, "almanac-1801-36th"),
        # boundless-1825: the House's single ballot of 9 February 1825
        (1824, None, DisputeKind.CONTINGENT_BALLOTS, "1825-02-09", 0, "boundless-1825"),
        # wikipedia-1820-electors: Missouri's 3 votes, two totals announced
        (1820, State.MO, DisputeKind.ALTERNATIVE_COUNT, "1821-02-14", 3, "wikipedia-1820-electors"),
        # thurman-1877 / wikipedia-wi-1856: met on 4 December instead of 3 December 1856
        (1856, State.WI, DisputeKind.LATE_MEETING, "1856-12-04", 5, "wikipedia-wi-1856"),
        # hinds-1965: 10 February 1869, Georgia announced in an alternative way
        (1868, State.GA, DisputeKind.ALTERNATIVE_COUNT, "1869-02-10", 9, "hinds-1965"),
        # gbooks-1877-count: Florida 9 February, Louisiana 16, South Carolina 28 February 1877
        (1876, State.FL, DisputeKind.ELECTORAL_COMMISSION, "1877-02-09", 4, "gbooks-1877-count"),
        (1876, State.LA, DisputeKind.ELECTORAL_COMMISSION, "1877-02-16", 8, "gbooks-1877-count"),
        (1876, State.SC, DisputeKind.ELECTORAL_COMMISSION, "1877-02-28", 7, "gbooks-1877-count"),
        # lalor-1881: Oregon, 23 February 1877, Watts's one vote
        (1876, State.OR, DisputeKind.ELECTORAL_COMMISSION, "1877-02-23", 1, "lalor-1881"),
        # almanac-1881: cast on the second Wednesday in December (8 December 1880)
        (1880, State.GA, DisputeKind.LATE_MEETING, "1880-12-08", 11, "almanac-1881"),
        # starbulletin-2000: both slates; Kennedy's 3 votes counted
        (1960, State.HI, DisputeKind.RIVAL_SLATES, "1961-01-06", 3, "starbulletin-2000"),
        # congrec-1969: Muskie and O'Hara's objection to Bailey's vote
        (1968, State.NC, DisputeKind.OBJECTION, "1969-01-06", 1, "congrec-1969"),
        # house-roll-7-2005: Ohio, 31 to 267 in the House
        (2004, State.OH, DisputeKind.OBJECTION, "2005-01-06", 20, "house-roll-7-2005"),
        # rollcall-2017: Jayapal's objection to Georgia, not signed by a senator
        (2016, State.GA, DisputeKind.OBJECTION, "2017-01-06", 0, "rollcall-2017"),
        # ktar-2021 (AP): Arizona; freep-2021: Pennsylvania after midnight
        (2020, State.AZ, DisputeKind.OBJECTION, "2021-01-06", 11, "ktar-2021"),
        (2020, State.PA, DisputeKind.OBJECTION, "2021-01-07", 20, "freep-2021"),
    ],
)
def test_the_disputes_of_the_record(year, state, kind, date, votes, source):
    d = _disputes(year)[state, kind]
    assert (d.date, d.votes_affected, d.source) == (dt.date.fromisoformat(date), votes, source)


@pytest.mark.parametrize(
    ("year", "state", "senate", "house"),
    [
        (2004, State.OH, "1 to 74", "31 to 267"),  # wapo-2005, house-roll-7-2005
        (2020, State.AZ, "6 to 93", "121 to 303"),  # ktar-2021 (AP)
        (2020, State.PA, "7 to 92", "138 to 282"),  # freep-2021, nbc-2021
    ],
)
def test_objections_debated_and_rejected(year, state, senate, house):
    outcome = _disputes(year)[state, DisputeKind.OBJECTION].outcome
    assert f"Senate {senate}" in outcome
    assert f"House {house}" in outcome


def test_1876_the_commission_decided_twenty_votes():
    """Florida 4, Louisiana 8, South Carolina 7 and one of Oregon's 3 (gbooks-1877-count,
    lalor-1881); the count ended on 2 March 1877."""
    rows = RECORD.disputes_in(1876)
    assert sum(d.votes_affected for d in rows if d.state) == 20
    whole = next(d for d in rows if d.state is None)
    assert whole.date == dt.date(1877, 3, 2)
    assert "Hayes 185, Tilden 184" in whole.outcome


@pytest.mark.parametrize(
    ("year", "state", "winner", "votes", "whole_number"),
    [
        # wikipedia-1820-electors: "whether Monroe won 231 or 228 electoral votes"
        (1820, State.MO, "James Monroe", 228, 232),
        # without Georgia's 9 votes for Seymour: Grant 214 of 285
        (1868, State.GA, "Ulysses S. Grant", 214, 285),
        # without Georgia's 11 votes for Hancock: Garfield 214 of 358
        (1880, State.GA, "James A. Garfield", 214, 358),
    ],
)
def test_each_count_in_the_alternative_elects_the_same_person(
    year, state, winner, votes, whole_number
):
    r = replay(year, RECORD)
    alternative = next(
        d.alternative
        for d in r.disputes
        if d.dispute.state is state and d.dispute.kind is DisputeKind.ALTERNATIVE_COUNT
    )
    assert alternative is not None
    assert (alternative.elected, alternative.votes[winner], alternative.whole_number) == (
        winner,
        votes,
        whole_number,
    )
    assert next(c for c in r.checks if c.name == "alternative counts").passed


def test_1876_without_florida_tilden_would_have_a_majority():
    """Left out with its electors, as the counts in the alternative did, Florida's 4 votes
    would have made Tilden president (184 of 365): the dispute decided the election."""
    r = replay(1876, RECORD)
    florida = next(d.alternative for d in r.disputes if d.dispute.state is State.FL)
    assert florida is not None
    assert (florida.elected, florida.votes["Samuel J. Tilden"], florida.whole_number) == (
        "Samuel J. Tilden",
        184,
        365,
    )


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "record"
    shutil.copytree(PACKAGE_DATA, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def test_a_count_in_the_alternative_that_changes_the_result_fails(tmp_path):
    """A made-up count of Florida's 2000 votes in the alternative: without its 25 votes Bush has
    246 of 513 and Gore 266, a majority, so Congress could not have announced the count both
    ways."""
    directory = _copy(tmp_path)
    with (directory / "disputes.csv").open("a", encoding="utf-8") as handle:
        handle.write("2000,FL,alternative-count,2001-01-06,made up,25,toy,\n")
    r = replay(2000, load_record(directory))
    check = next(c for c in r.checks if c.name == "alternative counts")
    assert not check.passed
    assert check.detail == "FL: without its votes Al Gore would have a majority, not George W. Bush"
    assert not r.reproduced


def test_the_2016_maine_and_colorado_cases_are_known_exceptions():
    """Maine's pledge has no sanction, yet Bright's vote for Sanders was voided and cast again
    for Clinton (freebeacon-2016); Colorado's statute is a duty without sanction, yet Baca was
    removed and replaced (denver7-2016): the two listed exceptions, and the check passes."""
    listed = {(k.year, k.state): k.source for k in RECORD.known_exceptions}
    assert listed == {(2016, State.ME): "freebeacon-2016", (2016, State.CO): "denver7-2016"}
    r = replay(2016, RECORD)
    assert next(c for c in r.checks if c.name == "deviations").passed
    for state in ("ME", "CO"):
        assert any(
            n.startswith(f"{state}: 1 elector") and "a known exception" in n for n in r.notes
        )


def test_an_unlisted_disagreement_of_law_and_record_fails(tmp_path):
    """The same Maine row without its exception (Colorado's kept): the check fails."""
    directory = _copy(tmp_path)
    kept = (directory / "known_exceptions.csv").read_text().splitlines()
    (directory / "known_exceptions.csv").write_text(
        "\n".join(line for line in kept if not line.startswith("2016,ME")) + "\n"
    )
    r = replay(2016, load_record(directory))
    check = next(c for c in r.checks if c.name == "deviations")
    assert not check.passed
    assert check.detail == (
        "ME: the law table would have the vote counted, the record has it cancelled, and no "
        "known exception is listed"
    )
    assert not r.reproduced


def test_a_constructed_record_with_an_unlisted_disagreement_fails(tmp_path):
    """A toy record: Pennsylvania binds its electors with cancel-and-replace, yet the record has
    a faithless vote counted."""
    directory = write_record(
        tmp_path,
        electoral_votes=[
            "2024,PA,president,A,18,18,toy",
            "2024,PA,president,B,1,1,toy",
            "2024,PA,vice-president,C,19,19,toy",
            "2024,DE,president,B,3,3,toy",
            "2024,DE,vice-president,D,3,3,toy",
        ],
        tallies=[
            "2024,president,A,18,toy",
            "2024,president,B,4,toy",
            "2024,vice-president,C,19,toy",
            "2024,vice-president,D,3,toy",
        ],
        faithless_electors=["2024,PA,president,1,X,A,B,faithless,counted,toy,"],
        binding_laws=["PA,2020,cancel-replace,toy statute,toy,"],
    )
    check = next(c for c in replay(2024, load_record(directory)).checks if c.name == "deviations")
    assert not check.passed
    expected = "PA: the law table would have the vote replaced, the record has it counted"
    assert expected in check.detail


def test_a_stale_exception_is_reported(tmp_path):
    directory = write_record(
        tmp_path,
        faithless_electors=["2024,PA,president,0,X,A,A,faithless,counted,toy,"],
        known_exceptions=["2024,PA,made up,toy"],
    )
    notes = replay(2024, load_record(directory)).notes
    assert "PA: a known exception is listed, but law and record now agree" in notes


def test_an_exception_without_a_deviating_elector_is_refused(tmp_path):
    directory = write_record(tmp_path, known_exceptions=["2024,DE,made up,toy"])
    with pytest.raises(DataError, match="known_exceptions.csv:2: .*no deviating elector"):
        load_record(directory)


def test_a_dispute_over_more_votes_than_electors_is_refused(tmp_path):
    directory = write_record(tmp_path, disputes=["2024,DE,objection,2025-01-06,toy,4,toy,"])
    with pytest.raises(DataError, match="disputes.csv:2: .*4 votes, but the state appointed 3"):
        load_record(directory)
