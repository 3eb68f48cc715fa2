"""The petitions' pages: the list, a petition with its live count, map and table by state,
signing and confirming, comments, sharing, starting a petition, the creator's dashboard and the
moderators' queue.

Every page calls :class:`~electoral.petitions.service.PetitionService` (``app.state.petitions``)
and never the tables. Every form is protected by :mod:`electoral.web.csrf` and answers with a
redirect when it worked (so reloading does not resubmit), or the same page again, the form
filled in and each error next to its field, with a 4xx status. No page shows an e-mail
address; user text is escaped, and links in it are marked ``rel="nofollow ugc"``.

Moderators log in with the password ``ELECTORAL_MODERATOR_PASSWORD`` (unset: moderation from
the web is off); their session is a signed cookie valid for :data:`MODERATOR_SESSION` seconds.
"""

# ruff: noqa: TID253

from __future__ import annotations

import datetime as dt
import hmac
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, TypeVar
from urllib.parse import urlsplit

from fastapi import APIRouter, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from markupsafe import Markup

from electoral.errors import UnknownStateError
from electoral.petitions.domain import (
    COMMENT_MAX,
    NAME_MAX,
    TEXT_MAX,
    TITLE_MAX,
    CommentStatus,
    PetitionStatus,
    clean_text,
    normalise_email,
    parse_milestones,
    parse_target,
    validate_ref,
    validate_zip,
)
from electoral.petitions.errors import (
    InvalidInputError,
    PetitionClosedError,
    PetitionError,
)
from electoral.petitions.markup import linkify
from electoral.petitions.tokens import Purpose
from electoral.states import STATE_INFO, State, parse_state
from electoral.web.app import templates
from electoral.web.csrf import Csrf, FormData, read_form
from electoral.web.palette import BLANK, text_on
from electoral.web.routes.petitions_api import status_of
from electoral.web.views import MapUnit

if TYPE_CHECKING:
    from electoral.petitions.service import (
        Comment,
        PetitionService,
        PetitionView,
    )
    from electoral.settings import Settings

__all__ = ["MODERATOR_SESSION", "SCALE", "StateRow", "install_pages", "router", "scale_fill"]

router = APIRouter(prefix="/petitions", include_in_schema=False)

MODERATOR_COOKIE: Final = "electoral_moderator"
MODERATOR_SESSION: Final = 12 * 3600
SIGNER_COOKIE: Final = "electoral_signer_{petition}"
SIGNER_LIFETIME: Final = 90 * 24 * 3600
POLL_SECONDS: Final = 5
SCALE: Final = ("#c6dbef", "#6baed6", "#2171b5", "#08306b")
"""Fills for signatures by state, few to many (ColorBrewer Blues); none: the palette's blank."""
PRIVATE_HEADERS: Final = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex",
}
"""For pages whose address is a secret (a creator's link) or that belong to one person."""

T = TypeVar("T")


# --- helpers -------------------------------------------------------------------------------


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


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _service(request: Request) -> PetitionService:
    service: PetitionService = request.app.state.petitions
    return service


def _csrf(request: Request) -> Csrf:
    csrf: Csrf = request.app.state.csrf
    return csrf


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _html(text: str | None) -> Markup:
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
    csrf = _csrf(request)
    full = {"csrf_token": csrf.token(request), "html": _html, "plural": _plural, **context}
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


def _error_page(request: Request, error: PetitionError) -> Response:
    return problem(request, status_of(error), str(error))


def _redirect(url: str, headers: Mapping[str, str] | None = None) -> Response:
    return RedirectResponse(url, status_code=303, headers=dict(headers or {}))


async def _checked_form(request: Request) -> FormData:
    """The posted form, after the CSRF check (a 403 before anything is written)."""
    form = await read_form(request)
    _csrf(request).check(request, form)
    return form


def _client_ip(request: Request) -> str | None:
    from electoral.petitions.ratelimit import client_address

    peer = request.client.host if request.client else None
    trusted = _settings(request).trusted_networks
    return client_address(peer, request.headers.get("x-forwarded-for"), trusted)


def _ref(value: str | None) -> str | None:
    try:
        return validate_ref(value) if value else None
    except InvalidInputError:
        return None


def _collect(errors: dict[str, str], check: Callable[[], T]) -> T | None:
    """Run one field's check, noting its error under the field's name."""
    try:
        return check()
    except InvalidInputError as error:
        errors.setdefault(error.field, error.problem)
        return None


# --- the list and a petition -------------------------------------------------------------


@router.get("")
def petition_list(request: Request) -> Response:
    views = _service(request).list_petitions()
    return render(request, "list.html", {"views": views})


