from __future__ import annotations

import pytest

from electoral.data import load_record
from electoral.errors import DataError
from tests.builders import TOY, write_record


def test_the_toy_record_loads(tmp_path):
    record = load_record(write_record(tmp_path))
    assert record.years == (2024,)
    assert record.election(2024).majority == 12


@pytest.mark.parametrize(
    ("table", "lines", "message"),
    [
        ("appointments", ["2024,XX,19,popular,toy,", "2024,DE,3,popular,toy,"],
         r"appointments.csv:2: field 'state': unknown state code 'XX'"),
        ("appointments", [*TOY["appointments.csv"], "2024,PA,19,popular,toy,"],
         r"appointments.csv:4: field 'year': duplicate row"),
        ("electoral_votes", ["2024,PA,president,A,-19,19,toy", *TOY["electoral_votes.csv"][1:]],
         r"electoral_votes.csv:2: field 'votes': '-19' is not a non-negative integer"),
        ("electoral_votes", ["2024,PA,president,A,18.5,19,toy", *TOY["electoral_votes.csv"][1:]],
         r"electoral_votes.csv:2: field 'votes': '18.5' is not a non-negative integer"),
        ("electoral_votes", ["2024,PA,president,A,18,18,toy", *TOY["electoral_votes.csv"][1:]],
         r"appointments.csv:2: field 'electors': PA 2024: 19 electors, but 18 ballots"),
        ("appointments", ["2024,PA,20,popular,toy,", "2024,DE,3,popular,toy,"],
         r"elections.csv:2: field 'electors_appointed': 22 in 2024, but the states' "
         r"appointments add up to 23"),
        ("elections", ["2024,2024-12-17,2025-01-06,22,11,A,P,electors,C,P,electors,toy,"],
         r"elections.csv:2: field 'majority': 11 is not a majority of 22"),
        ("elections", ["2024,2024-13-17,2025-01-06,22,12,A,P,electors,C,P,electors,toy,"],
         r"elections.csv:2: field 'meeting_date': '2024-13-17' is not a date"),
        ("appointments", ["2024,PA,19,lottery,toy,", "2024,DE,3,popular,toy,"],
         r"appointments.csv:2: field 'method': 'lottery' is not one of: popular"),
        ("popular_votes", ["2028,PA,,A,P,1,toy"],
         r"popular_votes.csv:2: field 'year': 2028 is not an election year"),
    ],
)  # fmt: skip
def test_malformed_tables_name_file_line_and_field(tmp_path, table, lines, message):
    directory = write_record(tmp_path, **{table: lines})
    with pytest.raises(DataError, match=message):
        load_record(directory)


def test_a_missing_column_is_named(tmp_path):
    directory = write_record(tmp_path)
    (directory / "house_sizes.csv").write_text("census,size\n2020,18\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"house_sizes.csv:1: field 'method': column missing"):
        load_record(directory)


def test_a_missing_table_is_named(tmp_path):
    directory = write_record(tmp_path)
    (directory / "senate_parties.csv").unlink()
    with pytest.raises(DataError, match="senate_parties.csv.*table missing"):
        load_record(directory)


_ACT = (
    "ecra,2024,ECRA,Pub. L. 117-328,objection,{s},1/5,§15,decision,§15,grounds,§15,"
    "certificate,§5,court,§5,stands,unsettled,lowers,stands,§15(e)(2),toy,"
)


@pytest.mark.parametrize(
    ("table", "lines", "message"),
    [
        ("uncounted_votes", ["2024,PA,president,1,vote-rejected,toy objection,toy,"],
         r"uncounted_votes.csv:2: field 'electors': PA 2024 president: 1 votes rejected here, "
         r"but electoral_votes.csv has 0 cast and not counted"),
        ("uncounted_votes", ["2024,PA,president,1,not-given,toy,toy,"],
         r"uncounted_votes.csv:2: field 'kind': 'not-given': votes not given are the ballots "
         r"not cast of electoral_votes.csv"),
        ("count_acts", [_ACT.format(s="one")],
         r"count_acts.csv:2: field 'objection_senators': 'one' is not empty, a count like 1"),
        ("count_acts", [_ACT.format(s="1/5").replace(",lowers,", ",maybe,")],
         r"count_acts.csv:2: field 'electors_rejected': 'maybe' is not one of: lowers"),
    ],
)  # fmt: skip
def test_the_count_tables_are_checked(tmp_path, table, lines, message):
    """A rejected vote needs its reason and every reason its rejected votes; the acts' fields
    are checked like any other."""
    directory = write_record(tmp_path, **{table: lines})
    with pytest.raises(DataError, match=message):
        load_record(directory)


def test_a_vote_not_counted_needs_its_reason(tmp_path):
    directory = write_record(
        tmp_path,
        electoral_votes=["2024,PA,president,A,19,18,toy", *TOY["electoral_votes.csv"][1:]],
        tallies=["2024,president,A,18,toy", *TOY["tallies.csv"][1:]],
    )
    with pytest.raises(
        DataError,
        match=r"uncounted_votes.csv:1: field 'electors': PA 2024 "
        r"president: 0 votes rejected here, but electoral_votes.csv has 1",
    ):
        load_record(directory)


def test_a_rejected_vote_with_its_reason_loads(tmp_path):
    directory = write_record(
        tmp_path,
        electoral_votes=["2024,PA,president,A,19,18,toy", *TOY["electoral_votes.csv"][1:]],
        uncounted_votes=["2024,PA,president,1,vote-rejected,toy objection,toy,"],
        count_acts=[_ACT.format(s="1/5")],
        tallies=["2024,president,A,18,toy", *TOY["tallies.csv"][1:]],
    )
    record = load_record(directory)
    assert [u.electors for u in record.uncounted_in(2024)] == [1]
    act = record.count_act(2024)
    assert act is not None
    assert act.objection_senators == "1/5"
    assert record.count_act(2020) is None


def test_a_table_with_a_byte_order_mark_loads_like_one_without(tmp_path):
    """A table saved by Excel as "CSV UTF-8" starts with a byte-order mark; it is skipped."""
    directory = write_record(tmp_path)
    path = directory / "elections.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_record(directory).election(2024).majority == 12


def test_a_line_with_more_fields_than_the_header_is_refused(tmp_path):
    directory = write_record(tmp_path, house_sizes=["2020,18,huntington-hill,toy act,toy,extra"])
    with pytest.raises(DataError, match=r"house_sizes.csv:2: field '-': 6 fields; expected 5"):
        load_record(directory)
