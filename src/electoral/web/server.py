"""Running the app: one process, or several worker processes with a socket each.

With ``workers > 1`` the supervising process opens one listening socket per worker, all bound
to the same address with ``SO_REUSEPORT``; the kernel spreads incoming connections over them by
a hash of each connection's addresses, and each worker serves its own socket. The usual
alternative, one socket shared by every worker (what ``uvicorn --workers`` does), lets
whichever worker wakes first accept: under a surge of keep-alive connections one worker ended
up with most of them (measured: 88% against 15% CPU), so the second core sat idle.

The supervisor keeps the sockets open for as long as it runs, so a worker that dies loses no
connection: the ones the kernel queues on its socket wait there for the worker that replaces
it. It also runs the petitions' mail worker, and on SIGTERM or Ctrl+C stops the workers.

The sockets may also come from a service manager (systemd's socket activation: ``LISTEN_PID``,
``LISTEN_FDS``, the sockets from file descriptor 3 on; see ``sd_listen_fds(3)``). They then
outlive the server itself: connections that arrive while it restarts, even after a SIGKILL,
wait in the kernel's queue and are answered by the new server instead of being refused.
"""

# ruff: noqa: TID253 (the web layer)

from __future__ import annotations

import contextlib
import importlib
import logging
import multiprocessing
import os
import signal
import socket
import stat
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    import uvicorn

__all__ = ["APP_FACTORY", "ActivationError", "bind", "inherited_sockets", "listen", "run_workers"]

APP_FACTORY: Final = "electoral.web.app:create_app"
GIL_SWITCH_INTERVAL: Final = 0.0005
"""Seconds a thread waiting for the GIL waits before asking the running one to yield (Python's
default: 5 ms). A worker's signing thread holds the database's write lock while it works and
takes the GIL back after each statement; with the default, every statement could cost it up to
5 ms behind the busy event loop, all the while the other worker's batch waited for the lock
(measured: p99 latency 363 ms at 1,000 signatures/s with the CPU 27% idle)."""
BACKLOG: Final = 4096
"""Connections the kernel queues on a socket before its worker accepts them (it caps this at
``net.core.somaxconn``): room for a surge's connections while a worker (re)starts."""
RESTART_PAUSE: Final = 1.0
"""Seconds between restarts of a worker that keeps dying (no busy loop of crashes)."""
SD_LISTEN_FDS_START: Final = 3
"""The first file descriptor a service manager passes (``sd_listen_fds(3)``)."""

log = logging.getLogger("electoral.web.server")


class ActivationError(ValueError):
    """The sockets a service manager passed (``LISTEN_FDS``) cannot be served."""


