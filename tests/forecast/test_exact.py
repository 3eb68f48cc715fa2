from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from electoral.errors import RuleInputError
from electoral.forecast import exact_forecast, parse_model
from electoral.forecast.exact import ev_distribution
from electoral.forecast.models import ErrorModel, ModelKind, structure
from tests.forecast.conftest import small


def _phi(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2))


def _enumerate(race) -> np.ndarray:
    """The EV distribution of independent contests by listing every outcome (2^n)."""
    p = [_phi(c.margin / c.sd) for c in race.contests]
    dist = np.zeros(race.electors + 1)
    for outcome in itertools.product((0, 1), repeat=len(p)):
        prob = math.prod(pi if won else 1 - pi for pi, won in zip(p, outcome, strict=True))
        dist[sum(c.electors for c, won in zip(race.contests, outcome, strict=True) if won)] += prob
    return dist


def test_independent_convolution_matches_enumerating_every_outcome():
    race = small([1, -2, 3, 0.5, -1, 4, -6, 2, 0], [3, 4, 2, 5, 3, 6, 4, 3, 2],
                 [20, 16, 10, 3, 29, 55, 11, 4, 6])  # fmt: skip
    result = exact_forecast(race, ErrorModel())
    np.testing.assert_allclose(result.ev_distribution, _enumerate(race), atol=1e-15)
    assert result.p_win["A"] == pytest.approx(_enumerate(race)[race.majority :].sum(), abs=1e-14)


def test_a_factor_model_with_zero_loading_reproduces_the_independent_convolution(race56):
    independent = exact_forecast(race56, parse_model("independent"))
    national = exact_forecast(race56, parse_model("national", national_sd=0))
    regional = exact_forecast(race56, parse_model("regional", national_sd=0, regional_sd=0))
    assert national.ev_distribution == independent.ev_distribution
    assert regional.ev_distribution == independent.ev_distribution


def test_the_quadrature_with_a_vanishing_loading_converges_to_the_convolution(race56):
    independent = np.array(exact_forecast(race56, parse_model("independent")).ev_distribution)
    tiny = parse_model("regional", national_sd=1e-7, regional_sd=1e-7)
    dist, mass = ev_distribution(structure(race56, tiny))
    assert mass == pytest.approx(1, abs=1e-13)
    np.testing.assert_allclose(dist, independent, atol=1e-12)


@pytest.mark.parametrize("spec", ["national", "regional"])
def test_each_contests_own_chance_is_the_same_under_every_model(race56, spec):
    """P(A wins PA), the mass left by the pick, is Φ(margin / sd) whatever the correlation."""
    pa = next(c for c in race56.contests if c.id == "PA")
    result = exact_forecast(race56, parse_model(spec), picks={"PA": "A"})
    assert result.p_picks == pytest.approx(_phi(pa.margin / pa.sd), abs=1e-10)


def _student_sf(t: float, df: float) -> float:
    """P(T > t) for Student's t by a fine midpoint rule on the density (independent check)."""
    x = np.linspace(t, t + 400, 2_000_001)
    mid = (x[1:] + x[:-1]) / 2
    log_c = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    return float(np.sum(np.exp(log_c - (df + 1) / 2 * np.log1p(mid**2 / df))) * (x[1] - x[0]))


def test_t_tails_give_each_contest_a_student_t_chance(race56):
    pa = next(c for c in race56.contests if c.id == "PA")
    df = 5.0
    result = exact_forecast(race56, parse_model("national", tails="t:5"), picks={"PA": "A"})
    scale = pa.sd * math.sqrt((df - 2) / df)
    assert result.p_picks == pytest.approx(_student_sf(-pa.margin / scale, df), abs=2e-7)


def test_conditioning_obeys_the_law_of_total_probability(race56):
    """P(win) = P(win | PA=A) P(PA=A) + P(win | PA=B) P(PA=B), under correlated errors."""
    model = parse_model("regional")
    whole = exact_forecast(race56, model)
    yes = exact_forecast(race56, model, picks={"PA": "A"})
    no = exact_forecast(race56, model, picks={"PA": "B"})
    assert yes.p_picks + no.p_picks == pytest.approx(1, abs=1e-12)
    mixed = yes.p_win["A"] * yes.p_picks + no.p_win["A"] * no.p_picks
    assert mixed == pytest.approx(whole.p_win["A"], abs=1e-12)
    assert yes.p_win["A"] > whole.p_win["A"] > no.p_win["A"]


def test_very_unlikely_picks_have_no_floor(race56):
    picks = {"CA": "A", "NY": "A", "IL": "A"}  # each 2-4 sd against A
    result = exact_forecast(race56, parse_model("independent"), picks=picks)
    by_id = {c.id: c for c in race56.contests}
    expected = math.prod(_phi(by_id[k].margin / by_id[k].sd) for k in picks)
    assert result.p_picks == pytest.approx(expected, rel=1e-12)
    assert result.p_picks < 1e-8
    assert result.p_win["A"] > 0.999
    with pytest.raises(RuleInputError, match="unknown contest"):
        exact_forecast(race56, parse_model("independent"), picks={"XX": "A"})


def test_a_269_269_tie_is_the_mass_at_half_and_goes_to_the_house():
    race = small([0.0, 0.0], [1.0, 1.0], [269, 269])
    result = exact_forecast(race, ErrorModel(), house={"A": 26, "B": 20})
    assert result.p_tie == pytest.approx(0.5)
    assert result.p_no_majority == pytest.approx(0.5)
    assert result.p_president == pytest.approx({"A": 0.75, "B": 0.25})
    assert result.p_unresolved == 0
    divided = exact_forecast(race, ErrorModel(), house={"A": 25, "B": 25})
    assert divided.p_unresolved == pytest.approx(0.5)


def test_exact_refuses_a_full_matrix(race56, tmp_path):
    model = ErrorModel(kind=ModelKind.MATRIX)
    st_ = structure(race56, parse_model("independent"))
    object.__setattr__(st_, "chol", np.eye(len(race56.contests)))
    with pytest.raises(RuleInputError, match="use --method mc"):
        ev_distribution(st_)
    assert model.has_factors is False


margins = st.lists(st.floats(-10, 10), min_size=1, max_size=8)


@settings(max_examples=25, deadline=None)
@given(margins, st.sampled_from(["independent", "national", "regional"]), st.data())
def test_distributions_sum_to_one_and_keep_the_expected_electoral_votes(m, spec, data):
    """Invariant: the EV distribution sums to 1 and its mean is Σ electors × Φ(margin/sd) under
    every model (linearity of expectation; correlation changes the spread only)."""
    electors = data.draw(st.lists(st.integers(1, 55), min_size=len(m), max_size=len(m)))
    race = small(m, [5.0] * len(m), electors)
    result = exact_forecast(race, parse_model(spec, national_sd=3, regional_sd=2))
    assert sum(result.ev_distribution) == pytest.approx(1, abs=1e-12)
    expected = sum(e * _phi(x / 5) for x, e in zip(m, electors, strict=True))
    assert result.mean_ev == pytest.approx(expected, abs=1e-8)
    assert result.p_win["A"] + result.p_win["B"] + result.p_no_majority == pytest.approx(1)
