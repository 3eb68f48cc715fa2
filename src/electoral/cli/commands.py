"""What each command does: load, call the library, shape rows and JSON, render."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from electoral.census import apportion_census
from electoral.cli.render import Format, emit
from electoral.data import Record, default_record, load_record
from electoral.elections import Election, election
from electoral.history import DisputeReview, Replay, replay_all
from electoral.history import replay as replay_election


def _record(data_dir: Path | None) -> Record:
    return load_record(data_dir) if data_dir is not None else default_record()


def _share(votes: int, total: int) -> float | None:
    return round(100 * votes / total, 2) if total else None


def show(year: int, fmt: Format | None, data_dir: Path | None) -> None:
    record = _record(data_dir)
    e = election(year, record)
    disputes = replay_election(year, record).disputes
    main = list(e.popular_votes)[:3] or list(e.electoral_votes)[:3]
    vp_by_state = _has_vice_presidential_ballots(e) and any(
        s.vice_president_votes for s in e.states
    )
    rows = []
    for s in e.states:
        total = sum(s.popular_votes.values())
        row: dict[str, str | int | float | None] = {"state": s.state.value, "electors": s.electors}
        for c in main:
            row[f"{c} votes"] = s.popular_votes.get(c)
            row[f"{c} %"] = _share(s.popular_votes.get(c, 0), total)
        row |= {
            "method": s.method.value,
            "winner": s.winner,
            "electoral votes": _ev(s.electoral_votes),
        }
        if vp_by_state:
            row["vice-presidential votes"] = _ev(s.vice_president_votes)
        rows.append(row)
    emit(
        fmt,
        rows,
        show_payload(e, disputes),
        title=f"The election of {year}",
        footer=[*_show_footer(e), *dispute_lines(disputes)],
    )


def _ev(votes: dict[str, int]) -> str:
    return ", ".join(f"{c} {n}" for c, n in votes.items())


def dispute_payload(r: DisputeReview) -> dict[str, object]:
    """A dispute as the JSON of ``show`` and ``replay`` give it."""
    d, a = r.dispute, r.alternative
    return {
        "year": d.year,
        "state": d.state.value if d.state else None,
        "kind": d.kind.value,
        "date": d.date.isoformat(),
        "outcome": d.outcome,
        "votes_affected": d.votes_affected,
        "source": d.source,
        "notes": d.notes,
        "without_state": None
        if a is None
        else {
            "votes": a.votes,
            "whole_number": a.whole_number,
            "majority": a.majority,
            "elected": a.elected,
        },
    }


def dispute_lines(disputes: tuple[DisputeReview, ...]) -> list[str]:
    """The "Disputes" section of a table's footer (empty where there were none)."""
    if not disputes:
        return []
    lines = ["Disputes:"]
    for r in disputes:
        d = r.dispute
        place = d.state.value if d.state else "the count"
        lines.append(f"  {d.date.isoformat()} {place} ({d.kind}): {d.outcome}. Source: {d.source}.")
        if r.alternative:
            a = r.alternative
            lines.append(
                f"    without {place}'s votes, by the rules: {_ev(a.votes)} of "
                f"{a.whole_number} ({a.majority} needed): {a.elected or 'no one'} elected."
            )
    return lines


def show_payload(e: Election, disputes: tuple[DisputeReview, ...] = ()) -> dict[str, object]:
    return {
        "year": e.year,
        "electors": e.facts.electors_appointed,
        "whole_number": e.whole_number,
        "electors_appointed_by_the_states": e.appointed,
        "majority": e.facts.majority,
        "two_votes_per_elector": e.facts.has_two_votes_per_elector,
        "president": e.president,
        "popular_winner": e.popular_winner,
        "split": e.is_split,
        "main_candidates_only": e.main_candidates_only,
        "electoral_votes": e.electoral_votes,
        "vice_president_votes": e.vice_president_votes,
        "popular_votes": e.popular_votes,
        "states": [
            {
                "state": s.state.value,
                "electors": s.electors,
                "method": s.method.value,
                "winner": s.winner,
                "popular_votes": s.popular_votes,
                "electoral_votes": s.electoral_votes,
                "divided": s.is_divided,
            }
            for s in e.states
        ],
        "disputes": [dispute_payload(r) for r in disputes],
    }


def _has_vice_presidential_ballots(e: Election) -> bool:
    """Whether the electors voted for vice president apart: from 1804 (12th Amendment); before,
    each cast two votes for president and the runner-up became vice president (art. II, §1,
    cl. 3), so there is no vice-presidential count to show."""
    return not e.facts.has_two_votes_per_elector and bool(e.vice_president_votes)


