"""Voting power: the a-priori power of each state in the Electoral College, and of each voter.

The Electoral College is a weighted majority game: each state (a player) casts its electors as a
block (winner take all), and a coalition of states wins when its electors reach a majority of
the electors appointed (12th Amendment: "a majority of the whole number of Electors
appointed"; 270 of 538 today).

Two classical indices, both computed exactly:

- ``banzhaf`` (Penrose 1946; Banzhaf, "Weighted Voting Doesn't Work", 19 Rutgers L. Rev. 317
  (1965), and "One Man, 3.312 Votes: A Mathematical Analysis of the Electoral College",
  13 Vill. L. Rev. 304 (1968)): a state's *swings* are the coalitions of the other states that
  lose without it and win with it. The absolute index is swings / 2^(n-1), the probability that
  the state decides the election when every state is a fair coin; the normalized index divides
  by the total of all states' swings.
- ``shapley`` (Shapley and Shubik, "A Method for Evaluating the Distribution of Power in a
  Committee System", APSR 48 (1954) 787): the share of the n! orders of the states in which a
  state is pivotal; the values sum to 1.

Both are counted with integer generating functions (numbers of coalitions by weight, and by
size and weight for Shapley-Shubik), built once for all players and then divided by each
player's factor ``1 + x^w``, so the cost is O(n·W) for Banzhaf and O(n²·W) for Shapley-Shubik
(W the electors in the game), against 2^n for enumeration. The counts are exact: numpy int64
holds every count while the number of players is at most 62 (a count never exceeds 2^n);
beyond, the arrays hold Python integers. The indices are returned as exact fractions.

Per-voter power follows Banzhaf's square-root argument (1968): a voter among ``n`` voting at
random decides the state's result with probability about ``sqrt(2 / (π n))``, so a voter's
power is the state's absolute power times that. Voter power is reported relative to the least
powerful voter (who is 1), as Banzhaf did, together with the ratio of the most to the least
powerful.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

import numpy as np
import numpy.typing as npt

from electoral.census import apportion_census
from electoral.data import Record, default_record
from electoral.elections import election
from electoral.errors import RuleInputError, UnknownRuleError
from electoral.model import Method
from electoral.rules.count import majority_of
from electoral.rules.electors import electors_for
from electoral.states import State

__all__ = [
    "POWER_INDICES",
    "SPLIT_BY_DISTRICT",
    "Game",
    "PowerResult",
    "banzhaf",
    "banzhaf_swings",
    "census_game",
    "election_game",
    "power_of",
    "shapley_shubik",
    "voter_power",
]

Counts = npt.NDArray[np.int64] | npt.NDArray[np.object_]
_INT64_PLAYERS: Final = 62
"""Up to this many players every coalition count (at most 2^n) fits in int64."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Game:
    """A weighted majority game: players (states, or ``ME-1``-style district units) with their
    electors, the quota a coalition needs, and the voters behind each player where known."""

    players: tuple[str, ...]
    weights: tuple[int, ...]
    quota: int
    voters: Mapping[str, int]
    """Voters (or people) behind each player, for the square-root rule; empty where unknown."""
    basis: str
    """``"election"`` or ``"census"``."""
    year: int
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerResult:
    """Each player's power under one index, and each voter's (relative, least powerful = 1)."""

    game: Game
    index: str
    power: dict[str, Fraction]
    """Normalized Banzhaf index, or the Shapley-Shubik value (each sums to 1)."""
    absolute: dict[str, Fraction]
    """Banzhaf: the probability the player is decisive; Shapley-Shubik: the value itself."""
    voter_power: dict[str, float]
    max_min_ratio: float | None
    """Most over least powerful voter (``None`` without voters)."""


def _zeros(length: int, players: int) -> Counts:
    if players <= _INT64_PLAYERS:
        return np.zeros(length, dtype=np.int64)
    return np.array([0] * length, dtype=object)


def _check(weights: Sequence[int], quota: int) -> None:
    if any(w < 0 for w in weights):
        raise RuleInputError(f"weights {list(weights)}: expected no negative weight")
    if not 0 < quota <= sum(weights):
        raise RuleInputError(f"quota {quota}: expected between 1 and the total {sum(weights)}")


