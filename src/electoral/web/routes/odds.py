"""The odds (``/odds``) and their API (``/api/odds``): a forecast from the margins of an
election of the record or from an uploaded contests CSV, drawn as a histogram of the electoral
votes and a "snake" of the contests ordered by margin, with the tipping points and the chance
that no one wins a majority of the electors.

The exact method (national factor model, Gauss-Hermite quadrature) is the default: it takes a
few milliseconds. Tipping points need the Monte Carlo method (:data:`DEFAULT_SIMS` simulations
by default, at most :data:`MAX_SIMS`). The upload is a multipart POST, at most
:data:`MAX_UPLOAD` bytes, protected by :mod:`electoral.web.csrf`.
"""

# ruff: noqa: TID253

from __future__ import annotations

import math
import re
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Final

from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, BeforeValidator, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from electoral.data import default_record
from electoral.errors import ElectoralError, RuleInputError
from electoral.forecast import (
    Contests,
    Forecast,
    contests_from_election,
    exact_forecast,
    house_from_record,
    parse_candidates,
    parse_model,
    read_contests,
    simulate,
)
from electoral.forecast.contests import DEFAULT_SD
from electoral.forecast.models import DEFAULT_NATIONAL_SD, ErrorModel
from electoral.web.csrf import Csrf
from electoral.web.palette import Family, assign_families, shade_for, text_on
from electoral.web.routes.api import ERRORS
from electoral.web.templating import templates

__all__ = ["MAX_SIMS", "MAX_UPLOAD", "OddsOut", "OddsQuery", "router"]

FIRST_YEAR: Final = 1976
LAST_YEAR: Final = 2024
YEARS: Final = tuple(range(LAST_YEAR, FIRST_YEAR - 1, -4))
DEFAULT_SIMS: Final = 50_000
MAX_SIMS: Final = 500_000
"""At most this many simulations a request (about a second of the server's time)."""
MAX_UPLOAD: Final = 64 * 1024
"""The largest upload read, in bytes (a contests CSV of 56 lines is about 2 KB)."""
TIE_FILL: Final = "#4a4a4a"

router = APIRouter()


class Method(StrEnum):
    EXACT = "exact"
    MC = "mc"


class Model(StrEnum):
    INDEPENDENT = "independent"
    NATIONAL = "national"
    REGIONAL = "regional"


def _blank_is_none(value: object) -> object:
    return None if value == "" else value


class OddsQuery(BaseModel):
    """How to forecast: the error model, its sizes, the method."""

    model: Model = Field(Model.NATIONAL, description="The error model")
    sd: float = Field(DEFAULT_SD, gt=0, le=50, description="Each contest's sd, points (--year)")
    national_sd: float = Field(DEFAULT_NATIONAL_SD, ge=0, le=50, description="National factor")
    method: Method = Field(Method.EXACT, description="exact (no tipping points) or mc")
    sims: int = Field(DEFAULT_SIMS, ge=1000, le=MAX_SIMS, description="Simulations (mc)")
    seed: Annotated[int | None, BeforeValidator(_blank_is_none)] = Field(
        None, ge=0, lt=2**63, description="Seed (mc; default fresh, echoed)"
    )

    def error_model(self) -> ErrorModel:
        return parse_model(self.model.value, national_sd=self.national_sd)


class OddsOut(BaseModel):
    """A forecast, as ``electoral forecast --format json`` prints it."""

    sims: int = Field(description="Simulations run (0 for the exact method)")
    seed: int | None
    method: str
    model: str
    candidates: list[str]
    electors: int
    majority: int
    p_win: dict[str, float] = Field(description="P(a majority of the electors)")
    p_tie: float
    p_no_majority: float
    p_president: dict[str, float] = Field(description="After the House's contingent election")
    p_unresolved: float
    house: dict[str, int]
    p_split: float | None = Field(description="P(popular and electoral winners differ)")
    ev_distribution: list[float] = Field(description="P(the first wins k electoral votes)")
    tipping: dict[str, float] | None = Field(description="P(tipping point), mc only")
    vpi: dict[str, float] | None = Field(description="Voter power index, mc only")
    picks: dict[str, str]
    p_picks: float | None
    effective_sims: float | None


