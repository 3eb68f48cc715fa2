"""Concurrent signing and confirming with real threads against SQLite and PostgreSQL: no lost
update, no duplicate signature, a single-use link used once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from electoral.petitions.db import SIGNATURES
from electoral.petitions.errors import UsedTokenError
from electoral.petitions.ratelimit import AbusePolicy
from electoral.petitions.service import PetitionService
from electoral.states import State
from tests.petitions.conftest import BASE_URL, SECRET
from tests.petitions.helpers import form, last_token, mails, open_petition, token_of

THREADS = 8
ZIPS = {"19104": State.PA, "48201": State.MI, "53703": State.WI, "10001": State.NY}


def _unlimited(engine) -> PetitionService:
    return PetitionService(
        engine, base_url=BASE_URL, secret_key=SECRET, policy=AbusePolicy(limits=())
    )


def test_the_same_address_signing_at_once_makes_one_signature(engine):
    service = _unlimited(engine)
    pid = open_petition(service)
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(lambda _: service.sign(pid, form(1)), range(THREADS * 2)))
    with engine.connect() as connection:
        statuses = connection.execute(sa.select(SIGNATURES.c.status)).scalars().all()
    assert statuses == ["pending"]
    keys = [m.key.split(":")[0] for m in mails(engine)]
    assert keys.count("confirm") == 1
    assert keys.count("resend") == THREADS * 2 - 1


def test_no_lost_update_when_many_confirm_at_once(engine):
    service = _unlimited(engine)
    pid = open_petition(service)
    zips = list(ZIPS)
    n = 120
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(lambda i: service.sign(pid, form(i, zip=zips[i % 4])), range(n)))
        tokens = [token_of(m.body) for m in mails(engine, "confirm:")]
        done = list(pool.map(service.confirm_signature, tokens))
    counts = service.counts(pid)
    assert counts.total == n
    assert counts.by_state == dict.fromkeys(ZIPS.values(), n // 4)
    assert service.recount(pid).drift == {}
    # each confirmation read the counts in its own transaction, its own signature included
    assert all(1 <= d.state_total <= d.total <= n for d in done)
    if engine.dialect.name == "sqlite":  # the writers take turns: each saw the ones before
        assert sorted(d.total for d in done) == list(range(1, n + 1))
        for state in ZIPS.values():
            mine = sorted(d.state_total for d in done if d.state is state)
            assert mine == list(range(1, n // 4 + 1))


def test_a_link_opened_many_times_at_once_counts_once(engine):
    service = _unlimited(engine)
    pid = open_petition(service)
    service.sign(pid, form(1))
    token = last_token(engine, "signer1@example.org")

    def confirm(_: int) -> str:
        try:
            service.confirm_signature(token)
        except UsedTokenError:
            return "used"
        return "ok"

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(confirm, range(THREADS)))
    assert sorted(results) == ["ok"] + ["used"] * (THREADS - 1)
    assert service.counts(pid).total == 1
