"""Browser tests: the app served by uvicorn on a local port, driven by Playwright through
Debian's chromium (never a downloaded browser). Every page a test opens fails it on a console
error, an uncaught exception or a request to another host. Screenshots go to
``var/screenshots/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import pytest

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def base_url(tmp_path_factory):
    import uvicorn

    from electoral.settings import Settings
    from electoral.web.app import create_app

    db = tmp_path_factory.mktemp("e2e") / "e2e.sqlite3"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        app = create_app(Settings(database_url=f"sqlite:///{db}"))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the app did not start within 20 seconds")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        if os.environ.get("CI") == "true":  # in CI a missing browser fails, never skips
            pytest.fail("Debian's chromium is not installed (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Guard:
    """Collects what must not happen on a page: console errors, uncaught exceptions, and
    requests to any host but the app's (those are aborted too)."""

    def __init__(self, base_url: str) -> None:
        self.host = urlsplit(base_url).netloc
        self.problems: list[str] = []
        self.allowed: list[str] = []

    def allow(self, text: str) -> None:
        """Accept console errors containing ``text`` (a page the test expects to be a 404)."""
        self.allowed.append(text)

    def watch(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.route("**/*", self._route)

    def _console(self, message) -> None:
        if message.type == "error" and not any(a in message.text for a in self.allowed):
            self.problems.append(f"console error: {message.text}")

    def _route(self, route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("data", "blob") or url.netloc == self.host:
            route.continue_()
        else:
            self.problems.append(f"request to another host: {route.request.url}")
            route.abort()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def page(browser, base_url, viewport):
    context = browser.new_context(base_url=base_url, **VIEWPORTS[viewport])
    page = context.new_page()
    guard = Guard(base_url)
    guard.watch(page)
    page.viewport_name = viewport
    page.guard = guard
    yield page
    context.close()
    assert guard.problems == []


@pytest.fixture
def desktop(browser, base_url):
    context = browser.new_context(base_url=base_url, **VIEWPORTS["desktop"])
    page = context.new_page()
    guard = Guard(base_url)
    guard.watch(page)
    page.viewport_name = "desktop"
    yield page
    context.close()
    assert guard.problems == []


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as ``var/screenshots/<name>-<viewport>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{page.viewport_name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
