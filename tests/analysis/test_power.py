"""Voting power: exact indices cross-checked against enumeration and sampling."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from electoral.analysis.power import (
    banzhaf,
    banzhaf_swings,
    census_game,
    election_game,
    power_of,
    shapley_shubik,
)
from electoral.data import default_record
from electoral.errors import RuleInputError, UnknownRuleError

RECORD = default_record()


def brute_swings(weights: list[int], quota: int) -> list[int]:
    """Swings by enumerating every coalition of the other players."""
    n = len(weights)
    swings = [0] * n
    for mask in range(2**n):
        total = sum(w for i, w in enumerate(weights) if mask >> i & 1)
        for i, w in enumerate(weights):
            if not mask >> i & 1 and total < quota <= total + w:
                swings[i] += 1
    return swings


def brute_shapley(weights: list[int], quota: int) -> list[Fraction]:
    """Shapley-Shubik by walking every order of the players."""
    n = len(weights)
    pivots = [0] * n
    for order in itertools.permutations(range(n)):
        total = 0
        for i in order:
            total += weights[i]
            if total >= quota:
                pivots[i] += 1
                break
    return [Fraction(p, math.factorial(n)) for p in pivots]


@st.composite
def games(draw, max_players: int = 10):
    weights = draw(st.lists(st.integers(0, 30), min_size=1, max_size=max_players))
    total = sum(weights)
    if total == 0:
        weights[0] = 1
        total = 1
    quota = draw(st.integers(1, total))
    return weights, quota


@given(games())
@settings(max_examples=150, deadline=None)
def test_banzhaf_generating_function_equals_enumeration(game):
    """Invariant: the generating-function swings equal the swings counted over all 2^n
    coalitions, for any weights and quota."""
    weights, quota = game
    assert list(banzhaf_swings(weights, quota)) == brute_swings(weights, quota)


@given(games(max_players=6))
@settings(max_examples=100, deadline=None)
def test_shapley_dp_equals_permutations(game):
    """Invariant: the size-and-weight DP gives the share of the n! orders in which each
    player is pivotal, exactly."""
    weights, quota = game
    assert list(shapley_shubik(weights, quota)) == brute_shapley(weights, quota)


@given(games(max_players=12))
@settings(max_examples=100, deadline=None)
def test_shapley_values_sum_to_one_and_dummies_get_nothing(game):
    """Invariant: Shapley-Shubik values sum to 1 (some order always reaches the quota);
    a player of weight 0 is a dummy and has 0 under both indices; equal weights, equal power."""
    weights, quota = game
    values = shapley_shubik(weights, quota)
    normalized = banzhaf(weights, quota)
    assert sum(values) == 1
    for i, w in enumerate(weights):
        if w == 0:
            assert values[i] == 0
            assert normalized[i] == 0
        for j, v in enumerate(weights):
            if v == w:
                assert values[i] == values[j]
                assert normalized[i] == normalized[j]


def test_many_players_use_exact_integers():
    """Beyond 62 players the counts leave int64; with n equal players and quota q the swings
    of each are C(n-1, q-1), exactly."""
    n, quota = 70, 36
    swings = banzhaf_swings([1] * n, quota)
    assert swings == (math.comb(n - 1, quota - 1),) * n
    assert swings[0] > 2**63


def test_textbook_game():
    """The game [3; 2, 1, 1], counted by hand: the big player swings with {a}, {b} and {a, b},
    each small one only with {big}: Banzhaf 3/5, 1/5, 1/5; the big player is pivotal in 4 of
    the 6 orders: Shapley 2/3, 1/6, 1/6."""
    assert banzhaf([2, 1, 1], 3) == (Fraction(3, 5), Fraction(1, 5), Fraction(1, 5))
    assert shapley_shubik([2, 1, 1], 3) == (Fraction(2, 3), Fraction(1, 6), Fraction(1, 6))


def test_2024_banzhaf_agrees_with_sampling():
    """The real 51-player game (538 electors, quota 270): the exact absolute Banzhaf index of
    each state agrees with a Monte Carlo estimate (400,000 coin-flip coalitions, seed 2024)
    within five standard errors."""
    game = election_game(2024, RECORD)
    exact = power_of(game, "banzhaf").absolute
    rng = np.random.default_rng(2024)
    weights = np.array(game.weights)
    draws = 400_000
    coalitions = rng.integers(0, 2, size=(draws, len(weights)), dtype=np.int8)
    totals = (coalitions @ weights)[:, None]
    others = totals - coalitions * weights  # weight of the others, per draw and player
    decisive = (others < game.quota) & (others + weights >= game.quota)
    estimate = decisive.mean(axis=0)
    for i, p in enumerate(game.players):
        p_exact = float(exact[p])
        se = math.sqrt(p_exact * (1 - p_exact) / draws)
        assert abs(estimate[i] - p_exact) < 5 * se + 1e-12, p


def test_2024_game_is_the_college():
    game = election_game(2024, RECORD)
    assert (len(game.players), sum(game.weights), game.quota) == (51, 538, 270)
    split = election_game(2024, RECORD, districts=True)
    assert len(split.players) == 56  # ME: 2 at large + 2 districts; NE: 2 + 3
    assert sum(split.weights) == 538


def _district_notes(game):
    return [n for n in game.notes if "district" in n or "split" in n]


def test_1824_districts_split_maine_only_and_say_which_stay_whole():
    """1824: six states chose electors by district (appointments.csv); Maine's 9 were 7 by
    congressional district and 2 at large, the split the game draws (2 + 7 players). IL, KY,
    MD, MO and TN have no district returns in the record, nor their electors by district
    (Maryland's districts 3 and 4 chose two each): they stay whole, and the notes say so.
    Nebraska, not yet a state, is not mentioned."""
    game = election_game(1824, RECORD, districts=True)
    assert (len(game.players), sum(game.weights), game.quota) == (24 - 1 + 8, 261, 131)
    maine = ["ME", *(f"ME-{d}" for d in range(1, 8))]
    assert [p for p in game.players if p.startswith("ME")] == maine
    assert dict(zip(game.players, game.weights, strict=True))["KY"] == 14
    assert _district_notes(game) == [
        "ME split: 2 electors at large, 1 per district of equal size",
        "IL, KY, MD, MO and TN appointed by district in 1824 but stay whole: the record has "
        "neither their district returns nor their electors by district",
    ]
    assert not any("NE" in n.split() for n in game.notes)
    whole = election_game(1824, RECORD)
    assert _district_notes(whole) == [
        "IL, KY, MD, ME, MO and TN appointed by district in 1824: each counted whole"
    ]


def test_district_notes_name_only_the_states_split():
    """2024: both split, as their laws have it. 1900: both split, though both chose electors
    statewide that year (the note says so). 1812: neither is a state with electors (Maine was
    part of Massachusetts until 1820); KY, MA, MD and TN chose by district and stay whole.
    Census of 1870 (the 1872 election): Nebraska had 3 electors, so only Maine splits."""
    assert _district_notes(election_game(2024, RECORD, districts=True)) == [
        "ME and NE split: 2 electors at large, 1 per district of equal size"
    ]
    assert _district_notes(election_game(1900, RECORD, districts=True)) == [
        "ME and NE split: 2 electors at large, 1 per district of equal size",
        "ME and NE did not appoint by district in 1900: split as under today's district laws "
        "(ME since 1972, NE since 1992)",
    ]
    game = election_game(1812, RECORD, districts=True)
    assert len(game.players) == len(election_game(1812, RECORD).players)
    assert _district_notes(game) == [
        "no state split by district in this game",
        "KY, MA, MD and TN appointed by district in 1812 but stay whole: the record has "
        "neither their district returns nor their electors by district",
    ]
    census = census_game(1870, RECORD, districts=True)
    assert _district_notes(census) == [
        "ME split: 2 electors at large, 1 per district of equal size"
    ]
    assert "NE" in census.players
    assert "NE-1" not in census.players


@pytest.mark.parametrize("year", [y for y in RECORD.years if y < 1868])
def test_no_note_names_nebraska_before_it_had_electors(year):
    """Nebraska was admitted on 1 March 1867 and first chose electors in 1868."""
    for districts in (False, True):
        game = election_game(year, RECORD, districts=districts)
        assert not any("NE" in n.replace(",", " ").split() for n in game.notes)


@pytest.mark.parametrize("index", ["banzhaf", "shapley"])
def test_largest_state_has_most_power_and_voters(index):
    """Banzhaf's 1968 finding, still true: the largest state's voters are the most powerful
    under winner take all (California since the 1970 census)."""
    result = power_of(election_game(2024, RECORD), index)
    assert max(result.power, key=result.power.__getitem__) == "CA"
    assert max(result.voter_power, key=result.voter_power.__getitem__) == "CA"
    assert result.max_min_ratio is not None
    assert min(result.voter_power.values()) == 1.0
    assert result.max_min_ratio == max(result.voter_power.values())


def test_census_game_gives_dc_its_electors_from_1964():
    """The 1960 census governed 1964 and 1968, the first elections with DC's 3 electors."""
    game = census_game(1960, RECORD)
    assert "DC" in game.players
    assert sum(game.weights) == 538
    assert "DC" not in game.voters  # no apportionment population for DC in the record


def test_unknown_index_and_bad_quota():
    with pytest.raises(UnknownRuleError, match="unknown power index 'penrose'"):
        power_of(election_game(2024, RECORD), "penrose")
    with pytest.raises(RuleInputError, match="quota 10"):
        banzhaf([1, 2], 10)
