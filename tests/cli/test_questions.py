"""The questions' commands: documented JSON shapes, all three formats, one-line errors."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, cast

import pytest

from electoral.analysis.flips import flip
from electoral.cli.app import run
from electoral.cli.questions import flip_rows


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _json(capsys, *args: str) -> object:
    code, out, err = _run(capsys, *args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_defect_json_has_the_documented_keys(capsys):
    data = _json(capsys, "defect", "2016")
    assert list(data)[:10] == [
        "year", "winner", "runner_up", "pledged", "majority", "deny_majority",
        "elect_runner_up", "free_electors", "free_states", "contingent",
    ]  # fmt: skip
    assert (data["pledged"], data["deny_majority"], data["elect_runner_up"]) == (306, 37, 38)
    assert {"congress", "delegations", "president", "vice_president"} <= set(data["contingent"])


def test_defect_what_if_and_states(capsys):
    data = _json(capsys, "defect", "2016", "--defectors", "37", "--states", "TX,FL,GA")
    assert data["what_if"]["votes"] == {"Donald Trump": 269, "Hillary Clinton": 269}
    assert set(data["free_states"]) == {"TX", "GA"}
    assert data["pledge_only_states"] == ["FL"]


def test_defect_json_separates_the_four_classes_and_congress(capsys):
    data = _json(capsys, "defect", "2016")
    assert data["no_law_states"] == data["free_states"]
    assert "FL" in data["pledge_only_states"]
    assert data["penalty_states"] == ["OK", "SC"]
    assert data["cancel_replace_states"] == ["MI", "MT", "NC", "NE", "UT"]
    assert data["electors_by_class"] == {
        "no law": 155, "pledge only": 90, "penalty": 16, "cancel-replace": 45,
    }  # fmt: skip
    assert data["free_by_definition"]["no law"] == 15
    assert any("Ray v. Blair" in line for line in data["doctrine"])
    congress = data["congress"]
    assert congress["act"] == "electoral-count-act-1887"
    assert congress["objection"]["senators"] == 1
    assert congress["if_rejected"]["effect"] == "unsettled"
    later = _json(capsys, "defect", "2024")["congress"]
    assert (later["objection"]["senators"], later["objection"]["representatives"]) == (20, 87)
    assert later["grounds"]["citation"] == "3 U.S.C. §15(d)(2)(B)(ii)(I)-(II)"
    assert later["if_rejected"]["whole_number"] == 538


def test_defect_table_says_what_congress_may_do(capsys):
    code, out, _ = _run(capsys, "defect", "2024", "--format", "table")
    assert code == 0
    text = " ".join(out.split())
    assert "Pledge only, no stated sanction:" in text
    assert "enforceable since Chiafalo v. Washington" in text
    assert "Electoral Count Reform Act of 2022" in text
    assert "20 of 99 senators and 87 of 434 representatives" in text


def test_splits_json(capsys):
    data = _json(capsys, "splits")
    assert [s["year"] for s in data] == [1824, 1876, 1888, 2000, 2016]
    assert {"year", "popular_winner", "electoral_winner", "popular_margin",
            "electoral_margin"} <= set(data[0])  # fmt: skip


def test_flips_json(capsys):
    data = _json(capsys, "flips", "2016")
    assert list(data)[:5] == ["year", "target", "states", "voters_to_switch", "margin_sum"]
    assert data["margin_sum"] == 77_744


def test_tipping_json_and_all(capsys):
    data = _json(capsys, "tipping", "2000")
    assert (data["year"], data["definition"], data["state"]) == (2000, "margin-pledged", "FL")
    every = _json(capsys, "tipping", "2020", "--definition", "all")
    assert [t["definition"] for t in every] == ["margin-pledged", "margin-cast", "share-pledged"]


def test_minvote_csv(capsys):
    code, out, _ = _run(capsys, "minvote", "2012", "--turnout", "equal", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert sum(int(r["electors"]) for r in rows) >= 270


@pytest.mark.parametrize(
    "args",
    [["defect", "2016"], ["splits"], ["flips", "2000"], ["tipping", "2020"], ["minvote", "2016"]],
)
def test_tables_render(capsys, args):
    code, out, _ = _run(capsys, *args, "--format", "table")
    assert code == 0
    assert out.strip()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["defect", "1800"], "12th Amendment"),
        (["defect", "2016", "--states", "XX"], "unknown state 'XX'"),
        (["flips", "1796"], "no popular returns"),
        (["flips", "2016", "--target", "draw"], "draw"),
        (["flips", "2016", "--to", "Gary Johnson"], "'Gary Johnson' had no pledged electors"),
        (["tipping", "2016", "--definition", "closest"], "expected one of margin-cast"),
        (["minvote", "1789", "--turnout", "population"], "no census's apportionment was in force"),
        (["minvote", "2023"], "no presidential election in 2023"),
        # 1824: no candidate had a majority of the electors (Jackson 99 of 261).
        (["flips", "1824", "--target", "tie"], "no majority to deny"),
        (["tipping", "1824"], "Andrew Jackson had 99 electors, short of the majority of 131"),
        (["reform", "1824", "--method", "district"], "returns by congressional district"),
    ],
)
def test_errors_are_one_line_with_exit_code_2(capsys, args, message):
    code, _, err = _run(capsys, *args)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_1824_end_to_end(capsys: pytest.CaptureFixture[str]) -> None:
    """1824, the four-way election the House decided: every state with its electors and method
    (appointments.csv), the vice presidency from the declared totals, and the analyses."""
    shown = cast("dict[str, Any]", _json(capsys, "show", "1824"))
    assert len(shown["states"]) == 24
    assert sum(s["electors"] for s in shown["states"]) == 261
    assert shown["vice_president_votes"]["John C. Calhoun"] == 182
    code, out, _ = _run(capsys, "story", "1824")
    assert code == 0
    assert "24 states appointed 261 electors" in out
    defect = cast("dict[str, Any]", _json(capsys, "defect", "1824"))
    assert (defect["winner"], defect["deny_majority"], defect["elect_runner_up"]) == (
        "Andrew Jackson", 0, 47,
    )  # fmt: skip
    flips = cast("dict[str, Any]", _json(capsys, "flips", "1824"))
    assert (flips["winner"], flips["runner_up"], flips["states"]) == (
        "John Quincy Adams", "Andrew Jackson", ["OH", "VA"],
    )  # fmt: skip
    assert [u["sources"] for u in flips["units"]] == [
        {"Henry Clay": 384}, {"William H. Crawford": 2792},
    ]  # fmt: skip


def test_flips_table_names_each_units_sources(capsys):
    """1824: Ohio's switchers were Clay's voters, Virginia's Crawford's; the footer says so
    rather than naming one pair of candidates."""
    code, out, _ = _run(capsys, "flips", "1824", "--format", "table")
    assert code == 0
    text = " ".join(out.split())
    assert "│ OH │ 16 │ 766 │ 384 │ Henry Clay │" in text
    assert "│ VA │ 24 │ 5,583 │ 2,792 │ William H. Crawford │" in text
    assert (
        "3,176 voters switching to Andrew Jackson (2,792 from William H. Crawford, 384 from "
        "Henry Clay; margins 6,349) move 40 electors (32 needed for win)."
    ) in text
    assert "the House chose John Quincy Adams; Andrew Jackson (99) is the cheapest" in text


def test_flips_with_voters_of_two_candidates_in_one_unit(capsys):
    """1856, Florida, for Fremont: he was not on the ballot; Buchanan's and Fillmore's voters
    together (2,628 + 1,103) cost less than Buchanan's alone (4,834): the row gives both."""
    fremont = "John C. Frémont"
    rows = flip_rows(flip(1856, "tie", to=fremont))
    assert {"unit": "FL", "electors": 3, "margin": 6_358, "voters to switch": 3_731,
            "from": "James Buchanan 2,628, Millard Fillmore 1,103",
            "to": fremont} in rows  # fmt: skip
    code, out, _ = _run(
        capsys, "flips", "1856", "--target", "tie", "--to", fremont, "--format", "csv"
    )
    assert code == 0
    assert f'FL,3,6358,3731,"James Buchanan 2,628, Millard Fillmore 1,103",{fremont}' in out