def _coalitions_by_weight(weights: Sequence[int]) -> Counts:
    """``c[k]``: the number of coalitions of weight ``k`` (coefficients of ∏(1 + x^w))."""
    total = sum(weights)
    c = _zeros(total + 1, len(weights))
    c[0] = 1
    for w in weights:
        if w:
            c[w:] = c[w:] + c[:-w].copy()
        else:
            c = c * 2
    return c


def _without(c: Counts, w: int) -> Counts:
    """Divide the generating function by ``1 + x^w``: coalitions of the others only."""
    if w == 0:
        return c // 2
    out = c.copy()
    for start in range(w, len(c), w):
        out[start : start + w] -= out[start - w : start][: len(out[start : start + w])]
    return out


def banzhaf_swings(weights: Sequence[int], quota: int) -> tuple[int, ...]:
    """Each player's swings: coalitions of the others with weight in ``[quota - w, quota)``.

    >>> banzhaf_swings([2, 1, 1], 3)
    (3, 1, 1)

    Raises:
        RuleInputError: a negative weight, or a quota outside 1..total.
    """
    _check(weights, quota)
    c = _coalitions_by_weight(weights)
    cache: dict[int, int] = {}
    for w in set(weights):
        others = _without(c, w)
        cache[w] = int(sum(int(x) for x in others[max(quota - w, 0) : quota]))
    return tuple(cache[w] for w in weights)


def banzhaf(weights: Sequence[int], quota: int) -> tuple[Fraction, ...]:
    """The normalized Banzhaf index of each player (exact; sums to 1 unless no one swings).

    >>> [str(b) for b in banzhaf([2, 1, 1], 3)]
    ['3/5', '1/5', '1/5']
    """
    swings = banzhaf_swings(weights, quota)
    total = sum(swings)
    return tuple(Fraction(s, total) if total else Fraction(0) for s in swings)


def _by_size_and_weight(weights: Sequence[int]) -> Counts:
    """``C[s, k]``: coalitions of ``s`` players and weight ``k``."""
    n, total = len(weights), sum(weights)
    c = _zeros((n + 1) * (total + 1), n).reshape(n + 1, total + 1)
    c[0, 0] = 1
    for w in weights:
        shifted = c[:-1, : total + 1 - w].copy()
        c[1:, w:] += shifted
    return c


def _without_2d(c: Counts, w: int) -> Counts:
    """Divide by ``1 + y·x^w``: ``C'[s, k] = C[s, k] - C'[s - 1, k - w]``."""
    out = c.copy()
    width = c.shape[1]
    for s in range(1, c.shape[0]):
        out[s, w:] = c[s, w:] - out[s - 1, : width - w]
    return out


def shapley_shubik(weights: Sequence[int], quota: int) -> tuple[Fraction, ...]:
    """The Shapley-Shubik value of each player (exact; the values sum to 1).

    A player is pivotal in an order when the players before it weigh less than the quota and
    with it reach it; a coalition of ``s`` others before it occurs in ``s!(n-1-s)!`` orders.

    >>> [str(v) for v in shapley_shubik([2, 1, 1], 3)]
    ['2/3', '1/6', '1/6']

    Raises:
        RuleInputError: a negative weight, or a quota outside 1..total.
    """
    _check(weights, quota)
    n = len(weights)
    c = _by_size_and_weight(weights)
    orders = [math.factorial(s) * math.factorial(n - 1 - s) for s in range(n)]
    cache: dict[int, Fraction] = {}
    for w in set(weights):
        others = _without_2d(c, w)[:n, max(quota - w, 0) : quota]
        pivots = [int(sum(int(x) for x in row)) for row in others]
        cache[w] = Fraction(
            sum(p * o for p, o in zip(pivots, orders, strict=True)), math.factorial(n)
        )
    return tuple(cache[w] for w in weights)


Index = Callable[[Sequence[int], int], tuple[Fraction, ...]]

