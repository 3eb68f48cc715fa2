"""What an operator reads: the server's log (text or JSON, access lines, a line per mail with
its Message-ID, the tokens of mailed links never written), and under ``make run`` (no SMTP
server) the mail itself, link included, in the terminal."""

from __future__ import annotations

import json
import time

from electoral.petitions.tokens import Purpose
from tests.petitions.helpers import open_petition
from tests.security.conftest import start_server


def _wait_for(live, text: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        log = live.log_text()
        if text in log:
            return log
        time.sleep(0.1)
    raise AssertionError(f"{text!r} not in the log:\n{live.log_text()[-3000:]}")


def test_json_logs_with_access_lines_mail_lines_and_no_tokens(tmp_path, database, smtp_inbox):
    smtp_url, inbox = smtp_inbox
    for live in start_server(
        tmp_path, database, smtp_url, inbox,
        ELECTORAL_SECRET_KEY="log-test", ELECTORAL_LOG_FORMAT="json",
    ):  # fmt: skip
        service = live.service()
        pid = open_petition(service)
        with live.client() as client:
            signed = client.post(
                f"/api/petitions/{pid}/signatures",
                json={"name": "Logged Signer", "email": "logged@example.org", "zip": "19104"},
            )
            assert signed.status_code == 202
            token = service.tokens.make(Purpose.CONFIRM_SIGNATURE, 1)
            assert client.get(f"/petitions/confirm/{token}").status_code == 200
        log = _wait_for(live, "confirm:1 sent")
        entries = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
        assert entries, log
        messages = [e["message"] for e in entries]
        assert any(f"POST /api/petitions/{pid}/signatures" in m and "202" in m for m in messages)
        assert any("/petitions/confirm/<token>" in m for m in messages)
        assert token not in log  # a mailed link's token is never written to the log
        sent = next(e for e in entries if e["message"].endswith("confirm:1 sent"))
        assert sent["logger"] == "electoral.petitions.worker"
        assert sent["message"].startswith("mail <")  # its Message-ID
        assert "logged@example.org" not in log  # nor the signer's address


def test_without_smtp_the_mail_and_its_link_reach_the_terminal(tmp_path, database, smtp_inbox):
    _, inbox = smtp_inbox
    for live in start_server(tmp_path, database, "", inbox, ELECTORAL_SECRET_KEY="log-test"):
        pid = open_petition(live.service())
        with live.client() as client:
            client.post(
                f"/api/petitions/{pid}/signatures",
                json={"name": "Dev Signer", "email": "dev@example.org", "zip": "19104"},
            )
        log = _wait_for(live, "http://petitions.test/petitions/confirm/")
        assert "Confirm your signature" in log
