"""Every census's official apportionment, recomputed from the populations by the statute."""

from __future__ import annotations

import pytest

from electoral import apportion_census
from electoral.census import STATUTORY_RATIOS, apportion_by_vinton
from electoral.data import default_record, load_record
from electoral.errors import DataError, RuleInputError
from electoral.rules.apportionment import apportion, apportion_by_ratio
from electoral.states import State
from tests.builders import write_record

RECORD = default_record()
APPORTIONED = [c for c in RECORD.censuses if c != 1920]

S = State
GRANTS_1862 = dict.fromkeys((S.PA, S.OH, S.KY, S.IL, S.IA, S.MN, S.VT, S.RI), 1)
GRANTS_1872 = dict.fromkeys((S.NH, S.VT, S.NY, S.PA, S.IN, S.TN, S.LA, S.AL, S.FL), 1)
COMPUTED = set(APPORTIONED)
"""Censuses whose seats are computed from the record's populations: every apportioned census
(1800, 1810 and 1840 from the federal numbers of the NHGIS county tables,
data/notes/apportionment.md)."""
GRANTS: dict[int, dict[State, int]] = {
    1820: {S.AL: 1},  # Act of March 3, 1823
    1850: {S.CA: 1},  # Act of July 30, 1852
    1860: GRANTS_1862,  # Act of March 4, 1862
    1870: GRANTS_1872,  # Act of May 30, 1872
    1910: {S.AZ: 1, S.NM: 1},  # Act of Aug. 8, 1911, sec. 2 (outside the 433)
}
DEPARTURES: dict[int, dict[State, int]] = {
    # Act of January 16, 1901 against the Vinton rule at 386 (Willcox 1910: a departure)
    1900: {S.NY: -1, S.PA: -1, S.NE: 1, S.ME: 1},
}


@pytest.mark.parametrize("census", APPORTIONED)
def test_the_statute_reproduces_the_official_seats(census):
    """Jefferson at the acts' ratios 1790-1830 (+ Alabama 1823); Webster at 70,680 for 1840
    (a seat for a fraction over one half); the Vinton rule at 233 (+
    California 1852) for 1850, at 233 plus the 1862 act's eight seats for 1860, at 283 plus the
    1872 act's nine for 1870, at 325 for 1880, at 356 for 1890, at 386 with the 1901 act's
    departures for 1900;
    Webster 1910 (433 + Arizona and New Mexico) and 1930; Huntington-Hill 1940-2020."""
    result = apportion_census(census, RECORD)
    assert result.seats == {f.state: f.seats for f in RECORD.census(census)}
    assert result.is_computed is (census in COMPUTED)
    assert bool(result.populations) is (census in COMPUTED)
    assert result.grants == GRANTS.get(census, {})
    assert result.departures == DEPARTURES.get(census, {})


@pytest.mark.parametrize("census", APPORTIONED)
def test_seats_add_up_to_the_house_size(census):
    size = RECORD.house_size(census)
    assert size is not None
    assert sum(apportion_census(census, RECORD).seats.values()) == size.size


def test_the_ratio_acts_fixed_the_size_by_the_ratio():
    """1790-1840: the House size is the sum of the whole ratios (105, 141, 181, 212 + 1, 240),
    in 1840 with a seat for each fraction over one half (223)."""
    for census, size, method in (
        (1790, 105, "jefferson"),
        (1800, 141, "jefferson"),
        (1810, 181, "jefferson"),
        (1820, 212, "jefferson"),
        (1830, 240, "jefferson"),
        (1840, 223, "webster"),
    ):
        populations = {f.state: f.population or 0 for f in RECORD.census(census)}
        seats = apportion_by_ratio(populations, STATUTORY_RATIOS[census], method)
        assert sum(seats.values()) == size


def test_1820_alabama_had_two_seats_by_the_ratio_and_a_third_by_the_1823_act():
    populations = {f.state: f.population or 0 for f in RECORD.census(1820)}
    assert populations[S.AL] == 111_147  # MAA Convergence (Caulfield), 1820 federal numbers
    assert apportion_by_ratio(populations, 40_000)[S.AL] == 2
    assert apportion_census(1820, RECORD).seats[S.AL] == 3