def _state_rows(view: PetitionView, electors: Mapping[State, int]) -> list[StateRow]:
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


def _map_units(rows: list[StateRow]) -> list[MapUnit]:
    most = max((r.signatures for r in rows), default=0)
    units = []
    for r in rows:
        fill = scale_fill(r.signatures, most)
        units.append(
            MapUnit(
                code=r.state.value,
                state=r.state,
                name=r.name,
                electors=0,
                fill=fill,
                text=text_on(fill),
                label=f"{r.name}: {_plural(r.signatures, 'signature')}",
                present=True,
                is_district=False,
            )
        )
    return units


def _signer_token(request: Request, petition_id: int) -> str | None:
    """The comment token from the cookie set at confirmation, if still genuine."""
    token = request.cookies.get(SIGNER_COOKIE.format(petition=petition_id))
    if not token:
        return None
    try:
        _service(request).tokens.read(Purpose.COMMENT, token)
    except PetitionError:
        return None
    return token


def _petition_context(
    request: Request, petition_id: int, ref: str | None = None
) -> dict[str, object]:
    """Everything the petition page shows (raises PetitionNotFoundError)."""
    from electoral.web.mapdata import load_map

    service = _service(request)
    view = service.get_petition(petition_id)
    rows = _state_rows(view, service.electors(view.petition))
    base = _settings(request).base_url.rstrip("/")
    p = view.petition
    return {
        "view": view,
        "p": p,
        "rows": rows,
        "geo": load_map(),
        "units": _map_units(rows),
        "scale": SCALE,
        "blank": BLANK,
        "comments": service.list_comments(petition_id),
        "share": {c.value: url for c, url in service.share_links(petition_id).items()},
        "url": f"{base}/petitions/{petition_id}",
        "is_open": p.status is PetitionStatus.OPEN,
        "can_comment": _signer_token(request, petition_id) is not None,
        "next_milestone": next((m for m in p.milestones if m > view.counts.total), None),
        "states": sorted(STATE_INFO.values(), key=lambda i: i.name),
        "poll_seconds": POLL_SECONDS,
        "ref": ref,
        "form": {},
        "errors": {},
        "comment_errors": {},
    }


@router.get("/{petition_id:int}")
def petition_page(
    request: Request, petition_id: int, ref: str | None = None, flagged: int | None = None
) -> Response:
    try:
        context = _petition_context(request, petition_id, _ref(ref))
    except PetitionError as error:
        return _error_page(request, error)
    context["flagged"] = flagged
    return render(request, "petition.html", context)


# --- signing and confirming ----------------------------------------------------------------


def _sign_errors(form: FormData) -> dict[str, str]:
    """Every field's problem at once (the service checks again, and stops at the first)."""
    errors: dict[str, str] = {}
    _collect(errors, lambda: clean_text(form.get("name", ""), "name", NAME_MAX))
    _collect(errors, lambda: normalise_email(form.get("email", "")))
    _collect(errors, lambda: validate_zip(form.get("zip", "")))
    if form.get("state"):
        try:
            parse_state(form["state"][:10])
        except UnknownStateError:
            errors["state"] = "choose a state from the list"
    if form.get("comment", "").strip():
        _collect(
            errors,
            lambda: clean_text(form["comment"], "comment", COMMENT_MAX, multiline=True),
        )
    return errors


def _shown(form: FormData) -> dict[str, str]:
    """The submitted values to fill the form again (cut short: a huge value is not echoed),
    never an e-mail address: no address appears in any page, the signer's own included."""
    return {
        k: v[: TEXT_MAX if k in ("text", "body") else COMMENT_MAX]
        for k, v in form.items()
        if "email" not in k
    }


@router.post("/{petition_id:int}/sign")
async def sign(request: Request, petition_id: int) -> Response:
    from electoral.petitions.service import Client, SignatureForm

    form = await _checked_form(request)
    errors = _sign_errors(form)
    status = 422
    if not errors:
        signature = SignatureForm(
            name=form.get("name", ""),
            email=form.get("email", ""),
            zip=form.get("zip", ""),
            state=form.get("state") or None,
            comment=form.get("comment", "").strip() or None,
            ref=_ref(form.get("ref")),
        )
        client = Client(ip=_client_ip(request))
        try:
            await run_in_threadpool(_service(request).sign, petition_id, signature, client)
        except InvalidInputError as error:
            errors[error.field] = error.problem
        except PetitionClosedError as error:
            errors["form"], status = str(error), 409
        except PetitionError as error:
            return _error_page(request, error)
        else:
            return _redirect(f"/petitions/{petition_id}/signed")
    try:
        context = await run_in_threadpool(
            _petition_context, request, petition_id, _ref(form.get("ref"))
        )
    except PetitionError as error:
        return _error_page(request, error)
    context |= {"form": _shown(form), "errors": errors}
    # the signer's own input, e-mail included, goes back to them only: never stored by a cache
    return render(request, "petition.html", context, status=status, headers=PRIVATE_HEADERS)