POWER_INDICES: Final[Mapping[str, Index]] = {"banzhaf": banzhaf, "shapley": shapley_shubik}
"""Power indices by stable id."""


def voter_power(absolute: Mapping[str, Fraction], voters: Mapping[str, int]) -> dict[str, float]:
    """Each voter's power relative to the least powerful (= 1): the player's absolute power
    times ``sqrt(2 / (π n))`` (Banzhaf 1968), for the players whose voters are known.

    A voter of a district unit (``ME-1``) also votes for the electors at large (``ME``), so the
    two terms add; the unit at large then gets no entry of its own.

    >>> voter_power({"A": Fraction(1, 2), "B": Fraction(1, 2)}, {"A": 100, "B": 400})
    {'A': 2.0, 'B': 1.0}
    """
    parents = {p.split("-")[0] for p in absolute if "-" in p}

    def term(player: str) -> float:
        return float(absolute[player]) * math.sqrt(2 / (math.pi * voters[player]))

    raw: dict[str, float] = {}
    for p in absolute:
        if p in parents or not voters.get(p):
            continue
        parent = p.split("-")[0]
        raw[p] = term(p) + (term(parent) if parent != p and voters.get(parent) else 0.0)
    least = min((v for v in raw.values() if v > 0), default=0.0)
    return {p: v / least for p, v in raw.items()} if least else raw


def power_of(game: Game, index: str = "banzhaf") -> PowerResult:
    """The power of each player of ``game`` by ``index`` (``banzhaf`` or ``shapley``).

    Raises:
        UnknownRuleError: an unknown index.
    """
    if index not in POWER_INDICES:
        raise UnknownRuleError("power index", index, list(POWER_INDICES))
    if index == "banzhaf":
        swings = banzhaf_swings(game.weights, game.quota)
        half, total = 2 ** (len(game.players) - 1), sum(swings)
        absolute = {p: Fraction(s, half) for p, s in zip(game.players, swings, strict=True)}
        power = {p: Fraction(s, total) if total else Fraction(0)
                 for p, s in zip(game.players, swings, strict=True)}  # fmt: skip
    else:
        values = POWER_INDICES[index](game.weights, game.quota)
        power = dict(zip(game.players, values, strict=True))
        absolute = dict(power)
    voters = voter_power(absolute, game.voters)
    positive = [v for v in voters.values() if v > 0]
    return PowerResult(
        game=game,
        index=index,
        power=power,
        absolute=absolute,
        voter_power=voters,
        max_min_ratio=max(positive) / min(positive) if positive else None,
    )


SPLIT_BY_DISTRICT: Final[Mapping[State, int]] = {State.ME: 1972, State.NE: 1992}
"""The states ``districts=True`` splits, with the first election of their district laws (21-A
M.R.S. §802; Neb. Rev. Stat. §32-1038): two electors at large, one per congressional district.
Other states that chose electors by district (IL, KY, MD, MO, TN in 1824; Michigan in 1892...)
stay whole: the record has neither their district returns nor how many electors each of their
districts chose (Maryland's 1824 districts 3 and 4 chose two each), so no split of them can be
drawn from it."""


def _split(electors: Mapping[State, int], districts: bool) -> dict[str, int]:
    """Players and weights: each state, or Maine and Nebraska split into their two electors at
    large (``ME``, ``NE``) and one per congressional district (``ME-1`` ...)."""
    players: dict[str, int] = {}
    for state, n in electors.items():
        if districts and state in SPLIT_BY_DISTRICT and n > 3:
            players[state.value] = 2
            for d in range(1, n - 1):
                players[f"{state.value}-{d}"] = 1
        else:
            players[state.value] = n
    return players


def _names(states: Iterable[State]) -> str:
    found = [s.value for s in states]
    return ", ".join(found[:-1]) + f" and {found[-1]}" if len(found) > 1 else "".join(found)


