"""CLI adapters for petitions to the electors and the mail worker.

``electoral petition create|publish|reject|close|deliver|recount|export|list`` and
``electoral mail worker [--once]``; each reads the settings (``ELECTORAL_*``) from the
environment and creates or upgrades the schema when needed.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Final

import typer

from electoral.cli.options import FormatOption
from electoral.cli.render import Format, emit

if TYPE_CHECKING:
    from electoral.petitions.service import PetitionService
    from electoral.settings import Settings

MAX_PETITION_ID: Final = 2**31 - 1
"""The largest petition id: ``petitions.id`` is an ``Integer`` column
(:class:`electoral.petitions.db.PetitionRow`), 32-bit signed in PostgreSQL (``integer``,
-2**31 to 2**31-1) and within SQLite's 64-bit ``INTEGER``; a larger id cannot exist, and
SQLite's driver raised OverflowError on a 20-digit one."""


def _petition_id(value: int) -> int:
    if not 1 <= value <= MAX_PETITION_ID:
        raise typer.BadParameter(
            f"{value}: expected a petition id from 1 to {MAX_PETITION_ID:,} (the range of the "
            "database's integer ids)"
        )
    return value


PetitionId = Annotated[int, typer.Argument(help="The petition's id.", callback=_petition_id)]


def checked_settings() -> Settings:
    """The service's settings, with the database checked before anything starts
    (:func:`electoral.petitions.db.check_database`): an unknown driver, an unreachable
    server or a SQLite file under a missing folder is one line and exit 2. Only the default
    database's ``var/`` folder is created."""
    from electoral.petitions.db import check_database
    from electoral.settings import Settings, default_database_url

    settings = Settings()
    default = settings.database_url == default_database_url()
    check_database(settings.database_url, may_create_folder=default)
    return settings


def _service() -> PetitionService:
    from electoral.petitions.service import PetitionService

    return PetitionService.from_settings(checked_settings())


def _print_json(payload: object) -> None:
    sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


petition_app = typer.Typer(help="Petitions to the electors: create, moderate, count, export.")
mail_app = typer.Typer(help="Outgoing mail: the outbox worker.")


@petition_app.command()
def create(
    title: Annotated[str, typer.Option(help="The petition's title.")],
    text: Annotated[str, typer.Option(help="The petition's text.")],
    creator_name: Annotated[str, typer.Option(help="The creator's name (public).")],
    creator_email: Annotated[str, typer.Option(help="The creator's e-mail (never shown).")],
    target: Annotated[
        str, typer.Option(help="all | PA,MI,... | slate:YEAR:CANDIDATE (e.g. slate:2016:Trump).")
    ] = "all",
    deadline: Annotated[
        str | None, typer.Option(help="YYYY-MM-DD (default: the day the electors meet).")
    ] = None,
    milestones: Annotated[str | None, typer.Option(help="e.g. 1000,100000,1000000")] = None,
    publish: Annotated[bool, typer.Option("--publish", help="Publish at once.")] = False,
    fmt: FormatOption = None,
) -> None:
    """Create a petition (the operator vouches for the creator's e-mail); print its id."""
    from electoral.petitions.domain import DEFAULT_MILESTONES
    from electoral.petitions.errors import InvalidInputError
    from electoral.petitions.service import PetitionDraft

    try:
        day = dt.date.fromisoformat(deadline) if deadline else None
    except ValueError:
        raise InvalidInputError("deadline", f"{deadline!r}: expected YYYY-MM-DD") from None
    service = _service()
    draft = PetitionDraft(
        title=title,
        text=text,
        creator_name=creator_name,
        creator_email=creator_email,
        target=target,
        deadline=day,
        milestones=milestones or DEFAULT_MILESTONES,
    )
    made = service.create_petition(draft, creator_verified=True)
    if publish:
        service.publish(made.id)
    if fmt is Format.JSON:
        _print_json({"id": made.id})
    else:
        sys.stdout.write(f"{made.id}\n")


