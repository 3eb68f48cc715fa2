"""``electoral petition ...`` and ``electoral mail worker`` on a SQLite file per test."""

from __future__ import annotations

import csv
import io
import json

import pytest

from electoral.cli.app import run
from electoral.petitions.db import create_engine
from electoral.petitions.service import PetitionService, SignatureForm

CREATE = [
    "petition", "create", "--title", "Faithful electors", "--text", "Please.",
    "--creator-name", "Ada", "--creator-email", "ada@example.org", "--deadline", "2099-12-01",
]  # fmt: skip


@pytest.fixture
def database(tmp_path, monkeypatch):
    (tmp_path / "var").mkdir()  # a database's folder is not created (only the default's)
    url = f"sqlite:///{tmp_path / 'var' / 'cli.sqlite3'}"
    monkeypatch.setenv("ELECTORAL_DATABASE_URL", url)
    monkeypatch.delenv("ELECTORAL_SMTP_URL", raising=False)
    monkeypatch.setenv("ELECTORAL_SECRET_KEY", "cli-test-key")  # no key-file notice on stderr
    return url


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _signed(url: str, petition_id: int, signers: list[tuple[str, str]]) -> None:
    engine = create_engine(url)
    service = PetitionService(engine, base_url="http://t", secret_key="k")
    for i, (name, zip_code) in enumerate(signers):
        service.sign(petition_id, SignatureForm(name=name, email=f"s{i}@example.org", zip=zip_code))
    from electoral.petitions.db import OUTBOX

    with engine.connect() as connection:
        bodies = [r.body for r in connection.execute(OUTBOX.select())]
    for body in bodies:
        service.confirm_signature(body.split("/confirm/")[1].split()[0])
    engine.dispose()


def test_create_prints_the_id_and_json(capsys, database):
    assert _run(capsys, *CREATE) == (0, "1\n", "")
    code, out, _ = _run(capsys, *CREATE, "--target", "slate:2016:Trump", "--format", "json")
    assert code == 0
    assert json.loads(out) == {"id": 2}


def test_create_with_bad_input_is_one_line_and_exit_2(capsys, database):
    code, out, err = _run(capsys, *CREATE, "--target", "PA,XX")
    assert code == 2
    assert "target" in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = _run(capsys, *CREATE[:-1], "tomorrow")
    assert code == 2
    assert "deadline" in err


def test_publish_list_recount_export(capsys, database):
    _run(capsys, *CREATE, "--publish")
    _signed(database, 1, [("Bo", "19104"), ("=cmd", "48201"), ("Cy", "19103")])
    code, out, _ = _run(capsys, "petition", "list", "--format", "csv")
    assert code == 0
    assert list(csv.DictReader(io.StringIO(out)))[0]["signatures"] == "3"
    code, out, _ = _run(capsys, "petition", "recount", "1", "--format", "json")
    assert json.loads(out) == {"id": 1, "total": 3, "by_state": {"MI": 1, "PA": 2}, "drift": {}}
    code, out, _ = _run(capsys, "petition", "export", "1", "--state", "PA")
    assert out.splitlines() == ["name,zip,state", "Bo,19104,PA", "Cy,19103,PA"]
    code, out, _ = _run(capsys, "petition", "export", "1")
    assert "'=cmd,48201,MI" in out
    assert "@" not in out


def test_export_pdf_to_a_file_and_to_stdout(capsysbinary, database, tmp_path):
    run([*CREATE, "--publish"])
    target = tmp_path / "out.pdf"
    assert run(["petition", "export", "1", "--format", "pdf", "--output", str(target)]) == 0
    assert target.read_bytes().startswith(b"%PDF-")
    capsysbinary.readouterr()
    assert run(["petition", "export", "1", "--format", "pdf"]) == 0
    assert capsysbinary.readouterr().out.startswith(b"%PDF-")


def test_moderation_commands_and_transitions(capsys, database):
    _run(capsys, *CREATE)
    assert _run(capsys, "petition", "reject", "1", "--reason", "spam")[1] == "1 rejected\n"
    code, _, err = _run(capsys, "petition", "publish", "1")
    assert code == 2
    assert "'rejected' to 'open'" in err
    _run(capsys, *CREATE, "--publish")
    assert _run(capsys, "petition", "close", "2")[1] == "2 closed\n"
    assert _run(capsys, "petition", "deliver", "2", "--format", "json")[1].count("delivered") == 1
    assert _run(capsys, "petition", "recount", "99")[0] == 2


def test_mail_worker_once_sends_to_the_log(capsys, database):
    _run(capsys, *CREATE, "--publish")
    engine = create_engine(database)
    PetitionService(engine, base_url="http://t", secret_key="k").sign(
        1, SignatureForm(name="Bo", email="bo@example.org", zip="19104")
    )
    engine.dispose()
    code, _, err = _run(capsys, "mail", "worker", "--once")
    assert code == 0
    assert "1 mails sent" in err
