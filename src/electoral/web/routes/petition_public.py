"""The public's petition pages: the list, a petition with its live count, map and table by
state, signing, the signed page, confirming a signature from the mailed link, and comments
(posting and flagging)."""

# ruff: noqa: TID253

from __future__ import annotations

from typing import Final

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from electoral.errors import UnknownStateError
from electoral.petitions.domain import (
    COMMENT_MAX,
    NAME_MAX,
    PetitionStatus,
    clean_text,
    normalise_email,
    validate_zip,
)
from electoral.petitions.errors import InvalidInputError, PetitionClosedError, PetitionError
from electoral.petitions.tokens import Purpose
from electoral.states import STATE_INFO, parse_state
from electoral.web.csrf import FormData
from electoral.web.palette import BLANK, text_on
from electoral.web.routes.petition_common import (
    PRIVATE_HEADERS,
    SCALE,
    StateRow,
    checked_form,
    clean_ref,
    client_ip,
    collect,
    csrf_of,
    error_page,
    plural,
    problem,
    redirect,
    render,
    scale_fill,
    service_of,
    settings_of,
    shown,
    state_rows,
)
from electoral.web.routes.petitions_api import status_of
from electoral.web.views import MapUnit

__all__ = ["POLL_SECONDS", "SIGNER_COOKIE", "SIGNER_LIFETIME", "router"]

router = APIRouter(prefix="/petitions", include_in_schema=False)

SIGNER_COOKIE: Final = "electoral_signer_{petition}"
SIGNER_LIFETIME: Final = 90 * 24 * 3600
POLL_SECONDS: Final = 5


@router.get("")
def petition_list(request: Request) -> Response:
    views = service_of(request).list_petitions()
    return render(request, "list.html", {"views": views})


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
                label=f"{r.name}: {plural(r.signatures, 'signature')}",
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
        service_of(request).tokens.read(Purpose.COMMENT, token)
    except PetitionError:
        return None
    return token


def _petition_context(
    request: Request, petition_id: int, ref: str | None = None
) -> dict[str, object]:
    """Everything the petition page shows (raises PetitionNotFoundError)."""
    from electoral.web.mapdata import load_map

    service = service_of(request)
    view = service.get_petition(petition_id)
    rows = state_rows(view, service.electors(view.petition))
    base = settings_of(request).base_url.rstrip("/")
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
        context = _petition_context(request, petition_id, clean_ref(ref))
    except PetitionError as error:
        return error_page(request, error)
    context["flagged"] = flagged
    return render(request, "petition.html", context)


# --- signing and confirming ----------------------------------------------------------------


def _sign_errors(form: FormData) -> dict[str, str]:
    """Every field's problem at once (the service checks again, and stops at the first)."""
    errors: dict[str, str] = {}
    collect(errors, lambda: clean_text(form.get("name", ""), "name", NAME_MAX))
    collect(errors, lambda: normalise_email(form.get("email", "")))
    collect(errors, lambda: validate_zip(form.get("zip", "")))
    if form.get("state"):
        try:
            parse_state(form["state"][:10])
        except UnknownStateError:
            errors["state"] = "choose a state from the list"
    if form.get("comment", "").strip():
        collect(
            errors,
            lambda: clean_text(form["comment"], "comment", COMMENT_MAX, multiline=True),
        )
    return errors


@router.post("/{petition_id:int}/sign")
async def sign(request: Request, petition_id: int) -> Response:
    from electoral.petitions.service import Client, SignatureForm

    form = await checked_form(request)
    errors = _sign_errors(form)
    status = 422
    if not errors:
        signature = SignatureForm(
            name=form.get("name", ""),
            email=form.get("email", ""),
            zip=form.get("zip", ""),
            state=form.get("state") or None,
            comment=form.get("comment", "").strip() or None,
            ref=clean_ref(form.get("ref")),
        )
        client = Client(ip=client_ip(request))
        try:
            await run_in_threadpool(service_of(request).sign, petition_id, signature, client)
        except InvalidInputError as error:
            errors[error.field] = error.problem
        except PetitionClosedError as error:
            errors["form"], status = str(error), 409
        except PetitionError as error:
            return error_page(request, error)
        else:
            return redirect(f"/petitions/{petition_id}/signed")
    try:
        context = await run_in_threadpool(
            _petition_context, request, petition_id, clean_ref(form.get("ref"))
        )
    except PetitionError as error:
        return error_page(request, error)
    context |= {"form": shown(form), "errors": errors}
    # the signer's own input, e-mail included, goes back to them only: never stored by a cache
    return render(request, "petition.html", context, status=status, headers=PRIVATE_HEADERS)


@router.get("/{petition_id:int}/signed")
def signed(request: Request, petition_id: int) -> Response:
    try:
        view = service_of(request).get_petition(petition_id)
    except PetitionError as error:
        return error_page(request, error)
    return render(request, "signed.html", {"p": view.petition})


@router.get("/confirm/{token}")
def confirm(request: Request, token: str) -> Response:
    """The link in the confirmation mail: validates the signature and counts it.

    The page needs no other query: the confirmation's transaction returns the petition's
    title and its counts as of this signature's validation (the live count)."""
    service = service_of(request)
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
        "url": f"{settings_of(request).base_url.rstrip('/')}/petitions/{done.petition_id}",
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
        secure=csrf_of(request).secure,
    )
    return response


# --- comments ------------------------------------------------------------------------------


@router.post("/{petition_id:int}/comments")
async def post_comment(request: Request, petition_id: int) -> Response:
    form = await checked_form(request)
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
    service = service_of(request)
    try:
        made = await run_in_threadpool(
            service.post_comment, token, form.get("body", ""), parent, petition_id
        )
    except InvalidInputError as error:
        try:
            context = await run_in_threadpool(_petition_context, request, petition_id)
        except PetitionError as missing:
            return error_page(request, missing)
        key = "reply" if parent else "body"
        context |= {
            "comment_errors": {key: error.problem, "parent": parent},
            "comment_form": shown(form),
        }
        return render(request, "petition.html", context, status=422)
    except PetitionError as error:
        return error_page(request, error)
    return redirect(f"/petitions/{petition_id}#comment-{made.id}")


@router.post("/{petition_id:int}/comments/{comment_id:int}/flag")
async def flag_comment(request: Request, petition_id: int, comment_id: int) -> Response:
    await checked_form(request)
    try:
        await run_in_threadpool(service_of(request).flag_comment, comment_id, petition_id)
    except PetitionError as error:
        return error_page(request, error)
    return redirect(f"/petitions/{petition_id}?flagged={comment_id}#comment-{comment_id}")