def _moderate(action: str, petition_id: int, fmt: Format | None, reason: str = "") -> None:
    service = _service()
    if action == "reject":
        done = service.reject(petition_id, reason)
    else:
        done = getattr(service, action)(petition_id)
    if fmt is Format.JSON:
        _print_json({"id": done.id, "status": done.status.value})
    else:
        sys.stdout.write(f"{done.id} {done.status.value}\n")


@petition_app.command("publish")
def publish_cmd(petition_id: PetitionId, fmt: FormatOption = None) -> None:
    """Moderation: publish a pending petition."""
    _moderate("publish", petition_id, fmt)


@petition_app.command()
def reject(
    petition_id: PetitionId,
    reason: Annotated[str, typer.Option(help="Shown to the creator.")],
    fmt: FormatOption = None,
) -> None:
    """Moderation: reject a pending petition with a reason."""
    _moderate("reject", petition_id, fmt, reason)


@petition_app.command()
def close(petition_id: PetitionId, fmt: FormatOption = None) -> None:
    """Stop signing an open petition."""
    _moderate("close", petition_id, fmt)


@petition_app.command()
def deliver(petition_id: PetitionId, fmt: FormatOption = None) -> None:
    """Record that a closed petition was delivered to the electors."""
    _moderate("deliver", petition_id, fmt)


@petition_app.command()
def recount(petition_id: PetitionId, fmt: FormatOption = None) -> None:
    """Rebuild a petition's counts from its signatures and report any drift."""
    result = _service().recount(petition_id)
    rows = [
        {"state": s.value, "signatures": n, "drift": result.drift.get(s, 0)}
        for s, n in sorted(result.by_state.items())
    ]
    footer = [f"Total {result.total:,}; drift {result.as_json()['drift'] or 'none'}."]
    emit(fmt, rows, result.as_json(), title=f"Petition {petition_id}", footer=footer)


@petition_app.command()
def export(
    petition_id: PetitionId,
    state: Annotated[str | None, typer.Option(help="One state's signers (postal code).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv or pdf.")] = "csv",
    output: Annotated[Path | None, typer.Option(help="Write to this file.")] = None,
) -> None:
    """Validated signers' names and ZIP codes, by state, as CSV or PDF (never e-mails)."""
    from electoral.petitions import export as exporter
    from electoral.petitions.errors import InvalidInputError
    from electoral.states import parse_state

    if fmt not in ("csv", "pdf"):
        raise InvalidInputError("format", f"{fmt!r}: expected csv or pdf")
    service = _service()
    rows = service.export_rows(petition_id, parse_state(state) if state else None)
    if fmt == "csv":
        data = exporter.to_csv(rows).encode()
    else:
        petition = service.get_petition(petition_id, public=False).petition
        data = exporter.to_pdf(petition, rows)
    if output is not None:
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@petition_app.command("list")
def list_cmd(
    all_: Annotated[bool, typer.Option("--all", help="Also pending and rejected.")] = False,
    fmt: FormatOption = None,
) -> None:
    """Petitions with their status and signatures."""
    from electoral.petitions.domain import PetitionStatus

    service = _service()
    views = service.list_petitions(list(PetitionStatus) if all_ else None)
    rows = [
        {
            "id": v.petition.id,
            "title": v.petition.title,
            "status": v.petition.status.value,
            "deadline": v.petition.deadline.isoformat(),
            "signatures": v.counts.total,
        }
        for v in views
    ]
    emit(fmt, rows, [v.as_json() for v in views], title="Petitions")


@mail_app.command()
def worker(
    once: Annotated[bool, typer.Option("--once", help="Send what is due, then stop.")] = False,
) -> None:
    """Send the outbox's mails over SMTP (ELECTORAL_SMTP_URL; unset: to the log)."""
    from electoral.logconfig import configure_logging
    from electoral.petitions.worker import run

    settings = checked_settings()
    configure_logging(settings)
    sent = run(settings, once=once)
    sys.stderr.write(f"{sent} mails sent\n")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``electoral`` app."""
    app.add_typer(petition_app, name="petition")
    app.add_typer(mail_app, name="mail")
