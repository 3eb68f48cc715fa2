"""Signing, the hot path: take signatures (one, or a batch in one transaction), confirm them
from the mailed link; and the allow and block lists the rate limits consult.

:func:`sign_many` takes a batch of submissions in one transaction (read the petition once,
bump the rate counters in one upsert, insert each signature, insert the mails in one
statement), which is how a surge shares commits (:mod:`electoral.petitions.batch`); a single
signature is a batch of one. It never scans the ZIP table (indexed once,
:mod:`electoral.petitions.zips`) and reads the allow and block lists from a cache refreshed
every :data:`LISTS_TTL` seconds.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from electoral.errors import UnknownStateError
from electoral.petitions import mail as outbox
from electoral.petitions import wording
from electoral.petitions.counting import add, record_milestones
from electoral.petitions.db import ABUSE_RULES, statements, writing
from electoral.petitions.domain import (
    COMMENT_MAX,
    NAME_MAX,
    CommentStatus,
    PetitionStatus,
    SignatureStatus,
    clean_text,
    normalise_email,
    validate_ref,
    validate_zip,
)
from electoral.petitions.errors import (
    InvalidInputError,
    InvalidTokenError,
    PetitionClosedError,
    PetitionError,
    PetitionNotFoundError,
    UsedTokenError,
)
from electoral.petitions.ratelimit import AbuseLists, check_limits, counter_keys
from electoral.petitions.tokens import Purpose
from electoral.petitions.values import Confirmation, SignatureForm, Submission
from electoral.petitions.zips import state_of_zip
from electoral.states import State, parse_state

if TYPE_CHECKING:
    from electoral.petitions.context import ServiceContext
    from electoral.petitions.rows import AnyRow

__all__ = [
    "LISTS_TTL",
    "abuse_lists",
    "add_abuse_rule",
    "confirm_signature",
    "sign_many",
]

LISTS_TTL: Final = 30.0
"""Seconds the allow and block lists are cached (a rule added here takes effect at once)."""


# --- the allow and block lists ------------------------------------------------------------


def abuse_lists(ctx: ServiceContext) -> AbuseLists:
    """The allow and block lists, cached for :data:`LISTS_TTL` seconds."""
    cache = ctx.lists
    cached = cache.entry
    if cached is not None and time.monotonic() - cached[0] < LISTS_TTL:
        return cached[1]
    with cache.lock:
        with ctx.engine.connect() as connection:
            rows = connection.execute(
                sa.select(ABUSE_RULES.c.kind, ABUSE_RULES.c.value, ABUSE_RULES.c.action)
            )
            lists = AbuseLists.from_rules((r[0], r[1], r[2]) for r in rows)
        cache.entry = (time.monotonic(), lists)
    return lists


def add_abuse_rule(ctx: ServiceContext, kind: str, value: str, action: str) -> None:
    """Allow or block an IP address or network (``ip``) or an e-mail domain (``domain``)."""
    if kind not in ("ip", "domain"):
        raise InvalidInputError("kind", f"{kind!r}: expected 'ip' or 'domain'")
    if action not in ("allow", "block"):
        raise InvalidInputError("action", f"{action!r}: expected 'allow' or 'block'")
    value = value.strip().lower()
    AbuseLists.from_rules([(kind, value, action)])  # validates the network
    with writing(ctx.engine) as connection:
        connection.execute(
            sa.delete(ABUSE_RULES).where(ABUSE_RULES.c.kind == kind, ABUSE_RULES.c.value == value)
        )
        connection.execute(
            sa.insert(ABUSE_RULES).values(
                kind=kind, value=value, action=action, created_at=ctx.now()
            )
        )
    ctx.lists.entry = None


# --- taking signatures --------------------------------------------------------------------


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


def sign_many(ctx: ServiceContext, submissions: Sequence[Submission]) -> list[PetitionError | None]:
    """Take several signatures in one transaction (group commit): each one exactly as a
    single signature would be, in the given order, so the rate counters and the
    one-per-address rule see them one after the other.

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
    lists = abuse_lists(ctx)
    now = ctx.now()
    with writing(ctx.engine) as connection:
        refused: dict[int, PetitionError | None] = {}
        taken: list[tuple[Submission, _Signer, str | None, str | None]] = []
        counted: list[int] = []  # which of ``taken`` count against the rate limits
        keyed = []
        for i, submission, signer in signers:
            petition_id = submission.petition_id
            if petition_id not in refused:
                try:
                    _check_open(connection, petition_id, now)
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
                        ctx.policy,
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
        _record_signatures(ctx, connection, recorded, now)
    return results


