"""Facts on which the sources disagree: the value the record keeps, and its source.

Each case is listed in the data README ("Disagreements found and resolved") with the sources on
both sides; the topic notes under data/notes/ give the details.
"""

from __future__ import annotations

import pytest

from electoral.data import default_record
from electoral.model import Office
from electoral.states import State

RECORD = default_record()


def _tally(year: int, office: Office = Office.PRESIDENT) -> dict[str, int]:
    return {t.candidate: t.votes for t in RECORD.tallies_in(year) if t.office is office}


def _seats(census: int) -> dict[State, int | None]:
    return {f.state: f.seats for f in RECORD.census(census)}


# NARA/OFR, 2016 Electoral College results; Wikipedia "2017 United States Electoral College vote
# count". The clavesi compilation gives Powell 1 and omits Ron Paul (a source error).
def test_2016_powell_3_and_ron_paul_1():
    tally = _tally(2016)
    assert (tally["Colin Powell"], tally["Ron Paul"]) == (3, 1)


# NARA/OFR, 1800: "Charles C. Pinckney" 64; clavesi names his cousin Charles Pinckney.
def test_1800_the_federalist_is_charles_cotesworth_pinckney():
    assert _tally(1800)["Charles Cotesworth Pinckney"] == 64
    assert "Charles Pinckney" not in _tally(1800)


# Wikipedia 1856, Wisconsin Historical Society and clavesi: Fremont 114 (total 296); the almanac
# "Foot-prints of a Letter-Carrier" prints 109.
def test_1856_fremont_114():
    assert _tally(1856)["John C. Frémont"] == 114


# Joint session of 12 February 1873: Greeley's 3 Georgia votes were not counted; clavesi gives
# him his 66 pledged electors.
def test_1872_greeley_no_vote_counted():
    assert "Horace Greeley" not in _tally(1872)
    greeley = [v for v in RECORD.votes_in(1872) if v.candidate == "Horace Greeley"]
    assert [(v.state, v.votes, v.counted) for v in greeley] == [(State.GA, 3, 0)]


# Per-office figures (NARA box scores) against the Wisconsin Historical Society's ticket figure of
# 112 for Dukakis: one West Virginia elector swapped the ticket.
def test_1988_the_west_virginia_elector_swapped_the_ticket():
    assert _tally(1988)["Michael Dukakis"] == 111
    assert _tally(1988, Office.VICE_PRESIDENT)["Michael Dukakis"] == 1


# Senate Document 104-26 (Vice Presidents of the United States): 33 to 16; retronewser.com
# writes 36 to 16.
def test_1837_johnson_33_granger_16():
    votes = {
        b.candidate: b.votes for b in RECORD.contingent_ballots_in(1836) if b.candidate is not None
    }
    assert votes == {"Richard Mentor Johnson": 33, "Francis Granger": 16}


# Wikipedia and 270towin: Ohio had 8 electors in 1812, one did not vote; the NARA state column
# gives Ohio 7.
def test_1812_ohio_appointed_8_of_whom_7_voted():
    ohio = next(a for a in RECORD.appointments_in(1812) if a.state is State.OH)
    voted = sum(
        v.votes
        for v in RECORD.votes_in(1812)
        if v.state is State.OH and v.office is Office.PRESIDENT and v.candidate
    )
    assert (ohio.electors, voted) == (8, 7)


# Act of February 25, 1882 (22 Stat. 5): New York 34; the OCR of a newspaper printing reads 35,
# but the act's 325 only adds up with 34.
def test_1882_new_york_34_seats():
    assert _seats(1880)[State.NY] == 34
    assert sum(s or 0 for s in _seats(1880).values()) == 325


# Census Bureau 1910 apportionment base 91,603,772: Arizona and New Mexico without their Indians
# not taxed (GPHemsley's README subtracts them and totals 91,569,325).
def test_1910_apportionment_population():
    census = {f.state: f.population for f in RECORD.census(1910)}
    assert (census[State.AZ], census[State.NM]) == (204_354, 327_301)
    assert sum(p or 0 for p in census.values()) == 91_603_772


# Census Bureau apportionment counts (GPHemsley) against whitelje's revised resident counts
# (California 1980: 23,667,902).
def test_1980_california_apportionment_population():
    census = {f.state: f.population for f in RECORD.census(1980)}
    assert census[State.CA] == 23_668_562


# The 1802 act apportioned 141 seats among 16 states and the 1811 act 181 among 17 (Tucker 1803;
# the acts); secondary tables count Ohio (1803) and Louisiana (1812): 142 and 182.
def test_1800_and_1810_house_sizes():
    sizes = {h.census: h.size for h in RECORD.house_sizes}
    assert (sizes[1800], sizes[1810]) == (141, 181)


def _popular(year: int, state: State) -> dict[str, int]:
    return {
        p.candidate: p.votes
        for p in RECORD.popular_votes_in(year)
        if p.state is state and p.district is None
    }


# clavesi errors of 1956-1972 found by the check against Leip's Atlas (stiles/presidential-
# elections) and settled by the state's Wikipedia article (data/notes/popular_votes.md, "Second
# source"): the record keeps the corrected figures (source leip-wikipedia-state).
def test_1964_dc_voted_johnson_169796_goldwater_28801():
    """clavesi gives DC 0 and 0 in DC's first presidential election."""
    assert _popular(1964, State.DC) == {"Lyndon B. Johnson": 169_796, "Barry Goldwater": 28_801}


