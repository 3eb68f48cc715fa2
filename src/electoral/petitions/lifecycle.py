"""A petition's life: created (pending), its creator's address confirmed, published or
rejected by a moderator, closed at its deadline, delivered to the electors; and reading
petitions with their counts, milestones and the creator's updates.

The transitions allowed are :func:`electoral.petitions.domain.check_transition`'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

import sqlalchemy as sa

from electoral.petitions import mail as outbox
from electoral.petitions import wording
from electoral.petitions.counting import counts_of, milestones_of
from electoral.petitions.db import PETITIONS, UPDATES, writing
from electoral.petitions.domain import (
    NAME_MAX,
    REASON_MAX,
    TEXT_MAX,
    TITLE_MAX,
    PetitionStatus,
    check_transition,
    clean_text,
    default_deadline,
    electors_targeted,
    normalise_email,
    parse_milestones,
    parse_target,
)
from electoral.petitions.errors import InvalidInputError, InvalidTokenError, NotPermittedError
from electoral.petitions.rows import to_petition, to_update
from electoral.petitions.tokens import Purpose
from electoral.petitions.values import Counts, Petition, PetitionDraft, PetitionView, Update

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from electoral.petitions.context import ServiceContext
    from electoral.states import State

__all__ = [
    "close",
    "close_expired",
    "confirm_creator",
    "create_petition",
    "deliver",
    "electors",
    "get_petition",
    "list_petitions",
    "manage_token",
    "petition_for_manage_token",
    "post_update",
    "publish",
    "reject",
]


def create_petition(
    ctx: ServiceContext, draft: PetitionDraft, *, creator_verified: bool = False
) -> Petition:
    """Record a new petition, pending moderation. Unless the creator is already verified
    (an operator at the command line), mail them a link to confirm their address.

    Raises:
        InvalidInputError: a field is malformed (named in the error).
    """
    now = ctx.now()
    target = parse_target(draft.target, ctx.record)
    deadline = draft.deadline or default_deadline(target, now.date(), ctx.record)
    if deadline < now.date():
        if draft.deadline is None:  # the default: the day a past election's electors met
            raise InvalidInputError(
                "deadline",
                f"the default, the day {target.year}'s electors met ({deadline}), is in the"
                " past: give a deadline to petition a past election's electors",
            )
        raise InvalidInputError("deadline", f"{deadline} is in the past")
    values = {
        "title": clean_text(draft.title, "title", TITLE_MAX),
        "text": clean_text(draft.text, "text", TEXT_MAX, multiline=True),
        "creator_name": clean_text(draft.creator_name, "creator_name", NAME_MAX),
        "creator_email": normalise_email(draft.creator_email, "creator_email").address,
        "creator_verified_at": now if creator_verified else None,
        "target_kind": target.kind.value,
        "target_states": ",".join(target.states),
        "target_year": target.year,
        "target_candidate": target.candidate,
        "deadline": deadline,
        "milestones": ",".join(map(str, parse_milestones(draft.milestones))),
        "status": PetitionStatus.PENDING.value,
        "created_at": now,
    }
    with writing(ctx.engine) as connection:
        result = connection.execute(sa.insert(PETITIONS).values(values).returning(PETITIONS))
        petition = to_petition(result.one())
        if not creator_verified:
            _mail_creator(ctx, connection, petition.id, values["creator_email"], now)  # type: ignore[arg-type]
    return petition


def _mail_creator(
    ctx: ServiceContext, connection: Connection, petition_id: int, to: str, now: dt.datetime
) -> None:
    token = ctx.tokens.make(Purpose.CONFIRM_CREATOR, petition_id)
    mail = wording.confirm_creator(ctx.base_url, token)
    outbox.enqueue(
        connection,
        key=f"creator:{petition_id}",
        recipient=to,
        subject=mail.subject,
        body=mail.body,
        now=now,
    )


def confirm_creator(ctx: ServiceContext, token: str) -> tuple[Petition, str]:
    """Verify a creator's address from the mailed link; returns the petition and the
    creator's management token (for posting updates).

    Raises:
        InvalidTokenError: a forged, expired or unknown link.
    """
    petition_id = ctx.tokens.read(Purpose.CONFIRM_CREATOR, token)
    with writing(ctx.engine) as connection:
        connection.execute(
            sa.update(PETITIONS)
            .where(PETITIONS.c.id == petition_id, PETITIONS.c.creator_verified_at.is_(None))
            .values(creator_verified_at=ctx.now())
        )
        row = connection.execute(sa.select(PETITIONS).where(PETITIONS.c.id == petition_id)).first()
    if row is None:
        raise InvalidTokenError("the link is not valid: no such petition")
    return to_petition(row), ctx.tokens.make(Purpose.MANAGE, petition_id)


def petition_for_manage_token(ctx: ServiceContext, token: str) -> Petition:
    """The petition a creator's management token is for."""
    petition_id = ctx.tokens.read(Purpose.MANAGE, token)
    return ctx.load(petition_id, public=False)


def manage_token(ctx: ServiceContext, petition_id: int) -> str:
    """A management token for a petition (for operators, e.g. the command line)."""
    ctx.load(petition_id, public=False)
    return ctx.tokens.make(Purpose.MANAGE, petition_id)


