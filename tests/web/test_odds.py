"""The odds page and its API: the numbers are the library's, bad uploads are refused."""

from __future__ import annotations

import re

import pytest

from electoral.forecast import (
    contests_from_election,
    exact_forecast,
    house_from_record,
    parse_model,
    simulate,
)
from electoral.web.csrf import COOKIE, FIELD
from electoral.web.routes.odds import DEFAULT_SIMS

GOOD_CSV = "contest,margin,sd,electors\nPA,1.0,4.0,270\nTX,-5.0,4.0,268\n"


def _token(client) -> str:
    page = client.get("/odds")
    match = re.search(rf'name="{FIELD}" value="([^"]+)"', page.text)
    assert match is not None
    assert client.cookies.get(COOKIE)
    return match.group(1)


def _server_ms(response) -> float:
    return float(response.headers["server-timing"].split("dur=")[1])


def test_form_only_without_a_year(client):
    page = client.get("/odds")
    assert page.status_code == 200
    assert 'id="odds-year"' in page.text
    assert 'enctype="multipart/form-data"' in page.text
    assert "odds-histogram" not in page.text


def test_page_p_win_is_the_library_s(client):
    page = client.get("/odds", params={"year": 2020})
    race = contests_from_election(2020)
    result = exact_forecast(race, parse_model("national"), house=house_from_record(2020, race))
    first = race.candidates[0]
    shown = re.search(r'data-testid="p-win-first">([\d.]+)%<', page.text)
    assert shown is not None
    assert float(shown.group(1)) == pytest.approx(round(result.p_win[first] * 100, 1))
    assert 'data-testid="odds-histogram"' in page.text
    assert 'data-testid="odds-snake"' in page.text
    assert 'data-testid="odds-histogram-table"' in page.text


def test_monte_carlo_page_has_tipping_points(client):
    page = client.get("/odds", params={"year": 2016, "method": "mc", "sims": 20000, "seed": 7})
    assert page.status_code == 200
    assert 'data-testid="odds-tipping"' in page.text
    result = simulate(contests_from_election(2016), parse_model("national"), sims=20000, seed=7)
    assert f"{result.p_win['Hillary Clinton'] * 100:.1f}%" in page.text


def test_api_matches_the_library(client):
    answer = client.get("/api/odds", params={"year": 2024, "model": "regional", "sd": 4})
    assert answer.status_code == 200
    body = answer.json()
    assert {"sims", "seed", "p_win", "p_tie", "p_no_majority", "p_split", "ev_distribution",
            "tipping", "vpi"} <= set(body)  # fmt: skip
    race = contests_from_election(2024, sd=4)
    result = exact_forecast(race, parse_model("regional"), house=house_from_record(2024, race))
    assert body["p_win"] == pytest.approx(result.p_win)
    assert len(body["ev_distribution"]) == 539


def test_api_monte_carlo_echoes_the_seed(client):
    body = client.get("/api/odds", params={"year": 2012, "method": "mc", "seed": 5}).json()
    assert body["seed"] == 5
    assert body["sims"] == DEFAULT_SIMS
    assert body["tipping"]
    assert body["vpi"]


@pytest.mark.parametrize(
    ("params", "status"),
    [({"year": 1977}, 404), ({"year": 2024, "sd": 0}, 422), ({"year": 2024, "sims": 10**7}, 422)],
)
def test_api_errors_are_json(client, params, status):
    answer = client.get("/api/odds", params=params)
    assert answer.status_code == status
    assert set(answer.json()) == {"error"}


def test_api_is_in_openapi(client):
    assert "/api/odds" in client.get("/api/openapi.json").json()["paths"]


def test_the_server_time_is_reported(client):
    """Every answer carries its server time (measured against the budget by make bench)."""
    for url in ("/odds?year=2024", "/api/odds?year=2024"):
        assert _server_ms(client.get(url)) > 0


def _upload(client, text: str, **fields: str):
    data = {FIELD: _token(client), **fields}
    files = {"contests": ("mine.csv", text.encode(), "text/csv")}
    return client.post("/odds", data=data, files=files)


def test_upload_runs_the_forecast(client):
    page = _upload(client, GOOD_CSV, candidates="Blue,Red")
    assert page.status_code == 200
    assert "P(Blue wins)" in page.text
    assert 'data-testid="odds-histogram"' in page.text


def test_bad_csv_is_a_400_with_the_error(client):
    page = _upload(client, "contest,margin\nPA,1\n")
    assert page.status_code == 400
    assert "column missing" in page.text
    assert 'data-testid="odds-error"' in page.text


def test_upload_needs_the_csrf_token(client):
    files = {"contests": ("mine.csv", GOOD_CSV.encode(), "text/csv")}
    assert client.post("/odds", files=files).status_code == 403


def test_upload_is_capped(client):
    assert _upload(client, "x" * (200 * 1024)).status_code == 413
