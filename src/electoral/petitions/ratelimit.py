"""Abuse control as domain rules: who the client is (behind trusted proxies), allow and block
lists, disposable domains, and rate limits per IP address, e-mail domain and address, in burst
and sustained windows.

The counters live in the database (table ``rate_counters``, fixed windows) and are bumped in
the signing transaction itself, so the limits hold across every worker process, on SQLite as on
PostgreSQL. A submission over a limit is still recorded, as ``fraudulent``, and not counted.
"""

from __future__ import annotations

import functools
import ipaddress
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

import sqlalchemy as sa  # noqa: TID253
from sqlalchemy.engine import Connection  # noqa: TID253

from electoral.petitions.db import RATE_COUNTERS
from electoral.petitions.domain import DISPOSABLE_DOMAINS, LARGE_PROVIDERS

__all__ = [
    "ACTION_LIMITS",
    "DEFAULT_LIMITS",
    "Action",
    "AbuseLists",
    "AbusePolicy",
    "Limit",
    "Scope",
    "bump_counters",
    "check_limits",
    "client_address",
    "counter_keys",
    "over_limit",
    "take",
]

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_address(
    peer: str | None, forwarded_for: str | None, trusted: Sequence[Network]
) -> str | None:
    """The client's address: the peer's, unless the peer is a trusted proxy, in which case
    ``X-Forwarded-For`` is read from the right, skipping trusted proxies, and the first
    untrusted hop is the client (hops added by the client itself are never believed).

    >>> nets = [ipaddress.ip_network("10.0.0.0/8")]
    >>> client_address("10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.7", nets)
    '203.0.113.9'
    >>> client_address("198.51.100.1", "203.0.113.9", nets)
    '198.51.100.1'
    """
    if peer is None or not _is_trusted(peer, trusted) or not forwarded_for:
        return peer
    hops = [h.strip() for h in forwarded_for[:MAX_FORWARDED].split(",") if h.strip()]
    for hop in reversed(hops):
        parsed = _parse(hop)
        if parsed is None:
            return peer  # a malformed chain: believe only what we saw
        if not _is_trusted(hop, trusted):
            return _plain(parsed)
    first = _parse(hops[0]) if hops else None
    return _plain(first) if first is not None else peer


MAX_FORWARDED: Final = 2000
"""Characters of ``X-Forwarded-For`` read (a chain of some 40 hops): the rest is ignored."""


