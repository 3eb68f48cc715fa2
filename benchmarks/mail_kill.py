"""Mail worker under SIGKILL: how many outbox mails are lost, or sent twice, by kills.

``electoral mail worker`` is killed again and again while it sends, with the CPU saturated.

The worker (:mod:`electoral.petitions.worker`) sends MAIL/RCPT/DATA and the message, commits
the row as ``sent``, then writes the final ``.`` (:mod:`electoral.petitions.mail`): a kill
between the commit and the dot loses a mail, a kill before the commit leaves an unfinished SMTP
transaction (dropped) and a claimed row (sent again). This measures both:

1. a fresh database (a SQLite file under ``var/mail_kill/``, or ``CREATE DATABASE
   load_mail_kill_<random>`` on the PostgreSQL server, dropped at the end), its schema, and
   ``--mails`` outbox rows written directly (keys ``kill:<i>``, recipients ``r<i>@example.org``);
2. an SMTP sink (aiosmtpd, in this process) that counts, per recipient, the deliveries and
   their distinct ``Message-ID`` headers;
3. ``--busy`` processes that spin at normal priority (a surge's web workers), while the mail
   worker runs at the niceness ``electoral serve`` gives it. They are stopped (SIGSTOP) while
   a worker starts, and go on (SIGCONT) once it sends: at niceness 10 beside two spinners on
   two cores its start (imports, schema check: ~1.5 s of CPU) would take ~20 s, a hundred
   starts half an hour, and only the sending is measured. ``--busy-at-start`` keeps them
   spinning throughout;
4. ``--kills`` times: the claims of the killed worker are expired (as its lease running out
   would, 60 s later), ``electoral mail worker`` starts, and once the sink sees it send it gets
   SIGKILL after a random 0.05-0.6 s (``--seed``); it stops early when nothing is left to send,
   or when half of ``--max-seconds`` (the whole run's cap) is gone;
5. the claims are expired once more and ``electoral mail worker --once`` sends the rest;
6. the summary: kills, kills that landed mid-batch (the worker held claimed rows), deliveries,
   lost (rows marked sent but never delivered, and rows never sent), duplicated recipients
   (and how many of those got distinct Message-IDs), mails/s while sending (``--json`` to
   write it, with one record per kill). A lost mail is matched to the kill after its ``sent_at``
   and to what the sink saw of it: a transaction abandoned when the connection dropped (no
   final dot: the kill fell between the commit and the dot), or one whose final dot was
   already received but not yet read when the connection dropped (a sink artefact, which
   aiosmtpd's cancelling of the session on EOF could cause; expected to stay 0). Exit status 1
   if a mail is lost or a duplicate has distinct Message-IDs.

Run: ``python benchmarks/mail_kill.py --db sqlite|postgresql --mails 20000 --kills 100
--busy 2``. PostgreSQL: a server at ``ELECTORAL_LOAD_PG_URL`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``), as for ``benchmarks/load.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from email.parser import BytesHeaderParser
from pathlib import Path
from types import FrameType
from typing import Any, Final

import sqlalchemy as sa
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from load import BIN, ROOT, database, free_port

from electoral.cli.web import MAIL_WORKER_NICENESS
from electoral.petitions.db import OUTBOX, create_engine, upgrade, writing
from electoral.petitions.mail import OutboxStatus, enqueue_many, mail_row

KILL_DELAY: Final = (0.05, 0.6)
"""Seconds between the first delivery the sink sees from a worker and its SIGKILL."""

STARTUP_TIMEOUT: Final = 120.0
"""Seconds a started worker may take to deliver its first mail (imports, schema check)."""

LONG_AGO: Final = dt.datetime(2000, 1, 1)

BUSY: Final = """
import os
parent = os.getppid()
while os.getppid() == parent:  # spin; stop if the benchmark is gone
    for _ in range(1_000_000):
        pass
"""


def log(text: str) -> None:
    print(f"[mail_kill {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Deadline:
    """The whole run's cap (``--max-seconds``)."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()


# --- the SMTP sink -------------------------------------------------------------------------------


