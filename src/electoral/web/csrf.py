"""Cross-site request forgery protection for the HTML forms: a signed double-submit token.

A browser gets a random value in the cookie :data:`COOKIE` (``HttpOnly``, ``SameSite=Lax``);
every form carries that value signed with the secret key (itsdangerous, salted for this use).
A POST is accepted only if the form's token is genuine, younger than :data:`MAX_AGE`, and
signs the value of the cookie that came with it. Another site can make a browser send the
cookie but can neither read it nor forge its signature, so it cannot build a form that passes
(OWASP's "signed double-submit cookie"). An ``Origin`` header naming another site is refused
as well.

Forms are read by :func:`read_form` (URL-encoded only, at most :data:`MAX_FORM` bytes), so a
handler sees a checked form or nothing: the check happens before any write.
"""

# ruff: noqa: TID253

from __future__ import annotations

import hmac
import secrets
from typing import Final
from urllib.parse import parse_qsl, urlsplit

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.exceptions import HTTPException

__all__ = ["COOKIE", "FIELD", "MAX_AGE", "MAX_FORM", "Csrf", "FormData", "read_form"]

COOKIE: Final = "electoral_csrf"
FIELD: Final = "csrf_token"
MAX_AGE: Final = 7 * 24 * 3600
"""Seconds a form stays valid (a page left open for a week must be reloaded)."""
MAX_FORM: Final = 256 * 1024
"""The largest form body read, in bytes: a petition of 10,000 characters, percent-encoded."""
MAX_FIELDS: Final = 50

FormData = dict[str, str]


class Csrf:
    """Issues and checks the tokens, keyed by the service's secret key.

    Args:
        secret_key: ``settings.secret_key``.
        secure: mark the cookie ``Secure`` (when the site is served over HTTPS).
    """

    def __init__(self, secret_key: str, *, secure: bool = False) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="electoral.web.csrf")
        self.secure = secure

    def token(self, request: Request) -> str:
        """The token for the forms of the page being rendered; a browser without the cookie
        is given one by :meth:`set_cookie` on the response."""
        value = request.cookies.get(COOKIE) or getattr(request.state, "csrf_new", None)
        if not value or len(value) > 100:
            value = secrets.token_urlsafe(32)
            request.state.csrf_new = value
        return str(self._serializer.dumps(value))

    def set_cookie(self, request: Request, response: Response) -> None:
        """Send the cookie if :meth:`token` made a new value for this request."""
        value = getattr(request.state, "csrf_new", None)
        if value:
            response.set_cookie(
                COOKIE, value, httponly=True, samesite="lax", secure=self.secure, path="/"
            )

    def check(self, request: Request, form: FormData) -> None:
        """Raise a 403 unless ``form`` carries a genuine token for this browser's cookie.

        Raises:
            HTTPException: 403, naming what was wrong (no token, a forged or expired one, or a
                request from another site).
        """
        origin = request.headers.get("origin")
        if origin and origin != "null" and urlsplit(origin).netloc != request.url.netloc:
            raise HTTPException(403, "the form was sent from another site")
        cookie = request.cookies.get(COOKIE)
        sent = form.get(FIELD)
        if not cookie or not sent:
            raise HTTPException(
                403, "the form's security token is missing: reload the page (with cookies on)"
            )
        try:
            signed = self._serializer.loads(sent, max_age=MAX_AGE)
        except BadSignature:
            raise HTTPException(
                403,
                "the form's security token is not valid or has expired: "
                "reload the page and try again",
            ) from None
        if not isinstance(signed, str) or not hmac.compare_digest(signed, cookie):
            raise HTTPException(
                403,
                "the form's security token is not for this browser: reload the page and try again",
            )


async def read_form(request: Request) -> FormData:
    """The URL-encoded form of a POST (the first value of each field), at most
    :data:`MAX_FORM` bytes and :data:`MAX_FIELDS` fields.

    Raises:
        HTTPException: 413 when too large, 415 when not URL-encoded, 400 when malformed.
    """
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise HTTPException(415, "expected a form (application/x-www-form-urlencoded)")
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_FORM):
        raise HTTPException(413, f"the form is larger than {MAX_FORM // 1024} KB")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM:
            raise HTTPException(413, f"the form is larger than {MAX_FORM // 1024} KB")
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise HTTPException(400, "the form could not be read") from None
    form: FormData = {}
    for key, value in pairs:
        form.setdefault(key, value)
    return form