def test_1964_alabama_chose_between_goldwater_and_unpledged_electors():
    """Johnson was not on Alabama's ballot; clavesi credits him with the unpledged Democratic
    slate's 210,732 votes."""
    assert _popular(1964, State.AL) == {"Barry Goldwater": 479_085, "Unpledged electors": 210_732}


def test_1960_louisiana_unpledged_electors_169572():
    """The States' Rights slate of unpledged electors, 21% of Louisiana, missing in clavesi."""
    assert _popular(1960, State.LA)["Unpledged electors"] == 169_572


def test_1964_new_hampshire_johnson_184064():
    assert _popular(1964, State.NH)["Lyndon B. Johnson"] == 184_064  # clavesi 182,065


def test_1968_and_1972_california_certified_returns():
    """clavesi is 1.3-1.8% short for every candidate in both years."""
    assert _popular(1968, State.CA) == {
        "Richard Nixon": 3_467_664,
        "Hubert Humphrey": 3_244_318,
        "George Wallace": 487_270,
    }
    assert _popular(1972, State.CA).items() >= {
        ("Richard Nixon", 4_602_096),
        ("George McGovern", 3_475_847),
    }


def test_1968_wallace_in_kansas_and_new_york():
    """clavesi has no Wallace line in either state."""
    assert _popular(1968, State.KS)["George Wallace"] == 88_921
    assert _popular(1968, State.NY)["George Wallace"] == 358_864


def test_two_slates_or_lines_for_one_candidate_are_summed():
    """As the MIT returns of 1976-2020 sum fusion lines: clavesi leaves out South Carolina's
    petition slate for Eisenhower in 1952 (158,289 of his 168,082), New York's Liberal and
    Conservative lines in 1956 and 1972 (not in 1960-1968) and Alabama's National Democratic
    slate pledged to McGovern in 1972."""
    assert _popular(1952, State.SC)["Dwight D. Eisenhower"] == 168_082  # clavesi 9,793
    assert _popular(1956, State.NY)["Adlai Stevenson II"] == 2_750_769  # clavesi 2,458,212
    assert _popular(1972, State.NY).items() >= {
        ("Richard Nixon", 4_192_778),
        ("George McGovern", 2_951_084),
    }
    assert _popular(1972, State.AL)["George McGovern"] == 256_923  # clavesi 219,108


@pytest.mark.parametrize(
    ("year", "state", "candidate", "votes", "clavesi"),
    [
        (1896, State.FL, "William Jennings Bryan", 32_756, 30_683),  # Populist line 1,977
        (1896, State.NV, "William Jennings Bryan", 8_376, 7_802),  # People's Party 574
        (1896, State.TX, "William Jennings Bryan", 370_434, 267_803),
        (1924, State.OK, "Robert M. La Follette", 46_375, 41_141),
        (1928, State.GA, "Herbert Hoover", 99_368, 63_498),
        (1936, State.DE, "Alf Landon", 57_236, 54_014),
        (1956, State.MS, "Dwight D. Eisenhower", 60_685, 56_372),
    ],
)
def test_second_lines_and_slates_1896_1956_are_summed(year, state, candidate, votes, clavesi):
    """Leip's Atlas and the state's Wikipedia article (which names the Populist, Farmer-Labor,
    Independent Republican or second Republican slate) against clavesi's one line; a sample of
    the 16 rows of 1896-1956 (data/notes/popular_votes.md, "Second source")."""
    assert _popular(year, state)[candidate] == votes != clavesi


def test_1836_new_jersey_went_to_harrison_by_545_votes():
    """A 2015 copy of Wikipedia's article swaps the two candidates' votes and gives Van Buren the
    state; the count (Harrison's 73 electoral votes include New Jersey's 8) and the record's
    returns (clavesi) agree that Harrison carried it, 26,137 to 25,592."""
    votes = _popular(1836, State.NJ)
    assert votes == {"William Henry Harrison": 26_137, "Martin Van Buren": 25_592}
    cast = {
        v.candidate: v.votes
        for v in RECORD.votes_in(1836)
        if v.state is State.NJ and v.office is Office.PRESIDENT
    }
    assert cast == {"William Henry Harrison": 8}


@pytest.mark.parametrize(
    ("year", "candidate", "votes", "clavesi"),
    [
        (1848, "Lewis Cass", 10_668, 11_644),
        (1848, "Zachary Taylor", 4_509, 5_281),
        (1852, "Franklin Pierce", 13_552, 14_857),
        (1888, "Benjamin Harrison", 88_422, 93_991),
        (1904, "Theodore Roosevelt", 51_242, 51_307),
    ],
)
def test_texas_1848_1904_follows_its_secretary_of_states_table(year, candidate, votes, clavesi):
    """Texas Secretary of State, "Presidential Election Results" (the state's own figures, which
    Leip's Atlas follows) against the American Presidency Project's (clavesi); 23 rows of
    1848-1904 (data/notes/popular_votes.md, "Texas")."""
    assert _popular(year, State.TX)[candidate] == votes != clavesi
