"""Counting validated signatures: the sharded counters, the recount that repairs them, and the
milestones a petition's total reaches; and a moderator's change of a signature's status,
which the counts follow.

``signature_counts`` holds one row per (petition, state, shard) (:mod:`electoral.petitions.db`):
a validation adds one to a shard chosen at random, atomically in the database, and reading
sums the shards.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from electoral.petitions.db import COUNTS, MILESTONES, SHARDS, SIGNATURES, statements, writing
from electoral.petitions.domain import (
    SignatureStatus,
    check_transition,
    milestones_crossed,
    parse_milestones,
)
from electoral.petitions.errors import InvalidInputError
from electoral.petitions.rows import to_milestone
from electoral.petitions.values import Counts, Milestone, Recount
from electoral.states import State

if TYPE_CHECKING:
    import datetime as dt

    from electoral.petitions.context import ServiceContext
    from electoral.petitions.rows import AnyRow

__all__ = [
    "add",
    "counts",
    "counts_of",
    "milestones_of",
    "recount",
    "record_milestones",
    "set_signature_status",
]


def counts(ctx: ServiceContext, petition_id: int) -> Counts:
    """Validated signatures of a petition, total and by state (from the counter shards)."""
    with ctx.engine.connect() as connection:
        return counts_of(connection, [petition_id]).get(petition_id, Counts(total=0, by_state={}))


def counts_of(connection: Connection, ids: Sequence[int]) -> dict[int, Counts]:
    """The counts of several petitions (those with none are left out)."""
    if not ids:
        return {}
    rows = connection.execute(
        sa.select(COUNTS.c.petition_id, COUNTS.c.state, sa.func.sum(COUNTS.c.n))
        .where(COUNTS.c.petition_id.in_(ids))
        .group_by(COUNTS.c.petition_id, COUNTS.c.state)
    )
    by_petition: dict[int, dict[State, int]] = {}
    for petition_id, state, n in rows:
        if n:
            by_petition.setdefault(petition_id, {})[State(state)] = int(n)
    return {p: Counts(total=sum(s.values()), by_state=s) for p, s in by_petition.items()}


def milestones_of(connection: Connection, ids: Sequence[int]) -> dict[int, tuple[Milestone, ...]]:
    """The milestones recorded for several petitions, lowest first."""
    if not ids:
        return {}
    found: dict[int, list[Milestone]] = {}
    rows = connection.execute(
        sa.select(MILESTONES)
        .where(MILESTONES.c.petition_id.in_(ids))
        .order_by(MILESTONES.c.threshold)
    )
    for r in rows:
        found.setdefault(r.petition_id, []).append(to_milestone(r))
    return {p: tuple(m) for p, m in found.items()}


def add(connection: Connection, petition_id: int, state: str, delta: int) -> None:
    """Add ``delta`` to a random shard of the petition's count for ``state``, atomically
    (``n = n + excluded.n`` in the database: no read-modify-write, no lost update)."""
    connection.execute(
        statements(connection.dialect.name).add_count,
        {
            "petition_id": petition_id,
            "state": state,
            "shard": random.randrange(SHARDS),
            "n": delta,
        },
    )


def record_milestones(
    connection: Connection, petition_id: int, counted: AnyRow, now: dt.datetime
) -> None:
    """Record the milestones the petition's total (``counted``: its milestones, total and
    how many milestones are recorded) has reached and that have no row yet: new, or missed
    by a concurrent confirmation (PostgreSQL)."""
    crossed = milestones_crossed(parse_milestones(counted.milestones), int(counted.total))
    if len(crossed) > counted.recorded:
        connection.execute(
            statements(connection.dialect.name).insert_milestones,
            [{"petition_id": petition_id, "threshold": m, "reached_at": now} for m in crossed],
        )


def recount(ctx: ServiceContext, petition_id: int) -> Recount:
    """Rebuild the counts from the signatures and report the drift.

    The true counts and the counters are read in one snapshot, and the difference is then
    *added* to the counters: additions commute with validations happening meanwhile, so
    the recount needs no lock and loses none of them.
    """
    reader = ctx.engine.connect()
    if ctx.engine.dialect.name == "postgresql":
        reader = reader.execution_options(isolation_level="REPEATABLE READ")
    with reader, reader.begin():
        ctx.load(petition_id, public=False, connection=reader)
        true_counts = {
            State(s): int(n)
            for s, n in reader.execute(
                sa.select(SIGNATURES.c.state, sa.func.count())
                .where(
                    SIGNATURES.c.petition_id == petition_id,
                    SIGNATURES.c.status == SignatureStatus.VALIDATED.value,
                )
                .group_by(SIGNATURES.c.state)
            )
        }
        stored = (
            counts_of(reader, [petition_id]).get(petition_id, Counts(total=0, by_state={})).by_state
        )
    drift = {
        s: stored.get(s, 0) - true_counts.get(s, 0)
        for s in set(stored) | set(true_counts)
        if stored.get(s, 0) != true_counts.get(s, 0)
    }
    if drift:
        with writing(ctx.engine) as connection:
            for state, wrong in drift.items():
                add(connection, petition_id, state.value, -wrong)
    return Recount(
        petition_id=petition_id,
        total=sum(true_counts.values()),
        by_state=true_counts,
        drift=drift,
    )


def set_signature_status(
    ctx: ServiceContext, signature_id: int, new: SignatureStatus, reason: str | None = None
) -> None:
    """Moderation: invalidate, restore or mark a signature fraudulent; the counts follow
    in the same transaction.

    Raises:
        InvalidInputError: no such signature.
        TransitionError: the rules forbid the change.
    """
    with writing(ctx.engine) as connection:
        row = connection.execute(
            sa.select(SIGNATURES.c.petition_id, SIGNATURES.c.status, SIGNATURES.c.state).where(
                SIGNATURES.c.id == signature_id
            )
        ).first()
        if row is None:
            raise InvalidInputError("signature", f"no signature {signature_id}")
        old = SignatureStatus(row.status)
        check_transition(old, new)
        values: dict[str, object] = {"status": new.value}
        if new is SignatureStatus.FRAUDULENT:
            values["fraud_reason"] = (reason or "moderator")[:60]
        if new is SignatureStatus.VALIDATED:
            values["validated_at"] = ctx.now()
        connection.execute(
            sa.update(SIGNATURES)
            .where(SIGNATURES.c.id == signature_id, SIGNATURES.c.status == old.value)
            .values(values)
        )
        delta = (new is SignatureStatus.VALIDATED) - (old is SignatureStatus.VALIDATED)
        if delta:
            add(connection, row.petition_id, row.state, delta)
