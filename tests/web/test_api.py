"""The JSON API: every route in OpenAPI, answers checked against the engine, errors as JSON."""

from __future__ import annotations

import pytest

from electoral import default_record, election, replay
from electoral.web import scenario as sc

YEARS = default_record().years
OWN_ROUTES = {"/api/elections", "/api/elections/{year}", "/api/build"}


def test_openapi_describes_every_api_route(client):
    spec = client.get("/api/openapi.json").json()
    assert set(spec["paths"]) >= OWN_ROUTES
    for path, operations in spec["paths"].items():
        assert path.startswith("/api/")
        for operation in operations.values():
            assert any(code.startswith("2") for code in operation["responses"])


def test_the_list_of_elections(client):
    body = client.get("/api/elections").json()
    assert [row["year"] for row in body] == list(YEARS)
    for row in body:
        e = election(row["year"])
        assert row["president"] == e.president
        assert row["president_electoral_votes"] == e.electoral_votes.get(e.president, 0)
        assert row["is_split"] == e.is_split
    assert [r["year"] for r in body if r["is_split"]] == [1824, 1876, 1888, 2000, 2016]


@pytest.mark.parametrize("year", [1789, 1800, 1824, 1876, 1960, 2000, 2016, 2024])
def test_one_election(client, year):
    body = client.get(f"/api/elections/{year}").json()
    e = election(year)
    assert body["electoral_votes"] == e.electoral_votes
    assert body["popular_votes"] == e.popular_votes
    assert body["electors_appointed"] == e.facts.electors_appointed
    assert {s["state"] for s in body["states"]} == {s.state.value for s in e.states}
    assert body["reproduced"] == replay(year).reproduced
    assert len(body["faithless"]) == len(e.faithless)
    assert body["source"] in body["sources"]


def test_contingent_election_of_1824(client):
    body = client.get("/api/elections/1824").json()
    (house,) = body["contingent"]
    assert house["elected"] == "John Quincy Adams"
    assert house["final_votes"] == {
        "John Quincy Adams": 13,
        "Andrew Jackson": 7,
        "William H. Crawford": 4,
    }


def test_districts_of_2020(client):
    states = {s["state"]: s for s in client.get("/api/elections/2020").json()["states"]}
    assert states["NE"]["districts"]["NE-2"] == "Joe Biden"
    assert states["ME"]["districts"]["ME-2"] == "Donald Trump"


def test_build_counts_like_the_engine(client):
    code = "." * sc.UNIT_CODES.index("PA") + "1"
    body = client.get("/api/build", params={"from": 2024, "s": code}).json()
    expected = sc.evaluate(code, sc.base_of(2024))
    assert body["votes"] == expected.votes
    assert body["winner"] == expected.winner
    assert body["code"] == expected.code
    assert body["places"] == list(sc.UNIT_CODES)


def test_build_tie_has_the_house_answer(client):
    base = sc.base_of(2020)
    trump = sc.INDEX_CHARS[base.candidates.index("Donald Trump")]
    chars = ["."] * len(sc.UNIT_CODES)
    for state in ("WI", "AZ", "GA"):
        chars[sc.UNIT_CODES.index(state)] = trump
    body = client.get("/api/build", params={"from": 2020, "s": "".join(chars)}).json()
    assert body["winner"] is None
    house = sc.evaluate("".join(chars), base).house
    assert house is not None
    assert body["house"]["elected"] == house.elected
    assert body["house"]["needed"] == 26


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/elections/2023", 404, "no presidential election in 2023"),
        ("/api/elections/abc", 422, "year"),
        ("/api/elections/99999999999999999999999", 404, "no presidential election"),
        ("/api/build?from=1800", 400, "1804"),
        ("/api/build?from=1801", 404, "no presidential election"),
        ("/api/build?s=zz", 400, "names no candidate"),
        ("/api/build?s=ABC", 422, "s:"),
        ("/api/build?from=x", 422, "from:"),
        ("/api/no-such-thing", 404, "Not Found"),
    ],
)
def test_bad_input_gets_a_4xx_with_a_json_error(client, url, status, words):
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert words in response.json()["error"]
