"""Mail: the messages the service sends, the outbox they wait in, and the mailers that send them.

Delivery guarantee. A mail is written to the ``outbox`` table in the same transaction as the
change it reports (a signature, a creator's petition), so if that transaction commits the mail
exists, and if it rolls back the mail never did. The worker (:mod:`electoral.petitions.worker`)
claims rows with a lease, hands each to SMTP, and marks it ``sent`` in a transaction right after
the server accepts it. Sending is therefore at-least-once: only a crash between the SMTP server's
acceptance and that commit (milliseconds) makes the row be sent again after its lease expires,
and the repeat carries the same ``Message-ID`` (derived from the row's unique key) so mail
systems can recognise it. In normal operation each acknowledged signature gets exactly one
confirmation mail: its key ``confirm:<signature id>`` is unique, so it is written once and
marked sent once. Repeated signing writes separate mails (``resend:<id>:<n>``), as intended.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import smtplib
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from typing import Final, Protocol
from urllib.parse import urlsplit

import sqlalchemy as sa  # noqa: TID253
from sqlalchemy.engine import Connection  # noqa: TID253

from electoral.petitions.db import OUTBOX

__all__ = [
    "FROM_ADDRESS",
    "LogMailer",
    "Mail",
    "Mailer",
    "OutboxStatus",
    "SMTPMailer",
    "claim",
    "enqueue",
    "mailer_for",
    "mark_failed",
    "mark_sent",
]

log = logging.getLogger("electoral.petitions.mail")

FROM_ADDRESS: Final = "petitions@electoral.invalid"


class OutboxStatus:
    QUEUED: Final = "queued"
    CLAIMED: Final = "claimed"
    SENT: Final = "sent"
    FAILED: Final = "failed"
    CANCELLED: Final = "cancelled"  # its recipient asked for their data to be removed


@dataclass(frozen=True, slots=True, kw_only=True)
class Mail:
    """One mail from the outbox."""

    id: int
    key: str
    recipient: str
    subject: str
    body: str

    def message(self, sender: str = FROM_ADDRESS) -> EmailMessage:
        message = EmailMessage()
        message["From"] = sender
        message["To"] = self.recipient
        message["Subject"] = self.subject
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = f"<{uuid.uuid5(uuid.NAMESPACE_URL, self.key)}@electoral>"
        message.set_content(self.body)
        return message


class Mailer(Protocol):
    """Something that hands a mail over for delivery, or raises."""

    def send(self, message: EmailMessage) -> None: ...


class SMTPMailer:
    """Sends over SMTP (``smtp://host:port``; ``smtps://`` for TLS), one connection per batch."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        parts = urlsplit(url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or (465 if parts.scheme == "smtps" else 25)
        self.tls = parts.scheme == "smtps"
        self.user, self.password = parts.username, parts.password
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None

    def send(self, message: EmailMessage) -> None:
        smtp = self._smtp or self._connect()
        try:
            smtp.send_message(message)
        except smtplib.SMTPServerDisconnected:
            self._smtp = None
            self._connect().send_message(message)

    def _connect(self) -> smtplib.SMTP:
        cls = smtplib.SMTP_SSL if self.tls else smtplib.SMTP
        smtp = cls(self.host, self.port, timeout=self.timeout)
        if self.user and self.password:
            smtp.login(self.user, self.password)
        self._smtp = smtp
        return smtp

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._smtp.quit()
            self._smtp = None


class LogMailer:
    """Writes mails to the log (when no SMTP server is configured): development only."""

    def send(self, message: EmailMessage) -> None:
        log.info("mail to %s: %s\n%s", message["To"], message["Subject"], message.get_content())


def mailer_for(smtp_url: str | None) -> SMTPMailer | LogMailer:
    """The SMTP mailer for ``smtp_url``, or the log mailer when it is unset."""
    return SMTPMailer(smtp_url) if smtp_url else LogMailer()


# --- the outbox -------------------------------------------------------------------------------


def enqueue(
    connection: Connection, *, key: str, recipient: str, subject: str, body: str, now: dt.datetime
) -> None:
    """Write a mail to the outbox (in the caller's transaction)."""
    connection.execute(
        _INSERT,
        {
            "key": key,
            "recipient": recipient,
            "subject": subject,
            "body": body,
            "status": OutboxStatus.QUEUED,
            "attempts": 0,
            "available_at": now,
            "created_at": now,
        },
    )


_INSERT: Final = sa.insert(OUTBOX)


def claim(connection: Connection, *, now: dt.datetime, lease: float, limit: int) -> list[Mail]:
    """Claim up to ``limit`` mails that are due (queued, or claimed by a worker whose lease ran
    out). The conditional UPDATE makes two workers never claim the same row."""
    token = str(uuid.uuid4())
    due = sa.or_(
        sa.and_(OUTBOX.c.status == OutboxStatus.QUEUED, OUTBOX.c.available_at <= now),
        sa.and_(OUTBOX.c.status == OutboxStatus.CLAIMED, OUTBOX.c.claimed_until < now),
    )
    ids = sa.select(OUTBOX.c.id).where(due).order_by(OUTBOX.c.id).limit(limit)
    connection.execute(
        sa.update(OUTBOX)
        .where(OUTBOX.c.id.in_(ids.scalar_subquery()), due)
        .values(
            status=OutboxStatus.CLAIMED,
            claim=token,
            claimed_until=now + dt.timedelta(seconds=lease),
        )
    )
    rows = connection.execute(
        sa.select(OUTBOX.c.id, OUTBOX.c.key, OUTBOX.c.recipient, OUTBOX.c.subject, OUTBOX.c.body)
        .where(OUTBOX.c.claim == token, OUTBOX.c.status == OutboxStatus.CLAIMED)
        .order_by(OUTBOX.c.id)
    )
    return [
        Mail(id=r.id, key=r.key, recipient=r.recipient, subject=r.subject, body=r.body)
        for r in rows
        if r.recipient is not None
    ]


def mark_sent(connection: Connection, mail_id: int, now: dt.datetime) -> None:
    connection.execute(
        sa.update(OUTBOX)
        .where(OUTBOX.c.id == mail_id)
        .values(status=OutboxStatus.SENT, sent_at=now, claim=None, claimed_until=None)
    )


MAX_ATTEMPTS: Final = 8


def mark_failed(connection: Connection, mail_id: int, error: str, now: dt.datetime) -> None:
    """Put a mail back in the queue with exponential back-off, or give up after
    :data:`MAX_ATTEMPTS` (status ``failed``, kept for an operator to look at)."""
    attempts = (
        connection.execute(sa.select(OUTBOX.c.attempts).where(OUTBOX.c.id == mail_id)).scalar_one()
        + 1
    )
    status = OutboxStatus.FAILED if attempts >= MAX_ATTEMPTS else OutboxStatus.QUEUED
    connection.execute(
        sa.update(OUTBOX)
        .where(OUTBOX.c.id == mail_id)
        .values(
            status=status,
            attempts=attempts,
            claim=None,
            claimed_until=None,
            available_at=now + dt.timedelta(seconds=min(3600, 15 * 2**attempts)),
            last_error=error[:500],
        )
    )
