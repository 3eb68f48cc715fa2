"""CLI adapters for the odds (``electoral forecast``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeRemainingColumn

from electoral.cli.render import Format, emit
from electoral.errors import RuleInputError
from electoral.forecast import (
    Contests,
    Forecast,
    contests_from_election,
    exact_forecast,
    house_from_record,
    parse_candidates,
    parse_house,
    parse_model,
    parse_picks,
    read_contests,
    simulate,
)
from electoral.forecast.contests import DEFAULT_SD
from electoral.forecast.models import DEFAULT_NATIONAL_SD, DEFAULT_REGIONAL_SD
from electoral.forecast.montecarlo import Progress as ProgressCallback

PROGRESS_FROM = 1_000_000
"""Runs of at least this many simulations show a progress bar (on a terminal)."""


class Method(StrEnum):
    EXACT = "exact"
    MC = "mc"


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``electoral`` app."""
    app.command("forecast")(forecast)


def forecast(
    contests: Annotated[
        Path | None, typer.Argument(help="CSV: contest,margin,sd[,electors,turnout].")
    ] = None,
    year: Annotated[int | None, typer.Option(help="Build contests from this election.")] = None,
    sd: Annotated[float, typer.Option(help="Points of sd per contest with --year.")] = DEFAULT_SD,
    candidates: Annotated[str | None, typer.Option(help="The two sides, 'NAME A,NAME B'.")] = None,
    model: Annotated[str, typer.Option(help="independent|national|regional|matrix:FILE")] = (
        "national"
    ),
    national_sd: Annotated[float, typer.Option(help="National factor, points.")] = (
        DEFAULT_NATIONAL_SD
    ),
    regional_sd: Annotated[float, typer.Option(help="Regional factors, points.")] = (
        DEFAULT_REGIONAL_SD
    ),
    tails: Annotated[str, typer.Option(help="normal or t:DF (DF > 2).")] = "normal",
    method: Annotated[Method, typer.Option(help="exact (factor models) or mc.")] = Method.MC,
    sims: Annotated[int, typer.Option(help="Simulations (mc).")] = 100_000,
    seed: Annotated[int | None, typer.Option(help="Seed (default: fresh, echoed).")] = None,
    threads: Annotated[int | None, typer.Option(help="Threads (default: CPUs).")] = None,
    house: Annotated[str | None, typer.Option(help="Delegations per side, 'A:26,B:22'.")] = None,
    picks: Annotated[str | None, typer.Option("--if", help="Condition, 'PA=A,GA=A'.")] = None,
    plot: Annotated[Path | None, typer.Option(help="Write a .png or .svg.")] = None,
    fmt: Annotated[Format | None, typer.Option("--format", "-f", help="table|csv|json")] = None,
) -> None:
    """The odds: P(win), the electoral-vote distribution, ties, splits, tipping points."""
    if plot is not None:
        from electoral.forecast.plot import check_plot_path

        check_plot_path(plot)  # before the run, not after it
    race = _contests(contests, year, sd, candidates)
    error_model = parse_model(model, national_sd=national_sd, regional_sd=regional_sd, tails=tails)
    delegations = (
        parse_house(house, race.candidates, race.states_in_house) if house is not None else None
    )
    if delegations is None and year is not None:
        delegations = house_from_record(year, race)
    chosen = parse_picks(picks, race) if picks else None
    if method is Method.EXACT:
        result = exact_forecast(race, error_model, picks=chosen, house=delegations)
    else:
        with _progress(sims) as tick:
            result = simulate(race, error_model, sims=sims, seed=seed, threads=threads,
                              picks=chosen, house=delegations, progress=tick)  # fmt: skip
    if plot is not None:
        from electoral.forecast.plot import plot_forecast

        plot_forecast(result, race, plot)
    emit(fmt, rows(result, race), payload(result), title=_title(race), footer=footer(result))


def _contests(path: Path | None, year: int | None, sd: float, names: str | None) -> Contests:
    sides = parse_candidates(names) if names is not None else None
    if path is not None and year is None:
        return read_contests(path, candidates=sides or ("A", "B"))
    if year is not None and path is None:
        return contests_from_election(year, sd=sd, candidates=sides)
    raise RuleInputError("forecast: give a contests CSV or --year YEAR (one of the two)")


@contextmanager
def _progress(sims: int) -> Iterator[ProgressCallback | None]:
    """A progress bar on stderr for long runs on a terminal (the library only calls back)."""
    console = Console(stderr=True)
    if sims < PROGRESS_FROM or not console.is_terminal:
        yield None
        return
    columns = (BarColumn(), TaskProgressColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("simulating", total=sims)
        yield lambda done, _total: bar.update(task, completed=done)


def _title(race: Contests) -> str:
    a, b = race.candidates
    return f"Forecast: {a} vs {b} ({race.source})"


def payload(result: Forecast) -> dict[str, object]:
    """The JSON document of a forecast."""
    return {
        "sims": result.sims,
        "seed": result.seed,
        "method": result.method,
        "model": result.model,
        "candidates": list(result.candidates),
        "electors": result.electors,
        "majority": result.majority,
        "p_win": result.p_win,
        "p_tie": result.p_tie,
        "p_no_majority": result.p_no_majority,
        "p_president": result.p_president,
        "p_unresolved": result.p_unresolved,
        "house": result.house,
        "p_split": result.p_split,
        "ev_distribution": list(result.ev_distribution),
        "tipping": result.tipping,
        "vpi": result.vpi,
        "picks": result.picks,
        "p_picks": result.p_picks,
        "effective_sims": result.effective_sims if result.method == "mc" else None,
    }


def rows(result: Forecast, race: Contests) -> list[dict[str, str | int | float | None]]:
    """One row per contest: electors, margin, sd, tipping-point chance, voter power."""
    tipping, vpi = result.tipping or {}, result.vpi or {}
    return [
        {
            "contest": c.id,
            "electors": c.electors,
            "margin": c.margin,
            "sd": c.sd,
            "tipping": tipping.get(c.id),
            "vpi": vpi.get(c.id),
        }
        for c in race.contests
    ]


def footer(result: Forecast) -> list[str]:
    """The national chances, in words."""
    a, b = result.candidates
    how = f"{result.sims:,} simulations, seed {result.seed}" if result.sims else "exact"
    lines = [
        f"P(win): {a} {result.p_win[a]:.2%}, {b} {result.p_win[b]:.2%} ({how}, {result.model}).",
        f"P(269-269) {result.p_tie:.2%}; P(no majority) {result.p_no_majority:.2%}; "
        f"after the House: {a} {result.p_president[a]:.2%}, {b} {result.p_president[b]:.2%}, "
        f"unresolved {result.p_unresolved:.2%}.",
    ]
    if result.p_split is not None:
        lines.append(f"P(popular and electoral winners differ) {result.p_split:.2%}.")
    if result.picks:
        given = ", ".join(f"{k}={v}" for k, v in result.picks.items())
        lines.append(f"Given {given} (probability {result.p_picks:.3g}).")
    return lines
