"""Delivery and privacy: the signers to deliver to the electors (never an e-mail address), a
person's data removed on request, and old rate counters pruned."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import sqlalchemy as sa

from electoral.petitions import mail as outbox
from electoral.petitions.db import COMMENTS, OUTBOX, SIGNATURES, writing
from electoral.petitions.domain import SignatureStatus, normalise_email
from electoral.petitions.ratelimit import prune_counters
from electoral.petitions.values import ExportRow
from electoral.states import State

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from electoral.petitions.context import ServiceContext

__all__ = ["export_rows", "prune", "remove_personal_data"]


def export_rows(
    ctx: ServiceContext, petition_id: int, state: State | None = None
) -> list[ExportRow]:
    """The validated signers (name, ZIP code, state) to deliver, by state and name;
    signers who had their data removed are counted but not listed."""
    with ctx.engine.connect() as connection:
        ctx.load(petition_id, public=False, connection=connection)
        query = sa.select(SIGNATURES.c.name, SIGNATURES.c.zip, SIGNATURES.c.state).where(
            SIGNATURES.c.petition_id == petition_id,
            SIGNATURES.c.status == SignatureStatus.VALIDATED.value,
            SIGNATURES.c.removed_at.is_(None),
        )
        if state is not None:
            query = query.where(SIGNATURES.c.state == state.value)
        rows = connection.execute(
            query.order_by(SIGNATURES.c.state, SIGNATURES.c.name, SIGNATURES.c.id)
        )
        return [ExportRow(name=r.name, zip=r.zip, state=State(r.state)) for r in rows]


def remove_personal_data(ctx: ServiceContext, email: str) -> int:
    """Erase a person's name, address, ZIP code, IP address and comments from every
    signature they made; the signatures stay (anonymised) and counted, and their unsent
    mails are cancelled. Returns the number of signatures anonymised.

    The digest of the normalised address is kept: it is what stops the same person
    signing twice, and it cannot be turned back into the address without guessing it.
    """
    digest = normalise_email(email).digest
    now = ctx.now()
    with writing(ctx.engine) as connection:
        ids = [
            r[0]
            for r in connection.execute(
                sa.select(SIGNATURES.c.id).where(SIGNATURES.c.email_digest == digest)
            )
        ]
        if not ids:
            return 0
        connection.execute(
            sa.update(SIGNATURES)
            .where(SIGNATURES.c.id.in_(ids))
            .values(
                name=None,
                email=None,
                zip=None,
                comment=None,
                ip=None,
                email_domain=None,
                removed_at=now,
            )
        )
        connection.execute(
            sa.update(COMMENTS).where(COMMENTS.c.signature_id.in_(ids)).values(body=None)
        )
        _forget_mail(connection, ids)
    return len(ids)


def _forget_mail(connection: Connection, signature_ids: Sequence[int]) -> None:
    keys = sa.or_(
        *(
            sa.or_(
                OUTBOX.c.key == f"confirm:{i}",
                OUTBOX.c.key.like(f"resend:{i}:%"),
                OUTBOX.c.key.like(f"already:{i}:%"),
            )
            for i in signature_ids
        )
    )
    unsent = OUTBOX.c.status.in_(
        [outbox.OutboxStatus.QUEUED, outbox.OutboxStatus.CLAIMED, outbox.OutboxStatus.FAILED]
    )
    connection.execute(
        sa.update(OUTBOX).where(keys, unsent).values(status=outbox.OutboxStatus.CANCELLED)
    )
    connection.execute(sa.update(OUTBOX).where(keys).values(recipient=None))


def prune(ctx: ServiceContext, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
    """Delete rate counters of windows older than ``older_than``."""
    with writing(ctx.engine) as connection:
        return prune_counters(connection, int((ctx.clock() - older_than).timestamp()))
