"""Splits: the elections in which the winner of the popular vote did not become president.

The Constitution gives the presidency to a majority of the electors (12th Amendment), or failing
that to the House voting by states, never to the national popular vote, which has no legal
standing: so the two can differ. The popular vote here is the sum of the statewide returns in
the record; where some states chose their electors by the legislature (1824: six of 24; 1876:
Colorado) those states cast no popular vote, and a note says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from electoral.analysis._common import points
from electoral.data import Record, default_record
from electoral.elections import Election, election
from electoral.model import Office
from electoral.rules.count import rank
from electoral.states import states_in_union

__all__ = ["Split", "split_of", "splits"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Split:
    """An election whose popular-vote winner lost the presidency."""

    year: int
    popular_winner: str
    electoral_winner: str
    """The person who became president (by the electors, or by the House)."""
    popular_margin: int
    """The popular winner's votes less the president's."""
    popular_margin_points: float
    """The same, in percentage points of all the votes in the record's returns."""
    electoral_margin: int
    """The president's electoral votes less the popular winner's (negative when the House chose
    the candidate with fewer electoral votes, as in 1824)."""
    chosen_by: str
    note: str


def _electoral_votes(record: Record, e: Election) -> dict[str, int]:
    """Counted votes for president; the declared totals where the record has none by state."""
    if e.electoral_votes:
        return e.electoral_votes
    declared = record.tallies_in(e.year)
    return rank({t.candidate: t.votes for t in declared if t.office is Office.PRESIDENT})


def _note(record: Record, e: Election) -> str:
    without = sorted(s.state.value for s in e.states if s.electors and not s.popular_votes)
    notes = []
    if without:
        notes.append(
            f"popular vote from {len(e.states) - len(without)} of {len(e.states)} states; "
            f"no popular vote in {', '.join(without)}"
        )
    elif not e.states:
        polled = len({p.state for p in record.popular_votes_in(e.year)})
        union = states_in_union(e.facts.count_date)
        notes.append(
            f"popular vote from {polled} of {union} states; in the other {union - polled} the "
            "legislature chose the electors"
        )
    if e.facts.president_chosen_by.value != "electors":
        notes.append(f"president chosen by the {e.facts.president_chosen_by}")
    return "; ".join(notes)


def split_of(year: int, record: Record | None = None) -> Split | None:
    """The split of ``year``, or ``None`` if the popular winner became president.

    Raises:
        UnknownElectionError: no election in ``year``.
    """
    record = record or default_record()
    e = election(year, record)
    if not e.is_split or e.popular_winner is None:
        return None
    total = sum(e.popular_votes.values())
    margin = e.popular_votes[e.popular_winner] - e.popular_votes.get(e.president, 0)
    ev = _electoral_votes(record, e)
    return Split(
        year=year,
        popular_winner=e.popular_winner,
        electoral_winner=e.president,
        popular_margin=margin,
        popular_margin_points=points(margin, total),
        electoral_margin=ev.get(e.president, 0) - ev.get(e.popular_winner, 0),
        chosen_by=e.facts.president_chosen_by.value,
        note=_note(record, e),
    )


def splits(record: Record | None = None) -> tuple[Split, ...]:
    """Every election in the record whose popular-vote winner lost, in order."""
    record = record or default_record()
    found = (split_of(year, record) for year in record.years)
    return tuple(s for s in found if s is not None)