def test_1860_census_office_table_read_by_its_columns():
    """The Census Office table (Richmond Dispatch reprint) prints per-state totals that do not
    equal free + slave for LA (700,433 for 709,433), VA (1,596,083 for 1,596,077), PA (2,996,370
    for 2,906,370) and WI (775,873 for 775,879); the free and slave columns add up to the printed
    grand totals (27,185,109 free, 3,949,557 slaves), so the columns are kept. Delaware's slaves
    (1,798) are the printed total 112,218 less the free 110,420. Federal number: free + 3/5."""
    census = {f.state: f.population for f in RECORD.census(1860)}
    assert census[S.PA] == 2_906_370
    assert census[S.DE] == 110_420 + round(1_798 * 3 / 5)
    assert census[S.LA] == 376_913 + round(332_520 * 3 / 5)
    assert sum(p or 0 for p in census.values()) == 29_554_844


def test_the_1862_act_did_not_give_hamilton_at_241():
    """The 1862 act's eight seats are not the method's: Hamilton at 241 would have given New
    Jersey 6 and New York 32, Minnesota and Rhode Island 1 each."""
    populations = {f.state: f.population or 0 for f in RECORD.census(1860)}
    at_241 = apportion(populations, 241, "hamilton")
    enacted = apportion_census(1860, RECORD).seats
    assert {s: (at_241[s], enacted[s]) for s in at_241 if at_241[s] != enacted[s]} == {
        S.NJ: (6, 5),
        S.NY: (32, 31),
        S.MN: (1, 2),
        S.RI: (1, 2),
    }


def _populations(census: int) -> dict[State, int]:
    return {f.state: f.population or 0 for f in RECORD.census(census)}


def test_1850_federal_numbers_are_free_persons_and_three_fifths_of_the_slaves():
    """Free states: white + colored (Blake 1857); slave states: free (Chase and Sanborn 1856,
    Table VII) + 3/5 of the slaves (Blake 1857; NC 288,548, which with its free 580,491 gives
    the census total 869,039). New Jersey still counted 236 slaves. The ratio, the total over
    233 with the fraction rejected, is the published 93,423 (1911 Britannica; Blake: 93,420)."""
    census = _populations(1850)
    assert census[S.NY] == 49_069 + 3_048_325
    assert census[S.NJ] == 23_816 + 465_509 + round(236 * 3 / 5)
    assert census[S.VA] == 949_133 + round(472_528 * 3 / 5)
    assert census[S.NC] == 580_491 + round(288_548 * 3 / 5)
    assert sum(census.values()) // 233 == 93_423


def test_1800_1810_1840_federal_numbers_from_the_nhgis_county_tables():
    """Federal numbers = free persons + 3/5 of the slaves, rounded to the nearest person, from
    the NHGIS county tables summed by state (total population; slaves; 1840 white, free colored
    and slaves). Massachusetts includes the District of Maine in 1800 and 1810; Virginia is the
    state as enumerated (with the later West Virginia, without Alexandria County, then in the
    District of Columbia)."""
    c1800, c1810, c1840 = _populations(1800), _populations(1810), _populations(1840)
    assert c1800[S.VA] == 880_152 - 345_756 + round(345_756 * 3 / 5)
    assert c1800[S.MA] == 422_845 + 151_719  # Massachusetts proper + District of Maine
    assert c1800[S.TN] == 105_602 - 13_584 + round(13_584 * 3 / 5)
    assert c1810[S.GA] == 252_433 - 105_218 + round(105_218 * 3 / 5)
    assert c1810[S.MA] == 472_040 + 228_705
    assert c1840[S.VA] == 740_968 + 49_842 + round(448_987 * 3 / 5)
    assert c1840[S.NY] == 2_378_890 + 50_027 + round(4 * 3 / 5)
    assert (len(c1800), len(c1810), len(c1840)) == (16, 17, 26)
    assert sum(c1800.values()) == 4_880_035
    assert sum(c1810.values()) == 6_584_229
    assert sum(c1840.values()) == 15_908_339


