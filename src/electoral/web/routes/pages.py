"""The server-rendered pages: the landing page, every election on the map, the map builder."""

# ruff: noqa: TID253

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from electoral.data import default_record
from electoral.rules.contingent import FACTION_CANDIDATES
from electoral.web import scenario as sc
from electoral.web.mapdata import load_map
from electoral.web.palette import BLANK, text_on
from electoral.web.templating import templates
from electoral.web.views import (
    DEFECTION_LEGEND,
    CandidateView,
    ElectionView,
    MapUnit,
    defection_of,
    defection_units,
    election_view,
    slug,
)

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _units_of_view(view: ElectionView) -> list[MapUnit]:
    return [
        MapUnit(
            code=u.code,
            state=u.state,
            name=u.name,
            electors=u.electors,
            fill=u.fill,
            text=u.text,
            label=u.accessible_name,
            present=u.took_part,
            is_district=u.is_district,
        )  # fmt: skip
        for u in view.units
    ]


def _segments(
    votes: dict[str, int], candidates: Iterable[CandidateView]
) -> list[tuple[str, str, int, str]]:
    colours = {c.name: c.family.middle for c in candidates}
    return [(slug(c), c, n, colours.get(c, "#8c8c8c")) for c, n in votes.items()]


def _years() -> tuple[int, ...]:
    return default_record().years


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> Response:
    years = _years()
    view = election_view(years[-1])
    context = {
        "view": view,
        "geo": load_map(),
        "units": _units_of_view(view),
        "years": years,
        "splits": [y for y in years if election_view(y).election.is_split],
        "house_years": [y for y in years if election_view(y).contingent],
    }
    return templates.TemplateResponse(request, "index.html", context)


@router.get("/elections", response_class=HTMLResponse)
def elections(request: Request) -> Response:
    views = [election_view(y) for y in _years()]
    return templates.TemplateResponse(request, "elections.html", {"views": views})


@router.get("/elections/latest")
def latest() -> Response:
    return RedirectResponse(f"/elections/{_years()[-1]}", status_code=307)


@router.get("/elections/{year}", response_class=HTMLResponse)
def election_page(request: Request, year: int) -> Response:
    view = election_view(year)
    years = _years()
    i = years.index(year)
    e = view.election
    winners = {u.winner for u in view.units}
    context = {
        "view": view,
        "e": e,
        "geo": load_map(),
        "units": _units_of_view(view),
        "years": years,
        "index": i,
        "prev": years[i - 1] if i > 0 else None,
        "next": years[i + 1] if i + 1 < len(years) else None,
        "segments": _segments(e.electoral_votes, view.candidates),
        "legend_candidates": [c for c in view.candidates if c.name in winners],
        "main": list(e.popular_votes)[:3] or list(e.electoral_votes)[:3],
    }
    return templates.TemplateResponse(request, "election.html", context)


def _build_units(base: sc.Base, choices: Sequence[str | None]) -> list[MapUnit]:
    units = []
    for unit, choice in zip(base.units, choices, strict=True):
        if unit.code != unit.state.value and not unit.is_present:
            continue  # no districts drawn where the state chose its electors as a whole
        fill, text = sc.fill_of(unit, choice, base)
        units.append(
            MapUnit(
                code=unit.code,
                state=unit.state,
                name=unit.name,
                electors=unit.electors,
                fill=fill,
                text=text,
                label=_build_label(unit, choice, base),
                present=unit.is_present,
                is_district=unit.code != unit.state.value,
            )  # fmt: skip
        )
    return units


def _build_label(unit: sc.BuildUnit, choice: str | None, base: sc.Base) -> str:
    if not unit.is_present:
        return f"{unit.name}: no electors in {base.year}"
    if choice is None:
        held = ", ".join(f"{c} {n}" for c, n in unit.recorded.items()) or "no one"
        who = f"{held} (as in {base.year})"
    else:
        who = choice or "undecided"
    plural = "s" if unit.electors != 1 else ""
    return f"{unit.name}, {unit.electors} electoral vote{plural}: {who}"


