"""The 2024 presidential returns by congressional district of the states that chose statewide
(district_returns.csv, source downballot-2024-cd), against the statewide returns (fec-2024)."""

from __future__ import annotations

from collections import Counter

import pytest

from electoral.analysis.reform import reform
from electoral.data import default_record, load_record
from electoral.errors import RuleInputError
from tests.builders import write_record

RECORD = default_record()
MAIN = ("Kamala Harris", "Donald Trump")


def _by_state() -> dict[str, Counter[str]]:
    sums: dict[str, Counter[str]] = {}
    for d in RECORD.district_returns:
        sums.setdefault(d.state.value, Counter())[d.candidate] += d.votes
    return sums


def test_423_districts_of_42_states():
    """435 seats less Maine's 2 and Nebraska's 3 (their own returns are in popular_votes.csv),
    the 7 at-large states, and New York's 21st (blank in the source)."""
    districts = {(d.state, d.district) for d in RECORD.district_returns if d.year == 2024}
    assert len(districts) == 423
    assert len({s for s, _ in districts}) == 42


def test_the_districts_add_up_to_the_statewide_returns():
    """Harris's and Trump's district votes summed by state against the FEC's statewide returns:
    42 of the 84 pairs exact, 68 within 0.1%, 80 within 1%; the four beyond are New York (its
    21st district missing) and Georgia (district totals 2-3% short)."""
    fec = {(p.state.value, p.candidate): p.votes for p in RECORD.popular_votes_in(2024)
           if p.district is None}  # fmt: skip
    gaps = {
        (state, c): abs(sums[c] - fec[state, c]) / fec[state, c]
        for state, sums in _by_state().items()
        for c in MAIN
    }
    assert len(gaps) == 84
    assert sum(g == 0 for g in gaps.values()) == 42
    assert sum(g <= 0.001 for g in gaps.values()) == 68
    assert {k[0] for k, g in gaps.items() if g > 0.01} == {"NY", "GA"}


def test_the_2024_district_reform_names_the_missing_district():
    with pytest.raises(RuleInputError, match=r"1 of the 44 states .*\(e\.g\. NY-21\)"):
        reform(2024, "district", RECORD)


def test_the_district_reform_says_why_2016_cannot_run():
    with pytest.raises(RuleInputError, match="for 2008-2020 the published tables"):
        reform(2016, "district", RECORD)


def test_the_district_reform_runs_on_district_returns(tmp_path):
    """A toy record: Pennsylvania's 17 districts split 9 for B, 8 for A, its statewide winner A
    takes the two at large: A 10, B 9 and Delaware's 3."""
    rows = [
        f"2024,PA,{n},{c},P,{v},toy lines,toy"
        for n in range(1, 18)
        for c, v in (("A", 100 if n > 9 else 90), ("B", 90 if n > 9 else 100))
    ]
    directory = write_record(tmp_path, district_returns=rows)
    result = reform(2024, "district", load_record(directory))
    assert result.count.votes == {"A": 10, "B": 12}
    assert "district returns: toy" in result.notes