class Sink:
    """Counts the deliveries per recipient and their Message-IDs (headers only are parsed)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.per_recipient: Counter[str] = Counter()
        self.message_ids: dict[str, set[str]] = {}
        self.total = 0
        self.parser = BytesHeaderParser()
        self.abandoned: Counter[str] = Counter()  # connection lost mid-transaction
        self.dot_unread: Counter[str] = Counter()  # ... with the final dot already received

    async def handle_DATA(  # noqa: N802 (aiosmtpd's hook name)
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        content = envelope.original_content
        if content is None:
            raw = envelope.content
            content = raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else raw
        headers = self.parser.parsebytes(content or b"")
        message_id = str(headers.get("Message-ID", ""))
        with self.lock:
            self.total += 1
            for rcpt in envelope.rcpt_tos:
                self.per_recipient[rcpt.lower()] += 1
                self.message_ids.setdefault(rcpt.lower(), set()).add(message_id)
        return "250 OK"

    def dropped(self, recipients: list[str], dot_received: bool) -> None:
        with self.lock:
            for rcpt in recipients:
                self.abandoned[rcpt.lower()] += 1
                if dot_received:
                    self.dot_unread[rcpt.lower()] += 1

    def count(self) -> int:
        with self.lock:
            return self.total

    def settle(self, quiet: float = 0.5, timeout: float = 5.0) -> int:
        """Wait until no mail arrived for ``quiet`` seconds (at most ``timeout``)."""
        began = time.monotonic()
        last, since = self.count(), time.monotonic()
        while time.monotonic() - began < timeout:
            time.sleep(0.05)
            now = self.count()
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                break
        return last


class RecordingSMTP(SMTP):
    """aiosmtpd's session, telling the sink about a transaction the connection's end cut off
    (recipients given, no message taken), and whether its final dot was already received."""

    def __init__(self, sink: Sink) -> None:
        super().__init__(sink, hostname="127.0.0.1")
        self.sink = sink
        self.reported = False

    def _report(self) -> None:
        envelope = self.envelope
        if self.reported or envelope is None or not envelope.rcpt_tos:
            return
        self.reported = True
        unread = bytes(getattr(self._reader, "_buffer", b""))
        dot = unread.startswith(b".\r\n") or b"\r\n.\r\n" in unread
        self.sink.dropped(list(envelope.rcpt_tos), dot)

    def eof_received(self) -> bool | None:
        self._report()
        return super().eof_received()

    def connection_lost(self, error: Exception | None) -> None:
        self._report()
        super().connection_lost(error)


class SinkController(Controller):
    """aiosmtpd's controller (a thread with its event loop), serving :class:`RecordingSMTP`."""

    def __init__(self, sink: Sink, port: int) -> None:
        super().__init__(sink, hostname="127.0.0.1", port=port)
        self.sink = sink

    def factory(self) -> SMTP:
        return RecordingSMTP(self.sink)


# --- the outbox ----------------------------------------------------------------------------------


def fill(engine: sa.Engine, mails: int) -> None:
    now = _now()
    rows = [
        mail_row(
            key=f"kill:{i}",
            recipient=f"r{i}@example.org",
            subject=f"Kill test {i}",
            body=f"Please confirm your signature:\nhttps://petitions.example.org/confirm/{i}\n",
            now=now,
        )
        for i in range(mails)
    ]
    with writing(engine) as connection:
        for start in range(0, len(rows), 1000):
            enqueue_many(connection, rows[start : start + 1000])


def expire_claims(engine: sa.Engine) -> int:
    """Put every claimed row back, as the dead worker's lease running out would; returns how
    many there were."""
    with writing(engine) as connection:
        done = connection.execute(
            sa.update(OUTBOX)
            .where(OUTBOX.c.status == OutboxStatus.CLAIMED)
            .values(claimed_until=LONG_AGO)
        )
    return int(done.rowcount)


def statuses(engine: sa.Engine) -> Counter[str]:
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(OUTBOX.c.status, sa.func.count()).group_by(OUTBOX.c.status)
        )
        return Counter({str(status): int(n) for status, n in rows})


