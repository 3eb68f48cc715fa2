"""Facts on which the sources disagree: the value the record keeps, and its source.

Each case is listed in the data README ("Disagreements found and resolved") with the sources on
both sides; the topic notes under data/notes/ give the details.
"""

from __future__ import annotations

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
