"""The values the petition service returns and accepts: frozen dataclasses, never rows.

No value carries an e-mail address except what a creator or signer submits
(:class:`PetitionDraft`, :class:`SignatureForm`); what the service returns never does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from electoral.petitions.domain import (
    DEFAULT_MILESTONES,
    CommentStatus,
    PetitionStatus,
    Target,
)
from electoral.states import State

__all__ = [
    "Channel",
    "Client",
    "Comment",
    "Confirmation",
    "Counts",
    "ExportRow",
    "Milestone",
    "Petition",
    "PetitionDraft",
    "PetitionView",
    "Recount",
    "SignatureForm",
    "Submission",
    "Update",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Petition:
    """A petition as the public may see it (the creator's e-mail is never part of it)."""

    id: int
    title: str
    text: str
    creator_name: str
    target: Target
    deadline: dt.date
    milestones: tuple[int, ...]
    status: PetitionStatus
    rejection_reason: str | None
    is_creator_verified: bool
    created_at: dt.datetime
    published_at: dt.datetime | None
    closed_at: dt.datetime | None
    delivered_at: dt.datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Counts:
    """Validated signatures: the total and by state."""

    total: int
    by_state: dict[State, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class Milestone:
    threshold: int
    reached_at: dt.datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Update:
    id: int
    body: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class PetitionView:
    """A petition with its counts, the milestones reached and the creator's updates."""

    petition: Petition
    counts: Counts
    milestones: tuple[Milestone, ...]
    updates: tuple[Update, ...] = ()

    def as_json(self) -> dict[str, object]:
        """The API's shape: ``id, title, status, signatures, by_state, milestones`` and more."""
        p = self.petition
        return {
            "id": p.id,
            "title": p.title,
            "text": p.text,
            "creator": p.creator_name,
            "status": p.status.value,
            "target": str(p.target),
            "deadline": p.deadline.isoformat(),
            "signatures": self.counts.total,
            "by_state": {s.value: n for s, n in sorted(self.counts.by_state.items())},
            "milestones": [
                {"threshold": m.threshold, "reached_at": m.reached_at.isoformat()}
                for m in self.milestones
            ],
            "next_milestone": next((m for m in p.milestones if m > self.counts.total), None),
            "updates": [
                {"id": u.id, "body": u.body, "created_at": u.created_at.isoformat()}
                for u in self.updates
            ],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class PetitionDraft:
    """What a creator submits."""

    title: str
    text: str
    creator_name: str
    creator_email: str
    target: str = "all"
    deadline: dt.date | None = None
    milestones: Sequence[int] | str = DEFAULT_MILESTONES


@dataclass(frozen=True, slots=True, kw_only=True)
class SignatureForm:
    """What a signer submits; ``state`` corrects the state found from the ZIP code."""

    name: str
    email: str
    zip: str
    state: str | None = None
    comment: str | None = None
    ref: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Client:
    """Who is submitting: the client's address (see ``ratelimit.client_address``)."""

    ip: str | None = None


@dataclass(frozen=True, slots=True)
class Submission:
    """One signature submitted: to which petition, what, and by whom."""

    petition_id: int
    form: SignatureForm
    client: Client | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Confirmation:
    """A validated signature, with the token that lets its signer comment, and what the
    confirmation page shows: the petition's title and its counts as this validation committed
    them (total, and from the signer's state)."""

    petition_id: int
    signature_id: int
    state: State
    comment_token: str
    title: str
    total: int
    state_total: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Comment:
    """A comment in plain text (``body`` is ``None`` once its author's data was removed)."""

    id: int
    petition_id: int
    parent_id: int | None
    author: str
    state: State
    body: str | None
    status: CommentStatus
    flags: int
    created_at: dt.datetime
    replies: tuple[Comment, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "parent": self.parent_id,
            "author": self.author,
            "state": self.state.value,
            "body": self.body,
            "status": self.status.value,
            "created_at": self.created_at.isoformat(),
            "replies": [r.as_json() for r in self.replies],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Recount:
    """Counts rebuilt from the signatures; ``drift`` is what the counters had wrong by state
    (stored minus true; empty when they were right)."""

    petition_id: int
    total: int
    by_state: dict[State, int]
    drift: dict[State, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.petition_id,
            "total": self.total,
            "by_state": {s.value: n for s, n in sorted(self.by_state.items())},
            "drift": {s.value: n for s, n in sorted(self.drift.items())},
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportRow:
    """A validated signer for delivery to electors: name and ZIP code, never the e-mail."""

    name: str
    zip: str
    state: State


class Channel(StrEnum):
    """Where a share link is posted; its referral code starts with the channel."""

    LINK = "link"
    EMAIL = "email"
    FACEBOOK = "facebook"
    X = "x"
    WHATSAPP = "whatsapp"
