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
import logging
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Final

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from electoral.data import default_record
from electoral.errors import ElectoralError
from electoral.rules.contingent import ordinal
from electoral.settings import Settings
from electoral.web.templating import templates

__all__ = ["create_app", "templates"]

log = logging.getLogger("electoral.web.app")

HERE: Final = Path(__file__).parent
STATIC: Final = HERE / "static"

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


SECURITY_HEADERS: Final[tuple[tuple[bytes, bytes], ...]] = (
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        b"img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
        b"frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
"""Sent with every answer. Scripts only from this site's files (no inline script, no
``eval``: an injected ``<script>`` does not run); inline styles stay allowed for the charts'
computed widths; no page may be framed by another site (clickjacking); no answer is sniffed
as another type. A route that sets one of these itself keeps its own."""


class StandardHeaders:
    """Adds :data:`SECURITY_HEADERS` and ``Server-Timing: app;dur=<ms>`` (the time the app
    took to start the answer; the tests read it) to every answer, in one wrapper."""

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
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                headers.append((b"server-timing", f"app;dur={elapsed:.1f}".encode()))
                message["headers"] = headers
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


async def _database_error(request: Request, exc: Exception) -> Response:
    """A database that cannot answer is a 503 saying so (JSON under ``/api/``), never a
    traceback; one that lost its tables (recreated under the running service) gets its schema
    back at once, and the client is asked to try again in a second."""
    from electoral.petitions.recovery import is_missing_schema, restore_schema

    service = getattr(request.app.state, "petitions", None)
    if service is not None and is_missing_schema(exc):
        await run_in_threadpool(restore_schema, service.engine, service.secret_key)
        response = error_response(
            request, 503, "the database was reset and its tables restored: try again"
        )
        response.headers["Retry-After"] = "1"
        return response
    first = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0]
    log.error("database error on %s %s: %s: %s", request.method, request.url.path,
              type(exc).__name__, first)  # fmt: skip
    response = error_response(request, 503, "the database is not available: try again shortly")
    response.headers["Retry-After"] = "5"
    return response


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    """A 500 that says so in the answer's own format (JSON under ``/api/``); the error itself
    goes on to the server's log with its traceback."""
    return error_response(request, 500, "the server failed to answer this request (logged)")


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
    petitions' pages and API (installed by :mod:`electoral.web.routes.petitions`)."""
    from electoral import __version__
    from electoral.web.routes import api, health, odds, pages, petitions

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
    app.add_exception_handler(SQLAlchemyError, _database_error)
    app.add_exception_handler(Exception, _unexpected_error)
    app.add_middleware(ReadsGZipped, minimum_size=1024)
    app.add_middleware(StandardHeaders)
    # The petitions' routes first: a surge's requests (signing, polling the count, confirming)
    # then match without trying every other route (FastAPI tries them in order: measured,
    # 24 us of a signature's 122 us in the app with them last). No path of theirs is another's.
    petitions.install(app, settings)
    app.include_router(health.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(odds.router)
    templates.env.globals["static"] = _static_url(_asset_version())
    templates.env.globals["nav"] = _nav(app)
    templates.env.globals["ordinal"] = ordinal
    return app
