"""A creator's pages: starting a petition, the "check your mail" page, confirming the address
from the mailed link, and the dashboard (counts by state, referrals, sharing, updates) behind
the creator's management link."""

# ruff: noqa: TID253

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from electoral.petitions.domain import (
    NAME_MAX,
    TEXT_MAX,
    TITLE_MAX,
    clean_text,
    normalise_email,
    parse_milestones,
    parse_target,
)
from electoral.petitions.errors import InvalidInputError, PetitionError
from electoral.web.csrf import FormData
from electoral.web.routes.petition_common import (
    PRIVATE_HEADERS,
    checked_form,
    collect,
    problem,
    redirect,
    render,
    service_of,
    shown,
    state_rows,
)
from electoral.web.routes.petitions_api import status_of

__all__ = ["router"]

router = APIRouter(prefix="/petitions", include_in_schema=False)


@router.get("/new")
def new_petition(request: Request) -> Response:
    return render(request, "new.html", {"form": {}, "errors": {}})


def _draft_errors(form: FormData) -> dict[str, str]:
    errors: dict[str, str] = {}
    collect(errors, lambda: clean_text(form.get("title", ""), "title", TITLE_MAX))
    collect(errors, lambda: clean_text(form.get("text", ""), "text", TEXT_MAX, multiline=True))
    collect(errors, lambda: clean_text(form.get("creator_name", ""), "creator_name", NAME_MAX))
    collect(errors, lambda: normalise_email(form.get("creator_email", ""), "creator_email"))
    collect(errors, lambda: parse_target(form.get("target", "")[:200]))
    if form.get("milestones", "").strip():
        collect(errors, lambda: parse_milestones(form["milestones"][:200]))
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

    form = await checked_form(request)
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
            await run_in_threadpool(service_of(request).create_petition, draft)
        except InvalidInputError as error:
            errors[error.field] = error.problem
        else:
            return redirect("/petitions/new/sent")
    context = {"form": shown(form), "errors": errors}
    return render(request, "new.html", context, status=422, headers=PRIVATE_HEADERS)


@router.get("/new/sent")
def petition_sent(request: Request) -> Response:
    return render(request, "created.html", {})


@router.get("/creator/confirm/{token}")
def confirm_creator(request: Request, token: str) -> Response:
    """The link in the creator's mail: confirms the address, then opens the dashboard."""
    try:
        _petition, manage_token = service_of(request).confirm_creator(token)
    except PetitionError as error:
        return problem(request, status_of(error), str(error), title="This link is not valid")
    return redirect(f"/petitions/manage/{manage_token}?confirmed=1", PRIVATE_HEADERS)


def _dashboard(request: Request, token: str, **extra: object) -> Response:
    service = service_of(request)
    try:
        petition = service.petition_for_manage_token(token)
        view = service.get_petition(petition.id, public=False)
    except PetitionError as error:
        return problem(request, status_of(error), str(error), title="This link is not valid")
    rows = [r for r in state_rows(view, service.electors(petition)) if r.signatures]
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
    form = await checked_form(request)
    service = service_of(request)
    try:
        petition = await run_in_threadpool(service.petition_for_manage_token, token)
        await run_in_threadpool(service.post_update, petition.id, form.get("body", ""))
    except InvalidInputError as error:
        errors = {"body": error.problem}
        return await run_in_threadpool(
            lambda: _dashboard(request, token, errors=errors, form=shown(form))
        )
    except PetitionError as error:
        return problem(request, status_of(error), str(error), title="This link is not valid")
    return redirect(f"/petitions/manage/{token}?posted=1#updates", PRIVATE_HEADERS)
