"""The outbox sender: claims due mails, hands them to SMTP, marks them sent; also closes
petitions past their deadline and prunes old rate counters.

Run it as ``electoral mail worker`` (or ``--once`` to send what is due and stop). Several
workers may run at once: a claim is a conditional UPDATE with a lease, so no two workers hold
the same mail, and a worker that dies mid-batch leaves its mails to be claimed again once the
lease runs out (see :mod:`electoral.petitions.mail` for why a crash can repeat a mail, with
the same ``Message-ID``, but never lose one).
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import threading
import time
from typing import TYPE_CHECKING

from electoral.petitions import mail as outbox
from electoral.petitions.db import create_engine, writing
from electoral.petitions.service import PetitionService

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from electoral.settings import Settings

__all__ = ["run", "send_due"]

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
            log.warning("mail %s to be retried: %s", mail.key, error)
            with writing(engine) as connection:
                outbox.mark_failed(connection, mail.id, str(error), _now())
            continue
        sent += 1
    return sent


def run(
    settings: Settings,
    stop: threading.Event | None = None,
    once: bool = False,
    *,
    engine: Engine | None = None,
    mailer: outbox.Mailer | None = None,
    poll: float = 1.0,
) -> int:
    """Send mails until ``stop`` is set (or, with ``once``, until none is due); returns the
    number sent. The schema is created or upgraded first."""
    own_engine = engine is None
    engine = engine or create_engine(settings.database_url, background_checkpoints=True)
    mailer = mailer or outbox.mailer_for(settings.smtp_url)
    service = PetitionService.from_settings(settings, engine)
    stop = stop or threading.Event()
    total, last_housekeeping = 0, float("-inf")
    try:
        while not stop.is_set():
            if time.monotonic() - last_housekeeping > HOUSEKEEPING_EVERY:
                service.close_expired()
                service.prune()
                last_housekeeping = time.monotonic()
            sent = send_due(engine, mailer)
            total += sent
            if once and sent == 0 and not _has_due(engine):
                break
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
