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
from types import MappingProxyType
from typing import Final

from electoral.errors import RuleInputError
from electoral.model import Chamber, Office, PartyDelegation, SenateParty
from electoral.rules.count import majority_of, rank
from electoral.states import State

__all__ = [
    "FACTION_CANDIDATES",
    "ContingentBallotResult",
    "ContingentResult",
    "congress_for",
    "delegation_votes",
    "faction_votes",
    "house_ballot",
    "house_election",
    "ordinal",
    "senate_election",
    "senate_votes",
    "shared_party",
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


def ordinal(n: int) -> str:
    """A Congress's (or any) ordinal: ``91st``, ``112th``, ``103rd``.

    >>> ordinal(91), ordinal(112), ordinal(103)
    ('91st', '112th', '103rd')
    """
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


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


VACANT: Final = "Vacant"
"""The label of an empty seat in ``house_delegations.csv``: no member, so no vote."""

FACTION_CANDIDATES: Final[Mapping[int, Mapping[str, str]]] = MappingProxyType(
    {
        18: MappingProxyType(
            {
                "Adams-Clay Republican": "John Quincy Adams",
                "Adams-Clay Federalist": "John Quincy Adams",
                "Jackson Republican": "Andrew Jackson",
                "Jackson Federalist": "Andrew Jackson",
                "Crawford Republican": "William H. Crawford",
                "Crawford Federalist": "William H. Crawford",
            }
        ),
    }
)
"""The Congresses whose House delegations the record labels by faction, not by party: for each,
the candidate each faction label supported (``house_delegations.csv``).

18th Congress (the House of 9 February 1825): Voteview's labels join the member's party
(Democratic-Republican or Federalist) to "the candidate they supported for President"
(voteview.com/parties/1346, 7777 and 8000, the Jackson Republican, Crawford Republican and
Adams-Clay Federalist pages). On that day they are the members' votes, as far as they are known
(``tests/golden/test_house_1825.py``; ``data/notes/congress.md``). The factions of Jackson,
Adams and Crawford are the three highest of 1824, the only persons the House could choose (12th
Amendment: "not exceeding three"; Clay, fourth with 37 electors to Crawford's 41, could not be
voted for). Clay "ultimately supported John Quincy Adams when the election was decided in the US
House" (voteview.com/parties/8000): his men are in the ``Adams-Clay`` labels, not told apart
from Adams's, so the labels say nothing of a House in which Clay was eligible."""


def faction_votes(
    delegations: Iterable[PartyDelegation],
    supported: Mapping[str, str],
    candidates: Sequence[str],
) -> dict[State, str | None]:
    """How each state's delegation would vote if every member voted for the candidate of the
    member's faction (``supported``: label -> candidate, e.g. ``FACTION_CANDIDATES[18]``): the
    candidate supported by a majority of the delegation's members, else no vote.

    The rule. 12th Amendment: the House chooses "from the persons having the highest numbers not
    exceeding three", "the votes shall be taken by states, the representation from each state
    having one vote", "a majority of all the states shall be necessary to a choice". The House's
    rules for the election of 9 February 1825: the members of each delegation ballot among
    themselves; a candidate with a majority of the votes cast in the delegation has the state's
    vote, and with no majority the state's ballot reads "divided" (CRS, T. H. Neale, *Election
    of the President and Vice President by Congress: Contingent Election*, R40504, on the 1825
    rules). A divided state's vote is not counted for anyone but still counts among "all the
    states" (:func:`house_election`).

    The model: every sitting member votes, so the votes cast are the members (a ``Vacant`` row
    casts none). Several labels may support one candidate ("Adams-Clay Republican" and
    "Adams-Clay Federalist"); their members are added. A state where no candidate has more than
    half the members (a plurality only, or a tie) is divided. Members whose faction's candidate
    is not among ``candidates`` vote for none of them and can deny a majority: their choice
    among the others is not known.

    Raises:
        RuleInputError: a delegation's label has no entry in ``supported``, or a candidate is
            supported by no faction (e.g. Clay in a House of 1825 choosing among him and Adams:
            his men are labelled with Adams's).

    >>> from electoral.model import PartyDelegation
    >>> rows = [
    ...     PartyDelegation(congress=18, state=State.MD, party=party, members=n, source="t")
    ...     for party, n in [("Adams-Clay Republican", 3), ("Adams-Clay Federalist", 2),
    ...                      ("Jackson Republican", 2), ("Jackson Federalist", 1),
    ...                      ("Crawford Republican", 1)]
    ... ]
    >>> faction_votes(rows, FACTION_CANDIDATES[18], ["Andrew Jackson", "John Quincy Adams",
    ...               "William H. Crawford"])
    {<State.MD: 'MD'>: 'John Quincy Adams'}
    """
    unsupported = [c for c in candidates if c not in supported.values()]
    if unsupported:
        raise RuleInputError(
            f"faction votes: no faction label supported {', '.join(unsupported)}; the labels "
            f"support {', '.join(sorted(set(supported.values())))}"
        )
    members: dict[State, Counter[str | None]] = {}
    for d in delegations:
        support = members.setdefault(d.state, Counter())
        if d.party == VACANT:
            continue
        if d.party not in supported:
            raise RuleInputError(
                f"faction votes: Congress {d.congress}, {d.state}: the label {d.party!r} "
                f"supports no known candidate; expected one of {', '.join(supported)}"
            )
        candidate = supported[d.party]
        support[candidate if candidate in candidates else None] += d.members
    votes: dict[State, str | None] = {}
    for state, support in sorted(members.items()):
        choice, n = support.most_common(1)[0] if support else (None, 0)
        votes[state] = choice if 2 * n > sum(support.values()) else None
    return votes


def shared_party(candidates: Iterable[str], parties: Mapping[str, str]) -> str | None:
    """The party two of ``candidates`` share, if any: voting by party cannot choose between
    them."""
    seen: set[str] = set()
    for c in candidates:
        party = parties.get(c)
        if party is not None and party in seen:
            return party
        if party is not None:
            seen.add(party)
    return None


def house_ballot(
    delegations: Sequence[PartyDelegation],
    congress: int,
    candidates: Sequence[str],
    parties: Mapping[str, str],
) -> tuple[dict[State, str | None] | None, str | None]:
    """How the delegations of ``congress`` vote among ``candidates`` (the three highest): by
    faction where the record labels the House so (:data:`FACTION_CANDIDATES`,
    :func:`faction_votes`), else by the party of each delegation's majority
    (:func:`delegation_votes`, ``parties``: candidate -> party). Returns the ballot, or
    ``None`` and why it cannot be known: a candidate no faction supported, or two candidates of
    one party."""
    factions = FACTION_CANDIDATES.get(congress)
    if factions is not None:
        outside = [c for c in candidates if c not in factions.values()]
        if outside:
            return None, (
                f"the factions of the {ordinal(congress)} Congress do not say how its members "
                f"would vote for {' or '.join(outside)}"
            )
        return faction_votes(delegations, factions, candidates), None
    eligible = {c: p for c, p in parties.items() if c in candidates}
    shared = shared_party(candidates, eligible)
    if shared is not None:
        return None, f"voting by party cannot choose between two {shared} candidates"
    return delegation_votes(delegations, eligible), None


def senate_votes(senate: Iterable[SenateParty], party_of: Mapping[str, str]) -> dict[str, int]:
    """Senators' votes if each votes for the candidate of the party (others cast none)."""
    by_party = {party: candidate for candidate, party in party_of.items()}
    votes: Counter[str] = Counter()
    for row in senate:
        if row.party in by_party:
            votes[by_party[row.party]] += row.senators
    return dict(votes)
