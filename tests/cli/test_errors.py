"""Bad input on the command line is one line on stderr and exit code 2, never a traceback
(issue 16): unreadable or out-of-range forecast files, record tables, options, petition ids,
database URLs and missing optional extras. Each case is run through the real entry point
(:func:`electoral.cli.app.run`), in this process or, for ``serve``, a missing extra and a
command that could run for minutes, in a subprocess with a timeout."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from electoral.cli.app import run
from electoral.forecast import contests_from_election
from tests.builders import write_record

ELECTORAL = Path(sys.executable).parent / "electoral"
TIMEOUT = 60
"""Seconds a subprocess may take (a check takes about one; a hung server would take all)."""

WITHOUT = (
    "import sys\n"
    "for name in sys.argv[1].split(','):\n"
    "    sys.modules[name] = None  # import fails as if the module were not installed\n"
    "from electoral.cli.app import run\n"
    "sys.exit(run(sys.argv[2:]))\n"
)


def _contest_lines() -> list[str]:
    race = contests_from_election(2024)
    return ["contest,margin,sd"] + [f"{c.id},{c.margin:.2f},{c.sd}" for c in race.contests]


GOOD = "\n".join(_contest_lines()) + "\n"
FIRST = _contest_lines()[1]  # the first contest's line, e.g. "AK,13.14,5.0"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _write(name: str, data: str | bytes) -> Callable[[Path], None]:
    def setup(tmp: Path) -> None:
        path = tmp / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")

    return setup


def _with_first(name: str, line: str) -> Callable[[Path], None]:
    """The good contests file with its first contest's line replaced."""
    return _write(name, GOOD.replace(FIRST, line, 1))


def _record(**tables: list[str]) -> Callable[[Path], None]:
    def setup(tmp: Path) -> None:
        write_record(tmp / "record", **tables)

    return setup


def _record_file(table: str, data: bytes) -> Callable[[Path], None]:
    def setup(tmp: Path) -> None:
        write_record(tmp / "record")
        (tmp / "record" / table).write_bytes(data)

    return setup


def _nothing(tmp: Path) -> None:
    return None


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    """The command line; ``{tmp}`` is the test's folder."""
    fragment: str
    """Part of the one line expected on stderr."""
    setup: Callable[[Path], None] = _nothing
    env: dict[str, str] = field(default_factory=dict)
    without: str = ""
    """Modules to make missing (comma-separated); implies a subprocess."""
    isolated: bool = False
    """Run in a subprocess with a timeout (``serve``, or what could run for minutes)."""


def _db(tmp: Path) -> dict[str, str]:
    return {"ELECTORAL_DATABASE_URL": f"sqlite:///{tmp / 'p.sqlite3'}"}


FORECAST = ("forecast", "--sims", "1000", "--seed", "1", "--format", "json")
PG_REFUSED = "postgresql+psycopg://postgres@127.0.0.1:{port}/test"
PG_LOCAL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
LATIN1 = GOOD.replace("contest,margin,sd", "contest,margin,sd,note").replace(
    FIRST, FIRST + ",café", 1
)

