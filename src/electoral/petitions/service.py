"""The petition service's use cases, each one transaction: create and moderate petitions, sign
and confirm, count and recount, comment, share, export, and remove personal data.

The web pages, the JSON API and the command line all call :class:`PetitionService`; none of
them touches the tables. Every method either completes or changes nothing.

Signing is the hot path: :meth:`PetitionService.sign_many` takes a batch of submissions in one
transaction (read the petition once, bump the rate counters in one upsert, insert each
signature, insert the mails in one statement), which is how a surge shares commits
(:mod:`electoral.petitions.batch`); :meth:`PetitionService.sign` is a batch of one. It never
scans the ZIP table
(indexed once, :mod:`electoral.petitions.zips`) and reads the allow and block lists from a
cache refreshed every :data:`LISTS_TTL` seconds.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import quote, urlencode

import sqlalchemy as sa  # noqa: TID253
from sqlalchemy.engine import Connection, Engine, Row  # noqa: TID253

from electoral.data import Record
from electoral.errors import UnknownStateError
from electoral.petitions import mail as outbox
from electoral.petitions.db import (
    ABUSE_RULES,
    COMMENTS,
    COUNTS,
    MILESTONES,
    OUTBOX,
    PETITIONS,
    SHARDS,
    SIGNATURES,
    UPDATES,
    create_engine,
    statements,
    writing,
)
from electoral.petitions.domain import (
    COMMENT_MAX,
    DEFAULT_MILESTONES,
    NAME_MAX,
    REASON_MAX,
    TEXT_MAX,
    TITLE_MAX,
    CommentStatus,
    PetitionStatus,
    SignatureStatus,
    Target,
    TargetKind,
    check_transition,
    clean_text,
    default_deadline,
    electors_targeted,
    milestones_crossed,
    normalise_email,
    parse_milestones,
    parse_target,
    validate_ref,
    validate_zip,
)
from electoral.petitions.errors import (
    CommentNotFoundError,
    InvalidInputError,
    InvalidTokenError,
    NotPermittedError,
    PetitionClosedError,
    PetitionError,
    PetitionNotFoundError,
    UsedTokenError,
)
from electoral.petitions.ratelimit import (
    AbuseLists,
    AbusePolicy,
    check_limits,
    counter_keys,
    prune_counters,
)
from electoral.petitions.tokens import Purpose, TokenSigner
from electoral.petitions.zips import state_of_zip
from electoral.states import State, parse_state

if TYPE_CHECKING:
    from electoral.settings import Settings

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
    "PetitionService",
    "PetitionView",
    "Recount",
    "SignatureForm",
    "Submission",
    "Update",
]

AnyRow = Row[*tuple[Any, ...]]
LISTS_TTL: Final = 30.0
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _naive(moment: dt.datetime) -> dt.datetime:
    """Datetimes are stored as naive UTC (SQLite keeps no zone)."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else moment.replace(tzinfo=dt.UTC)


# --- values the service returns and accepts ---------------------------------------------------


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


# --- mapping rows to values -------------------------------------------------------------------


def _petition(row: AnyRow) -> Petition:
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
        published_at=_aware(row.published_at),
        closed_at=_aware(row.closed_at),
        delivered_at=_aware(row.delivered_at),
    )


def _comment(row: AnyRow, replies: tuple[Comment, ...] = ()) -> Comment:
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


@dataclass(frozen=True, slots=True)
class _Signer:
    name: str
    address: str
    digest: str
    domain: str
    zip: str
    state: State
    comment: str | None
    ref: str | None

    def row(self, petition_id: int, ip: str | None, now: dt.datetime) -> dict[str, object]:
        """The signature's columns (its status and dedupe key are the caller's)."""
        return {
            "petition_id": petition_id,
            "name": self.name,
            "email": self.address,
            "email_digest": self.digest,
            "email_domain": self.domain,
            "zip": self.zip,
            "state": self.state.value,
            "comment": self.comment,
            "ref": self.ref,
            "ip": ip,
            "created_at": now,
        }


def _validate_form(form: SignatureForm) -> _Signer:
    name = clean_text(form.name, "name", NAME_MAX)
    email = normalise_email(form.email)
    zip_code = validate_zip(form.zip)
    if form.state:
        try:
            state = parse_state(form.state[:10])
        except UnknownStateError as error:
            raise InvalidInputError("state", str(error)) from None
    else:
        found = state_of_zip(zip_code)
        if found is None:
            raise InvalidInputError(
                "zip", f"{zip_code} is not a ZIP code of a state: give the state"
            )
        state = found
    comment = (
        clean_text(form.comment, "comment", COMMENT_MAX, multiline=True) if form.comment else None
    )
    ref = validate_ref(form.ref) if form.ref else None
    return _Signer(name, email.address, email.digest, email.domain, zip_code, state, comment, ref)


