"""CLI adapters for the web app (electoral serve)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from electoral.settings import Settings

APP_FACTORY = "electoral.web.app:create_app"


def _start_background(settings: Settings) -> None:
    """Create or upgrade the database schema, then start the petitions' mail worker in a
    daemon thread of this process (it sends the outbox over SMTP; with several web workers it
    still runs once, here in the supervising process)."""
    import threading

    from electoral.petitions import worker
    from electoral.petitions.db import upgrade

    upgrade(settings.database_url)
    threading.Thread(target=worker.run, args=(settings,), name="mail-worker", daemon=True).start()


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=0, max=65535)] = 8000,
    workers: Annotated[
        int, typer.Option(help="Worker processes (1: one process, the default).", min=1)
    ] = 1,
) -> None:
    """Run the web app: the map of every election, the map builder and the JSON API."""
    import uvicorn

    from electoral.settings import Settings

    settings = Settings()
    _start_background(settings)
    shown = f"[{host}]" if ":" in host else host
    Console().print(
        f"electoral: serving at http://{shown}:{port}/ (Ctrl+C to stop)",
        markup=False,
        highlight=False,
    )
    uvicorn.run(
        APP_FACTORY, factory=True, host=host, port=port, workers=workers, log_level="warning"
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``electoral`` app."""
    app.command()(serve)
