from __future__ import annotations

import pytest

from electoral.errors import RuleInputError
from electoral.forecast import exact_forecast, parse_model
from electoral.forecast.plot import plot_forecast


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_the_histogram_and_snake_are_written(race56, tmp_path, suffix):
    result = exact_forecast(race56, parse_model("national"))
    path = plot_forecast(result, race56, tmp_path / f"odds{suffix}")
    head = path.read_bytes()[:200]
    assert head.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in head or b"<?xml" in head
    if suffix == ".svg":
        assert "PA" in path.read_text(encoding="utf-8")  # the snake labels big states


def test_other_formats_are_refused(race56, tmp_path):
    result = exact_forecast(race56, parse_model("independent"))
    with pytest.raises(RuleInputError, match=r"expected a \.png or \.svg"):
        plot_forecast(result, race56, tmp_path / "odds.pdf")
