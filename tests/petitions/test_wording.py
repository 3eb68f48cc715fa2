"""The mails promise the lifetime the links have (tokens.LIFETIME), not a number of their own."""

from __future__ import annotations

from electoral.petitions import tokens, wording
from electoral.petitions.tokens import Purpose
from tests.petitions.helpers import form, mails, open_petition


def test_the_confirmation_mail_states_the_links_lifetime(service, engine, monkeypatch):
    pid = open_petition(service)
    service.sign(pid, form(1))
    days = tokens.LIFETIME[Purpose.CONFIRM_SIGNATURE] // 86_400
    assert f"The link works once and for {days} days." in mails(engine, "confirm:")[0].body
    monkeypatch.setitem(tokens.LIFETIME, Purpose.CONFIRM_SIGNATURE, 2 * 86_400)
    service.sign(pid, form(2))
    assert "The link works once and for 2 days." in mails(engine, "confirm:")[1].body


def test_durations_in_words():
    assert wording.duration(86_400) == "1 day"
    assert wording.duration(3 * 3_600) == "3 hours"
    assert wording.duration(61) == "61 seconds"
