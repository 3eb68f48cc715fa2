"""Running the app: one process, or several worker processes with a socket each.

With ``workers > 1`` every worker binds its own listening socket to the same address with
``SO_REUSEPORT``, and the kernel spreads incoming connections over them by a hash of each
connection's addresses. The usual alternative, one socket shared by every worker (what
``uvicorn --workers`` does), lets whichever worker wakes first accept: under a surge of
keep-alive connections one worker ended up with most of them (measured: 88% against 15% CPU),
so the second core sat idle. The supervising process keeps the workers running (a worker that
dies is started again), runs the petitions' mail worker, and on SIGTERM or Ctrl+C stops them.
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
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Final

__all__ = ["APP_FACTORY", "bind", "run_workers"]

APP_FACTORY: Final = "electoral.web.app:create_app"
GIL_SWITCH_INTERVAL: Final = 0.0005
"""Seconds a thread waiting for the GIL waits before asking the running one to yield (Python's
default: 5 ms). A worker's signing thread holds the database's write lock while it works and
takes the GIL back after each statement; with the default, every statement could cost it up to
5 ms behind the busy event loop, all the while the other worker's batch waited for the lock
(measured: p99 latency 363 ms at 1,000 signatures/s with the CPU 27% idle)."""
STARTUP_WAIT: Final = 60.0
"""Seconds the first workers wait for each other before listening (then each goes alone)."""
RESTART_PAUSE: Final = 1.0
"""Seconds between restarts of a worker that keeps dying (no busy loop of crashes)."""

log = logging.getLogger("electoral.web.server")


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


def _worker(host: str, port: int, supervisor: int, together: Barrier | None) -> None:
    """One worker process: its own socket in the port's group, the app under uvicorn.

    The first workers wait for each other (``together``) after building the app and before
    listening: a worker listening alone would take every connection a client opens meanwhile,
    and keep-alive connections stay where they landed (measured: one worker at 98% CPU, the
    other at 33%). A worker stops by itself if the supervisor dies (even by SIGKILL)."""
    import uvicorn

    from electoral.web.app import create_app

    sys.setswitchinterval(GIL_SWITCH_INTERVAL)
    sock = bind(host, port)
    config = uvicorn.Config(
        create_app(), log_level="warning", timeout_graceful_shutdown=5, lifespan="on"
    )
    server = uvicorn.Server(config)
    if together is not None:
        with contextlib.suppress(threading.BrokenBarrierError):
            together.wait(STARTUP_WAIT)

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
    "electoral.web.routes.petition_pages",
    "electoral.web.routes.petitions_api",
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
    host: str,
    port: int,
    workers: int,
    *,
    ready: Callable[[int], None],
    cache_dir: Path | None = None,
) -> None:
    """Run ``workers`` worker processes on ``host:port`` until SIGTERM or SIGINT.

    ``port`` 0 picks a free port. ``ready`` is called with the port once the first workers
    are started (the supervisor holds a bound, non-listening socket in the group, so the port
    stays ours); start the supervisor's own threads there, not before. The first workers are
    forked from the supervisor after :func:`preload` (``cache_dir``: where the ZIP index is
    cached), while it has no other thread; a worker started later to replace one that died is
    spawned afresh, as forking a process with threads is not safe.
    """
    reserved = bind(host, port)
    port = int(reserved.getsockname()[1])
    forking = multiprocessing.get_context("fork")
    spawning = multiprocessing.get_context("spawn")
    stopping = threading.Event()
    together = forking.Barrier(workers)
    if cache_dir is not None:
        preload(cache_dir)

    def start(first: bool = False) -> BaseProcess:
        context = forking if first else spawning
        process = context.Process(
            target=_worker,
            args=(host, port, os.getpid(), together if first else None),
            name="electoral-worker",
        )
        process.start()
        return process

    def stop(_signum: int, _frame: object) -> None:
        stopping.set()

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    processes = [start(first=True) for _ in range(workers)]
    ready(port)
    try:
        while not stopping.wait(0.2):
            for i, process in enumerate(processes):
                if not process.is_alive() and not stopping.is_set():
                    log.warning(
                        "worker %s exited (%s); another starts", process.pid, process.exitcode
                    )
                    time.sleep(RESTART_PAUSE)
                    processes[i] = start()
    finally:
        _stop(processes)
        reserved.close()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
