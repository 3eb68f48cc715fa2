"""The JSON API under ``/api/``: the record's elections and the builder's scenarios.

Every route declares its response model and its error responses, so the OpenAPI description
(``/api/openapi.json``) is complete enough for schemathesis to check each answer against it.
"""

# ruff: noqa: TID253

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from electoral.data import default_record
from electoral.web import scenario as sc
from electoral.web.views import ContingentView, ElectionView, defection_of, election_view

__all__ = ["router"]


class ErrorBody(BaseModel):
    """What every error answer of the API carries."""

    error: str = Field(description="What was wrong with the request, in one line.")


ERRORS: Final[dict[int | str, dict[str, object]]] = {
    400: {"model": ErrorBody, "description": "Impossible input"},
    404: {"model": ErrorBody, "description": "No such election"},
    422: {"model": ErrorBody, "description": "Invalid parameters"},
}

router = APIRouter(prefix="/api", tags=["elections"], responses=ERRORS)


class ElectionSummary(BaseModel):
    year: int
    president: str
    president_party: str
    president_chosen_by: str = Field(description="electors, house or senate")
    vice_president: str
    electors_appointed: int
    majority: int
    president_electoral_votes: int
    popular_winner: str | None = Field(description="None where the record has no returns")
    is_split: bool = Field(description="The popular-vote winner did not become president")
    main_candidates_only: bool = Field(
        description="The returns give only the main candidates (before 1976): shares are of "
        "their votes"
    )


class StateOut(BaseModel):
    state: str = Field(description="Postal code")
    name: str
    electors: int
    method: str
    popular_votes: dict[str, int]
    margin: float | None = Field(description="Winner's popular-vote lead in points")
    electoral_votes: dict[str, int] = Field(description="For president, as cast")
    vice_president_votes: dict[str, int]
    districts: dict[str, str | None] = Field(
        description="Maine and Nebraska: the winner at large and of each district"
    )
    notes: str
    sources: list[str]


class FaithlessOut(BaseModel):
    state: str
    office: str
    electors: int
    elector: str
    pledged_to: str | None
    voted_for: str | None
    reason: str
    outcome: str
    law: str = Field(description="The state's binding law that year")
    citation: str
    source: str


class ContingentOut(BaseModel):
    chamber: str
    office: str
    candidates: list[str]
    members: int = Field(description="States in the Union (House) or senators (Senate)")
    needed: int
    ballots: int
    final_votes: dict[str, int]
    not_voting: int
    elected: str | None
    sources: list[str]


class ElectionOut(ElectionSummary):
    meeting_date: dt.date
    count_date: dt.date
    electoral_votes: dict[str, int] = Field(description="For president, as counted by Congress")
    vice_president_votes: dict[str, int]
    popular_votes: dict[str, int]
    states: list[StateOut]
    faithless: list[FaithlessOut]
    contingent: list[ContingentOut]
    reproduced: bool = Field(description="Whether the replay through the rules gives the record")
    notes: str
    source: str
    sources: dict[str, list[str]] = Field(description="Each source key and the facts it backs")


class HouseOut(BaseModel):
    congress: int
    candidates: list[str]
    states: int
    needed: int
    votes: dict[str, int]
    not_voting: int
    elected: str | None


class ScenarioOut(BaseModel):
    base: int = Field(description="The election the scenario starts from")
    code: str = Field(description="One character per state and district (see /build)")
    places: list[str] = Field(description="The places, in the order of the code")
    votes: dict[str, int]
    electors: int
    majority: int
    undecided: int
    winner: str | None
    house: HouseOut | None
    house_note: str


def _summary(v: ElectionView) -> dict[str, object]:
    e = v.election
    return {
        "year": e.year,
        "president": e.president,
        "president_party": e.facts.president_party,
        "president_chosen_by": e.facts.president_chosen_by.value,
        "vice_president": e.vice_president,
        "electors_appointed": e.facts.electors_appointed,
        "majority": e.facts.majority,
        "president_electoral_votes": e.electoral_votes.get(e.president, 0),
        "popular_winner": e.popular_winner,
        "is_split": e.is_split,
        "main_candidates_only": e.main_candidates_only,
    }


def _contingent(c: ContingentView) -> ContingentOut:
    return ContingentOut(
        chamber=c.chamber,
        office=c.office.value,
        candidates=list(c.candidates),
        members=c.members,
        needed=c.needed,
        ballots=c.ballots,
        final_votes=c.final_votes,
        not_voting=c.not_voting,
        elected=c.elected,
        sources=list(c.sources),
    )


