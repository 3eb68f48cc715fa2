"""Typing examples: how a user's code reads the public API (checked by mypy --strict)."""

from __future__ import annotations

from electoral.model import Office
from electoral.rules.apportionment import apportion
from electoral.rules.count import Count, count_votes
from electoral.states import State

seats: dict[State, int] = apportion({State.PA: 13_002_700, State.DE: 989_948}, 3)
count: Count = count_votes(Office.PRESIDENT, {"A": 270, "B": 268}, 538)
winner: str | None = count.winner
