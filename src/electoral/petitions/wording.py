"""Every mail the petition service writes: its subject and body.

The lifetimes the mails promise are those the links have (:data:`tokens.LIFETIME`), so that
changing a token's lifetime changes what the mail says.
"""

from __future__ import annotations

from dataclasses import dataclass

from electoral.petitions.tokens import LIFETIME, Purpose

__all__ = [
    "ALREADY_SIGNED",
    "Wording",
    "confirm_creator",
    "confirm_signature",
    "duration",
]


@dataclass(frozen=True, slots=True)
class Wording:
    subject: str
    body: str


def duration(seconds: int) -> str:
    """A lifetime in words, in the largest unit that measures it exactly.

    >>> duration(7 * 24 * 3600), duration(24 * 3600), duration(36 * 3600), duration(90)
    ('7 days', '1 day', '36 hours', '90 seconds')
    """
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds % size == 0:
            n = seconds // size
            return f"{n} {unit}{'' if n == 1 else 's'}"
    return f"{seconds} second{'' if seconds == 1 else 's'}"


def confirm_creator(base_url: str, token: str) -> Wording:
    """To a petition's creator: confirm the address (the link's token is
    :attr:`Purpose.CONFIRM_CREATOR`)."""
    return Wording(
        "Confirm your petition",
        "Please confirm your e-mail address to send your petition to moderation:\n\n"
        f"{base_url}/petitions/creator/confirm/{token}\n\n"
        "If you did not start a petition, ignore this mail.\n",
    )


def confirm_signature(base_url: str, token: str) -> Wording:
    """To a signer: open the link to validate the signature (sent again, the same wording)."""
    lifetime = duration(LIFETIME[Purpose.CONFIRM_SIGNATURE])
    return Wording(
        "Confirm your signature",
        "Please confirm your signature by opening this link:\n\n"
        f"{base_url}/petitions/confirm/{token}\n\n"
        f"The link works once and for {lifetime}. If you did not sign, ignore this mail:\n"
        "the signature will not be counted.\n",
    )


ALREADY_SIGNED = Wording(
    "You have already signed this petition",
    "Your signature was already confirmed and is counted. Thank you.\n",
)
"""To a signer who signs again once their signature is validated."""
