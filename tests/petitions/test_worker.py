"""The outbox and its worker, with a real SMTP server (aiosmtpd) on a local port."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import threading
import time

import pytest
import sqlalchemy as sa

from electoral.petitions import mail as outbox
from electoral.petitions.db import OUTBOX, WORKER_HEARTBEATS, create_engine
from electoral.petitions.mail import SMTPMailer
from electoral.petitions.service import PetitionService
from electoral.petitions.worker import Backoff, Heartbeat, run, send_due
from electoral.settings import Settings
from tests.petitions.conftest import BASE_URL, PG_URL, SECRET, _truncate, free_port
from tests.petitions.helpers import first_url, form, mails, open_petition


def _settings(smtp_url: str | None) -> Settings:
    return Settings(
        database_url="sqlite://", smtp_url=smtp_url, base_url=BASE_URL, secret_key=SECRET
    )


def _text(message) -> str:
    return message.get_payload(decode=True).decode()


def test_each_signature_gets_exactly_one_confirmation_mail(service, engine, smtp):
    url, inbox = smtp
    pid = open_petition(service)
    for i in range(3):
        service.sign(pid, form(i))
    assert run(_settings(url), once=True, engine=engine) == 3
    assert run(_settings(url), once=True, engine=engine) == 0  # nothing sent twice
    assert sorted(r[0] for r in inbox.recipients) == [f"signer{i}@example.org" for i in range(3)]
    message = inbox.messages[0]
    assert message["Subject"] == "Confirm your signature"
    link = first_url(_text(message))
    assert link.startswith(f"{BASE_URL}/petitions/confirm/")
    service.confirm_signature(link.rsplit("/", 1)[1])
    assert service.counts(pid).total == 1
    assert {m.status for m in mails(engine)} == {"sent"}


def test_repeated_signing_sends_a_new_link(service, engine, smtp):
    url, inbox = smtp
    pid = open_petition(service)
    service.sign(pid, form(1))
    service.sign(pid, form(1))
    run(_settings(url), once=True, engine=engine)
    assert len(inbox.messages) == 2
    assert len({m["Message-ID"] for m in inbox.messages}) == 2


def test_an_unreachable_server_leaves_mails_queued_for_retry(service, engine, smtp):
    url, inbox = smtp
    pid = open_petition(service)
    service.sign(pid, form(1))
    down = SMTPMailer(f"smtp://127.0.0.1:{free_port()}", timeout=2)
    assert send_due(engine, down) == 0
    (row,) = mails(engine)
    assert row.status == "queued"
    assert row.attempts == 1
    assert row.last_error
    assert row.available_at > dt.datetime.now(dt.UTC).replace(tzinfo=None)  # backing off
    with engine.begin() as connection:  # the back-off is over
        connection.execute(sa.update(OUTBOX).values(available_at=dt.datetime(2000, 1, 1)))
    assert run(_settings(url), once=True, engine=engine) == 1
    assert len(inbox.messages) == 1


def test_a_dead_workers_claim_is_taken_over_after_its_lease(service, engine, smtp):
    url, inbox = smtp
    pid = open_petition(service)
    service.sign(pid, form(1))
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with engine.begin() as connection:  # a worker claimed it, then died
        (mail,) = outbox.claim(connection, now=now, lease=60, limit=10)
    with engine.begin() as connection:  # while its lease runs, no one else takes it
        assert outbox.claim(connection, now=now, lease=60, limit=10) == []
    later = now + dt.timedelta(seconds=61)
    with engine.begin() as connection:
        (again,) = outbox.claim(connection, now=later, lease=60, limit=10)
    assert again.key == mail.key


def test_worker_stops_when_asked(service, engine, smtp):
    url, inbox = smtp
    stop = threading.Event()
    pid = open_petition(service)
    service.sign(pid, form(1))
    thread = threading.Thread(
        target=run, args=(_settings(url), stop), kwargs={"engine": engine, "poll": 0.05}
    )
    thread.start()
    for _ in range(200):
        if inbox.messages:
            break
        stop.wait(0.02)
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert len(inbox.messages) == 1


def test_without_smtp_mails_go_to_the_log(service, engine, caplog):
    pid = open_petition(service)
    service.sign(pid, form(1))
    with caplog.at_level("INFO", logger="electoral.petitions.mail"):
        assert run(_settings(None), once=True, engine=engine) == 1
    assert "/petitions/confirm/" in caplog.text


def _claimed(service, engine):
    pid = open_petition(service)
    service.sign(pid, form(1))
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with engine.begin() as connection:
        (mail,) = outbox.claim(connection, now=now, lease=60, limit=10)
    return mail


def _lease_runs_out(engine) -> None:
    with engine.begin() as connection:  # the dead worker's lease runs out
        connection.execute(sa.update(OUTBOX).values(claimed_until=dt.datetime(2000, 1, 1)))


def test_a_crash_before_the_final_dot_delivers_nothing_and_the_mail_goes_once(
    service, engine, smtp
):
    """mail.py's order: a worker dying before it writes the final dot (here: marking the row
    fails) leaves an unfinished SMTP transaction that the server drops; the takeover after
    the lease sends the mail once."""
    url, inbox = smtp
    mail = _claimed(service, engine)

    def dies(final: outbox.FinalStep) -> None:
        raise OSError("killed before the dot")

    mailer = SMTPMailer(url, timeout=5)
    with pytest.raises(OSError, match="killed"):
        mailer.send(mail, dies)
    (row,) = mails(engine)
    assert row.status == "claimed"
    _lease_runs_out(engine)
    assert send_due(engine, mailer) == 1
    mailer.close()
    assert [r[0] for r in inbox.recipients] == ["signer1@example.org"]
    assert mails(engine)[0].status == "sent"


def test_a_failed_commit_after_the_dot_drops_the_held_dot_and_the_mail_goes_once(
    service, engine, smtp
):
    """The dot is written corked inside the transaction that marks the mail sent; if that
    commit fails, the mailer resets the connection, which discards the held dot: the server
    takes nothing, and the mail goes once after the lease."""
    url, inbox = smtp
    mail = _claimed(service, engine)

    def commit_fails(final: outbox.FinalStep) -> None:
        with engine.begin() as connection:
            outbox.mark_sent(connection, mail.id, dt.datetime.now(dt.UTC).replace(tzinfo=None))
            final()
            raise OSError("the commit failed")

    mailer = SMTPMailer(url, timeout=5)
    with pytest.raises(OSError, match="commit failed"):
        mailer.send(mail, commit_fails)
    assert mails(engine)[0].status == "claimed"  # the mark was rolled back
    _lease_runs_out(engine)
    assert send_due(engine, mailer) == 1
    mailer.close()
    assert [r[0] for r in inbox.recipients] == ["signer1@example.org"]
    assert mails(engine)[0].status == "sent"


def test_a_worker_dying_between_the_dot_and_the_commit_repeats_the_mail_with_its_message_id(
    service, engine, smtp
):
    """The one window mail.py leaves: the dot written, the commit not, and the worker dies
    (SIGKILL; the kernel closes its socket and sends what the socket holds). The mail was
    delivered and its row is still claimed, so it goes again after the lease: twice, never
    lost, and the repeat carries the same Message-ID (one message to a mail store)."""
    url, inbox = smtp
    mail = _claimed(service, engine)

    def dies_after_the_dot(final: outbox.FinalStep) -> None:
        final()
        os.kill(os.getpid(), signal.SIGKILL)  # before any commit

    child = os.fork()
    if child == 0:  # the worker, killed between the dot and the commit
        try:
            SMTPMailer(url, timeout=5).send(mail, dies_after_the_dot)
        finally:
            os._exit(1)
    _, status = os.waitpid(child, 0)
    assert os.WIFSIGNALED(status)
    assert os.WTERMSIG(status) == signal.SIGKILL
    assert mails(engine)[0].status == "claimed"  # the mark was never committed
    _lease_runs_out(engine)
    mailer = SMTPMailer(url, timeout=5)
    assert send_due(engine, mailer) == 1
    mailer.close()
    for _ in range(100):
        if len(inbox.messages) == 2:
            break
        threading.Event().wait(0.02)
    assert [r[0] for r in inbox.recipients] == ["signer1@example.org"] * 2
    assert len({m["Message-ID"] for m in inbox.messages}) == 1
    assert mails(engine)[0].status == "sent"


def test_a_mail_refused_at_the_final_dot_goes_back_to_the_queue(service, engine):
    from aiosmtpd.controller import Controller

    class Refuses:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            return "554 Transaction failed"

    controller = Controller(Refuses(), hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        pid = open_petition(service)
        service.sign(pid, form(1))
        mailer = SMTPMailer(f"smtp://127.0.0.1:{controller.port}", timeout=5)
        assert send_due(engine, mailer) == 0
        mailer.close()
    finally:
        controller.stop()
    (row,) = mails(engine)
    assert (row.status, row.attempts) == ("queued", 1)
    assert "554" in row.last_error


def test_mail_text_with_a_line_starting_with_a_dot_arrives_intact(smtp):
    url, inbox = smtp
    mail = outbox.Mail(
        id=1, key="k", recipient="a@example.org", subject="s", body="one\n.two\n..three\n"
    )
    mailer = SMTPMailer(url, timeout=5)
    mailer.send(mail)
    mailer.close()
    assert _text(inbox.messages[0]).splitlines() == ["one", ".two", "..three"]


@pytest.mark.parametrize(
    ("recipient", "subject", "body"),
    [
        ("a@example.org", "Confirm your signature", "Open http://x/1\n"),
        ("a@example.org", "Déjà signé", "Merci, Zoë.\n"),
        ("zoë@exämple.org", "Confirm", "Open http://x/1\n"),
    ],
)
def test_plain_and_non_ascii_mails_arrive_as_written(smtp, recipient, subject, body):
    """The fast path (all ASCII, MIMEText) and the general one (EmailMessage) must agree on
    what a mail reader sees: recipient, decoded subject and body, and the Message-ID."""
    from email import policy
    from email.parser import BytesParser

    url, inbox = smtp
    mail = outbox.Mail(id=1, key="confirm:1", recipient=recipient, subject=subject, body=body)
    mailer = SMTPMailer(url, timeout=5)
    mailer.send(mail)
    mailer.close()
    assert inbox.recipients == [[recipient]]
    received = BytesParser(policy=policy.default).parsebytes(inbox.messages[0].as_bytes())
    assert received["Subject"] == subject
    assert received.get_body(("plain",)).get_content() == body
    assert received["Message-ID"] == mail.message()["Message-ID"]


def _wait(condition, seconds: float = 20.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return False


@contextlib.contextmanager
def _running_worker(url: str, engine, heartbeat: Heartbeat):
    stop = threading.Event()
    thread = threading.Thread(
        target=run,
        args=(_settings(url), stop),
        kwargs={
            "engine": engine,
            "poll": 0.02,
            "backoff": Backoff(first=0.05, most=0.2),
            "heartbeat": heartbeat,
        },
        daemon=True,
    )
    thread.start()
    try:
        yield thread
    finally:
        stop.set()
        thread.join(timeout=10)


def test_the_worker_rides_out_a_missing_table_and_resumes_by_itself(service, engine, smtp):
    """Finding 3: a database error ended the worker's thread, and the mails of signatures
    still acknowledged waited for a restart. Now it logs, backs off, retries, and reports the
    failures in its heartbeat row."""
    url, inbox = smtp
    pid = open_petition(service)
    heartbeat = Heartbeat()
    with _running_worker(url, engine, heartbeat) as thread:
        service.sign(pid, form(1))
        assert _wait(lambda: len(inbox.messages) == 1)
        with engine.begin() as connection:
            connection.execute(sa.text("ALTER TABLE outbox RENAME TO outbox_away"))
        assert _wait(lambda: heartbeat.failures >= 3)
        assert thread.is_alive()
        assert "outbox" in (heartbeat.last_error or "")
        with engine.begin() as connection:
            connection.execute(sa.text("ALTER TABLE outbox_away RENAME TO outbox"))
        service.sign(pid, form(2))
        assert _wait(lambda: len(inbox.messages) == 2)
        assert thread.is_alive()
        assert _wait(lambda: _beat(engine) is not None and _beat(engine).failures >= 3)
    row = _beat(engine)
    assert heartbeat.sent == 2
    assert row.sent >= 1  # the row is written every few seconds
    assert "outbox" in row.last_error


def _beat(engine):
    with engine.connect() as connection:
        return connection.execute(sa.select(WORKER_HEARTBEATS)).first()


def test_the_worker_rides_out_terminated_connections(pg_engine, smtp, request):
    """PostgreSQL restarted or the connections killed (``pg_terminate_backend``) under the
    worker: it reconnects and the next mail goes."""
    engine = pg_engine
    _truncate(engine)
    service = PetitionService(engine, base_url=BASE_URL, secret_key=SECRET)
    url, inbox = smtp
    with engine.connect() as connection:
        schema = connection.execute(sa.text("select current_schema()")).scalar_one()
    name = f"worker-{os.getpid()}-{time.monotonic_ns()}"
    own = create_engine(
        PG_URL, connect_args={"options": f"-csearch_path={schema}", "application_name": name}
    )
    request.addfinalizer(own.dispose)
    pid = open_petition(service)
    heartbeat = Heartbeat()
    with _running_worker(url, own, heartbeat) as thread:
        for i in range(3):
            service.sign(pid, form(i))
            assert _wait(lambda n=i + 1: len(inbox.messages) == n)
            with engine.begin() as connection:
                killed = connection.execute(
                    sa.text(
                        "select count(pg_terminate_backend(pid)) from pg_stat_activity"
                        " where application_name = :name"
                    ),
                    {"name": name},
                ).scalar_one()
            assert killed >= 1
        service.sign(pid, form(9))
        assert _wait(lambda: len(inbox.messages) == 4)
        assert thread.is_alive()
