"""Fixtures: a fresh database per test on SQLite and on PostgreSQL, the service on it, and a
real SMTP server (aiosmtpd) on a local port.

PostgreSQL: ``ELECTORAL_TEST_PG_URL`` (default the local server's ``test`` database); each
session works in its own randomly named schema, dropped at the end, so concurrent runs do not
collide. With ``CI=true`` a missing PostgreSQL fails the tests; otherwise they are skipped.
"""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from email import message_from_bytes
from email.message import Message

import pytest
import sqlalchemy as sa

from electoral.petitions.db import Base, create_engine, upgrade
from electoral.petitions.service import PetitionService

PG_URL = os.environ.get(
    "ELECTORAL_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SECRET = "test-secret-key"
BASE_URL = "http://petitions.test"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A migrated SQLite database, copied for each test (faster than migrating each time)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_engine():
    admin = sa.create_engine(PG_URL)
    try:
        with admin.connect() as connection:
            connection.execute(sa.text("select 1"))
    except sa.exc.OperationalError as error:
        admin.dispose()
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL is required in CI ({PG_URL}): {error}")
        pytest.skip(f"no PostgreSQL at {PG_URL}")
    schema = f"electoral_test_{uuid.uuid4().hex[:12]}"
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine = create_engine(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _truncate(engine) -> None:
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path, sqlite_template):
    """A fresh, migrated database: SQLite in a file, or PostgreSQL (tables emptied)."""
    if request.param == "sqlite":
        path = tmp_path / "petitions.sqlite3"
        shutil.copy(sqlite_template, path)
        engine = create_engine(f"sqlite:///{path}")
        yield engine
        engine.dispose()
    else:
        engine = request.getfixturevalue("pg_engine")
        _truncate(engine)
        yield engine


@pytest.fixture
def service(engine):
    return PetitionService(engine, base_url=BASE_URL, secret_key=SECRET)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox:
    """What the local SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(message_from_bytes(envelope.content))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"


@pytest.fixture(scope="session")
def smtp_server():
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def smtp(smtp_server):
    """``(url, inbox)`` of a real SMTP server, its inbox emptied for this test."""
    controller, inbox = smtp_server
    inbox.messages.clear()
    inbox.recipients.clear()
    return f"smtp://127.0.0.1:{controller.port}", inbox
