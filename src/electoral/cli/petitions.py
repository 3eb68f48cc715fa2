"""CLI adapters for petitions to the electors and the mail worker."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``electoral`` app."""
