"""The petitions' JSON API under ``/api/petitions`` (see the petitions package), installed with
the pages by :func:`electoral.web.routes.petitions.install`.

Every answer is JSON; errors are ``{"error": "..."}`` (plus ``"field"`` for bad input) with a
4xx status. No e-mail address ever appears in an answer, and user text is returned as plain
text (the pages escape it). Request bodies are capped at :data:`MAX_BODY` bytes.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, Final

from fastapi import APIRouter, FastAPI, Request  # noqa: TID253 (the web layer)
from fastapi.concurrency import run_in_threadpool  # noqa: TID253
from fastapi.responses import JSONResponse  # noqa: TID253
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from electoral.petitions.errors import (
    CommentNotFoundError,
    ExpiredTokenError,
    InvalidInputError,
    InvalidTokenError,
    NotPermittedError,
    PetitionClosedError,
    PetitionError,
    PetitionNotFoundError,
    TransitionError,
    UsedTokenError,
)

if TYPE_CHECKING:
    from electoral.petitions.service import PetitionService
    from electoral.settings import Settings

__all__ = ["MAX_BODY", "add_exception_handlers", "api_router", "status_of"]

MAX_BODY: Final = 16 * 1024

STATUS: Final[tuple[tuple[type[PetitionError], int], ...]] = (
    (InvalidInputError, 422),
    (PetitionNotFoundError, 404),
    (CommentNotFoundError, 404),
    (PetitionClosedError, 409),
    (TransitionError, 409),
    (NotPermittedError, 403),
    (ExpiredTokenError, 410),
    (UsedTokenError, 409),
    (InvalidTokenError, 400),
)


def status_of(error: Exception) -> int:
    """The HTTP status of a petition error (400 when none is more specific)."""
    return next((code for cls, code in STATUS if isinstance(error, cls)), 400)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)


class SignatureIn(_Strict):
    name: str = Field(max_length=400)
    email: str = Field(max_length=600)
    zip: str = Field(max_length=20)
    state: str | None = Field(default=None, max_length=30)
    comment: str | None = Field(default=None, max_length=4000)
    ref: str | None = Field(default=None, max_length=64)


class CommentIn(_Strict):
    token: str = Field(max_length=300)
    body: str = Field(max_length=4000)
    parent: int | None = None


class _BodyTooLarge(Exception):
    pass


async def _read_json(request: Request, model: type[_Strict]) -> Any:
    """The body, parsed and validated, or a 413/422 error naming the problem."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
        raise _BodyTooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise _BodyTooLarge
        chunks.append(chunk)
    try:
        return model.model_validate_json(b"".join(chunks))
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        if first["type"] == "json_invalid":
            raise InvalidInputError("body", "not valid JSON") from None
        raise InvalidInputError(where, first["msg"]) from None


def add_exception_handlers(app: FastAPI) -> None:
    """A petition error becomes ``{"error": ...}`` (and ``"field"``) with its status; a body
    over :data:`MAX_BODY` bytes, a 413."""

    async def petition_error(_request: Request, error: Exception) -> JSONResponse:
        content: dict[str, object] = {"error": str(error)}
        if isinstance(error, InvalidInputError):
            content["field"] = error.field
        return JSONResponse(content, status_code=status_of(error))

    async def too_large(_request: Request, _error: Exception) -> JSONResponse:
        return JSONResponse({"error": f"request body over {MAX_BODY} bytes"}, status_code=413)

    app.add_exception_handler(PetitionError, petition_error)
    app.add_exception_handler(_BodyTooLarge, too_large)


def api_router(service: PetitionService, settings: Settings) -> APIRouter:
    """The API's routes under ``/api/petitions``, on ``service``."""
    from electoral.petitions.batch import SigningQueue
    from electoral.petitions.ratelimit import client_address
    from electoral.petitions.service import Client, SignatureForm, Submission

    router = APIRouter(prefix="/api/petitions", tags=["petitions"])
    trusted = settings.trusted_networks
    signing = SigningQueue(service)  # group commit: a surge shares transactions

    @router.get("")
    def list_petitions() -> list[dict[str, object]]:
        return [view.as_json() for view in service.list_petitions()]

    @router.get("/confirm/{token}")
    def confirm(token: str) -> dict[str, object]:
        done = service.confirm_signature(token)
        return {
            "status": "validated",
            "petition": done.petition_id,
            "state": done.state.value,
            "comment_token": done.comment_token,
        }

    router.post("/confirm/{token}")(confirm)

    @router.get("/{petition_id}")
    def petition(petition_id: int) -> dict[str, object]:
        return service.get_petition(petition_id).as_json()

    @router.post("/{petition_id}/signatures", status_code=202)
    async def sign(petition_id: int, request: Request) -> JSONResponse:
        data = await _read_json(request, SignatureIn)
        peer = request.client.host if request.client else None
        ip = client_address(peer, request.headers.get("x-forwarded-for"), trusted)
        form = SignatureForm(
            name=data.name,
            email=data.email,
            zip=data.zip,
            state=data.state,
            comment=data.comment,
            ref=data.ref,
        )
        submitted = signing.submit(Submission(petition_id, form, Client(ip=ip)))
        error = await asyncio.wrap_future(submitted)  # answered once committed
        if error is not None:
            raise error
        return JSONResponse({"status": "pending"}, status_code=202)

    @router.get("/{petition_id}/comments")
    def comments(petition_id: int) -> list[dict[str, object]]:
        return [c.as_json() for c in service.list_comments(petition_id)]

    @router.post("/{petition_id}/comments", status_code=201)
    async def comment(petition_id: int, request: Request) -> dict[str, object]:
        data = await _read_json(request, CommentIn)
        await run_in_threadpool(service.get_petition, petition_id)
        made = await run_in_threadpool(
            lambda: service.post_comment(data.token, data.body, data.parent, petition_id)
        )
        return made.as_json()

    @router.post("/{petition_id}/comments/{comment_id}/flag")
    def flag(petition_id: int, comment_id: int) -> dict[str, object]:
        service.get_petition(petition_id)
        return service.flag_comment(comment_id, petition_id).as_json()

    @router.get("/{petition_id}/share")
    def share(petition_id: int, ref: str | None = None) -> dict[str, str]:
        return {c.value: url for c, url in service.share_links(petition_id, ref).items()}

    return router
