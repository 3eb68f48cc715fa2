"""Floods, tried on a real server behind a trusted proxy (so that one test speaks for many
client addresses): junk from one address must not silence the real signers of its domain."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from electoral.petitions.db import SIGNATURES
from tests.petitions.helpers import open_petition


def _sign(client, pid: int, email: str, ip: str) -> int:
    answer = client.post(
        f"/api/petitions/{pid}/signatures",
        json={"name": "A Signer", "email": email, "zip": "19104"},
        headers={"X-Forwarded-For": ip},
    )
    return answer.status_code


def test_a_flood_at_one_domain_does_not_silence_its_real_signers(proxied):
    """Finding 8: 100 junk submissions from one address to campus.edu used up the domain's
    allowance (60 a minute), and a student signing from elsewhere was refused."""
    service = proxied.service()
    pid = open_petition(service)
    with proxied.client() as client, ThreadPoolExecutor(8) as pool:
        flood = list(pool.map(
            lambda i: _sign(client, pid, f"junk{i}@campus.edu", "6.6.6.6"), range(100)
        ))  # fmt: skip
        assert _sign(client, pid, "student@campus.edu", "198.51.100.4") in (202, 429)
    assert set(flood) <= {202, 429}
    with service.engine.connect() as connection:
        status = connection.execute(
            sa.select(SIGNATURES.c.status).where(SIGNATURES.c.email == "student@campus.edu")
        ).scalar_one()
        junk_taken = connection.execute(
            sa.select(sa.func.count()).where(
                SIGNATURES.c.status == "pending", SIGNATURES.c.ip == "6.6.6.6"
            )
        ).scalar_one()
    assert status == "pending"  # taken, and its confirmation mail written
    assert junk_taken == 30  # the flooding address's own burst allowance
