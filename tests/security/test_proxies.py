"""Finding 4 (medium): ``X-Forwarded-For`` was believed with no trusted proxy configured,
because uvicorn's own proxy-header handling rewrote the client's address (for any peer on
loopback) before the app's check: anyone could choose the address the rate limits count. Now
only the proxies ``ELECTORAL_TRUSTED_PROXIES`` names are believed, hop by hop from the right."""

from __future__ import annotations

import sqlalchemy as sa

from electoral.petitions.db import SIGNATURES
from tests.petitions.helpers import open_petition
from tests.security.conftest import start_server


def _sign(live, pid: int, i: int, forwarded: str) -> str | None:
    with live.client() as client:
        answer = client.post(
            f"/api/petitions/{pid}/signatures",
            json={"name": f"Signer {i}", "email": f"s{i}@example.org", "zip": "19104"},
            headers={"X-Forwarded-For": forwarded},
        )
    assert answer.status_code == 202, answer.text
    with live.service().engine.connect() as connection:
        return connection.execute(
            sa.select(SIGNATURES.c.ip).where(SIGNATURES.c.email == f"s{i}@example.org")
        ).scalar_one()


def test_with_no_trusted_proxy_the_header_is_ignored(live):
    pid = open_petition(live.service())
    assert _sign(live, pid, 1, "6.6.6.6") == "127.0.0.1"
    assert _sign(live, pid, 2, "203.0.113.9, 6.6.6.6") == "127.0.0.1"


def test_a_named_proxy_is_believed_and_hops_its_client_added_are_not(
    tmp_path, database, smtp_inbox
):
    smtp_url, inbox = smtp_inbox
    for live in start_server(
        tmp_path, database, smtp_url, inbox,
        ELECTORAL_SECRET_KEY="proxy-test", ELECTORAL_TRUSTED_PROXIES="127.0.0.1",
    ):  # fmt: skip
        pid = open_petition(live.service())
        assert _sign(live, pid, 1, "6.6.6.6") == "6.6.6.6"
        # the client wrote the first hop itself; the proxy appended the address it saw
        assert _sign(live, pid, 2, "1.2.3.4, 198.51.100.7") == "198.51.100.7"