def _vice_president_lines(e: Election) -> list[str]:
    """The vice-presidential count and choice (12th Amendment), in the president's style; where
    no state's vice-presidential ballots are in the record (1824), the totals declared at the
    count, said to be so."""
    if not _has_vice_presidential_ballots(e):
        return []
    by_state = any(s.vice_president_votes for s in e.states)
    declared = "" if by_state else " (declared at the count; the votes by state are unknown)"
    return [
        f"Electoral votes for vice president{declared}: {_ev(e.vice_president_votes)}.",
        f"Vice president: {e.vice_president} (chosen by the {e.facts.vice_president_chosen_by}).",
    ]


def _two_votes_lines(e: Election) -> list[str]:
    """Before 1804 (art. II, §1, cl. 3): what the winner column means."""
    if not e.facts.has_two_votes_per_elector:
        return []
    divided = [s.state.value for s in e.states if s.is_divided]
    return [
        "Each elector cast two votes for president: a state's 'winner' is the candidate its "
        "electors backed, the most of its votes, or where a ticket's two men tie, the one higher "
        "in the national count (the ticket's candidate for president)"
        + (f"; divided evenly between two tickets: {', '.join(divided)}." if divided else ".")
    ]


def _show_footer(e: Election) -> list[str]:
    lines = [
        f"The {e.whole_number_text()}.",
        *_two_votes_lines(e),
        f"Electoral votes for president: {_ev(e.electoral_votes)}.",
        f"President: {e.president} (chosen by the {e.facts.president_chosen_by}).",
        *_vice_president_lines(e),
    ]
    if e.popular_votes:
        total = sum(e.popular_votes.values())
        shares = ", ".join(
            f"{c} {v:,} ({100 * v / total:.1f}%)" for c, v in list(e.popular_votes.items())[:3]
        )
        scope = " (main candidates only: shares of their votes)" if e.main_candidates_only else ""
        lines.append(f"Popular vote{scope}: {shares}.")
        lines.append(
            f"The popular-vote winner, {e.popular_winner}, lost the presidency."
            if e.is_split
            else "The popular and electoral winners are the same."
        )
    return lines


def replay_payload(r: Replay) -> dict[str, object]:
    return {
        "year": r.year,
        "reproduced": r.reproduced,
        "president": r.president,
        "vice_president": r.vice_president,
        "electoral_votes": r.electoral_votes,
        "vice_president_votes": r.vice_president_votes,
        "checks": [{"name": c.name, "passed": c.passed, "detail": c.detail} for c in r.checks],
        "notes": list(r.notes),
        "disputes": [dispute_payload(d) for d in r.disputes],
    }


def replay(years: list[int], fmt: Format | None, data_dir: Path | None) -> None:
    record = _record(data_dir)
    replays = [replay_election(y, record) for y in years] if years else list(replay_all(record))
    rows = [
        {
            "year": str(r.year),
            "reproduced": "yes" if r.reproduced else "NO",
            "president": r.president,
            "by": str(r.president_chosen_by),
            "vice president": r.vice_president,
            "notes": len(r.notes),
            "disputes": len(r.disputes),
            "failed checks": "; ".join(f"{c.name}: {c.detail}" for c in r.checks if not c.passed),
        }
        for r in replays
    ]
    done = sum(r.reproduced for r in replays)
    footer = [f"{done} of {len(replays)} elections reproduced."]
    for r in replays if years else ():
        footer += [f"{r.year}: {line}" if i == 0 else line
                   for i, line in enumerate(dispute_lines(r.disputes))]  # fmt: skip
    if not years:
        footer.append(f"{sum(len(r.disputes) for r in replays)} disputes; "
                      "`electoral replay YEAR` lists a year's.")  # fmt: skip
    emit(fmt, rows, [replay_payload(r) for r in replays], title="Replay", footer=footer)


def apportion(
    census: int, method: str | None, seats: int | None, fmt: Format | None, data_dir: Path | None
) -> None:
    result = apportion_census(census, _record(data_dir), method=method, seats=seats)
    rows = [
        {
            "state": s.value,
            "population": result.populations.get(s),
            "seats": n,
            "electors": result.electors[s],
        }
        for s, n in result.seats.items()
    ]
    payload = {
        "census": census,
        "method": result.method,
        "seats": {s.value: n for s, n in result.seats.items()},
        "electors": {s.value: n for s, n in result.electors.items()},
    }
    how = "as enacted" if result.method == "enacted" else f"by {result.method}"
    footer = [f"{sum(result.seats.values())} seats {how}; {result.statute}"]
    emit(fmt, rows, payload, title=f"Apportionment of the {census} census", footer=footer)


def story(year: int, data_dir: Path | None) -> None:
    from electoral.story import tell

    Console().print(tell(year, _record(data_dir)), highlight=False)
