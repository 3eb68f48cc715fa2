"""The election of 1824: each state's presidential ballots, the national totals, the House's
choice of 1825, and the loader's checks of a year whose vice-presidential ballots by state are
unknown (``electoral.data.record.PRESIDENT_ONLY``).

Sources (data/notes/record_1789_1860.md): the National Archives' table of 1824 by state, as quoted
on Wikipedia's "Talk:United States presidential election, 1824" (Jackson, Adams and Crawford rows);
C. Schurz, *Life of Henry Clay* (1887), vol. 1, p. 232 (Clay: "the whole electoral vote of only
three states, Kentucky, Ohio, and Missouri, and four votes from New York"); the declared totals of
the count of 9 February 1825 (tallies.csv); cross-checked against the American Presidency
Project's table (clavesi's 1824.json), which agrees state by state. How each state appointed its
electors: see ``METHODS`` below.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest

from electoral import election, replay
from electoral.analysis._common import units
from electoral.analysis.defection import defection
from electoral.analysis.flips import flip, switch_cost
from electoral.analysis.minvote import minimum_vote
from electoral.analysis.power import election_game
from electoral.analysis.reform import reform
from electoral.data import default_record, load_record
from electoral.data.record import PRESIDENT_ONLY
from electoral.errors import DataError, RuleInputError
from electoral.model import ChosenBy, Method, Office
from electoral.rules.electors import electors_for, seats_in_force
from electoral.states import State
from tests.builders import write_record

RECORD = default_record()
JACKSON, ADAMS = "Andrew Jackson", "John Quincy Adams"
CRAWFORD, CLAY = "William H. Crawford", "Henry Clay"


def _by_state(office: Office = Office.PRESIDENT) -> dict[State, dict[str | None, int]]:
    states: dict[State, dict[str | None, int]] = {}
    for v in RECORD.votes_in(1824):
        if v.office is office:
            states.setdefault(v.state, {})[v.candidate] = v.votes
    return states


@pytest.mark.parametrize(
    ("state", "votes"),
    [
        # NARA (Talk page quotation) for Adams, Crawford and Jackson; Schurz for Clay's 4;
        # Wikipedia "1824 United States presidential election in New York": 26, 5, 4, 1.
        (State.NY, {ADAMS: 26, CRAWFORD: 5, CLAY: 4, JACKSON: 1}),
        # NARA; Archives of Maryland vol. 208, p. 43 (the electors' meeting): 7, 3, 1.
        (State.MD, {JACKSON: 7, ADAMS: 3, CRAWFORD: 1}),
        (State.DE, {CRAWFORD: 2, ADAMS: 1}),  # NARA
        (State.IL, {JACKSON: 2, ADAMS: 1}),  # NARA
        (State.LA, {JACKSON: 3, ADAMS: 2}),  # NARA
        (State.TN, {JACKSON: 11}),  # NARA
        (State.PA, {JACKSON: 28}),  # NARA
        (State.NC, {JACKSON: 15}),  # NARA; Wikipedia list of 1824 electors: "all 15"
        (State.MA, {ADAMS: 15}),  # NARA
        (State.VA, {CRAWFORD: 24}),  # NARA
        (State.GA, {CRAWFORD: 9}),  # NARA
        (State.KY, {CLAY: 14}),  # Schurz: Clay had Kentucky's whole vote
        (State.OH, {CLAY: 16}),  # Schurz: and Ohio's
        (State.MO, {CLAY: 3}),  # Schurz: and Missouri's
    ],
)
def test_presidential_votes_by_state(state: State, votes: dict[str, int]) -> None:
    assert _by_state()[state] == votes


def test_the_states_add_up_to_the_declared_totals() -> None:
    """Register of Debates, 18th Congress, 9 February 1825: Jackson 99, Adams 84, Crawford 41,
    Clay 37, of 261 electors in 24 states; every elector voted for president."""
    counted: Counter[str] = Counter()
    for v in RECORD.votes_in(1824):
        if v.office is Office.PRESIDENT and v.candidate is not None:
            counted[v.candidate] += v.counted
    assert counted == {JACKSON: 99, ADAMS: 84, CRAWFORD: 41, CLAY: 37}
    declared = {
        t.candidate: t.votes for t in RECORD.tallies_in(1824) if t.office is Office.PRESIDENT
    }
    assert declared == counted
    assert len(_by_state()) == 24
    assert sum(sum(s.values()) for s in _by_state().values()) == 261
    assert RECORD.election(1824).electors_appointed == 261


def test_each_state_cast_its_electors_by_the_1820_census() -> None:
    """Each state's presidential ballots equal its electors: House seats under the
    apportionment of the 1820 census (Act of 7 March 1822, 3 Stat. 651, and Alabama's seat of
    the Act of 3 March 1823) plus two (U.S. Const. art. II, §1, cl. 2)."""
    electors = electors_for(1824, seats_in_force(1824, RECORD.apportionment, RECORD.seat_changes))
    ballots = {s: sum(v.values()) for s, v in _by_state().items()}
    assert ballots == {s: n for s, n in electors.items() if n}
    assert (ballots[State.NY], ballots[State.PA], ballots[State.VA]) == (36, 28, 24)


# How each state appointed its electors in 1824 (appointments.csv; data/notes/record_1789_1860.md).
# - By the legislature, six states: the talkelections.org forum ("1824", jimrtex, 2005: "NY 36,
#   DE 3, SC 11, GA 9, VT 7, and LA 5"); Wikipedia's table "Methods of Presidential Elector
#   selection, by state, 1789-1832" (liquisearch copy); an 1890s almanac (Google Books
#   bXgQAAAAYAAJ, p. 755: "six states, Vermont, New York, Delaware, South Carolina, Georgia and
#   Louisiana"); H. V. Ames, *Proposed Amendments to the Constitution* (1897), p. 84 ("in six of
#   the States by the legislature").
# - By popular vote on a general ticket: the Wikipedia table ("popular vote, at-large"); the
#   forum lists all twelve as popular elections.
# - By popular vote in districts: the Wikipedia table for all six. Maine, 7 by congressional
#   district and 2 elected statewide (the forum; not ``mixed``: Maine's 1828 electors at large
#   were chosen by the district electors, Ames p. 86). Illinois: Tufts, *A New Nation Votes*
#   ("Illinois 1824 Electoral College, District 1") and 270towin (Jackson 2 districts, Adams 1,
#   against Adams's statewide plurality). Maryland: 270towin (districts 3 and 4 chose two
#   electors each). Kentucky and Missouri: Wikipedia's state articles map their "electoral
#   district results". Tennessee: the Wikipedia table alone (districts also in 1820 and 1828).
METHODS = {
    Method.LEGISLATURE: {State.DE, State.GA, State.LA, State.NY, State.SC, State.VT},
    Method.POPULAR: {
        State.AL, State.CT, State.IN, State.MA, State.MS, State.NH, State.NJ, State.NC,
        State.OH, State.PA, State.RI, State.VA,
    },
    Method.DISTRICT: {State.IL, State.KY, State.MD, State.ME, State.MO, State.TN},
}  # fmt: skip


def test_how_each_state_appointed_its_electors() -> None:
    methods: dict[Method, set[State]] = {}
    for a in RECORD.appointments_in(1824):
        methods.setdefault(a.method, set()).add(a.state)
    assert methods == METHODS
    assert sum(len(s) for s in METHODS.values()) == 24


def test_the_appointments_match_the_apportionment_and_the_ballots() -> None:
    """Electors appointed per state = seats under the 1820 census + 2 = the state's ballots for
    president; 261 in all (the forum's list gives the same numbers)."""
    appointed = {a.state: a.electors for a in RECORD.appointments_in(1824)}
    electors = electors_for(1824, seats_in_force(1824, RECORD.apportionment, RECORD.seat_changes))
    assert appointed == {s: n for s, n in electors.items() if n}
    assert appointed == {s: sum(v.values()) for s, v in _by_state().items()}
    assert sum(appointed.values()) == 261


def test_only_legislatures_and_districts_split_a_state() -> None:
    """A general ticket is winner take all: each of those twelve states cast all its ballots
    for one candidate, the plurality winner of its returns (the replay's check). The states
    that split chose by legislature (DE, LA, NY) or district (IL, MD)."""
    split = {s for s, v in _by_state().items() if len(v) > 1}
    assert split == {State.DE, State.LA, State.NY, State.IL, State.MD}
    assert not split & METHODS[Method.POPULAR]
    result = replay(1824, RECORD)
    pledged = next(c for c in result.checks if c.name == "pledged electors")
    assert (pledged.passed, pledged.detail) == (True, "12 states reproduced from the returns")


def test_the_house_chose_among_the_three_highest() -> None:
    """12th Amendment: the House chooses among the three highest; Clay (37) was fourth behind
    Crawford (41). House Journal, 18th Congress, 9 February 1825: Adams 13 states, Jackson 7,
    Crawford 4."""
    result = replay(1824, RECORD)
    assert result.reproduced
    assert tuple(result.electoral_votes) == (JACKSON, ADAMS, CRAWFORD, CLAY)
    house = result.contingent
    assert house is not None
    assert house.candidates == (JACKSON, ADAMS, CRAWFORD)
    assert CLAY not in house.candidates
    assert house.ballots[0].votes == {ADAMS: 13, JACKSON: 7, CRAWFORD: 4}
    assert (result.president, result.president_chosen_by) == (ADAMS, ChosenBy.HOUSE)


def test_seven_delegations_voted_against_their_states_electors() -> None:
    """Wikipedia, "List of 1824 United States presidential electors": Illinois, Louisiana and
    Maryland went for Jackson in the Electoral College but Adams in the House; North Carolina's
    15 electors for Jackson, its delegation for Crawford; Kentucky, Missouri and Ohio for Clay,
    their delegations for Adams. The electoral votes and the House ballot agree on this."""
    house = {b.state: b.candidate for b in RECORD.contingent_ballots_in(1824) if b.ballot == 1}
    most = {s: max(v, key=lambda c: v[c]) for s, v in _by_state().items()}
    differ = {s: (most[s], house[s]) for s in most if most[s] != house[s]}
    assert differ == {
        State.IL: (JACKSON, ADAMS), State.LA: (JACKSON, ADAMS), State.MD: (JACKSON, ADAMS),
        State.NC: (JACKSON, CRAWFORD),
        State.KY: (CLAY, ADAMS), State.MO: (CLAY, ADAMS), State.OH: (CLAY, ADAMS),
    }  # fmt: skip


def test_the_vice_presidency_is_known_only_by_its_national_totals() -> None:
    """The vice-presidential ballots by state of 1824 are known for a few states only (the
    notes), so the record holds none; the declared totals (Register of Debates, 9 February
    1825): Calhoun 182, Sanford 30, Macon 24, Jackson 13, Van Buren 9, Clay 2; 260 of 261
    electors voted. Calhoun had a majority (131) and was elected by the electors."""
    assert 1824 in PRESIDENT_ONLY
    assert RECORD.has_votes_by_state(1824, Office.PRESIDENT)
    assert not RECORD.has_votes_by_state(1824, Office.VICE_PRESIDENT)
    assert _by_state(Office.VICE_PRESIDENT) == {}
    declared = {
        t.candidate: t.votes for t in RECORD.tallies_in(1824) if t.office is Office.VICE_PRESIDENT
    }
    assert declared == {
        "John C. Calhoun": 182, "Nathan Sanford": 30, "Nathaniel Macon": 24, JACKSON: 13,
        "Martin Van Buren": 9, CLAY: 2,
    }  # fmt: skip
    result = replay(1824, RECORD)
    assert result.vice_president_votes == declared
    assert (result.vice_president, result.vice_president_chosen_by) == (
        "John C. Calhoun",
        ChosenBy.ELECTORS,
    )
    assert any("vice-presidential votes by state are not in the record" in n for n in result.notes)
    assert [c.name for c in result.checks if "vice-president" in c.name] == []


def test_the_election_shows_each_state_and_the_declared_vice_presidential_count() -> None:
    """``electoral show 1824``: the 24 states, and for vice president the declared totals (the
    states' ballots being unknown)."""
    e = election(1824, RECORD)
    assert len(e.states) == 24
    assert sum(s.electors for s in e.states) == 261
    assert e.electoral_votes == {JACKSON: 99, ADAMS: 84, CRAWFORD: 41, CLAY: 37}
    assert e.vice_president_votes == {
        "John C. Calhoun": 182, "Nathan Sanford": 30, "Nathaniel Macon": 24, JACKSON: 13,
        "Martin Van Buren": 9, CLAY: 2,
    }  # fmt: skip
    assert all(s.vice_president_votes == {} for s in e.states)
    assert {s.state for s in e.states if not s.popular_votes} == METHODS[Method.LEGISLATURE]


def test_the_analyses_answer_for_1824() -> None:
    """With the electors by state, the per-state analyses run: the voting-power game is the
    college of 261 (quota 131); a reform re-runs it (and, with no majority, the House of the
    18th Congress voting by faction chooses Adams, 13 states to Jackson's 7 and Crawford's 4,
    as defection says); the minimum vote counts the six legislatures' 71 electors at no cost."""
    game = election_game(1824, RECORD)
    assert (len(game.players), sum(game.weights), game.quota) == (24, 261, 131)
    reformed = reform(1824, "proportional", RECORD)
    assert sum(reformed.count.votes.values()) == 261
    assert reformed.count.winner is None
    assert reformed.contingent is not None
    assert reformed.contingent.ballots[0].votes == {ADAMS: 13, JACKSON: 7, CRAWFORD: 4}
    assert reformed.president == ADAMS
    assert reformed.notes[-1] == (
        "no majority: the House of the 18th Congress chooses John Quincy Adams (each delegation "
        "voting with the faction of most of its members, as in 1825)"
    )
    m = minimum_vote(1824, "actual", RECORD)
    assert m.electors >= 131
    assert m.notes[0] == (
        "no popular vote decided these electors, counted at no cost: DE (legislature), "
        "GA (legislature), LA (legislature), NY (legislature), SC (legislature), VT (legislature)"
    )


def test_defection_counts_the_vice_presidency_from_the_declared_totals() -> None:
    """Jackson, the leader with 99 pledged electors, had no majority: no defector is needed to
    deny him one; 47 of his electors voting for Adams (84) would have elected Adams (131).
    The vice-presidential count is the declared one (Calhoun 182) in every scenario. Every
    candidate ran as a Democratic-Republican, so the House votes by faction
    (``FACTION_CANDIDATES[18]``): Adams 13 states, Jackson 7, Crawford 4, none divided, as on
    9 February 1825."""
    d = defection(1824, record=RECORD)
    assert (d.winner, d.runner_up, d.pledged, d.runner_up_pledged) == (JACKSON, ADAMS, 99, 84)
    assert (d.majority, d.deny_majority, d.elect_runner_up) == (131, 0, 47)
    assert d.free_electors == 99
    assert d.contingent.congress == 18
    assert d.contingent.delegations == {ADAMS: 13, JACKSON: 7, CRAWFORD: 4}
    assert d.contingent.divided == 0
    assert (d.contingent.president, d.contingent.president_chosen_by) == (ADAMS, ChosenBy.HOUSE)
    assert d.contingent.note == ""
    assert (d.contingent.vice_president, d.contingent.vice_president_chosen_by) == (
        "John C. Calhoun",
        ChosenBy.ELECTORS,
    )
    what_if = defection(1824, defectors=47, to=ADAMS, record=RECORD).what_if
    assert what_if is not None
    assert what_if.votes[ADAMS] == 131
    assert what_if.vice_president_votes["John C. Calhoun"] == 182
    assert (what_if.outcome.president, what_if.outcome.president_chosen_by) == (
        ADAMS,
        ChosenBy.ELECTORS,
    )


def test_with_clay_among_the_three_highest_the_house_is_unknown() -> None:
    """Five of Jackson's electors voting for Clay put Clay (42) above Crawford (41), among the
    three the House may choose from (12th Amendment). No faction of the 18th Congress supported
    Clay: his men are labelled with Adams's (``Adams-Clay``), so the factions cannot say how
    the House would vote; the outcome is unknown, not a guess. The vice presidency stays
    Calhoun's (the declared count)."""
    what_if = defection(1824, defectors=5, to=CLAY, record=RECORD).what_if
    assert what_if is not None
    assert what_if.votes == {JACKSON: 94, ADAMS: 84, CLAY: 42, CRAWFORD: 41}
    outcome = what_if.outcome
    assert (outcome.president, outcome.president_chosen_by) == (None, None)
    assert outcome.note == (
        "unknown: the factions of the 18th Congress do not say how its members would vote for "
        "Henry Clay"
    )
    assert (outcome.vice_president, outcome.vice_president_chosen_by) == (
        "John C. Calhoun",
        ChosenBy.ELECTORS,
    )
    # Four defectors leave Clay (41) tied with Crawford for third: both are among the highest.
    tied = defection(1824, defectors=4, to=CLAY, record=RECORD).what_if
    assert tied is not None
    assert tied.outcome.president is None
    assert tied.outcome.note.endswith("would vote for Henry Clay")


def test_flips_with_no_majority() -> None:
    """No one had a majority, so none can be denied (``tie``); ``win`` is the fewest voters
    switching that give someone other than Adams, the House's choice, a majority (131; Jackson
    had 99, so 32 more). Each unit's voters come from whichever candidates are cheapest:
    Ohio from Clay (Clay 19,255, Jackson 18,489: 384 voters) and Virginia from Crawford
    (Crawford 8,558, Jackson 2,975: 2,792 voters), 3,176 voters for 40 electors (returns:
    clavesi/APP). With Clay's voters only (Ohio, Missouri, Kentucky) it took 6,137."""
    f = flip(1824, "win", RECORD)
    assert (f.winner, f.runner_up, f.electors_needed) == (ADAMS, JACKSON, 32)
    assert f.states == ("OH", "VA")
    assert [u.sources for u in f.units] == [{CLAY: 384}, {CRAWFORD: 2_792}]
    assert [u.margin for u in f.units] == [19_255 - 18_489, 8_558 - 2_975]
    assert f.voters_to_switch == 384 + 2_792 == 3_176
    assert f.sources == {CRAWFORD: 2_792, CLAY: 384}
    assert f.runner_up_electors + sum(u.electors for u in f.units) == 99 + 16 + 24 >= f.majority
    with pytest.raises(RuleInputError, match="no candidate had a majority .* no majority to deny"):
        flip(1824, "tie", RECORD)
    with pytest.raises(RuleInputError, match="John Quincy Adams is the candidate the flip"):
        flip(1824, "win", RECORD, to=ADAMS)


def _by_brute_force(to: str) -> int:
    """The fewest voters giving ``to`` a majority, by trying every set of the units ``to`` did
    not carry (1824's are all whole states), each at its own least cost; the electors are the
    ballots as cast (no elector of 1824 broke a pledge)."""
    pledged = {v.state: {} for v in RECORD.votes_in(1824)}
    for v in RECORD.votes_in(1824):
        if v.office is Office.PRESIDENT and v.candidate is not None:
            pledged[v.state][v.candidate] = v.votes
    needed = 131 - sum(s.get(to, 0) for s in pledged.values())
    options = []
    for u in units(RECORD, 1824):
        if u.winner != to:
            cost = switch_cost(u.returns, to)
            assert cost is not None
            options.append((min(u.electors, pledged[u.state].get(u.winner, 0)), cost))
    return min(
        sum(c for _, c in chosen)
        for r in range(len(options) + 1)
        for chosen in combinations(options, r)
        if sum(e for e, _ in chosen) >= needed
    )


def test_jackson_is_the_cheapest_to_give_a_majority() -> None:
    """Jackson (99 electors, 32 short) costs 3,176 voters; Crawford (41, 90 short) 40,167 and
    Clay (37, 94 short) 43,035. Cross-checked by trying every set of units."""
    costs = {c: flip(1824, "win", RECORD, to=c).voters_to_switch for c in (JACKSON, CRAWFORD, CLAY)}
    assert costs == {JACKSON: 3_176, CRAWFORD: 40_167, CLAY: 43_035}
    assert {c: _by_brute_force(c) for c in costs} == costs
    assert flip(1824, "win", RECORD).runner_up == min(costs, key=costs.__getitem__)


def test_every_later_year_holds_both_offices_by_state() -> None:
    """From 1804 (12th Amendment) only 1824 lacks the vice-presidential ballots by state."""
    assert {
        y
        for y in RECORD.years
        if y >= 1804 and not RECORD.has_votes_by_state(y, Office.VICE_PRESIDENT)
    } == {1824}


# The loader's checks of a president-only year, on a made-up two-state record of 1824
# (PA 19 electors for A, DE 3 for B; vice-presidential totals C 19, D 3).
TOY_1824 = {
    "elections": ["1824,1824-12-01,1825-02-09,22,12,A,P,electors,C,P,electors,toy,"],
    "appointments": ["1824,PA,19,popular,toy,", "1824,DE,3,legislature,toy,"],
    "electoral_votes": ["1824,PA,president,A,19,19,toy", "1824,DE,president,B,3,3,toy"],
    "popular_votes": [],
    "apportionment": [],
    "house_sizes": [],
    "tallies": [
        "1824,president,A,19,toy",
        "1824,president,B,3,toy",
        "1824,vice-president,C,19,toy",
        "1824,vice-president,D,3,toy",
    ],
}


def _toy(tmp_path: Path, **replace: list[str]) -> Path:
    return write_record(tmp_path, **(TOY_1824 | replace))


def test_a_president_only_year_loads(tmp_path: Path) -> None:
    record = load_record(_toy(tmp_path))
    assert record.has_votes_by_state(1824, Office.PRESIDENT)
    assert not record.has_votes_by_state(1824, Office.VICE_PRESIDENT)


def test_a_president_only_year_may_also_hold_every_states_vice_presidential_ballots(
    tmp_path: Path,
) -> None:
    votes = [*TOY_1824["electoral_votes"], "1824,PA,vice-president,C,19,19,toy",
             "1824,DE,vice-president,D,3,3,toy"]  # fmt: skip
    record = load_record(_toy(tmp_path, electoral_votes=votes))
    assert record.has_votes_by_state(1824, Office.VICE_PRESIDENT)


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        # A state's presidential ballots must equal its electors.
        ({"electoral_votes": ["1824,PA,president,A,18,18,toy", "1824,DE,president,B,3,3,toy"]},
         r"appointments.csv:2: field 'electors': PA 1824: 19 electors, but 18 ballots for "
         r"president"),
        # The states' presidential votes must equal the declared totals.
        ({"electoral_votes": ["1824,PA,president,A,19,19,toy", "1824,DE,president,A,3,3,toy"]},
         r"tallies.csv:2: field 'votes': 1824 president A: declared 19, but the states' counted "
         r"votes in electoral_votes.csv add up to 22"),
        # Without ballots by state, the office's declared totals are its only record.
        ({"tallies": ["1824,president,A,19,toy", "1824,president,B,3,toy"]},
         r"tallies.csv:1: field 'office': 1824: no vice-presidential ballots by state .* "
         r"none for vice-president"),
        # Vice-presidential ballots for some states only: each state's must equal its electors.
        ({"electoral_votes": [*TOY_1824["electoral_votes"], "1824,PA,vice-president,C,19,19,toy"]},
         r"appointments.csv:3: field 'electors': DE 1824: 3 electors, but 0 ballots for "
         r"vice-president"),
        # Ballots of a state that appointed no electors.
        ({"electoral_votes": [*TOY_1824["electoral_votes"], "1824,NJ,president,A,0,0,toy"]},
         r"electoral_votes.csv:4: field 'state': NJ 1824: ballots, but no row for the state"),
        # Without electors by state, the states' ballots must add up to the electors appointed.
        ({"appointments": [],
          "electoral_votes": ["1824,PA,president,A,19,19,toy", "1824,DE,president,B,2,2,toy"],
          "tallies": [*TOY_1824["tallies"][2:], "1824,president,A,19,toy",
                      "1824,president,B,2,toy"]},
         r"elections.csv:2: field 'electors_appointed': 22 in 1824, but the states' ballots for "
         r"president in electoral_votes.csv add up to 21"),
        # ... and so must its vice-presidential ballots, if it holds some.
        ({"appointments": [],
          "electoral_votes": [*TOY_1824["electoral_votes"], "1824,PA,vice-president,C,19,19,toy"]},
         r"elections.csv:2: field 'electors_appointed': 22 in 1824, but the states' ballots for "
         r"vice-president in electoral_votes.csv add up to 19"),
    ],
)  # fmt: skip
def test_the_loader_checks_a_president_only_year(
    tmp_path: Path, replace: dict[str, list[str]], message: str
) -> None:
    with pytest.raises(DataError, match=message):
        load_record(_toy(tmp_path, **replace))


