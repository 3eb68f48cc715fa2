"""CLI adapters for the web app (electoral serve)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``electoral`` app."""
