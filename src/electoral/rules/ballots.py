"""The electors' vote: pledged slates, and what a state's law does to a vote against the pledge.

The electors meet in their states and vote by ballot (U.S. Const. art. II, §1, cl. 3 and the
12th Amendment; 3 U.S.C. §7, since the Electoral Count Reform Act of 2022 "on the first Tuesday
after the second Wednesday in December"). Before the 12th Amendment each elector cast two votes
for president; since 1804 one for president and one for vice president.

An elector who votes against the pledge is a *faithless elector*. The Constitution leaves the
consequence to the state (Ray v. Blair, 343 U.S. 214 (1952), upheld pledges; Chiafalo v.
Washington, 591 U.S. 578 (2020), and Colorado Dept. of State v. Baca, 591 U.S. 655 (2020),
upheld penalties and removal). The effect by the state's law of that year:

- no law, or a pledge without sanction: the vote is cast and counted;
- a penalty: the vote is cast and counted, and the elector is punished;
- cancel and replace (Uniform Faithful Presidential Electors Act, 2010, and earlier laws to the
  same effect): the vote is void, the elector's office vacated, and the replacement votes as
  pledged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from electoral.model import Deviation, Law, Office
from electoral.states import State

__all__ = ["Ballots", "Defection", "cast_ballots", "effect_of_law"]

Ballots = dict[State, dict[str | None, int]]
"""Votes cast for one office, by state and candidate (``None``: ballots not cast)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Defection:
    """Electors of a state who set out to vote other than as pledged (``None``: not at all)."""

    state: State
    office: Office
    electors: int
    pledged_to: str | None
    voted_for: str | None
    is_bound_by_law: bool = True
    """False where no pledge applies (unpledged electors, a candidate who has died)."""


def effect_of_law(law: Law | None) -> Deviation:
    """What becomes of a faithless vote under the state's law of that year.

    >>> [effect_of_law(law).value for law in (Law.CANCEL_REPLACE, Law.PENALTY, None)]
    ['replaced', 'counted', 'counted']
    """
    return Deviation.REPLACED if law is Law.CANCEL_REPLACE else Deviation.COUNTED


def cast_ballots(
    pledged: Mapping[State, Mapping[str | None, int]],
    defections: Iterable[Defection],
    laws: Mapping[State, Law],
) -> Ballots:
    """The ballots the electors cast for one office: the pledged slates, changed by each
    defection that the state's law lets stand (a replaced elector's successor votes as pledged).
    """
    ballots: Ballots = {state: dict(slate) for state, slate in pledged.items()}
    for d in defections:
        if d.is_bound_by_law and effect_of_law(laws.get(d.state)) is not Deviation.COUNTED:
            continue
        slate = ballots.setdefault(d.state, {})
        slate[d.pledged_to] = slate.get(d.pledged_to, 0) - d.electors
        slate[d.voted_for] = slate.get(d.voted_for, 0) + d.electors
    return {s: {c: n for c, n in slate.items() if n != 0} for s, slate in ballots.items()}
