"""CLI adapters for could it work, splits, flips, tipping point, minimum popular vote."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``electoral`` app."""
