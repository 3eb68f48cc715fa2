"""The count: Congress opens the certificates and the candidate with a majority is elected.

12th Amendment: "The person having the greatest number of votes for President, shall be the
President, if such number be a majority of the whole number of Electors appointed"; the same for
the vice president. Which uncounted votes lower that whole number, who may object to a vote and
who decides, is the law of the count in force that year (table ``count_acts.csv``, one row per
act with each provision cited; :func:`whole_number`):

- practice before 1865 (no statute or standing rule): the counts of 1809, 1813 and 1817 left
  votes not given out of the whole number (CRS RL32717, 2020);
- Joint Rule 22 (counts of 1865-1873): either House alone could keep a vote out; in 1865 the
  states the joint resolution of 8 February 1865 excluded (Louisiana, Tennessee) and Nevada's
  absent elector were left out (233), in 1873 the rejected returns of Arkansas and Louisiana
  were left out but Georgia's rejected votes for the dead Greeley were not (352);
- the Electoral Count Act of 1887 (24 Stat. 373; 3 U.S.C. §15 as codified in 1948): objections
  signed by one Senator and one Member, a vote rejected only by both Houses; no whole-number
  rule, and no objection was ever sustained under it;
- the Electoral Count Reform Act of 2022 (Pub. L. 117-328, div. P): objections signed by one
  fifth of each House (3 U.S.C. §15(d)(2)(B)(i)) on two grounds only (§15(d)(2)(B)(ii)); the
  whole number falls by the electors a state failed to appoint and by those rejected as "not
  lawfully certified", not by votes rejected as "not regularly given" (§15(e)(2)).

Before the 12th Amendment (art. II, §1, cl. 3): each elector voted for two persons; the one with
the most votes, if a majority of the electors appointed, became president; if two had such a
majority and equal votes, the House chose between them; if none had a majority, the House chose
among the five highest. The vice president was the person with the most votes after the
president.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from electoral.errors import RuleInputError
from electoral.model import (
    Appointment,
    CountAct,
    ElectoralVote,
    Office,
    Uncounted,
    UncountedVote,
    WholeNumberEffect,
)

__all__ = [
    "Count",
    "WholeNumber",
    "act_in_force",
    "count_two_votes",
    "count_votes",
    "majority_of",
    "objection_signers",
    "rank",
    "top",
    "uncounted_of",
    "whole_number",
    "whole_number_of",
]


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


# -- the whole number of electors appointed ---------------------------------------------------


def act_in_force(year: int, acts: Iterable[CountAct]) -> CountAct:
    """The law of the count that governed the votes of ``year`` (the last act from that year).

    Raises:
        RuleInputError: no act covers ``year``.
    """
    in_force = [a for a in acts if a.first_election <= year]
    if not in_force:
        raise RuleInputError(f"count {year}: no act of the count covers it; expected a year "
                             "from the first row of count_acts.csv")  # fmt: skip
    return max(in_force, key=lambda a: a.first_election)


@dataclass(frozen=True, slots=True, kw_only=True)
class WholeNumber:
    """ "The whole number of Electors appointed" (12th Amendment) under one act of the count:
    the electors the states appointed, less the uncounted ones the act takes out; ``unsettled``
    holds those the act is silent on, so the number is ``value`` or, if Congress took them out
    too, ``lowest``."""

    act: str
    appointed: int
    lowered: dict[Uncounted, int]
    unsettled: dict[Uncounted, int]

    @property
    def value(self) -> int:
        return self.appointed - sum(self.lowered.values())

    @property
    def lowest(self) -> int:
        return self.value - sum(self.unsettled.values())

    @property
    def majority(self) -> int:
        return majority_of(self.value)


def whole_number(appointed: int, uncounted: Mapping[Uncounted, int], act: CountAct) -> WholeNumber:
    """The whole number when ``uncounted`` electors (by kind) gave no counted vote.

    >>> from electoral.data import default_record
    >>> ecra = default_record().count_act(2024)
    >>> w = whole_number(538, {Uncounted.VOTE_REJECTED: 35}, ecra)
    >>> (w.value, w.majority)  # 3 U.S.C. §15(e)(2): a vote "not regularly given" stands
    (538, 270)
    >>> whole_number(538, {Uncounted.ELECTORS_REJECTED: 16}, ecra).value  # not certified
    522
    """
    lowered: dict[Uncounted, int] = {}
    unsettled: dict[Uncounted, int] = {}
    for kind, n in uncounted.items():
        effect = act.effects[kind]
        if n and effect is WholeNumberEffect.LOWERS:
            lowered[kind] = n
        elif n and effect is WholeNumberEffect.UNSETTLED:
            unsettled[kind] = n
    return WholeNumber(act=act.act, appointed=appointed, lowered=lowered, unsettled=unsettled)


def uncounted_of(
    votes: Iterable[ElectoralVote],
    rejected: Iterable[UncountedVote],
    office: Office = Office.PRESIDENT,
    per_elector: int = 1,
) -> dict[Uncounted, int]:
    """Electors whose vote for ``office`` was not counted, by why: the ballots not cast, and the
    rejected votes with their reason (``per_elector`` 2 before 1804, each elector's two
    votes being one ballot of the record's)."""
    found: Counter[Uncounted] = Counter()
    for v in votes:
        if v.office is office and v.candidate is None:
            found[Uncounted.NOT_GIVEN] += v.votes
    found[Uncounted.NOT_GIVEN] //= per_elector
    for u in rejected:
        if u.office is office:
            found[u.kind] += u.electors
    return {k: n for k, n in found.items() if n}


def whole_number_of(
    appointments: Sequence[Appointment],
    votes: Sequence[ElectoralVote],
    rejected: Sequence[UncountedVote],
    act: CountAct,
    per_elector: int = 1,
) -> WholeNumber:
    """The whole number of an election from its facts: the electors each state appointed
    (none counts as none: 3 U.S.C. §15(e)(2) since 2022, the 12th Amendment's "appointed"
    before), less the uncounted presidential votes the act in force takes out."""
    appointed = sum(a.electors for a in appointments)
    return whole_number(appointed, uncounted_of(votes, rejected, per_elector=per_elector), act)


def objection_signers(act: CountAct, senators: int, representatives: int) -> tuple[int, int] | None:
    """Signatures an objection needs from each House: "1" is one member, "1/5" one fifth of the
    members duly chosen and sworn (3 U.S.C. §15(d)(2)(B)(i)(II), rounded up: "at least");
    ``None`` when the act asks none (no procedure, or any member may object).

    >>> from electoral.data import default_record
    >>> objection_signers(default_record().count_act(2024), 100, 435)
    (20, 87)
    """
    if not act.objection_senators and not act.objection_representatives:
        return None
    return (
        _signers(act.objection_senators, senators),
        _signers(act.objection_representatives, representatives),
    )


def _signers(rule: str, members: int) -> int:
    if "/" in rule:
        return math.ceil(Fraction(rule) * members)
    return int(rule or 0)
