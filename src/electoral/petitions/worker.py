"""The outbox sender: claims due mails, hands them to SMTP, marks them sent; also closes
petitions past their deadline and prunes old rate counters.

Run it as ``electoral mail worker`` (or ``--once`` to send what is due and stop). Several
workers may run at once: a claim is a conditional UPDATE with a lease, so no two workers hold
the same mail, and a worker that dies mid-batch leaves its mails to be claimed again once the
lease runs out (see :mod:`electoral.petitions.mail` for why a crash can repeat a mail, with
the same ``Message-ID``, but never lose one).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import random
import smtplib
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from sqlalchemy.exc import SQLAlchemyError  # noqa: TID253

from electoral.petitions import mail as outbox
from electoral.petitions.db import WORKER_HEARTBEATS, create_engine, writing
from electoral.petitions.recovery import is_missing_schema
from electoral.petitions.service import PetitionService

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from electoral.settings import Settings

__all__ = ["Backoff", "Heartbeat", "run", "send_due"]

log = logging.getLogger("electoral.petitions.worker")

HOUSEKEEPING_EVERY = 60.0


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def send_due(
    engine: Engine, mailer: outbox.Mailer, *, batch: int = 100, lease: float = 60.0
) -> int:
    """Claim up to ``batch`` due mails and send them; returns how many SMTP accepted.

    Each mail is marked sent in its own transaction, inside which the server is told to take
    it (see :mod:`electoral.petitions.mail`): a crash never loses a mail, and only one in the
    microseconds between the two sends it twice, with the same ``Message-ID``."""
    with writing(engine) as connection:
        mails = outbox.claim(connection, now=_now(), lease=lease, limit=batch)
    sent = 0
    for mail in mails:

        def seal(final: outbox.FinalStep, mail_id: int = mail.id) -> None:
            with writing(engine) as connection:
                outbox.mark_sent(connection, mail_id, _now())
                final()  # the commit follows at once

        try:
            mailer.send(mail, seal)
        except (smtplib.SMTPException, OSError) as error:
            log.warning("mail %s %s failed, to be retried: %s", mail.message_id, mail.key,
                        _one_line(error))  # fmt: skip
            with writing(engine) as connection:
                outbox.mark_failed(connection, mail.id, str(error), _now())
            continue
        sent += 1
        log.info("mail %s %s sent", mail.message_id, mail.key)
    return sent


BACKOFF_FIRST: Final = 0.5
BACKOFF_MAX: Final = 30.0
"""Seconds the worker waits after a database or mail-server error: doubling from the first
to the most, and back to none after a loop that worked."""
HEARTBEAT_EVERY: Final = 5.0
"""Seconds between a worker's heartbeats (the readiness check calls a worker whose last beat
is older than three of these dead)."""


@dataclass
class Backoff:
    """The wait after each consecutive failure: ``first``, doubled each time, at most ``most``,
    with up to 20% jitter so that several workers do not retry in step."""

    first: float = BACKOFF_FIRST
    most: float = BACKOFF_MAX
    failures: int = 0

    def next(self) -> float:
        self.failures += 1
        wait = min(self.most, self.first * float(2 ** (self.failures - 1)))
        return wait * (1 + 0.2 * random.random())  # noqa: S311 (not a secret)

    def reset(self) -> None:
        self.failures = 0


@dataclass
class Heartbeat:
    """This worker's row in ``worker_heartbeats``: written every :data:`HEARTBEAT_EVERY`
    seconds while it loops, and at once after a failure (when the database takes it)."""

    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    started_at: dt.datetime = field(default_factory=lambda: _now())
    sent: int = 0
    failures: int = 0
    last_error: str | None = None
    last_error_at: dt.datetime | None = None
    ok_at: dt.datetime | None = None
    _last_beat: float = float("-inf")

    def failed(self, error: BaseException) -> None:
        self.failures += 1
        self.last_error = _one_line(error)[:500]
        self.last_error_at = _now()
        self._last_beat = float("-inf")  # report it with the next beat that gets through

    def worked(self) -> None:
        """A loop went through (mails claimed and sent, or none due)."""
        self.ok_at = _now()

    def beat(self, engine: Engine, *, force: bool = False) -> None:
        """Write the row if a beat is due (raises the database's error if it cannot)."""
        if not force and time.monotonic() - self._last_beat < HEARTBEAT_EVERY:
            return
        import sqlalchemy as sa

        values = {
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": self.started_at,
            "beat_at": _now(),
            "ok_at": self.ok_at,
            "sent": self.sent,
            "failures": self.failures,
            "last_error": self.last_error,
            "last_error_at": self.last_error_at,
        }
        with writing(engine) as connection:
            updated = connection.execute(
                sa.update(WORKER_HEARTBEATS).where(WORKER_HEARTBEATS.c.id == self.id).values(values)
            ).rowcount
            if not updated:
                connection.execute(sa.insert(WORKER_HEARTBEATS).values(id=self.id, **values))
        self._last_beat = time.monotonic()


def _one_line(error: BaseException) -> str:
    """An error's first line, with its kind (SQLAlchemy's messages run to many lines)."""
    text = str(getattr(error, "orig", None) or error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}"


def run(
    settings: Settings,
    stop: threading.Event | None = None,
    once: bool = False,
    *,
    engine: Engine | None = None,
    mailer: outbox.Mailer | None = None,
    poll: float = 1.0,
    backoff: Backoff | None = None,
    heartbeat: Heartbeat | None = None,
) -> int:
    """Send mails until ``stop`` is set (or, with ``once``, until none is due); returns the
    number sent. The schema is created or upgraded first.

    A database error (connections terminated, the database dropped or full, a table missing)
    or a mail server that cannot be reached does not end the worker: it logs the error in one
    line, waits (:class:`Backoff`) and tries again, schema upgrade included, so it resumes by
    itself once the database is back; the failures go into its heartbeat row for the readiness
    check (``/readyz``). With ``once``, an error ends the run (the command line reports it).
    """
    own_engine = engine is None
    engine = engine or create_engine(settings.database_url, background_checkpoints=True)
    mailer = mailer or outbox.mailer_for(settings.smtp_url)
    stop = stop or threading.Event()
    backoff = backoff or Backoff()
    heartbeat = heartbeat or Heartbeat()
    service: PetitionService | None = None
    total, last_housekeeping = 0, float("-inf")
    try:
        while not stop.is_set():
            try:
                if service is None:
                    service = PetitionService.from_settings(settings, engine)
                if time.monotonic() - last_housekeeping > HOUSEKEEPING_EVERY:
                    service.close_expired()
                    service.prune()
                    last_housekeeping = time.monotonic()
                sent = send_due(engine, mailer)
                total += sent
                heartbeat.sent += sent
                heartbeat.worked()
                heartbeat.beat(engine)
                if once and sent == 0 and not _has_due(engine):
                    break
            except (SQLAlchemyError, OSError) as error:
                if once:
                    raise
                wait = backoff.next()
                heartbeat.failed(error)
                log.error(
                    "mail worker: %s; trying again in %.1f s (failure %d in a row)",
                    _one_line(error),
                    wait,
                    backoff.failures,
                )
                if isinstance(error, SQLAlchemyError):
                    service = None  # built again: the schema upgraded, the key read again
                    if is_missing_schema(error):
                        engine.dispose()  # a SQLite file replaced: drop the old file's handles
                stop.wait(wait)
                with contextlib.suppress(SQLAlchemyError, OSError):
                    heartbeat.beat(engine, force=True)
                continue
            if backoff.failures:
                log.warning("mail worker: working again after %d failures", backoff.failures)
                backoff.reset()
            if sent == 0:
                stop.wait(poll)
    finally:
        close = getattr(mailer, "close", None)
        if close is not None:
            close()
        if own_engine:
            engine.dispose()
    return total


def _has_due(engine: Engine) -> bool:
    """Whether a queued mail is due now (failed ones wait for their back-off)."""
    import sqlalchemy as sa

    from electoral.petitions.db import OUTBOX

    with engine.connect() as connection:
        due = connection.execute(
            sa.select(OUTBOX.c.id)
            .where(OUTBOX.c.status == outbox.OutboxStatus.QUEUED, OUTBOX.c.available_at <= _now())
            .limit(1)
        ).first()
    return due is not None