def _faction_candidates(congress: int) -> list[str] | None:
    """The candidates a faction supported, for a House the record labels by faction
    (:data:`~electoral.rules.contingent.FACTION_CANDIDATES`); ``None`` for a House labelled by
    party. With a candidate outside the list among the three highest, the House's answer
    cannot be computed (:func:`electoral.web.scenario.house_answer`)."""
    factions = FACTION_CANDIDATES.get(congress)
    return None if factions is None else sorted(set(factions.values()))


def build_data(base: sc.Base) -> dict[str, object]:
    """What ``static/js/build.js`` needs to recompute a scenario in the page.

    ``factionCandidates`` is ``null`` for a House labelled by party; for one labelled by
    faction (the 18th Congress), the candidates a faction supported: with another among the
    three highest (Clay in 1824) the page says, as the server does, that the House's answer
    cannot be computed, and counts no ballot."""
    candidates = [
        {
            "name": c,
            "slug": slug(c),
            "party": base.parties.get(c, ""),
            "fill": base.families[c].middle if c in base.families else "#8c8c8c",
        }
        for c in base.candidates
    ]
    for c in candidates:
        c["text"] = text_on(str(c["fill"]))
    return {
        "year": base.year,
        "places": list(sc.UNIT_CODES),
        "units": {
            u.code: {
                "name": u.name,
                "electors": u.electors,
                "present": u.is_present,
                "recorded": u.recorded,
                "fill": u.recorded_fill,
                "text": text_on(u.recorded_fill),
            }
            for u in base.units
        },
        "candidates": candidates,
        "choices": [base.candidates.index(c) for c in base.choices],
        "indexChars": sc.INDEX_CHARS,
        "delegations": {s.value: p for s, p in base.delegations.items()},
        "statesInUnion": base.states_in_union,
        "congress": base.congress,
        "congressName": sc.ordinal(base.congress),
        "houseNote": "" if base.delegations else sc.house_answer({}, base)[1],
        "factionCandidates": _faction_candidates(base.congress),
        "blank": BLANK,
        "blankText": text_on(BLANK),
    }


def _script_json(data: object) -> str:
    """JSON safe inside a ``<script>`` element (no ``</script>`` can end it early)."""
    return json.dumps(data, separators=(",", ":")).replace("<", "\\u003c")


@router.get("/build", response_class=HTMLResponse)
def build(
    request: Request,
    base_year: Annotated[int | None, Query(alias="from")] = None,
    code: Annotated[str, Query(alias="s", max_length=len(sc.UNIT_CODES))] = "",
) -> Response:
    years = _years()
    base = sc.base_of(base_year if base_year is not None else years[-1])
    outcome = sc.evaluate(code, base)
    choices = sc.parse(code, base)
    view = base.view
    context = {
        "base": base,
        "outcome": outcome,
        "choices": choices,
        "geo": load_map(),
        "units": _build_units(base, choices),
        "years": [y for y in years if y >= sc.FIRST_YEAR],
        "candidates": [c for c in view.candidates if c.name in base.candidates],
        "segments": _segments(
            {c: outcome.votes.get(c, 0) for c in [*outcome.votes, *base.candidates]},
            view.candidates,
        ),
        "is_tie": len(outcome.votes) > 1 and len(set(list(outcome.votes.values())[:2])) == 1,
        "data": _script_json(build_data(base)),
        "code_of": {c: sc.INDEX_CHARS[i] for i, c in enumerate(base.candidates)},
        "places": list(zip(base.units, choices, strict=True)),
        "by_faction": base.congress in FACTION_CANDIDATES,
    }
    return templates.TemplateResponse(request, "build.html", context)


@router.get("/could-it-work")
def could_it_work_latest(year: int | None = None) -> Response:
    return RedirectResponse(f"/could-it-work/{year or _years()[-1]}", status_code=307)


@router.get("/could-it-work/{year}", response_class=HTMLResponse)
def could_it_work(request: Request, year: int) -> Response:
    analysis = defection_of(year)
    context = {
        "d": analysis,
        "geo": load_map(),
        "units": defection_units(analysis),
        "years": [y for y in _years() if y >= sc.FIRST_YEAR],
        "legend": DEFECTION_LEGEND,
        "by_faction": analysis.contingent.congress in FACTION_CANDIDATES,
    }
    return templates.TemplateResponse(request, "could_it_work.html", context)
