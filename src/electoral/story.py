"""The story of one election, told end to end from the record through the rules."""

from __future__ import annotations

from electoral.data import Record, default_record
from electoral.elections import election
from electoral.history import replay

__all__ = ["tell"]


def tell(year: int, record: Record | None = None) -> str:
    """A plain-text account: returns, electors, the electors' vote, the count, the result."""
    record = record or default_record()
    e = election(year, record)
    r = replay(year, record)
    f = e.facts
    lines = [f"The presidential election of {year}", ""]
    if e.popular_votes:
        total = sum(e.popular_votes.values())
        lines.append(f"1. The returns: {total:,} votes were cast for president.")
        for c, v in list(e.popular_votes.items())[:4]:
            lines.append(f"   {c:<28} {v:>12,}  {100 * v / total:5.1f}%")
    else:
        lines.append("1. The returns: no popular vote decided the electors in the record.")
    states = [s for s in e.states if s.electors]
    lines += [
        "",
        f"2. The electors: {len(states)} states appointed {f.electors_appointed} electors; "
        f"{f.majority} make a majority.",
    ]
    by_winner: dict[str, int] = {}
    for s in states:
        if s.winner:
            by_winner[s.winner] = by_winner.get(s.winner, 0) + 1
    for c, n in by_winner.items():
        lines.append(f"   {c} carried {n} states.")
    lines += ["", f"3. The electors met on {f.meeting_date:%d %B %Y} and voted."]
    lines += [f"   {note}" for note in r.notes] or ["   Every elector voted as pledged."]
    lines += ["", f"4. Congress counted the votes on {f.count_date:%d %B %Y}:"]
    lines += [f"   {c:<28} {n:>4}" for c, n in r.electoral_votes.items()]
    lines += ["", f"5. The result: {r.president} president ({r.president_chosen_by}), "
              f"{r.vice_president} vice president ({r.vice_president_chosen_by})."]  # fmt: skip
    if e.is_split:
        lines.append(f"   {e.popular_winner} won the popular vote but lost the presidency.")
    verdict = "reproduces" if r.reproduced else "does NOT reproduce"
    lines.append(f"   The replay through the rules {verdict} the record.")
    return "\n".join(lines)