def due(engine: sa.Engine) -> int:
    """Rows a worker would send now: queued and due, or claimed (their lease is expired
    before each start)."""
    now = _now()
    with engine.connect() as connection:
        return int(
            connection.execute(
                sa.select(sa.func.count())
                .select_from(OUTBOX)
                .where(
                    sa.or_(
                        sa.and_(
                            OUTBOX.c.status == OutboxStatus.QUEUED, OUTBOX.c.available_at <= now
                        ),
                        OUTBOX.c.status == OutboxStatus.CLAIMED,
                    )
                )
            ).scalar_one()
        )


def outbox_rows(engine: sa.Engine) -> list[tuple[str, str, str, dt.datetime | None]]:
    """Every row's key, recipient, status and time marked sent."""
    with engine.connect() as connection:
        return [
            (str(key), str(recipient).lower(), str(status), sent_at)
            for key, recipient, status, sent_at in connection.execute(
                sa.select(OUTBOX.c.key, OUTBOX.c.recipient, OUTBOX.c.status, OUTBOX.c.sent_at)
            )
        ]


# --- processes -----------------------------------------------------------------------------------


def orphan_proof(command: list[str]) -> list[str]:
    """``command`` killed with this process if that dies (``setpriv --pdeathsig``, if any)."""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "KILL", *command] if setpriv else command


class Busy:
    """Processes spinning at normal priority; stopped while a worker starts, unless
    ``always``."""

    def __init__(self, count: int, always: bool) -> None:
        self.always = always
        self.processes = [
            subprocess.Popen(orphan_proof([sys.executable, "-c", BUSY]), stdin=subprocess.DEVNULL)
            for _ in range(count)
        ]

    def _signal(self, signum: int) -> None:
        for process in self.processes:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signum)

    def pause(self) -> None:
        if not self.always:
            self._signal(signal.SIGSTOP)

    def resume(self) -> None:
        self._signal(signal.SIGCONT)

    def stop(self) -> None:
        for process in self.processes:
            kill(process)


def worker_command(*args: str) -> list[str]:
    """``electoral mail worker`` at the mail worker's niceness (absolute, every thread)."""
    increment = MAIL_WORKER_NICENESS - os.getpriority(os.PRIO_PROCESS, 0)
    command = ["nice", "-n", str(increment), str(BIN / "electoral"), "mail", "worker", *args]
    return orphan_proof(command)


def start_worker(env: dict[str, str], logfile: Path, *args: str) -> subprocess.Popen[bytes]:
    with logfile.open("ab") as out:
        return subprocess.Popen(
            worker_command(*args), env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )


