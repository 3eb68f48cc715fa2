"""Options every command shares: the output format and the record's directory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from electoral.cli.render import Format

FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format", "-f", help="table (default on a terminal), csv (default when piped) or json."
    ),
]
DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", help="A directory of tables in the record's schema (default: bundled)."
    ),
]