def bind(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` with ``SO_REUSEPORT`` (not yet listening).

    Raises:
        OSError: the address is taken by a socket without ``SO_REUSEPORT``, or not local.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def listen(host: str, port: int, count: int) -> list[socket.socket]:
    """``count`` listening sockets on ``host:port`` in one ``SO_REUSEPORT`` group (port 0: a
    free port, the same for all).

    Raises:
        OSError: as :func:`bind`.
    """
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = bind(host, port)
            port = int(sock.getsockname()[1])
            sockets.append(sock)
            sock.listen(BACKLOG)
    except OSError:
        for sock in sockets:
            sock.close()
        raise
    return sockets


def inherited_sockets() -> list[socket.socket]:
    """The listening sockets a service manager passed to this process, if any (systemd's
    protocol, ``sd_listen_fds(3)``: ``LISTEN_PID`` is this process, ``LISTEN_FDS`` says how
    many descriptors, from 3 on). The variables are removed, so that no child takes them for
    its own.

    Raises:
        ActivationError: ``LISTEN_FDS`` is not a positive count, or a descriptor is not a
            listening TCP socket.
    """
    if os.environ.get("LISTEN_PID") != str(os.getpid()):
        return []
    given = os.environ.get("LISTEN_FDS", "")
    for name in ("LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"):
        os.environ.pop(name, None)
    if not given.isdigit() or int(given) < 1:
        raise ActivationError(
            f"LISTEN_FDS={given!r}: expected the number of sockets passed (1 or more)"
        )
    sockets = []
    for fd in range(SD_LISTEN_FDS_START, SD_LISTEN_FDS_START + int(given)):
        try:
            if not stat.S_ISSOCK(os.fstat(fd).st_mode):
                raise ActivationError(f"file descriptor {fd} (LISTEN_FDS={given}): not a socket")
            sock = socket.socket(fileno=fd)
        except OSError as error:
            raise ActivationError(
                f"file descriptor {fd} (LISTEN_FDS={given}): {error.strerror or error}"
            ) from None
        if sock.type != socket.SOCK_STREAM or not sock.getsockopt(
            socket.SOL_SOCKET, socket.SO_ACCEPTCONN
        ):
            sock.detach()
            raise ActivationError(
                f"file descriptor {fd} (LISTEN_FDS={given}): expected a listening TCP socket"
            )
        sockets.append(sock)
    return sockets


def address(sock: socket.socket) -> tuple[str, int]:
    """The host and port ``sock`` listens on."""
    host, port = sock.getsockname()[:2]
    return str(host), int(port)


def uvicorn_config(app: object, **options: Any) -> uvicorn.Config:
    """uvicorn's settings for the app, the same in one process and in each worker.

    uvicorn's own proxy-header handling is off (``proxy_headers=False``): left on, it believes
    ``X-Forwarded-For`` from any peer on loopback and rewrites the client's address before the
    app sees it, so anyone on the machine, or behind a proxy nobody configured, could choose
    the address the rate limits count. The app reads the header itself, and only from the
    proxies ``ELECTORAL_TRUSTED_PROXIES`` names
    (:func:`electoral.petitions.ratelimit.client_address`).
    """
    import uvicorn

    values: dict[str, Any] = {
        "log_config": None,  # the service's own (electoral.logconfig), set as it starts
        "log_level": None,
        "access_log": True,  # the logger's level decides (ELECTORAL_ACCESS_LOG)
        "lifespan": "on",
        "backlog": BACKLOG,
        "proxy_headers": False,
        "server_header": False,
    }
    return uvicorn.Config(app, **(values | options))  # type: ignore[arg-type]


def _worker(sock: socket.socket, supervisor: int) -> None:
    """One worker process: the app under uvicorn on its own socket of the group. It stops by
    itself if the supervisor dies (even by SIGKILL)."""
    import uvicorn

    from electoral.logconfig import configure_logging
    from electoral.settings import Settings
    from electoral.web.app import create_app

    configure_logging(Settings())  # a worker spawned afresh inherits no logging
    sys.setswitchinterval(GIL_SWITCH_INTERVAL)
    server = uvicorn.Server(uvicorn_config(create_app(), timeout_graceful_shutdown=5))

    def orphaned() -> None:
        while os.getppid() == supervisor:
            time.sleep(0.5)
        server.should_exit = True
        time.sleep(10)
        os._exit(1)  # the graceful stop did not finish

    threading.Thread(target=orphaned, name="supervisor-watch", daemon=True).start()
    server.run(sockets=[sock])


PRELOADED: Final = (
    "electoral.web.app",
    "electoral.web.routes.api",
    "electoral.web.routes.odds",
    "electoral.web.routes.pages",
    "electoral.web.routes.petitions",
    "electoral.web.routes.petitions_api",
    "electoral.web.routes.petition_public",
    "electoral.web.routes.petition_creator",
    "electoral.web.routes.petition_moderator",
    "electoral.petitions.batch",
    "electoral.petitions.service",
    "electoral.petitions.worker",
    "alembic.command",
    "alembic.config",
    "alembic.runtime.migration",
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.postgresql",
    "psycopg",
)
"""The modules a worker imports as it starts (the app, the storage, the migrations)."""


def preload(cache_dir: Path) -> None:
    """Import the app's modules and load what every worker reads (the record, the ZIP index)
    in the supervisor, before the first workers are forked from it: they start with all of it
    in memory (shared until written) instead of each importing it again, so a server killed
    mid-surge takes signatures again about a second sooner."""
    from electoral.data import default_record
    from electoral.petitions.zips import load_zip_index

    for name in PRELOADED:
        with contextlib.suppress(ImportError):  # psycopg is the optional ``pg`` extra
            importlib.import_module(name)
    default_record()
    load_zip_index(cache_dir)


def _stop(processes: list[BaseProcess], grace: float = 10.0) -> None:
    """SIGTERM to every live worker, then SIGKILL to any still running after ``grace`` s."""
    for process in processes:
        if process.pid is not None and process.is_alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGTERM)
    for process in processes:
        process.join(grace)
        if process.is_alive():
            process.kill()
            process.join()


def run_workers(
    sockets: list[socket.socket],
    workers: int,
    *,
    ready: Callable[[], None],
    cache_dir: Path | None = None,
) -> None:
    """Run ``workers`` worker processes on ``sockets`` until SIGTERM or SIGINT.

    Worker ``i`` serves ``sockets[i % len(sockets)]`` (from :func:`listen`: one each).
    ``ready`` is called once the first workers are started; start the supervisor's own
    threads there, not before. The first workers are forked from the supervisor after
    :func:`preload` (``cache_dir``: where the ZIP index is cached), while it has no other
    thread; a worker started later to replace one that died is spawned afresh (its socket
    passed to it), as forking a process with threads is not safe.
    """
    forking = multiprocessing.get_context("fork")
    spawning = multiprocessing.get_context("spawn")
    stopping = threading.Event()
    if cache_dir is not None:
        preload(cache_dir)

    def start(i: int, first: bool = False) -> BaseProcess:
        context = forking if first else spawning
        process = context.Process(
            target=_worker,
            args=(sockets[i % len(sockets)], os.getpid()),
            name=f"electoral-worker-{i}",
        )
        process.start()
        return process

    def stop(_signum: int, _frame: object) -> None:
        stopping.set()

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    processes = [start(i, first=True) for i in range(workers)]
    ready()
    try:
        while not stopping.wait(0.2):
            for i, process in enumerate(processes):
                if not process.is_alive() and not stopping.is_set():
                    log.warning(
                        "worker %s exited (%s); another starts", process.pid, process.exitcode
                    )
                    time.sleep(RESTART_PAUSE)
                    processes[i] = start(i)
    finally:
        _stop(processes)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
