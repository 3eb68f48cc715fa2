"""Tipping point: the state that delivered the decisive elector, under each definition."""

from __future__ import annotations

import pytest

from electoral.analysis.tipping import TIPPING_DEFINITIONS, tipping_point
from electoral.data import default_record
from electoral.errors import ElectoralError, RuleInputError, UnknownRuleError

RECORD = default_record()


def _has_districts(year, state):
    return any(p.district is not None and p.state == state for p in RECORD.popular_votes_in(year))


# Wikipedia, "Tipping-point state" (by margin, the usual FiveThirtyEight definition): 2000
# Florida, 2004 Ohio, 2012 Colorado, 2020 Wisconsin, 2024 Pennsylvania.
@pytest.mark.parametrize(
    ("year", "state"), [(2000, "FL"), (2004, "OH"), (2012, "CO"), (2020, "WI"), (2024, "PA")]
)
def test_published_tipping_points(year, state):
    t = tipping_point(year, "margin-pledged", RECORD)
    assert t.state == state
    assert t.electors_before < t.majority <= t.electors_after


def test_2016_wisconsin_once_maine_districts_are_known():
    """Wikipedia, "Tipping-point state" and FiveThirtyEight: Wisconsin in 2016. Trump's 306
    pledged electors include Maine's 2nd district; until the record holds Maine's district
    returns, where that elector sorts decides between Wisconsin and Pennsylvania, and the
    analysis refuses rather than guess."""
    if _has_districts(2016, "ME"):
        assert tipping_point(2016, "margin-pledged", RECORD).state == "WI"
    else:
        with pytest.raises(RuleInputError, match="districts of ME"):
            tipping_point(2016, "margin-pledged", RECORD)


def test_2016_with_faithless_electors_is_pennsylvania():
    """Two Texas electors deserted Trump (304 counted): the margin order is unchanged, so the
    sum reaches 270 one state later, in Pennsylvania (Trump +0.72, Wisconsin +0.77: FEC 2016)."""
    t = tipping_point(2016, "margin-cast", RECORD)
    assert (t.state, t.electors_after - t.electors_before) == ("PA", 20)
    assert t.margin == pytest.approx(0.72, abs=0.01)


YEARS = [y for y in RECORD.years if RECORD.popular_votes_in(y) and RECORD.votes_in(y)]


@pytest.mark.parametrize("definition", TIPPING_DEFINITIONS)
@pytest.mark.parametrize("year", YEARS)
def test_the_sum_crosses_the_majority_at_the_tipping_state(year, definition):
    """Invariant: the electors before the tipping state fall short of the majority, and with
    it reach it; the winner is the candidate with the most pledged electors."""
    try:
        t = tipping_point(year, definition, RECORD)
    except ElectoralError:
        return  # no majority of electors, or districts unknown: tested elsewhere
    assert t.electors_before < t.majority <= t.electors_after


def test_unknown_definition_lists_the_known_ones():
    with pytest.raises(UnknownRuleError, match="margin-cast, margin-pledged, share-pledged"):
        tipping_point(2016, "closest", RECORD)
