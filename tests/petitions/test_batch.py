"""Group commit: a batch of submissions in one transaction must leave exactly what the same
submissions one by one leave (a second, independent path: :meth:`PetitionService.sign`), and
the queue answers each request only once its batch has committed."""

from __future__ import annotations

import threading
from collections import Counter

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from electoral.petitions.batch import SigningQueue
from electoral.petitions.db import OUTBOX, SIGNATURES
from electoral.petitions.errors import InvalidInputError, PetitionNotFoundError
from electoral.petitions.ratelimit import AbusePolicy, Limit, Scope
from electoral.petitions.service import Client, PetitionService, Submission
from tests.petitions.conftest import BASE_URL
from tests.petitions.helpers import form, open_petition

# Per-address limit only: its counters include the petition, so two petitions in one database
# count independently (IP and domain counters are shared between petitions).
POLICY = AbusePolicy(limits=(Limit(scope=Scope.EMAIL, window=3600, max=2),))


def _outcome(engine, petition_id: int) -> tuple[Counter, Counter]:
    with engine.connect() as connection:
        signatures = Counter(
            (r.email, r.status, r.fraud_reason)
            for r in connection.execute(
                sa.select(SIGNATURES).where(SIGNATURES.c.petition_id == petition_id)
            )
        )
        ids = sa.select(SIGNATURES.c.email).where(SIGNATURES.c.petition_id == petition_id)
        mails = Counter(
            (r.recipient, r.subject, r.key.split(":")[0])
            for r in connection.execute(sa.select(OUTBOX).where(OUTBOX.c.recipient.in_(ids)))
        )
    return signatures, mails


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    who=st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=20),
    cuts=st.lists(st.integers(min_value=1, max_value=20), max_size=4),
    bad=st.sets(st.integers(min_value=0, max_value=19), max_size=3),
)
def test_a_batch_leaves_what_one_by_one_leaves(engine, who, cuts, bad):
    service = PetitionService(engine, base_url=BASE_URL, secret_key="k", policy=POLICY)
    with engine.begin() as connection:
        for table in (OUTBOX, SIGNATURES):
            connection.execute(sa.delete(table))
    batched, alone = open_petition(service), open_petition(service)

    def forms(petition: int) -> list[Submission]:
        return [
            Submission(
                petition,
                form(i, zip="1234" if n in bad else "19104", email=f"p{petition}s{i}@example.org"),
                Client(ip="192.0.2.1"),
            )
            for n, i in enumerate(who)
        ]

    expected = []
    for submission in forms(alone):
        try:
            service.sign(submission.petition_id, submission.form, submission.client)
            expected.append(None)
        except InvalidInputError as error:
            expected.append(type(error))
    submissions, got, start = forms(batched), [], 0
    for cut in [*sorted(set(cuts)), len(who)]:
        chunk = submissions[start:cut]
        got.extend(type(e) if e else None for e in service.sign_many(chunk))
        start = max(start, cut)
    assert got == expected
    b_signatures, b_mails = _outcome(engine, batched)
    a_signatures, a_mails = _outcome(engine, alone)
    rename = {f"p{batched}s": f"p{alone}s"}

    def renamed(counter: Counter) -> Counter:
        out: Counter = Counter()
        for key, n in counter.items():
            email = key[0]
            for old, new in rename.items():
                email = email.replace(old, new)
            out[(email, *key[1:])] += n
        return out

    assert renamed(b_signatures) == a_signatures
    assert renamed(b_mails) == a_mails


def test_the_queue_answers_after_the_commit_and_groups_a_burst(engine):
    service = PetitionService(engine, base_url=BASE_URL, secret_key="k")
    pid = open_petition(service)
    queue = SigningQueue(service, max_batch=50)
    entered, release = threading.Event(), threading.Event()
    real = service.sign_many
    sizes = []

    def slow_first(batch):  # hold the first batch until the burst is queued behind it
        sizes.append(len(batch))
        if len(sizes) == 1:
            entered.set()
            release.wait(10)
        return real(batch)

    service.sign_many = slow_first  # type: ignore[method-assign]
    first = queue.submit(Submission(pid, form(0)))
    assert entered.wait(10)
    burst = [queue.submit(Submission(pid, form(i))) for i in range(1, 31)]
    assert not first.done()  # not answered before its transaction has committed
    release.set()
    assert first.result(10) is None
    assert [f.result(10) for f in burst] == [None] * 30
    assert sizes == [1, 30]  # the burst shared one transaction
    missing = queue.submit(Submission(999_999, form(99))).result(10)
    assert isinstance(missing, PetitionNotFoundError)
    queue.close()
    with engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(SIGNATURES)).scalar() == 31


POISON = "Poison"


def install_poison(connection) -> None:
    """A trigger that makes the database refuse any signature by ``Poison``: a real failure of
    the database, on one row, whatever the service checked before."""
    if connection.dialect.name == "sqlite":
        connection.execute(sa.text(
            "CREATE TRIGGER poison BEFORE INSERT ON signatures WHEN NEW.name = 'Poison' "
            "BEGIN SELECT RAISE(ABORT, 'poisoned row'); END"
        ))  # fmt: skip
        return
    connection.execute(sa.text(
        "CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN IF NEW.name = 'Poison' THEN "
        "RAISE EXCEPTION 'poisoned row'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
    ))  # fmt: skip
    connection.execute(sa.text(
        "CREATE TRIGGER poison BEFORE INSERT ON signatures FOR EACH ROW EXECUTE FUNCTION poison()"
    ))  # fmt: skip


def remove_poison(connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.execute(sa.text("DROP TRIGGER IF EXISTS poison"))
    else:
        connection.execute(sa.text("DROP TRIGGER IF EXISTS poison ON signatures"))
        connection.execute(sa.text("DROP FUNCTION IF EXISTS poison()"))


def test_one_row_the_database_refuses_fails_alone_not_its_batch(service, engine, request):
    """Finding 2: a batch's one bad row failed its whole transaction, and every signer in it
    got a 500. Now the batch is signed again member by member: the bad one fails alone."""
    from concurrent.futures import Future

    with engine.begin() as connection:
        install_poison(connection)
    request.addfinalizer(lambda: _without_poison(engine))
    pid = open_petition(service)
    queue = SigningQueue(service)
    batch = []
    for i in range(12):
        f = form(i, name=POISON) if i in (3, 8) else form(i)
        future: Future = Future()
        batch.append((Submission(pid, f), future))
    queue._commit(batch)  # one batch, as a surge makes them
    outcomes = [f.exception() is None and f.result() is None for _, f in batch]
    assert outcomes == [i not in (3, 8) for i in range(12)]
    with engine.connect() as connection:
        stored = connection.execute(
            sa.select(sa.func.count()).where(SIGNATURES.c.petition_id == pid)
        ).scalar_one()
    assert stored == 10


def _without_poison(engine) -> None:
    with engine.begin() as connection:
        remove_poison(connection)