def _plain(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """The address in its short form without an IPv6 zone (``fe80::1%<anything>`` parses, and
    ran past the 45 characters an address column holds: the signing batch's write failed)."""
    if isinstance(address, ipaddress.IPv6Address) and address.scope_id is not None:
        address = ipaddress.IPv6Address(address.packed)
    return str(address)


def _parse(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _is_trusted(address: str, trusted: Sequence[Network]) -> bool:
    parsed = _parse(address)
    return parsed is not None and any(parsed in net for net in trusted)


class Scope(StrEnum):
    """What a rate limit counts by."""

    IP = "ip"
    DOMAIN = "domain"
    EMAIL = "email"
    SIGNER = "signer"  # a confirmed signature (its comments)
    ALL = "all"  # everybody at once (moderator logins)


@dataclass(frozen=True, slots=True, kw_only=True)
class Limit:
    """At most ``max`` submissions per ``window`` seconds per ``scope`` value."""

    scope: Scope
    window: int
    max: int

    @property
    def name(self) -> str:
        return f"{self.scope}:{self.window}s"


DEFAULT_LIMITS: Final = (
    Limit(scope=Scope.IP, window=60, max=30),  # burst: a household or an office
    Limit(scope=Scope.IP, window=3600, max=300),  # sustained
    Limit(scope=Scope.DOMAIN, window=60, max=60),
    Limit(scope=Scope.DOMAIN, window=3600, max=600),
    Limit(scope=Scope.EMAIL, window=3600, max=5),  # re-sends to one address
)


@dataclass(frozen=True, slots=True, kw_only=True)
class AbuseLists:
    """Allow and block lists (from the ``abuse_rules`` table) plus the disposable domains.

    Allowed addresses and domains skip the rate limits of their scope; blocked ones and
    disposable domains make every submission fraudulent.
    """

    allowed_networks: tuple[Network, ...] = ()
    blocked_networks: tuple[Network, ...] = ()
    allowed_domains: frozenset[str] = frozenset()
    blocked_domains: frozenset[str] = frozenset()
    disposable_domains: frozenset[str] = DISPOSABLE_DOMAINS

    @classmethod
    def from_rules(cls, rules: Iterable[tuple[str, str, str]]) -> AbuseLists:
        """From ``(kind, value, action)`` rows: kind ``ip`` or ``domain``, action ``allow``
        or ``block``."""
        nets: dict[str, list[Network]] = {"allow": [], "block": []}
        domains: dict[str, set[str]] = {"allow": set(), "block": set()}
        for kind, value, action in rules:
            if kind == "ip":
                nets[action].append(ipaddress.ip_network(value, strict=False))
            else:
                domains[action].add(value.lower())
        return cls(
            allowed_networks=tuple(nets["allow"]),
            blocked_networks=tuple(nets["block"]),
            allowed_domains=frozenset(domains["allow"]),
            blocked_domains=frozenset(domains["block"]),
        )

    def verdict(self, ip: str | None, domain: str) -> str | None:
        """Why a submission is fraudulent before any counting (``None``: it is not)."""
        if ip is not None and self.blocked_networks and _in(ip, self.blocked_networks):
            return "blocked:ip"
        if _domain_in(domain, self.blocked_domains):
            return "blocked:domain"
        if _domain_in(domain, self.disposable_domains):
            return "disposable:domain"
        return None

    def is_allowed_ip(self, ip: str | None) -> bool:
        return ip is not None and bool(self.allowed_networks) and _in(ip, self.allowed_networks)

    def is_allowed_domain(self, domain: str) -> bool:
        return _domain_in(domain, self.allowed_domains) or domain in LARGE_PROVIDERS


def _in(ip: str, networks: Sequence[Network]) -> bool:
    parsed = _parse(ip)
    return parsed is not None and any(parsed in net for net in networks)


def _domain_in(domain: str, domains: frozenset[str]) -> bool:
    """The domain or any parent domain is listed (``x.mailinator.com`` is ``mailinator.com``)."""
    parts = domain.split(".")
    return any(".".join(parts[i:]) in domains for i in range(len(parts) - 1))


@dataclass(frozen=True, slots=True, kw_only=True)
class AbusePolicy:
    """The rate limits in force (the lists are data: table ``abuse_rules``)."""

    limits: tuple[Limit, ...] = DEFAULT_LIMITS


def counter_keys(
    policy: AbusePolicy,
    lists: AbuseLists,
    *,
    ip: str | None,
    domain: str,
    email_digest: str,
    now: float,
) -> list[tuple[str, int, Limit]]:
    """The counters one submission bumps: ``(key, window start, limit)``, sorted by key so that
    concurrent transactions lock rows in one order (no deadlocks on PostgreSQL). Allowed
    addresses and domains are not counted in their scope."""
    values = {
        Scope.IP: None if ip is None or lists.is_allowed_ip(ip) else ip,
        Scope.DOMAIN: None if lists.is_allowed_domain(domain) else domain,
        Scope.EMAIL: email_digest,
    }
    keys = []
    for limit in policy.limits:
        value = values[limit.scope]
        if value is not None:
            start = int(now) // limit.window * limit.window
            keys.append((f"{limit.scope}:{limit.window}:{value}", start, limit))
    return sorted(keys, key=lambda k: (k[0], k[1]))


class Action(StrEnum):
    """Things other than signing that are rate-limited (signing: :data:`DEFAULT_LIMITS`)."""

    COMMENT = "comment"
    FLAG = "flag"
    CREATE = "create"
    LOGIN = "login"


ACTION_LIMITS: Final[dict[Action, tuple[Limit, ...]]] = {
    # a signer writes a few reasons and replies, not thousands (3,000 in 10 s were posted)
    Action.COMMENT: (
        Limit(scope=Scope.SIGNER, window=60, max=3),
        Limit(scope=Scope.SIGNER, window=86400, max=30),
        Limit(scope=Scope.IP, window=3600, max=120),
    ),
    Action.FLAG: (
        Limit(scope=Scope.IP, window=60, max=10),
        Limit(scope=Scope.IP, window=3600, max=60),
    ),
    # each creation mails its creator: a victim's address was sent 100 mails in 0.2 s
    Action.CREATE: (
        Limit(scope=Scope.IP, window=3600, max=5),
        Limit(scope=Scope.EMAIL, window=86400, max=3),
    ),
    # every attempt, right or wrong, from an address and from everyone: guessing is slow
    Action.LOGIN: (
        Limit(scope=Scope.IP, window=900, max=10),
        Limit(scope=Scope.ALL, window=3600, max=100),
    ),
}
"""The limits of each action. The moderators' global limit means a guessing attack can close
the web login for up to an hour: moderation from the command line goes on meanwhile."""


def take(
    connection: Connection,
    action: Action,
    subjects: Mapping[Scope, str | None],
    *,
    now: float,
    limits: Sequence[Limit] | None = None,
) -> tuple[Limit, int] | None:
    """Count one ``action`` by ``subjects`` (the value of each scope; ``None``: not counted)
    against its limits; returns the first limit exceeded and the seconds until its window
    ends, or ``None`` when the action is within every limit."""
    keys = []
    for limit in ACTION_LIMITS[action] if limits is None else limits:
        value = subjects.get(limit.scope, "all" if limit.scope is Scope.ALL else None)
        if value is not None:
            start = int(now) // limit.window * limit.window
            keys.append((f"{action}:{limit.scope}:{limit.window}:{value}"[:300], start, limit))
    keys.sort(key=lambda k: (k[0], k[1]))
    exceeded = _count_in_order(connection, [keys])[0]
    if exceeded is None:
        return None
    start = int(now) // exceeded.window * exceeded.window
    return exceeded, max(1, start + exceeded.window - int(now))


def over_limit(
    keys: Sequence[tuple[str, int, Limit]], counts: Mapping[tuple[str, int], int]
) -> Limit | None:
    """The first limit the new counts exceed (``None``: within every limit)."""
    for key, start, limit in keys:
        if counts.get((key, start), 0) > limit.max:
            return limit
    return None


Key = tuple[str, int]
"""A counter: its key (scope, window and value) and the start of its window (epoch seconds)."""


def bump_counters(connection: Connection, increments: Mapping[Key, int]) -> dict[Key, int]:
    """Add ``increments[k]`` to each counter ``k`` (upserts, atomic in the database, in key
    order so that concurrent transactions lock rows in one order) and return the new values.

    On PostgreSQL the counters go as three arrays (:data:`_BUMP_ARRAYS`): one short statement
    whatever their number, which the driver converts once and the server prepares once. Spelt
    out as ``VALUES`` rows, a batch's statement ran to kilobytes that psycopg parsed again on
    every call (its query cache stops at 4 kB): measured, a quarter of a signing batch's CPU.
    """
    totals: dict[Key, int] = {}
    ordered = sorted(increments.items())
    if connection.dialect.name == "postgresql":
        arrays = {
            "keys": [key for (key, _), _ in ordered],
            "starts": [start for (_, start), _ in ordered],
            "ns": [n for _, n in ordered],
        }
        return {(row[0], row[1]): row[2] for row in connection.execute(_BUMP_ARRAYS, arrays)}
    for begin in range(0, len(ordered), _ROWS_PER_STATEMENT):
        chunk = ordered[begin : begin + _ROWS_PER_STATEMENT]
        params: dict[str, object] = {}
        for i, ((key, start), n) in enumerate(chunk):
            params[f"k{i}"], params[f"s{i}"], params[f"n{i}"] = key, start, n
        for row in connection.execute(_bump_statement(len(chunk)), params):
            totals[(row[0], row[1])] = row[2]
    return totals


def check_limits(
    connection: Connection, keyed: Sequence[Sequence[tuple[str, int, Limit]]]
) -> list[Limit | None]:
    """Count several submissions, in order, against their limits.

    ``keyed[i]`` holds the counters of submission ``i`` (:func:`counter_keys`). The limits of
    the submitter (address, e-mail) are counted first; only the submissions within them are
    then counted against their e-mail domain's allowance. So a flood from one address, which
    its own limits refuse, uses none of its domain's allowance, and the real signers of that
    domain are not silenced by it.

    Each round is one round of upserts: each counter is bumped once by the number of
    submissions that count in it, and submission ``i`` sees the value it would have seen had
    they been counted one by one (the counter's value before this call plus its rank among
    them). Returns each submission's first exceeded limit.
    """
    first = [[k for k in keys if k[2].scope is not Scope.DOMAIN] for keys in keyed]
    verdicts = _count_in_order(connection, first)
    second = [
        [k for k in keys if k[2].scope is Scope.DOMAIN] if verdict is None else []
        for keys, verdict in zip(keyed, verdicts, strict=True)
    ]
    for i, verdict in enumerate(_count_in_order(connection, second)):
        verdicts[i] = verdicts[i] or verdict
    return verdicts


def _count_in_order(
    connection: Connection, keyed: Sequence[Sequence[tuple[str, int, Limit]]]
) -> list[Limit | None]:
    increments: Counter[Key] = Counter((k, s) for keys in keyed for k, s, _ in keys)
    if not increments:
        return [None] * len(keyed)
    totals = bump_counters(connection, increments)
    seen: Counter[Key] = Counter()
    verdicts: list[Limit | None] = []
    for keys in keyed:
        counts = {}
        for key, start, _ in keys:
            seen[(key, start)] += 1
            counts[(key, start)] = (
                totals[(key, start)] - increments[(key, start)] + seen[(key, start)]
            )
        verdicts.append(over_limit(keys, counts))
    return verdicts


_ROWS_PER_STATEMENT: Final = 250  # 750 parameters, far below SQLite's and PostgreSQL's limits


@functools.cache
def _bump_statement(size: int) -> sa.TextClause:
    """``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` for ``size`` counters, as text (the
    same on SQLite >= 3.35 and PostgreSQL), so that SQLAlchemy does not compile it per call."""
    rows = ", ".join(f"(:k{i}, :s{i}, :n{i})" for i in range(size))
    return sa.text(
        f'INSERT INTO rate_counters ("key", window_start, n) VALUES {rows} '  # noqa: S608
        'ON CONFLICT ("key", window_start) DO UPDATE SET n = rate_counters.n + excluded.n '
        'RETURNING "key", window_start, n'
    )


_BUMP_ARRAYS: Final = sa.text(
    'INSERT INTO rate_counters ("key", window_start, n) '
    "SELECT * FROM unnest(CAST(:keys AS varchar[]), CAST(:starts AS bigint[]), "
    "CAST(:ns AS integer[])) "
    'ON CONFLICT ("key", window_start) DO UPDATE SET n = rate_counters.n + excluded.n '
    'RETURNING "key", window_start, n'
)
"""The upsert of :func:`bump_counters` on PostgreSQL: ``unnest`` yields the rows in the
arrays' order (the key order), so rows are locked in one order as with ``VALUES``."""


def prune_counters(connection: Connection, before: int) -> int:
    """Delete counters of windows that started before ``before`` (epoch seconds)."""
    table = RATE_COUNTERS
    result = connection.execute(sa.delete(table).where(table.c.window_start < before))
    return int(result.rowcount)
