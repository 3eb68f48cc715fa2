from __future__ import annotations

import numpy as np
import pytest

from electoral.errors import DataError, RuleInputError, UnknownRuleError
from electoral.forecast.models import ModelKind, parse_model, parse_tails, structure
from tests.forecast.conftest import small


def _matrix(tmp_path, labels, values, name="m.csv"):
    lines = ["contest," + ",".join(labels)]
    for lab, row in zip(labels, values, strict=True):
        lines.append(f"{lab}," + ",".join(f"{v:g}" for v in row))
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_models_by_id():
    assert parse_model("independent").kind is ModelKind.INDEPENDENT
    assert parse_model("independent").national_sd == 0
    national = parse_model("national", national_sd=2.5)
    assert (national.national_sd, national.regional_sd) == (2.5, 0.0)
    regional = parse_model("regional", national_sd=2, regional_sd=1, tails="t:5")
    assert (regional.national_sd, regional.regional_sd, regional.df) == (2, 1, 5)
    assert regional.id == "regional t:5"
    with pytest.raises(UnknownRuleError, match="expected one of independent, matrix:FILE"):
        parse_model("global")
    with pytest.raises(RuleInputError, match="non-negative"):
        parse_model("national", national_sd=-1)


@pytest.mark.parametrize("text", ["t:2", "t:0", "t:x", "cauchy", "t:inf"])
def test_tails_need_more_than_two_degrees_of_freedom(text):
    with pytest.raises(RuleInputError, match="t:DF"):
        parse_tails(text)


def test_a_valid_matrix_loads_and_factors(tmp_path):
    race = small([1, 2, 3], [3, 3, 3], [10, 10, 10])
    corr = [[1, 0.5, 0.2], [0.5, 1, 0.3], [0.2, 0.3, 1]]
    model = parse_model("matrix:" + str(_matrix(tmp_path, ["AK", "AL", "AR"], corr)))
    st = structure(race, model)
    assert st.chol is not None
    np.testing.assert_allclose(st.chol @ st.chol.T, 9 * np.array(corr), atol=1e-12)


def test_a_singular_matrix_is_positive_semi_definite_and_accepted(tmp_path):
    race = small([1, 2], [3, 4], [10, 10])
    model = parse_model("matrix:" + str(_matrix(tmp_path, ["AK", "AL"], [[1, 1], [1, 1]])))
    st = structure(race, model)
    np.testing.assert_allclose(st.chol @ st.chol.T, [[9, 12], [12, 16]], atol=1e-9)


@pytest.mark.parametrize(
    ("values", "needle"),
    [
        ([[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]], "not positive semi-definite"),
        ([[1, 0.5, 0], [0.4, 1, 0], [0, 0, 1]], "expected a symmetric matrix"),
        ([[1, 2, 0], [2, 1, 0], [0, 0, 1]], "expected a symmetric matrix"),
        ([[2, 0, 0], [0, 1, 0], [0, 0, 1]], "diagonal 2, expected 1"),
    ],
)
def test_bad_matrices_give_one_line_errors(tmp_path, values, needle):
    path = _matrix(tmp_path, ["AK", "AL", "AR"], values, name="bad.csv")
    with pytest.raises(DataError) as info:
        parse_model(f"matrix:{path}")
    assert needle in str(info.value)
    assert str(info.value).startswith("bad.csv:")
    assert "\n" not in str(info.value)


def test_a_matrix_must_name_exactly_the_contests(tmp_path):
    race = small([1, 2, 3], [3, 3, 3], [10, 10, 10])
    path = _matrix(tmp_path, ["AK", "AL", "CA"], np.eye(3))
    with pytest.raises(RuleInputError, match="lacks AR"):
        structure(race, parse_model(f"matrix:{path}"))


def test_shared_errors_must_stay_below_every_sd():
    race = small([1, 2], [5, 3], [10, 10])
    with pytest.raises(RuleInputError, match="contest AL: sd 3"):
        structure(race, parse_model("regional", national_sd=2.5, regional_sd=1.7))


def test_every_model_keeps_each_contests_total_sd():
    """Invariant: national² + regional² + idio² = sd² for every contest."""
    race = small([1, 2, 3, 4], [5, 3, 4, 6], [10, 10, 10, 10])
    st = structure(race, parse_model("regional", national_sd=2, regional_sd=1.5))
    total = st.idio**2 + (st.loadings**2).sum(axis=0)
    np.testing.assert_allclose(total, [25, 9, 16, 36])
