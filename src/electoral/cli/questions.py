"""CLI adapters for could it work (defect), splits, flips, tipping point, minimum popular vote."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from electoral.analysis.defection import ContingentOutlook, DefectionAnalysis, defection, ordinal
from electoral.analysis.defection_law import CLASS_NAMES, CongressPowers
from electoral.analysis.flips import Flip, FlipTarget, flip
from electoral.analysis.minvote import MinimumVote, Turnout, minimum_vote
from electoral.analysis.splits import Split, splits
from electoral.analysis.tipping import TIPPING_DEFINITIONS, Tipping, tipping_point
from electoral.cli.options import DataOption, FormatOption
from electoral.cli.render import Cell, emit
from electoral.data import Record, default_record, load_record
from electoral.model import Law
from electoral.states import parse_state

_DEFINITIONS_HELP = "; ".join(f"{k}: {v}" for k, v in TIPPING_DEFINITIONS.items())


def _record(data_dir: Path | None) -> Record:
    return load_record(data_dir) if data_dir is not None else default_record()


def _round(x: float | None) -> float | None:
    return round(x, 2) if x is not None else None


# -- defect ----------------------------------------------------------------------------------


def contingent_payload(c: ContingentOutlook) -> dict[str, object]:
    return {
        "congress": c.congress,
        "delegations": c.delegations,
        "divided": c.divided,
        "president": c.president,
        "president_chosen_by": c.president_chosen_by,
        "vice_president": c.vice_president,
        "vice_president_chosen_by": c.vice_president_chosen_by,
        "note": c.note,
    }


def congress_payload(c: CongressPowers | None) -> dict[str, object] | None:
    """What Congress may do with the defectors' votes under the year's act of the count."""
    if c is None:
        return None
    a, w = c.act, c.whole
    return {
        "act": a.act, "name": a.name, "citation": a.citation,
        "objection": {"text": a.objection, "citation": a.objection_citation,
                      "senators": c.signers[0] if c.signers else None,
                      "representatives": c.signers[1] if c.signers else None},
        "decision": {"text": a.decision, "citation": a.decision_citation},
        "grounds": {"text": a.grounds, "citation": a.grounds_citation},
        "certificate": {"text": a.certificate, "citation": a.certificate_citation},
        "court_review": {"text": a.court_review, "citation": a.court_review_citation},
        "if_rejected": {"votes": c.defectors, "effect": c.effect.value,
                        "whole_number": w.value, "majority": w.majority,
                        "whole_number_if_lowered": w.lowest, "winner_votes": c.winner_votes,
                        "elected_if_kept": c.elected_if_kept,
                        "elected_if_lowered": c.elected_if_lowered,
                        "citation": a.whole_number_citation},
        "lines": list(c.lines),
    }  # fmt: skip


def defect_payload(d: DefectionAnalysis) -> dict[str, object]:
    """The JSON of ``electoral defect`` (documented keys first, then ``to``, ``elect_to``, the
    four classes of law, what the courts and Congress may do, and ``what_if``). ``free_states``
    are the states with no law at all."""
    payload: dict[str, object] = {
        "year": d.year, "winner": d.winner, "runner_up": d.runner_up, "pledged": d.pledged,
        "majority": d.majority, "deny_majority": d.deny_majority,
        "elect_runner_up": d.elect_runner_up, "free_electors": d.free_electors,
        "free_states": list(d.free_states), "contingent": contingent_payload(d.contingent),
        "to": d.to, "elect_to": d.elect_to,
        "no_law_states": list(d.states_of(Law.NONE)),
        "pledge_only_states": list(d.states_of(Law.PLEDGE)),
        "penalty_states": list(d.states_of(Law.PENALTY)),
        "cancel_replace_states": list(d.states_of(Law.CANCEL_REPLACE)),
        "electors_by_class": {CLASS_NAMES[law]: d.electors_of(law) for law in Law},
        "free_by_definition": d.free_by_definition, "doctrine": list(d.doctrine),
        "enforced_beyond_text": list(d.enforced), "congress": congress_payload(d.congress),
    }  # fmt: skip
    if d.what_if is not None:
        w = d.what_if
        payload["what_if"] = {
            "defectors": w.defectors, "to": w.to, "voided": w.voided, "votes": w.votes,
            "vice_president_votes": w.vice_president_votes,
            "outcome": contingent_payload(w.outcome),
        }  # fmt: skip
    return payload


def _outcome_line(c: ContingentOutlook) -> str:
    if c.note and c.president is None:
        return f"Contingent election: {c.note}."
    held = ", ".join(f"{p} {n}" for p, n in c.delegations.items())
    house = f" (delegations in the {ordinal(c.congress)} Congress: {held}, divided {c.divided})"
    return (
        f"President: {c.president or 'no choice'} by the {c.president_chosen_by or 'House'}"
        + (house if c.president_chosen_by == "house" else "")
        + f"; vice president: {c.vice_president or 'no choice'} by the "
        + f"{c.vice_president_chosen_by or 'Senate'}."
        + (f" {c.note}." if c.note else "")
    )


def _defect_footer(d: DefectionAnalysis) -> list[str]:
    lines = [
        f"{d.winner} {d.pledged} pledged electors, {d.runner_up} {d.runner_up_pledged}; "
        f"majority {d.majority}.",
        f"To deny {d.winner} a majority: {d.deny_majority} defectors; to elect {d.runner_up}: "
        f"{d.elect_runner_up}"
        + (f"; to elect {d.to}: {d.elect_to}." if d.to != d.runner_up else "."),
        "Free by law (no law at all): " + _class_line(d, Law.NONE),
        "Pledge only, no stated sanction: " + _class_line(d, Law.PLEDGE),
        "Penalty (the vote counts): " + _class_line(d, Law.PENALTY),
        "Cancel-replace (the vote is void): " + _class_line(d, Law.CANCEL_REPLACE),
        "States letting electors vote freely, by definition: "
        + "; ".join(f"{k} {n}" for k, n in d.free_by_definition.items())
        + ".",
        *d.doctrine,
        *d.enforced,
        *(d.congress.lines if d.congress else ()),
        "If denied: " + _outcome_line(d.contingent),
    ]
    if d.what_if is not None:
        w = d.what_if
        votes = ", ".join(f"{c} {n}" for c, n in w.votes.items())
        lines.append(f"What if {w.defectors} defect to {w.to} ({w.voided} voided): {votes}.")
        lines.append(_outcome_line(w.outcome))
    return lines


def _class_line(d: DefectionAnalysis, law: Law) -> str:
    states = d.states_of(law)
    return f"{d.electors_of(law)} electors in {len(states)} states ({', '.join(states) or '-'})."


def defect_rows(d: DefectionAnalysis) -> list[dict[str, Cell]]:
    return [
        {"state": s.state.value, "electors": s.electors, "law": CLASS_NAMES[s.law_class],
         "free": "yes" if s.is_free else "no",
         "vote counts": "yes" if s.law_class.is_free else "no", "citation": s.citation}
        for s in d.states
    ]  # fmt: skip


def _states_list(text: str | None) -> list[str] | None:
    return [t for t in text.split(",") if t.strip()] if text else None


# -- splits, flips, tipping, minvote ---------------------------------------------------------


def split_payload(s: Split) -> dict[str, Cell]:
    return {
        "year": s.year, "popular_winner": s.popular_winner, "electoral_winner": s.electoral_winner,
        "popular_margin": s.popular_margin, "electoral_margin": s.electoral_margin,
        "popular_margin_points": _round(s.popular_margin_points), "chosen_by": s.chosen_by,
        "note": s.note,
    }  # fmt: skip


def split_row(s: Split) -> dict[str, Cell]:
    return {
        "year": str(s.year), "popular winner": s.popular_winner,
        "electoral winner": s.electoral_winner, "popular margin": s.popular_margin,
        "points": _round(s.popular_margin_points), "electoral margin": s.electoral_margin,
    }  # fmt: skip


def flip_payload(f: Flip) -> dict[str, object]:
    return {
        "year": f.year, "target": f.target.value, "states": list(f.states),
        "voters_to_switch": f.voters_to_switch, "margin_sum": f.margin_sum,
        "winner": f.winner, "runner_up": f.runner_up, "electors_needed": f.electors_needed,
        "sources": f.sources, "beneficiaries": f.beneficiaries,
        "units": [{"unit": u.unit, "electors": u.electors, "margin": u.margin,
                   "voters_to_switch": u.voters_to_switch, "sources": u.sources, "to": u.to}
                  for u in f.units],
    }  # fmt: skip


def _from(sources: dict[str, int]) -> str:
    """Whose voters switch in a unit: one candidate by name, several with their numbers."""
    if len(sources) == 1:
        return next(iter(sources))
    return ", ".join(f"{c} {n:,}" for c, n in sources.items())


def flip_rows(f: Flip) -> list[dict[str, Cell]]:
    """One row a unit; ``tie`` also says to whom (``win``: the footer's one beneficiary)."""
    rows: list[dict[str, Cell]] = []
    for u in f.units:
        row: dict[str, Cell] = {
            "unit": u.unit,
            "electors": u.electors,
            "margin": u.margin,
            "voters to switch": u.voters_to_switch,
            "from": _from(u.sources),
        }
        if f.target is FlipTarget.TIE:
            row["to"] = u.to
        rows.append(row)
    return rows


def flip_footer(f: Flip, *, named: bool = False) -> list[str]:
    """The total, by the candidates whose voters switch (a unit's voters may come from any
    candidate but the beneficiary: :mod:`electoral.analysis.flips`); for ``tie``, also to whom
    the winner's electors go (each unit to its cheapest other candidate) and what is left."""
    sources = ", ".join(f"{n:,} from {c}" for c, n in f.sources.items())
    moved = sum(u.electors for u in f.units)
    if f.target is FlipTarget.TIE:
        voters: dict[str, int] = {}
        for u in f.units:
            voters[u.to] = voters.get(u.to, 0) + u.voters_to_switch
        to = ", ".join(f"{n} to {c} ({voters[c]:,} voters)" for c, n in f.beneficiaries.items())
        after = f.electors_after
        leader, most = next(iter(after.items()))
        outcome = (
            f"{leader} has {most}, a majority, and is elected"
            if most >= f.majority
            else "no one has a majority, and the House chooses the president"
        )
        return [
            f"{f.voters_to_switch:,} voters switching ({sources}; margins {f.margin_sum:,}) "
            f"take {moved} electors from {f.winner} ({f.electors_needed} needed for tie): {to}.",
            f"{f.winner} keeps {after.get(f.winner, 0)} of {f.winner_electors}, short of the "
            f"{f.majority} needed: {outcome} (12th Amendment).",
        ]
    lines = [
        f"{f.voters_to_switch:,} voters switching to {f.runner_up} ({sources}; margins "
        f"{f.margin_sum:,}) move {moved} electors ({f.electors_needed} needed for {f.target})."
    ]
    if f.winner_electors < f.majority:
        cheapest = "" if named else f"; {f.runner_up} ({f.runner_up_electors}) is the cheapest "
        lines.append(
            f"No one had a majority ({f.majority} needed) and the House chose {f.winner}"
            + (f"{cheapest}other candidate to give one." if cheapest else ".")
        )
    return lines


def tipping_payload(t: Tipping) -> dict[str, Cell]:
    return {
        "year": t.year, "definition": t.definition, "state": t.state, "winner": t.winner,
        "margin": _round(t.margin), "share": _round(t.share), "electors_before": t.electors_before,
        "electors_after": t.electors_after, "majority": t.majority, "description": t.description,
    }  # fmt: skip


def minvote_payload(m: MinimumVote) -> dict[str, object]:
    return {
        "year": m.year, "turnout": m.turnout.value, "votes": m.votes,
        "national_total": m.national_total, "share": _round(m.share), "electors": m.electors,
        "majority": m.majority, "states": list(m.states), "notes": list(m.notes),
    }  # fmt: skip


def _tippings(year: int, definition: str, record: Record) -> list[Tipping]:
    names = list(TIPPING_DEFINITIONS) if definition == "all" else [definition]
    return [tipping_point(year, name, record) for name in names]


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``electoral`` app."""

    @app.command()
    def defect(
        year: int,
        to: Annotated[str | None, typer.Option(help="Candidate the defectors vote for.")] = None,
        states: Annotated[str | None, typer.Option(help="Only these states: PA,WI,...")] = None,
        defectors: Annotated[int | None, typer.Option(help="What if N defect?")] = None,
        fmt: FormatOption = None,
        data_dir: DataOption = None,
    ) -> None:
        """Could the electors overturn it? Defectors needed, who is free by law, what follows."""
        codes = _states_list(states)
        chosen = [parse_state(c) for c in codes] if codes is not None else None
        d = defection(year, to=to, states=chosen, defectors=defectors, record=_record(data_dir))
        emit(fmt, defect_rows(d), defect_payload(d),
             title=f"The winner's electors, {year}", footer=_defect_footer(d))  # fmt: skip

    @app.command("splits")
    def splits_cmd(fmt: FormatOption = None, data_dir: DataOption = None) -> None:
        """Every election whose popular-vote winner lost the presidency, with both margins."""
        found = splits(_record(data_dir))
        rows = [split_row(s) for s in found]
        notes = [f"{s.year}: {s.note}." for s in found if s.note]
        emit(fmt, rows, [split_payload(s) for s in found], title="Splits", footer=notes)

    @app.command()
    def flips(
        year: int,
        target: Annotated[FlipTarget, typer.Option(help="win: the runner-up elected; "
                                                   "tie: the winner short of a majority.")]
        = FlipTarget.WIN,
        to: Annotated[str | None, typer.Option(help="Candidate the switched voters elect "
                                               "(default: the runner-up; with no majority, "
                                               "the cheapest).")] = None,
        fmt: FormatOption = None,
        data_dir: DataOption = None,
    ) -> None:  # fmt: skip
        """The fewest popular votes that would have changed the outcome (exact knapsack)."""
        f = flip(year, target, _record(data_dir), to=to)
        footer = flip_footer(f, named=to is not None)
        emit(fmt, flip_rows(f), flip_payload(f), title=f"Flips {year}", footer=footer)

    @app.command()
    def tipping(
        year: int,
        definition: Annotated[
            str, typer.Option(help=f"'all' or one of: {_DEFINITIONS_HELP}.")
        ] = "margin-pledged",
        fmt: FormatOption = None,
        data_dir: DataOption = None,
    ) -> None:
        """The tipping-point state: where the winner's sum of electors reaches a majority."""
        found = [tipping_payload(t) for t in _tippings(year, definition, _record(data_dir))]
        payload = found if definition == "all" else found[0]
        rows = [{**t, "year": str(t["year"])} for t in found]
        emit(fmt, rows, payload, title=f"Tipping point {year}")

    @app.command()
    def minvote(
        year: int,
        turnout: Annotated[Turnout, typer.Option(help="actual returns, census population, or "
                                                 "equal voters per elector.")] = Turnout.ACTUAL,
        fmt: FormatOption = None,
        data_dir: DataOption = None,
    ) -> None:  # fmt: skip
        """The minimum popular vote that wins a majority of electors (exact)."""
        m = minimum_vote(year, turnout, _record(data_dir))
        rows: list[dict[str, Cell]] = [
            {"unit": u.unit, "electors": u.electors, "turnout": u.turnout, "votes": u.votes}
            for u in m.units
        ]
        footer = [f"{m.votes:,} votes of {m.national_total:,} ({m.share:.2f}%) win "
                  f"{m.electors} electors (majority {m.majority}).", *m.notes]  # fmt: skip
        emit(fmt, rows, minvote_payload(m), title=f"Minimum popular vote {year}", footer=footer)
