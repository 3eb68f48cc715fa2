from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from electoral.cli.app import run
from tests.builders import write_record


@pytest.fixture
def toy(tmp_path):
    return str(write_record(tmp_path / "record"))


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_json_has_the_documented_shape(capsys, toy):
    code, out, _ = _run(capsys, "show", "2024", "--format", "json", "--data-dir", toy)
    assert code == 0
    data = json.loads(out)
    assert {"year", "electors", "majority", "president", "popular_winner", "split",
            "electoral_votes", "popular_votes", "states"} <= set(data)  # fmt: skip
    assert data["electoral_votes"] == {"A": 19, "B": 3}
    assert data["popular_votes"] == {"B": 3690000, "A": 3700000} or data["popular_winner"] == "A"
    assert data["split"] is False
    assert data["states"][0]["state"] in {"PA", "DE"}


def test_show_csv_is_the_default_when_piped(capsys, toy):
    code, out, _ = _run(capsys, "show", "2024", "--data-dir", toy)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["state"] for r in rows} == {"PA", "DE"}


def test_replay_json_reports_each_election(capsys, toy):
    code, out, _ = _run(capsys, "replay", "--format", "json", "--data-dir", toy)
    assert code == 0
    (only,) = json.loads(out)
    assert only["year"] == 2024
    assert only["reproduced"] is True
    assert only["president"] == "A"
    assert only["electoral_votes"] == {"A": 19, "B": 3}


def test_apportion_json(capsys, toy):
    code, out, _ = _run(capsys, "apportion", "2020", "--format", "json", "--data-dir", toy)
    assert code == 0
    data = json.loads(out)
    assert data["seats"] == {"PA": 17, "DE": 1}
    assert data["electors"] == {"PA": 19, "DE": 3, "DC": 3}  # 23rd Amendment


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "2023"], "no presidential election in 2023"),
        (["apportion", "2020", "--method", "borda"], "unknown apportionment method 'borda'"),
        (["apportion", "1921"], "no census in 1921"),
        (["show", "twenty"], "'year'"),
        (["show", "2024", "--format", "xml"], "xml"),
    ],
)
def test_errors_are_one_line_with_exit_code_2(capsys, toy, args, message):
    code, out, err = _run(capsys, *args, "--data-dir", toy)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_a_malformed_data_directory_is_one_line_with_exit_code_2(capsys, tmp_path):
    directory = write_record(tmp_path / "bad", appointments=["2024,XX,19,popular,toy,"])
    code, _, err = _run(capsys, "show", "2024", "--data-dir", str(directory))
    assert code == 2
    assert "appointments.csv:2: field 'state': unknown state code 'XX'" in err


def test_the_installed_command_exits_2_on_bad_input(toy):
    done = subprocess.run(
        [sys.executable, "-m", "electoral", "show", "1787", "--data-dir", toy],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip().startswith("error: no presidential election in 1787")