# --- the service --------------------------------------------------------------------------------


class PetitionService:
    """Every use case of the petitions, on one database.

    Args:
        engine: from :func:`electoral.petitions.db.create_engine` (schema upgraded).
        base_url: the public address, for links in mails.
        secret_key: signs the links' tokens.
        policy: rate limits (the allow and block lists come from the database).
        record: the electoral record for targets and deadlines (default: the bundled one).
        clock: the current time, aware UTC (default: the system's).
    """

    def __init__(
        self,
        engine: Engine,
        *,
        base_url: str,
        secret_key: str,
        policy: AbusePolicy | None = None,
        record: Record | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.engine = engine
        self.base_url = base_url.rstrip("/")
        self.secret_key = secret_key
        self.tokens = TokenSigner(secret_key)
        self.policy = policy or AbusePolicy()
        self.record = record
        self.clock = clock
        self._lists: tuple[float, AbuseLists] | None = None
        self._lists_lock = threading.Lock()

    @classmethod
    def from_settings(
        cls, settings: Settings, engine: Engine | None = None, *, server: bool = False
    ) -> PetitionService:
        """A service on the settings' database (created or upgraded if needed)."""
        from electoral.petitions.db import upgrade
        from electoral.petitions.secret import service_secret_key

        engine = engine or create_engine(settings.database_url, background_checkpoints=server)
        upgrade(engine)
        key = service_secret_key(settings.secret_key, settings.database_url, engine)
        return cls(engine, base_url=settings.base_url, secret_key=key)

    def _now(self) -> dt.datetime:
        return _naive(self.clock())

    # --- petitions ------------------------------------------------------------------------

    def create_petition(self, draft: PetitionDraft, *, creator_verified: bool = False) -> Petition:
        """Record a new petition, pending moderation. Unless the creator is already verified
        (an operator at the command line), mail them a link to confirm their address.

        Raises:
            InvalidInputError: a field is malformed (named in the error).
        """
        now = self._now()
        target = parse_target(draft.target, self.record)
        deadline = draft.deadline or default_deadline(target, now.date(), self.record)
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
        with writing(self.engine) as connection:
            result = connection.execute(sa.insert(PETITIONS).values(values).returning(PETITIONS))
            petition = _petition(result.one())
            if not creator_verified:
                self._mail_creator(connection, petition.id, values["creator_email"], now)  # type: ignore[arg-type]
        return petition

    def _mail_creator(
        self, connection: Connection, petition_id: int, to: str, now: dt.datetime
    ) -> None:
        token = self.tokens.make(Purpose.CONFIRM_CREATOR, petition_id)
        outbox.enqueue(
            connection,
            key=f"creator:{petition_id}",
            recipient=to,
            subject="Confirm your petition",
            body=(
                f"Please confirm your e-mail address to send your petition to moderation:\n\n"
                f"{self.base_url}/petitions/creator/confirm/{token}\n\n"
                "If you did not start a petition, ignore this mail.\n"
            ),
            now=now,
        )

    def confirm_creator(self, token: str) -> tuple[Petition, str]:
        """Verify a creator's address from the mailed link; returns the petition and the
        creator's management token (for posting updates).

        Raises:
            InvalidTokenError: a forged, expired or unknown link.
        """
        petition_id = self.tokens.read(Purpose.CONFIRM_CREATOR, token)
        with writing(self.engine) as connection:
            connection.execute(
                sa.update(PETITIONS)
                .where(PETITIONS.c.id == petition_id, PETITIONS.c.creator_verified_at.is_(None))
                .values(creator_verified_at=self._now())
            )
            row = connection.execute(
                sa.select(PETITIONS).where(PETITIONS.c.id == petition_id)
            ).first()
        if row is None:
            raise InvalidTokenError("the link is not valid: no such petition")
        return _petition(row), self.tokens.make(Purpose.MANAGE, petition_id)

    def petition_for_manage_token(self, token: str) -> Petition:
        """The petition a creator's management token is for."""
        petition_id = self.tokens.read(Purpose.MANAGE, token)
        return self._load(petition_id, public=False)

    def manage_token(self, petition_id: int) -> str:
        """A management token for a petition (for operators, e.g. the command line)."""
        self._load(petition_id, public=False)
        return self.tokens.make(Purpose.MANAGE, petition_id)

    def publish(self, petition_id: int) -> Petition:
        """Moderation: publish a pending petition (its creator must have confirmed their e-mail).

        Raises:
            TransitionError: the petition is not pending.
            NotPermittedError: the creator's address is not confirmed.
        """
        petition = self._load(petition_id, public=False)
        if not petition.is_creator_verified:
            raise NotPermittedError(
                f"petition {petition_id}: the creator has not confirmed their e-mail"
            )
        return self._transition(petition, PetitionStatus.OPEN, published_at=self._now())

    def reject(self, petition_id: int, reason: str) -> Petition:
        """Moderation: reject a pending petition, with the reason shown to its creator."""
        reason = clean_text(reason, "reason", REASON_MAX, multiline=True)
        petition = self._load(petition_id, public=False)
        return self._transition(petition, PetitionStatus.REJECTED, rejection_reason=reason)

    def close(self, petition_id: int) -> Petition:
        """Stop signing (normally at the deadline; see :meth:`close_expired`)."""
        petition = self._load(petition_id, public=False)
        return self._transition(petition, PetitionStatus.CLOSED, closed_at=self._now())

    def deliver(self, petition_id: int) -> Petition:
        """Record that a closed petition was delivered to the electors."""
        petition = self._load(petition_id, public=False)
        return self._transition(petition, PetitionStatus.DELIVERED, delivered_at=self._now())

    def _transition(self, petition: Petition, new: PetitionStatus, **values: object) -> Petition:
        check_transition(petition.status, new)
        with writing(self.engine) as connection:
            result = connection.execute(
                sa.update(PETITIONS)
                .where(PETITIONS.c.id == petition.id, PETITIONS.c.status == petition.status.value)
                .values(status=new.value, **values)
                .returning(PETITIONS)
            )
            row = result.first()
        if row is None:  # changed meanwhile by someone else: judge against the new state
            return self._transition(self._load(petition.id, public=False), new, **values)
        return _petition(row)

    def close_expired(self) -> list[int]:
        """Close every open petition whose deadline has passed; returns their ids."""
        now = self._now()
        with writing(self.engine) as connection:
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

    def _load(
        self, petition_id: int, *, public: bool, connection: Connection | None = None
    ) -> Petition:
        statement = sa.select(PETITIONS).where(PETITIONS.c.id == petition_id)
        if connection is None:
            with self.engine.connect() as own:
                row = own.execute(statement).first()
        else:
            row = connection.execute(statement).first()
        if row is None or (public and not PetitionStatus(row.status).is_public):
            raise PetitionNotFoundError(petition_id)
        return _petition(row)

    def get_petition(self, petition_id: int, *, public: bool = True) -> PetitionView:
        """A petition with its counts, milestones and updates.

        Raises:
            PetitionNotFoundError: no such petition, or (``public``) not published.
        """
        with self.engine.connect() as connection:
            petition = self._load(petition_id, public=public, connection=connection)
            counts = self._counts(connection, [petition_id]).get(
                petition_id, Counts(total=0, by_state={})
            )
            milestones = self._milestones(connection, [petition_id]).get(petition_id, ())
            updates = tuple(
                Update(id=r.id, body=r.body, created_at=r.created_at.replace(tzinfo=dt.UTC))
                for r in connection.execute(
                    sa.select(UPDATES)
                    .where(UPDATES.c.petition_id == petition_id)
                    .order_by(UPDATES.c.id)
                )
            )
        return PetitionView(
            petition=petition, counts=counts, milestones=milestones, updates=updates
        )

    def list_petitions(
        self, statuses: Iterable[PetitionStatus] | None = None
    ) -> list[PetitionView]:
        """Petitions (default: the published ones), newest first, with counts and milestones."""
        wanted = [s.value for s in (statuses or [s for s in PetitionStatus if s.is_public])]
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(PETITIONS)
                .where(PETITIONS.c.status.in_(wanted))
                .order_by(PETITIONS.c.id.desc())
            ).all()
            ids = [r.id for r in rows]
            counts = self._counts(connection, ids)
            milestones = self._milestones(connection, ids)
        empty = Counts(total=0, by_state={})
        return [
            PetitionView(
                petition=_petition(r),
                counts=counts.get(r.id, empty),
                milestones=milestones.get(r.id, ()),
            )
            for r in rows
        ]

    def electors(self, petition: Petition) -> dict[State, int]:
        """The electors the petition addresses, by state."""
        return electors_targeted(petition.target, self.record)

    def post_update(self, petition_id: int, body: str) -> Update:
        """An update from the creator (the caller checked the management token)."""
        text = clean_text(body, "body", TEXT_MAX, multiline=True)
        now = self._now()
        with writing(self.engine) as connection:
            self._load(petition_id, public=False, connection=connection)
            new_id = connection.execute(
                sa.insert(UPDATES)
                .values(petition_id=petition_id, body=text, created_at=now)
                .returning(UPDATES.c.id)
            ).scalar_one()
        return Update(id=new_id, body=text, created_at=now.replace(tzinfo=dt.UTC))

    # --- counts -----------------------------------------------------------------------------

    def counts(self, petition_id: int) -> Counts:
        """Validated signatures of a petition, total and by state (from the counter shards)."""
        with self.engine.connect() as connection:
            return self._counts(connection, [petition_id]).get(
                petition_id, Counts(total=0, by_state={})
            )

    @staticmethod
    def _counts(connection: Connection, ids: Sequence[int]) -> dict[int, Counts]:
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

    @staticmethod
    def _milestones(connection: Connection, ids: Sequence[int]) -> dict[int, tuple[Milestone, ...]]:
        if not ids:
            return {}
        found: dict[int, list[Milestone]] = {}
        rows = connection.execute(
            sa.select(MILESTONES)
            .where(MILESTONES.c.petition_id.in_(ids))
            .order_by(MILESTONES.c.threshold)
        )
        for r in rows:
            found.setdefault(r.petition_id, []).append(
                Milestone(threshold=r.threshold, reached_at=r.reached_at.replace(tzinfo=dt.UTC))
            )
        return {p: tuple(m) for p, m in found.items()}

    def _add(self, connection: Connection, petition_id: int, state: str, delta: int) -> None:
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

    def recount(self, petition_id: int) -> Recount:
        """Rebuild the counts from the signatures and report the drift.

        The true counts and the counters are read in one snapshot, and the difference is then
        *added* to the counters: additions commute with validations happening meanwhile, so
        the recount needs no lock and loses none of them.
        """
        reader = self.engine.connect()
        if self.engine.dialect.name == "postgresql":
            reader = reader.execution_options(isolation_level="REPEATABLE READ")
        with reader, reader.begin():
            self._load(petition_id, public=False, connection=reader)
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
                self._counts(reader, [petition_id])
                .get(petition_id, Counts(total=0, by_state={}))
                .by_state
            )
        drift = {
            s: stored.get(s, 0) - true_counts.get(s, 0)
            for s in set(stored) | set(true_counts)
            if stored.get(s, 0) != true_counts.get(s, 0)
        }
        if drift:
            with writing(self.engine) as connection:
                for state, wrong in drift.items():
                    self._add(connection, petition_id, state.value, -wrong)
        return Recount(
            petition_id=petition_id,
            total=sum(true_counts.values()),
            by_state=true_counts,
            drift=drift,
        )

    # --- signing ----------------------------------------------------------------------------

    def abuse_lists(self) -> AbuseLists:
        """The allow and block lists, cached for :data:`LISTS_TTL` seconds."""
        cached = self._lists
        if cached is not None and time.monotonic() - cached[0] < LISTS_TTL:
            return cached[1]
        with self._lists_lock:
            with self.engine.connect() as connection:
                rows = connection.execute(
                    sa.select(ABUSE_RULES.c.kind, ABUSE_RULES.c.value, ABUSE_RULES.c.action)
                )
                lists = AbuseLists.from_rules((r[0], r[1], r[2]) for r in rows)
            self._lists = (time.monotonic(), lists)
        return lists

    def add_abuse_rule(self, kind: str, value: str, action: str) -> None:
        """Allow or block an IP address or network (``ip``) or an e-mail domain (``domain``)."""
        if kind not in ("ip", "domain"):
            raise InvalidInputError("kind", f"{kind!r}: expected 'ip' or 'domain'")
        if action not in ("allow", "block"):
            raise InvalidInputError("action", f"{action!r}: expected 'allow' or 'block'")
        value = value.strip().lower()
        AbuseLists.from_rules([(kind, value, action)])  # validates the network
        with writing(self.engine) as connection:
            connection.execute(
                sa.delete(ABUSE_RULES).where(
                    ABUSE_RULES.c.kind == kind, ABUSE_RULES.c.value == value
                )
            )
            connection.execute(
                sa.insert(ABUSE_RULES).values(
                    kind=kind, value=value, action=action, created_at=self._now()
                )
            )
        self._lists = None

    def sign(self, petition_id: int, form: SignatureForm, client: Client | None = None) -> None:
        """Take a signature: pending until its signer opens the mailed link.

        The caller's answer is the same whatever happened (a new signer, a repeated one whose
        link is sent again, or a submission kept as fraudulent), so it never reveals whether an
        address has signed.

        Raises:
            InvalidInputError: a malformed field (named in the error).
            PetitionNotFoundError: no such published petition.
            PetitionClosedError: the petition is closed or past its deadline.
        """
        error = self.sign_many([Submission(petition_id, form, client)])[0]
        if error is not None:
            raise error

    def sign_many(self, submissions: Sequence[Submission]) -> list[PetitionError | None]:
        """Take several signatures in one transaction (group commit): each one exactly as
        :meth:`sign` would, in the given order, so the rate counters and the one-per-address
        rule see them one after the other.

        Returns one entry per submission: ``None`` where it was taken, or the error that
        refused it (bad input, no such petition, closed); a refused submission writes nothing.
        An unexpected database error rolls the whole transaction back and is raised: then
        none of the submissions was taken. This is what lets a surge of signers share one
        commit (:mod:`electoral.petitions.batch`).
        """
        results: list[PetitionError | None] = [None] * len(submissions)
        signers: list[tuple[int, Submission, _Signer]] = []
        for i, submission in enumerate(submissions):
            try:
                signers.append((i, submission, _validate_form(submission.form)))
            except InvalidInputError as error:
                results[i] = error
        if not signers:
            return results
        lists = self.abuse_lists()
        now = self._now()
        with writing(self.engine) as connection:
            refused: dict[int, PetitionError | None] = {}
            taken: list[tuple[Submission, _Signer, str | None, str | None]] = []
            counted: list[int] = []  # which of ``taken`` count against the rate limits
            keyed = []
            for i, submission, signer in signers:
                petition_id = submission.petition_id
                if petition_id not in refused:
                    try:
                        self._check_open(connection, petition_id, now)
                        refused[petition_id] = None
                    except (PetitionNotFoundError, PetitionClosedError) as error:
                        refused[petition_id] = error
                if refused[petition_id] is not None:
                    results[i] = refused[petition_id]
                    continue
                ip = submission.client.ip if submission.client else None
                verdict = lists.verdict(ip, signer.domain)
                if verdict is None:
                    counted.append(len(taken))
                    keyed.append(
                        counter_keys(
                            self.policy,
                            lists,
                            ip=ip,
                            domain=signer.domain,
                            email_digest=f"{petition_id}:{signer.digest}",
                            now=now.timestamp(),
                        )
                    )
                taken.append((submission, signer, ip, verdict))
            verdicts = dict(zip(counted, check_limits(connection, keyed), strict=True))
            recorded = []
            for j, (submission, signer, ip, verdict) in enumerate(taken):
                limit = verdicts.get(j)
                reason = verdict or (f"rate:{limit.name}" if limit else None)
                recorded.append((submission.petition_id, signer, ip, reason))
            self._record_signatures(connection, recorded, now)
        return results

    def _check_open(self, connection: Connection, petition_id: int, now: dt.datetime) -> None:
        row = connection.execute(
            statements(connection.dialect.name).open_petition, {"petition_id": petition_id}
        ).first()
        if row is None or not PetitionStatus(row.status).is_public:
            raise PetitionNotFoundError(petition_id)
        if row.status != PetitionStatus.OPEN.value:
            raise PetitionClosedError(petition_id, f"it is {row.status}")
        if now.date() > row.deadline:
            raise PetitionClosedError(petition_id, f"its deadline {row.deadline} has passed")

    def _record_signatures(
        self,
        connection: Connection,
        signatures: Sequence[tuple[int, _Signer, str | None, str | None]],
        now: dt.datetime,
    ) -> None:
        """Insert ``(petition, signer, ip, fraud reason)`` signatures and their mails, with
        one statement per kind for the whole batch, with the result of inserting them one by
        one in order: the first pending signature of an address is new and gets its
        confirmation mail; a repeat (before or within the batch) sends the link again, or a
        note if the signature is already validated; a fraudulent one is kept for audit, never
        counted, with no mail and no dedupe key."""
        prepared = statements(connection.dialect.name)
        frauds: list[dict[str, object]] = []
        pending: list[tuple[int, _Signer, dict[str, object]]] = []
        for petition_id, signer, ip, reason in signatures:
            values = signer.row(petition_id, ip, now)
            if reason is not None:
                status = SignatureStatus.FRAUDULENT.value
                frauds.append(
                    values | {"status": status, "fraud_reason": reason, "email_key": None}
                )
            else:
                status = SignatureStatus.PENDING.value
                pending.append(
                    (petition_id, signer, values | {"status": status, "email_key": signer.digest})
                )
        if frauds:
            connection.execute(prepared.insert_signature, frauds)
        firsts: dict[tuple[int, str], dict[str, object]] = {}
        for petition_id, signer, values in pending:
            firsts.setdefault((petition_id, signer.digest), values)
        new: dict[tuple[int, str], int] = {}
        if firsts:  # ON CONFLICT DO NOTHING: an address that had signed returns no row
            rows = connection.execute(prepared.insert_pending_many, list(firsts.values()))
            new = {(r.petition_id, r.email_key): r.id for r in rows}
        mails: list[dict[str, object]] = []
        for petition_id, signer, _ in pending:
            new_id = new.pop((petition_id, signer.digest), None)
            if new_id is not None:
                mails.append(
                    self._confirmation_mail(new_id, signer.address, f"confirm:{new_id}", now)
                )
            else:
                mails.extend(self._repeat_mail(connection, petition_id, signer, now))
        outbox.enqueue_many(connection, mails)

    def _repeat_mail(
        self, connection: Connection, petition_id: int, signer: _Signer, now: dt.datetime
    ) -> list[dict[str, object]]:
        """The mail for an address that has signed already: the link again while pending, a
        note once validated (nothing for a signature invalidated or found fraudulent)."""
        existing = connection.execute(
            statements(connection.dialect.name).find_signer,
            {"petition_id": petition_id, "email_key": signer.digest},
        ).one()
        if existing.status == SignatureStatus.PENDING.value:
            key = f"resend:{existing.id}:{uuid.uuid4().hex}"
            return [self._confirmation_mail(existing.id, signer.address, key, now)]
        if existing.status == SignatureStatus.VALIDATED.value:
            return [
                outbox.mail_row(
                    key=f"already:{existing.id}:{uuid.uuid4().hex}",
                    recipient=signer.address,
                    subject="You have already signed this petition",
                    body="Your signature was already confirmed and is counted. Thank you.\n",
                    now=now,
                )
            ]
        return []

    def _confirmation_mail(
        self, signature_id: int, to: str, key: str, now: dt.datetime
    ) -> dict[str, object]:
        token = self.tokens.make(Purpose.CONFIRM_SIGNATURE, signature_id)
        return outbox.mail_row(
            key=key,
            recipient=to,
            subject="Confirm your signature",
            body=(
                "Please confirm your signature by opening this link:\n\n"
                f"{self.base_url}/petitions/confirm/{token}\n\n"
                "The link works once and for 7 days. If you did not sign, ignore this mail:\n"
                "the signature will not be counted.\n"
            ),
            now=now,
        )

    def confirm_signature(self, token: str) -> Confirmation:
        """Validate a signature from its mailed link, in the transaction that counts it.

        One short transaction of three prepared statements (the writers of a SQLite file take
        turns: its length bounds their throughput): validate the signature if it is pending,
        add it to a counter shard, then read its petition with the counts (which the
        confirmation page shows) and the milestones recorded. A signature that cannot be
        confirmed (the petition closed before it was made) rolls it all back; the milestones
        reached but not recorded yet are recorded.

        Raises:
            InvalidTokenError: forged or altered (``ExpiredTokenError``: too old;
                ``UsedTokenError``: the signature is already validated).
            PetitionClosedError: the petition closed before the signature was made.
        """
        signature_id = self.tokens.read(Purpose.CONFIRM_SIGNATURE, token)
        now = self._now()
        with writing(self.engine) as connection:
            prepared = statements(connection.dialect.name)
            signature = connection.execute(
                prepared.validate,
                {
                    "signature_id": signature_id,
                    "pending": SignatureStatus.PENDING.value,
                    "validated": SignatureStatus.VALIDATED.value,
                    "now": now,
                },
            ).first()
            if signature is None:  # not pending: say why
                self._check_confirmable(
                    connection.execute(prepared.confirmable, {"signature_id": signature_id}).first()
                )
                raise UsedTokenError("this link was used already: the signature is confirmed")
            self._add(connection, signature.petition_id, signature.state, 1)
            if signature.comment:
                connection.execute(
                    prepared.insert_comment,
                    {
                        "petition_id": signature.petition_id,
                        "signature_id": signature_id,
                        "body": signature.comment,
                        "status": CommentStatus.VISIBLE.value,
                        "flags": 0,
                        "created_at": now,
                    },
                )
            row = connection.execute(
                prepared.confirmed,
                {"petition_id": signature.petition_id, "state": signature.state},
            ).one()
            self._check_open_for(signature, row)
            self._record_milestones(connection, signature.petition_id, row, now)
        return Confirmation(
            petition_id=signature.petition_id,
            signature_id=signature_id,
            state=State(signature.state),
            comment_token=self.tokens.make(Purpose.COMMENT, signature_id),
            title=row.title,
            total=int(row.total),
            state_total=int(row.state_total),
        )

    @staticmethod
    def _record_milestones(
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

    @staticmethod
    def _check_open_for(signature: AnyRow, petition: AnyRow) -> None:
        """Raise :class:`PetitionClosedError` unless the petition takes the signature."""
        if petition.petition_status not in (
            PetitionStatus.OPEN.value,
            PetitionStatus.CLOSED.value,
        ) or (signature.created_at.date() > petition.deadline):
            raise PetitionClosedError(signature.petition_id, f"it is {petition.petition_status}")

    @staticmethod
    def _check_confirmable(row: AnyRow | None) -> AnyRow:
        if row is None:
            raise InvalidTokenError("the link is not valid: no such signature")
        if row.status == SignatureStatus.VALIDATED.value:
            raise UsedTokenError("this link was used already: the signature is confirmed")
        if row.status != SignatureStatus.PENDING.value:
            raise InvalidTokenError(f"this signature cannot be confirmed: it is {row.status}")
        PetitionService._check_open_for(row, row)
        return row

    def set_signature_status(
        self, signature_id: int, new: SignatureStatus, reason: str | None = None
    ) -> None:
        """Moderation: invalidate, restore or mark a signature fraudulent; the counts follow
        in the same transaction.

        Raises:
            InvalidInputError: no such signature.
            TransitionError: the rules forbid the change.
        """
        with writing(self.engine) as connection:
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
                values["validated_at"] = self._now()
            connection.execute(
                sa.update(SIGNATURES)
                .where(SIGNATURES.c.id == signature_id, SIGNATURES.c.status == old.value)
                .values(values)
            )
            delta = (new is SignatureStatus.VALIDATED) - (old is SignatureStatus.VALIDATED)
            if delta:
                self._add(connection, row.petition_id, row.state, delta)

    # --- comments ---------------------------------------------------------------------------

    def post_comment(
        self,
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
        signature_id = self.tokens.read(Purpose.COMMENT, comment_token)
        text = clean_text(body, "body", COMMENT_MAX, multiline=True)
        now = self._now()
        with writing(self.engine) as connection:
            signer = connection.execute(
                sa.select(
                    SIGNATURES.c.petition_id, SIGNATURES.c.status, SIGNATURES.c.removed_at
                ).where(SIGNATURES.c.id == signature_id)
            ).first()
            if (
                signer is None
                or signer.status != SignatureStatus.VALIDATED.value
                or signer.removed_at
            ):
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
            return _comment(self._comment_row(connection, new_id))

    def _comment_query(self) -> sa.Select[Any]:
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

    def _comment_row(self, connection: Connection, comment_id: int) -> AnyRow:
        row = connection.execute(self._comment_query().where(COMMENTS.c.id == comment_id)).first()
        if row is None:
            raise CommentNotFoundError(comment_id)
        return row

    def list_comments(self, petition_id: int, *, include_hidden: bool = False) -> list[Comment]:
        """The reasons for signing, oldest first, each with its replies (hidden ones only for
        moderators). Bodies are plain text: escape them, or use :func:`markup.linkify`.

        Raises:
            PetitionNotFoundError: no such published petition.
        """
        with self.engine.connect() as connection:
            self._load(petition_id, public=not include_hidden, connection=connection)
            query = self._comment_query().where(COMMENTS.c.petition_id == petition_id)
            if not include_hidden:
                query = query.where(COMMENTS.c.status != CommentStatus.HIDDEN.value)
            rows = connection.execute(query.order_by(COMMENTS.c.id)).all()
        replies: dict[int, list[Comment]] = {}
        for r in rows:
            if r.parent_id is not None:
                replies.setdefault(r.parent_id, []).append(_comment(r))
        return [_comment(r, tuple(replies.get(r.id, ()))) for r in rows if r.parent_id is None]

    def flag_comment(self, comment_id: int, petition_id: int | None = None) -> Comment:
        """Anyone may flag a comment for the moderators; it stays visible until hidden.

        Raises:
            CommentNotFoundError: no such visible comment (on ``petition_id``, if given).
        """
        return self._comment_change(
            comment_id, CommentStatus.FLAGGED, flag=True, petition_id=petition_id
        )

    def hide_comment(self, comment_id: int) -> Comment:
        """Moderation: hide a comment (kept, not shown)."""
        return self._comment_change(comment_id, CommentStatus.HIDDEN)

    def restore_comment(self, comment_id: int) -> Comment:
        """Moderation: show a flagged or hidden comment again."""
        return self._comment_change(comment_id, CommentStatus.VISIBLE)

    def _comment_change(
        self,
        comment_id: int,
        new: CommentStatus,
        *,
        flag: bool = False,
        petition_id: int | None = None,
    ) -> Comment:
        with writing(self.engine) as connection:
            row = self._comment_row(connection, comment_id)
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
            connection.execute(
                sa.update(COMMENTS).where(COMMENTS.c.id == comment_id).values(values)
            )
            return _comment(self._comment_row(connection, comment_id))

    # --- sharing ----------------------------------------------------------------------------

    def share_links(self, petition_id: int, referrer: str | None = None) -> dict[Channel, str]:
        """A link per channel, with the referral code ``<channel>`` or ``<channel>.<referrer>``.

        Raises:
            PetitionNotFoundError: no such petition, or not published.
        """
        view = self._load(petition_id, public=True)
        return self.share_links_for(petition_id, view.title, referrer)

    def share_links_for(
        self, petition_id: int, title: str, referrer: str | None = None
    ) -> dict[Channel, str]:
        """:meth:`share_links` for a published petition whose title the caller has already."""
        links: dict[Channel, str] = {}
        for channel in Channel:
            ref = validate_ref(f"{channel}.{referrer}" if referrer else channel.value)
            url = f"{self.base_url}/petitions/{petition_id}?{urlencode({'ref': ref})}"
            links[channel] = _share_url(channel, url, title)
        return links

    def referral_counts(self, petition_id: int) -> dict[str, int]:
        """Validated signatures by referral code (``direct``: none), for the creator."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(SIGNATURES.c.ref, sa.func.count())
                .where(
                    SIGNATURES.c.petition_id == petition_id,
                    SIGNATURES.c.status == SignatureStatus.VALIDATED.value,
                )
                .group_by(SIGNATURES.c.ref)
            )
            return {ref or "direct": int(n) for ref, n in rows}

    # --- delivery and privacy ---------------------------------------------------------------

    def export_rows(self, petition_id: int, state: State | None = None) -> list[ExportRow]:
        """The validated signers (name, ZIP code, state) to deliver, by state and name;
        signers who had their data removed are counted but not listed."""
        with self.engine.connect() as connection:
            self._load(petition_id, public=False, connection=connection)
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

    def remove_personal_data(self, email: str) -> int:
        """Erase a person's name, address, ZIP code, IP address and comments from every
        signature they made; the signatures stay (anonymised) and counted, and their unsent
        mails are cancelled. Returns the number of signatures anonymised.

        The digest of the normalised address is kept: it is what stops the same person
        signing twice, and it cannot be turned back into the address without guessing it.
        """
        digest = normalise_email(email).digest
        now = self._now()
        with writing(self.engine) as connection:
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
            self._forget_mail(connection, ids)
        return len(ids)

    @staticmethod
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

    def prune(self, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
        """Delete rate counters of windows older than ``older_than``."""
        with writing(self.engine) as connection:
            return prune_counters(connection, int((self.clock() - older_than).timestamp()))


def _share_url(channel: Channel, url: str, title: str) -> str:
    if channel is Channel.EMAIL:
        return f"mailto:?subject={quote(title)}&body={quote(url)}"
    if channel is Channel.FACEBOOK:
        return f"https://www.facebook.com/sharer/sharer.php?{urlencode({'u': url})}"
    if channel is Channel.X:
        return f"https://x.com/intent/post?{urlencode({'text': title, 'url': url})}"
    if channel is Channel.WHATSAPP:
        return f"https://wa.me/?{urlencode({'text': f'{title} {url}'})}"
    return url
