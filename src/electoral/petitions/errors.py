"""Errors of the petition service, in the one hierarchy of :mod:`electoral.errors`::

ElectoralError
└── PetitionError
    ├── InvalidInputError     (PetitionError, ValueError)   bad field: names it (HTTP 422)
    ├── PetitionNotFoundError (PetitionError, LookupError)  no such (public) petition (404)
    ├── CommentNotFoundError  (PetitionError, LookupError)  no such comment (404)
    ├── PetitionClosedError   (PetitionError, ValueError)   not open for signing (409)
    ├── TransitionError       (PetitionError, ValueError)   forbidden change of state (409)
    ├── NotPermittedError     (PetitionError, ValueError)   e.g. comment, not a signer (403)
    ├── ConfigurationError    (PetitionError, ValueError)   settings or key file unusable
    ├── RateLimitedError      (PetitionError, ValueError)   too many, try later (429)
    └── InvalidTokenError     (PetitionError, ValueError)   forged or malformed link (400)
        ├── ExpiredTokenError                               link too old (410)
        └── UsedTokenError                                  single-use link used again (409)
"""

from __future__ import annotations

from electoral.errors import ElectoralError

__all__ = [
    "CommentNotFoundError",
    "ConfigurationError",
    "ExpiredTokenError",
    "InvalidInputError",
    "InvalidTokenError",
    "NotPermittedError",
    "PetitionClosedError",
    "PetitionError",
    "PetitionNotFoundError",
    "RateLimitedError",
    "TransitionError",
    "UsedTokenError",
]


class PetitionError(ElectoralError):
    """Base class of the petition service's errors."""


class InvalidInputError(PetitionError, ValueError):
    """A field of a request is malformed; ``field`` names it."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"field '{field}': {problem}")


class PetitionNotFoundError(PetitionError, LookupError):
    """No petition with that id (or not published, for public look-ups)."""

    def __init__(self, petition_id: int) -> None:
        self.petition_id = petition_id
        super().__init__(f"no petition {petition_id}")


class CommentNotFoundError(PetitionError, LookupError):
    """No comment with that id on that petition."""

    def __init__(self, comment_id: int) -> None:
        self.comment_id = comment_id
        super().__init__(f"no comment {comment_id}")


class PetitionClosedError(PetitionError, ValueError):
    """The petition does not take signatures (not open, or past its deadline)."""

    def __init__(self, petition_id: int, why: str) -> None:
        self.petition_id = petition_id
        super().__init__(f"petition {petition_id} is not open for signing: {why}")


class TransitionError(PetitionError, ValueError):
    """A change of state that the rules do not allow (e.g. publishing a rejected petition)."""

    def __init__(self, thing: str, current: str, wanted: str, allowed: frozenset[str]) -> None:
        self.current = current
        self.wanted = wanted
        targets = ", ".join(sorted(allowed)) or "none (final state)"
        super().__init__(f"{thing} cannot go from {current!r} to {wanted!r}: allowed {targets}")


class NotPermittedError(PetitionError, ValueError):
    """The caller may not do this (e.g. comment without a validated signature)."""


class InvalidTokenError(PetitionError, ValueError):
    """A link's token is forged, truncated or for another purpose."""


class ExpiredTokenError(InvalidTokenError):
    """A link's token is genuine but older than its lifetime."""


class UsedTokenError(InvalidTokenError):
    """A single-use link was used already."""


class ConfigurationError(PetitionError, ValueError):
    """The service's settings cannot be used as they are (the message names the setting or
    file, what is wrong and what was expected); the service refuses to start."""


class RateLimitedError(PetitionError, ValueError):
    """Too many of one action from one client, signer or address; ``retry_after`` seconds
    until it may try again, ``reason`` the limit (``comment:signer:60s``)."""

    def __init__(self, what: str, reason: str, retry_after: int) -> None:
        self.reason = reason
        self.retry_after = retry_after
        super().__init__(f"too many {what}: try again in {_duration(retry_after)}")


def _duration(seconds: int) -> str:
    if seconds < 120:  # noqa: PLR2004
        return f"{seconds} s"
    if seconds < 7200:  # noqa: PLR2004
        return f"{round(seconds / 60)} minutes"
    return f"{round(seconds / 3600)} hours"