def test_1810_georgia_has_its_sixth_seat_only_with_walton_county():
    """The 1810 return counted Walton County (1,026 persons, land then claimed by Georgia and
    found to be North Carolina's) in Georgia: 252,433 with 105,218 slaves, 6.010 ratios of
    35,000. The Census Bureau's later state tables (Working Paper 56, present-day footprints)
    give Georgia 251,407 with 105,158 slaves: 5.981 ratios, 5 seats. The act gave 6."""
    census = _populations(1810)
    assert census[S.GA] // 35_000 == 6
    later = 251_407 - 105_158 + round(105_158 * 3 / 5)
    assert later // 35_000 == 5
    assert apportion_census(1810, RECORD).seats[S.GA] == 6


def test_1840_the_moiety_clause_gave_six_seats():
    """The 1842 act's extra seat for a fraction over one half of 70,680: six states had one
    (Alabama .92, Illinois .74, Indiana .70, Rhode Island .54, South Carolina .56, Tennessee
    .70), so the House is 223, not Jefferson's 217. Ohio's fraction, .4977, fell 154 persons
    short of the moiety (1,519,466 against 21.5 x 70,680 = 1,519,620)."""
    census = _populations(1840)
    jefferson = apportion_by_ratio(census, 70_680)
    webster = apportion_census(1840, RECORD).seats
    assert {s: (jefferson[s], webster[s]) for s in census if jefferson[s] != webster[s]} == {
        S.AL: (6, 7),
        S.IL: (6, 7),
        S.IN: (9, 10),
        S.RI: (1, 2),
        S.SC: (6, 7),
        S.TN: (10, 11),
    }
    assert sum(jefferson.values()) == 217
    assert 21 * 70_680 + 70_680 // 2 - census[S.OH] == 154
    assert webster[S.OH] == 21


def test_the_vinton_rule_is_not_hamilton_with_quotas_recomputed():
    """1880: Nevada (quota 0.41) and Delaware (0.97) take their constitutional seats; the act's
    rule keeps the quotas at the ratio 151,911 (49,371,340 // 325, the published ratio), so New
    York's fraction (.459) beats Mississippi's (.449). Recomputing the quotas without the two
    small states, as ``hamilton`` does, reverses that."""
    populations = _populations(1880)
    assert sum(populations.values()) // 325 == 151_911
    vinton = apportion_by_vinton(populations, 325)
    hamilton = apportion(populations, 325, "hamilton")
    assert {s: (vinton[s], hamilton[s]) for s in vinton if vinton[s] != hamilton[s]} == {
        S.NY: (34, 33),
        S.MS: (7, 8),
    }
    assert apportion_census(1880, RECORD).seats == vinton


def test_1890_verified_population_gives_the_published_ratio_and_the_act():
    """The Census Office's verified 1890 population (letter of November 25, 1890), by division:
    the states' figures add up to the printed division totals, and the 44 states' total over 356,
    fraction rejected, is the published ratio 173,901 (1911 Britannica). The Vinton rule at 356
    then gives every state the Act of February 7, 1891."""
    census = _populations(1890)
    north_atlantic = (S.ME, S.NH, S.VT, S.MA, S.RI, S.CT, S.NY, S.NJ, S.PA)
    assert sum(census[s] for s in north_atlantic) == 17_401_545
    south_atlantic = (S.DE, S.MD, S.VA, S.WV, S.NC, S.SC, S.GA, S.FL)
    assert sum(census[s] for s in south_atlantic) + 230_392 == 8_857_920  # + DC
    north_central = (S.OH, S.IN, S.IL, S.MI, S.WI, S.MN, S.IA, S.MO, S.ND, S.SD, S.NE, S.KS)
    assert sum(census[s] for s in north_central) == 22_362_279
    assert len(census) == 44
    assert sum(census.values()) == 61_908_906
    assert sum(census.values()) // 356 == 173_901
    assert apportion_by_vinton(census, 356) == {f.state: f.seats for f in RECORD.census(1890)}


def test_1900_the_vinton_rule_at_386_and_the_1901_acts_departures():
    """MAA Convergence's 1900 apportionment populations (45 states, 74,562,608; ratio 193,167):
    the Vinton rule at 386 gives New York 38, Pennsylvania 33, Nebraska 5, Maine 3; the Act of
    January 16, 1901 gave 37, 32, 6, 4 (Willcox 1910: the act departed from the method). The act
    is the method plus the recorded departures, which net to zero, so the size stays 386."""
    populations = _populations(1900)
    assert len(populations) == 45
    assert sum(populations.values()) == 74_562_608
    assert sum(populations.values()) // 386 == 193_167
    method = apportion_by_vinton(populations, 386)
    enacted = {f.state: f.seats for f in RECORD.census(1900)}
    assert {s: (method[s], enacted[s]) for s in method if method[s] != enacted[s]} == {
        S.NY: (38, 37),
        S.PA: (33, 32),
        S.NE: (5, 6),
        S.ME: (3, 4),
    }
    departures = DEPARTURES[1900]
    assert sum(departures.values()) == 0
    assert {s: method[s] + departures.get(s, 0) for s in method} == enacted
    assert apportion_census(1900, RECORD).seats == enacted