def _check_open(connection: Connection, petition_id: int, now: dt.datetime) -> None:
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
    ctx: ServiceContext,
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
            frauds.append(values | {"status": status, "fraud_reason": reason, "email_key": None})
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
            mails.append(_confirmation_mail(ctx, new_id, signer.address, f"confirm:{new_id}", now))
        else:
            mails.extend(_repeat_mail(ctx, connection, petition_id, signer, now))
    outbox.enqueue_many(connection, mails)


def _repeat_mail(
    ctx: ServiceContext,
    connection: Connection,
    petition_id: int,
    signer: _Signer,
    now: dt.datetime,
) -> list[dict[str, object]]:
    """The mail for an address that has signed already: the link again while pending, a
    note once validated (nothing for a signature invalidated or found fraudulent)."""
    existing = connection.execute(
        statements(connection.dialect.name).find_signer,
        {"petition_id": petition_id, "email_key": signer.digest},
    ).one()
    if existing.status == SignatureStatus.PENDING.value:
        key = f"resend:{existing.id}:{uuid.uuid4().hex}"
        return [_confirmation_mail(ctx, existing.id, signer.address, key, now)]
    if existing.status == SignatureStatus.VALIDATED.value:
        return [
            outbox.mail_row(
                key=f"already:{existing.id}:{uuid.uuid4().hex}",
                recipient=signer.address,
                subject=wording.ALREADY_SIGNED.subject,
                body=wording.ALREADY_SIGNED.body,
                now=now,
            )
        ]
    return []


def _confirmation_mail(
    ctx: ServiceContext, signature_id: int, to: str, key: str, now: dt.datetime
) -> dict[str, object]:
    token = ctx.tokens.make(Purpose.CONFIRM_SIGNATURE, signature_id)
    mail = wording.confirm_signature(ctx.base_url, token)
    return outbox.mail_row(key=key, recipient=to, subject=mail.subject, body=mail.body, now=now)


# --- confirming ------------------------------------------------------------------------


def confirm_signature(ctx: ServiceContext, token: str) -> Confirmation:
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
    signature_id = ctx.tokens.read(Purpose.CONFIRM_SIGNATURE, token)
    now = ctx.now()
    with writing(ctx.engine) as connection:
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
            _check_confirmable(
                connection.execute(prepared.confirmable, {"signature_id": signature_id}).first()
            )
            raise UsedTokenError("this link was used already: the signature is confirmed")
        add(connection, signature.petition_id, signature.state, 1)
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
        _check_open_for(signature, row)
        record_milestones(connection, signature.petition_id, row, now)
    return Confirmation(
        petition_id=signature.petition_id,
        signature_id=signature_id,
        state=State(signature.state),
        comment_token=ctx.tokens.make(Purpose.COMMENT, signature_id),
        title=row.title,
        total=int(row.total),
        state_total=int(row.state_total),
    )


def _check_open_for(signature: AnyRow, petition: AnyRow) -> None:
    """Raise :class:`PetitionClosedError` unless the petition takes the signature."""
    if petition.petition_status not in (
        PetitionStatus.OPEN.value,
        PetitionStatus.CLOSED.value,
    ) or (signature.created_at.date() > petition.deadline):
        raise PetitionClosedError(signature.petition_id, f"it is {petition.petition_status}")


def _check_confirmable(row: AnyRow | None) -> AnyRow:
    if row is None:
        raise InvalidTokenError("the link is not valid: no such signature")
    if row.status == SignatureStatus.VALIDATED.value:
        raise UsedTokenError("this link was used already: the signature is confirmed")
    if row.status != SignatureStatus.PENDING.value:
        raise InvalidTokenError(f"this signature cannot be confirmed: it is {row.status}")
    _check_open_for(row, row)
    return row
