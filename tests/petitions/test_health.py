"""The readiness check's view of the database, the schema and the mail workers."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from electoral.petitions.health import WORKER_STALE, head_revision, readiness
from electoral.petitions.worker import Heartbeat
from tests.petitions.helpers import form, open_petition


def test_not_ready_until_a_mail_worker_has_sent_or_found_nothing_to_send(service, engine):
    state = readiness(engine)
    assert state.database is None
    assert state.revision == head_revision()
    assert state.workers_sending == 0
    assert not state.is_ready
    beat = Heartbeat()
    beat.worked()
    beat.beat(engine)
    assert readiness(engine).is_ready


def test_a_failing_worker_is_reported_and_goes_stale(service, engine):
    beat = Heartbeat()
    beat.worked()
    beat.beat(engine)
    beat.failed(RuntimeError("the mail server is gone"))
    beat.beat(engine, force=True)
    state = readiness(engine)
    assert state.worker_error == "RuntimeError: the mail server is gone"
    later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(seconds=WORKER_STALE + 1)
    assert readiness(engine, later).workers_sending == 0


def test_the_outbox_age_is_that_of_the_oldest_waiting_mail(service, engine):
    pid = open_petition(service)
    service.sign(pid, form(1))
    later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(seconds=90)
    state = readiness(engine, later)
    assert state.outbox_waiting == 1
    assert 89 < (state.outbox_oldest_seconds or 0) < 120


def test_a_schema_behind_the_head_is_not_ready(service, engine):
    with engine.begin() as connection:
        connection.execute(sa.text("update alembic_version set version_num = '0001'"))
    beat = Heartbeat()
    beat.worked()
    beat.beat(engine)
    state = readiness(engine)
    assert state.revision == "0001"
    assert not state.is_ready
    with engine.begin() as connection:
        connection.execute(sa.text("update alembic_version set version_num = :v"),
                           {"v": head_revision()})  # fmt: skip
