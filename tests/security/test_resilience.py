"""The service under database trouble, on a real server: a PostgreSQL restart leaves the
pool's connections dead (the first request must not fail: pre-ping), a database recreated
under the running service gets its schema back without a restart, a database error is a 503
with a JSON body under ``/api``, and every answer carries the security headers."""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import pytest
import sqlalchemy as sa

from electoral.settings import Settings
from electoral.web.app import create_app
from tests.petitions.conftest import PG_URL
from tests.petitions.helpers import open_petition

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def _schema(url: str) -> str:
    return sa.make_url(url).query["application_name"]  # type: ignore[return-value]


def _terminate(url: str) -> int:
    admin = sa.create_engine(PG_URL)
    try:
        with admin.begin() as connection:
            return int(
                connection.execute(
                    sa.text(
                        "select count(pg_terminate_backend(pid)) from pg_stat_activity"
                        " where application_name = :name"
                    ),
                    {"name": _schema(url)},
                ).scalar_one()
            )
    finally:
        admin.dispose()


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_the_first_request_after_a_postgresql_restart_is_answered(live):
    url = live.env["ELECTORAL_DATABASE_URL"]
    pid = open_petition(live.service())
    with live.client() as client:
        for _ in range(3):  # fill the server's pool
            assert client.get(f"/api/petitions/{pid}").status_code == 200
        assert _terminate(url) >= 1
        assert client.get(f"/api/petitions/{pid}").status_code == 200
        answer = client.post(
            f"/api/petitions/{pid}/signatures",
            json={"name": "After Restart", "email": "after@example.org", "zip": "19104"},
        )
        assert answer.status_code == 202


def _recreate(url: str) -> None:
    """Drop the database under the server and make it again, empty."""
    if url.startswith("sqlite"):
        path = Path(sa.make_url(url).database or "")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    schema = _schema(url)
    admin = sa.create_engine(PG_URL)
    try:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    finally:
        admin.dispose()


def test_a_database_recreated_under_the_server_is_used_again_without_a_restart(live):
    url = live.env["ELECTORAL_DATABASE_URL"]
    open_petition(live.service())
    live.service().engine.dispose()
    _recreate(url)
    answers = []
    with live.client() as client:
        for _ in range(50):
            answer = client.get("/api/petitions")
            answers.append(answer.status_code)
            if answer.status_code == 200:
                break
            assert answer.status_code == 503
            assert "error" in answer.json()
            time.sleep(0.1)
        assert answers[-1] == 200, answers
        assert answer.json() == []  # the new, empty database
        # and it takes signatures again, whose mail goes out (the mail worker recovered too)
        live._service = None
        pid = open_petition(live.service())
        signed = client.post(
            f"/api/petitions/{pid}/signatures",
            json={"name": "New Signer", "email": "new@example.org", "zip": "19104"},
        )
        assert signed.status_code == 202
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(
        r == ["new@example.org"] for r in live.inbox.recipients
    ):
        time.sleep(0.1)
    assert ["new@example.org"] in live.inbox.recipients


def test_every_answer_carries_the_security_headers(live):
    pid = open_petition(live.service())
    with live.client() as client:
        for path in ("/", "/elections/2016", f"/petitions/{pid}", "/api/petitions", "/nope"):
            headers = client.get(path).headers
            csp = headers["content-security-policy"]
            assert "script-src 'self'" in csp
            assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0]
            assert "frame-ancestors 'none'" in csp
            assert headers["x-content-type-options"] == "nosniff"
            assert "server" not in headers  # no server banner


def test_an_unexpected_error_under_api_is_a_json_500(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}", secret_key="k")
    app = create_app(settings)

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/api/boom")
    assert answer.status_code == 500
    assert answer.headers["content-type"].startswith("application/json")
    assert "error" in answer.json()


def test_a_database_that_cannot_answer_is_a_503_with_a_json_body(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}", secret_key="k")
    app = create_app(settings)

    @app.get("/api/dbdown")
    def down() -> None:
        raise sa.exc.OperationalError("select 1", {}, Exception("connection refused"))

    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/api/dbdown")
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "5"
    assert answer.json()["error"].startswith("the database is not available")


def test_health_and_readiness_of_a_running_server(live):
    with live.client() as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            ready = client.get("/readyz")
            if ready.status_code == 200:
                break
            time.sleep(0.1)
        assert ready.status_code == 200, ready.text
        body = ready.json()
        assert body["mail_workers_sending"] >= 1
        assert body["schema"]["revision"] == body["schema"]["head"]
        assert ready.headers["cache-control"] == "no-store"
        with live.service().engine.begin() as connection:
            connection.execute(sa.text("ALTER TABLE outbox RENAME TO outbox_away"))
        try:
            down = client.get("/readyz")
            assert down.status_code == 503
            assert "outbox" in down.json()["database"]
        finally:
            with live.service().engine.begin() as connection:
                connection.execute(sa.text("ALTER TABLE outbox_away RENAME TO outbox"))