def payload(result: Forecast) -> OddsOut:
    """The JSON document of a forecast (the CLI's shape)."""
    return OddsOut(
        sims=result.sims,
        seed=result.seed,
        method=result.method,
        model=result.model,
        candidates=list(result.candidates),
        electors=result.electors,
        majority=result.majority,
        p_win=result.p_win,
        p_tie=result.p_tie,
        p_no_majority=result.p_no_majority,
        p_president=result.p_president,
        p_unresolved=result.p_unresolved,
        house=result.house,
        p_split=result.p_split,
        ev_distribution=list(result.ev_distribution),
        tipping=result.tipping,
        vpi=result.vpi,
        picks=result.picks,
        p_picks=result.p_picks,
        effective_sims=result.effective_sims if result.method == "mc" else None,
    )


def run(race: Contests, query: OddsQuery, house: dict[str, int] | None) -> Forecast:
    """The forecast the page and the API show for ``race``."""
    model = query.error_model()
    if query.method is Method.EXACT:
        return exact_forecast(race, model, house=house)
    return simulate(race, model, sims=query.sims, seed=query.seed, house=house)


def _from_year(year: int, query: OddsQuery) -> tuple[Contests, Forecast, dict[str, str]]:
    race = contests_from_election(year, sd=query.sd)
    parties = {p.candidate: p.party for p in default_record().popular_votes_in(year)}
    return race, run(race, query, house_from_record(year, race)), parties


@router.get(
    "/api/odds",
    tags=["odds"],
    summary="The odds of an election replayed from its margins",
    response_model=OddsOut,
    responses=ERRORS,
)
def odds_api(
    year: Annotated[int, Query(ge=FIRST_YEAR, le=LAST_YEAR, description="Election year")],
    query: Annotated[OddsQuery, Query()],
) -> OddsOut:
    """P(win), the electoral-vote distribution and, with ``method=mc``, the tipping points,
    with every contest's margin taken from the record of ``year``."""
    _, result, _ = _from_year(year, query)
    return payload(result)


# --- The page's charts ------------------------------------------------------------------------

WIDTH: Final = 640
PLOT_LEFT: Final = 52
PLOT_RIGHT: Final = 12
HIST_TOP: Final = 14
HIST_HEIGHT: Final = 180


