"""Mail: the messages the service sends, the outbox they wait in, and the mailers that send them.

Delivery guarantee. A mail is written to the ``outbox`` table in the same transaction as the
change it reports (a signature, a creator's petition), so if that transaction commits the mail
exists, and if it rolls back the mail never did. The worker (:mod:`electoral.petitions.worker`)
claims rows with a lease and hands each to SMTP in the order that makes a crash harmless:

1. ``MAIL FROM``, ``RCPT TO``, ``DATA`` and the whole message, but not the final ``.``;
2. the row is marked ``sent`` and that transaction commits;
3. the final ``.`` (one ``write``), which is what makes the server take the mail (RFC 5321,
   sec. 4.1.1.4 and 3.3: a transaction whose data is not ended by ``<CRLF>.<CRLF>`` is
   abandoned when the connection drops, and nothing is delivered).

A worker killed before step 2 commits leaves an unfinished SMTP transaction, which the server
drops, and a claimed row, which is sent again once its lease runs out: the mail goes out once.
Killed after step 2, the kernel still delivers a dot already written to the socket; only a kill
that falls between the commit's return and that single system call (microseconds, against the
SMTP round trip and the commit that the usual order "send, then mark" leaves open) would lose
a mail. A server that refuses the mail at the dot puts the row back in the queue (step 2 is
undone by :func:`mark_failed`). Each mail carries a ``Message-ID`` derived from its row's
unique key, so a repeat could still be recognised downstream. Repeated signing writes separate
mails (``resend:<id>:<n>``), as intended.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import smtplib
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage, Message
from email.mime.text import MIMEText
from email.utils import formatdate
from typing import Final, Protocol
from urllib.parse import urlsplit

import sqlalchemy as sa  # noqa: TID253
from sqlalchemy.engine import Connection  # noqa: TID253

from electoral.petitions.db import OUTBOX

__all__ = [
    "FROM_ADDRESS",
    "Commit",
    "LogMailer",
    "Mail",
    "Mailer",
    "OutboxStatus",
    "SMTPMailer",
    "claim",
    "enqueue",
    "enqueue_many",
    "mail_row",
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

    def message(self, sender: str = FROM_ADDRESS) -> Message:
        """The mail as a message. An all-ASCII mail (every confirmation) is a plain
        ``MIMEText`` (about 0.16 ms to build and flatten); one with non-ASCII text goes through
        :class:`EmailMessage` and its header registry (RFC 6532 addresses, encoded words;
        about 0.9 ms)."""
        headers = {
            "From": sender,
            "To": self.recipient,
            "Subject": self.subject,
            "Date": formatdate(localtime=False),
            "Message-ID": f"<{uuid.uuid5(uuid.NAMESPACE_URL, self.key)}@electoral>",
        }
        if all(v.isascii() for v in headers.values()) and self.body.isascii():
            plain = MIMEText(self.body, "plain", "us-ascii")
            for name, value in headers.items():
                plain[name] = value
            return plain
        message = EmailMessage()
        for name, value in headers.items():
            message[name] = value
        message.set_content(self.body)
        return message

    def as_bytes(self, sender: str = FROM_ADDRESS) -> bytes:
        """The message as it goes over SMTP (CRLF line ends)."""
        message = self.message(sender)
        if not isinstance(message, EmailMessage):
            return message.as_bytes(policy=_SMTP_COMPAT)
        utf8 = not (self.recipient.isascii() and sender.isascii())
        return message.as_bytes(policy=policy.SMTPUTF8 if utf8 else policy.SMTP)


_SMTP_COMPAT: Final = policy.compat32.clone(linesep="\r\n")


Commit = Callable[[], None]
"""Records a mail as sent (a committed transaction); called before the mail is final."""


class Mailer(Protocol):
    """Something that hands a mail over for delivery, or raises. ``commit``, if given, is
    called once the mail is ready to be made final, and must succeed before it is."""

    def send(self, mail: Mail, commit: Commit | None = None) -> None: ...


_LEADING_DOT: Final = re.compile(rb"(?m)^\.")


class SMTPMailer:
    """Sends over SMTP (``smtp://host:port``; ``smtps://`` for TLS), keeping one connection
    open across mails; the data's final dot is written only after ``commit`` (see above)."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        parts = urlsplit(url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or (465 if parts.scheme == "smtps" else 25)
        self.tls = parts.scheme == "smtps"
        self.user, self.password = parts.username, parts.password
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None

    def send(self, mail: Mail, commit: Commit | None = None) -> None:
        sender, recipient = FROM_ADDRESS, mail.recipient
        data = mail.as_bytes(sender)
        data = _LEADING_DOT.sub(b"..", data)  # dot-stuffing (RFC 5321, sec. 4.5.2)
        if not data.endswith(b"\r\n"):
            data += b"\r\n"
        try:
            smtp = self._open(sender, recipient)
        except smtplib.SMTPServerDisconnected:  # a kept connection the server had closed
            self._smtp = None
            smtp = self._open(sender, recipient)
        smtp.send(data)
        if commit is not None:
            try:
                commit()
            except BaseException:
                self._abandon()  # the server drops the unfinished mail
                raise
        smtp.send(b".\r\n")
        code, reply = smtp.getreply()
        if code != 250:  # noqa: PLR2004 (SMTP's "OK")
            raise smtplib.SMTPDataError(code, reply)

    def _open(self, sender: str, recipient: str) -> smtplib.SMTP:
        """Start a mail transaction up to the server's go-ahead for the data (354)."""
        smtp = self._smtp or self._connect()
        smtp.ehlo_or_helo_if_needed()
        options: list[str] = []
        if not (sender.isascii() and recipient.isascii()):  # RFC 6531
            if not smtp.has_extn("smtputf8"):
                raise smtplib.SMTPNotSupportedError(f"{recipient}: the server lacks SMTPUTF8")
            options = ["SMTPUTF8", "BODY=8BITMIME"]
        smtp.command_encoding = "utf-8" if options else "ascii"
        code, reply = smtp.mail(sender, options)
        if code != 250:  # noqa: PLR2004
            smtp.rset()
            raise smtplib.SMTPSenderRefused(code, reply, sender)
        code, reply = smtp.rcpt(recipient)
        if code not in (250, 251):
            smtp.rset()
            raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
        code, reply = smtp.docmd("DATA")
        if code != 354:  # noqa: PLR2004 (start mail input)
            smtp.rset()
            raise smtplib.SMTPDataError(code, reply)
        return smtp

    def _connect(self) -> smtplib.SMTP:
        cls = smtplib.SMTP_SSL if self.tls else smtplib.SMTP
        smtp = cls(self.host, self.port, timeout=self.timeout)
        if smtp.sock is not None:  # the dot is a write of its own: no Nagle wait for it
            smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.user and self.password:
            smtp.login(self.user, self.password)
        self._smtp = smtp
        return smtp

    def _abandon(self) -> None:
        if self._smtp is not None:
            self._smtp.close()  # no dot, no QUIT: the transaction is abandoned
            self._smtp = None

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._smtp.quit()
            self._smtp = None


class LogMailer:
    """Writes mails to the log (when no SMTP server is configured): development only."""

    def send(self, mail: Mail, commit: Commit | None = None) -> None:
        if commit is not None:
            commit()
        log.info("mail to %s: %s\n%s", mail.recipient, mail.subject, mail.body)


def mailer_for(smtp_url: str | None) -> SMTPMailer | LogMailer:
    """The SMTP mailer for ``smtp_url``, or the log mailer when it is unset."""
    return SMTPMailer(smtp_url) if smtp_url else LogMailer()


# --- the outbox -------------------------------------------------------------------------------


def mail_row(
    *, key: str, recipient: str, subject: str, body: str, now: dt.datetime
) -> dict[str, object]:
    """The outbox row of a mail to send (see :func:`enqueue_many`)."""
    return {
        "key": key,
        "recipient": recipient,
        "subject": subject,
        "body": body,
        "status": OutboxStatus.QUEUED,
        "attempts": 0,
        "available_at": now,
        "created_at": now,
    }


def enqueue(
    connection: Connection, *, key: str, recipient: str, subject: str, body: str, now: dt.datetime
) -> None:
    """Write a mail to the outbox (in the caller's transaction)."""
    enqueue_many(
        connection, [mail_row(key=key, recipient=recipient, subject=subject, body=body, now=now)]
    )


def enqueue_many(connection: Connection, rows: list[dict[str, object]]) -> None:
    """Write several mails to the outbox in one statement (in the caller's transaction)."""
    if rows:
        connection.execute(_INSERT, rows)


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
    """Record a mail as sent. On PostgreSQL the transaction commits without waiting for its
    WAL flush (``synchronous_commit`` off, for this transaction only): the mark survives a
    crash of the app (the server still holds it), and only a crash of the database server
    itself in the next fraction of a second could forget it, which would send the mail again,
    never lose it. A mail per flush would otherwise cap sending at the disk's flush rate."""
    if connection.dialect.name == "postgresql":
        connection.execute(_ASYNC_COMMIT)
    connection.execute(_MARK_SENT, {"mail_id": mail_id, "now": now})


_ASYNC_COMMIT: Final = sa.text("SET LOCAL synchronous_commit TO OFF")
_MARK_SENT: Final = (
    sa.update(OUTBOX)
    .where(OUTBOX.c.id == sa.bindparam("mail_id"))
    .values(status=OutboxStatus.SENT, sent_at=sa.bindparam("now"), claim=None, claimed_until=None)
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
