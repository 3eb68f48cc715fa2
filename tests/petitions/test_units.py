"""Tokens, ZIP index, client addresses and lists, safe markup, export formats, migrations."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections import Counter

import pytest
import sqlalchemy as sa
import time_machine
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from electoral.petitions import export, zips
from electoral.petitions.db import MIGRATIONS, RATE_COUNTERS, Base, upgrade
from electoral.petitions.errors import ExpiredTokenError, InvalidTokenError
from electoral.petitions.markup import linkify
from electoral.petitions.ratelimit import (
    AbuseLists,
    AbusePolicy,
    Limit,
    Scope,
    bump_counters,
    check_limits,
    client_address,
    counter_keys,
    over_limit,
)
from electoral.petitions.service import ExportRow
from electoral.petitions.tokens import Purpose, TokenSigner
from electoral.petitions.zips import state_of_zip, zip_index
from electoral.states import State
from tests.petitions.helpers import open_petition


def test_tokens_round_trip_per_purpose_and_expire():
    signer = TokenSigner("k")
    token = signer.make(Purpose.CONFIRM_SIGNATURE, 42)
    assert signer.read(Purpose.CONFIRM_SIGNATURE, token) == 42
    with pytest.raises(InvalidTokenError):
        signer.read(Purpose.COMMENT, token)
    with pytest.raises(InvalidTokenError):
        TokenSigner("other").read(Purpose.CONFIRM_SIGNATURE, token)
    with pytest.raises(InvalidTokenError):
        signer.read(Purpose.CONFIRM_SIGNATURE, token.replace(".", ",", 1))
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=7, minutes=1)
    with time_machine.travel(later), pytest.raises(ExpiredTokenError):
        signer.read(Purpose.CONFIRM_SIGNATURE, token)


def test_the_cached_zip_index_reads_back_as_built_and_a_damaged_one_is_rebuilt(
    tmp_path, monkeypatch
):
    built = zip_index()
    monkeypatch.setattr(zips, "_index", None)
    assert zips.load_zip_index(tmp_path) == built  # built, then written
    (cache,) = tmp_path.glob("zip-states-*.txt")
    monkeypatch.setattr(zips, "_index", None)
    assert zips.load_zip_index(tmp_path) == built  # read back from the file
    cache.write_text("19104PA\nnot a zip\n")
    monkeypatch.setattr(zips, "_index", None)
    assert zips.load_zip_index(tmp_path) == built  # damaged: rebuilt
    assert len(cache.read_text().splitlines()) == len(built)


def test_zip_index_is_built_once_and_maps_states_only():
    assert zip_index() is zip_index()
    assert state_of_zip("19104") is State.PA
    assert state_of_zip("20500") is State.DC
    assert state_of_zip("99501") is State.AK
    assert state_of_zip("00601") is None  # Puerto Rico
    assert state_of_zip("00000") is None
    assert len(set(zip_index().values())) == 51


NETS = (ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("2001:db8::/32"))


@pytest.mark.parametrize(
    ("peer", "header", "expected"),
    [
        ("198.51.100.1", "203.0.113.9", "198.51.100.1"),  # untrusted peer: header ignored
        ("10.1.1.1", "203.0.113.9", "203.0.113.9"),
        ("10.1.1.1", "1.1.1.1, 203.0.113.9, 10.2.2.2", "203.0.113.9"),  # spoofed left hop
        ("10.1.1.1", None, "10.1.1.1"),
        ("10.1.1.1", "garbage", "10.1.1.1"),
        ("2001:db8::1", "2001:db8::2, 2606:4700::1", "2606:4700::1"),
        ("10.1.1.1", "10.3.3.3", "10.3.3.3"),  # all trusted: the leftmost
        (None, "1.2.3.4", None),
    ],
)
def test_client_address(peer, header, expected):
    assert client_address(peer, header, NETS) == expected


def test_lists_and_counter_keys():
    lists = AbuseLists.from_rules(
        [("ip", "192.0.2.0/24", "block"), ("domain", "ok.example", "allow")]
    )
    assert lists.verdict("192.0.2.9", "x.org") == "blocked:ip"
    assert lists.verdict("198.51.100.1", "mail.yopmail.com") == "disposable:domain"
    assert lists.verdict("198.51.100.1", "x.org") is None
    policy = AbusePolicy(
        limits=(
            Limit(scope=Scope.DOMAIN, window=60, max=1),
            Limit(scope=Scope.IP, window=60, max=1),
        )
    )
    keys = counter_keys(policy, lists, ip="1.2.3.4", domain="ok.example", email_digest="d", now=125)
    assert [(k, s) for k, s, _ in keys] == [("ip:60:1.2.3.4", 120)]
    assert over_limit(keys, {("ip:60:1.2.3.4", 120): 2}) == policy.limits[1]
    assert over_limit(keys, {("ip:60:1.2.3.4", 120): 1}) is None


def test_counters_add_up_in_the_database(engine):
    with engine.begin() as connection:
        assert bump_counters(connection, {("ip:60:a", 0): 1, ("ip:60:b", 0): 3}) == {
            ("ip:60:a", 0): 1,
            ("ip:60:b", 0): 3,
        }
        assert bump_counters(connection, {("ip:60:a", 0): 2}) == {("ip:60:a", 0): 3}
        many = {(f"ip:60:{i}", 0): 1 for i in range(600)}  # more rows than one statement
        assert bump_counters(connection, many) == many


def test_counters_go_in_one_statement_on_postgresql(engine):
    """PostgreSQL takes a batch's counters as arrays, one statement whatever their number;
    SQLite takes them as ``VALUES`` rows, 250 to a statement (750 parameters)."""
    statements: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        if "rate_counters" in statement:
            statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", seen)
    try:
        with engine.begin() as connection:
            many = {(f"ip:60:one-{i}", 0): 2 for i in range(600)}
            assert bump_counters(connection, many) == many
    finally:
        sa.event.remove(engine, "before_cursor_execute", seen)
    assert len(statements) == (1 if engine.dialect.name == "postgresql" else 3)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(st.sampled_from("abc"), st.sampled_from(["x.org", "y.org"])),
        min_size=1,
        max_size=30,
    ),
    st.integers(min_value=1, max_value=len("abc") * 30),
)
def test_limits_checked_in_one_batch_equal_one_by_one(engine, submissions, split):
    """Group commit counts a batch of submissions in one round of upserts; each must get the
    verdict it would have got alone, in order (a second, independent count: one by one)."""
    policy = AbusePolicy(
        limits=(
            Limit(scope=Scope.IP, window=60, max=3),
            Limit(scope=Scope.DOMAIN, window=60, max=5),
        )
    )
    lists = AbuseLists(disposable_domains=frozenset())
    with engine.begin() as connection:
        connection.execute(sa.delete(RATE_COUNTERS))
    keyed = [
        counter_keys(policy, lists, ip=ip, domain=domain, email_digest=f"e{i}", now=0)
        for i, (ip, domain) in enumerate(submissions)
    ]
    split = min(split, len(keyed))
    with engine.begin() as connection:  # two batches: the second starts from the first's counts
        batched = check_limits(connection, keyed[:split]) + check_limits(connection, keyed[split:])
    counts: Counter[tuple[str, int]] = Counter()
    alone = []
    for keys in keyed:  # the submitter's own limits first; the domain's only if within them
        verdict = None
        for scopes in ({Scope.IP, Scope.EMAIL}, {Scope.DOMAIN}):
            part = [k for k in keys if k[2].scope in scopes]
            for key, start, _ in part:
                counts[(key, start)] += 1
            verdict = over_limit(part, counts)
            if verdict is not None:
                break
        alone.append(verdict)
    assert batched == alone


def test_a_flood_from_one_address_uses_none_of_its_domains_allowance(engine):
    """Finding 8: junk from one address at a small domain used up the domain's allowance,
    and the domain's real signers were refused. Only submissions within their submitter's
    limits count against the domain."""
    policy = AbusePolicy()
    lists = AbuseLists(disposable_domains=frozenset())
    flood = [
        counter_keys(policy, lists, ip="6.6.6.6", domain="campus.edu", email_digest=f"j{i}", now=0)
        for i in range(500)
    ]
    real = counter_keys(policy, lists, ip="198.51.100.4", domain="campus.edu", email_digest="r",
                        now=1)  # fmt: skip
    with engine.begin() as connection:
        verdicts = check_limits(connection, flood)
        assert sum(v is None for v in verdicts) == 30  # the address's burst limit
        assert check_limits(connection, [real]) == [None]


def test_linkify_escapes_everything_and_marks_links():
    html = linkify('<script>alert(1)</script> see https://x.org/?a=1&b="2" or javascript:alert(1)')
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert '<a href="https://x.org/?a=1&amp;b=" rel="nofollow ugc noopener"' in html
    assert 'href="javascript' not in html
    assert linkify("a\nb") == "a<br>\nb"


ROWS = [
    ExportRow(name="=HYPERLINK(1)", zip="19104", state=State.PA),
    ExportRow(name="Zoë Ångström 李", zip="48201", state=State.MI),
]


def test_csv_export_has_no_emails_and_no_formulas():
    text = export.to_csv(ROWS)
    assert text.splitlines() == [
        "name,zip,state",
        "'=HYPERLINK(1),19104,PA",
        "Zoë Ångström 李,48201,MI",
    ]


def test_pdf_export(service):
    pid = open_petition(service)
    petition = service.get_petition(pid).petition
    data = export.to_pdf(petition, sorted(ROWS, key=lambda r: r.state))
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")


def test_pdf_export_of_a_zip_code_its_font_cannot_show(service):
    """A ZIP code stored before ZIP codes were held to ASCII digits no longer stops the PDF."""
    pid = open_petition(service)
    petition = service.get_petition(pid).petition
    rows = [ExportRow(name="Zoë 李", zip="١٩١٠٤", state=State.PA)]
    assert export.to_pdf(petition, rows).startswith(b"%PDF-")


def test_migrations_match_the_models_and_upgrade_is_idempotent(engine):
    upgrade(engine)  # already at head: nothing to do, no error
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        version = connection.execute(sa.text("select version_num from alembic_version")).scalar()
    assert diff == []
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    heads = ScriptDirectory.from_config(config).get_heads()
    assert heads == [version]  # one line of migrations, and the database at its head


def test_upgrade_from_a_url_creates_the_folder(tmp_path):
    path = tmp_path / "new" / "folder" / "db.sqlite3"
    upgrade(f"sqlite:///{path}")
    assert path.exists()


@given(st.text(max_size=80))
def test_a_forwarded_client_address_always_fits_its_column(zone):
    """Invariant: whatever a trusted proxy passes on, the address kept is a plain address of
    at most 39 characters (the ``ip`` column holds 45): an IPv6 zone of any length, once
    accepted as written, failed the write of a whole signing batch."""
    nets = [ipaddress.ip_network("10.0.0.0/8")]
    for forwarded in (f"fe80::1%{zone}", f"2001:db8::7%{zone}, 10.0.0.3", zone):
        found = client_address("10.0.0.2", forwarded, nets)
        assert found is not None
        assert len(found) <= 39
        ipaddress.ip_address(found)
