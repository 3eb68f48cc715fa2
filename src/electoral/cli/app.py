"""The ``electoral`` command: thin typer adapters over the library."""

from __future__ import annotations

from typing import Annotated, Final

import typer
from rich.console import Console
from rich.text import Text

from electoral.cli import commands, forecast, petitions, questions, reforms, web
from electoral.cli.options import DataOption, FormatOption
from electoral.errors import ElectoralError

app = typer.Typer(
    name="electoral",
    help="The United States Electoral College: the record 1789-2024, replayed through the law.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.command()
def show(year: int, fmt: FormatOption = None, data_dir: DataOption = None) -> None:
    """Per-state returns and electors of one election, its totals and whether it split."""
    commands.show(year, fmt, data_dir)


@app.command("replay")
def replay_cmd(
    years: Annotated[
        list[int] | None, typer.Argument(help="Election years (default: all).")
    ] = None,
    fmt: FormatOption = None,
    data_dir: DataOption = None,
) -> None:
    """Replay elections through the rules: reproduced or not, with every deviation explained."""
    commands.replay(years or [], fmt, data_dir)


@app.command()
def apportion(
    census: int,
    method: Annotated[str | None, typer.Option(help="Method id (default: the statute's).")] = None,
    seats: Annotated[int | None, typer.Option(help="House size (default: the statute's).")] = None,
    fmt: FormatOption = None,
    data_dir: DataOption = None,
) -> None:
    """House seats and electors per state from a census."""
    commands.apportion(census, method, seats, fmt, data_dir)


@app.command()
def story(year: Annotated[int, typer.Argument()] = 2016, data_dir: DataOption = None) -> None:
    """The story of one election, end to end: returns, electors, the vote, the count."""
    commands.story(year, data_dir)


for _module in (questions, reforms, forecast, petitions, web):
    _module.register(app)


EXTRAS: Final = {
    **dict.fromkeys(
        (
            "alembic", "email_validator", "fastapi", "fpdf", "httptools", "itsdangerous",
            "jinja2", "limits", "multipart", "pydantic", "pydantic_core", "pydantic_settings",
            "python_multipart", "sqlalchemy", "starlette", "uvicorn", "uvloop", "zipcodes",
        ),
        "web",
    ),
    "psycopg": "pg",
    "psycopg_binary": "pg",
    "matplotlib": "plot",
    "pandas": "pandas",
}  # fmt: skip
"""The top-level modules of the optional extras (pyproject.toml), by the extra that installs
them: a command that needs one that is missing says which ``pip install`` brings it."""


def _missing_extra(error: ImportError) -> str | None:
    """The one-line message for an optional module that is not installed, or None if the
    module is not one of :data:`EXTRAS` (then it is a bug, and its traceback is shown)."""
    module = (error.name or "").partition(".")[0]
    extra = EXTRAS.get(module)
    if extra is None:
        return None
    return f"{module} is not installed (optional): pip install 'electoral[{extra}]'"


def _print_error(text: str) -> None:
    """``error: TEXT`` on stderr in one line; the text is not read as rich markup, so that
    brackets (``electoral[web]``) are printed as they are."""
    line = " ".join(part.strip() for part in text.splitlines())
    message = Text.assemble(("error:", "bold red"), " ", line)
    Console(stderr=True, soft_wrap=True).print(message, highlight=False)


def run(args: list[str] | None = None) -> int:
    """Run the command line and return its exit code: an :class:`ElectoralError`, a usage
    error or a missing optional dependency becomes one line on stderr and exit code 2, never
    a traceback."""
    try:
        result = app(args=args, standalone_mode=False)
    except (ElectoralError, typer.TyperException) as error:
        _print_error(
            error.format_message() if isinstance(error, typer.TyperException) else str(error)
        )
        return 2
    except ImportError as error:
        missing = _missing_extra(error)
        if missing is None:
            raise
        _print_error(missing)
        return 2
    except typer.Abort:
        return 1
    return result if isinstance(result, int) else 0
