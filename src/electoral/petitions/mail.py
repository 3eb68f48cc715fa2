"""Mail: the messages the service sends, the outbox they wait in, and the mailers that send them.

Delivery guarantee. A mail is written to the ``outbox`` table in the same transaction as the
change it reports (a signature, a creator's petition), so if that transaction commits the mail
exists, and if it rolls back the mail never did. The worker (:mod:`electoral.petitions.worker`)
claims rows with a lease and hands each to SMTP in an order that lets a crash repeat a mail but
never lose one:

1. ``MAIL FROM``, ``RCPT TO``, ``DATA`` and the whole message, but not the final ``.``;
2. a transaction marks the row ``sent`` (on SQLite it holds the write lock from here);
3. inside that transaction, the final ``.`` (one ``write``, held back in the socket: see
   :class:`_Cork`), which is what makes the server take the mail (RFC 5321, sec. 4.1.1.4 and
   3.3: a transaction whose data is not ended by ``<CRLF>.<CRLF>`` is abandoned when the
   connection drops, and nothing is delivered);
4. the transaction commits, the dot leaves, and the server's answer to it is read.

Killed before step 3, the worker leaves an unfinished SMTP transaction, which the server drops,
and a claimed row, which is sent again once its lease runs out: the mail goes out once. Killed
after step 4 began writing its commit, the mail is delivered and marked: once. Only a kill that
falls between the dot's ``write`` and the commit's (a few instructions apart) delivers a mail
whose row is not marked (a killed process's socket still sends what it holds): it goes
again after the lease, with the same ``Message-ID`` (derived from the row's unique key), which
mail stores and clients take as the same message. The database and the SMTP server cannot
commit together, so some order must leave such a window; the opposite one (commit, then dot)
loses the mail in it instead, and a lost confirmation is a signature that can never count, while
a repeated one is the same single-use link. Measured (``benchmarks/mail_kill.py``: 20,000 mails,
100 SIGKILLs at random moments while sending, the CPU saturated, SQLite): commit-then-dot lost
2 mails; this order lost none and repeated 3, each with its Message-ID. The window is wider
than its few instructions because a worker at low priority can lose the CPU inside it.

A server that refuses the mail at the dot puts the row back in the queue (:func:`mark_failed`
undoes step 2). Repeated signing writes separate mails (``resend:<id>:<n>``), as intended.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import smtplib
import socket
import struct
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
    "FinalStep",
    "LogMailer",
    "Mail",
    "Mailer",
    "OutboxStatus",
    "Seal",
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

    @property
    def message_id(self) -> str:
        """The ``Message-ID``: derived from the row's unique key, so a mail sent again after a
        crash is recognisably the same message."""
        return f"<{uuid.uuid5(uuid.NAMESPACE_URL, self.key)}@electoral>"

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
            "Message-ID": self.message_id,
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


FinalStep = Callable[[], None]
"""The step that makes a mail final (SMTP: writing the data's closing dot)."""
Seal = Callable[[FinalStep], None]
"""Records a mail as sent: opens a transaction that marks it, calls the given final step inside
it, and commits (or rolls back if the step raised)."""


class Mailer(Protocol):
    """Something that hands a mail over for delivery, or raises. ``seal``, if given, is called
    with the step that makes the mail final once everything before it has succeeded."""

    def send(self, mail: Mail, seal: Seal | None = None) -> None: ...


_LEADING_DOT: Final = re.compile(rb"(?m)^\.")


class _Cork:
    """Holds back what is written to a socket until released (Linux ``TCP_CORK``; elsewhere
    nothing is held). The dot is written corked inside the transaction that marks the mail
    sent, and leaves when the commit has been written: the dot's write then wakes no one (the
    SMTP server stays asleep), so a worker at low CPU priority is not pushed off the CPU
    between the dot and the commit, the one stretch where a kill repeats a mail. A kill there
    still delivers it (a closing socket sends what it holds); a commit that fails drops it
    (:meth:`SMTPMailer._abandon` with ``reset``)."""

    _OPTION: Final = getattr(socket, "TCP_CORK", None)

    def __init__(self, sock: socket.socket | None) -> None:
        self.sock = sock if self._OPTION is not None else None
        self.held = False

    def hold(self) -> None:
        if self.sock is not None and self._OPTION is not None:
            self.sock.setsockopt(socket.IPPROTO_TCP, self._OPTION, 1)
            self.held = True

    def release(self) -> None:
        if self.held and self.sock is not None and self._OPTION is not None:
            self.sock.setsockopt(socket.IPPROTO_TCP, self._OPTION, 0)
            self.held = False


class SMTPMailer:
    """Sends over SMTP (``smtp://host:port``; ``smtps://`` for TLS), keeping one connection
    open across mails; the data's final dot is written inside ``seal`` (see above)."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        parts = urlsplit(url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or (465 if parts.scheme == "smtps" else 25)
        self.tls = parts.scheme == "smtps"
        self.user, self.password = parts.username, parts.password
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None

    def send(self, mail: Mail, seal: Seal | None = None) -> None:
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
        cork = _Cork(smtp.sock)

        def final() -> None:
            cork.hold()
            smtp.send(b".\r\n")

        try:
            if seal is None:
                final()
            else:
                seal(final)
        except BaseException:
            # Not marked sent: the server must not take the mail. A dot still held back is
            # dropped with the connection (a reset discards unsent data).
            self._abandon(reset=cork.held)
            raise
        cork.release()
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

    def _abandon(self, *, reset: bool = False) -> None:
        """Drop the connection without a dot or ``QUIT``: the server abandons the mail. With
        ``reset``, data not yet sent is discarded too (``SO_LINGER`` 0: the close resets)."""
        if self._smtp is not None:
            if reset and self._smtp.sock is not None:
                with contextlib.suppress(OSError):
                    self._smtp.sock.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
            self._smtp.close()
            self._smtp = None

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._smtp.quit()
            self._smtp = None


class LogMailer:
    """Writes mails to the log (when no SMTP server is configured): development only."""

    def send(self, mail: Mail, seal: Seal | None = None) -> None:
        def final() -> None:
            # development only (no SMTP server set): the link must reach the terminal
            log.warning("mail to %s: %s\n%s", mail.recipient, mail.subject, mail.body)

        if seal is None:
            final()
        else:
            seal(final)


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
