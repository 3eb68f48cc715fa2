"""Recovering from a database recreated under a running service: a PostgreSQL database (or
schema) dropped and created again, or a SQLite file deleted or replaced.

Its tables are then missing (PostgreSQL's ``undefined_table``, SQLite's "no such table"), and
on SQLite the pool's connections may still hold the old, deleted file. :func:`restore_schema`
drops every pooled connection, runs the migrations (which take turns across processes) and
puts the service's generated key back, so the next request works without a restart.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Final

from sqlalchemy.exc import SQLAlchemyError  # noqa: TID253

from electoral.petitions.db import upgrade
from electoral.petitions.secret import remember_key

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine  # noqa: TID253

__all__ = ["is_missing_schema", "restore_schema"]

log = logging.getLogger("electoral.petitions.recovery")

UNDEFINED_TABLE: Final = "42P01"
"""PostgreSQL's SQLSTATE for a relation that does not exist."""
_lock = threading.Lock()


def is_missing_schema(error: BaseException) -> bool:
    """Whether ``error`` says a table of the schema does not exist."""
    if not isinstance(error, SQLAlchemyError):
        return False
    original = getattr(error, "orig", None)
    if getattr(original, "sqlstate", None) == UNDEFINED_TABLE:
        return True
    return "no such table" in str(original or error)


def restore_schema(engine: Engine, secret_key: str) -> None:
    """Reopen every connection and upgrade the schema to head (one thread at a time)."""
    with _lock:
        log.error("the database has lost its tables (recreated?): restoring the schema")
        engine.dispose()
        upgrade(engine)
        remember_key(engine, secret_key)
