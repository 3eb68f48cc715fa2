"""What the petitions' pages (:mod:`.petition_public`, :mod:`.petition_creator`,
:mod:`.petition_moderator`) share: rendering a page or a problem, the CSRF-checked form, the
client's address, collecting every field's error, and the table and map fills by state.

Every page calls :class:`~electoral.petitions.service.PetitionService` (``app.state.petitions``)
and never the tables. Every form is protected by :mod:`electoral.web.csrf` and answers with a
redirect when it worked (so reloading does not resubmit), or the same page again, the form
filled in and each error next to its field, with a 4xx status. No page shows an e-mail
address; user text is escaped, and links in it are marked ``rel="nofollow ugc"``.
"""

# ruff: noqa: TID253

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, TypeVar

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from electoral.petitions.domain import COMMENT_MAX, TEXT_MAX, validate_ref
from electoral.petitions.errors import InvalidInputError, PetitionError
from electoral.petitions.markup import linkify
from electoral.states import STATE_INFO, State
from electoral.web.csrf import Csrf, FormData, read_form
from electoral.web.palette import BLANK
from electoral.web.routes.petitions_api import status_of
from electoral.web.templating import templates

if TYPE_CHECKING:
    from electoral.petitions.service import PetitionService, PetitionView
    from electoral.settings import Settings

__all__ = [
    "PRIVATE_HEADERS",
    "SCALE",
    "StateRow",
    "checked_form",
    "clean_ref",
    "client_ip",
    "collect",
    "csrf_of",
    "error_page",
    "html",
    "plural",
    "problem",
    "redirect",
    "render",
    "scale_fill",
    "service_of",
    "settings_of",
    "shown",
    "state_rows",
]

SCALE: Final = ("#c6dbef", "#6baed6", "#2171b5", "#08306b")
"""Fills for signatures by state, few to many (ColorBrewer Blues); none: the palette's blank."""
PRIVATE_HEADERS: Final = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex",
}
"""For pages whose address is a secret (a creator's link) or that belong to one person."""

T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class StateRow:
    """One line of the table by state."""

    state: State
    name: str
    signatures: int
    electors: int | None


def scale_fill(signatures: int, most: int) -> str:
    """The map's fill for a state: blank for none, then four steps on a log scale of the most
    signatures of any state (so one big state does not wash out the others).

    >>> scale_fill(0, 10), scale_fill(1, 1000), scale_fill(1000, 1000)
    ('#e4e4e4', '#c6dbef', '#08306b')
    """
    if signatures <= 0 or most <= 0:
        return BLANK
    share = math.log1p(signatures) / math.log1p(most)
    return SCALE[min(len(SCALE) - 1, int(share * len(SCALE) - 1e-9))]


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def service_of(request: Request) -> PetitionService:
    service: PetitionService = request.app.state.petitions
    return service


def csrf_of(request: Request) -> Csrf:
    csrf: Csrf = request.app.state.csrf
    return csrf


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def html(text: str | None) -> Markup:
    """User text as safe HTML (escaped, links marked ``nofollow ugc``)."""
    return Markup(linkify(text)) if text else Markup("")  # noqa: S704 (linkify escapes)


def render(
    request: Request,
    name: str,
    context: Mapping[str, object],
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A page of ``petitions/``, with the CSRF token for its forms."""
    csrf = csrf_of(request)
    full = {"csrf_token": csrf.token(request), "html": html, "plural": plural, **context}
    response = templates.TemplateResponse(
        request, f"petitions/{name}", full, status_code=status, headers=dict(headers or {})
    )
    csrf.set_cookie(request, response)
    return response


def problem(request: Request, status: int, message: str, *, title: str | None = None) -> Response:
    """A 4xx page that says what went wrong and where to go next."""
    return render(
        request,
        "problem.html",
        {"status": status, "message": message, "title": title},
        status=status,
        headers=PRIVATE_HEADERS,
    )


def error_page(request: Request, error: PetitionError) -> Response:
    return problem(request, status_of(error), str(error))


def redirect(url: str, headers: Mapping[str, str] | None = None) -> Response:
    return RedirectResponse(url, status_code=303, headers=dict(headers or {}))


async def checked_form(request: Request) -> FormData:
    """The posted form, after the CSRF check (a 403 before anything is written)."""
    form = await read_form(request)
    csrf_of(request).check(request, form)
    return form


def client_ip(request: Request) -> str | None:
    from electoral.petitions.ratelimit import client_address

    peer = request.client.host if request.client else None
    trusted = settings_of(request).trusted_networks
    return client_address(peer, request.headers.get("x-forwarded-for"), trusted)


def clean_ref(value: str | None) -> str | None:
    try:
        return validate_ref(value) if value else None
    except InvalidInputError:
        return None


def collect(errors: dict[str, str], check: Callable[[], T]) -> T | None:
    """Run one field's check, noting its error under the field's name."""
    try:
        return check()
    except InvalidInputError as error:
        errors.setdefault(error.field, error.problem)
        return None


def state_rows(view: PetitionView, electors: Mapping[State, int]) -> list[StateRow]:
    by_state = view.counts.by_state
    rows = [
        StateRow(
            state=s,
            name=STATE_INFO[s].name,
            signatures=by_state.get(s, 0),
            electors=electors.get(s),
        )
        for s in State
    ]
    return sorted(rows, key=lambda r: r.name)


def shown(form: FormData) -> dict[str, str]:
    """The submitted values to fill the form again (cut short: a huge value is not echoed),
    never an e-mail address: no address appears in any page, the signer's own included."""
    return {
        k: v[: TEXT_MAX if k in ("text", "body") else COMMENT_MAX]
        for k, v in form.items()
        if "email" not in k
    }
