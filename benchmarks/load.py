"""`make load`: a signature surge at a real ``electoral serve`` on loopback, with a SIGKILL and a
restart of the server in the middle, then the delivery and counting checks.

Phases, each with a timeout, the whole run capped (``--cap``):

1. a fresh database (a SQLite file under ``var/load/``, or ``CREATE DATABASE load_<random>`` on
   the PostgreSQL server, dropped at the end) and a published petition (the CLI);
2. an SMTP sink (aiosmtpd, in this process) that records every mail and its first URL;
3. ``electoral serve --workers N`` with ``ELECTORAL_TRUSTED_PROXIES=127.0.0.1``, on listening
   sockets this process holds and passes to it as systemd's socket activation does
   (``--no-activation``: the server binds its own);
4. the surge with ``wrk`` (``benchmarks/load.lua``): unique signers at ``--rate`` per second
   for ``--seconds``, ``X-Forwarded-For`` spread over many addresses (plus a flooder and a bulk
   sender, 2% each, that the rate limits catch), and readers polling the count;
5. mid-surge the server's process group gets SIGKILL and is started again (the connections
   made meanwhile wait in the sockets' queues);
6. the outbox drains, every confirmation link is opened once (wrk again), and ``petition
   recount`` runs;
7. the summary: throughput, latency, lost, duplicated (two different mails), redelivered (the
   same mail, by its Message-ID, delivered again after a kill), drift (``--json`` to write it).

Run: ``python benchmarks/load.py --db sqlite|postgresql --seconds 60 --rate 1000 --workers 2``,
or ``--smoke`` (10 s at 200/s). Needs ``wrk`` (Debian package ``wrk``) and, for PostgreSQL, a
server at ``ELECTORAL_LOAD_PG_URL`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from email import message_from_bytes
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from aiosmtpd.controller import Controller

from electoral.cli.web import MAIL_WORKER_NICENESS

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LUA = Path(__file__).resolve().with_suffix(".lua")
PG_URL = os.environ.get(
    "ELECTORAL_LOAD_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
URL_RE = re.compile(r"https?://\S+")
_HEADERS = BytesHeaderParser()


class Deadline:
    """The whole run's cap: every wait asks it how long it may still last."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self, wanted: float) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise TimeoutError("the run's cap (--cap) is reached")
        return min(wanted, left)


def log(text: str) -> None:
    print(f"[load {time.strftime('%H:%M:%S')}] {text}", flush=True)


# --- the SMTP sink -------------------------------------------------------------------------------


