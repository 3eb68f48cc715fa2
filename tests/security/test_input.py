"""Input that once got through: ZIP codes in other scripts' digits (finding 9: they crashed
the PDF export of the whole petition)."""

from __future__ import annotations

import os
import subprocess

import pytest
import sqlalchemy as sa

from tests.petitions.helpers import open_petition
from tests.petitions.test_domain import UNICODE_DIGITS
from tests.security.conftest import ELECTORAL


@pytest.mark.parametrize("zip_code", UNICODE_DIGITS[:3])
def test_a_zip_code_in_other_digits_is_refused_and_nothing_stored(live, zip_code):
    service = live.service()
    pid = open_petition(service)
    with live.client() as client:
        answer = client.post(
            f"/api/petitions/{pid}/signatures",
            json={"name": "Signer", "email": "s@example.org", "zip": zip_code, "state": "PA"},
        )
    assert answer.status_code == 422
    assert answer.json()["field"] == "zip"
    with service.engine.connect() as connection:
        assert connection.execute(sa.text("select count(*) from signatures")).scalar_one() == 0


def test_the_pdf_export_survives_a_zip_code_stored_before_the_check(live, tmp_path):
    """A row stored by an earlier version (written here straight into the table) no longer
    stops the export of the whole petition."""
    service = live.service()
    pid = open_petition(service)
    with live.client() as client:
        answer = client.post(
            f"/api/petitions/{pid}/signatures",
            json={"name": "Old Signer", "email": "old@example.org", "zip": "19104"},
        )
        assert answer.status_code == 202
    with service.engine.begin() as connection:
        connection.execute(sa.text("update signatures set zip = :z, status = 'validated'"),
                           {"z": UNICODE_DIGITS[0]})  # fmt: skip
    out = tmp_path / "packet.pdf"
    env = os.environ | live.env
    done = subprocess.run(
        [str(ELECTORAL), "petition", "export", str(pid), "--format", "pdf", "--output", str(out)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF-")
