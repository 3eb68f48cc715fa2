"""The contingent election: with no majority of electors, the House chooses the president and
the Senate the vice president.

12th Amendment: "if no person have such majority, then from the persons having the highest
numbers not exceeding three on the list of those voted for as President, the House of
Representatives shall choose immediately, by ballot, the President. But in choosing the
President, the votes shall be taken by states, the representation from each state having one
vote; a quorum for this purpose shall consist of a member or members from two-thirds of the
states, and a majority of all the states shall be necessary to a choice." Before 1804 (art. II,
§1, cl. 3) the House chose among the five highest, or between two tied with a majority.

For the vice president: "from the two highest numbers on the list, the Senate shall choose the
Vice-President; a quorum for the purpose shall consist of two-thirds of the whole number of
Senators, and a majority of the whole number shall be necessary to a choice."

Which House: before the 20th Amendment (1933) the sitting House in the February after the
election (1801, 1825); since then the new Congress, which meets on 3 January, before the count
on 6 January. A delegation whose members are evenly divided, or that casts a blank ballot,
casts no vote (House Rules for 1801 and 1825: the state's vote goes to whom a majority of its
members vote for).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from electoral.model import Chamber, Office, PartyDelegation, SenateParty
from electoral.rules.count import majority_of, rank
from electoral.states import State

__all__ = [
    "ContingentBallotResult",
    "ContingentResult",
    "congress_for",
    "delegation_votes",
    "house_election",
    "senate_election",
    "senate_votes",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class ContingentBallotResult:
    """One ballot: votes per candidate (states in the House, senators in the Senate)."""

    number: int
    votes: dict[str, int]
    not_voting: int
    elected: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ContingentResult:
    """A contingent election: who could be chosen, what was needed, each ballot, the result."""

    chamber: Chamber
    office: Office
    candidates: tuple[str, ...]
    members: int
    """States in the Union (House) or the whole number of senators (Senate)."""
    needed: int
    ballots: tuple[ContingentBallotResult, ...]
    elected: str | None


def congress_for(year: int) -> int:
    """The Congress that holds a contingent election after the election of ``year``.

    Congress n sits from 1789 + 2(n - 1); before the 20th Amendment the outgoing Congress
    counted in February, since the election of 1936 the new one counts on 6 January.

    >>> congress_for(1800), congress_for(1824), congress_for(2024)
    (6, 18, 119)
    """
    outgoing = (year - 1789) // 2 + 1
    return outgoing + 1 if year >= 1936 else outgoing


def _ballot(
    number: int, votes: Mapping[str, int], members: int, needed: int, candidates: Sequence[str]
) -> ContingentBallotResult:
    valid = {c: votes.get(c, 0) for c in candidates}
    elected = next((c for c, v in rank(valid).items() if v >= needed), None)
    return ContingentBallotResult(
        number=number,
        votes=rank(valid),
        not_voting=members - sum(valid.values()),
        elected=elected,
    )


def house_election(
    ballots: Sequence[Mapping[State, str | None]], candidates: Sequence[str], states: int
) -> ContingentResult:
    """Ballot by states until one candidate has a majority of all the states.

    ``ballots`` gives each state delegation's vote on each ballot (``None``: divided or blank);
    balloting stops at the first choice. A vote for a person not among ``candidates`` is void.
    """
    needed = majority_of(states)
    results: list[ContingentBallotResult] = []
    for number, state_votes in enumerate(ballots, start=1):
        tally = Counter(c for c in state_votes.values() if c is not None)
        results.append(_ballot(number, tally, states, needed, candidates))
        if results[-1].elected:
            break
    return ContingentResult(
        chamber=Chamber.HOUSE,
        office=Office.PRESIDENT,
        candidates=tuple(candidates),
        members=states,
        needed=needed,
        ballots=tuple(results),
        elected=results[-1].elected if results else None,
    )


def senate_election(
    votes: Mapping[str, int], candidates: Sequence[str], whole_number: int
) -> ContingentResult:
    """The Senate's choice of vice president: a majority of the whole number of senators."""
    needed = majority_of(whole_number)
    ballot = _ballot(1, votes, whole_number, needed, candidates)
    return ContingentResult(
        chamber=Chamber.SENATE,
        office=Office.VICE_PRESIDENT,
        candidates=tuple(candidates),
        members=whole_number,
        needed=needed,
        ballots=(ballot,),
        elected=ballot.elected,
    )


def delegation_votes(
    delegations: Iterable[PartyDelegation], party_of: Mapping[str, str]
) -> dict[State, str | None]:
    """How each state's delegation would vote if every member voted for the party's candidate:
    the candidate of the party holding a majority of the delegation, else no vote."""
    members: dict[State, Counter[str]] = {}
    for d in delegations:
        members.setdefault(d.state, Counter())[d.party] += d.members
    by_party = {party: candidate for candidate, party in party_of.items()}
    votes: dict[State, str | None] = {}
    for state, parties in sorted(members.items()):
        party, n = parties.most_common(1)[0]
        has_majority = 2 * n > sum(parties.values())
        votes[state] = by_party.get(party) if has_majority else None
    return votes


def senate_votes(senate: Iterable[SenateParty], party_of: Mapping[str, str]) -> dict[str, int]:
    """Senators' votes if each votes for the candidate of the party (others cast none)."""
    by_party = {party: candidate for candidate, party in party_of.items()}
    votes: Counter[str] = Counter()
    for row in senate:
        if row.party in by_party:
            votes[by_party[row.party]] += row.senators
    return dict(votes)
