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


def _first_house_ballot(year: int) -> dict[str, str | None]:
    return {
        str(b.state): b.candidate
        for b in RECORD.contingent_ballots_in(year)
        if b.ballot == 1 and b.state is not None
    }


def test_the_6th_congress_that_chose_in_february_1801():
    """Voteview, the House of the 6th Congress as it sat on 11 February 1801 (each seat's last
    occupant; Georgia's James Jones died on 11 January 1801): 56 Federalists, 49
    Democratic-Republicans, 1 vacancy, in 16 states."""
    rows = RECORD.delegations(6)
    totals: Counter[str] = Counter()
    for r in rows:
        totals[r.party] += r.members
    assert totals == {"Federalist": 56, "Democratic-Republican": 49, "Vacant": 1}
    assert len({r.state for r in rows}) == 16


def test_1801_party_lines_and_the_recorded_first_ballot():
    """Delegations voting their majority party's man give Jefferson 7 states and Burr 7; the
    House Journal's first ballot (8 Jefferson, 6 Burr, Maryland and Vermont divided) differs
    in two states only: Maryland (5 Federalists, 3 Republicans) was divided 4-4 because George
    Dent, a Federalist, voted for Jefferson; Georgia's one sitting member, Benjamin Taliaferro
    (coded Federalist by Voteview), cast Georgia's vote for Jefferson."""
    votes = delegation_votes(
        RECORD.delegations(6),
        {"Thomas Jefferson": "Democratic-Republican", "Aaron Burr": "Federalist"},
    )
    by_party = {str(s): c for s, c in votes.items()}
    recorded = _first_house_ballot(1800)
    assert Counter(by_party.values()) == {"Thomas Jefferson": 7, "Aaron Burr": 7, None: 2}
    assert {s for s in recorded if recorded[s] != by_party[s]} == {"GA", "MD"}


def test_the_24th_congress_senate_that_chose_in_february_1837():
    """Voteview, the Senate of the 24th Congress on 8 February 1837 (26 states, 52 seats, each
    seat's last occupant): 31 Jacksonians, 19 Anti-Jacksonians, 2 Nullifiers. The Senate chose
    Richard Mentor Johnson by 33 to 16 (Senate Journal)."""
    parties = {r.party: r.senators for r in RECORD.senate(24)}
    assert parties == {"Jacksonian": 31, "Anti-Jacksonian": 19, "Nullifier": 2}
    assert sum(parties.values()) == 52


def _faction(party: str) -> str:
    """'Adams-Clay Federalist' -> 'Adams-Clay': the 1825 faction, Republicans and Federalists."""
    return party.rsplit(" ", 1)[0]


def test_the_18th_congress_that_chose_in_february_1825():
    """Voteview, the House of the 18th Congress as it sat on 9 February 1825: 213 members, the
    1820 apportionment, no vacancy. Totals as House History gives them: 72 Adams-Clay
    Republicans, 64 Jackson Republicans, 53 Crawford Republicans, 15 Adams-Clay Federalists,
    7 Jackson Federalists, 2 Crawford Federalists. Pennsylvania has 26, not Voteview's 27 last
    occupants: PA-8's Thomas J. Rogers resigned 20 April 1824 and George Wolf took the seat
    9 December 1824 (Biographical Directory, 18th Congress footnotes)."""
    rows = RECORD.delegations(18)
    totals: Counter[str] = Counter()
    for r in rows:
        totals[r.party] += r.members
    assert totals == {
        "Adams-Clay Republican": 72,
        "Jackson Republican": 64,
        "Crawford Republican": 53,
        "Adams-Clay Federalist": 15,
        "Jackson Federalist": 7,
        "Crawford Federalist": 2,
    }
    seats = {str(a.state): a.seats for a in RECORD.census(1820)}
    members: Counter[str] = Counter()
    for r in rows:
        members[str(r.state)] += r.members
    assert members == seats
    assert (members["PA"], members["NY"], members["VA"]) == (26, 34, 22)
    # Richard Henry Wilde took Georgia's seat of Thomas W. Cobb (resigned 6 December 1824) on
    # 7 February 1825, two days before the election: Georgia's 7 are all Crawford men.
    assert {(r.party, r.members) for r in rows if r.state == "GA"} == {("Crawford Republican", 7)}


def test_1825_factions_and_the_recorded_ballot():
    """Split delegations by faction (Voteview): New York 18 Adams-Clay (4 of them Federalists,
    Stephen Van Rensselaer among them), 14 Crawford, 2 Jackson; Maryland 5-3-1. Each state's
    majority faction gives Adams 13, Jackson 7, Crawford 4, state by state the House's ballot
    of 9 February 1825 -- agreement expected, not independent: Voteview's factions appear to
    follow the members' votes (data/notes/congress.md)."""
    factions: dict[str, Counter[str]] = {}
    for r in RECORD.delegations(18):
        factions.setdefault(str(r.state), Counter())[_faction(r.party)] += r.members
    assert factions["NY"] == {"Adams-Clay": 18, "Crawford": 14, "Jackson": 2}
    assert factions["MD"] == {"Adams-Clay": 5, "Jackson": 3, "Crawford": 1}
    candidate = {
        "Adams-Clay": "John Quincy Adams",
        "Jackson": "Andrew Jackson",
        "Crawford": "William H. Crawford",
    }
    majority = {}
    for state, counts in factions.items():
        faction, n = counts.most_common(1)[0]
        assert 2 * n > sum(counts.values()), state
        majority[state] = candidate[faction]
    assert Counter(majority.values()) == {
        "John Quincy Adams": 13,
        "Andrew Jackson": 7,
        "William H. Crawford": 4,
    }
    assert majority == _first_house_ballot(1824)
