"""The builder's scenarios: who wins each state (or district), written one character per place so
that the whole scenario fits in a link, and what the count and the House make of it.

A scenario starts from a past election (1804 or later: before the 12th Amendment each elector
cast two votes for president). Its code has one character per place, in the order of
:data:`UNIT_CODES` (the 50 states and DC in :class:`~electoral.states.State` order, then ME-1,
ME-2, NE-1, NE-2, NE-3); a missing tail means "as recorded":

- ``.`` as recorded: the place's electoral votes as its electors cast them;
- ``-`` no one: the place's electors are undecided;
- ``0``-``9``, ``a``-``z``: all the place's electors to that candidate of the base election
  (``0`` is the one with the most electoral votes).

The page recomputes in the browser (``static/js/build.js``) exactly what :func:`evaluate`
computes here; the tests hold the two to each other.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from electoral.data import Record, default_record
from electoral.errors import RuleInputError
from electoral.model import Office
from electoral.rules.contingent import (
    FACTION_CANDIDATES,
    ContingentResult,
    congress_for,
    delegation_votes,
    faction_votes,
    house_election,
    ordinal,
)
from electoral.rules.count import count_votes, rank, top
from electoral.states import STATE_INFO, State, states_in_union
from electoral.web.mapdata import DISTRICT_UNITS
from electoral.web.palette import BLANK, Family, text_on
from electoral.web.views import ElectionView, build_election_view

__all__ = [
    "AS_RECORDED",
    "FIRST_YEAR",
    "INDEX_CHARS",
    "NOBODY",
    "UNIT_CODES",
    "Base",
    "BuildUnit",
    "Outcome",
    "base_of",
    "encode",
    "evaluate",
    "ordinal",
]

AS_RECORDED: Final = "."
NOBODY: Final = "-"
INDEX_CHARS: Final = "0123456789abcdefghijklmnopqrstuvwxyz"
FIRST_YEAR: Final = 1804
UNIT_CODES: Final[tuple[str, ...]] = (
    *(s.value for s in State),
    *(code for codes in DISTRICT_UNITS.values() for code in codes),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildUnit:
    """A place in the builder: its electors in the base election and its recorded votes."""

    code: str
    state: State
    name: str
    electors: int
    recorded: dict[str, int]
    recorded_fill: str
    is_present: bool
    """Whether the place chose electors on its own in the base election."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Base:
    """The election a scenario starts from: its places, candidates and the House that would
    choose if no one had a majority."""

    year: int
    view: ElectionView
    units: tuple[BuildUnit, ...]
    candidates: tuple[str, ...]
    """Every candidate with electoral votes, most first: the code's index."""
    choices: tuple[str, ...]
    """The candidates a click cycles through: each one who carried a place, or the top two."""
    parties: dict[str, str]
    """Each candidate's key in :attr:`delegations` (the page maps a delegation to a candidate
    through it, ``static/js/build.js``): the candidate's party; for a House the record labels
    by faction, the candidate's own name, for the candidates a faction supported only."""
    families: dict[str, Family]
    congress: int
    delegations: dict[State, str | None]
    """The party holding a majority of each state's House delegation (``None``: divided); for a
    House labelled by faction (:data:`~electoral.rules.contingent.FACTION_CANDIDATES`), the
    candidate supported by a majority of its members (their factions added: 1825's Adams-Clay
    Republicans and Federalists); empty where the record has no delegations for that
    Congress."""
    states_in_union: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """What a scenario gives: the votes, whether someone has a majority, else the House."""

    code: str
    votes: dict[str, int]
    electors: int
    majority: int
    undecided: int
    winner: str | None
    house: ContingentResult | None
    house_note: str


