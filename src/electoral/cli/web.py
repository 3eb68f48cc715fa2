"""CLI adapters for the web app (electoral serve)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from electoral.settings import Settings

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
        worker.run(settings)

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
    API and the mail worker. The database schema is created or upgraded first."""
    from electoral.settings import Settings
    from electoral.web.server import APP_FACTORY, bind, run_workers

    settings = Settings()
    console = Console()
    shown = f"[{host}]" if ":" in host else host
    problem = _cannot_listen(host, port)
    if problem:
        typer.echo(f"electoral serve: cannot listen on {shown}:{port}: {problem}", err=True)
        raise typer.Exit(2)

    def ready(bound: int) -> None:
        _start_background(settings)  # after the workers are forked (see run_workers)
        console.print(
            f"electoral: serving at http://{shown}:{bound}/ (Ctrl+C to stop)",
            markup=False,
            highlight=False,
        )

    if workers > 1:
        run_workers(host, port, workers, ready=ready, cache_dir=settings.cache_dir)
        return
    import uvicorn

    sock = bind(host, port)
    ready(int(sock.getsockname()[1]))
    config = uvicorn.Config(APP_FACTORY, factory=True, log_level="warning")
    uvicorn.Server(config).run(sockets=[sock])


def _cannot_listen(host: str, port: int) -> str | None:
    """Why the app could not listen on ``host:port`` (``None``: it can). A server already
    listening there is refused even if it, too, allows ``SO_REUSEPORT``."""
    import socket

    from electoral.web.server import bind

    if port:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return "another server is listening there"
        except OSError:
            pass
    try:
        bind(host, port).close()
    except OSError as error:
        return error.strerror or str(error)
    return None


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``electoral`` app."""
    app.command()(serve)
