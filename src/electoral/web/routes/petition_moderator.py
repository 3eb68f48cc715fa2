"""The moderators' pages: log in and out, the queue (petitions pending, comments flagged or
hidden) and its actions (publish, reject, hide, restore).

Moderators log in with the password ``ELECTORAL_MODERATOR_PASSWORD`` (unset: moderation from
the web is off); their session is a signed cookie valid for :data:`MODERATOR_SESSION` seconds.
"""

# ruff: noqa: TID253

from __future__ import annotations

import hmac
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from fastapi import APIRouter, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from electoral.petitions.domain import CommentStatus, PetitionStatus
from electoral.petitions.errors import PetitionError
from electoral.web.csrf import FormData
from electoral.web.routes.petition_common import (
    PRIVATE_HEADERS,
    checked_form,
    csrf_of,
    problem,
    redirect,
    render,
    service_of,
)
from electoral.web.routes.petitions_api import status_of

if TYPE_CHECKING:
    from electoral.petitions.service import Comment, PetitionService, PetitionView
    from electoral.settings import Settings

__all__ = ["MODERATOR_COOKIE", "MODERATOR_SESSION", "configure", "router"]

router = APIRouter(prefix="/petitions", include_in_schema=False)

MODERATOR_COOKIE: Final = "electoral_moderator"
MODERATOR_SESSION: Final = 12 * 3600


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
    form = await checked_form(request)
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
    response = redirect("/petitions/moderate")
    response.set_cookie(
        MODERATOR_COOKIE,
        str(_sessions(request).dumps("moderator")),
        max_age=MODERATOR_SESSION,
        path="/petitions/moderate",
        httponly=True,
        samesite="strict",
        secure=csrf_of(request).secure,
    )
    return response


@router.post("/moderate/logout")
async def logout(request: Request) -> Response:
    await checked_form(request)
    response = redirect("/petitions")
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
    service = service_of(request)
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
        return redirect("/petitions/moderate/login")
    return _queue(request)


async def _moderate(request: Request, act: Callable[[FormData], object], done: str) -> Response:
    form = await checked_form(request)
    if not _is_moderator(request):
        return problem(request, 401, "Log in as a moderator first.")
    try:
        await run_in_threadpool(act, form)
    except PetitionError as error:
        return await run_in_threadpool(_queue, request, str(error), status_of(error))
    return redirect(f"/petitions/moderate?done={done}")


@router.post("/moderate/petitions/{petition_id:int}/publish")
async def publish(request: Request, petition_id: int) -> Response:
    service = service_of(request)
    return await _moderate(request, lambda _f: service.publish(petition_id), "published")


@router.post("/moderate/petitions/{petition_id:int}/reject")
async def reject(request: Request, petition_id: int) -> Response:
    service = service_of(request)
    return await _moderate(
        request, lambda f: service.reject(petition_id, f.get("reason", "")), "rejected"
    )


@router.post("/moderate/comments/{comment_id:int}/hide")
async def hide_comment(request: Request, comment_id: int) -> Response:
    service = service_of(request)
    return await _moderate(request, lambda _f: service.hide_comment(comment_id), "hidden")


@router.post("/moderate/comments/{comment_id:int}/restore")
async def restore_comment(request: Request, comment_id: int) -> Response:
    service = service_of(request)
    return await _moderate(request, lambda _f: service.restore_comment(comment_id), "restored")


def _configured_password(settings: Settings) -> str:
    """``settings.moderator_password`` once the settings have it; until then the variable."""
    raw = getattr(settings, "moderator_password", None)
    if raw is not None and hasattr(raw, "get_secret_value"):
        raw = raw.get_secret_value()
    if raw is None:
        raw = os.environ.get("ELECTORAL_MODERATOR_PASSWORD", "")
    return str(raw)


def configure(app: FastAPI, settings: Settings, secret_key: str) -> None:
    """The moderators' password and the signer of their session cookies, on ``app.state``."""
    app.state.moderator_password = _configured_password(settings)
    app.state.moderator_sessions = URLSafeTimedSerializer(
        secret_key, salt="electoral.web.moderator"
    )
