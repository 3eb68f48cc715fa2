"""The JSON API in process (FastAPI TestClient) on both databases."""

from __future__ import annotations

import json
import warnings

import pytest
import sqlalchemy as sa
from fastapi import FastAPI

with warnings.catch_warnings():  # Starlette asks for httpx2 over httpx: not installed here
    warnings.simplefilter("ignore", UserWarning)
    from fastapi.testclient import TestClient

from electoral.petitions.db import SIGNATURES
from electoral.petitions.ratelimit import AbusePolicy, Limit, Scope
from electoral.petitions.service import PetitionService
from electoral.settings import Settings
from electoral.web.routes.petitions import install
from tests.petitions.conftest import BASE_URL, SECRET
from tests.petitions.helpers import draft, last_token, open_petition

SIGNER = {"name": "Ada Lovelace", "email": "ada@example.org", "zip": "19104"}


def _client(service, trusted: str = "", peer: str = "10.0.0.1") -> TestClient:
    app = FastAPI()
    install(app, Settings(base_url=BASE_URL, trusted_proxies=trusted), service=service)
    return TestClient(app, client=(peer, 5000))


@pytest.fixture
def client(service):
    return _client(service)


def test_petition_shape_counts_validated_signatures_only(client, service, engine):
    pid = open_petition(service)
    assert client.post(f"/api/petitions/{pid}/signatures", json=SIGNER).status_code == 202
    body = client.get(f"/api/petitions/{pid}").json()
    assert {"id", "title", "status", "signatures", "by_state", "milestones"} <= set(body)
    assert body["signatures"] == 0
    assert body["status"] == "open"
    confirmed = client.get(f"/api/petitions/confirm/{last_token(engine, SIGNER['email'])}")
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "validated"
    body = client.get(f"/api/petitions/{pid}").json()
    assert body["signatures"] == 1
    assert body["by_state"] == {"PA": 1}
    (listed,) = client.get("/api/petitions").json()
    assert listed["id"] == pid
    assert listed["signatures"] == 1


def test_new_and_repeated_signers_get_the_same_answer(client, service):
    pid = open_petition(service)
    first = client.post(f"/api/petitions/{pid}/signatures", json=SIGNER)
    again = client.post(f"/api/petitions/{pid}/signatures", json=SIGNER)
    assert (first.status_code, first.json()) == (again.status_code, again.json())
    assert first.json() == {"status": "pending"}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**SIGNER, "zip": "ABCDE"}, "zip"),
        ({**SIGNER, "email": "nope"}, "email"),
        ({**SIGNER, "state": "XX"}, "state"),
        ({"name": "A", "zip": "19104"}, "email"),
        ({**SIGNER, "zip": 19104}, "zip"),
        ({**SIGNER, "name": "x" * 5000}, "name"),
    ],
)
def test_bad_input_is_422_naming_the_field(client, service, engine, payload, field):
    pid = open_petition(service)
    answer = client.post(f"/api/petitions/{pid}/signatures", json=payload)
    assert answer.status_code == 422
    assert answer.json()["field"] == field
    assert answer.json()["error"]
    with engine.connect() as connection:
        assert connection.execute(sa.select(SIGNATURES)).all() == []


def test_broken_json_and_huge_bodies_are_refused(client, service):
    pid = open_petition(service)
    broken = client.post(
        f"/api/petitions/{pid}/signatures",
        content=b'{"name": "A", ',
        headers={"content-type": "application/json"},
    )
    assert broken.status_code == 422
    assert broken.json()["field"] == "body"
    huge = json.dumps({**SIGNER, "name": "x" * 10_000_000})
    assert client.post(f"/api/petitions/{pid}/signatures", content=huge).status_code == 413


def test_unknown_unpublished_and_closed(client, service):
    assert client.get("/api/petitions/999").status_code == 404
    assert client.post("/api/petitions/999/signatures", json=SIGNER).status_code == 404
    pending = service.create_petition(draft(), creator_verified=True).id
    assert client.get(f"/api/petitions/{pending}").status_code == 404
    assert client.post(f"/api/petitions/{pending}/signatures", json=SIGNER).status_code == 404
    pid = open_petition(service)
    service.close(pid)
    closed = client.post(f"/api/petitions/{pid}/signatures", json=SIGNER)
    assert closed.status_code == 409
    assert "not open" in closed.json()["error"]


def test_forged_and_used_tokens(client, service, engine):
    assert client.get("/api/petitions/confirm/forged.token.here").status_code == 400
    assert client.get(f"/api/petitions/confirm/{'x' * 5000}").status_code == 400
    pid = open_petition(service)
    client.post(f"/api/petitions/{pid}/signatures", json=SIGNER)
    token = last_token(engine, SIGNER["email"])
    assert client.post(f"/api/petitions/confirm/{token}").status_code == 200
    assert client.get(f"/api/petitions/confirm/{token}").status_code == 409


def test_comments_through_the_api_never_show_emails(client, service, engine):
    pid = open_petition(service)
    client.post(f"/api/petitions/{pid}/signatures", json={**SIGNER, "comment": "<i>why</i>"})
    token = client.get(f"/api/petitions/confirm/{last_token(engine, SIGNER['email'])}").json()[
        "comment_token"
    ]
    (reason,) = client.get(f"/api/petitions/{pid}/comments").json()
    assert reason["body"] == "<i>why</i>"
    assert reason["author"] == "Ada Lovelace"
    reply = client.post(
        f"/api/petitions/{pid}/comments", json={"token": token, "body": "me too", "parent": 1}
    )
    assert reply.status_code == 201
    assert (
        client.post(
            f"/api/petitions/{pid}/comments", json={"token": "bad", "body": "x"}
        ).status_code
        == 400
    )
    assert client.post(f"/api/petitions/{pid}/comments/{reason['id']}/flag").status_code == 200
    everything = "".join(
        client.get(path).text
        for path in ("/api/petitions", f"/api/petitions/{pid}", f"/api/petitions/{pid}/comments")
    )
    assert "@" not in everything
    assert len(client.get(f"/api/petitions/{pid}/share").json()) == 5


def test_forwarded_for_is_trusted_only_from_trusted_proxies(engine):
    policy = AbusePolicy(limits=(Limit(scope=Scope.IP, window=60, max=1),))
    service = PetitionService(engine, base_url=BASE_URL, secret_key=SECRET, policy=policy)
    pid = open_petition(service)
    behind_proxy = _client(service, trusted="10.0.0.0/8", peer="10.0.0.1")
    direct = _client(service, trusted="10.0.0.0/8", peer="192.0.2.50")
    for i, client in enumerate([behind_proxy, behind_proxy, direct, direct]):
        client.post(
            f"/api/petitions/{pid}/signatures",
            json={**SIGNER, "email": f"s{i}@example.org"},
            headers={"X-Forwarded-For": f"203.0.113.{i}"},
        )
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(SIGNATURES.c.ip, SIGNATURES.c.status).order_by(SIGNATURES.c.id)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("203.0.113.0", "pending"),
        ("203.0.113.1", "pending"),
        ("192.0.2.50", "pending"),
        ("192.0.2.50", "fraudulent"),
    ]