CASES = {
    # the forecast's contests file
    "not-utf8": Case(
        (*FORECAST, "{tmp}/latin1.csv"),
        "latin1.csv:2: field '-': not UTF-8 text (byte 0xe9",
        _write("latin1.csv", LATIN1.encode("latin-1")),
    ),
    "line-over-the-bound": Case(
        (*FORECAST, "{tmp}/long.csv"),
        "long.csv:2: field '-': line longer than 65,536 bytes",
        _write("long.csv", "contest,margin,sd\nPA," + "1" * 200_000 + ",5\n"),
    ),
    "quoted-field-over-the-csv-limit": Case(
        (*FORECAST, "{tmp}/quoted.csv"),
        "malformed CSV: field larger than field limit",
        _write("quoted.csv", 'contest,margin,sd\n"PA' + ("x" * 1000 + "\n") * 200 + '",1,5\n'),
    ),
    "electors-huge": Case(
        (*FORECAST, "{tmp}/electors.csv"),
        "electors.csv:2: field 'electors': 99999999999999999999999 is more than 538",
        _write("electors.csv", "contest,margin,sd,electors\nPA,1,5,99999999999999999999999\n"),
    ),
    "sd-1e308": Case(
        (*FORECAST, "{tmp}/sd.csv"),
        "sd.csv:2: field 'sd': 1e308 points is out of range; expected more than 0, at most 100",
        _with_first("sd.csv", "AK,13.14,1e308"),
    ),
    "margin-1e308": Case(
        (*FORECAST, "{tmp}/margin.csv"),
        "margin.csv:2: field 'margin': 1e308 points is out of range; expected -100 to 100",
        _with_first("margin.csv", "AK,1e308,5"),
    ),
    "margin-250": Case(
        (*FORECAST, "{tmp}/margin.csv"),
        "margin.csv:2: field 'margin': 250 points is out of range",
        _with_first("margin.csv", "AK,250,5"),
    ),
    "turnout-1e26": Case(
        (*FORECAST, "{tmp}/turnout.csv"),
        "field 'turnout': 1000000000000000000000000000 is more than 1,000,000,000",
        _write("turnout.csv", "contest,margin,sd,electors,turnout\nPA,1,5,19,1" + "0" * 27),
    ),
    # the sds of --year and of the factor models
    "sd-option-1e308": Case(
        ("forecast", "--year", "2024", "--sd", "1e308", "--sims", "1000"),
        "--sd 1e+308: expected a positive number of points, at most 100",
    ),
    "national-sd-1e308": Case(
        ("forecast", "--year", "2024", "--national-sd", "1e308", "--sims", "1000"),
        "--national-sd 1e+308: expected a non-negative number of points, at most 100",
    ),
    # the forecast's options
    "seed-negative": Case(
        ("forecast", "--year", "2024", "--sims", "1000", "--seed", "-1"),
        "--seed -1: expected a whole number >= 0",
    ),
    "threads-0": Case(
        ("forecast", "--year", "2024", "--sims", "1000", "--threads", "0"),
        "--threads 0: expected at least 1 thread",
    ),
    "plot-into-a-missing-folder": Case(
        ("forecast", "--year", "2024", "--sims", "1000", "--plot", "{tmp}/no/such/x.png"),
        "/no/such does not exist (not created)",
    ),
    # the record (--data-dir)
    "data-dir-is-a-file": Case(
        ("show", "2024", "--data-dir", "{tmp}/latin1.csv"),
        "not a directory:",
        _write("latin1.csv", GOOD),
    ),
    "data-table-binary": Case(
        ("show", "2024", "--data-dir", "{tmp}/record"),
        "tallies.csv:1: field '-': not UTF-8 text (byte 0x89",
        _record_file("tallies.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
    ),
    "data-table-nul-bytes": Case(
        ("show", "2024", "--data-dir", "{tmp}/record"),
        "tallies.csv:1: field '-': NUL byte at byte 1 of the line",
        _record_file("tallies.csv", bytes(3000)),
    ),
    "data-votes-1e26": Case(
        ("show", "2024", "--data-dir", "{tmp}/record"),
        "popular_votes.csv:2: field 'votes': 100000000000000000000000000 is more than",
        _record(
            popular_votes=[
                "2024,PA,,A,P,100000000000000000000000000,toy",
                "2024,PA,,B,Q,3400000,toy",
            ]
        ),
    ),
    # apportion
    "seats-0": Case(
        ("apportion", "2020", "--seats", "0"), "seats 0: expected at least one per state"
    ),
    "seats-1e9": Case(
        ("apportion", "2020", "--seats", "1000000000"),
        "seats 1,000,000,000: the 2020 census allows at most 11,036, one Representative for "
        "every 30,000 people (U.S. Const. art. I, §2, cl. 3)",
        isolated=True,  # before the bound it ran for minutes
    ),
    # petition ids beyond the database's integers
    **{
        f"petition-{command}-20-digit-id": Case(
            ("petition", command, "99999999999999999999"),
            "99999999999999999999: expected a petition id from 1 to 2,147,483,647",
        )
        for command in ("export", "recount", "publish")
    },
    # the database URL
    "petition-list-sqlite-under-a-missing-folder": Case(
        ("petition", "list"),
        "the folder {tmp}/missing does not exist (it is not created)",
        env={"ELECTORAL_DATABASE_URL": "sqlite:///{tmp}/missing/p.sqlite3"},
    ),
    "petition-list-sqlite-not-a-database": Case(
        ("petition", "list"),
        "is not a usable SQLite database: file is not a database",
        _write("text.sqlite3", GOOD * 10),
        env={"ELECTORAL_DATABASE_URL": "sqlite:///{tmp}/text.sqlite3"},
    ),
    "petition-list-postgresql-refused": Case(
        ("petition", "list"),
        "cannot connect: connection failed",
        env={"ELECTORAL_DATABASE_URL": PG_REFUSED},
    ),
    "mail-worker-postgresql-refused": Case(
        ("mail", "worker", "--once"),
        "cannot connect: connection failed",
        env={"ELECTORAL_DATABASE_URL": PG_REFUSED},
    ),
    "mail-worker-unknown-driver": Case(
        ("mail", "worker", "--once"),
        "unknown driver 'nosuch' for postgresql",
        env={"ELECTORAL_DATABASE_URL": "postgresql+nosuch://127.0.0.1/test"},
    ),
    "serve-postgresql-refused": Case(
        ("serve", "--port", "0"),
        "cannot connect: connection failed",
        env={"ELECTORAL_DATABASE_URL": PG_REFUSED},
        isolated=True,
    ),
    "serve-unknown-driver": Case(
        ("serve", "--port", "0"),
        "ELECTORAL_DATABASE_URL postgresql+nosuch://127.0.0.1/test: unknown driver 'nosuch'",
        env={"ELECTORAL_DATABASE_URL": "postgresql+nosuch://127.0.0.1/test"},
        isolated=True,
    ),
    "serve-unsupported-database": Case(
        ("serve", "--port", "0"),
        "the database 'mysql' is not supported; expected sqlite:///PATH or postgresql://",
        env={"ELECTORAL_DATABASE_URL": "mysql://127.0.0.1/test"},
        isolated=True,
    ),
    "serve-sqlite-under-a-missing-folder": Case(
        ("serve", "--port", "0"),
        "the folder {tmp}/missing does not exist (it is not created)",
        env={"ELECTORAL_DATABASE_URL": "sqlite:///{tmp}/missing/p.sqlite3"},
        isolated=True,
    ),
    # petition ids beyond the database's integer ids (SQLite's driver raised OverflowError)
    **{
        f"petition-{command}-20-digit-id": Case(
            ("petition", command, "99999999999999999999", *extra),
            "expected a petition id from 1 to 2,147,483,647",
        )
        for command, extra in (
            ("export", ()),
            ("recount", ()),
            ("publish", ()),
            ("reject", ("--reason", "spam")),
            ("close", ()),
            ("deliver", ()),
        )
    },
    "petition-export-id-2-to-the-31": Case(
        ("petition", "export", "2147483648"), "expected a petition id from 1 to 2,147,483,647"
    ),
    # optional extras that are not installed
    "extra-plot": Case(
        ("forecast", "--year", "2024", "--sims", "1000", "--plot", "{tmp}/x.png"),
        "pip install 'electoral[plot]'",
        without="matplotlib",
    ),
    "extra-web-serve": Case(
        ("serve", "--port", "0"), "pip install 'electoral[web]'", without="fastapi,uvicorn"
    ),
    "extra-web-petition": Case(
        ("petition", "list"), "pip install 'electoral[web]'", without="sqlalchemy"
    ),
    "extra-pg": Case(
        ("petition", "list"),
        "the driver 'psycopg' is not installed",
        env={"ELECTORAL_DATABASE_URL": PG_LOCAL},
        without="psycopg",
    ),
}


def _filled(text: str, tmp: Path, port: int) -> str:
    return text.replace("{tmp}", str(tmp)).replace("{port}", str(port))


def _in_subprocess(case: Case, args: list[str], env: dict[str, str], tmp: Path) -> tuple:
    command = (
        [sys.executable, "-c", WITHOUT, case.without, *args]
        if case.without
        else [str(ELECTORAL), *args]
    )
    try:
        done = subprocess.run(
            command,
            env=dict(os.environ) | env,
            cwd=tmp,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as expired:
        pytest.fail(f"still running after {TIMEOUT} s: {expired.stdout!r} {expired.stderr!r}")
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_one_line_and_exit_2(name, tmp_path, capsys, monkeypatch):
    case = CASES[name]
    port = _free_port()
    case.setup(tmp_path)
    env = _db(tmp_path) | {k: _filled(v, tmp_path, port) for k, v in case.env.items()}
    env["ELECTORAL_SECRET_KEY"] = "errors-test"
    args = [_filled(a, tmp_path, port) for a in case.args]
    if case.isolated or case.without:
        code, out, err = _in_subprocess(case, args, env, tmp_path)
    else:
        monkeypatch.chdir(tmp_path)
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        code = run(args)
        out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert "serving at" not in out
    assert code == 2, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert _filled(case.fragment, tmp_path, port) in lines[0]
    assert not (tmp_path / "missing").exists()  # a database's folder is never created


def test_a_file_with_a_byte_order_mark_is_read_like_one_without(tmp_path, capsys):
    """Excel's "CSV UTF-8" starts with a byte-order mark: the file is the same forecast."""
    (tmp_path / "plain.csv").write_text(GOOD, encoding="utf-8")
    (tmp_path / "excel.csv").write_text(GOOD, encoding="utf-8-sig")
    assert (tmp_path / "excel.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    outputs = []
    for name in ("plain.csv", "excel.csv"):
        assert run([*FORECAST, str(tmp_path / name)]) == 0
        out, err = capsys.readouterr()
        assert err == ""
        outputs.append(out)
    assert outputs[0] == outputs[1]


def test_a_long_line_fails_fast_in_bounded_memory(tmp_path, capsys):
    """A line of 20 MB of commas is refused at its first 64 KiB: the reader never holds the
    line (before, a 100 MB one took 1.7 GB)."""
    path = tmp_path / "commas.csv"
    path.write_text("contest,margin,sd\n" + "," * 20_000_000 + "\n", encoding="utf-8")
    tracemalloc.start()
    try:
        code = run([*FORECAST, str(path)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 2
    assert "line longer than 65,536 bytes" in capsys.readouterr().err
    assert peak < 2_000_000
