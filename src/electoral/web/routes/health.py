"""Health checks for load balancers and supervisors: ``/healthz`` (the process answers) and
``/readyz`` (it can serve signers: the database answers at the schema's head, and a mail
worker is sending; see :mod:`electoral.petitions.health`). Neither is cached."""

# ruff: noqa: TID253

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
NO_STORE = {"Cache-Control": "no-store"}


@router.get("/healthz")
def healthz() -> JSONResponse:
    return JSONResponse({"status": "ok"}, headers=NO_STORE)


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    from electoral.petitions.health import readiness

    service = request.app.state.petitions
    state = await run_in_threadpool(readiness, service.engine)
    return JSONResponse(state.as_json(), status_code=200 if state.is_ready else 503,
                        headers=NO_STORE)  # fmt: skip
