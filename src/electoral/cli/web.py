"""CLI adapters for the web app (electoral serve)."""

from __future__ import annotations

import logging
import socket
import time
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from electoral.settings import Settings

log = logging.getLogger("electoral.cli.web")

MAIL_WORKER_NICENESS = 10
"""How much lower the mail worker's CPU priority is than the web workers': in a surge the
signatures are taken (and their mails written to the outbox) first, and the mails go out as
the CPU allows, then catch up (the outbox keeps them; none is lost)."""


def _start_background(settings: Settings) -> None:
    """Start the petitions' mail worker in a daemon thread of this process (it creates or
    upgrades the schema, then sends the outbox over SMTP; with several web workers it still
    runs once, here in the supervising process). The workers start meanwhile: upgrades from
    several processes take turns (:func:`electoral.petitions.db.upgrade`)."""
    import threading

    from electoral.petitions import worker

    def run() -> None:
        import contextlib
        import os

        with contextlib.suppress(OSError):  # Linux: a thread's own priority
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), MAIL_WORKER_NICENESS)
        while True:  # the worker rides out database errors itself; this is for the unforeseen
            try:
                worker.run(settings)
                return
            except Exception:
                log.exception("mail worker stopped by an unexpected error; it starts again")
                time.sleep(worker.BACKOFF_MAX)

    threading.Thread(target=run, name="mail-worker", daemon=True).start()


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(help="Port to listen on (0: any free one).", min=0, max=65535)
    ] = 8000,
    workers: Annotated[
        int, typer.Option(help="Worker processes (1: one process, the default).", min=1)
    ] = 1,
) -> None:
    """Run the web app: the map of every election, the map builder, the petitions, the JSON
    API and the mail worker. The database schema is created or upgraded first.

    Under a service manager that passes listening sockets (systemd's socket activation,
    ``LISTEN_FDS``), the app serves those and ignores ``--host`` and ``--port``; connections
    made while it restarts then wait for it instead of being refused."""
    from electoral.cli.petitions import checked_settings
    from electoral.logconfig import configure_logging
    from electoral.web import server

    settings = checked_settings()  # the database, before "serving at"
    configure_logging(settings)
    console = Console()
    try:
        sockets = server.inherited_sockets()
    except server.ActivationError as error:
        typer.echo(f"electoral serve: cannot serve the sockets passed: {error}", err=True)
        raise typer.Exit(2) from None
    if not sockets:
        sockets = _listen(host, port, workers)
    bound_host, bound_port = server.address(sockets[0])
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host

    def ready() -> None:
        _start_background(settings)  # after the workers are forked (see run_workers)
        console.print(
            f"electoral: serving at http://{shown}:{bound_port}/ (Ctrl+C to stop)",
            markup=False,
            highlight=False,
        )

    try:
        if workers > 1:
            server.run_workers(sockets, workers, ready=ready, cache_dir=settings.cache_dir)
            return
        import uvicorn

        ready()
        config = server.uvicorn_config(server.APP_FACTORY, factory=True)
        uvicorn.Server(config).run(sockets=sockets)
    finally:
        for sock in sockets:
            sock.close()


def _listen(host: str, port: int, workers: int) -> list[socket.socket]:
    """One listening socket per worker on ``host:port``, or exit 2 saying why not. A server
    already listening there is refused even if it, too, allows ``SO_REUSEPORT``."""
    from electoral.web.server import listen

    shown = f"[{host}]" if ":" in host else host
    problem = "another server is listening there"
    if not (port and _answers(host, port)):
        try:
            return listen(host, port, workers)
        except OSError as error:
            problem = error.strerror or str(error)
    typer.echo(f"electoral serve: cannot listen on {shown}:{port}: {problem}", err=True)
    raise typer.Exit(2)


def _answers(host: str, port: int) -> bool:
    """Whether a server accepts connections on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``electoral`` app."""
    app.command()(serve)
