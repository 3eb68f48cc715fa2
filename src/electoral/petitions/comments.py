"""Comments: a validated signer's reasons for signing and replies to them (one level deep),
flagged by anyone, hidden or restored by a moderator. Bodies are plain text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from electoral.petitions.db import COMMENTS, SIGNATURES, writing
from electoral.petitions.domain import (
    COMMENT_MAX,
    CommentStatus,
    SignatureStatus,
    check_transition,
    clean_text,
)
from electoral.petitions.errors import CommentNotFoundError, InvalidInputError, NotPermittedError
from electoral.petitions.rows import to_comment
from electoral.petitions.tokens import Purpose

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from electoral.petitions.context import ServiceContext
    from electoral.petitions.rows import AnyRow
    from electoral.petitions.values import Comment

__all__ = ["change_comment", "list_comments", "post_comment"]


def post_comment(
    ctx: ServiceContext,
    comment_token: str,
    body: str,
    parent_id: int | None = None,
    petition_id: int | None = None,
) -> Comment:
    """A reason for signing, or a reply to one (one level deep), by a validated signer.

    Raises:
        InvalidTokenError: a forged or expired comment token.
        NotPermittedError: the signature is not validated (any more), or was anonymised.
        InvalidInputError: empty or too long, or ``parent`` is not a top-level comment here.
    """
    signature_id = ctx.tokens.read(Purpose.COMMENT, comment_token)
    text = clean_text(body, "body", COMMENT_MAX, multiline=True)
    now = ctx.now()
    with writing(ctx.engine) as connection:
        signer = connection.execute(
            sa.select(SIGNATURES.c.petition_id, SIGNATURES.c.status, SIGNATURES.c.removed_at).where(
                SIGNATURES.c.id == signature_id
            )
        ).first()
        if signer is None or signer.status != SignatureStatus.VALIDATED.value or signer.removed_at:
            raise NotPermittedError("only signers with a confirmed signature may comment")
        if petition_id is not None and signer.petition_id != petition_id:
            raise NotPermittedError("the comment token is for another petition")
        if parent_id is not None:
            parent = connection.execute(
                sa.select(COMMENTS.c.petition_id, COMMENTS.c.parent_id).where(
                    COMMENTS.c.id == parent_id
                )
            ).first()
            if (
                parent is None
                or parent.petition_id != signer.petition_id
                or parent.parent_id is not None
            ):
                raise InvalidInputError(
                    "parent", f"{parent_id} is not a top-level comment of this petition"
                )
        new_id = connection.execute(
            sa.insert(COMMENTS)
            .values(
                petition_id=signer.petition_id,
                signature_id=signature_id,
                parent_id=parent_id,
                body=text,
                status=CommentStatus.VISIBLE.value,
                flags=0,
                created_at=now,
            )
            .returning(COMMENTS.c.id)
        ).scalar_one()
        return to_comment(_comment_row(connection, new_id))


def _comment_query() -> sa.Select[Any]:
    return sa.select(
        COMMENTS.c.id,
        COMMENTS.c.petition_id,
        COMMENTS.c.parent_id,
        COMMENTS.c.body,
        COMMENTS.c.status,
        COMMENTS.c.flags,
        COMMENTS.c.created_at,
        SIGNATURES.c.name,
        SIGNATURES.c.state,
    ).join(SIGNATURES, SIGNATURES.c.id == COMMENTS.c.signature_id)


def _comment_row(connection: Connection, comment_id: int) -> AnyRow:
    row = connection.execute(_comment_query().where(COMMENTS.c.id == comment_id)).first()
    if row is None:
        raise CommentNotFoundError(comment_id)
    return row


def list_comments(
    ctx: ServiceContext, petition_id: int, *, include_hidden: bool = False
) -> list[Comment]:
    """The reasons for signing, oldest first, each with its replies (hidden ones only for
    moderators). Bodies are plain text: escape them, or use :func:`markup.linkify`.

    Raises:
        PetitionNotFoundError: no such published petition.
    """
    with ctx.engine.connect() as connection:
        ctx.load(petition_id, public=not include_hidden, connection=connection)
        query = _comment_query().where(COMMENTS.c.petition_id == petition_id)
        if not include_hidden:
            query = query.where(COMMENTS.c.status != CommentStatus.HIDDEN.value)
        rows = connection.execute(query.order_by(COMMENTS.c.id)).all()
    replies: dict[int, list[Comment]] = {}
    for r in rows:
        if r.parent_id is not None:
            replies.setdefault(r.parent_id, []).append(to_comment(r))
    return [to_comment(r, tuple(replies.get(r.id, ()))) for r in rows if r.parent_id is None]


def change_comment(
    ctx: ServiceContext,
    comment_id: int,
    new: CommentStatus,
    *,
    flag: bool = False,
    petition_id: int | None = None,
) -> Comment:
    """Flag a comment (``flag``: anyone; a visible one becomes ``new``, a hidden one is not
    found) or move it to ``new`` (a moderator: hide or restore).

    Raises:
        CommentNotFoundError: no such comment (on ``petition_id``, if given).
        TransitionError: the rules forbid the change.
    """
    with writing(ctx.engine) as connection:
        row = _comment_row(connection, comment_id)
        if petition_id is not None and row.petition_id != petition_id:
            raise CommentNotFoundError(comment_id)
        current = CommentStatus(row.status)
        values: dict[str, object] = {}
        if flag:
            values["flags"] = COMMENTS.c.flags + 1
            if current is CommentStatus.VISIBLE:
                values["status"] = new.value
        else:
            check_transition(current, new)
            values["status"] = new.value
        if flag and current is CommentStatus.HIDDEN:
            raise CommentNotFoundError(comment_id)
        connection.execute(sa.update(COMMENTS).where(COMMENTS.c.id == comment_id).values(values))
        return to_comment(_comment_row(connection, comment_id))