def election_out(v: ElectionView) -> ElectionOut:
    e = v.election
    return ElectionOut(
        **_summary(v),  # type: ignore[arg-type]
        meeting_date=e.facts.meeting_date,
        count_date=e.facts.count_date,
        electoral_votes=e.electoral_votes,
        vice_president_votes=e.vice_president_votes,
        popular_votes=e.popular_votes,
        states=[
            StateOut(
                state=r.state.value,
                name=r.name,
                electors=r.electors,
                method=r.method.value,
                popular_votes=r.popular_votes,
                margin=r.margin,
                electoral_votes=r.electoral_votes,
                vice_president_votes=r.vice_president_votes,
                districts=r.districts,
                notes=r.notes,
                sources=list(r.sources),
            )  # fmt: skip
            for r in v.rows
        ],
        faithless=[
            FaithlessOut(
                state=f.state.value,
                office=f.office.value,
                electors=f.electors,
                elector=f.elector,
                pledged_to=f.pledged_to,
                voted_for=f.voted_for,
                reason=f.reason,
                outcome=f.outcome,
                law=f.law.value,
                citation=f.citation,
                source=f.source,
            )  # fmt: skip
            for f in v.faithless
        ],
        contingent=[_contingent(c) for c in v.contingent],
        reproduced=v.replay.reproduced,
        notes=e.facts.notes,
        source=e.facts.source,
        sources={k: list(w) for k, w in v.sources.items()},
    )


YearPath = Annotated[int, Path(description="Election year, 1789-2024", examples=[2016])]


@router.get("/elections", summary="Every election in the record")
def list_elections() -> list[ElectionSummary]:
    return [ElectionSummary(**_summary(election_view(y))) for y in default_record().years]  # type: ignore[arg-type]


@router.get("/elections/{year}", summary="One election: states, totals, facts and sources")
def get_election(year: YearPath) -> ElectionOut:
    return election_out(election_view(year))


def scenario_out(outcome: sc.Outcome, base: sc.Base) -> ScenarioOut:
    house = outcome.house
    return ScenarioOut(
        base=base.year,
        code=outcome.code,
        places=list(sc.UNIT_CODES),
        votes=outcome.votes,
        electors=outcome.electors,
        majority=outcome.majority,
        undecided=outcome.undecided,
        winner=outcome.winner,
        house=HouseOut(
            congress=base.congress,
            candidates=list(house.candidates),
            states=house.members,
            needed=house.needed,
            votes=house.ballots[0].votes,
            not_voting=house.ballots[0].not_voting,
            elected=house.elected,
        )
        if house and house.ballots
        else None,
        house_note=outcome.house_note,
    )


@router.get("/build", summary="Count a scenario of the map builder")
def build_scenario(
    base: Annotated[
        int | None,
        Query(alias="from", description="Election to start from (1804-2024; default latest)"),
    ] = None,
    code: Annotated[
        str,
        Query(
            alias="s",
            max_length=len(sc.UNIT_CODES),
            pattern=r"^[-.0-9a-z]*$",
            description="One character per place: '.' as recorded, '-' no one, '0'-'9' "
            "and 'a'-'z' a candidate (by electoral votes in the base election)",
        ),
    ] = "",
) -> ScenarioOut:
    b = sc.base_of(base if base is not None else default_record().years[-1])
    return scenario_out(sc.evaluate(code, b), b)


class ElectorsOfStateOut(BaseModel):
    state: str
    electors: int = Field(description="The winner's pledged electors in the state")
    law: str | None = Field(description="The binding law of that year (None: none recorded)")
    citation: str
    is_free: bool


class HouseOutlookOut(BaseModel):
    congress: int
    delegations: dict[str, int] = Field(description="State delegations each party holds")
    divided: int
    president: str | None
    vice_president: str | None
    note: str


class DefectionOut(BaseModel):
    year: int
    winner: str
    runner_up: str
    pledged: int
    majority: int
    deny_majority: int = Field(description="Defections that leave the winner short")
    elect_runner_up: int = Field(description="Defections to the runner-up that elect them")
    free_electors: int = Field(description="The winner's electors whom the law left free")
    states: list[ElectorsOfStateOut]
    house: HouseOutlookOut


@router.get("/could-it-work/{year}", summary="Could the electors change the result?")
def could_it_work(year: YearPath) -> DefectionOut:
    d = defection_of(year)
    c = d.contingent
    return DefectionOut(
        year=d.year,
        winner=d.winner,
        runner_up=d.runner_up,
        pledged=d.pledged,
        majority=d.majority,
        deny_majority=d.deny_majority,
        elect_runner_up=d.elect_runner_up,
        free_electors=d.free_electors,
        states=[
            ElectorsOfStateOut(
                state=s.state.value,
                electors=s.electors,
                law=s.law.value if s.law else None,
                citation=s.citation,
                is_free=s.is_free,
            )  # fmt: skip
            for s in d.states
        ],
        house=HouseOutlookOut(
            congress=c.congress,
            delegations=c.delegations,
            divided=c.divided,
            president=c.president,
            vice_president=c.vice_president,
            note=c.note,
        ),  # fmt: skip
    )
