"""A real browser signs a petition: the app under uvicorn, the mail worker sending to a real
SMTP server (aiosmtpd) on a free port, and Debian's chromium driven by Playwright.

The petition page stays open in one tab while another signs and opens the link from the mail;
the open page's count and its state's number then change by themselves (the page polls the
JSON API). Screenshots, desktop and phone, go to ``var/screenshots/``.
"""

from __future__ import annotations

import datetime as dt
import re
import socket
import threading
import time
from email import message_from_bytes
from email.message import Message
from typing import Any, cast

import pytest
from playwright.sync_api import expect

from electoral.petitions.service import PetitionDraft
from electoral.settings import Settings
from electoral.web.app import create_app
from electoral.web.routes.petitions import install_pages
from tests.e2e.conftest import VIEWPORTS, Guard, screenshot

pytestmark = pytest.mark.e2e

EMAIL = "e2e.signer@example.org"
LINK = re.compile(r"https?://\S+/petitions/confirm/\S+")


def viewport(name: str) -> dict[str, Any]:
    return cast("dict[str, Any]", VIEWPORTS[name])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox:
    """What the SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def wait_for(self, recipient: str, timeout: float = 15.0) -> Message:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.messages:
                if message["To"] == recipient:
                    return message
            time.sleep(0.1)
        raise AssertionError(f"no mail to {recipient} within {timeout} s")


@pytest.fixture(scope="module")
def smtp():
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield f"smtp://127.0.0.1:{controller.port}", inbox
    controller.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory, smtp):
    """The app served by uvicorn in a thread, with the mail worker in another."""
    import uvicorn

    from electoral.petitions.worker import run

    port = free_port()
    settings = Settings(
        database_url=f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'e2e.sqlite3'}",
        base_url=f"http://127.0.0.1:{port}",
        smtp_url=smtp[0],
    )
    app = create_app(settings)
    if not any(getattr(r, "path", None) == "/petitions" for r in app.router.routes):
        install_pages(app, settings)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    serving = threading.Thread(target=server.run, daemon=True)
    serving.start()
    stop = threading.Event()
    service = app.state.petitions
    worker = threading.Thread(
        target=run, args=(settings, stop), kwargs={"engine": service.engine, "poll": 0.2}
    )
    worker.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield settings.base_url, service
    stop.set()
    worker.join(10)
    server.should_exit = True
    serving.join(10)


def test_a_signature_confirmed_by_mail_shows_on_the_open_page(site, smtp, browser):
    base, service = site
    _url, inbox = smtp
    made = service.create_petition(
        PetitionDraft(
            title="Electors of Pennsylvania, hear us",
            text="We ask the electors to weigh the popular vote. https://example.org/why",
            creator_name="Ada Creator",
            creator_email="creator@example.org",
            target="PA,MI,WI",
            deadline=dt.date.today() + dt.timedelta(days=60),
            milestones=(1, 10),
        ),
        creator_verified=True,
    )
    service.publish(made.id)
    url = f"{base}/petitions/{made.id}"
    started = time.perf_counter()
    guard = Guard(base)
    desktop = browser.new_context(**viewport("desktop"))
    watcher = desktop.new_page()
    watcher.viewport_name = "desktop"
    guard.watch(watcher)
    watcher.goto(url)
    assert watcher.text_content("#signature-count") == "0"
    assert watcher.text_content('[data-count-state="PA"]') == "0"
    for _ in range(20):  # the form is reached from the keyboard, past the skip link and nav
        watcher.keyboard.press("Tab")
        if watcher.evaluate("document.activeElement.id") == "field-name":
            break
    else:
        pytest.fail("Tab never reached the name field")

    signer = browser.new_context(**viewport("phone"))
    phone = signer.new_page()
    phone.viewport_name = "phone"
    guard.watch(phone)
    phone.goto(f"{url}?ref=x")
    phone.get_by_label("Your name", exact=True).fill("Pat <b>Signer</b>")
    phone.get_by_label("E-mail address", exact=True).fill(EMAIL)
    phone.get_by_label("ZIP code", exact=True).fill("19104")
    phone.get_by_label("Why you sign").fill("Because it matters.")
    screenshot(phone, "petition-sign")
    phone.get_by_role("button", name="Sign", exact=True).click()
    phone.wait_for_url(f"{url}/signed")
    assert "Check your e-mail" in phone.text_content("h1")

    mail = inbox.wait_for(EMAIL)
    body = mail.get_payload(decode=True).decode()
    link = LINK.search(body)
    assert link, body
    phone.goto(link.group(0))
    assert phone.text_content("#signature-count") == "1"
    assert phone.text_content("#state-count") == "1"
    screenshot(phone, "petition-confirmed")

    # the open page follows the count by itself, without a reload
    # (a locator assertion: a string predicate would be eval'd, which the pages' CSP forbids)
    expect(watcher.locator("#signature-count")).to_have_text("1", timeout=20_000)
    assert watcher.text_content('[data-count-state="PA"]') == "1"
    assert watcher.get_attribute('.map [data-state="PA"]', "fill") == "#08306b"
    assert watcher.get_attribute('.map [data-state="OH"]', "fill") == "#e4e4e4"
    elapsed = time.perf_counter() - started
    screenshot(watcher, "petition")

    phone.goto(url)
    assert "Because it matters." in phone.text_content(".comment-list")
    assert phone.text_content("#signature-count") == "1"
    html = phone.content() + watcher.content()
    assert EMAIL not in html
    assert "<b>Signer</b>" not in html
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    screenshot(phone, "petition")
    print(f"sign -> mail -> confirm -> live count: {elapsed:.1f} s")
    signer.close()
    desktop.close()
    assert guard.problems == []