@dataclass(frozen=True, slots=True, kw_only=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Histogram:
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    y_ticks: tuple[tuple[float, str], ...]
    majority_x: float
    rows: tuple[tuple[int, int, float], ...]
    """(first's EV, second's EV, probability) over the range drawn."""
    mode: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Segment:
    contest: str
    electors: int
    x: float
    width: float
    fill: str
    text: str
    margin: float
    p_first: float
    cumulative: int
    tipping: float | None
    vpi: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class OddsView:
    """Everything the template draws."""

    title: str
    result: Forecast
    candidates: tuple[str, str]
    fills: tuple[str, str]
    histogram: Histogram
    snake: tuple[Segment, ...]
    snake_majority_x: float
    tipping: tuple[Segment, ...]
    mean_ev: float


def _span(dist: tuple[float, ...], majority: int) -> tuple[int, int]:
    """The range of electoral votes worth drawing: all but 1 in 10,000 of the chance."""
    total, cum = len(dist) - 1, 0.0
    lo, hi = 0, total
    for k, p in enumerate(dist):
        cum += p
        if cum > 1e-4:
            lo = k
            break
    cum = 0.0
    for k in range(total, -1, -1):
        cum += dist[k]
        if cum > 1e-4:
            hi = k
            break
    lo = max(0, min(lo - 10, majority - 30))
    hi = min(total, max(hi + 10, majority + 30))
    return lo, hi


def _step(span: int) -> int:
    return next(s for s in (10, 20, 50, 100) if span / s <= 8)


def histogram(result: Forecast, fills: tuple[str, str]) -> Histogram:
    """The bars of P(the first candidate wins k electoral votes), over the likely range."""
    dist, majority, total = result.ev_distribution, result.majority, result.electors
    lo, hi = _span(dist, majority)
    plot = WIDTH - PLOT_LEFT - PLOT_RIGHT
    unit = plot / (hi - lo + 1)
    top = max(dist[lo : hi + 1]) or 1.0

    def x_of(k: float) -> float:
        return round(PLOT_LEFT + (k - lo) * unit, 2)

    def fill(k: int) -> str:
        return fills[0] if k >= majority else fills[1] if k <= total - majority else TIE_FILL

    bars = tuple(
        Bar(
            x=x_of(k),
            y=round(HIST_TOP + HIST_HEIGHT * (1 - dist[k] / top), 2),
            width=round(max(unit - 0.3, 0.6), 2),
            height=round(HIST_HEIGHT * dist[k] / top, 2),
            fill=fill(k),
        )  # fmt: skip
        for k in range(lo, hi + 1)
        if dist[k] > 0
    )
    step = _step(hi - lo)
    ticks = tuple(
        Tick(x=round(x_of(k + 0.5), 2), label=str(k))
        for k in range(math.ceil(lo / step) * step, hi + 1, step)
    )
    y_ticks = tuple(
        (round(HIST_TOP + HIST_HEIGHT * (1 - f), 2), f"{top * f:.1%}") for f in (0, 0.5, 1)
    )
    rows = tuple((k, total - k, dist[k]) for k in range(lo, hi + 1))
    mode = max(range(total + 1), key=lambda k: dist[k])
    return Histogram(bars=bars, ticks=ticks, y_ticks=y_ticks, majority_x=x_of(majority),
                     rows=rows, mode=mode)  # fmt: skip


def _phi(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def snake(
    race: Contests, result: Forecast, model: ErrorModel, families: tuple[Family, Family]
) -> tuple[Segment, ...]:
    """The contests from the first candidate's safest to the second's, each as wide as its
    electors, shaded by margin; ``p_first`` is the chance the first carries it."""
    plot = WIDTH - PLOT_LEFT - PLOT_RIGHT
    factor = model.national_sd**2 + model.regional_sd**2
    ordered = sorted(race.contests, key=lambda c: -c.margin)
    tipping, vpi = result.tipping or {}, result.vpi or {}
    segments, cumulative = [], 0
    for c in ordered:
        family = families[0] if c.margin >= 0 else families[1]
        fill = family.fill(shade_for(abs(c.margin)))
        segments.append(
            Segment(
                contest=c.id,
                electors=c.electors,
                x=round(PLOT_LEFT + plot * cumulative / race.electors, 2),
                width=round(plot * c.electors / race.electors, 2),
                fill=fill,
                text=text_on(fill),
                margin=c.margin,
                p_first=_phi(c.margin / math.sqrt(c.sd**2 + factor)),
                cumulative=cumulative + c.electors,
                tipping=tipping.get(c.id),
                vpi=vpi.get(c.id),
            )  # fmt: skip
        )
        cumulative += c.electors
    return tuple(segments)


def odds_view(
    race: Contests, result: Forecast, query: OddsQuery, parties: dict[str, str]
) -> OddsView:
    a, b = race.candidates
    chosen = assign_families([a, b], parties)
    families = (chosen[a], chosen[b])
    fills = (families[0].dark, families[1].dark)
    model = query.error_model()
    segments = snake(race, result, model, families)
    plot = WIDTH - PLOT_LEFT - PLOT_RIGHT
    ranked = sorted((s for s in segments if s.tipping), key=lambda s: -(s.tipping or 0.0))
    return OddsView(
        title=f"{a} vs {b} ({race.source})",
        result=result,
        candidates=(a, b),
        fills=fills,
        histogram=histogram(result, fills),
        snake=segments,
        snake_majority_x=round(PLOT_LEFT + plot * result.majority / race.electors, 2),
        tipping=tuple(ranked[:12]),
        mean_ev=result.mean_ev,
    )


# --- The page ---------------------------------------------------------------------------------


def _csrf(request: Request) -> Csrf:
    csrf: Csrf = request.app.state.csrf
    return csrf


def _page(
    request: Request,
    query: OddsQuery,
    *,
    year: int | None,
    view: OddsView | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    csrf = _csrf(request)
    context = {
        "q": query,
        "year": year,
        "years": YEARS,
        "view": view,
        "error": error,
        "status": status,
        "csrf_token": csrf.token(request),
        "max_sims": MAX_SIMS,
        "max_upload_kb": MAX_UPLOAD // 1024,
        "plot_left": PLOT_LEFT,
        "plot_right": WIDTH - PLOT_RIGHT,
        "hist_top": HIST_TOP,
        "hist_bottom": HIST_TOP + HIST_HEIGHT,
        "width": WIDTH,
    }
    response = templates.TemplateResponse(request, "odds.html", context, status_code=status)
    csrf.set_cookie(request, response)
    return response


def _error_status(error: ElectoralError) -> int:
    return 404 if isinstance(error, LookupError) else 400


@router.get("/odds", response_class=HTMLResponse, include_in_schema=False)
def odds_page(
    request: Request,
    query: Annotated[OddsQuery, Query()],
    year: Annotated[int | None, Query(ge=FIRST_YEAR, le=LAST_YEAR)] = None,
) -> Response:
    """The form and, once a year is chosen, its forecast."""
    if year is None:
        return _page(request, query, year=None)
    try:
        race, result, parties = _from_year(year, query)
    except ElectoralError as error:
        return _page(request, query, year=year, error=str(error), status=_error_status(error))
    return _page(request, query, year=year, view=odds_view(race, result, query, parties))


async def _read_upload(request: Request) -> tuple[dict[str, str], tuple[str, bytes] | None]:
    """The multipart form: its text fields and the file, at most :data:`MAX_UPLOAD` bytes.

    Raises:
        HTTPException: 413 when too large, 415 when not multipart, 400 when malformed.
    """
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "multipart/form-data":
        raise HTTPException(415, "expected a file upload (multipart/form-data)")
    too_large = HTTPException(413, f"the upload is larger than {MAX_UPLOAD // 1024} KB")
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_UPLOAD):
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_UPLOAD:
            raise too_large

    async def replay() -> dict[str, object]:
        return {"type": "http.request", "body": bytes(body), "more_body": False}

    async with Request(request.scope, replay).form(max_files=1, max_fields=20) as form:
        fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
        upload = form.get("contests")
        if isinstance(upload, UploadFile) and upload.filename:
            return fields, (upload.filename, await upload.read())
    return fields, None


def _safe_name(name: str | None) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", Path(name or "").name)[:60].lstrip(".")
    return stem if stem.lower().endswith(".csv") else "upload.csv"


def _contests_of(upload: tuple[str, bytes] | None, names: str) -> Contests:
    """The uploaded contests (written to a private temporary file for the library's reader)."""
    if upload is None:
        raise RuleInputError("choose a contests CSV to upload (contest,margin,sd)")
    filename, data = upload
    candidates = parse_candidates(names) if names.strip() else ("A", "B")
    with tempfile.TemporaryDirectory(prefix="electoral-odds-") as folder:
        path = Path(folder) / _safe_name(filename)
        path.write_bytes(data)
        return read_contests(path, candidates=candidates)


@router.post("/odds", response_class=HTMLResponse, include_in_schema=False)
async def odds_upload(request: Request) -> Response:
    """A forecast of an uploaded contests CSV."""
    fields, upload = await _read_upload(request)
    _csrf(request).check(request, fields)
    known = {k: v for k, v in fields.items() if k in OddsQuery.model_fields}
    try:
        query = OddsQuery.model_validate(known)
    except ValidationError as error:
        raise RequestValidationError(error.errors()) from None
    try:
        race = _contests_of(upload, fields.get("candidates", ""))
        result = await run_in_threadpool(run, race, query, None)
    except ElectoralError as error:
        return _page(request, query, year=None, error=str(error), status=_error_status(error))
    return _page(request, query, year=None, view=odds_view(race, result, query, {}))
