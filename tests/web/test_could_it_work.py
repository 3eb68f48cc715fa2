"""The defection question on the page and in the API, checked against the analysis."""

from __future__ import annotations

import re
from html import unescape

import pytest

from electoral.analysis.defection import defection
from electoral.states import State


@pytest.mark.parametrize("year", [1836, 1960, 2000, 2016, 2020, 2024])
def test_page_and_api_give_the_analysis(client, year):
    d = defection(year)
    body = client.get(f"/api/could-it-work/{year}").json()
    assert body["deny_majority"] == d.deny_majority
    assert body["elect_runner_up"] == d.elect_runner_up
    assert body["free_electors"] == d.free_electors
    assert body["house"]["president"] == d.contingent.president
    html = client.get(f"/could-it-work/{year}").text
    shown = re.search(r'data-testid="deny-majority">(\d+)<', html)
    assert shown
    assert int(shown.group(1)) == d.deny_majority
    for state in State:
        assert f'data-state="{state.value}"' in html


def test_free_states_are_drawn_as_free(client):
    html = client.get("/could-it-work/2016").text
    d = defection(2016)
    for s in d.states:
        label = re.search(rf'data-state="{s.state.value}"[^>]*aria-label="([^"]+)"', html)
        assert label
        assert ("free:" in label.group(1)) == s.is_free


@pytest.mark.parametrize(
    ("url", "status"), [("/could-it-work/1800", 400), ("/could-it-work/1801", 404)]
)
def test_years_without_an_answer(client, url, status):
    assert client.get(url).status_code == status
    assert client.get("/api" + url).status_code == status


def test_the_form_goes_to_the_year(client):
    response = client.get("/could-it-work?year=2000", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/could-it-work/2000"


def _house_outlook(html: str) -> str:
    match = re.search(r'data-testid="house-outlook">(.*?)</div>', html, re.S)
    assert match
    return " ".join(unescape(re.sub(r"<[^>]+>", "", match.group(1))).split())


def test_the_house_of_1825_is_worded_by_faction_and_others_by_party(client):
    """The 18th Congress is labelled by faction (``FACTION_CANDIDATES[18]``): its delegations
    vote with the faction of most of their members, not "by party"; a House labelled by party
    keeps the party wording."""
    outlook = _house_outlook(client.get("/could-it-work/1824").text)
    assert (
        "one vote per state, each delegation voting with the faction of most of its members: "
        "John Quincy Adams 13, Andrew Jackson 7, William H. Crawford 4."
    ) in outlook
    assert "by party" not in outlook
    assert "John Quincy Adams would be president" in outlook
    outlook = _house_outlook(client.get("/could-it-work/2000").text)
    assert "one vote per state: by party, Republican 28" in outlook
    assert "faction" not in outlook


def _section(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</(?:table|ul|div|p)>', html, re.S)
    assert match, testid
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def test_the_page_separates_the_four_classes_of_law(client):
    """No law, pledge only, penalty and cancel-replace, each with its electors and states; a
    pledge-only state is not drawn as free."""
    html = client.get("/could-it-work/2016").text
    classes = _section(html, "law-classes")
    assert "no law 155 15 AR, AZ, GA" in classes
    assert "pledge only 90 9 AK, AL, FL, ME" in classes
    assert "penalty 16 2 OK, SC" in classes
    assert "cancel-replace 45 5 MI, MT, NC, NE, UT" in classes
    label = re.search(r'data-state="FL"[^>]*aria-label="([^"]+)"', html)
    assert label
    assert "pledge only:" in label.group(1)
    assert "free:" not in label.group(1)


def test_the_page_cites_the_cases_and_the_act_of_the_count(client):
    old = client.get("/could-it-work/2016").text
    assert "Ray v. Blair, 343 U.S. 214 (1952)" in _section(old, "doctrine")
    assert "Micheal Baca" in _section(old, "doctrine")
    assert "no law 15" in _section(old, "free-by-definition")
    congress = _section(old, "congress")
    assert "Electoral Count Act of 1887" in congress
    assert "the act does not say" in congress
    new = client.get("/could-it-work/2024").text
    assert "enforceable since Chiafalo v. Washington, 591 U.S. 578 (2020)" in _section(
        new, "doctrine"
    )
    congress = _section(new, "congress")
    assert "20 of 99 senators and 87 of 434 representatives" in congress
    assert "3 U.S.C. §15(e)(2)" in congress
