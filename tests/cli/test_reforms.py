"""The power and reform commands: three formats, and one-line errors with exit code 2."""

from __future__ import annotations

import csv
import io
import json

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


def test_power_json_has_the_documented_shape(capsys):
    code, out, _ = _run(capsys, "power", "2024", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert {"year", "index", "power", "voter_power", "max_min_ratio"} <= set(data)
    assert (data["year"], data["index"], data["quota"]) == (2024, "banzhaf", 270)
    assert len(data["power"]) == 51
    assert sum(data["power"].values()) == pytest.approx(1.0)
    assert data["max_min_ratio"] == pytest.approx(max(data["voter_power"].values()))


def test_power_of_a_dictator(capsys, toy):
    """The toy college: PA 19 of 22 electors reaches the quota of 12 alone, so PA has all the
    power under both indices and DE none."""
    for index in ("banzhaf", "shapley"):
        code, out, _ = _run(capsys, "power", "2024", "--index", index, "-f", "json",
                            "--data-dir", toy)  # fmt: skip
        assert code == 0
        assert json.loads(out)["power"] == {"PA": 1.0, "DE": 0.0}


def test_power_of_a_census_as_csv(capsys):
    code, out, _ = _run(capsys, "power", "2020", "--census", "--districts", "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 56
    assert sum(int(r["electors"]) for r in rows) == 538
    assert {"ME-1", "ME-2", "NE-3"} <= {r["player"] for r in rows}


def test_power_table(capsys):
    code, out, _ = _run(capsys, "power", "2000", "--index", "shapley", "-f", "table")
    assert code == 0
    assert "Voting power, election 2000" in out
    assert "Quota 270 of 538" in out


def test_reform_house_size_json(capsys):
    """Neubauer and Zeitlin (2003): a House of 491 ties 2000 at 297-297."""
    code, out, _ = _run(capsys, "reform", "2000", "--method", "house-size", "--seats", "491",
                        "-f", "json")  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["electoral_votes"] == {"Al Gore": 297, "George W. Bush": 297}
    assert data["winner"] is None
    assert data["contingent"]["elected"] == data["president"] == "George W. Bush"
    assert data["actual_president"] == "George W. Bush"


def test_reform_npvic_json_and_csv(capsys):
    code, out, _ = _run(capsys, "reform", "2024", "--method", "npvic", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["parameters"]["member_electors"] == 209
    assert data["parameters"]["in_force"] is False
    code, out, _ = _run(capsys, "reform", "2024", "--method", "proportional", "--rounding",
                        "dhondt", "-f", "csv")  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert sum(int(r["electors"]) for r in rows) == 538


def test_reform_table(capsys):
    code, out, _ = _run(capsys, "reform", "1992", "--method", "proportional", "-f", "table")
    assert code == 0
    assert "103rd Congress" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["reform", "2016", "--method", "borda"], "unknown reform 'borda'"),
        (["reform", "2016", "--method", "district"], "returns by congressional district"),
        (["reform", "2016", "--method", "house-size"], "give the number of seats"),
        (["reform", "1844", "--method", "house-size", "--seats", "300"], "1844: SC has no returns"),
        (["reform", "1796", "--method", "npvic"], "no popular returns"),
        (["power", "2023"], "no presidential election in 2023"),
        (["power", "1920", "--census"], "no apportionment"),
        (["power", "2024", "--index", "penrose"], "unknown power index 'penrose'"),
    ],
)
def test_errors_are_one_line_with_exit_code_2(capsys, args, message):
    code, _, err = _run(capsys, *args)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_house_size_without_populations_is_one_line_with_exit_code_2(capsys, tmp_path):
    """A toy record whose 2020 census lacks DE's population: the message names the election
    and the census (every census in the bundled record has its populations)."""
    record = write_record(
        tmp_path / "record", apportionment=["2020,PA,13002700,17,toy", "2020,DE,,1,toy"]
    )
    code, _, err = _run(capsys, "reform", "2024", "--method", "house-size", "--seats", "20",
                        "--data-dir", str(record))  # fmt: skip
    assert code == 2
    assert "2024: house-size re-apportions from the 2020 census" in err
    assert "populations are not in the record" in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
