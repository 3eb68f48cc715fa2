from __future__ import annotations

import json

import pytest

from electoral.cli.app import run
from tests.forecast.conftest import contest_rows, write_contests

KEYS = {"sims", "seed", "p_win", "p_tie", "p_no_majority", "p_split", "ev_distribution",
        "tipping", "vpi"}  # fmt: skip


@pytest.fixture
def csv_path(tmp_path):
    return str(write_contests(tmp_path / "contests.csv", contest_rows()))


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_forecast_json_has_the_documented_shape(capsys, csv_path):
    code, out, _ = _run(capsys, "forecast", csv_path, "--sims", "20000", "--seed", "7",
                        "--candidates", "Trump,Harris", "--format", "json")  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert set(data) >= KEYS
    assert (data["sims"], data["seed"]) == (20000, 7)
    assert set(data["p_win"]) == {"Trump", "Harris"}
    assert len(data["ev_distribution"]) == 539
    assert sum(data["ev_distribution"]) == pytest.approx(1)
    assert len(data["tipping"]) == 56
    assert len(data["vpi"]) == 56
    assert 0 < data["p_split"] < 1


def test_the_same_seed_gives_the_same_json(capsys, csv_path):
    runs = [_run(capsys, "forecast", csv_path, "--sims", "5000", "--seed", "1", "-f", "json")
            for _ in range(2)]  # fmt: skip
    assert runs[0][1] == runs[1][1]


def test_exact_method_with_the_house_and_picks(capsys, csv_path):
    code, out, _ = _run(capsys, "forecast", csv_path, "--method", "exact", "--model", "regional",
                        "--house", "A:27,B:20", "--if", "PA=B", "-f", "json")  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert (data["sims"], data["seed"], data["tipping"]) == (0, None, None)
    assert data["picks"] == {"PA": "B"}
    assert 0 < data["p_picks"] < 1
    assert data["p_president"]["A"] == pytest.approx(data["p_win"]["A"] + data["p_no_majority"])


def test_a_past_election_from_the_record(capsys):
    code, out, _ = _run(capsys, "forecast", "--year", "2016", "--sims", "5000", "--seed", "3",
                        "--model", "independent", "-f", "json")  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert set(data["p_win"]) == {"Hillary Clinton", "Donald Trump"}
    assert data["house"]["Donald Trump"] >= 26  # the 115th Congress


def test_table_output_and_a_plot(capsys, csv_path, tmp_path):
    plot = tmp_path / "odds.svg"
    code, out, _ = _run(capsys, "forecast", csv_path, "--sims", "5000", "--seed", "2",
                        "--plot", str(plot), "-f", "table")  # fmt: skip
    assert code == 0
    assert "P(win): A" in out
    assert "tipping" in out
    assert plot.stat().st_size > 1000


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--model", "global"], "unknown error model 'global'"),
        (["--tails", "t:1"], "t:DF"),
        (["--if", "ZZ=A"], "unknown contest 'ZZ'"),
        (["--house", "C:30"], "--house"),
        (["--sims", "0"], "--sims 0"),
        (["--year", "2016"], "one of the two"),
    ],
)
def test_bad_options_give_one_line_errors_and_exit_2(capsys, csv_path, args, needle):
    code, out, err = _run(capsys, "forecast", csv_path, *args)
    assert code == 2
    assert needle in err
    assert len(err.strip().splitlines()) == 1


def test_a_bad_contest_file_names_the_line(capsys, tmp_path):
    path = write_contests(tmp_path / "bad.csv", ["contest,margin,sd", "PA,1,-3"])
    code, _, err = _run(capsys, "forecast", str(path))
    assert code == 2
    assert "bad.csv:2: field 'sd'" in err
