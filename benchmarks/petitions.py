"""Petition throughput in process: signature submissions per second (the hot path: read the
petition, bump the rate counters, insert the signature, insert its mail, in one transaction),
and confirmations per second (validate + sharded count + milestones), on SQLite (a file in a
temporary folder) and on PostgreSQL (a throw-away schema; skipped when there is none), with 1
and 8 threads.

Run: ``python benchmarks/petitions.py`` (``ELECTORAL_BENCH_PG_URL`` to point at PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from electoral.petitions.db import OUTBOX, create_engine, upgrade
from electoral.petitions.ratelimit import AbusePolicy
from electoral.petitions.service import PetitionDraft, PetitionService, SignatureForm
from electoral.petitions.zips import zip_index

PG_URL = os.environ.get(
    "ELECTORAL_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
ZIPS = ("19104", "48201", "53703", "10001", "94103", "33101", "60601", "85001")
SUBMISSIONS = int(os.environ.get("ELECTORAL_BENCH_SIGNERS", "2000"))


@contextmanager
def sqlite_engine() -> Iterator[sa.Engine]:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        upgrade(engine)
        yield engine
        engine.dispose()


@contextmanager
def postgresql_engine() -> Iterator[sa.Engine | None]:
    admin = sa.create_engine(PG_URL)
    try:
        with admin.connect() as connection:
            connection.execute(sa.text("select 1"))
    except sa.exc.OperationalError:
        yield None
        return
    schema = f"electoral_bench_{uuid.uuid4().hex[:10]}"
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine = create_engine(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _service(engine: sa.Engine) -> tuple[PetitionService, int]:
    # Surge conditions: the load arrives from many addresses, so no rate limit trips.
    service = PetitionService(
        engine, base_url="http://bench", secret_key="bench", policy=AbusePolicy(limits=())
    )
    draft = PetitionDraft(
        title="Bench",
        text="Bench",
        creator_name="B",
        creator_email="b@example.org",
        deadline=dt.date.today() + dt.timedelta(days=30),
    )
    made = service.create_petition(draft, creator_verified=True)
    service.publish(made.id)
    return service, made.id


def _rate(fn: Callable[[int], object], n: int, threads: int) -> float:
    start = time.perf_counter()
    if threads == 1:
        for i in range(n):
            fn(i)
    else:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(fn, range(n)))
    return n / (time.perf_counter() - start)


def measure(engine: sa.Engine, threads: int, run: int) -> tuple[float, float]:
    """(submissions/s, confirmations/s) for ``SUBMISSIONS`` distinct signers."""
    service, pid = _service(engine)

    def sign(i: int) -> None:
        form = SignatureForm(
            name=f"Signer {i}", email=f"s{run}.{i}@example.org", zip=ZIPS[i % len(ZIPS)]
        )
        service.sign(pid, form)

    submissions = _rate(sign, SUBMISSIONS, threads)
    with engine.connect() as connection:
        bodies = connection.execute(
            sa.select(OUTBOX.c.body).where(OUTBOX.c.key.like("confirm:%")).order_by(OUTBOX.c.id)
        ).scalars()
        tokens = [b.split("/confirm/")[1].split()[0] for b in bodies][-SUBMISSIONS:]
    confirmations = _rate(lambda i: service.confirm_signature(tokens[i]), len(tokens), threads)
    if service.recount(pid).drift:
        raise SystemExit("counts drifted: the benchmark found a lost update")
    return submissions, confirmations


def main() -> None:
    zip_index()  # built once at start-up in the app too
    print(f"petitions: {SUBMISSIONS} distinct signers per run (in process, no HTTP)")
    for name, factory in (("sqlite", sqlite_engine), ("postgresql", postgresql_engine)):
        with factory() as engine:
            if engine is None:
                print(f"  {name:<10} skipped (no server)")
                continue
            for run, threads in enumerate((1, 8)):
                sign, confirm = measure(engine, threads, run)
                print(
                    f"  {name:<10} {threads} thread{'s' if threads > 1 else ' '}  "
                    f"submissions {sign:7,.0f}/s   confirmations {confirm:7,.0f}/s"
                )


if __name__ == "__main__":
    main()
