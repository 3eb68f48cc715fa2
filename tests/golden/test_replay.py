"""Every election in the record replayed through the rules: one test per election."""

from __future__ import annotations

import pytest

from electoral import replay
from electoral.data import default_record

RECORD = default_record()


@pytest.mark.parametrize("year", RECORD.years)
def test_the_replay_reproduces_the_record(year):
    result = replay(year, RECORD)
    failed = [f"{c.name}: {c.detail}" for c in result.checks if not c.passed]
    assert failed == []
    facts = RECORD.election(year)
    assert (result.president, result.president_chosen_by) == (
        facts.president,
        facts.president_chosen_by,
    )


@pytest.mark.parametrize("year", [y for y in RECORD.years if RECORD.faithless_in(y)])
def test_every_deviation_is_explained_by_a_note(year):
    notes = replay(year, RECORD).notes
    for f in RECORD.faithless_in(year):
        start = f"{f.state}: {f.electors} elector"
        assert any(n.startswith(start) and f"{f.reason}, {f.outcome}" in n for n in notes), f


def test_2016_faithless_electors_under_their_states_laws():
    """Washington's penalty let the votes stand (Chiafalo v. Washington, 2020); Colorado and
    Minnesota voided theirs and replaced the electors."""
    notes = "\n".join(replay(2016, RECORD).notes)
    assert "WA: 3 electors pledged to Hillary Clinton voted for Colin Powell" in notes
    assert "CO: 1 elector (Micheal Baca) pledged to Hillary Clinton voted for John Kasich" in notes
    assert "replaced; state law: cancel-replace" in notes