def _units(view: ElectionView) -> tuple[BuildUnit, ...]:
    by_code = view.units_by_code
    units = []
    for code in UNIT_CODES:
        unit = by_code.get(code)
        state = State(code[:2])
        units.append(
            BuildUnit(
                code=code,
                state=state,
                name=unit.name if unit else f"{STATE_INFO[state].name}'s district {code[-1]}",
                electors=unit.electors if unit and unit.took_part else 0,
                recorded=dict(unit.votes) if unit else {},
                recorded_fill=unit.fill if unit else BLANK,
                is_present=bool(unit and unit.took_part),
            )
        )
    return tuple(units)


def _majority_party(record: Record, congress: int) -> dict[State, str | None]:
    """Each state's delegation: its majority party; in a House labelled by faction, the
    candidate most of its members supported (:func:`faction_votes` among every candidate a
    faction supported)."""
    rows = record.delegations(congress)
    factions = FACTION_CANDIDATES.get(congress)
    if factions is not None:
        return faction_votes(rows, factions, sorted(set(factions.values())))
    parties = {d.party: d.party for d in rows}
    return delegation_votes(rows, parties)


def _house_keys(
    candidates: Sequence[str], parties: Mapping[str, str], congress: int
) -> dict[str, str]:
    """The candidates' keys in the delegations: their parties, or, for a House labelled by
    faction, the names of the candidates a faction supported (the others have no faction)."""
    factions = FACTION_CANDIDATES.get(congress)
    if factions is None:
        return {c: p for c, p in parties.items() if c in candidates}
    return {c: c for c in candidates if c in factions.values()}


def build_base(year: int, record: Record) -> Base:
    """The base of scenarios starting from the election of ``year``.

    Raises:
        UnknownElectionError: no election that year.
        RuleInputError: an election before 1804 (two votes per elector).
    """
    record.election(year)
    if year < FIRST_YEAR:
        raise RuleInputError(
            f"the builder starts from {year}: expected an election from {FIRST_YEAR} on "
            "(before the 12th Amendment each elector cast two votes for president)"
        )
    view = build_election_view(year, record)
    units = _units(view)
    cast: Counter[str] = Counter()
    for u in units:
        cast.update(u.recorded)
    candidates = tuple(rank(cast))
    carried = {next(iter(u.recorded)) for u in units if u.recorded}
    choices = tuple(c for i, c in enumerate(candidates) if c in carried or i < 2)
    families = {c.name: c.family for c in view.candidates}
    congress = congress_for(year)
    return Base(
        year=year,
        view=view,
        units=units,
        candidates=candidates[: len(INDEX_CHARS)],
        choices=choices,
        parties=_house_keys(candidates, view_parties(view), congress),
        families={c: families[c] for c in candidates if c in families},
        congress=congress,
        delegations=_majority_party(record, congress),
        states_in_union=states_in_union(record.election(year).count_date),
    )


def view_parties(view: ElectionView) -> dict[str, str]:
    return {c.name: c.party for c in view.candidates if c.party}


@functools.lru_cache(maxsize=64)
def base_of(year: int) -> Base:
    """The base for ``year`` from the bundled record, built once per process."""
    return build_base(year, default_record())


def parse(code: str, base: Base) -> tuple[str | None, ...]:
    """Each place's choice: ``None`` as recorded, ``""`` no one, else a candidate.

    Raises:
        RuleInputError: the code is too long or names no candidate of the base election.
    """
    if len(code) > len(UNIT_CODES):
        raise RuleInputError(
            f"scenario {code!r} has {len(code)} characters: expected at most {len(UNIT_CODES)}, "
            "one per state and district"
        )
    choices: list[str | None] = []
    for i, unit in enumerate(base.units):
        char = code[i] if i < len(code) else AS_RECORDED
        if char == AS_RECORDED:
            choices.append(None)
        elif char == NOBODY:
            choices.append("")
        else:
            index = INDEX_CHARS.find(char)
            if index < 0 or index >= len(base.candidates):
                allowed = f"0-{INDEX_CHARS[len(base.candidates) - 1]}" if base.candidates else ""
                raise RuleInputError(
                    f"scenario {code!r}, place {i + 1} ({unit.code}): {char!r} names no "
                    f"candidate of {base.year}; expected '.', '-' or {allowed}"
                )
            choices.append(base.candidates[index])
    return tuple(choices)


