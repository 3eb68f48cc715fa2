"""The service's secret key: what signs every mailed link, the CSRF tokens and the
moderators' sessions, so whoever knows it can forge any of them.

There is no usable default. ``ELECTORAL_SECRET_KEY`` names the key; unset, the service makes
a random one on its first start and keeps it:

- beside a SQLite database, in the file ``<database>.secret-key`` (mode 0600, created with
  ``O_EXCL`` so two processes starting at once agree on one key);
- in the database itself otherwise (table ``service_secrets``, inserted once with
  ``ON CONFLICT DO NOTHING`` and read back), so that every machine sharing a PostgreSQL
  database signs with the same key: a link mailed by one is accepted by all;
- nowhere for an in-memory SQLite database (a key for the life of the process).

The key written in the source of earlier versions (:data:`PUBLIC_KEYS`) is public and refused
even when set on purpose: a token or cookie made with it is never accepted.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Final

import sqlalchemy as sa  # noqa: TID253 (the service layer)

from electoral.petitions.db import SERVICE_SECRETS, dialect_insert, writing
from electoral.petitions.errors import ConfigurationError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine  # noqa: TID253

__all__ = ["KEY_BYTES", "PUBLIC_KEYS", "key_file", "service_secret_key"]

log = logging.getLogger("electoral.petitions.secret")

KEY_BYTES: Final = 32
"""Random bytes in a generated key (256 bits, as itsdangerous's HMAC-SHA1 needs far less)."""
KEY_NAME: Final = "signing-key"
PUBLIC_KEYS: Final = frozenset({"electoral-development-key-not-for-production"})
"""Keys that were published (the development default of versions before 0.2): refused."""


def key_file(database_url: str) -> Path | None:
    """Where the generated key of a SQLite file database is kept (``None``: not a file)."""
    url = sa.make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(f"{url.database}.secret-key")


def service_secret_key(configured: str, database_url: str, engine: Engine) -> str:
    """The key to sign with: ``configured`` (``ELECTORAL_SECRET_KEY``) when set, otherwise
    the generated one kept beside or in the database (made on first use).

    Raises:
        ConfigurationError: the configured key is a published one or blank, or the key file
            is readable by others or unreadable.
    """
    if configured:
        if configured.strip() in PUBLIC_KEYS:
            raise ConfigurationError(
                "ELECTORAL_SECRET_KEY is the public development key of earlier versions: "
                "anyone could forge links and sessions with it; set a random one "
                "(python -c 'import secrets; print(secrets.token_urlsafe(32))') or unset it"
            )
        if not configured.strip():
            raise ConfigurationError("ELECTORAL_SECRET_KEY is blank: set a random key or unset it")
        return configured
    path = key_file(database_url)
    if path is not None:
        return _file_key(path)
    if sa.make_url(database_url).get_backend_name() == "sqlite":
        log.warning("ELECTORAL_SECRET_KEY is unset: an in-memory database gets a key for this run")
        return secrets.token_urlsafe(KEY_BYTES)
    return _database_key(engine)


def _file_key(path: Path) -> str:
    """Read the key file, or create it (mode 0600) if it does not exist yet."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key_file(path)
    except OSError as error:
        raise ConfigurationError(
            f"cannot create the secret key file {path}: {error.strerror or error}"
        ) from None
    key = secrets.token_urlsafe(KEY_BYTES)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(key + "\n")
        file.flush()
        os.fsync(file.fileno())
    log.warning(
        "ELECTORAL_SECRET_KEY is unset: generated a random secret key, kept in %s (mode 0600);"
        " keep that file with the database, or set ELECTORAL_SECRET_KEY",
        path,
    )
    return key


def _read_key_file(path: Path) -> str:
    """The key in an existing file, refused if others may read it or it holds no key. A file
    just created by another process may still be empty: wait for its key a moment."""
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigurationError(
            f"the secret key file {path} is readable by others (mode {stat.filemode(mode)}):"
            f" expected mode 0600 (chmod 600 {path})"
        )
    for _ in range(50):
        key = path.read_text(encoding="ascii", errors="replace").strip()
        if key:
            return key
        _pause()
    raise ConfigurationError(f"the secret key file {path} is empty: delete it to make a new key")


def _pause() -> None:
    import time

    time.sleep(0.02)


def _database_key(engine: Engine) -> str:
    """The key in ``service_secrets``: inserted by the first process to start, read by all."""
    candidate = secrets.token_urlsafe(KEY_BYTES)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with writing(engine) as connection:
        insert = dialect_insert(connection.dialect.name, SERVICE_SECRETS)
        inserted = connection.execute(
            insert.values(name=KEY_NAME, value=candidate, created_at=now)
            .on_conflict_do_nothing(index_elements=["name"])
            .returning(SERVICE_SECRETS.c.name)
        ).first()
        key = connection.execute(
            sa.select(SERVICE_SECRETS.c.value).where(SERVICE_SECRETS.c.name == KEY_NAME)
        ).scalar_one()
    if inserted is not None:
        log.warning(
            "ELECTORAL_SECRET_KEY is unset: generated a random secret key, kept in the"
            " database (table service_secrets) for every machine that shares it"
        )
    return str(key)


def remember_key(engine: Engine, key: str) -> None:
    """Put the key in use back into a database that lost it (recreated under a running
    service), so that a machine starting later signs with the same key (PostgreSQL; a SQLite
    database keeps its key in a file of its own)."""
    if engine.dialect.name == "sqlite":
        return
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with writing(engine) as connection:
        insert = dialect_insert(connection.dialect.name, SERVICE_SECRETS)
        connection.execute(
            insert.values(name=KEY_NAME, value=key, created_at=now).on_conflict_do_nothing(
                index_elements=["name"]
            )
        )
