"""A real ``electoral serve`` for the attacks: a subprocess on a free port, on a SQLite file or
on its own PostgreSQL schema, sending its mail to a real local SMTP server (aiosmtpd).

Every defence in this folder is tried against the server an organiser would run, on both
databases; ``Live.service()`` opens the same database in the test process (same settings, so
the same secret key) to set up petitions and to look at what the server stored.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import sqlalchemy as sa

from electoral.petitions.db import create_engine
from electoral.petitions.service import PetitionService
from electoral.settings import Settings
from tests.petitions.conftest import PG_URL, Inbox, free_port

ELECTORAL = Path(sys.executable).parent / "electoral"


@dataclass
class Live:
    """A running server: its address, its settings' environment and the test's view of its
    database and mail."""

    base: str
    env: dict[str, str]
    inbox: Inbox
    process: subprocess.Popen[str]
    log: Path
    _service: PetitionService | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        values = {
            k[len("ELECTORAL_") :].lower(): v
            for k, v in self.env.items()
            if k.startswith("ELECTORAL_")
        }
        return Settings(**values)

    def service(self) -> PetitionService:
        if self._service is None:
            self._service = PetitionService.from_settings(self.settings)
        return self._service

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.base, timeout=30, **kwargs)  # type: ignore[arg-type]

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def _pg_url(schema: str) -> str:
    """The schema's URL; its connections are named after it (``application_name``), so a test
    can find and terminate the server's connections and no one else's."""
    return f"{PG_URL}?options={quote(f'-csearch_path={schema}')}&application_name={schema}"


def _pg_available() -> bool:
    admin = sa.create_engine(PG_URL)
    try:
        with admin.connect() as connection:
            connection.execute(sa.text("select 1"))
        return True
    except sa.exc.OperationalError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL is required in CI ({PG_URL})")
        return False
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def smtp_inbox():
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield f"smtp://127.0.0.1:{controller.port}", inbox
    controller.stop()


def start_server(
    tmp_path: Path, database: str, smtp_url: str, inbox: Inbox, **env: str
) -> Iterator[Live]:
    """Run ``electoral serve`` on ``database`` with ``env`` (``ELECTORAL_*``) until done."""
    values = (
        {k: v for k, v in os.environ.items() if not k.startswith("ELECTORAL_")}
        | {
            "ELECTORAL_DATABASE_URL": database,
            "ELECTORAL_SMTP_URL": smtp_url,
            "ELECTORAL_BASE_URL": "http://petitions.test",
            "ELECTORAL_CACHE_DIR": str(tmp_path / "cache"),
        }
        | env
    )
    log = tmp_path / f"server-{uuid.uuid4().hex[:6]}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(ELECTORAL), "serve", "--port", str(free_port())],
            env=values,
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    base = ""
    deadline = time.monotonic() + 60
    while not base and time.monotonic() < deadline:
        found = re.search(r"serving at (http://127\.0\.0\.1:\d+)/", log.read_text())
        if found:
            base = found.group(1)
        elif process.poll() is not None:
            pytest.fail(f"the server exited: {log.read_text()}")
        else:
            time.sleep(0.05)
    assert base, log.read_text()
    _wait_ready(base)
    live = Live(
        base=base,
        env={k: v for k, v in values.items() if k.startswith("ELECTORAL_")},
        inbox=inbox,
        process=process,
        log=log,
    )
    try:
        yield live
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        if live._service is not None:
            live._service.engine.dispose()


def _wait_ready(base: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/petitions", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"the server at {base} never answered")


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> Iterator[str]:
    """A fresh database URL: a SQLite file, or a new PostgreSQL schema (dropped after)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'live.sqlite3'}"
        return
    if not _pg_available():
        pytest.skip(f"no PostgreSQL at {PG_URL}")
    schema = f"electoral_live_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _pg_url(schema)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def live(tmp_path, database, smtp_inbox) -> Iterator[Live]:
    """``electoral serve`` on a fresh database with a secret key, its mail to the inbox."""
    smtp_url, inbox = smtp_inbox
    inbox.messages.clear()
    inbox.recipients.clear()
    yield from start_server(
        tmp_path,
        database,
        smtp_url,
        inbox,
        ELECTORAL_SECRET_KEY="live-test-secret",
        ELECTORAL_MODERATOR_PASSWORD="correct horse",
    )


def engine_for(url: str) -> sa.Engine:
    return create_engine(url)


@pytest.fixture
def proxied(tmp_path, database, smtp_inbox) -> Iterator[Live]:
    """``electoral serve`` behind a proxy on loopback (``ELECTORAL_TRUSTED_PROXIES``), so a
    test can speak for many clients with ``X-Forwarded-For``."""
    smtp_url, inbox = smtp_inbox
    inbox.messages.clear()
    inbox.recipients.clear()
    yield from start_server(
        tmp_path,
        database,
        smtp_url,
        inbox,
        ELECTORAL_SECRET_KEY="live-test-secret",
        ELECTORAL_MODERATOR_PASSWORD="correct horse",
        ELECTORAL_TRUSTED_PROXIES="127.0.0.1",
    )
