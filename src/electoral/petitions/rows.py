"""Rows of the petitions' tables (:mod:`electoral.petitions.db`) mapped to the service's values
(:mod:`electoral.petitions.values`), and the times between the two: the tables keep naive UTC
(SQLite stores no zone), the values carry aware UTC.

Kept beside ``db.py`` rather than in it: ``db.py`` describes the storage (models, engine,
prepared statements, migrations) and knows nothing of the values.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.engine import Row

from electoral.petitions.domain import (
    CommentStatus,
    PetitionStatus,
    Target,
    TargetKind,
    parse_milestones,
)
from electoral.petitions.values import Comment, Milestone, Petition, Update
from electoral.states import State

__all__ = ["AnyRow", "aware", "naive", "to_comment", "to_milestone", "to_petition", "to_update"]

AnyRow = Row[*tuple[Any, ...]]


def naive(moment: dt.datetime) -> dt.datetime:
    """Datetimes are stored as naive UTC (SQLite keeps no zone)."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def aware(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else moment.replace(tzinfo=dt.UTC)


def to_petition(row: AnyRow) -> Petition:
    """A ``petitions`` row (every column) as the public may see it (no creator e-mail)."""
    target = Target(
        kind=TargetKind(row.target_kind),
        states=tuple(State(s) for s in row.target_states.split(",") if s),
        year=row.target_year,
        candidate=row.target_candidate,
    )
    return Petition(
        id=row.id,
        title=row.title,
        text=row.text,
        creator_name=row.creator_name,
        target=target,
        deadline=row.deadline,
        milestones=parse_milestones(row.milestones),
        status=PetitionStatus(row.status),
        rejection_reason=row.rejection_reason,
        is_creator_verified=row.creator_verified_at is not None,
        created_at=row.created_at.replace(tzinfo=dt.UTC),
        published_at=aware(row.published_at),
        closed_at=aware(row.closed_at),
        delivered_at=aware(row.delivered_at),
    )


def to_comment(row: AnyRow, replies: tuple[Comment, ...] = ()) -> Comment:
    """A ``comments`` row joined with its signature's name and state."""
    return Comment(
        id=row.id,
        petition_id=row.petition_id,
        parent_id=row.parent_id,
        author=row.name if row.name is not None else "(removed)",
        state=State(row.state),
        body=row.body,
        status=CommentStatus(row.status),
        flags=row.flags,
        created_at=row.created_at.replace(tzinfo=dt.UTC),
        replies=replies,
    )


def to_update(row: AnyRow) -> Update:
    return Update(id=row.id, body=row.body, created_at=row.created_at.replace(tzinfo=dt.UTC))


def to_milestone(row: AnyRow) -> Milestone:
    return Milestone(threshold=row.threshold, reached_at=row.reached_at.replace(tzinfo=dt.UTC))
