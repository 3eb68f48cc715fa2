"""The command line (typer adapters only: parse, call the library, render)."""

from __future__ import annotations


def main() -> None:
    """Entry point of the ``electoral`` command."""
    import sys

    from electoral.cli.app import run

    sys.exit(run())
