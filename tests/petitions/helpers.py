"""Plain builders for petition tests."""

from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa

from electoral.petitions.db import OUTBOX
from electoral.petitions.service import PetitionDraft, PetitionService, SignatureForm

FUTURE = dt.date.today() + dt.timedelta(days=365)
URL = re.compile(r"https?://\S+")


def draft(**changes: object) -> PetitionDraft:
    values: dict[str, object] = {
        "title": "Electors, vote your conscience",
        "text": "We ask the electors to consider the popular vote.",
        "creator_name": "Ada Creator",
        "creator_email": "creator@example.org",
        "target": "all",
        "deadline": FUTURE,
        "milestones": (2, 3, 100),
    }
    values.update(changes)
    return PetitionDraft(**values)  # type: ignore[arg-type]


def open_petition(service: PetitionService, **changes: object) -> int:
    """A published petition's id."""
    made = service.create_petition(draft(**changes), creator_verified=True)
    service.publish(made.id)
    return made.id


def form(i: int = 0, **changes: object) -> SignatureForm:
    values: dict[str, object] = {
        "name": f"Signer {i}",
        "email": f"signer{i}@example.org",
        "zip": "19104",
    }
    values.update(changes)
    return SignatureForm(**values)  # type: ignore[arg-type]


def mails(engine, key_prefix: str = "") -> list:
    with engine.connect() as connection:
        return connection.execute(
            sa.select(OUTBOX).where(OUTBOX.c.key.like(f"{key_prefix}%")).order_by(OUTBOX.c.id)
        ).all()


def first_url(text: str) -> str:
    found = URL.search(text)
    assert found, text
    return found.group(0)


def token_of(body: str) -> str:
    """The token of the confirmation link: the first URL of the mail's text."""
    return first_url(body).rsplit("/", 1)[1]


def last_token(engine, email: str) -> str:
    """The token in the latest mail to ``email``."""
    rows = [m for m in mails(engine) if m.recipient == email]
    return token_of(rows[-1].body)


def sign_and_confirm(service: PetitionService, engine, petition_id: int, i: int, **changes):
    f = form(i, **changes)
    service.sign(petition_id, f)
    return service.confirm_signature(last_token(engine, f.email))
