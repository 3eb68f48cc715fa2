"""Signed, expiring tokens for the links in mails (itsdangerous ``URLSafeTimedSerializer``),
salted per purpose so a token made for one use is refused by every other.

Tokens carry only ids; single use is enforced by the state they change (a signature is
validated once), so there is no token table.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from electoral.petitions.errors import ConfigurationError, ExpiredTokenError, InvalidTokenError

__all__ = ["LIFETIME", "Purpose", "TokenSigner"]


class Purpose(StrEnum):
    """What a token lets its bearer do."""

    CONFIRM_SIGNATURE = "confirm-signature"
    CONFIRM_CREATOR = "confirm-creator"
    COMMENT = "comment"
    MANAGE = "manage"


LIFETIME: Final[dict[Purpose, int]] = {
    Purpose.CONFIRM_SIGNATURE: 7 * 24 * 3600,
    Purpose.CONFIRM_CREATOR: 7 * 24 * 3600,
    Purpose.COMMENT: 90 * 24 * 3600,
    Purpose.MANAGE: 180 * 24 * 3600,
}
"""Seconds a token of each purpose stays valid."""

MAX_TOKEN_LENGTH: Final = 300
MIN_KEY_LENGTH: Final = 1


class TokenSigner:
    """Makes and checks tokens with the service's secret key."""

    def __init__(self, secret_key: str) -> None:
        if len(secret_key) < MIN_KEY_LENGTH:  # an empty key would sign links anyone can forge
            raise ConfigurationError(
                f"the secret key is {len(secret_key)} characters: expected {MIN_KEY_LENGTH} or more"
            )
        self._serializers = {
            p: URLSafeTimedSerializer(secret_key, salt=f"electoral.petitions.{p}") for p in Purpose
        }

    def make(self, purpose: Purpose, subject: int) -> str:
        """A token naming ``subject`` (a signature's or petition's id) for ``purpose``."""
        return str(self._serializers[purpose].dumps(subject))

    def read(self, purpose: Purpose, token: str) -> int:
        """The subject of a genuine, unexpired token for ``purpose``.

        Raises:
            ExpiredTokenError: genuine but older than :data:`LIFETIME`.
            InvalidTokenError: forged, altered, truncated or made for another purpose.
        """
        if len(token) > MAX_TOKEN_LENGTH:
            raise InvalidTokenError("the link is not valid: too long")
        try:
            subject = self._serializers[purpose].loads(token, max_age=LIFETIME[purpose])
        except SignatureExpired:
            raise ExpiredTokenError("the link has expired: sign again to get a new one") from None
        except BadSignature:
            raise InvalidTokenError("the link is not valid: it was altered or cut short") from None
        if not isinstance(subject, int) or isinstance(subject, bool):
            raise InvalidTokenError("the link is not valid")
        return subject
