"""Finding 1 (high): with ``ELECTORAL_SECRET_KEY`` unset the server signed with a key written
in the source, so anyone could forge a confirmation link (a fake signature counted), a
creator's manage link or a moderator's session. Now it makes a random key on its first start,
keeps it (mode 0600 beside a SQLite file; in the database on PostgreSQL, for every machine),
says so once in the log, and a token or cookie made with the old constant is refused."""

from __future__ import annotations

import stat

import pytest
import sqlalchemy as sa
from itsdangerous import URLSafeTimedSerializer

from electoral.petitions.db import SERVICE_SECRETS
from electoral.petitions.errors import ConfigurationError
from electoral.petitions.secret import PUBLIC_KEYS, key_file, service_secret_key
from electoral.petitions.tokens import Purpose, TokenSigner
from tests.petitions.helpers import form, open_petition
from tests.security.conftest import start_server

OLD_KEY = "electoral-development-key-not-for-production"


@pytest.fixture
def keyless(tmp_path, database, smtp_inbox):
    """The server as ``make run`` starts it: no secret key set."""
    smtp_url, inbox = smtp_inbox
    yield from start_server(
        tmp_path, database, smtp_url, inbox, ELECTORAL_MODERATOR_PASSWORD="correct horse"
    )


def test_the_old_constant_is_the_published_key():
    assert OLD_KEY in PUBLIC_KEYS


def test_without_a_key_the_server_makes_one_keeps_it_and_says_so_once(keyless, tmp_path):
    url = keyless.env["ELECTORAL_DATABASE_URL"]
    path = key_file(url)
    if path is not None:  # SQLite: beside the database, readable by its owner only
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        key = path.read_text().strip()
    else:  # PostgreSQL: in the database, for every machine that shares it
        with keyless.service().engine.connect() as connection:
            key = connection.execute(sa.select(SERVICE_SECRETS.c.value)).scalar_one()
    assert len(key) >= 40
    assert key != OLD_KEY
    assert keyless.log_text().count("generated a random secret key") == 1
    # a second start (the mail worker, another machine) signs with the same key
    assert keyless.service().secret_key == key


def test_a_confirmation_link_forged_with_the_old_key_counts_nothing(keyless):
    service = keyless.service()
    pid = open_petition(service)
    with keyless.client() as client:
        answer = client.post(
            f"/api/petitions/{pid}/signatures",
            json={"name": "Real Signer", "email": "real@example.org", "zip": "19104"},
        )
        assert answer.status_code == 202
        forged = TokenSigner(OLD_KEY).make(Purpose.CONFIRM_SIGNATURE, 1)
        assert client.get(f"/api/petitions/confirm/{forged}").status_code == 400
        page = client.get(f"/petitions/confirm/{forged}")
        assert page.status_code == 400
        assert service.counts(pid).total == 0
        # the genuine link, signed with the generated key, still works
        genuine = service.tokens.make(Purpose.CONFIRM_SIGNATURE, 1)
        assert client.get(f"/api/petitions/confirm/{genuine}").status_code == 200
    assert service.counts(pid).total == 1


def test_a_manage_link_forged_with_the_old_key_is_refused(keyless):
    pid = open_petition(keyless.service())
    forged = TokenSigner(OLD_KEY).make(Purpose.MANAGE, pid)
    with keyless.client() as client:
        answer = client.get(f"/petitions/manage/{forged}")
    assert answer.status_code == 400
    assert "Electors, vote your conscience" not in answer.text


def test_a_moderator_session_forged_with_the_old_key_is_refused(keyless):
    forged = URLSafeTimedSerializer(OLD_KEY, salt="electoral.web.moderator").dumps("moderator")
    with keyless.client(cookies={"electoral_moderator": forged}) as client:
        answer = client.get("/petitions/moderate")
    assert answer.status_code == 303
    assert answer.headers["location"].endswith("/petitions/moderate/login")


def test_the_old_key_is_refused_even_when_set_on_purpose(tmp_path):
    with pytest.raises(ConfigurationError, match="public development key"):
        service_secret_key(OLD_KEY, f"sqlite:///{tmp_path / 'x.sqlite3'}", None)  # type: ignore[arg-type]


def test_a_key_file_others_can_read_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    path = key_file(url)
    assert path is not None
    path.write_text("some-key\n")
    path.chmod(0o644)
    with pytest.raises(ConfigurationError, match="readable by others"):
        service_secret_key("", url, None)  # type: ignore[arg-type]


def test_an_empty_key_signs_nothing():
    with pytest.raises(ConfigurationError):
        TokenSigner("")


def test_a_signature_made_through_the_page_is_not_forgeable_either(keyless):
    """The CSRF token of the forms is signed with the generated key too: a token made with the
    old constant for a chosen cookie is refused (403) and nothing is stored."""
    service = keyless.service()
    pid = open_petition(service)
    csrf = URLSafeTimedSerializer(OLD_KEY, salt="electoral.web.csrf").dumps("chosen-value")
    f = form(7)
    with keyless.client(cookies={"electoral_csrf": "chosen-value"}) as client:
        answer = client.post(
            f"/petitions/{pid}/sign",
            data={"csrf_token": csrf, "name": f.name, "email": f.email, "zip": f.zip},
        )
    assert answer.status_code == 403
    with service.engine.connect() as connection:
        stored = connection.execute(sa.text("select count(*) from signatures")).scalar_one()
    assert stored == 0
