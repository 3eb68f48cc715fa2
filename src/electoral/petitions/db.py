"""Storage of petitions: SQLAlchemy 2 models (typed ``Mapped[]``), the engine factory and the
schema upgrade through the Alembic migrations shipped in :mod:`electoral.migrations`.

The models describe tables only; the service reads and writes them with Core statements (the
hot path is four short statements) and maps rows to the domain's dataclasses explicitly.

SQLite (default, embedded) runs in WAL mode with a busy timeout; writing transactions start
with ``BEGIN IMMEDIATE`` so that two writers queue on the lock instead of failing with
"database is locked" when a reader upgrades. PostgreSQL is the production database.

Counting: ``signature_counts`` holds one row per (petition, state, shard); a validation adds one
to a shard chosen at random (``INSERT ... ON CONFLICT DO UPDATE SET n = n + 1``), so concurrent
validations rarely wait for the same row lock, and none is lost (the increment is atomic in the
database, not read-modify-write in Python). Reading sums at most 51 x SHARDS small rows.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import functools
import logging
import os
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar, Token
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, cast

import sqlalchemy as sa  # noqa: TID253 (the storage module is where SQLAlchemy belongs)
from sqlalchemy import (  # noqa: TID253
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.dialects import postgresql, sqlite  # noqa: TID253
from sqlalchemy.engine import Connection, Engine  # noqa: TID253
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column  # noqa: TID253

__all__ = [
    "ABUSE_RULES",
    "COMMENTS",
    "COUNTS",
    "MILESTONES",
    "OUTBOX",
    "PETITIONS",
    "MODERATOR_SESSIONS",
    "RATE_COUNTERS",
    "SERVICE_SECRETS",
    "SHARDS",
    "SIGNATURES",
    "UPDATES",
    "WORKER_HEARTBEATS",
    "AbuseRuleRow",
    "Base",
    "CommentRow",
    "MilestoneRow",
    "ModeratorSessionRow",
    "OutboxRow",
    "PetitionRow",
    "RateCounterRow",
    "SignatureCountRow",
    "ServiceSecretRow",
    "SignatureRow",
    "UpdateRow",
    "WorkerHeartbeatRow",
    "create_engine",
    "Statements",
    "dialect_insert",
    "statements",
    "upgrade",
    "writing",
]

log = logging.getLogger("electoral.petitions.db")

SHARDS: Final = 16
"""Counter rows per petition and state (more shards: fewer lock waits, longer sums)."""

BigId = BigInteger().with_variant(Integer, "sqlite")  # SQLite autoincrements INTEGER only

NAMING: Final = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING)


class PetitionRow(Base):
    __tablename__ = "petitions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(150))
    text: Mapped[str] = mapped_column(Text)
    creator_name: Mapped[str] = mapped_column(String(100))
    creator_email: Mapped[str | None] = mapped_column(String(320))
    creator_verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    target_kind: Mapped[str] = mapped_column(String(10))
    target_states: Mapped[str] = mapped_column(String(160), default="")
    target_year: Mapped[int | None] = mapped_column(Integer)
    target_candidate: Mapped[str | None] = mapped_column(String(100))
    deadline: Mapped[dt.date] = mapped_column(Date)
    milestones: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(12), index=True)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class SignatureRow(Base):
    """A signature. ``email_key`` is the digest of the normalised address while the signature
    takes part in the one-per-address rule; it is NULL for submissions refused as over-limit
    (kept as fraudulent for audit), which therefore never block the person's real signature."""

    __tablename__ = "signatures"
    __table_args__ = (
        UniqueConstraint("petition_id", "email_key"),
        Index(None, "petition_id", "status", "state"),
        Index(None, "email_digest"),
        Index(None, "petition_id", "ref"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"))
    status: Mapped[str] = mapped_column(String(12))
    name: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(320))
    email_digest: Mapped[str] = mapped_column(String(64))
    email_key: Mapped[str | None] = mapped_column(String(64))
    email_domain: Mapped[str | None] = mapped_column(String(255))
    zip: Mapped[str | None] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(2))
    comment: Mapped[str | None] = mapped_column(Text)
    ref: Mapped[str | None] = mapped_column(String(64))
    ip: Mapped[str | None] = mapped_column(String(45))
    fraud_reason: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    validated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    removed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class SignatureCountRow(Base):
    __tablename__ = "signature_counts"

    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"), primary_key=True)
    state: Mapped[str] = mapped_column(String(2), primary_key=True)
    shard: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)