def kill(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def tail(path: Path, size: int = 2000) -> str:
    with contextlib.suppress(OSError):
        return path.read_text(errors="replace")[-size:]
    return ""


def wait_sending(
    process: subprocess.Popen[bytes], sink: Sink, before: int, logfile: Path, timeout: float
) -> bool:
    """Wait until the sink has more than ``before`` mails (True), or ``process`` ends (False)."""
    began = time.monotonic()
    while sink.count() == before:
        if process.poll() is not None:
            return False
        if time.monotonic() - began > timeout:
            raise TimeoutError(f"the worker sent nothing in {timeout:.0f} s:\n{tail(logfile)}")
        time.sleep(0.002)
    return True


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwind through the finally blocks


# --- the run -------------------------------------------------------------------------------------


def kill_loop(
    options: argparse.Namespace,
    engine: sa.Engine,
    env: dict[str, str],
    sink: Sink,
    busy: Busy,
    logfile: Path,
    deadline: Deadline,
) -> list[dict[str, Any]]:
    """Start, watch and SIGKILL the worker up to ``--kills`` times; one record per kill.

    The kills stop early once half of ``--max-seconds`` is gone: the rest is the final run's.
    (An estimate from the rate seen so far proved useless: the sending between kills comes
    in bursts, from a few to hundreds of mails per second.)"""
    reserve = options.max_seconds / 2
    chance = random.Random(options.seed)
    records: list[dict[str, Any]] = []
    for number in range(1, options.kills + 1):
        expired = expire_claims(engine)
        left = due(engine)
        if left == 0:
            log(f"nothing left to send after {number - 1} kills")
            break
        if deadline.left() < reserve:
            log(f"--max-seconds: stopping after {number - 1} kills, half the time is gone")
            break
        before = sink.count()
        started = time.monotonic()
        busy.pause()
        process = start_worker(env, logfile)
        try:
            timeout = max(1.0, min(STARTUP_TIMEOUT, deadline.left() - reserve))
            sending = wait_sending(process, sink, before, logfile, timeout)
            busy.resume()
            if not sending:
                raise RuntimeError(f"the worker exited ({process.returncode}):\n{tail(logfile)}")
            first, first_count = time.monotonic(), sink.count()
            delay = chance.uniform(*KILL_DELAY)
            time.sleep(delay)
            at_kill, kill_count = time.monotonic(), sink.count()
        finally:
            busy.resume()
            kill(process)
        killed_at = _now()
        after = sink.settle(quiet=0.1, timeout=1.0)
        claimed = statuses(engine)[OutboxStatus.CLAIMED]
        records.append(
            {
                "kill": number,
                "expired_before": expired,
                "due_before": left,
                "startup_s": round(first - started, 3),
                "delay_s": round(delay, 3),
                "sending_s": round(at_kill - first, 3),
                "delivered_while_sending": kill_count - first_count,
                "delivered": after - before,
                "delivered_after_kill": after - kill_count,
                "claimed_after": claimed,
                "killed_at": killed_at.isoformat(),
            }
        )
        if number % 10 == 0 or number == options.kills:
            log(f"kill {number}: {sink.count()} delivered, {left} were due, {claimed} claimed")
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--mails", type=int, default=20000, help="outbox rows to send")
    parser.add_argument("--kills", type=int, default=100, help="SIGKILLs of the worker")
    parser.add_argument("--busy", type=int, default=2, help="spinning processes beside it")
    parser.add_argument(
        "--busy-at-start",
        action="store_true",
        help="keep the spinning processes going while a worker starts too (slow starts)",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the kill delays")
    parser.add_argument("--max-seconds", type=float, default=900.0, help="whole-run cap (s)")
    parser.add_argument("--json", type=Path, help="write the summary (and each kill) here")
    options = parser.parse_args(argv)

    began = time.monotonic()
    deadline = Deadline(options.max_seconds)
    run = uuid.uuid4().hex[:8]
    folder = ROOT / "var" / "mail_kill" / run
    folder.mkdir(parents=True, exist_ok=True)
    logfile = folder / "worker.log"
    signal.signal(signal.SIGTERM, _terminate)
    log(f"run {run}: {options.db}, {options.mails} mails, {options.kills} kills")
    log(f"{options.busy} busy processes; load average before: {os.getloadavg()}")

    sink = Sink()
    controller = SinkController(sink, free_port())
    controller.start()
    busy: Busy | None = None
    engine: sa.Engine | None = None
    summary: dict[str, Any] = {"db": options.db, "mails": options.mails, "run": run}
    records: list[dict[str, Any]] = []
    try:
        with database(options.db, f"mail_kill_{run}", folder) as url:
            engine = create_engine(url)
            upgrade(engine)
            fill(engine, options.mails)
            log(f"{options.mails} mails in the outbox")
            env = dict(os.environ) | {
                "ELECTORAL_DATABASE_URL": url,
                "ELECTORAL_SMTP_URL": f"smtp://127.0.0.1:{controller.port}",
                "ELECTORAL_BASE_URL": "http://127.0.0.1:8000",
                "ELECTORAL_SECRET_KEY": f"mail-kill-{run}",
            }
            busy = Busy(options.busy, options.busy_at_start)

            records = kill_loop(options, engine, env, sink, busy, logfile, deadline)

            # the rest, once: the last claims expired, then --once to completion
            expired = expire_claims(engine)
            final_before, final_began = sink.count(), time.monotonic()
            final_first: float | None = None
            busy.pause()
            process = start_worker(env, logfile, "--once")
            try:
                timeout = max(1.0, min(STARTUP_TIMEOUT, deadline.left()))
                if wait_sending(process, sink, final_before, logfile, timeout):
                    final_first = time.monotonic()
                busy.resume()
                process.wait(timeout=max(1.0, deadline.left()))
            except subprocess.TimeoutExpired:
                log("--max-seconds: the final worker is cut short")
                summary["timed_out"] = True
            finally:
                busy.resume()
                kill(process)
            final_end = time.monotonic()
            if process.returncode != 0 and not summary.get("timed_out"):
                log(f"the final worker failed ({process.returncode}):\n{tail(logfile)}")
            delivered = sink.settle()
            final_sent = delivered - final_before
            log(f"final run: {expired} claims expired, {final_sent} sent")

            # the checks
            rows = outbox_rows(engine)
            with sink.lock:
                per_recipient = dict(sink.per_recipient)
                message_ids = {r: set(ids) for r, ids in sink.message_ids.items()}
                abandoned, dot_unread = dict(sink.abandoned), dict(sink.dot_unread)
            states = Counter(status for _, _, status, _ in rows)
            sent_lost = [
                (k, r, at)
                for k, r, s, at in rows
                if s == OutboxStatus.SENT and r not in per_recipient
            ]
            unsent_lost = [
                k for k, r, s, _ in rows if s != OutboxStatus.SENT and r not in per_recipient
            ]
            known = {r for _, r, _, _ in rows}
            kill_times = [dt.datetime.fromisoformat(r["killed_at"]) for r in records]
            lost_details = [
                {
                    "key": k,
                    "sent_at": at.isoformat() if at else None,
                    "kill": next((n for n, t in enumerate(kill_times, 1) if at and at <= t), None),
                    "abandoned_at_sink": abandoned.get(r, 0),
                    "dot_unread_at_sink": dot_unread.get(r, 0),
                }
                for k, r, at in sent_lost
            ]
            duplicated = [r for r, n in per_recipient.items() if n > 1]
            distinct = [r for r in duplicated if len(message_ids.get(r, ())) > 1]
            sending_s = sum(r["sending_s"] for r in records)
            while_sending = sum(r["delivered_while_sending"] for r in records)
            summary |= {
                "kills": len(records),
                "kills_while_sending": sum(1 for r in records if r["claimed_after"] > 0),
                "delivered": delivered,
                "rows_sent": states[OutboxStatus.SENT],
                "statuses": dict(states),
                "lost": len(sent_lost) + len(unsent_lost),
                "lost_sent_never_delivered": len(sent_lost),
                "lost_not_sent": len(unsent_lost),
                "lost_sent": lost_details[:50],
                "lost_not_sent_keys": unsent_lost[:20],
                "abandoned_at_sink": sum(abandoned.values()),
                "dot_unread_at_sink": sum(dot_unread.values()),
                "duplicated": len(duplicated),
                "duplicated_distinct_message_ids": len(distinct),
                "duplicated_recipients": sorted(duplicated)[:20],
                "unknown_recipients": sum(1 for r in per_recipient if r not in known),
                "mails_per_s_while_sending": round(while_sending / sending_s, 1)
                if sending_s
                else None,
                "final_run": {
                    "claims_expired": expired,
                    "delivered": final_sent,
                    "seconds": round(final_end - final_began, 1),
                    "mails_per_s": round(final_sent / (final_end - final_first), 1)
                    if final_first and final_end > final_first
                    else None,
                },
                "busy": options.busy,
                "busy_at_start": options.busy_at_start,
                "seed": options.seed,
                "elapsed_s": round(time.monotonic() - began, 1),
            }
    finally:
        if busy is not None:
            busy.stop()
        if engine is not None:
            engine.dispose()
        controller.stop()
        shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(OSError):
            folder.parent.rmdir()  # var/mail_kill, if no other run uses it

    print(json.dumps(summary, indent=2))
    if options.json:
        options.json.write_text(json.dumps(summary | {"runs": records}, indent=2) + "\n")
    failed = summary["lost"] > 0 or summary["duplicated_distinct_message_ids"] > 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