def test_flips_tie_names_whom_each_unit_goes_to(capsys):
    """``tie``: each of the winner's units goes to its cheapest other candidate (1860: Lincoln's
    Oregon to Breckinridge, California, Illinois and Indiana to Douglas); the footer says to
    whom, what the winner keeps, and what follows."""
    data = cast("dict[str, Any]", _json(capsys, "flips", "1860", "--target", "tie"))
    assert [(u["unit"], u["to"]) for u in data["units"]] == [
        ("OR", "John C. Breckinridge"), ("CA", "Stephen A. Douglas"),
        ("IL", "Stephen A. Douglas"), ("IN", "Stephen A. Douglas"),
    ]  # fmt: skip
    assert data["beneficiaries"] == {"Stephen A. Douglas": 28, "John C. Breckinridge": 3}
    assert "to" not in flip_rows(flip(1860, "win"))[0]  # one beneficiary, in the footer
    code, out, _ = _run(capsys, "flips", "1860", "--target", "tie", "--format", "table")
    assert code == 0
    text = " ".join(out.split())
    assert (
        "18,238 voters switching (18,238 from Abraham Lincoln; margins 36,468) take 31 electors "
        "from Abraham Lincoln (29 needed for tie): 28 to Stephen A. Douglas (18,110 voters), 3 "
        "to John C. Breckinridge (128 voters)."
    ) in text
    assert (
        "Abraham Lincoln keeps 149 of 180, short of the 152 needed: no one has a majority, and "
        "the House chooses the president (12th Amendment)."
    ) in text
    code, out, _ = _run(capsys, "flips", "2000", "--target", "tie", "--format", "table")
    text = " ".join(out.split())
    assert "George W. Bush keeps 246 of 271, short of the 270 needed: Al Gore has 292" in text


def test_flips_to_a_named_candidate(capsys):
    data = cast("dict[str, Any]", _json(capsys, "flips", "1824", "--to", "Henry Clay"))
    assert (data["runner_up"], data["voters_to_switch"]) == ("Henry Clay", 43_035)
