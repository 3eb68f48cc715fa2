"""The disputes, the whole number and the two votes before 1804 in what ``show``, ``replay`` and
``story`` print."""

from __future__ import annotations

import json

from electoral.cli.app import run
from electoral.data import default_record
from electoral.story import tell

RECORD = default_record()


def _run(capsys, monkeypatch, *args: str) -> str:
    monkeypatch.setenv("COLUMNS", "400")
    assert run(list(args)) == 0
    return capsys.readouterr().out


def test_replay_1876_json_lists_the_disputes(capsys, monkeypatch):
    (payload,) = json.loads(_run(capsys, monkeypatch, "replay", "1876", "-f", "json"))
    disputes = {(d["state"], d["kind"]): d for d in payload["disputes"]}
    florida = disputes["FL", "electoral-commission"]
    assert (florida["date"], florida["votes_affected"]) == ("1877-02-09", 4)
    assert florida["source"] == "gbooks-1877-count"
    assert florida["without_state"]["elected"] == "Samuel J. Tilden"
    assert disputes[None, "electoral-commission"]["date"] == "1877-03-02"


def test_replay_1876_table_has_a_disputes_section(capsys, monkeypatch):
    out = _run(capsys, monkeypatch, "replay", "1876", "-f", "table")
    assert "1876: Disputes:" in out
    assert "1877-02-23 OR (electoral-commission)" in out
    assert "Source: lalor-1881." in out


def test_replay_of_every_year_counts_the_disputes(capsys, monkeypatch):
    out = _run(capsys, monkeypatch, "replay", "-f", "table")
    assert "60 of 60 elections reproduced." in out
    assert f"{len(RECORD.disputes)} disputes" in out


def test_show_1820_json_gives_the_count_without_missouri(capsys, monkeypatch):
    payload = json.loads(_run(capsys, monkeypatch, "show", "1820", "-f", "json"))
    (missouri,) = payload["disputes"]
    assert missouri["kind"] == "alternative-count"
    assert missouri["without_state"] == {
        "votes": {"James Monroe": 228, "John Quincy Adams": 1},
        "whole_number": 232,
        "majority": 117,
        "elected": "James Monroe",
    }


def test_show_2020_table_lists_the_objections(capsys, monkeypatch):
    out = _run(capsys, monkeypatch, "show", "2020", "-f", "table")
    assert "Disputes:" in out
    assert "2021-01-06 AZ (objection)" in out
    assert "2021-01-07 PA (objection)" in out


def test_show_1789_names_the_whole_number(capsys, monkeypatch):
    payload = json.loads(_run(capsys, monkeypatch, "show", "1789", "-f", "json"))
    assert (payload["whole_number"], payload["electors_appointed_by_the_states"]) == (69, 72)
    out = _run(capsys, monkeypatch, "show", "1789", "-f", "table")
    assert "The whole number of electors 69, majority 35 (72 appointed" in out
    assert "a state's 'winner' is the candidate its electors backed" in out


def test_show_1800_flags_maryland_divided(capsys, monkeypatch):
    payload = json.loads(_run(capsys, monkeypatch, "show", "1800", "-f", "json"))
    states = {s["state"]: s for s in payload["states"]}
    assert (states["MD"]["winner"], states["MD"]["divided"]) == (None, True)
    assert states["VA"]["winner"] == "Thomas Jefferson"


def test_the_story_of_1876_tells_the_disputes():
    story = tell(1876, RECORD)
    assert "\n   Every elector voted as pledged.\n" not in story
    assert "which electors' votes were to count was disputed" in story
    assert "09 February 1877, Florida (electoral-commission)" in story
    assert "Hayes 185, Tilden 184 declared" in story


def test_the_story_of_1968_tells_the_objection_to_bailey():
    story = tell(1968, RECORD)
    assert "06 January 1969, North Carolina (objection)" in story
    assert "Lloyd W. Bailey" in story
