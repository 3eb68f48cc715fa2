"""The House delegations that would choose a president after a deadlocked election."""

from __future__ import annotations

from collections import Counter

from electoral.data import default_record
from electoral.rules.contingent import congress_for, delegation_votes

RECORD = default_record()


def _delegations(year: int) -> Counter[str | None]:
    votes = delegation_votes(RECORD.delegations(congress_for(year)), {"R": "Republican",
                             "D": "Democratic"})  # fmt: skip
    return Counter(votes.values())


def test_every_delegation_adds_up_to_the_apportioned_seats():
    """House delegations of the Congresses after 1968-2024: 435 members, vacancies included."""
    for year in range(1968, 2025, 4):
        rows = RECORD.delegations(congress_for(year))
        assert sum(r.members for r in rows) == 435, year
        assert len({r.state for r in rows}) == 50, year


def test_the_115th_congress_had_32_republican_delegations():
    """January 2017, the House that would have chosen had the 2016 electors denied Trump a
    majority: 32 Republican delegations, 17 Democratic, 1 divided (as reported at the time)."""
    assert _delegations(2016) == {"R": 32, "D": 17, None: 1}