@router.get("/{petition_id:int}/signed")
def signed(request: Request, petition_id: int) -> Response:
    try:
        view = _service(request).get_petition(petition_id)
    except PetitionError as error:
        return _error_page(request, error)
    return render(request, "signed.html", {"p": view.petition})


@router.get("/confirm/{token}")
def confirm(request: Request, token: str) -> Response:
    """The link in the confirmation mail: validates the signature and counts it.

    The page needs no other query: the confirmation's transaction returns the petition's
    title and its counts as of this signature's validation (the live count)."""
    service = _service(request)
    try:
        done = service.confirm_signature(token)
    except PetitionError as error:
        return problem(
            request, status_of(error), str(error), title="This link cannot confirm a signature"
        )
    share = {
        c.value: url for c, url in service.share_links_for(done.petition_id, done.title).items()
    }
    context = {
        "petition_id": done.petition_id,
        "title": done.title,
        "total": done.total,
        "state_name": STATE_INFO[done.state].name,
        "state_count": done.state_total,
        "share": share,
        "url": f"{_settings(request).base_url.rstrip('/')}/petitions/{done.petition_id}",
        "can_comment": True,
    }
    response = render(request, "confirmed.html", context, headers=PRIVATE_HEADERS)
    response.set_cookie(
        SIGNER_COOKIE.format(petition=done.petition_id),
        done.comment_token,
        max_age=SIGNER_LIFETIME,
        path=f"/petitions/{done.petition_id}",
        httponly=True,
        samesite="lax",
        secure=_csrf(request).secure,
    )
    return response


# --- comments ------------------------------------------------------------------------------


@router.post("/{petition_id:int}/comments")
async def post_comment(request: Request, petition_id: int) -> Response:
    form = await _checked_form(request)
    token = _signer_token(request, petition_id)
    if token is None:
        return problem(
            request,
            403,
            "Only signers who confirmed their signature may comment: open the link in your "
            "confirmation mail on this device first.",
        )
    parent_text = form.get("parent", "")
    parent = int(parent_text) if parent_text.isdigit() else None
    service = _service(request)
    try:
        made = await run_in_threadpool(
            service.post_comment, token, form.get("body", ""), parent, petition_id
        )
    except InvalidInputError as error:
        try:
            context = await run_in_threadpool(_petition_context, request, petition_id)
        except PetitionError as missing:
            return _error_page(request, missing)
        key = "reply" if parent else "body"
        context |= {
            "comment_errors": {key: error.problem, "parent": parent},
            "comment_form": _shown(form),
        }
        return render(request, "petition.html", context, status=422)
    except PetitionError as error:
        return _error_page(request, error)
    return _redirect(f"/petitions/{petition_id}#comment-{made.id}")


@router.post("/{petition_id:int}/comments/{comment_id:int}/flag")
async def flag_comment(request: Request, petition_id: int, comment_id: int) -> Response:
    await _checked_form(request)
    try:
        await run_in_threadpool(_service(request).flag_comment, comment_id, petition_id)
    except PetitionError as error:
        return _error_page(request, error)
    return _redirect(f"/petitions/{petition_id}?flagged={comment_id}#comment-{comment_id}")


# --- starting a petition and the creator's dashboard ---------------------------------------


@router.get("/new")
def new_petition(request: Request) -> Response:
    return render(request, "new.html", {"form": {}, "errors": {}})


def _draft_errors(form: FormData) -> dict[str, str]:
    errors: dict[str, str] = {}
    _collect(errors, lambda: clean_text(form.get("title", ""), "title", TITLE_MAX))
    _collect(errors, lambda: clean_text(form.get("text", ""), "text", TEXT_MAX, multiline=True))
    _collect(errors, lambda: clean_text(form.get("creator_name", ""), "creator_name", NAME_MAX))
    _collect(errors, lambda: normalise_email(form.get("creator_email", ""), "creator_email"))
    _collect(errors, lambda: parse_target(form.get("target", "")[:200]))
    if form.get("milestones", "").strip():
        _collect(errors, lambda: parse_milestones(form["milestones"][:200]))
    if form.get("deadline"):
        try:
            dt.date.fromisoformat(form["deadline"][:10])
        except ValueError:
            errors["deadline"] = "expected a date, such as 2028-12-19"
    return errors