def test_1900_no_other_reading_of_the_1901_act_fits_the_vinton_rule():
    """The departure is not a rule misread: at 385 the Vinton rule differs from the act in
    Nebraska only (5 for 6), at 387 in New York, Pennsylvania and Nebraska; Webster at 386 gives
    Iowa 12 and Nebraska 5 (the act: 11 and 6). Huntington-Hill at 386, not in use until 1941,
    happens to give the act."""
    populations = _populations(1900)
    enacted = {f.state: f.seats for f in RECORD.census(1900)}

    def diff(seats: dict[State, int]) -> dict[State, tuple[int, int]]:
        return {s: (seats[s], enacted[s]) for s in seats if seats[s] != enacted[s]}

    assert diff(apportion_by_vinton(populations, 385)) == {S.NE: (5, 6)}
    assert diff(apportion_by_vinton(populations, 387)) == {
        S.NY: (38, 37),
        S.PA: (33, 32),
        S.NE: (5, 6),
    }
    assert diff(apportion(populations, 386, "webster")) == {S.IA: (12, 11), S.NE: (5, 6)}
    assert diff(apportion(populations, 386, "huntington-hill")) == {}


def test_1900_the_published_ratio_gives_the_act_by_major_fractions_but_for_nebraska():
    """The published 1900 ratio, 194,182 (1911 Britannica), is not the table's total over 386
    (193,167), but it is a ratio of the method of major fractions: at it every state has the
    act's seats except Nebraska, 5.491 ratios, 1,701 persons short of a sixth seat; the House
    is then 385, which the Vinton rule at 385 also gives. So the act is the method at 385 plus
    Nebraska's sixth seat, or the Vinton rule at 386 plus the four recorded departures."""
    populations = _populations(1900)
    enacted = {f.state: f.seats for f in RECORD.census(1900)}
    by_ratio = apportion_by_ratio(populations, 194_182, "webster")
    assert sum(by_ratio.values()) == 385
    assert {s: (by_ratio[s], enacted[s]) for s in by_ratio if by_ratio[s] != enacted[s]} == {
        S.NE: (5, 6)
    }
    assert by_ratio == apportion_by_vinton(populations, 385)
    assert 11 * 194_182 // 2 - populations[S.NE] == 1_701  # 5.5 ratios less Nebraska


def test_1900_the_departures_are_not_the_indians_not_taxed():
    """The MAA figures are the 1900 census totals less the Indians not taxed (44,617 persons in
    12 states; the totals from Wikipedia's table of state populations, jalapic/apportR
    usa_census, and sarahscheffler/dp-census historical_populations.csv). With the totals the
    Vinton rule at 386 departs from the act in the same four states."""
    census_totals = {
        S.CA: 1_485_053,
        S.CO: 539_700,
        S.ID: 161_772,
        S.MN: 1_751_394,
        S.MT: 243_329,
        S.ND: 319_146,
        S.NV: 42_335,
        S.NY: 7_268_894,
        S.SD: 401_570,
        S.UT: 276_749,
        S.WA: 518_103,
        S.WI: 2_069_042,
    }
    populations = _populations(1900)
    assert sum(census_totals[s] - populations[s] for s in census_totals) == 44_617
    totals = populations | census_totals
    enacted = {f.state: f.seats for f in RECORD.census(1900)}
    method = apportion_by_vinton(totals, 386)
    assert {s: (method[s], enacted[s]) for s in method if method[s] != enacted[s]} == {
        S.NY: (38, 37),
        S.PA: (33, 32),
        S.NE: (5, 6),
        S.ME: (3, 4),
    }


