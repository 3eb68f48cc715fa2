"""The odds page in a browser: run a forecast, see the histogram and its table, at desktop and
phone width, with no console error and no request to another host."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def test_run_a_forecast(page):
    page.goto("/odds")
    page.select_option("#year-year", "2016")
    page.select_option("#year-method", "mc")
    page.fill("#year-sims", "20000")
    page.fill("#year-seed", "11")
    with page.expect_navigation():
        page.click("#odds-year button[type=submit]")
    histogram = page.get_by_test_id("odds-histogram")
    histogram.wait_for()
    assert histogram.locator("svg rect").count() > 50
    assert page.get_by_test_id("p-win-first").inner_text().endswith("%")
    page.get_by_text("The histogram as a table").click()
    assert page.get_by_test_id("odds-histogram-table").is_visible()
    assert page.get_by_test_id("odds-tipping").locator("tbody tr").count() > 0
    assert page.locator("#odds-result").get_attribute("aria-busy") == "false"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]  # no sideways scrolling at phone width
    screenshot(page, "odds")


def test_progress_indicator(page):
    page.goto("/odds")
    page.evaluate(
        "document.getElementById('odds-year').addEventListener('submit', (e) => e.preventDefault())"
    )
    page.click("#odds-year button[type=submit]")
    assert page.locator("#odds-result").get_attribute("aria-busy") == "true"
    assert "forecast" in page.locator("#odds-status").inner_text()