@router.post("/new")
async def create_petition(request: Request) -> Response:
    from electoral.petitions.domain import DEFAULT_MILESTONES
    from electoral.petitions.service import PetitionDraft

    form = await _checked_form(request)
    errors = _draft_errors(form)
    if not errors:
        draft = PetitionDraft(
            title=form["title"],
            text=form["text"],
            creator_name=form["creator_name"],
            creator_email=form["creator_email"],
            target=form.get("target", "").strip() or "all",
            deadline=dt.date.fromisoformat(form["deadline"]) if form.get("deadline") else None,
            milestones=form.get("milestones", "").strip() or DEFAULT_MILESTONES,
        )
        try:
            await run_in_threadpool(_service(request).create_petition, draft)
        except InvalidInputError as error:
            errors[error.field] = error.problem
        else:
            return _redirect("/petitions/new/sent")
    context = {"form": _shown(form), "errors": errors}
    return render(request, "new.html", context, status=422, headers=PRIVATE_HEADERS)


@router.get("/new/sent")
def petition_sent(request: Request) -> Response:
    return render(request, "created.html", {})


@router.get("/creator/confirm/{token}")
def confirm_creator(request: Request, token: str) -> Response:
    """The link in the creator's mail: confirms the address, then opens the dashboard."""
    try:
        _petition, manage_token = _service(request).confirm_creator(token)
    except PetitionError as error:
        return problem(request, status_of(error), str(error), title="This link is not valid")
    return _redirect(f"/petitions/manage/{manage_token}?confirmed=1", PRIVATE_HEADERS)


def _dashboard(request: Request, token: str, **extra: object) -> Response:
    service = _service(request)
    try:
        petition = service.petition_for_manage_token(token)
        view = service.get_petition(petition.id, public=False)
    except PetitionError as error:
        return problem(request, status_of(error), str(error), title="This link is not valid")
    rows = [r for r in _state_rows(view, service.electors(petition)) if r.signatures]
    share = (
        {c.value: url for c, url in service.share_links(petition.id).items()}
        if petition.status.is_public
        else {}
    )
    context = {
        "p": petition,
        "view": view,
        "rows": sorted(rows, key=lambda r: (-r.signatures, r.name)),
        "referrals": sorted(service.referral_counts(petition.id).items(), key=lambda i: -i[1]),
        "share": share,
        "token": token,
        "confirmed": request.query_params.get("confirmed") == "1",
        "posted": request.query_params.get("posted") == "1",
        "errors": {},
        "form": {},
        **extra,
    }
    status = 422 if context["errors"] else 200
    return render(request, "manage.html", context, status=status, headers=PRIVATE_HEADERS)


@router.get("/manage/{token}")
def manage(request: Request, token: str) -> Response:
    return _dashboard(request, token)


@router.post("/manage/{token}/updates")
async def post_update(request: Request, token: str) -> Response:
    form = await _checked_form(request)
    service = _service(request)
    try:
        petition = await run_in_threadpool(service.petition_for_manage_token, token)
        await run_in_threadpool(service.post_update, petition.id, form.get("body", ""))
    except InvalidInputError as error:
        errors = {"body": error.problem}
        return await run_in_threadpool(
            lambda: _dashboard(request, token, errors=errors, form=_shown(form))
        )
    except PetitionError as error:
        return problem(request, status_of(error), str(error), title="This link is not valid")
    return _redirect(f"/petitions/manage/{token}?posted=1#updates", PRIVATE_HEADERS)


# --- moderation ------------------------------------------------------------------------------


def _moderator_password(request: Request) -> str:
    password: str = request.app.state.moderator_password
    return password


def _sessions(request: Request) -> URLSafeTimedSerializer:
    serializer: URLSafeTimedSerializer = request.app.state.moderator_sessions
    return serializer


def _is_moderator(request: Request) -> bool:
    cookie = request.cookies.get(MODERATOR_COOKIE)
    if not cookie or not _moderator_password(request):
        return False
    try:
        return bool(_sessions(request).loads(cookie, max_age=MODERATOR_SESSION) == "moderator")
    except BadSignature:
        return False


def _not_configured(request: Request) -> Response:
    return problem(
        request,
        503,
        "Moderation from the web is off: the operator has not set ELECTORAL_MODERATOR_PASSWORD.",
    )


@router.get("/moderate/login")
def login_page(request: Request) -> Response:
    if not _moderator_password(request):
        return _not_configured(request)
    return render(request, "login.html", {"error": None}, headers=PRIVATE_HEADERS)


