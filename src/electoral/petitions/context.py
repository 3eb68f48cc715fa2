"""What the petition service's modules share: the database, the public address, the token
signer, the rate limits, the record, the clock and the allow and block lists' cache.

:class:`~electoral.petitions.service.PetitionService` holds one :class:`ServiceContext` and
hands it to the functions of :mod:`~electoral.petitions.lifecycle`,
:mod:`~electoral.petitions.counting`, :mod:`~electoral.petitions.signing`,
:mod:`~electoral.petitions.comments`, :mod:`~electoral.petitions.sharing` and
:mod:`~electoral.petitions.privacy`.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from electoral.petitions.db import PETITIONS
from electoral.petitions.domain import PetitionStatus
from electoral.petitions.errors import PetitionNotFoundError
from electoral.petitions.rows import naive, to_petition

if TYPE_CHECKING:
    from electoral.data import Record
    from electoral.petitions.ratelimit import AbuseLists, AbusePolicy
    from electoral.petitions.tokens import TokenSigner
    from electoral.petitions.values import Petition

__all__ = ["Clock", "ListsCache", "ServiceContext", "utc_now"]

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ListsCache:
    """The allow and block lists as last read (``(time.monotonic(), lists)``, or ``None``:
    read them again), with the lock that lets one thread at a time refresh them."""

    __slots__ = ("entry", "lock")

    def __init__(self) -> None:
        self.entry: tuple[float, AbuseLists] | None = None
        self.lock = threading.Lock()


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceContext:
    """One service's configuration; ``base_url`` has no trailing slash."""

    engine: Engine
    base_url: str
    tokens: TokenSigner
    policy: AbusePolicy
    record: Record | None
    clock: Clock
    lists: ListsCache = field(default_factory=ListsCache)

    def now(self) -> dt.datetime:
        """The clock's time as stored: naive UTC."""
        return naive(self.clock())

    def load(
        self, petition_id: int, *, public: bool, connection: Connection | None = None
    ) -> Petition:
        """A petition (on ``connection``, else on a connection of its own).

        Raises:
            PetitionNotFoundError: no such petition, or (``public``) not published.
        """
        statement = sa.select(PETITIONS).where(PETITIONS.c.id == petition_id)
        if connection is None:
            with self.engine.connect() as own:
                row = own.execute(statement).first()
        else:
            row = connection.execute(statement).first()
        if row is None or (public and not PetitionStatus(row.status).is_public):
            raise PetitionNotFoundError(petition_id)
        return to_petition(row)
