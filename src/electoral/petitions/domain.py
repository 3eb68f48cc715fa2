"""The petition domain as pure rules: states and their transitions, targets and deadlines,
validation and normalisation of what signers type, milestones and the abuse rules.

No I/O here: storage is :mod:`electoral.petitions.db`, use cases :mod:`electoral.petitions.service`.

Lifecycles (moderation before publication, then signing until the deadline)::

    petition:   pending -> open (published) | rejected;  open -> closed -> delivered
    signature:  pending -> validated | invalidated | fraudulent
                validated <-> invalidated (moderators), validated -> fraudulent
    comment:    visible -> flagged -> hidden;  flagged | hidden -> visible (restored)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final, NewType

from email_validator import EmailNotValidError, validate_email

from electoral.data import Record, default_record
from electoral.elections import election
from electoral.errors import ElectoralError, UnknownElectionError
from electoral.petitions.errors import InvalidInputError, TransitionError
from electoral.states import State

__all__ = [
    "COMMENT_MAX",
    "DEFAULT_MILESTONES",
    "DISPOSABLE_DOMAINS",
    "NAME_MAX",
    "TEXT_MAX",
    "TITLE_MAX",
    "CommentStatus",
    "Email",
    "PetitionId",
    "PetitionStatus",
    "SignatureStatus",
    "Target",
    "TargetKind",
    "check_transition",
    "clean_text",
    "default_deadline",
    "elector_meeting_date",
    "electors_targeted",
    "milestones_crossed",
    "normalise_email",
    "parse_milestones",
    "parse_target",
    "validate_ref",
    "validate_zip",
]

PetitionId = NewType("PetitionId", int)

TITLE_MAX: Final = 150
TEXT_MAX: Final = 10_000
NAME_MAX: Final = 100
EMAIL_MAX: Final = 254
COMMENT_MAX: Final = 1_000
REF_MAX: Final = 64
REASON_MAX: Final = 500
DEFAULT_MILESTONES: Final = (1_000, 10_000, 100_000, 1_000_000)


class PetitionStatus(StrEnum):
    """Where a petition is in its life: moderation, signing, delivery."""

    PENDING = "pending"
    REJECTED = "rejected"
    OPEN = "open"
    CLOSED = "closed"
    DELIVERED = "delivered"

    @property
    def is_public(self) -> bool:
        """Published petitions (open, closed or delivered) are shown and counted."""
        return self in (PetitionStatus.OPEN, PetitionStatus.CLOSED, PetitionStatus.DELIVERED)


class SignatureStatus(StrEnum):
    """A signature counts only when validated; the others are kept for audit."""

    PENDING = "pending"
    VALIDATED = "validated"
    INVALIDATED = "invalidated"
    FRAUDULENT = "fraudulent"


class CommentStatus(StrEnum):
    """Flagged comments stay visible until a moderator hides them."""

    VISIBLE = "visible"
    FLAGGED = "flagged"
    HIDDEN = "hidden"

    @property
    def is_public(self) -> bool:
        return self is not CommentStatus.HIDDEN


TRANSITIONS: Final[Mapping[type[StrEnum], Mapping[str, frozenset[str]]]] = {
    PetitionStatus: {
        "pending": frozenset({"open", "rejected"}),
        "open": frozenset({"closed"}),
        "closed": frozenset({"delivered"}),
        "rejected": frozenset(),
        "delivered": frozenset(),
    },
    SignatureStatus: {
        "pending": frozenset({"validated", "invalidated", "fraudulent"}),
        "validated": frozenset({"invalidated", "fraudulent"}),
        "invalidated": frozenset({"validated"}),
        "fraudulent": frozenset(),
    },
    CommentStatus: {
        "visible": frozenset({"flagged", "hidden"}),
        "flagged": frozenset({"visible", "hidden"}),
        "hidden": frozenset({"visible"}),
    },
}


def check_transition(current: StrEnum, wanted: StrEnum) -> None:
    """Raise :class:`TransitionError` unless the rules allow ``current -> wanted``.

    >>> check_transition(PetitionStatus.PENDING, PetitionStatus.OPEN)
    """
    allowed = TRANSITIONS[type(current)][current.value]
    if wanted.value not in allowed:
        thing = type(current).__name__.removesuffix("Status").lower()
        raise TransitionError(thing, current.value, wanted.value, allowed)


# --- targets and deadlines -------------------------------------------------------------------


class TargetKind(StrEnum):
    """Whom a petition addresses: every elector, the electors of some states, or one slate."""

    ALL = "all"
    STATES = "states"
    SLATE = "slate"


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """The electors a petition is addressed to."""

    kind: TargetKind
    states: tuple[State, ...] = ()
    year: int | None = None
    candidate: str | None = None

    def __str__(self) -> str:
        if self.kind is TargetKind.STATES:
            return ",".join(self.states)
        if self.kind is TargetKind.SLATE:
            return f"slate:{self.year}:{self.candidate}"
        return "all"


def parse_target(text: str, record: Record | None = None) -> Target:
    """``all``, ``PA,MI,...`` or ``slate:YEAR:CANDIDATE`` (a candidate's full name or surname).

    >>> str(parse_target("pa, mi"))
    'PA,MI'

    Raises:
        InvalidInputError: (field ``target``) an unknown state, year or candidate.
    """
    text = text.strip()
    if text.lower() in ("", "all"):
        return Target(kind=TargetKind.ALL)
    if text.lower().startswith("slate:"):
        _, _, rest = text.partition(":")
        year_text, _, name = rest.partition(":")
        if not year_text.strip().isdigit() or not name.strip():
            raise InvalidInputError("target", f"{text!r}: expected slate:YEAR:CANDIDATE")
        year = int(year_text)
        return Target(
            kind=TargetKind.SLATE, year=year, candidate=_candidate(year, name.strip(), record)
        )
    codes = [c.strip().upper() for c in text.split(",") if c.strip()]
    try:
        states = tuple(dict.fromkeys(State(c) for c in codes))
    except ValueError:
        raise InvalidInputError(
            "target", f"{text!r}: expected 'all', postal codes such as 'PA,MI', or slate:YEAR:NAME"
        ) from None
    return Target(kind=TargetKind.STATES, states=states)


def _candidate(year: int, name: str, record: Record | None) -> str:
    try:
        cast = election(year, record).electoral_votes
    except UnknownElectionError as error:
        raise InvalidInputError("target", str(error)) from None
    wanted = name.casefold()
    found = [c for c in cast if c.casefold() == wanted or c.casefold().split()[-1] == wanted]
    if len(found) != 1:
        raise InvalidInputError(
            "target", f"{name!r} in {year}: expected one of {', '.join(sorted(cast))}"
        )
    return found[0]


def electors_targeted(target: Target, record: Record | None = None) -> dict[State, int]:
    """The electors addressed, by state (a slate: the votes its electors cast for the candidate,
    e.g. Trump's 304 in 2016). ``all`` and states use the latest election in the record."""
    record = record or default_record()
    if target.kind is TargetKind.SLATE and target.year is not None:
        e = election(target.year, record)
        return {
            s.state: s.electoral_votes[str(target.candidate)]
            for s in e.states
            if s.electoral_votes.get(str(target.candidate))
        }
    latest = election(record.years[-1], record)
    wanted = set(target.states) if target.kind is TargetKind.STATES else None
    return {s.state: s.electors for s in latest.states if wanted is None or s.state in wanted}


def elector_meeting_date(year: int) -> dt.date:
    """The day electors meet after the election of ``year``: the first Tuesday after the second
    Wednesday in December (3 U.S.C. §7 as amended by the Electoral Count Reform Act of 2022).

    >>> elector_meeting_date(2024), elector_meeting_date(2028)
    (datetime.date(2024, 12, 17), datetime.date(2028, 12, 19))
    """
    first = dt.date(year, 12, 1)
    second_wednesday = first + dt.timedelta(days=(2 - first.weekday()) % 7 + 7)
    return second_wednesday + dt.timedelta(days=6)


def default_deadline(target: Target, today: dt.date, record: Record | None = None) -> dt.date:
    """The day the targeted electors meet: the record's date for a slate of a recorded election,
    otherwise the next meeting (in an election year, every fourth year) on or after ``today``."""
    record = record or default_record()
    if target.year is not None:
        try:
            return record.election(target.year).meeting_date
        except ElectoralError:
            return elector_meeting_date(target.year)
    year = today.year + (-today.year % 4)
    while True:
        try:
            meeting = record.election(year).meeting_date
        except ElectoralError:
            meeting = elector_meeting_date(year)
        if meeting >= today:
            return meeting
        year += 4


# --- what signers type ------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ZIP = re.compile(r"^([0-9]{5})(?:-?[0-9]{4})?$")  # ASCII digits: \d takes any script's
_REF = re.compile(r"^[A-Za-z0-9_.-]+$")
_GMAIL = frozenset({"gmail.com", "googlemail.com"})


def clean_text(value: str, field_name: str, limit: int, *, multiline: bool = False) -> str:
    """Strip, NFC-normalise and bound one field of user text; control characters are refused.

    Raises:
        InvalidInputError: empty, too long or with control characters.
    """
    if len(value) > 4 * limit:  # refuse before normalising megabytes
        raise InvalidInputError(field_name, f"longer than {limit} characters")
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n")).strip()
    if not text:
        raise InvalidInputError(field_name, "must not be empty")
    if len(text) > limit:
        raise InvalidInputError(field_name, f"{len(text)} characters, at most {limit} allowed")
    if _CONTROL.search(text) or (not multiline and ("\n" in text or "\r" in text)):
        raise InvalidInputError(field_name, "contains control characters or line breaks")
    return text


@dataclass(frozen=True, slots=True, kw_only=True)
class Email:
    """An address as typed (for mail), its normalised form (for uniqueness) and the digest
    of the normalised form (what the database indexes, and keeps after personal data is removed)."""

    address: str
    normalised: str
    domain: str
    digest: str = field(repr=False)


def normalise_email(value: str, field_name: str = "email") -> Email:
    """Check an address's syntax (offline) and normalise it: lower case, no ``+tag``, and for
    Gmail no dots (they deliver to the same mailbox), so one person signs once.

    >>> normalise_email(" Jane.Doe+petition@GoogleMail.com ").normalised
    'janedoe@gmail.com'

    Raises:
        InvalidInputError: not an e-mail address.
    """
    if len(value) > 2 * EMAIL_MAX:
        raise InvalidInputError(field_name, f"longer than {EMAIL_MAX} characters")
    try:
        checked = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise InvalidInputError(field_name, str(error)) from None
    local, domain = checked.local_part.lower(), checked.domain.lower()
    local = local.split("+", 1)[0] or local
    if domain in _GMAIL:
        domain, local = "gmail.com", local.replace(".", "")
    normalised = f"{local}@{domain}"
    digest = hashlib.sha256(normalised.encode()).hexdigest()
    return Email(address=checked.normalized, normalised=normalised, domain=domain, digest=digest)


def validate_zip(value: str) -> str:
    """A five-digit ZIP code (ZIP+4 is accepted and cut to five digits).

    >>> validate_zip("19104-1234")
    '19104'

    Raises:
        InvalidInputError: (field ``zip``) not a ZIP code.
    """
    match = _ZIP.match(value.strip()) if len(value) <= 20 else None
    if match is None:
        raise InvalidInputError("zip", f"{value[:20]!r}: expected five digits, such as 19104")
    return match.group(1)


def validate_ref(value: str) -> str:
    """A referral code: letters, digits, ``_.-``, at most 64 characters.

    Raises:
        InvalidInputError: (field ``ref``) another character, or too long.
    """
    if len(value) > REF_MAX or not _REF.match(value):
        raise InvalidInputError("ref", f"expected at most {REF_MAX} of A-Z a-z 0-9 _ . -")
    return value


# --- milestones -----------------------------------------------------------------------------


def parse_milestones(text: str | Iterable[int]) -> tuple[int, ...]:
    """Milestones as sorted, distinct positive counts (from ``"1000,100000"`` or numbers).

    Raises:
        InvalidInputError: (field ``milestones``) not positive integers.
    """
    parts = text.split(",") if isinstance(text, str) else [str(n) for n in text]
    try:
        values = sorted({int(p) for p in parts if str(p).strip()})
    except ValueError:
        raise InvalidInputError("milestones", f"{text!r}: expected counts, 1000,10000") from None
    if any(v <= 0 for v in values):
        raise InvalidInputError("milestones", "counts must be positive")
    return tuple(values)


def milestones_crossed(milestones: Iterable[int], total: int) -> tuple[int, ...]:
    """The milestones a total has reached.

    >>> milestones_crossed((1000, 100000), 1000)
    (1000,)
    """
    return tuple(m for m in milestones if m <= total)


# --- abuse ----------------------------------------------------------------------------------

# A seed list of well-known throw-away mail providers; moderators add more as block rules.
DISPOSABLE_DOMAINS: Final = frozenset(
    {
        "10minutemail.com",
        "20minutemail.com",
        "discard.email",
        "dispostable.com",
        "emailondeck.com",
        "fakeinbox.com",
        "getairmail.com",
        "getnada.com",
        "guerrillamail.com",
        "guerrillamail.net",
        "maildrop.cc",
        "mailinator.com",
        "mailnesia.com",
        "mintemail.com",
        "mohmal.com",
        "mytemp.email",
        "sharklasers.com",
        "spamgourmet.com",
        "temp-mail.org",
        "tempail.com",
        "tempmail.com",
        "tempr.email",
        "throwawaymail.com",
        "trashmail.com",
        "yopmail.com",
    }
)

# Mailbox providers shared by millions: a per-domain limit would throttle real signers in a
# surge, so these domains are only limited per address and per IP.
LARGE_PROVIDERS: Final = frozenset(
    {
        "aol.com",
        "comcast.net",
        "gmail.com",
        "hotmail.com",
        "icloud.com",
        "live.com",
        "mac.com",
        "me.com",
        "msn.com",
        "outlook.com",
        "proton.me",
        "protonmail.com",
        "sbcglobal.net",
        "verizon.net",
        "yahoo.com",
    }
)
