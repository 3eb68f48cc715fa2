"""The app factory: pages, the JSON API under ``/api/``, static assets, error handling.

Errors: an :class:`~electoral.errors.ElectoralError` becomes 404 (a lookup: no such election,
state or rule) or 400 (impossible input); invalid parameters become 422. Under ``/api/`` the
body is JSON, ``{"error": "..."}``; elsewhere an HTML page says what went wrong. Unexpected
exceptions are not caught (house style).
"""

# ruff: noqa: TID253

from __future__ import annotations

import contextlib
import gc
import hashlib
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Final

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from electoral.data import default_record
from electoral.errors import ElectoralError
from electoral.rules.contingent import ordinal
from electoral.settings import Settings

__all__ = ["create_app", "templates"]

HERE: Final = Path(__file__).parent
STATIC: Final = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")

NAV: Final[tuple[tuple[str, str], ...]] = (
    ("/elections", "Elections"),
    ("/build", "Build a map"),
    ("/could-it-work/{latest}", "Could it work?"),
    ("/odds", "Odds"),
    ("/petitions", "Petitions"),
)
"""Candidates for the navigation bar; an item shows only if the app has a page there."""


class ReadsGZipped(GZipMiddleware):
    """Compresses the answers to reads (``GET``, ``HEAD``: pages, the map's data, the record)
    for clients that accept gzip; answers to other methods (a signature's ``202``, a form's
    redirect) are a few bytes and skip the wrapper, which cost 15 us a request (measured)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


class ServerTiming:
    """Adds ``Server-Timing: app;dur=<ms>`` to every answer: the time the app took to start
    it (the budget is 200 ms a page; the tests read this header)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()

        async def timed(message: Message) -> None:
            if message["type"] == "http.response.start":
                elapsed = (time.perf_counter() - start) * 1000
                MutableHeaders(scope=message).append("Server-Timing", f"app;dur={elapsed:.1f}")
            await send(message)

        await self.app(scope, receive, timed)


def _asset_version() -> str:
    """A digest of the static files, appended to their URLs so browsers refetch on change."""
    digest = hashlib.sha256()
    for path in sorted(STATIC.rglob("*")):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _static_url(version: str) -> object:
    def static(path: str) -> str:
        return f"/static/{path}?v={version}"

    return static


def is_api(request: Request) -> bool:
    path = request.url.path
    return path == "/api" or path.startswith("/api/")


def error_response(request: Request, status: int, message: str) -> Response:
    """JSON ``{"error": message}`` under ``/api/``, the error page elsewhere."""
    if is_api(request):
        return JSONResponse({"error": message}, status_code=status)
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )


async def _electoral_error(request: Request, exc: Exception) -> Response:
    status = 404 if isinstance(exc, LookupError) else 400
    return error_response(request, status, str(exc))


async def _validation_error(request: Request, exc: Exception) -> Response:
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    parts = [
        f"{'.'.join(str(p) for p in e.get('loc', ()) if p not in ('path', 'query', 'body'))}: "
        f"{e.get('msg', 'invalid')}"
        for e in errors
    ]
    return error_response(request, 422, "; ".join(parts) or "invalid request")


async def _http_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, StarletteHTTPException):
        raise exc
    response = error_response(request, exc.status_code, str(exc.detail))
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


def _warm_up() -> None:
    """Load the record and the map, build every election's view and compile the templates
    (about 0.5 s), so that the first visitors of each page do not wait for them."""
    from electoral.web.mapdata import load_map
    from electoral.web.views import defection_of, election_view

    load_map()
    for year in default_record().years:
        election_view(year)
        with contextlib.suppress(ElectoralError):
            defection_of(year)
    pages = (
        "index.html",
        "elections.html",
        "election.html",
        "build.html",
        "could_it_work.html",
        "odds.html",
    )
    for name in (*pages, "error.html", "_map.html"):
        templates.get_template(name)  # compiled once, here
    # The record, the map and the views are some 330,000 objects that live as long as the
    # process; a full collection walked them all (180 ms, every request of the moment
    # waiting: the p99 latency of a surge). Frozen, they are left out of every collection.
    gc.freeze()


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Warm the caches in a background thread: the app answers at once (a restarted worker
    takes signatures again within its start-up time), and a page asked for before the warm-up
    reaches it builds its own view (the caches are idempotent)."""
    threading.Thread(target=_warm_up, name="warm-up", daemon=True).start()
    yield


def _has_page(app: FastAPI, path: str) -> bool:
    scope = {"type": "http", "method": "GET", "path": path, "root_path": "", "headers": []}
    return any(route.matches(scope)[0] is Match.FULL for route in app.router.routes)


def _nav(app: FastAPI) -> list[tuple[str, str]]:
    latest = default_record().years[-1]
    links = [(href.format(latest=latest), label) for href, label in NAV]
    return [(href, label) for href, label in links if _has_page(app, href)]


def create_app(settings: Settings | None = None) -> FastAPI:
    """The web app: pages, ``/api/`` (OpenAPI at ``/api/openapi.json``), ``/static/``, and the
    petitions' pages and API (installed by :mod:`electoral.web.routes.petitions_api`)."""
    from electoral import __version__
    from electoral.web.routes import api, odds, pages, petitions_api

    settings = settings or Settings()
    app = FastAPI(
        title="electoral",
        version=__version__,
        summary="The United States Electoral College: the record 1789-2024, replayed.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: the app works offline
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.add_exception_handler(ElectoralError, _electoral_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_middleware(ReadsGZipped, minimum_size=1024)
    app.add_middleware(ServerTiming)
    # The petitions' routes first: a surge's requests (signing, polling the count, confirming)
    # then match without trying every other route (FastAPI tries them in order: measured,
    # 24 us of a signature's 122 us in the app with them last). No path of theirs is another's.
    petitions_api.install(app, settings)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(odds.router)
    templates.env.globals["static"] = _static_url(_asset_version())
    templates.env.globals["nav"] = _nav(app)
    templates.env.globals["ordinal"] = ordinal
    return app
