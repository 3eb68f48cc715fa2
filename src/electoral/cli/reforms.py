"""CLI adapters for voting power and reforms."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from electoral.analysis.power import PowerResult, census_game, election_game, power_of
from electoral.analysis.reform import ReformOptions, ReformResult, reform
from electoral.cli.options import DataOption, FormatOption
from electoral.cli.render import emit
from electoral.data import Record, default_record, load_record


def _record(data_dir: Path | None) -> Record:
    return load_record(data_dir) if data_dir is not None else default_record()


def power_payload(r: PowerResult) -> dict[str, object]:
    return {
        "year": r.game.year,
        "basis": r.game.basis,
        "index": r.index,
        "quota": r.game.quota,
        "electors": dict(zip(r.game.players, r.game.weights, strict=True)),
        "power": {p: float(v) for p, v in r.power.items()},
        "absolute": {p: float(v) for p, v in r.absolute.items()},
        "voter_power": r.voter_power,
        "max_min_ratio": r.max_min_ratio,
        "notes": list(r.game.notes),
    }


def reform_payload(r: ReformResult) -> dict[str, object]:
    c = r.contingent
    return {
        "year": r.year,
        "method": r.method,
        "parameters": r.parameters,
        "electoral_votes": r.count.votes,
        "electors_appointed": r.count.electors_appointed,
        "majority": r.count.majority,
        "winner": r.count.winner,
        "president": r.president,
        "actual_electoral_votes": r.actual,
        "actual_president": r.actual_president,
        "contingent": None
        if c is None
        else {
            "candidates": list(c.candidates),
            "needed": c.needed,
            "elected": c.elected,
            "votes": c.ballots[0].votes if c.ballots else {},
        },  # fmt: skip
        "states": {s.value: slate for s, slate in r.electors.items()},
        "notes": list(r.notes),
    }


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``electoral`` app."""

    @app.command()
    def power(
        year: Annotated[int, typer.Argument(help="An election year, or a census with --census.")],
        index: Annotated[str, typer.Option(help="banzhaf or shapley.")] = "banzhaf",
        census: Annotated[bool, typer.Option("--census", help="YEAR is a census.")] = False,
        districts: Annotated[bool, typer.Option(help="Split ME and NE by district.")] = False,
        fmt: FormatOption = None,
        data_dir: DataOption = None,
    ) -> None:
        """A-priori voting power of each state (exact), and of a voter in each state."""
        game = (census_game if census else election_game)(
            year, _record(data_dir), districts=districts
        )
        r = power_of(game, index)
        rows = [
            {
                "player": p,
                "electors": w,
                index: float(r.power[p]),
                "absolute": float(r.absolute[p]),
                "voters": game.voters.get(p),
                "voter power": r.voter_power.get(p),
            }  # fmt: skip
            for p, w in sorted(zip(game.players, game.weights, strict=True), key=lambda x: -x[1])
        ]
        ratio = f"{r.max_min_ratio:.3f}" if r.max_min_ratio else "n/a"
        footer = [f"Quota {game.quota} of {sum(game.weights)}; voter power max/min {ratio}.",
                  *game.notes]  # fmt: skip
        emit(fmt, rows, power_payload(r), title=f"Voting power, {game.basis} {year}", footer=footer)

    @app.command("reform")
    def reform_cmd(
        year: int,
        method: Annotated[str, typer.Option(help="npvic, proportional, district, house-size.")],
        rounding: Annotated[
            str, typer.Option(help="proportional: hamilton, dhondt, webster, whole.")
        ] = "hamilton",  # fmt: skip
        seats: Annotated[int | None, typer.Option(help="house-size: the House size.")] = None,
        assume_in_force: Annotated[bool, typer.Option(help="npvic: apply below 270.")] = False,
        fmt: FormatOption = None,
        data_dir: DataOption = None,
    ) -> None:
        """Re-run an election under a reform: the new count and, with no majority, the House."""
        options = ReformOptions(
            rounding=rounding, house_size=seats, assume_in_force=assume_in_force
        )
        r = reform(year, method, _record(data_dir), options)
        rows = [
            {
                "state": s.value,
                "electors": sum(slate.values()),
                "allocation": ", ".join(f"{c} {n}" for c, n in slate.items()),
            }  # fmt: skip
            for s, slate in r.electors.items()
        ]
        votes = ", ".join(f"{c} {n}" for c, n in r.count.votes.items())
        footer = [f"{method}: {votes} (majority {r.count.majority}).",
                  f"President: {r.president or 'undecided'} (actually {r.actual_president}).",
                  *r.notes]  # fmt: skip
        emit(fmt, rows, reform_payload(r), title=f"{year} under {method}", footer=footer)
