from __future__ import annotations

import math

import numpy as np
import pytest

from electoral.errors import RuleInputError
from electoral.forecast import exact_forecast, parse_model, simulate
from electoral.forecast._special import norm_ppf
from electoral.forecast.montecarlo import CHUNK
from tests.forecast.conftest import small

SIMS = 60_000


def _agree(mc: float, exact: float, sims: float, z: float = 4.5) -> bool:
    """Within z standard errors of a proportion (with a floor for p near 0 or 1)."""
    se = math.sqrt(max(exact * (1 - exact), 1e-4) / sims)
    return abs(mc - exact) < z * se


@pytest.mark.parametrize(
    ("spec", "tails", "tipping"),
    [
        ("independent", "normal", False),
        ("national", "normal", False),
        ("regional", "normal", False),
        ("national", "t:5", False),
        ("independent", "normal", True),
        ("national", "t:4", True),
        ("regional", "t:4", False),
    ],
)
def test_monte_carlo_agrees_with_the_exact_distribution(race56, spec, tails, tipping):
    model = parse_model(spec, tails=tails)
    exact = exact_forecast(race56, model)
    mc = simulate(race56, model, sims=SIMS, seed=11, tipping=tipping, popular_vote=tipping)
    assert _agree(mc.p_win["A"], exact.p_win["A"], SIMS)
    assert _agree(mc.p_tie, exact.p_tie, SIMS)
    assert abs(mc.mean_ev - exact.mean_ev) < 4.5 * 60 / math.sqrt(SIMS)  # sd of EV < 60
    cdf_gap = np.abs(np.cumsum(mc.ev_distribution) - np.cumsum(exact.ev_distribution)).max()
    assert cdf_gap < 1.8 / math.sqrt(SIMS)  # Kolmogorov-Smirnov, 0.1% level


def test_a_full_matrix_equal_to_the_national_factor_agrees_with_its_exact_result(race56, tmp_path):
    sd = np.array([c.sd for c in race56.contests])
    corr = 9.0 / np.outer(sd, sd)
    np.fill_diagonal(corr, 1.0)
    ids = race56.ids
    lines = ["contest," + ",".join(ids)]
    for c, row in zip(ids, corr, strict=True):
        lines.append(f"{c}," + ",".join(repr(float(v)) for v in row))
    path = tmp_path / "corr.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    exact = exact_forecast(race56, parse_model("national", national_sd=3))
    mc = simulate(race56, parse_model(f"matrix:{path}"), sims=SIMS, seed=5, tipping=False)
    assert _agree(mc.p_win["A"], exact.p_win["A"], SIMS)
    assert _agree(mc.p_no_majority, exact.p_no_majority, SIMS)


def test_a_seed_reproduces_bit_for_bit_whatever_the_threads(race56):
    model = parse_model("regional", tails="t:6")
    sims = 3 * CHUNK + 17
    one = simulate(race56, model, sims=sims, seed=2024, threads=1)
    two = simulate(race56, model, sims=sims, seed=2024, threads=2)
    assert one == two
    assert one.seed == 2024
    other = simulate(race56, model, sims=sims, seed=2025, threads=2)
    assert other.ev_distribution != one.ev_distribution
    fast = [simulate(race56, model, sims=sims, seed=7, threads=t, tipping=False,
                     popular_vote=False) for t in (1, 3)]  # fmt: skip
    assert fast[0] == fast[1]


def test_without_a_seed_one_is_drawn_and_echoed(race56):
    model = parse_model("independent")
    first = simulate(race56, model, sims=1000, tipping=False)
    again = simulate(race56, model, sims=1000, seed=first.seed, tipping=False)
    assert first.seed is not None
    assert first.ev_distribution == again.ev_distribution


def test_tipping_points_sum_to_the_chance_of_a_majority(race56):
    result = simulate(race56, parse_model("national"), sims=SIMS, seed=3)
    assert sum(result.tipping.values()) == pytest.approx(1 - result.p_no_majority, abs=1e-12)
    top = max(result.tipping, key=result.tipping.get)
    assert top in {"PA", "MI", "WI", "GA", "NC", "AZ", "NV"}
    assert result.tipping["DC"] == 0


def test_the_tipping_point_is_the_contest_that_crosses_the_majority():
    # Near-certain margins: A wins AK (30), AL (3) and AR (10 EV); B wins AZ (20) and CA (4).
    # Ordered by A's margin: AK, AR, AL; 30 + 10 = 40 >= 34 (majority of 67): AR tips.
    race = small([9, 1, 5, -2, -8], [0.01] * 5, [30, 3, 10, 20, 4])
    result = simulate(race, parse_model("independent"), sims=5000, seed=1)
    assert result.p_win["A"] == 1
    assert result.tipping["AR"] == 1


def test_voter_power_averages_one_over_all_voters(race56):
    result = simulate(race56, parse_model("national"), sims=SIMS, seed=9)
    turnout = {c.id: c.turnout for c in race56.contests}
    mean = sum(result.vpi[k] * turnout[k] for k in turnout) / sum(turnout.values())
    assert mean == pytest.approx(1, abs=1e-9)
    assert result.vpi["NV"] > 1 > result.vpi["CA"]