def _district_notes(
    players: Mapping[str, int], by_district: Sequence[State], districts: bool, year: int | None
) -> list[str]:
    """What the game did with the states that vote by district: the states split (only those
    that are, in this game), split against the year's own method, and left whole.

    ``by_district``: the states that appointed by district in the election ``year`` (``None``
    for a census game, which has no methods)."""
    split = [s for s in SPLIT_BY_DISTRICT if f"{s.value}-1" in players]
    notes: list[str] = []
    if districts and split:
        notes.append(f"{_names(split)} split: 2 electors at large, 1 per district of equal size")
    elif districts:
        notes.append("no state split by district in this game")
    if year is None:
        return notes
    against = [s for s in split if s not in by_district]
    if against:
        laws = ", ".join(f"{s.value} since {SPLIT_BY_DISTRICT[s]}" for s in against)
        notes.append(
            f"{_names(against)} did not appoint by district in {year}: split as under "
            f"today's district laws ({laws})"
        )
    whole = [s for s in by_district if s not in split]
    if whole and districts:
        notes.append(
            f"{_names(whole)} appointed by district in {year} but stay whole: the record has "
            "neither their district returns nor their electors by district"
        )
    elif whole:
        notes.append(f"{_names(whole)} appointed by district in {year}: each counted whole")
    return notes


def _game(
    electors: Mapping[State, int],
    voters: Mapping[State, int],
    *,
    basis: str,
    year: int,
    districts: bool,
    notes: list[str],
    by_district: Sequence[State] | None = None,
) -> Game:
    players = _split({s: n for s, n in electors.items() if n > 0}, districts)
    per_player: dict[str, int] = {}
    for p in players:
        state = State(p.split("-")[0])
        if state in voters:
            # a district unit holds about 1/seats of the state's voters (equal districts)
            share = 1 if "-" not in p else electors[state] - 2
            per_player[p] = voters[state] // share
    missing = sorted(s.value for s in electors if electors[s] > 0 and s not in voters)
    if missing:
        notes.append(f"voters unknown for {', '.join(missing)}: no voter power there")
    election_year = year if by_district is not None else None
    notes += _district_notes(players, by_district or (), districts, election_year)
    weights = tuple(players.values())
    return Game(
        players=tuple(players),
        weights=weights,
        quota=majority_of(sum(weights)),
        voters=per_player,
        basis=basis,
        year=year,
        notes=tuple(notes),
    )


def election_game(year: int, record: Record | None = None, *, districts: bool = False) -> Game:
    """The game of the election of ``year``: the electors each state appointed; voters are the
    statewide turnout in the record's returns (absent where the legislature chose). With
    ``districts``, ME and NE are split (:data:`SPLIT_BY_DISTRICT`); the notes name the states
    split, those split although that year they did not appoint by district, and the states
    that did but stay whole.

    Raises:
        UnknownElectionError: no election that year.
        RuleInputError: the record has no electors by state for it (1824).
    """
    e = election(year, record or default_record())
    electors = {s.state: s.electors for s in e.states}
    if not any(electors.values()):
        raise RuleInputError(f"{year}: the record has no electors by state for this election")
    turnout = {s.state: sum(s.popular_votes.values()) for s in e.states if s.popular_votes}
    notes = ["quota: a majority of the electors appointed"]
    if e.facts.has_two_votes_per_elector:
        notes.append("before 1804 each elector had two votes; the game counts electors")
    by_district = [s.state for s in e.states if s.method is Method.DISTRICT and s.electors]
    return _game(electors, turnout, basis="election", year=year, districts=districts,
                 notes=notes, by_district=by_district)  # fmt: skip


def census_game(census: int, record: Record | None = None, *, districts: bool = False) -> Game:
    """The game of the apportionment of ``census``: electors from its seats as of the first
    election it governed (DC's 3 from the 1960 census, first used in 1964); voters are the
    apportionment populations where the record has them (none for DC; the bundled record has
    them for every census, 1790-2020).

    Raises:
        UnknownCensusError: no census that year.
        RuleInputError: 1920 (no apportionment).
    """
    result = apportion_census(census, record or default_record())
    first_election = census + 2 + (-(census + 2)) % 4
    return _game(
        electors_for(first_election, result.seats),
        result.populations,
        basis="census",
        year=census,
        districts=districts,
        notes=["voters: the census's apportionment population (people, not voters)"],
    )
