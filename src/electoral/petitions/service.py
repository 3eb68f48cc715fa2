"""The petition service's use cases, each one transaction: create and moderate petitions, sign
and confirm, count and recount, comment, share, export, and remove personal data.

The web pages, the JSON API and the command line all call :class:`PetitionService`; none of
them touches the tables. Every method either completes or changes nothing.

:class:`PetitionService` is a facade: each method hands the service's
:class:`~electoral.petitions.context.ServiceContext` to a function of one of the modules that
hold the use cases:

- :mod:`~electoral.petitions.lifecycle`: create, confirm the creator, publish, reject, close,
  deliver; read petitions with their counts, milestones and updates;
- :mod:`~electoral.petitions.counting`: the sharded counts, the recount, the milestones, a
  moderator's change of a signature's status;
- :mod:`~electoral.petitions.signing`: the hot path, signing (one or a batch in one
  transaction) and confirming, and the allow and block lists;
- :mod:`~electoral.petitions.comments`, :mod:`~electoral.petitions.sharing` and
  :mod:`~electoral.petitions.privacy` (export, removal of personal data, pruning).

The values they take and return are in :mod:`~electoral.petitions.values` (re-exported here),
the mails' wording in :mod:`~electoral.petitions.wording`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from electoral.petitions import comments, counting, lifecycle, privacy, sharing, signing
from electoral.petitions.context import Clock, ServiceContext, utc_now
from electoral.petitions.db import create_engine
from electoral.petitions.domain import CommentStatus, PetitionStatus, SignatureStatus
from electoral.petitions.ratelimit import AbuseLists, AbusePolicy
from electoral.petitions.tokens import TokenSigner
from electoral.petitions.values import (
    Channel,
    Client,
    Comment,
    Confirmation,
    Counts,
    ExportRow,
    Milestone,
    Petition,
    PetitionDraft,
    PetitionView,
    Recount,
    SignatureForm,
    Submission,
    Update,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from electoral.data import Record
    from electoral.petitions.errors import PetitionError
    from electoral.settings import Settings
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
    "PetitionService",
    "PetitionView",
    "Recount",
    "SignatureForm",
    "Submission",
    "Update",
]


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
        self.secret_key = secret_key
        self._ctx = ServiceContext(
            engine=engine,
            base_url=base_url.rstrip("/"),
            tokens=TokenSigner(secret_key),
            policy=policy or AbusePolicy(),
            record=record,
            clock=clock,
        )

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

    # --- the configuration (the policy, record and clock may be replaced) ----------------

    @property
    def engine(self) -> Engine:
        return self._ctx.engine

    @property
    def base_url(self) -> str:
        return self._ctx.base_url

    @property
    def tokens(self) -> TokenSigner:
        return self._ctx.tokens

    @property
    def policy(self) -> AbusePolicy:
        return self._ctx.policy

    @policy.setter
    def policy(self, policy: AbusePolicy) -> None:
        self._ctx = dataclasses.replace(self._ctx, policy=policy)

    @property
    def record(self) -> Record | None:
        return self._ctx.record

    @record.setter
    def record(self, record: Record | None) -> None:
        self._ctx = dataclasses.replace(self._ctx, record=record)

    @property
    def clock(self) -> Clock:
        return self._ctx.clock

    @clock.setter
    def clock(self, clock: Clock) -> None:
        self._ctx = dataclasses.replace(self._ctx, clock=clock)

    # --- petitions (lifecycle) ---------------------------------------------------------

    def create_petition(self, draft: PetitionDraft, *, creator_verified: bool = False) -> Petition:
        """Record a new petition, pending moderation (see :func:`lifecycle.create_petition`)."""
        return lifecycle.create_petition(self._ctx, draft, creator_verified=creator_verified)

    def confirm_creator(self, token: str) -> tuple[Petition, str]:
        """Verify a creator's address; the petition and the creator's management token."""
        return lifecycle.confirm_creator(self._ctx, token)

    def petition_for_manage_token(self, token: str) -> Petition:
        """The petition a creator's management token is for."""
        return lifecycle.petition_for_manage_token(self._ctx, token)

    def manage_token(self, petition_id: int) -> str:
        """A management token for a petition (for operators, e.g. the command line)."""
        return lifecycle.manage_token(self._ctx, petition_id)

    def publish(self, petition_id: int) -> Petition:
        """Moderation: publish a pending petition whose creator confirmed their e-mail."""
        return lifecycle.publish(self._ctx, petition_id)

    def reject(self, petition_id: int, reason: str) -> Petition:
        """Moderation: reject a pending petition, with the reason shown to its creator."""
        return lifecycle.reject(self._ctx, petition_id, reason)

    def close(self, petition_id: int) -> Petition:
        """Stop signing (normally at the deadline; see :meth:`close_expired`)."""
        return lifecycle.close(self._ctx, petition_id)

    def deliver(self, petition_id: int) -> Petition:
        """Record that a closed petition was delivered to the electors."""
        return lifecycle.deliver(self._ctx, petition_id)

    def close_expired(self) -> list[int]:
        """Close every open petition whose deadline has passed; returns their ids."""
        return lifecycle.close_expired(self._ctx)

    def get_petition(self, petition_id: int, *, public: bool = True) -> PetitionView:
        """A petition with its counts, milestones and updates."""
        return lifecycle.get_petition(self._ctx, petition_id, public=public)

    def list_petitions(
        self, statuses: Iterable[PetitionStatus] | None = None
    ) -> list[PetitionView]:
        """Petitions (default: the published ones), newest first, with counts and milestones."""
        return lifecycle.list_petitions(self._ctx, statuses)

    def electors(self, petition: Petition) -> dict[State, int]:
        """The electors the petition addresses, by state."""
        return lifecycle.electors(self._ctx, petition)

    def post_update(self, petition_id: int, body: str) -> Update:
        """An update from the creator (the caller checked the management token)."""
        return lifecycle.post_update(self._ctx, petition_id, body)

    # --- counts ---------------------------------------------------------------------------

    def counts(self, petition_id: int) -> Counts:
        """Validated signatures of a petition, total and by state (from the counter shards)."""
        return counting.counts(self._ctx, petition_id)

    def recount(self, petition_id: int) -> Recount:
        """Rebuild the counts from the signatures and report the drift."""
        return counting.recount(self._ctx, petition_id)

    def set_signature_status(
        self, signature_id: int, new: SignatureStatus, reason: str | None = None
    ) -> None:
        """Moderation: invalidate, restore or mark a signature fraudulent; counts follow."""
        counting.set_signature_status(self._ctx, signature_id, new, reason)

    # --- signing --------------------------------------------------------------------------

    def abuse_lists(self) -> AbuseLists:
        """The allow and block lists, cached for :data:`signing.LISTS_TTL` seconds."""
        return signing.abuse_lists(self._ctx)

    def add_abuse_rule(self, kind: str, value: str, action: str) -> None:
        """Allow or block an IP address or network (``ip``) or an e-mail domain (``domain``)."""
        signing.add_abuse_rule(self._ctx, kind, value, action)

    def sign(self, petition_id: int, form: SignatureForm, client: Client | None = None) -> None:
        """Take a signature: pending until its signer opens the mailed link.

        The caller's answer is the same whatever happened (a new signer, a repeated one whose
        link is sent again, or a submission kept as fraudulent), so it never reveals whether an
        address has signed. A batch of one of :meth:`sign_many`.

        Raises:
            InvalidInputError: a malformed field (named in the error).
            PetitionNotFoundError: no such published petition.
            PetitionClosedError: the petition is closed or past its deadline.
        """
        error = self.sign_many([Submission(petition_id, form, client)])[0]
        if error is not None:
            raise error

    def sign_many(self, submissions: Sequence[Submission]) -> list[PetitionError | None]:
        """Take several signatures in one transaction (see :func:`signing.sign_many`)."""
        return signing.sign_many(self._ctx, submissions)

    def confirm_signature(self, token: str) -> Confirmation:
        """Validate a signature from its mailed link, in the transaction that counts it."""
        return signing.confirm_signature(self._ctx, token)

    # --- comments -------------------------------------------------------------------------

    def post_comment(
        self,
        comment_token: str,
        body: str,
        parent_id: int | None = None,
        petition_id: int | None = None,
    ) -> Comment:
        """A reason for signing, or a reply to one (one level deep), by a validated signer."""
        return comments.post_comment(self._ctx, comment_token, body, parent_id, petition_id)

    def list_comments(self, petition_id: int, *, include_hidden: bool = False) -> list[Comment]:
        """The reasons for signing, oldest first, each with its replies."""
        return comments.list_comments(self._ctx, petition_id, include_hidden=include_hidden)

    def flag_comment(self, comment_id: int, petition_id: int | None = None) -> Comment:
        """Anyone may flag a comment for the moderators; it stays visible until hidden.

        Raises:
            CommentNotFoundError: no such visible comment (on ``petition_id``, if given).
        """
        return comments.change_comment(
            self._ctx, comment_id, CommentStatus.FLAGGED, flag=True, petition_id=petition_id
        )

    def hide_comment(self, comment_id: int) -> Comment:
        """Moderation: hide a comment (kept, not shown)."""
        return comments.change_comment(self._ctx, comment_id, CommentStatus.HIDDEN)

    def restore_comment(self, comment_id: int) -> Comment:
        """Moderation: show a flagged or hidden comment again."""
        return comments.change_comment(self._ctx, comment_id, CommentStatus.VISIBLE)

    # --- sharing --------------------------------------------------------------------------

    def share_links(self, petition_id: int, referrer: str | None = None) -> dict[Channel, str]:
        """A link per channel, with the referral code ``<channel>`` or ``<channel>.<referrer>``."""
        return sharing.share_links(self._ctx, petition_id, referrer)

    def share_links_for(
        self, petition_id: int, title: str, referrer: str | None = None
    ) -> dict[Channel, str]:
        """:meth:`share_links` for a published petition whose title the caller has already."""
        return sharing.share_links_for(self._ctx, petition_id, title, referrer)

    def referral_counts(self, petition_id: int) -> dict[str, int]:
        """Validated signatures by referral code (``direct``: none), for the creator."""
        return sharing.referral_counts(self._ctx, petition_id)

    # --- delivery and privacy -------------------------------------------------------------

    def export_rows(self, petition_id: int, state: State | None = None) -> list[ExportRow]:
        """The validated signers (name, ZIP code, state) to deliver, by state and name."""
        return privacy.export_rows(self._ctx, petition_id, state)

    def remove_personal_data(self, email: str) -> int:
        """Erase a person's data from every signature they made; how many were anonymised."""
        return privacy.remove_personal_data(self._ctx, email)

    def prune(self, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
        """Delete rate counters of windows older than ``older_than``."""
        return privacy.prune(self._ctx, older_than)