def encode(choices: Sequence[str | None], base: Base) -> str:
    """The code of ``choices`` (the inverse of :func:`parse`), without its trailing dots."""
    chars = [
        AS_RECORDED if c is None else NOBODY if c == "" else INDEX_CHARS[base.candidates.index(c)]
        for c in choices
    ]
    return "".join(chars).rstrip(AS_RECORDED)


def votes_of(choices: Sequence[str | None], base: Base) -> tuple[dict[str, int], int]:
    """Electoral votes by candidate, and the electors no one has."""
    votes: Counter[str] = Counter()
    undecided = 0
    for unit, choice in zip(base.units, choices, strict=True):
        if not unit.is_present:
            continue
        if choice is None:
            votes.update(unit.recorded)
            undecided += unit.electors - sum(unit.recorded.values())
        elif choice == "":
            undecided += unit.electors
        else:
            votes[choice] += unit.electors
    return rank(votes), undecided


def house_answer(votes: Mapping[str, int], base: Base) -> tuple[ContingentResult | None, str]:
    """What the House would do: each delegation votes for its majority party's candidate among
    the three highest (12th Amendment), one vote per state, a majority of states to choose.

    In a House labelled by faction each delegation votes for the candidate most of its members
    supported, if among the three (else for none of them): the same as
    :func:`~electoral.rules.contingent.faction_votes` among the three, since members of a
    faction whose candidate is not among them cannot give another a majority. A candidate no
    faction supported (Clay in 1825: his men are labelled with Adams's) leaves the answer
    unknown."""
    candidates = top(votes, 3)
    if not base.delegations:
        return None, (
            f"The record has no House delegations for the {ordinal(base.congress)} Congress "
            "(it holds the 18th and the 91st-119th, for the elections of 1824 and 1968-2024), "
            "so the House's answer cannot be computed."
        )
    factions = FACTION_CANDIDATES.get(base.congress)
    outside = [c for c in candidates if factions is not None and c not in factions.values()]
    if outside:
        return None, (
            f"The factions of the {ordinal(base.congress)} Congress do not say how its members "
            f"would vote for {' or '.join(outside)}, so the House's answer cannot be computed."
        )
    party_of = {c: base.parties[c] for c in candidates if c in base.parties}
    # The delegations' majority parties (or factions' candidates) are computed once per base
    # (_majority_party); here each is mapped to its candidate, if that candidate is among the
    # three, as static/js/build.js does with the same keys.
    by_party = {p: c for c, p in party_of.items()}
    by_state = {s: by_party.get(p) if p else None for s, p in base.delegations.items()}
    result = house_election([by_state], candidates, base.states_in_union)
    return result, ""


def evaluate(code: str, base: Base) -> Outcome:
    """Count a scenario, and if all electors are decided and no one has a majority, ask the
    House.

    Raises:
        RuleInputError: a malformed code (see :func:`parse`).
    """
    choices = parse(code, base)
    votes, undecided = votes_of(choices, base)
    electors = sum(u.electors for u in base.units if u.is_present)
    count = count_votes(Office.PRESIDENT, votes, electors)
    house, note = (None, "")
    if count.winner is None and undecided == 0 and votes:
        house, note = house_answer(votes, base)
    return Outcome(
        code=encode(choices, base),
        votes=votes,
        electors=electors,
        majority=count.majority,
        undecided=undecided,
        winner=count.winner,
        house=house,
        house_note=note,
    )


def fill_of(unit: BuildUnit, choice: str | None, base: Base) -> tuple[str, str]:
    """A place's fill and label colour: as recorded, or the chosen candidate's middle shade."""
    if choice is None:
        fill = unit.recorded_fill
    elif choice == "" or choice not in base.families:
        fill = BLANK
    else:
        fill = base.families[choice].middle
    return fill, text_on(fill)