@router.post("/moderate/login")
async def login(request: Request) -> Response:
    form = await _checked_form(request)
    password = _moderator_password(request)
    if not password:
        return _not_configured(request)
    given = form.get("password", "")
    if not hmac.compare_digest(given.encode(), password.encode()):
        return render(
            request,
            "login.html",
            {"error": "That password is not right."},
            status=401,
            headers=PRIVATE_HEADERS,
        )
    response = _redirect("/petitions/moderate")
    response.set_cookie(
        MODERATOR_COOKIE,
        str(_sessions(request).dumps("moderator")),
        max_age=MODERATOR_SESSION,
        path="/petitions/moderate",
        httponly=True,
        samesite="strict",
        secure=_csrf(request).secure,
    )
    return response


@router.post("/moderate/logout")
async def logout(request: Request) -> Response:
    await _checked_form(request)
    response = _redirect("/petitions")
    response.delete_cookie(MODERATOR_COOKIE, path="/petitions/moderate")
    return response


def _flagged_comments(service: PetitionService) -> list[tuple[PetitionView, Comment]]:
    """Flagged and hidden comments and replies of every published petition."""
    found = []
    for view in service.list_petitions():
        for comment in service.list_comments(view.petition.id, include_hidden=True):
            for c in (comment, *comment.replies):
                if c.status is not CommentStatus.VISIBLE:
                    found.append((view, c))
    return found


def _queue(request: Request, message: str | None = None, status: int = 200) -> Response:
    service = _service(request)
    context = {
        "pending": service.list_petitions([PetitionStatus.PENDING]),
        "flagged": _flagged_comments(service),
        "message": message,
        "done": request.query_params.get("done", "")[:40],
    }
    return render(request, "moderate.html", context, status=status, headers=PRIVATE_HEADERS)


@router.get("/moderate")
def moderation_queue(request: Request) -> Response:
    if not _moderator_password(request):
        return _not_configured(request)
    if not _is_moderator(request):
        return _redirect("/petitions/moderate/login")
    return _queue(request)


async def _moderate(request: Request, act: Callable[[FormData], object], done: str) -> Response:
    form = await _checked_form(request)
    if not _is_moderator(request):
        return problem(request, 401, "Log in as a moderator first.")
    try:
        await run_in_threadpool(act, form)
    except PetitionError as error:
        return await run_in_threadpool(_queue, request, str(error), status_of(error))
    return _redirect(f"/petitions/moderate?done={done}")


@router.post("/moderate/petitions/{petition_id:int}/publish")
async def publish(request: Request, petition_id: int) -> Response:
    service = _service(request)
    return await _moderate(request, lambda _f: service.publish(petition_id), "published")


@router.post("/moderate/petitions/{petition_id:int}/reject")
async def reject(request: Request, petition_id: int) -> Response:
    service = _service(request)
    return await _moderate(
        request, lambda f: service.reject(petition_id, f.get("reason", "")), "rejected"
    )


@router.post("/moderate/comments/{comment_id:int}/hide")
async def hide_comment(request: Request, comment_id: int) -> Response:
    service = _service(request)
    return await _moderate(request, lambda _f: service.hide_comment(comment_id), "hidden")


@router.post("/moderate/comments/{comment_id:int}/restore")
async def restore_comment(request: Request, comment_id: int) -> Response:
    service = _service(request)
    return await _moderate(request, lambda _f: service.restore_comment(comment_id), "restored")


# --- installation -----------------------------------------------------------------------------


def _configured_password(settings: Settings) -> str:
    """``settings.moderator_password`` once the settings have it; until then the variable."""
    raw = getattr(settings, "moderator_password", None)
    if raw is not None and hasattr(raw, "get_secret_value"):
        raw = raw.get_secret_value()
    if raw is None:
        raw = os.environ.get("ELECTORAL_MODERATOR_PASSWORD", "")
    return str(raw)


def _service_of(app: FastAPI) -> PetitionService:
    service: PetitionService = app.state.petitions
    return service


def install_pages(app: FastAPI, settings: Settings) -> None:
    """Add the petitions' pages to ``app`` (after :func:`petitions_api.install`, whose service
    they use) with their CSRF protection and the moderators' sessions."""
    key = _service_of(app).secret_key  # the key the service resolved (never a default)
    app.state.csrf = Csrf(key, secure=urlsplit(settings.base_url).scheme == "https")
    app.state.moderator_password = _configured_password(settings)
    app.state.moderator_sessions = URLSafeTimedSerializer(key, salt="electoral.web.moderator")
    app.include_router(router)
