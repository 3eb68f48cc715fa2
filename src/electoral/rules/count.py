"""The count: Congress opens the certificates and the candidate with a majority is elected.

12th Amendment: "The person having the greatest number of votes for President, shall be the
President, if such number be a majority of the whole number of Electors appointed"; the same for
the vice president. 3 U.S.C. §15 (as amended by the Electoral Count Reform Act of 2022) governs
the joint session of 6 January. Votes Congress does not count lower no denominator: the majority
is of electors *appointed*.

Before the 12th Amendment (art. II, §1, cl. 3): each elector voted for two persons; the one with
the most votes, if a majority of the electors appointed, became president; if two had such a
majority and equal votes, the House chose between them; if none had a majority, the House chose
among the five highest. The vice president was the person with the most votes after the
president.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from electoral.model import Office

__all__ = ["Count", "count_two_votes", "count_votes", "majority_of", "rank", "top"]


def majority_of(electors_appointed: int) -> int:
    """The smallest majority of the electors appointed.

    >>> majority_of(538), majority_of(69)
    (270, 35)
    """
    return electors_appointed // 2 + 1


def rank(votes: Mapping[str, int]) -> dict[str, int]:
    """Votes sorted from most to fewest (ties by name), without zeros."""
    return dict(sorted(((c, n) for c, n in votes.items() if n > 0), key=lambda x: (-x[1], x[0])))


def top(votes: Mapping[str, int], n: int) -> tuple[str, ...]:
    """The persons "having the highest numbers not exceeding" ``n`` (12th Amendment); a tie at
    the boundary admits every tied person."""
    ranked = rank(votes)
    if len(ranked) <= n:
        return tuple(ranked)
    cut = list(ranked.values())[n - 1]
    return tuple(c for c, v in ranked.items() if v >= cut)


@dataclass(frozen=True, slots=True, kw_only=True)
class Count:
    """The counted votes for one office and what they decide."""

    office: Office
    votes: dict[str, int]
    electors_appointed: int
    majority: int
    winner: str | None
    """The person elected by the electors, or ``None`` when the choice passes to Congress."""
    tied: tuple[str, ...] = ()
    """Before 1804: persons with equal votes and a majority, for the House to choose between."""

    @property
    def has_winner(self) -> bool:
        return self.winner is not None


def count_votes(office: Office, votes: Mapping[str, int], electors_appointed: int) -> Count:
    """Count the votes for an office under the 12th Amendment.

    >>> count_votes(Office.PRESIDENT, {"Bush": 271, "Gore": 266}, 538).winner
    'Bush'
    """
    ranked = rank(votes)
    majority = majority_of(electors_appointed)
    leader = next(iter(ranked), None)
    winner = leader if leader is not None and ranked[leader] >= majority else None
    return Count(
        office=office,
        votes=ranked,
        electors_appointed=electors_appointed,
        majority=majority,
        winner=winner,
    )


def count_two_votes(votes: Mapping[str, int], electors_appointed: int) -> tuple[Count, str | None]:
    """Count under art. II, §1, cl. 3 (1789-1800): the president's count, and the vice
    president (the runner-up) when the electors decided the presidency."""
    ranked = rank(votes)
    majority = majority_of(electors_appointed)
    best = next(iter(ranked.values()), 0)
    leaders = tuple(c for c, v in ranked.items() if v == best and v >= majority)
    winner = leaders[0] if len(leaders) == 1 else None
    count = Count(
        office=Office.PRESIDENT,
        votes=ranked,
        electors_appointed=electors_appointed,
        majority=majority,
        winner=winner,
        tied=leaders if len(leaders) > 1 else (),
    )
    runner_up = _runner_up(ranked, winner) if winner else None
    return count, runner_up


def _runner_up(ranked: Mapping[str, int], president: str) -> str | None:
    rest = [(c, v) for c, v in ranked.items() if c != president]
    if not rest or (len(rest) > 1 and rest[0][1] == rest[1][1]):
        return None  # a tie for second: the Senate would choose
    return rest[0][0]