# Census Bureau, "Table 1. Apportionment Population and Number of Representatives by State:
# 2020 Census".
def test_2020_apportionment():
    seats = apportion_census(2020, RECORD).seats
    assert (seats[State.CA], seats[State.TX], seats[State.FL], seats[State.NY]) == (52, 38, 28, 26)
    assert sum(seats.values()) == 435


def test_1920_made_no_apportionment():
    with pytest.raises(RuleInputError, match="no apportionment"):
        apportion_census(1920, RECORD)
    what_if = apportion_census(1920, RECORD, method="huntington-hill", seats=435)
    assert sum(what_if.seats.values()) == 435


def test_a_what_if_needs_the_populations(tmp_path):
    """A census whose populations are missing is shown as enacted, and a what-if is refused
    (a toy record: every census in the bundled record now has its populations)."""
    directory = write_record(tmp_path, apportionment=["2020,PA,,17,toy", "2020,DE,,1,toy"])
    record = load_record(directory)
    enacted = apportion_census(2020, record)
    assert enacted.seats == {S.PA: 17, S.DE: 1}
    assert enacted.is_computed is False
    with pytest.raises(RuleInputError, match="populations are not in the record"):
        apportion_census(2020, record, method="webster", seats=18)


def test_a_what_if_ignores_the_acts_departures():
    """A what-if is the method alone: 1900 by Huntington-Hill at 386 carries no departures
    (and no grants)."""
    what_if = apportion_census(1900, RECORD, method="huntington-hill", seats=386)
    assert what_if.departures == {}
    assert what_if.grants == {}
    assert sum(what_if.seats.values()) == 386


def test_1910_under_hamilton_differs_from_the_statute():
    """Cross-check of two methods: the same populations give another House under Hamilton."""
    statute = apportion_census(1910, RECORD).seats
    hamilton = apportion_census(1910, RECORD, method="hamilton", seats=435).seats
    assert sum(hamilton.values()) == 435
    assert statute != hamilton


def test_the_1960_census_gives_dc_its_three_electors():
    """The 23rd Amendment (ratified 1961) gave DC three electors from 1964, the first election
    the 1960 census governed; the 1950 census's apportionment governed 1952-1960 without DC."""
    assert apportion_census(1960).electors[State.DC] == 3
    assert State.DC not in apportion_census(1950).electors
    assert sum(apportion_census(1960).electors.values()) == 538


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("2020,PA,0,departed,toy act,toy", r"field 'seats': '0' is not a non-zero integer"),
        ("2020,PA,+1,departed,toy act,toy", r"field 'seats': '\+1' is not a non-zero integer"),
        ("2020,PA,-1,added,toy act,toy", r"field 'seats': '-1' is not a non-negative integer"),
        ("2020,PA,1,moved,toy act,toy", r"field 'kind': 'moved' is not one of: outside"),
    ],
)
def test_statutory_seats_departures_are_signed_and_other_kinds_are_counts(tmp_path, line, message):
    directory = write_record(tmp_path, statutory_seats=[line])
    with pytest.raises(DataError, match=rf"statutory_seats.csv:2: {message}"):
        load_record(directory)


def test_a_departure_is_applied_at_the_acts_size(tmp_path):
    """A toy act at 18 seats that moved one seat from PA to DE: the method (PA 17, DE 1) plus
    the departures (-1, +1); the size stays 18."""
    directory = write_record(
        tmp_path,
        statutory_seats=["2020,PA,-1,departed,toy act,toy", "2020,DE,1,departed,toy act,toy"],
        apportionment=["2020,PA,13002700,16,toy", "2020,DE,990837,2,toy"],
    )
    result = apportion_census(2020, load_record(directory))
    assert result.seats == {S.PA: 16, S.DE: 2}
    assert result.departures == {S.PA: -1, S.DE: 1}
    assert result.grants == {}


def test_1900_is_labelled_as_enacted_not_hamilton():
    """The Act of January 16, 1901 (31 Stat. 733) gave Maine and Nebraska one seat more and New
    York and Pennsylvania one fewer than the Vinton rule at 386 (willcox-1910): its seats are
    the act's, so the method shown is "enacted" and the departures are named."""
    result = apportion_census(1900, RECORD)
    assert result.method == "enacted"
    assert result.statute.endswith("(ME +1, NE +1, NY -1, PA -1)")
    assert apportion_census(1890, RECORD).method == "hamilton"
