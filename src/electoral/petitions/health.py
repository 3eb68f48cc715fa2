"""What the readiness check reports: whether the database answers, whether its schema is at
the migrations' head, whether a mail worker is sending, and how long the oldest mail waits.

Every machine's mail workers write their heartbeat into the one database
(:class:`electoral.petitions.worker.Heartbeat`), so any web process, on any machine, can tell
whether mail goes out: a worker is sending if it finished a loop in the last
:data:`WORKER_STALE` seconds.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import sqlalchemy as sa  # noqa: TID253
from sqlalchemy.exc import SQLAlchemyError  # noqa: TID253

from electoral.petitions.db import MIGRATIONS, OUTBOX, WORKER_HEARTBEATS
from electoral.petitions.worker import HEARTBEAT_EVERY

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine  # noqa: TID253

__all__ = ["WORKER_STALE", "Readiness", "head_revision", "readiness"]

WORKER_STALE: Final = 3 * HEARTBEAT_EVERY
"""Seconds after its last good loop that a mail worker counts as not sending."""
WAITING: Final = ("queued", "claimed", "failed")


@dataclass(frozen=True, slots=True, kw_only=True)
class Readiness:
    """The checks, each ``None`` when it could not be made (the database did not answer)."""

    database: str | None
    """``None`` when the database answered, else its error in one line."""
    revision: str | None
    head: str
    workers_sending: int | None
    worker_error: str | None
    outbox_waiting: int | None
    outbox_oldest_seconds: float | None

    @property
    def is_ready(self) -> bool:
        return self.database is None and self.revision == self.head and bool(self.workers_sending)

    def as_json(self) -> dict[str, object]:
        return {
            "ready": self.is_ready,
            "database": "ok" if self.database is None else self.database,
            "schema": {"revision": self.revision, "head": self.head},
            "mail_workers_sending": self.workers_sending,
            "mail_worker_error": self.worker_error,
            "outbox": {
                "waiting": self.outbox_waiting,
                "oldest_seconds": self.outbox_oldest_seconds,
            },
        }


@functools.cache
def head_revision() -> str:
    """The newest migration shipped with this version."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return str(ScriptDirectory.from_config(config).get_current_head())


def readiness(engine: Engine, now: dt.datetime | None = None) -> Readiness:
    """Make the checks in one short read (four small queries)."""
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    head = head_revision()
    try:
        with engine.connect() as connection:
            revision = connection.execute(
                sa.text("select version_num from alembic_version")
            ).scalar()
            fresh = now - dt.timedelta(seconds=WORKER_STALE)
            beats = WORKER_HEARTBEATS.c
            sending = connection.execute(
                sa.select(sa.func.count()).where(beats.ok_at >= fresh)
            ).scalar_one()
            error = connection.execute(
                sa.select(beats.last_error)
                .where(beats.beat_at >= fresh, beats.last_error_at.is_not(None))
                .where(sa.or_(beats.ok_at.is_(None), beats.ok_at < beats.last_error_at))
                .order_by(beats.last_error_at.desc())
                .limit(1)
            ).scalar()
            waiting, oldest = connection.execute(
                sa.select(sa.func.count(), sa.func.min(OUTBOX.c.created_at)).where(
                    OUTBOX.c.status.in_(WAITING)
                )
            ).one()
    except SQLAlchemyError as failure:
        first = (str(getattr(failure, "orig", None) or failure).strip().splitlines() or [""])[0]
        return Readiness(
            database=f"{type(failure).__name__}: {first}"[:300],
            revision=None,
            head=head,
            workers_sending=None,
            worker_error=None,
            outbox_waiting=None,
            outbox_oldest_seconds=None,
        )
    return Readiness(
        database=None,
        revision=revision,
        head=head,
        workers_sending=int(sending),
        worker_error=error,
        outbox_waiting=int(waiting),
        outbox_oldest_seconds=None if oldest is None else (now - oldest).total_seconds(),
    )
