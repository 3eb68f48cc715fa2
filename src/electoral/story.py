"""The story of one election, told end to end from the record through the rules."""

from __future__ import annotations

from electoral.data import Record, default_record
from electoral.elections import Election, election
from electoral.history import DisputeReview, Replay, replay
from electoral.model import DisputeKind
from electoral.states import STATE_INFO

__all__ = ["tell"]

_CONTESTED_SLATES = frozenset(
    {DisputeKind.RIVAL_SLATES, DisputeKind.ELECTORAL_COMMISSION, DisputeKind.LATE_MEETING}
)
"""Disputes over which electors' votes were to count: "every elector voted as pledged" does not
settle those."""


def tell(year: int, record: Record | None = None) -> str:
    """A plain-text account: returns, electors, the electors' vote, the disputes, the count,
    the result."""
    record = record or default_record()
    e = election(year, record)
    r = replay(year, record)
    f = e.facts
    lines = [f"The presidential election of {year}", "", *_returns(e), "", *_electors(e)]
    lines += ["", f"3. The electors met on {f.meeting_date:%d %B %Y} and voted."]
    lines += [f"   {note}" for note in r.notes] or [f"   {_as_pledged(r)}"]
    lines += ["", f"4. Congress counted the votes on {f.count_date:%d %B %Y}:"]
    lines += [f"   {c:<28} {n:>4}" for c, n in r.electoral_votes.items()]
    lines += _disputes(r.disputes)
    lines += ["", f"5. The result: {r.president} president ({r.president_chosen_by}), "
              f"{r.vice_president} vice president ({r.vice_president_chosen_by})."]  # fmt: skip
    if e.is_split:
        lines.append(f"   {e.popular_winner} won the popular vote but lost the presidency.")
    verdict = "reproduces" if r.reproduced else "does NOT reproduce"
    lines.append(f"   The replay through the rules {verdict} the record.")
    return "\n".join(lines)


def _returns(e: Election) -> list[str]:
    if not e.popular_votes:
        return ["1. The returns: no popular vote decided the electors in the record."]
    total = sum(e.popular_votes.values())
    lines = [f"1. The returns: {total:,} votes were cast for president."]
    for c, v in list(e.popular_votes.items())[:4]:
        lines.append(f"   {c:<28} {v:>12,}  {100 * v / total:5.1f}%")
    return lines


def _electors(e: Election) -> list[str]:
    """The states and their electors; before 1804 (two votes each, art. II, §1, cl. 3) a state
    is told for the candidate its electors backed (:func:`electoral.elections.carried_by`)."""
    states = [s for s in e.states if s.electors]
    lines = [
        f"2. The electors: {len(states)} states appointed {e.appointed} electors; the "
        f"{e.whole_number_text()}."
    ]
    if e.facts.has_two_votes_per_elector:
        lines.append(
            "   Each elector cast two votes for president. A state is told for the candidate its "
            "electors backed: the most of its votes, or, where a ticket's two men tie, the one "
            "higher in the national count (the ticket's candidate for president)."
        )
    carried: dict[str, int] = {}
    for s in states:
        if s.winner:
            carried[s.winner] = carried.get(s.winner, 0) + 1
    for c, n in sorted(carried.items(), key=lambda item: -item[1]):
        lines.append(f"   {c} carried {n} state{'s' if n != 1 else ''}.")
    for s in states:
        if s.is_divided:
            votes = ", ".join(f"{c} {n}" for c, n in s.electoral_votes.items())
            lines.append(
                f"   {STATE_INFO[s.state].name}'s electors divided evenly between two tickets "
                f"({votes}): no one carried it."
            )
    return lines


def _as_pledged(r: Replay) -> str:
    if any(d.dispute.kind in _CONTESTED_SLATES for d in r.disputes):
        return (
            "Every elector voted as pledged, but which electors' votes were to count was "
            "disputed (below)."
        )
    return "Every elector voted as pledged."


def _disputes(disputes: tuple[DisputeReview, ...]) -> list[str]:
    if not disputes:
        return []
    lines = ["", "   Disputes:"]
    for review in disputes:
        d = review.dispute
        place = STATE_INFO[d.state].name if d.state else "The count"
        lines.append(
            f"   - {d.date:%d %B %Y}, {place} ({d.kind}): {d.outcome}. Source: {d.source}."
        )
        a = review.alternative
        if a is not None:
            votes = ", ".join(f"{c} {n}" for c, n in a.votes.items())
            lines.append(
                f"     Without {place}'s votes and electors, by the rules: {votes} of "
                f"{a.whole_number} ({a.majority} needed): {a.elected or 'no one'} elected."
            )
    return lines