class Sink:
    """Records every mail: how many each recipient got, and the first URL of each."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.per_recipient: Counter[str] = Counter()
        self.links: dict[str, str] = {}
        self.subjects: Counter[str] = Counter()
        self.message_ids: dict[str, set[str]] = {}
        self.total = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        raw = envelope.original_content or envelope.content
        # The sink shares the 2 cores with the server: it parses the headers only and finds the
        # link in the raw text, where a mail that is not encoded (7bit, as every confirmation
        # to an ASCII address) carries it as is; an encoded one is parsed whole.
        message = _HEADERS.parsebytes(raw)
        encoding = str(message.get("Content-Transfer-Encoding", "7bit")).lower()
        if encoding in ("7bit", "8bit") and not message.is_multipart():
            text = raw.decode("utf-8", "replace")
        else:
            whole = message_from_bytes(raw)
            part = whole.get_body(("plain",)) if hasattr(whole, "get_body") else None
            payload = (part or whole).get_payload(decode=True)
            text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
        found = URL_RE.search(text)
        with self.lock:
            self.total += 1
            self.subjects[str(message.get("Subject", ""))] += 1
            for rcpt in envelope.rcpt_tos:
                self.per_recipient[rcpt.lower()] += 1
                ids = self.message_ids.setdefault(rcpt.lower(), set())
                ids.add(str(message.get("Message-ID", "")))
                if found and rcpt.lower() not in self.links:
                    self.links[rcpt.lower()] = found.group(0)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- the database --------------------------------------------------------------------------------


@contextlib.contextmanager
def database(kind: str, run: str, folder: Path) -> Iterator[str]:
    """A fresh database's URL, removed afterwards."""
    if kind == "sqlite":
        path = folder / f"load-{run}.sqlite3"
        try:
            yield f"sqlite:///{path}"
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"load_{run}"
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def cli(env: dict[str, str], *args: str, timeout: float) -> str:
    done = subprocess.run(
        [str(BIN / "electoral"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"electoral {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


# --- the server ----------------------------------------------------------------------------------


def listening_sockets(port: int, count: int) -> list[socket.socket]:
    """``count`` listening sockets on ``127.0.0.1:port`` in one ``SO_REUSEPORT`` group, held by
    this process as a service manager would hold them (systemd's socket activation): they
    outlive the server, so connections made while it restarts wait in their queues."""
    sockets = []
    for _ in range(count):
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen(4096)
        sockets.append(sock)
    return sockets


class Server:
    """``electoral serve`` in its own process group (so SIGKILL reaches every worker), given
    ``sockets`` as systemd passes them (``LISTEN_FDS``), or binding its own if there are none."""

    def __init__(
        self,
        env: dict[str, str],
        port: int,
        workers: int,
        logfile: Path,
        sockets: list[socket.socket],
    ) -> None:
        self.env, self.port, self.workers, self.logfile = env, port, workers, logfile
        self.sockets = sockets
        self.process: subprocess.Popen[bytes] | None = None

    def command(self) -> tuple[list[str], tuple[int, ...]]:
        """The command line, and the descriptors it must inherit."""
        serve = [str(BIN / "electoral"), "serve", "--port", str(self.port)]
        serve += ["--workers", str(self.workers)]
        if not self.sockets:
            return serve, ()
        # the sockets become descriptors 3, 4, ... of the server, and LISTEN_PID its pid
        # (bash's $$ is the pid that exec keeps), as in sd_listen_fds(3)
        high = [fcntl.fcntl(s.fileno(), fcntl.F_DUPFD, 100) for s in self.sockets]
        moves = " ".join(f"{3 + i}<&{fd} {fd}<&-" for i, fd in enumerate(high))
        script = f'exec {moves}; export LISTEN_PID=$$ LISTEN_FDS={len(high)}; exec "$@"'
        return ["bash", "-c", script, "electoral-serve", *serve], tuple(high)

    def start(self, petition: int, timeout: float) -> float:
        began = time.monotonic()
        command, fds = self.command()
        try:
            with self.logfile.open("ab") as out:
                self.process = subprocess.Popen(
                    command,
                    env=self.env,
                    cwd=ROOT,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    pass_fds=fds,
                )
        finally:
            for fd in fds:
                os.close(fd)
        url = f"http://127.0.0.1:{self.port}/api/petitions/{petition}"
        while time.monotonic() - began < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited; see {self.logfile}")
            with (
                contextlib.suppress(OSError, urllib.error.URLError),
                urllib.request.urlopen(url, timeout=2) as answer,  # noqa: S310
            ):
                if answer.status == 200:
                    return time.monotonic() - began
            time.sleep(0.1)
        raise TimeoutError(f"the server was not ready within {timeout:.0f} s")

    def kill(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        """A clean stop (SIGTERM to the group), SIGKILL if it lingers."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()
        self.process = None


# --- wrk -----------------------------------------------------------------------------------------


def wrk(
    port: int, mode: str, connections: int, seconds: float, *args: str, log_to: Path
) -> subprocess.Popen[str]:
    command = [
        "wrk",
        f"-t{connections}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        f"http://127.0.0.1:{port}",
        "--",
        mode,
        *args,
    ]
    return subprocess.Popen(
        command, stdout=log_to.open("w"), stderr=subprocess.STDOUT, text=True, cwd=ROOT
    )


def wrk_result(process: subprocess.Popen[str], log_to: Path, timeout: float) -> dict[str, Any]:
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise
    for line in log_to.read_text().splitlines():
        if line.startswith("WRKJSON "):
            result: dict[str, Any] = json.loads(line.removeprefix("WRKJSON "))
            return result
    raise RuntimeError(f"wrk gave no summary; see {log_to}")


# --- the run -------------------------------------------------------------------------------------


def confirm_links(
    port: int, links: list[str], folder: Path, timeout: float, threads: int = 16
) -> tuple[Counter[int], dict[str, Any] | None]:
    """Open each link once with wrk (``confirm`` mode of load.lua, keep-alive connections);
    the answers' statuses (links without an answer before the timeout are not counted) and
    wrk's summary."""
    if not links:
        return Counter(), None
    threads = max(1, min(threads, len(links)))
    paths = folder / "links.txt"
    paths.write_text("".join(urllib.parse.urlsplit(link).path + "\n" for link in links))
    process = wrk(
        port,
        "confirm",
        threads,
        timeout,
        *(str(paths), str(threads), str(folder), "-"),
        log_to=folder / "wrk-confirm.log",
    )
    end = time.monotonic() + timeout

    def answered() -> list[str]:
        lines: list[str] = []
        for file in folder.glob("confirmed-*.txt"):
            lines.extend(line for line in file.read_text().splitlines() if line.strip())
        return lines

    while time.monotonic() < end and process.poll() is None and len(answered()) < len(links):
        time.sleep(0.5)
    if process.poll() is None:
        process.send_signal(signal.SIGINT)  # wrk prints its summary and exits
    summary = wrk_result(process, folder / "wrk-confirm.log", 30)
    return Counter(int(line.split()[0]) for line in answered()), summary


def outbox_pending(engine: sa.Engine) -> int:
    with engine.connect() as connection:
        return int(
            connection.execute(
                sa.text("SELECT count(*) FROM outbox WHERE status IN ('queued', 'claimed')")
            ).scalar_one()
        )


def outbox_rows(engine: sa.Engine, recipients: list[str]) -> list[dict[str, str]]:
    """The outbox rows of ``recipients`` (why a mail did not arrive: its status, attempts and
    when it was marked sent)."""
    if not recipients:
        return []
    query = sa.text(
        "SELECT recipient, status, attempts, created_at, sent_at FROM outbox"
        " WHERE recipient IN :recipients"
    ).bindparams(sa.bindparam("recipients", expanding=True))
    with engine.connect() as connection:
        rows = connection.execute(query, {"recipients": recipients})
        return [{k: str(v) for k, v in row._mapping.items()} for row in rows]


def signature_table(engine: sa.Engine) -> tuple[dict[str, str], Counter[str]]:
    """Each signer's status (by e-mail) and the fraud reasons."""
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT email, status, fraud_reason FROM signatures"))
        status: dict[str, str] = {}
        reasons: Counter[str] = Counter()
        for email, state, reason in rows:
            status[str(email).lower()] = str(state)
            if reason:
                reasons[str(reason)] += 1
    return status, reasons


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0915 (one story, phase by phase)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--rate", type=float, default=1000.0, help="submissions per second")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=64, help="wrk signer connections")
    parser.add_argument("--read-rate", type=float, default=50.0, help="reader polls per second")
    parser.add_argument("--kill-at", type=float, default=0.5, help="fraction of the surge; 0: no")
    parser.add_argument("--drain", type=float, default=150.0, help="outbox drain timeout (s)")
    parser.add_argument("--confirm-max", type=int, default=20000, help="links to open")
    parser.add_argument("--confirm-time", type=float, default=90.0, help="confirm timeout (s)")
    parser.add_argument("--cap", type=float, default=0.0, help="whole-run cap (s)")
    parser.add_argument(
        "--no-activation",
        action="store_true",
        help="the server binds its own sockets (refused connections while it restarts)",
    )
    parser.add_argument("--smoke", action="store_true", help="10 s at 200/s")
    parser.add_argument("--json", type=Path, help="write the summary here")
    options = parser.parse_args(argv)
    if options.smoke:
        options.seconds, options.rate, options.connections = 10.0, 200.0, 16
    cap = options.cap or options.seconds + options.drain + options.confirm_time + 120.0
    if shutil.which("wrk") is None:
        sys.exit("load: wrk is missing (Debian: apt-get install wrk)")
    deadline = Deadline(cap)
    run = uuid.uuid4().hex[:8]
    folder = ROOT / "var" / "load" / run
    folder.mkdir(parents=True, exist_ok=True)
    log(f"run {run}: {options.db}, {options.rate:.0f}/s for {options.seconds:.0f} s")
    log(f"cap {cap:.0f} s")
    log(f"load average before: {os.getloadavg()}")

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    # The SMTP server stands for the mail provider, a machine of its own in production: here it
    # shares the 2 cores, so it runs at the mail worker's low priority and takes its CPU, as
    # the worker does, when the surge leaves some (measured: 17% of a core at full priority).
    sink_thread = getattr(controller, "_thread", None)
    if sink_thread is not None and sink_thread.native_id is not None:
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, sink_thread.native_id, MAIL_WORKER_NICENESS)
    port = free_port()
    server: Server | None = None
    sockets: list[socket.socket] = []
    summary: dict[str, Any] = {"db": options.db, "run": run, "workers": options.workers}
    try:
        with database(options.db, run, folder) as url:
            env = dict(os.environ) | {
                "ELECTORAL_DATABASE_URL": url,
                "ELECTORAL_SMTP_URL": f"smtp://127.0.0.1:{controller.port}",
                "ELECTORAL_BASE_URL": f"http://127.0.0.1:{port}",
                "ELECTORAL_SECRET_KEY": f"load-{run}",
                "ELECTORAL_TRUSTED_PROXIES": "127.0.0.1",
            }
            # 1. the petition (the CLI creates the schema)
            deadline_day = (dt.date.today() + dt.timedelta(days=30)).isoformat()
            out = cli(
                env,
                *("petition", "create", "--title", "Load test", "--text", "A surge of signers."),
                *("--creator-name", "Load", "--creator-email", "creator@example.org"),
                *("--deadline", deadline_day, "--publish", "--format", "json"),
                timeout=deadline.left(60),
            )
            petition = int(json.loads(out)["id"])
            engine = sa.create_engine(url)

            # 3. the server
            if not options.no_activation:
                sockets = listening_sockets(port, options.workers)
            server = Server(env, port, options.workers, folder / "serve.log", sockets)
            startup = server.start(petition, deadline.left(60))
            log(f"server up in {startup:.1f} s on port {port}; petition {petition}")

            # 4. the surge, readers beside it
            per_conn = options.rate / options.connections
            signers = wrk(
                port,
                "sign",
                options.connections,
                options.seconds,
                *(str(petition), f"{per_conn:.6f}", str(folder), run),
                log_to=folder / "wrk-sign.log",
            )
            readers = wrk(
                port,
                "read",
                2,
                options.seconds,
                *(str(petition), f"{options.read_rate / 2:.6f}", str(folder), run),
                log_to=folder / "wrk-read.log",
            )
            began = time.monotonic()
            load_samples = []
            downtime = None
            if options.kill_at > 0:
                time.sleep(deadline.left(options.seconds * options.kill_at))
                load_samples.append(os.getloadavg()[0])
                server.kill()
                killed = time.monotonic()
                log(f"SIGKILL at {killed - began:.1f} s of the surge")
                server.start(petition, deadline.left(60))
                downtime = time.monotonic() - killed
                log(f"restarted after {downtime:.1f} s")
            surge = wrk_result(
                signers, folder / "wrk-sign.log", deadline.left(options.seconds + 30)
            )
            reads = wrk_result(readers, folder / "wrk-read.log", deadline.left(30))
            load_samples.append(os.getloadavg()[0])
            log(f"surge done: {surge['requests']} requests, {surge['acked']} acknowledged")

            # 6. the outbox drains (claims by the killed worker wait out their 60 s lease)
            drain_began = time.monotonic()
            pending = outbox_pending(engine)
            while pending:
                if time.monotonic() - drain_began > deadline.left(options.drain):
                    log(f"drain timeout: {pending} mails still in the outbox")
                    break
                time.sleep(1)
                pending = outbox_pending(engine)
            drain = time.monotonic() - drain_began
            time.sleep(1)  # the last SMTP transactions
            log(f"outbox drained in {drain:.0f} s ({pending} left); sink has {sink.total} mails")

            # the checks: every acknowledged signer got exactly one mail (none if fraudulent)
            answers: list[str] = []
            for file in sorted(folder.glob("acked-*.txt")):
                answers.extend(line.strip().lower() for line in file.open() if line.strip())
            # wrk sends a request again on a new connection when the old one broke while it
            # was being written (the SIGKILL): the same signer, acknowledged twice, one mail
            acked = list(dict.fromkeys(answers))
            status, reasons = signature_table(engine)
            with sink.lock:
                mails = dict(sink.per_recipient)
                links = dict(sink.links)
            genuine = [e for e in acked if status.get(e) != "fraudulent"]
            fraudulent = [e for e in acked if status.get(e) == "fraudulent"]
            lost = [e for e in genuine if mails.get(e, 0) == 0]
            # a mail is its Message-ID (RFC 5322, sec. 3.6.4): a worker killed between the
            # dot and the commit delivers it again after the lease with the same one, which a
            # mail store takes as the same message (see electoral.petitions.mail)
            with sink.lock:
                distinct = {e: len(ids) for e, ids in sink.message_ids.items()}
            duplicated = [e for e in set(acked) if distinct.get(e, 0) > 1]
            twice = set(duplicated)
            redelivered = [
                e for e in set(acked) if mails.get(e, 0) > distinct.get(e, 0) and e not in twice
            ]
            mailed_fraud = [e for e in fraudulent if mails.get(e, 0) > 0]
            unacked_mailed = [e for e in mails if e not in set(acked)]
            missing_rows = [e for e in acked if e not in status]

            # confirm links once each (up to --confirm-max, bounded in time), then a few again
            link_list = [links[e] for e in genuine if e in links][: options.confirm_max]
            confirm, confirm_wrk = confirm_links(
                port, link_list, folder, deadline.left(options.confirm_time)
            )
            log(f"confirmed {confirm.get(200, 0)} of {len(link_list)} links: {dict(confirm)}")
            again = Counter[int]()
            for link in link_list[:20]:
                try:
                    with urllib.request.urlopen(link, timeout=5) as answer:  # noqa: S310
                        again[answer.status] += 1
                except urllib.error.HTTPError as error:
                    again[error.code] += 1
            recount = json.loads(
                cli(env, "petition", "recount", str(petition), "--format", "json", timeout=60)
            )
            with urllib.request.urlopen(  # noqa: S310
                f"http://127.0.0.1:{port}/api/petitions/{petition}", timeout=5
            ) as answer:
                shown = json.loads(answer.read())["signatures"]
            validated = sum(1 for s in signature_table(engine)[0].values() if s == "validated")
            lost_rows = outbox_rows(engine, lost[:20])
            engine.dispose()
            server.stop()

        seconds = surge["duration_us"] / 1e6
        lat = surge["latency_us"]
        seconds = max(seconds, 0.001)
        summary |= {
            "seconds": round(seconds, 1),
            "offered_rate": options.rate,
            "submissions": surge["requests"],
            "submissions_per_s": round(surge["requests"] / seconds, 1),
            "acknowledged_202": len(acked),
            "acknowledged_twice": len(answers) - len(acked),
            "acknowledged_per_s": round(len(acked) / seconds, 1),
            "sign_statuses": surge["statuses"],
            "sign_errors": surge["errors"],
            "socket_activation": not options.no_activation,
            "wrk_latency_ms": {k: round(lat[k] / 1000, 1) for k in ("p50", "p90", "p99", "max")},
            "served_ms": surge["served_ms"],
            "from_schedule_ms": surge["scheduled_ms"],
            "timeline": "second:answers:over_250_ms:slowest_ms "
            + " ".join(":".join(map(str, second)) for second in surge["timeline"]),
            "reader_polls": reads["requests"],
            "reader_statuses": reads["statuses"],
            "reader_p99_ms": round(reads["latency_us"]["p99"] / 1000, 1),
            "restart_s": None if downtime is None else round(downtime, 1),
            "fraudulent_acknowledged": len(fraudulent),
            "fraud_reasons": dict(reasons),
            "mails": sink.total,
            "drain_s": round(drain, 1),
            "outbox_left": pending,
            "lost": len(lost),
            "duplicated": len(duplicated),
            "redelivered_same_message_id": len(redelivered),
            "mailed_but_fraudulent": len(mailed_fraud),
            "mailed_not_acknowledged": len(unacked_mailed),
            "acknowledged_without_row": len(missing_rows),
            "links_opened": len(link_list),
            "links_confirmed_200": confirm.get(200, 0),
            "confirm_statuses": {str(k): v for k, v in confirm.items()},
            "confirm_per_s": None
            if confirm_wrk is None
            else round(confirm_wrk["requests"] / max(confirm_wrk["duration_us"] / 1e6, 0.001), 1),
            "confirm_p99_ms": None
            if confirm_wrk is None
            else round(confirm_wrk["latency_us"]["p99"] / 1000, 1),
            "reopened_links": dict(again),
            "validated": validated,
            "recount_total": recount["total"],
            "shown_count": shown,
            "drift": recount["drift"],
            "load_average": [round(x, 2) for x in load_samples],
        }
        ok = (
            not lost
            and not duplicated
            and not mailed_fraud
            and not missing_rows
            and recount["drift"] == {}
            and recount["total"] == summary["links_confirmed_200"] == validated == shown
            and again.get(200, 0) == 0
        )
        summary["ok"] = ok
        summary["examples"] = {
            "lost": lost[:5],
            "duplicated": duplicated[:5],
            "redelivered": redelivered[:5],
        }
        summary["lost_outbox_rows"] = lost_rows
        print(json.dumps(summary, indent=2))
        if options.json:
            options.json.write_text(json.dumps(summary, indent=2) + "\n")
        return 0 if ok else 1
    finally:
        if server is not None:
            server.stop()
        controller.stop()
        for sock in sockets:
            sock.close()
        log(f"load average after: {os.getloadavg()}; logs in {folder}")


if __name__ == "__main__":
    sys.exit(main())