def test_a_popular_electoral_split_is_counted():
    # A wins the big state by a hair, B wins the small one in a landslide.
    race = small([0.5, -40], [0.01, 0.01], [50, 10], turnout=1_000_000)
    result = simulate(race, parse_model("independent"), sims=2000, seed=1)
    assert result.p_win["A"] == 1
    assert result.p_split == 1
    close = simulate(race, parse_model("independent"), sims=2000, seed=1, popular_vote=False)
    assert close.p_split is None


def test_conditional_simulation_weights_instead_of_discarding(race56):
    model = parse_model("national")
    picks = {"PA": "B", "GA": "B"}
    exact = exact_forecast(race56, model, picks=picks)
    mc = simulate(race56, model, sims=SIMS, seed=4, picks=picks)
    assert 0.05 * SIMS < mc.effective_sims < SIMS
    assert _agree(mc.p_win["A"], exact.p_win["A"], mc.effective_sims)
    assert mc.p_picks == pytest.approx(exact.p_picks, rel=0.05)


def test_rare_picks_are_forecast_without_a_floor(race56):
    """Picks of probability under 1e-3 are conditioned on by weighting, with no floor."""
    model = parse_model("regional")
    picks = {"FL": "B", "TX": "B", "OH": "B"}
    exact = exact_forecast(race56, model, picks=picks)
    mc = simulate(race56, model, sims=SIMS, seed=8, picks=picks)
    assert exact.p_picks < 1e-3
    assert 10 < mc.effective_sims < SIMS / 10  # reported honestly: the weights are uneven
    # the relative standard error of a weighted mean is about 1 / sqrt(effective sample)
    assert abs(mc.p_picks / exact.p_picks - 1) < 4 / math.sqrt(mc.effective_sims)
    assert _agree(mc.p_win["A"], exact.p_win["A"], mc.effective_sims)


def test_picks_under_a_matrix_discard_disagreeing_simulations(race56, tmp_path):
    ids = race56.ids
    eye = ["1" if i == j else "0" for i in range(len(ids)) for j in range(len(ids))]
    n = len(ids)
    lines = ["contest," + ",".join(ids)]
    lines += [f"{c}," + ",".join(eye[i * n : (i + 1) * n]) for i, c in enumerate(ids)]
    path = tmp_path / "eye.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    model = parse_model(f"matrix:{path}")
    picks = {"PA": "B"}
    exact = exact_forecast(race56, parse_model("independent"), picks=picks)
    mc = simulate(race56, model, sims=SIMS, seed=6, picks=picks, tipping=False)
    assert mc.effective_sims == pytest.approx(mc.p_picks * SIMS)
    assert _agree(mc.p_picks, exact.p_picks, SIMS)
    assert _agree(mc.p_win["A"], exact.p_win["A"], mc.effective_sims)
    with pytest.raises(RuleInputError, match="no simulation agrees"):
        simulate(race56, model, sims=100, seed=1, picks={"CA": "A", "NY": "A"})


def test_bad_simulation_requests_are_refused(race56):
    with pytest.raises(RuleInputError, match="--sims 0"):
        simulate(race56, parse_model("independent"), sims=0)
    with pytest.raises(RuleInputError, match="expected a winner among A, B"):
        simulate(race56, parse_model("independent"), sims=10, picks={"PA": "C"})


def test_progress_is_reported_chunk_by_chunk(race56):
    seen: list[tuple[int, int]] = []
    simulate(race56, parse_model("independent"), sims=2 * CHUNK + 5, seed=1,
             progress=lambda done, total: seen.append((done, total)))  # fmt: skip
    assert seen == [(CHUNK, 2 * CHUNK + 5), (2 * CHUNK, 2 * CHUNK + 5), (2 * CHUNK + 5,) * 2]


@pytest.mark.parametrize("spec", ["independent", "national"])
def test_the_two_stage_draw_decides_the_undecided_slices_exactly(spec):
    """The wins-only kernel's mean EV is unbiased when every threshold sits inside a slice.

    Each threshold is at the middle of one of the 256 slices (without factors), so 1 draw in
    256 lands in the threshold's own slice; deciding those all one way would bias the mean by
    about 50 / 512 EV, 12 standard errors or more here."""
    quantiles = (np.arange(50) * 5 + 3.5) / 256
    margins = [-float(x) for x in norm_ppf(quantiles)]
    race = small(margins, [1.0] * 50, [1] * 50)
    model = parse_model(spec, national_sd=0.5)
    sims = 1_000_000
    mc = simulate(race, model, sims=sims, seed=12, tipping=False, popular_vote=False)
    exact = exact_forecast(race, model)
    dist = np.array(exact.ev_distribution)
    sd = math.sqrt(dist @ (np.arange(dist.size) - exact.mean_ev) ** 2)
    assert abs(mc.mean_ev - exact.mean_ev) < 5 * sd / math.sqrt(sims)