def publish(ctx: ServiceContext, petition_id: int) -> Petition:
    """Moderation: publish a pending petition (its creator must have confirmed their e-mail).

    Raises:
        TransitionError: the petition is not pending.
        NotPermittedError: the creator's address is not confirmed.
    """
    petition = ctx.load(petition_id, public=False)
    if not petition.is_creator_verified:
        raise NotPermittedError(
            f"petition {petition_id}: the creator has not confirmed their e-mail"
        )
    return _transition(ctx, petition, PetitionStatus.OPEN, published_at=ctx.now())


def reject(ctx: ServiceContext, petition_id: int, reason: str) -> Petition:
    """Moderation: reject a pending petition, with the reason shown to its creator."""
    reason = clean_text(reason, "reason", REASON_MAX, multiline=True)
    petition = ctx.load(petition_id, public=False)
    return _transition(ctx, petition, PetitionStatus.REJECTED, rejection_reason=reason)


def close(ctx: ServiceContext, petition_id: int) -> Petition:
    """Stop signing (normally at the deadline; see :func:`close_expired`)."""
    petition = ctx.load(petition_id, public=False)
    return _transition(ctx, petition, PetitionStatus.CLOSED, closed_at=ctx.now())


def deliver(ctx: ServiceContext, petition_id: int) -> Petition:
    """Record that a closed petition was delivered to the electors."""
    petition = ctx.load(petition_id, public=False)
    return _transition(ctx, petition, PetitionStatus.DELIVERED, delivered_at=ctx.now())


def _transition(
    ctx: ServiceContext, petition: Petition, new: PetitionStatus, **values: object
) -> Petition:
    check_transition(petition.status, new)
    with writing(ctx.engine) as connection:
        result = connection.execute(
            sa.update(PETITIONS)
            .where(PETITIONS.c.id == petition.id, PETITIONS.c.status == petition.status.value)
            .values(status=new.value, **values)
            .returning(PETITIONS)
        )
        row = result.first()
    if row is None:  # changed meanwhile by someone else: judge against the new state
        return _transition(ctx, ctx.load(petition.id, public=False), new, **values)
    return to_petition(row)


def close_expired(ctx: ServiceContext) -> list[int]:
    """Close every open petition whose deadline has passed; returns their ids."""
    now = ctx.now()
    with writing(ctx.engine) as connection:
        rows = connection.execute(
            sa.update(PETITIONS)
            .where(
                PETITIONS.c.status == PetitionStatus.OPEN.value,
                PETITIONS.c.deadline < now.date(),
            )
            .values(status=PetitionStatus.CLOSED.value, closed_at=now)
            .returning(PETITIONS.c.id)
        )
        return sorted(r[0] for r in rows)


def get_petition(ctx: ServiceContext, petition_id: int, *, public: bool = True) -> PetitionView:
    """A petition with its counts, milestones and updates.

    Raises:
        PetitionNotFoundError: no such petition, or (``public``) not published.
    """
    with ctx.engine.connect() as connection:
        petition = ctx.load(petition_id, public=public, connection=connection)
        counts = counts_of(connection, [petition_id]).get(petition_id, Counts(total=0, by_state={}))
        milestones = milestones_of(connection, [petition_id]).get(petition_id, ())
        updates = tuple(
            to_update(r)
            for r in connection.execute(
                sa.select(UPDATES)
                .where(UPDATES.c.petition_id == petition_id)
                .order_by(UPDATES.c.id)
            )
        )
    return PetitionView(petition=petition, counts=counts, milestones=milestones, updates=updates)


def list_petitions(
    ctx: ServiceContext, statuses: Iterable[PetitionStatus] | None = None
) -> list[PetitionView]:
    """Petitions (default: the published ones), newest first, with counts and milestones."""
    wanted = [s.value for s in (statuses or [s for s in PetitionStatus if s.is_public])]
    with ctx.engine.connect() as connection:
        rows = connection.execute(
            sa.select(PETITIONS)
            .where(PETITIONS.c.status.in_(wanted))
            .order_by(PETITIONS.c.id.desc())
        ).all()
        ids = [r.id for r in rows]
        counts = counts_of(connection, ids)
        milestones = milestones_of(connection, ids)
    empty = Counts(total=0, by_state={})
    return [
        PetitionView(
            petition=to_petition(r),
            counts=counts.get(r.id, empty),
            milestones=milestones.get(r.id, ()),
        )
        for r in rows
    ]


def electors(ctx: ServiceContext, petition: Petition) -> dict[State, int]:
    """The electors the petition addresses, by state."""
    return electors_targeted(petition.target, ctx.record)


def post_update(ctx: ServiceContext, petition_id: int, body: str) -> Update:
    """An update from the creator (the caller checked the management token)."""
    text = clean_text(body, "body", TEXT_MAX, multiline=True)
    now = ctx.now()
    with writing(ctx.engine) as connection:
        ctx.load(petition_id, public=False, connection=connection)
        new_id = connection.execute(
            sa.insert(UPDATES)
            .values(petition_id=petition_id, body=text, created_at=now)
            .returning(UPDATES.c.id)
        ).scalar_one()
    return Update(id=new_id, body=text, created_at=now.replace(tzinfo=dt.UTC))