def test_only_listed_years_may_lack_the_vice_presidential_ballots(tmp_path: Path) -> None:
    """1828 is not in PRESIDENT_ONLY: a record without its vice-presidential ballots by state
    is an error, not a silent gap."""
    directory = write_record(
        tmp_path,
        elections=["1828,1828-12-03,1829-02-11,22,12,A,P,electors,C,P,electors,toy,"],
        appointments=["1828,PA,19,popular,toy,", "1828,DE,3,legislature,toy,"],
        electoral_votes=["1828,PA,president,A,19,19,toy", "1828,DE,president,B,3,3,toy"],
        popular_votes=[],
        apportionment=[],
        house_sizes=[],
        tallies=[t.replace("1824", "1828") for t in TOY_1824["tallies"]],
    )
    with pytest.raises(DataError, match=r"1828: ballots for president but none for vice-president"):
        load_record(directory)


def test_without_electors_by_state_the_analyses_say_so(tmp_path: Path) -> None:
    """A year whose electors by state are not in the record (1824 before its appointment rows
    were written): each per-state analysis names what is missing in one line."""
    record = load_record(
        _toy(
            tmp_path,
            appointments=[],
            popular_votes=["1824,PA,,A,P,1000,toy", "1824,PA,,B,Q,900,toy",
                           "1824,DE,,A,P,100,toy", "1824,DE,,B,Q,300,toy"],
        )
    )  # fmt: skip
    assert election(1824, record).states == ()
    assert election(1824, record).vice_president_votes == {"C": 19, "D": 3}
    missing = r"1824: the record has no electors by state"
    with pytest.raises(RuleInputError, match=missing):
        election_game(1824, record)
    with pytest.raises(RuleInputError, match=missing):
        reform(1824, "proportional", record)
    with pytest.raises(RuleInputError, match=missing):
        minimum_vote(1824, "actual", record)
    with pytest.raises(RuleInputError, match=f"flips {missing}"):
        flip(1824, "win", record)
