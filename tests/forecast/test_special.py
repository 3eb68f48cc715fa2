from __future__ import annotations

import math

import numpy as np
import pytest

from electoral.forecast._special import (
    chi2_nodes,
    erfc,
    gauss_hermite,
    norm_cdf,
    norm_ppf,
    norm_sf,
)


def test_erfc_matches_the_standard_library():
    x = np.concatenate([np.linspace(-6, 8, 20001), np.linspace(8, 26, 500)])
    expected = np.array([math.erfc(v) for v in x])
    assert np.max(np.abs(erfc(x) - expected) / expected) < 2e-13


def test_the_quantile_inverts_the_cdf_into_the_far_tails():
    p = np.concatenate([np.logspace(-300, -2, 300), np.linspace(0.01, 0.99, 99)])
    np.testing.assert_allclose(norm_cdf(norm_ppf(p)), p, rtol=1e-12)
    np.testing.assert_allclose(norm_sf(-norm_ppf(p)), p, rtol=1e-12)
    assert norm_ppf(np.array([0.975]))[0] == pytest.approx(1.959963984540054, abs=1e-14)


def test_gauss_hermite_integrates_normal_moments():
    z, w = gauss_hermite(20)
    assert w.sum() == pytest.approx(1)
    assert [float(w @ z**k) for k in (1, 2, 4, 6)] == pytest.approx([0, 1, 3, 15])


@pytest.mark.parametrize("df", [3.0, 5.0, 30.0])
def test_chi_square_nodes_integrate_its_moments(df):
    w, weight = chi2_nodes(96, df)
    assert float(weight @ w) == pytest.approx(df, rel=1e-8)
    assert float(weight @ (w - df) ** 2) == pytest.approx(2 * df, rel=1e-6)