class MilestoneRow(Base):
    __tablename__ = "petition_milestones"

    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"), primary_key=True)
    threshold: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    reached_at: Mapped[dt.datetime] = mapped_column(DateTime)


class UpdateRow(Base):
    __tablename__ = "petition_updates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class CommentRow(Base):
    __tablename__ = "comments"
    __table_args__ = (Index(None, "petition_id", "status", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"))
    signature_id: Mapped[int] = mapped_column(ForeignKey("signatures.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"))
    body: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))
    flags: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class OutboxRow(Base):
    """A mail to send. ``key`` is unique per intended mail (``confirm:<signature id>`` for the
    first confirmation), so writing the same mail twice is impossible."""

    __tablename__ = "outbox"
    __table_args__ = (Index(None, "status", "available_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    recipient: Mapped[str | None] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claim: Mapped[str | None] = mapped_column(String(36))
    claimed_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    available_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(String(500))


class RateCounterRow(Base):
    """Fixed-window counters for the abuse limits, shared by every worker process."""

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    window_start: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class ServiceSecretRow(Base):
    """Secrets the service generates for itself and every machine shares (the signing key
    when ``ELECTORAL_SECRET_KEY`` is unset, on a database other than a SQLite file)."""

    __tablename__ = "service_secrets"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ModeratorSessionRow(Base):
    """A moderator's login, so that logging out revokes it on every machine (the cookie
    names the session; a revoked or expired one is refused)."""

    __tablename__ = "moderator_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class WorkerHeartbeatRow(Base):
    """A mail worker's sign of life, written as it loops (every machine's workers in the one
    database): what the readiness check reads to tell whether mail is going out."""

    __tablename__ = "worker_heartbeats"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    beat_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    ok_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    sent: Mapped[int] = mapped_column(BigInteger)
    failures: Mapped[int] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(500))
    last_error_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AbuseRuleRow(Base):
    __tablename__ = "abuse_rules"
    __table_args__ = (UniqueConstraint("kind", "value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    value: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


def _file_identity(path: str) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _watch_file(engine: Engine, path: str) -> None:
    """Refuse a pooled connection to a SQLite file that was deleted or replaced since it was
    opened (a restored backup, a reset): it would go on reading and writing the old, unlinked
    file, and every signature written there would be lost. SQLAlchemy then opens a new
    connection, to the file now at the path (one ``stat`` per checkout)."""

    def opened(_dbapi: Any, record: Any) -> None:
        record.info["file"] = _file_identity(path)

    def taken(_dbapi: Any, record: Any, _proxy: Any) -> None:
        if record.info.get("file") != _file_identity(path):
            raise sa.exc.DisconnectionError(f"{path} was replaced or removed")

    event.listen(engine, "connect", opened)
    event.listen(engine, "checkout", taken)


def _sqlite_connect(dbapi_connection: Any, _record: Any, *, autocheckpoint: bool = True) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see _sqlite_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    if not autocheckpoint:
        cursor.execute("PRAGMA wal_autocheckpoint=0")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


_IMMEDIATE: ContextVar[bool] = ContextVar("electoral_sqlite_immediate", default=False)


def _sqlite_begin(connection: Connection) -> None:
    # Straight to the driver: this runs once per transaction, on the hot path.
    driver = connection.connection.driver_connection
    driver.execute("BEGIN IMMEDIATE" if _IMMEDIATE.get() else "BEGIN")  # type: ignore[union-attr]


class _WriterLock:
    """Orders the writers of one SQLite file across threads (a lock) and processes (``flock``
    on ``<database>.lock``). SQLite's own busy handler makes a waiting writer sleep and retry
    (1, 2, 5, ... up to 100 ms), which under a surge turned into seconds of tail latency;
    a writer blocked in ``flock`` is woken by the kernel the moment the lock is released."""

    def __init__(self, path: str) -> None:
        self.path = f"{path}.lock"
        self.threads = threading.RLock()
        self.depth = 0
        self.fd: int | None = None

    @contextmanager
    def held(self) -> Iterator[None]:
        with self.threads:
            if self.fd is None:
                self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            if self.depth == 0:
                fcntl.flock(self.fd, fcntl.LOCK_EX)
            self.depth += 1
            try:
                yield
            finally:
                self.depth -= 1
                if self.depth == 0:
                    fcntl.flock(self.fd, fcntl.LOCK_UN)


_WRITER_LOCKS: dict[tuple[int, str], _WriterLock] = {}
_WRITER_LOCKS_GUARD = threading.Lock()


@functools.lru_cache(maxsize=64)
def _resolved(path: str) -> str:
    return str(Path(path).resolve())


def _canonical(path: str) -> str:
    """The real path of a database file; for an absolute path, resolved once per process (not
    a few system calls per transaction), a relative one depends on the current folder."""
    return _resolved(path) if os.path.isabs(path) else str(Path(path).resolve())


def _writer_lock(engine: Engine) -> _WriterLock | None:
    url = engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    key = (os.getpid(), _canonical(url.database))
    with _WRITER_LOCKS_GUARD:
        lock = _WRITER_LOCKS.get(key)
        if lock is None:
            lock = _WRITER_LOCKS[key] = _WriterLock(key[1])
    return lock


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A transaction that will write: on SQLite it starts with ``BEGIN IMMEDIATE``, taking the
    write lock at once, so concurrent writers wait instead of deadlocking, and the writers of
    a database file queue on a :class:`_WriterLock` rather than in SQLite's busy handler."""
    lock = _writer_lock(engine)
    with lock.held() if lock is not None else nullcontext():
        token: Token[bool] | None = _IMMEDIATE.set(True)
        try:
            with engine.begin() as connection:
                _IMMEDIATE.reset(token)  # type: ignore[arg-type]
                token = None
                yield connection
        finally:
            if token is not None:
                _IMMEDIATE.reset(token)


def create_engine(url: str, *, background_checkpoints: bool = False, **kwargs: Any) -> Engine:
    """An engine for ``url``: SQLite gets WAL, a busy timeout and ``BEGIN IMMEDIATE`` for
    writers (see :func:`writing`); its folder is created. With ``background_checkpoints``
    (servers), a SQLite file's WAL is checkpointed by a background thread (:func:`_checkpoints`)
    instead of by whichever commit crosses SQLite's threshold.

    Extra keyword arguments go to :func:`sqlalchemy.create_engine` (e.g. ``connect_args``).
    """
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            kwargs.setdefault("pool_size", 16)
            kwargs.setdefault("max_overflow", 16)
        engine = sa.create_engine(parsed, **kwargs)
        on_connect = functools.partial(_sqlite_connect, autocheckpoint=not background_checkpoints)
        event.listen(engine, "connect", on_connect)
        event.listen(engine, "begin", _sqlite_begin)
        if parsed.database and parsed.database != ":memory:":
            _watch_file(engine, parsed.database)
        if background_checkpoints and parsed.database and parsed.database != ":memory:":
            threading.Thread(
                target=_checkpoints, args=(engine,), name="wal-checkpoints", daemon=True
            ).start()
        return engine
    kwargs.setdefault("pool_size", 16)
    kwargs.setdefault("max_overflow", 16)
    # A pooled connection may have died with a restart of the server: test it as it is taken
    # (one round trip per transaction) rather than fail the first request after the restart.
    kwargs.setdefault("pool_pre_ping", True)
    return sa.create_engine(parsed, **kwargs)


CHECKPOINT_EVERY: Final = 0.25
"""Seconds between the background WAL checkpoints (see :func:`create_engine`)."""


def _checkpoints(engine: Engine) -> None:
    """Copy the WAL back into the database file every :data:`CHECKPOINT_EVERY` seconds with
    passive checkpoints, which never wait for or block a writer. Left to SQLite, the commit
    that crosses 1,000 WAL pages runs the checkpoint (and its ``fsync``) itself, holding the
    write lock: under a surge that was a stall of up to 290 ms every few hundred milliseconds.
    Stops when the engine is garbage-collected."""
    reference = weakref.ref(engine)
    del engine
    while True:
        time.sleep(CHECKPOINT_EVERY)
        current = reference()
        if current is None:
            return
        try:
            raw = current.raw_connection()
        except sa.exc.SQLAlchemyError:
            return
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(PASSIVE)")  # type: ignore[union-attr]
        except Exception:  # noqa: BLE001 (a busy or closed database: try again later)
            log.debug("checkpoint skipped", exc_info=True)
        finally:
            raw.close()
        del current


def _table(model: type[Base]) -> sa.Table:
    return cast(sa.Table, model.__table__)


PETITIONS: Final = _table(PetitionRow)
SIGNATURES: Final = _table(SignatureRow)
COUNTS: Final = _table(SignatureCountRow)
MILESTONES: Final = _table(MilestoneRow)
UPDATES: Final = _table(UpdateRow)
COMMENTS: Final = _table(CommentRow)
OUTBOX: Final = _table(OutboxRow)
RATE_COUNTERS: Final = _table(RateCounterRow)
SERVICE_SECRETS: Final = _table(ServiceSecretRow)
MODERATOR_SESSIONS: Final = _table(ModeratorSessionRow)
WORKER_HEARTBEATS: Final = _table(WorkerHeartbeatRow)
ABUSE_RULES: Final = _table(AbuseRuleRow)


def dialect_insert(dialect: str, table: sa.Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT with ``ON CONFLICT`` support for the database ``dialect`` (its name)."""
    if dialect == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


@dataclass(frozen=True, slots=True)
class Statements:
    """The hot path's statements, built once per dialect and executed with parameters, so
    SQLAlchemy compiles each once (cached) instead of rebuilding it per request."""

    open_petition: sa.Select[Any]
    insert_signature: sa.Insert
    insert_pending_many: sa.Executable
    find_signer: sa.Select[Any]
    insert_mail: sa.Insert
    add_count: sa.Executable
    confirmable: sa.Select[Any]
    validate: sa.Executable
    insert_comment: sa.Insert
    confirmed: sa.Select[Any]
    insert_milestones: sa.Executable


def _confirmed_counts() -> sa.Select[Any]:
    """What a confirmation shows: the petition (its status, deadline, milestones and title),
    its total and the signer's state's count, and how many of the milestones the total reaches
    are recorded already (so the milestones are written only when one is missing)."""
    bind = sa.bindparam
    totals = (
        sa.select(
            sa.func.coalesce(sa.func.sum(COUNTS.c.n), 0).label("total"),
            sa.func.coalesce(
                sa.func.sum(sa.case((COUNTS.c.state == bind("state"), COUNTS.c.n), else_=0)), 0
            ).label("state_total"),
        )
        .where(COUNTS.c.petition_id == bind("petition_id"))
        .cte("totals")
    )
    recorded = (  # a petition's milestones are set when it is created: there are no others
        sa.select(sa.func.count())
        .where(
            MILESTONES.c.petition_id == bind("petition_id"),
            MILESTONES.c.threshold <= totals.c.total,
        )
        .scalar_subquery()
    )
    return (
        sa.select(
            PETITIONS.c.status.label("petition_status"),
            PETITIONS.c.deadline,
            PETITIONS.c.milestones,
            PETITIONS.c.title,
            totals.c.total,
            totals.c.state_total,
            recorded.label("recorded"),
        )
        .select_from(PETITIONS.join(totals, sa.true()))  # totals: one row
        .where(PETITIONS.c.id == bind("petition_id"))
    )


@functools.cache
def statements(dialect: str) -> Statements:
    """The prepared statements for ``dialect`` (``"sqlite"`` or ``"postgresql"``)."""
    bind = sa.bindparam
    pending = dialect_insert(dialect, SIGNATURES).on_conflict_do_nothing(
        index_elements=["petition_id", "email_key"]
    )
    count = dialect_insert(dialect, COUNTS)
    return Statements(
        open_petition=sa.select(PETITIONS.c.status, PETITIONS.c.deadline).where(
            PETITIONS.c.id == bind("petition_id")
        ),
        insert_signature=sa.insert(SIGNATURES),
        insert_pending_many=pending.returning(
            SIGNATURES.c.id, SIGNATURES.c.petition_id, SIGNATURES.c.email_key
        ),
        find_signer=sa.select(SIGNATURES.c.id, SIGNATURES.c.status).where(
            SIGNATURES.c.petition_id == bind("petition_id"),
            SIGNATURES.c.email_key == bind("email_key"),
        ),
        insert_mail=sa.insert(OUTBOX),
        add_count=count.on_conflict_do_update(
            index_elements=["petition_id", "state", "shard"],
            set_={"n": COUNTS.c.n + count.excluded.n},
        ),
        confirmable=sa.select(
            SIGNATURES.c.petition_id,
            SIGNATURES.c.status,
            SIGNATURES.c.state,
            SIGNATURES.c.comment,
            SIGNATURES.c.created_at,
            PETITIONS.c.status.label("petition_status"),
            PETITIONS.c.deadline,
            PETITIONS.c.milestones,
        )
        .join(PETITIONS, PETITIONS.c.id == SIGNATURES.c.petition_id)
        .where(SIGNATURES.c.id == bind("signature_id")),
        validate=sa.update(SIGNATURES)
        .where(SIGNATURES.c.id == bind("signature_id"), SIGNATURES.c.status == bind("pending"))
        .values(status=bind("validated"), validated_at=bind("now"))
        .returning(
            SIGNATURES.c.petition_id,
            SIGNATURES.c.state,
            SIGNATURES.c.comment,
            SIGNATURES.c.created_at,
        ),
        insert_comment=sa.insert(COMMENTS),
        confirmed=_confirmed_counts(),
        insert_milestones=dialect_insert(dialect, MILESTONES).on_conflict_do_nothing(
            index_elements=["petition_id", "threshold"]
        ),
    )


MIGRATIONS: Final = Path(__file__).resolve().parent.parent / "migrations"


UPGRADE_LOCK: Final = 0x656C6563  # "elec": the advisory lock that serialises upgrades


def upgrade(url_or_engine: str | Engine, revision: str = "head") -> None:
    """Create or upgrade the schema to ``revision`` with the shipped Alembic migrations.

    Safe to run from several processes at once (a server's workers and its mail worker all
    do, as they start): the upgrades take turns, on SQLite through the write lock
    (:func:`writing`), on PostgreSQL through a transaction-level advisory lock, and each finds
    the schema where the previous one left it.
    """
    from alembic import command
    from alembic.config import Config

    engine = create_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with writing(engine) as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK}
                )
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        if isinstance(url_or_engine, str):
            engine.dispose()


def check_database(url: str, *, may_create_folder: bool = False, timeout: float = 5.0) -> None:
    """Check that ``url`` (``ELECTORAL_DATABASE_URL``) names a database the service can use,
    before a server says it is serving or a command starts, so that a bad setting is one line
    instead of a traceback later (a 217-line one, after "serving at", before this check):

    - the URL parses, names SQLite or PostgreSQL (the two databases the migrations and
      :func:`statements` support) and a driver that is installed and synchronous;
    - SQLite: the file's folder exists (it is not created, unless ``may_create_folder``: for
      the default ``var/`` of :func:`electoral.settings.default_database_url`), the path is
      not a folder, and a file already there is a SQLite database;
    - PostgreSQL: the server accepts a connection and ``SELECT 1`` within ``timeout`` seconds.

    Nothing is created or written. The web layer, the mail worker and the ``electoral
    petition`` commands can all call it.

    Raises:
        ConfigurationError: one line naming the setting and the URL (password hidden), what is
            wrong, and what was expected.
    """
    from electoral.petitions.errors import ConfigurationError

    expected = "expected sqlite:///PATH or postgresql://USER@HOST/DATABASE"
    try:
        parsed = sa.make_url(url)
    except (sa.exc.ArgumentError, ValueError):
        scheme = url.partition("://")[0] if "://" in url else "no scheme"
        raise ConfigurationError(
            f"ELECTORAL_DATABASE_URL ({scheme}://...) is not a database URL; {expected}"
        ) from None
    shown = f"ELECTORAL_DATABASE_URL {parsed.render_as_string(hide_password=True)}"
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ConfigurationError(f"{shown}: the database {backend!r} is not supported; {expected}")
    _check_driver(parsed, shown)
    if backend == "sqlite":
        _check_sqlite_file(parsed.database, shown, may_create_folder, timeout)
    else:
        _check_server(parsed, shown, timeout)


def _check_driver(parsed: sa.URL, shown: str) -> None:
    """The URL's driver is known to SQLAlchemy, installed and synchronous."""
    from electoral.petitions.errors import ConfigurationError

    backend, driver = parsed.get_backend_name(), parsed.get_driver_name()
    usual = "sqlite:///PATH" if backend == "sqlite" else "postgresql:// (psycopg)"
    try:
        dialect = parsed.get_dialect()
        dialect.import_dbapi()
    except sa.exc.NoSuchModuleError:
        raise ConfigurationError(
            f"{shown}: unknown driver {driver!r} for {backend}; expected {usual}"
        ) from None
    except ImportError as error:
        hint = " (pip install 'electoral[pg]')" if backend == "postgresql" else ""
        raise ConfigurationError(
            f"{shown}: the driver {driver!r} is not installed (no module {error.name!r}); "
            f"expected {usual}{hint}"
        ) from None
    if dialect.is_async:
        raise ConfigurationError(f"{shown}: {driver!r} is an asynchronous driver; expected {usual}")


def _check_sqlite_file(
    database: str | None, shown: str, may_create_folder: bool, timeout: float
) -> None:
    """A SQLite file's folder exists and the file, if there, is a database (read only)."""
    import sqlite3

    from electoral.petitions.errors import ConfigurationError

    if not database or database == ":memory:":
        return
    path = Path(database)
    folder = path.parent
    if path.is_dir():
        raise ConfigurationError(f"{shown}: {path} is a folder; expected a database file")
    if not folder.is_dir():
        if may_create_folder and not folder.exists():
            return
        what = "is not a folder" if folder.exists() else "does not exist"
        raise ConfigurationError(
            f"{shown}: the folder {folder} {what} (it is not created); expected the path of a "
            "database file in an existing folder"
        )
    if not path.exists():
        if not os.access(folder, os.W_OK | os.X_OK):
            raise ConfigurationError(
                f"{shown}: cannot create {path}: the folder {folder} is not writable"
            )
        return
    try:
        connection = sqlite3.connect(path, timeout=timeout)
        try:
            connection.execute("PRAGMA schema_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise ConfigurationError(
            f"{shown}: {path} is not a usable SQLite database: {error}"
        ) from None


def _check_server(parsed: sa.URL, shown: str, timeout: float) -> None:
    """A PostgreSQL server accepts a connection and answers ``SELECT 1``."""
    from electoral.petitions.errors import ConfigurationError

    connect_args: dict[str, Any] = {}
    if parsed.get_driver_name() in ("psycopg", "psycopg2"):
        connect_args["connect_timeout"] = max(1, round(timeout))
    engine = sa.create_engine(parsed, poolclass=sa.pool.NullPool, connect_args=connect_args)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()
        raise ConfigurationError(
            f"{shown}: cannot connect: {reason[0] if reason else type(error).__name__}"
        ) from None
    finally:
        engine.dispose()
