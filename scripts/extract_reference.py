"""Carry popular-vote facts from the raw files in ``../shared/reference`` into our own schema.

Reads (never copies):

* ``whitelje+house_of_reps/1976-2020-president.csv``: MIT Election Data and Science Lab state
  returns for president, 1976-2020, one line per candidate and party line, no header row.
* ``clavesi+presidential-election-results/json/YEAR.json``: per state (full names, a "Total"
  row) the main candidates' popular votes, 1789-2020.

Writes, in the project's schema (``year,state,district,candidate,party,votes,source``, sorted by
year, state, district, candidate; UTF-8, LF line endings):

* ``data/extracted/popular_votes_1976_2020.csv`` (source ``mit-president-1976-2020``): one row per
  year, state and candidate, fusion party lines summed, unnamed write-ins and "other" lines summed
  into ``Others``, blank/void/over/under votes and "none of these candidates" left out.
* ``data/extracted/popular_votes_1824_1972.csv`` (source ``clavesi-presidential-1824-1972``): the
  main candidates' non-zero state votes, 1824-1972.

Prints a cross-check: clavesi state sums vs. its "Total" rows, MIT vs. clavesi for the two main
candidates 1976-2020 (national and by state), and MIT vs. the FEC national totals of 2016 and 2020.
Mapping decisions and results are recorded in ``data/notes/popular_votes.md``.

Run from the repository root: ``python scripts/extract_reference.py [--reference DIR]``.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "data" / "extracted"
HEADER = ("year", "state", "district", "candidate", "party", "votes", "source")
MIT_FILE = Path("whitelje+house_of_reps") / "1976-2020-president.csv"
CLAVESI_DIR = Path("clavesi+presidential-election-results") / "json"
MIT_SOURCE = "mit-president-1976-2020"
CLAVESI_SOURCE = "clavesi-presidential-1824-1972"
CLAVESI_YEARS = range(1824, 1973, 4)
CHECK_YEARS = range(1824, 2021, 4)
MIT_YEARS = range(1976, 2021, 4)
TOLERANCE = 0.001  # 0.1 %
OTHERS = "Others"
MAJOR = frozenset({"Democratic", "Republican"})

# National totals certified by the FEC ("Federal Elections" 2016 and 2020), used only as a check.
FEC_TOTALS: dict[tuple[int, str], int] = {
    (2016, "Hillary Clinton"): 65_853_514,
    (2016, "Donald Trump"): 62_984_828,
    (2020, "Joe Biden"): 81_283_501,
    (2020, "Donald Trump"): 74_223_975,
}

STATES: dict[str, str] = {
    "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR", "California": "CA",
    "Colorado": "CO", "Connecticut": "CT", "Delaware": "DE", "District of Columbia": "DC",
    "Florida": "FL", "Georgia": "GA", "Hawaii": "HI", "Idaho": "ID", "Illinois": "IL",
    "Indiana": "IN", "Iowa": "IA", "Kansas": "KS", "Kentucky": "KY", "Louisiana": "LA",
    "Maine": "ME", "Maryland": "MD", "Massachusetts": "MA", "Michigan": "MI", "Minnesota": "MN",
    "Mississippi": "MS", "Missouri": "MO", "Montana": "MT", "Nebraska": "NE", "Nevada": "NV",
    "New Hampshire": "NH", "New Jersey": "NJ", "New Mexico": "NM", "New York": "NY",
    "North Carolina": "NC", "North Dakota": "ND", "Ohio": "OH", "Oklahoma": "OK", "Oregon": "OR",
    "Pennsylvania": "PA", "Rhode Island": "RI", "South Carolina": "SC", "South Dakota": "SD",
    "Tennessee": "TN", "Texas": "TX", "Utah": "UT", "Vermont": "VT", "Virginia": "VA",
    "Washington": "WA", "West Virginia": "WV", "Wisconsin": "WI", "Wyoming": "WY",
}  # fmt: skip
STATE_ALIASES: dict[str, str] = {"Distric of Columbia": "DC"}

# clavesi candidate keys (after repairing mojibake) -> English Wikipedia article titles.
CLAVESI_NAMES: dict[str, str] = {
    "John Quincy Adams": "John Quincy Adams", "Andrew Jackson": "Andrew Jackson",
    "William H. Crawford": "William H. Crawford", "Henry Clay": "Henry Clay",
    "John Floyd": "John Floyd", "William Wirt": "William Wirt",
    "Martin Van Buren": "Martin Van Buren", "William Henry Harrison": "William Henry Harrison",
    "Hugh White": "Hugh Lawson White", "Daniel Webster": "Daniel Webster",
    "Willie Mangum": "Willie Person Mangum", "James Polk": "James K. Polk",
    "Zachary Taylor": "Zachary Taylor", "Lewis Cass": "Lewis Cass",
    "Franklin Pierce": "Franklin Pierce", "Winfield Scott": "Winfield Scott",
    "James Buchanan": "James Buchanan", "John Frémont": "John C. Frémont",
    "Millard Fillmore": "Millard Fillmore", "Abraham Lincoln": "Abraham Lincoln",
    "John Breckingridge": "John C. Breckinridge", "John Bell": "John Bell",
    "Stephen Douglas": "Stephen A. Douglas", "George McClellan": "George B. McClellan",
    "Ulysses S. Grant": "Ulysses S. Grant", "Horatio Seymour": "Horatio Seymour",
    "Horace Greeley": "Horace Greeley", "Rutherford B. Hayes": "Rutherford B. Hayes",
    "Samuel Tilden": "Samuel J. Tilden", "James Garfield": "James A. Garfield",
    "Winfield Hancock": "Winfield Scott Hancock", "Grover Cleveland": "Grover Cleveland",
    "James Blaine": "James G. Blaine", "Benjamin Harrison": "Benjamin Harrison",
    "James Weaver": "James B. Weaver", "William McKinley": "William McKinley",
    "William Jennings Bryan": "William Jennings Bryan",
    "Theodore Roosevelt": "Theodore Roosevelt", "Alton Parker": "Alton B. Parker",
    "William Taft": "William Howard Taft", "Woodrow Wilson": "Woodrow Wilson",
    "Eugene V. Debs": "Eugene V. Debs", "Charles Hughes": "Charles Evans Hughes",
    "Warren Harding": "Warren G. Harding", "James Cox": "James M. Cox",
    "Calvin Coolidge": "Calvin Coolidge", "John Davis": "John W. Davis",
    "Robert LaFollette": "Robert M. La Follette", "Herbert Hoover": "Herbert Hoover",
    "Al Smith": "Al Smith", "Franklin D. Roosevelt": "Franklin D. Roosevelt",
    "Alfred Landon": "Alf Landon", "Wendell Willkie": "Wendell Willkie",
    "Thomas Dewey": "Thomas E. Dewey", "Harry Truman": "Harry S. Truman",
    "Strom Thurmond": "Strom Thurmond", "Dwight D. Eisenhower": "Dwight D. Eisenhower",
    "Adlai Stevenson": "Adlai Stevenson II", "Walter Jones": "Walter Burgwyn Jones",
    "John F. Kennedy": "John F. Kennedy", "Richard Nixon": "Richard Nixon",
    "Harry Byrd": "Harry F. Byrd", "Lyndon B. Johnson": "Lyndon B. Johnson",
    "Barry Goldwater": "Barry Goldwater", "Hubert Humphrey": "Hubert Humphrey",
    "George Wallace": "George Wallace", "George McGovern": "George McGovern",
    "John Hospers": "John Hospers", "Jimmy Carter": "Jimmy Carter",
    "Gerald Ford": "Gerald Ford", "Ronald Reagan": "Ronald Reagan",
    "John Anderson": "John B. Anderson", "Walter Mondale": "Walter Mondale",
    "George H. W. Bush": "George H. W. Bush", "Michael Dukakis": "Michael Dukakis",
    "Lloyd Bentsen": "Lloyd Bentsen", "Bill Clinton": "Bill Clinton", "Bob Dole": "Bob Dole",
    "Ross Perot": "Ross Perot", "George W. Bush": "George W. Bush", "Al Gore": "Al Gore",
    "John Kerry": "John Kerry", "John Edwards": "John Edwards",
    "Barack Obama": "Barack Obama", "John McCain": "John McCain",
    "Mitt Romney": "Mitt Romney", "Donald Trump": "Donald Trump",
    "Hillary Clinton": "Hillary Clinton", "Bernie Sanders": "Bernie Sanders",
    "John Kasich": "John Kasich", "Colin Powell": "Colin Powell",
    "Faith Spotted Eagle": "Faith Spotted Eagle", "Joe Biden": "Joe Biden",
}  # fmt: skip

# clavesi party labels -> CONVENTIONS.md names; None: not a party (faithless electors only).
CLAVESI_PARTIES: dict[str, str | None] = {
    "Democratic-Republican": "Democratic-Republican", "Democratic": "Democratic",
    "National Republican": "National Republican", "Nullifier": "Nullifier",
    "Anti-Masonic": "Anti-Masonic", "Whig": "Whig", "Free Soil": "Free Soil",
    "Republican": "Republican", "Repubican": "Republican", "Know Nothing": "Know Nothing",
    "Southern Democratic": "Southern Democratic",
    "Constituional Union": "Constitutional Union", "Northern Democratic": "Democratic",
    "Liberal Republican and Democratic": "Liberal Republican", "Populist": "Populist",
    "Democratic-Populist": "Democratic", "Progressive": "Progressive",
    "Socialist": "Socialist", "States' Rights Democratic": "Dixiecrat",
    "American Independent": "American Independent", "Libertarian / Faithless": "Libertarian",
    "Independent": "Independent", "Reform": "Reform", "Faithless": None,
}  # fmt: skip
# Popular votes cast for a slate rather than for the candidate the electors later chose.
CLAVESI_PARTY_OVERRIDES: dict[tuple[int, str], str] = {(1960, "Harry Byrd"): "Unpledged"}

# MIT "LAST, FIRST" names -> Wikipedia titles: every candidate with electoral votes or more than 1 %
# nationally, other well-known candidates, and names the generic rule would get wrong.
MIT_NAMES: dict[str, str] = {
    "CARTER, JIMMY": "Jimmy Carter", "FORD, GERALD": "Gerald Ford",
    "REAGAN, RONALD": "Ronald Reagan", "MONDALE, WALTER": "Walter Mondale",
    "BUSH, GEORGE H.W.": "George H. W. Bush", "DUKAKIS, MICHAEL": "Michael Dukakis",
    "CLINTON, BILL": "Bill Clinton", "DOLE, ROBERT": "Bob Dole", "PEROT, ROSS": "Ross Perot",
    "BUSH, GEORGE W.": "George W. Bush", "GORE, AL": "Al Gore", "KERRY, JOHN": "John Kerry",
    "MCCAIN, JOHN": "John McCain", "OBAMA, BARACK H.": "Barack Obama",
    "ROMNEY, MITT": "Mitt Romney", "MITT, ROMNEY": "Mitt Romney",
    "TRUMP, DONALD J.": "Donald Trump", "CLINTON, HILLARY": "Hillary Clinton",
    "BIDEN, JOSEPH R. JR": "Joe Biden", "SANDERS, BERNIE": "Bernie Sanders",
    "KASICH, JOHN": "John Kasich", "PAUL, RON": "Ron Paul", 'PAUL, RONALD "RON"': "Ron Paul",
    "ANDERSON, JOHN B.": "John B. Anderson", 'CLARK, EDWARD "ED"': "Ed Clark",
    "NADER, RALPH": "Ralph Nader", "JOHNSON, GARY": "Gary Johnson", "STEIN, JILL": "Jill Stein",
    "JORGENSEN, JO": "Jo Jorgensen", 'MCCARTHY, EUGENE "GENE"': "Eugene McCarthy",
    'BUCHANAN, PATRICK "PAT"': "Pat Buchanan", "LAROUCHE, LYNDON, JR.": "Lyndon LaRouche",
    "GOODE, VIRGIL HAMLIN, JR.": "Virgil Goode", 'JANOS, JAMES G. "JESSE VENTURA"': "Jesse Ventura",
    'BUBAR, BENJAMIN "BEN"': "Benjamin Bubar Jr.", "MACBRIDE, ROGER": "Roger MacBride",
    "DEBERRY, CLIFTON": "Clifton DeBerry", "LA RIVA, GLORIA ESTELLA": "Gloria La Riva",
    "DANIELS, RON": "Ron Daniels", "DANIELS, RONALD": "Ron Daniels",
    "HALYARD, HELEN": "Helen Halyard", "HAYLARD, HELEN": "Helen Halyard",
    "STEVENS, THOMAS R.": "Tom Stevens", "HEDGES, JIM": "James Hedges",
    "CASTLE, DARRELL L.": "Darrell Castle", "RICE, CONDOLEEZA": "Condoleezza Rice",
    'SCOTT, JORDAN "CANCER"': "Jordan Scott", 'DENNIS "DENNY", LANE': "Denny Lane",
    'EMIDIO "MIMI", SOLTYSIK': "Mimi Soltysik", 'JULIUS "JULES", LEVIN': "Jules Levin",
    "L. NEIL, SMITH": "L. Neil Smith", "HERBERG G., LEWIN": "Herberg G. Lewin",
    "JOHNSON JR. JAMES L.": "James L. Johnson Jr.",
    "JACOB?FAMBRO, PRINCESS KHADIJAH MARYAM": "Princess Khadijah Maryam Jacob-Fambro",
}  # fmt: skip
# Lines that are not votes for anyone (left out) and lines without a named candidate (Others).
MIT_NON_VOTES = frozenset({
    "BLANK VOTE", "BLANK VOTES", "BLANK VOTE/SCATTERING", "BLANK VOTE/VOID VOTE/SCATTERING",
    "OVER VOTE", "OVERVOTES", "UNDERVOTES", "VOID", "VOID VOTE", "NONE OF THE ABOVE",
    "NONE OF THESE CANDIDATES",
})  # fmt: skip
MIT_UNNAMED = frozenset({
    "", "OTHER", "OTHERS", "SCATTERING", "NOT DESIGNATED", "NONPARTISAN", "UNAFFILIATED",
    "PROHIBITION", "WORKERS WORLD", "INDEPENDENT PARTY CANDIDATE,", "THE BETTER LIFE,",
})  # fmt: skip
MIT_PARTIES: dict[str, str] = {
    "DEMOCRAT": "Democratic", "DEMOCRATIC-FARMER-LABOR": "Democratic",
    "REPUBLICAN": "Republican", "LIBERTARIAN": "Libertarian", "GREEN": "Green",
    "GREEN-RAINBOW": "Green", "PACIFIC GREEN": "Green", "WISCONSIN GREEN": "Green",
    "D.C. STATEHOOD GREEN": "Green", "DC STATEHOOD GREEN": "Green",
    "INDEPENDENT": "Independent", "REFORM PARTY": "Reform", "REFORM PARTY MINNESOTA": "Reform",
    "NO PARTY AFFILIATION": "Independent", "NON-AFFILIATED": "Independent",
    "UNAFFILIATED": "Independent", "UNENROLLED": "Independent", "NONPARTISAN": "Independent",
    "NOMINATED BY PETITION": "Independent", "PETITIONING CANDIDATE": "Independent",
    "INDEPENDENT NOMINATION": "Independent", "CONSTITUTION PARTY OF FLORIDA": "Constitution",
    "U.S. TAXPAYERS PARTY": "Constitution", "US TAXPAYERS PARTY": "Constitution",
    "TAXPAYERS PARTY": "Constitution", "AMERICAN CONSTITUTION PARTY": "Constitution",
    "COMMUNIST PARTY USE": "Communist", "SOCIALIST PARTY USA": "Socialist",
    "SOCIALIST U.S.A.": "Socialist", "SOCIALIST PARTY OF FLORIDA": "Socialist",
    "PARTY FOR SOCIALISM AND LIBERATION": "Socialism and Liberation",
    "PEACE & FREEDOM": "Peace and Freedom", "DEMOCRAT/REPUBLICAN": "",
    "RIGHT-TO-LIFE": "Right to Life", "NSA DID 911": "NSA Did 911",
    "THIRD PARTY": "Third Party", "THE BIRTHDAY PARTY": "The Birthday Party",
    "BOSTON TEA PARTY": "Boston Tea Party", "AMERICA'S PARTY": "America's Party",
    "FREEDOM FOR LAROUCHE": "Freedom for LaRouche", "INDEPENDENTS FOR LAROUCHE":
    "Independents for LaRouche", "LAROUCHE FOR PRESIDENT PARTY": "LaRouche for President",
    "WRITE-IN": "", "OTHER": "",
}  # fmt: skip
SMALL_WORDS = frozenset({"a", "and", "of", "for", "the", "to"})


# Errors of clavesi found by the check against a second source (Dave Leip's Atlas) and settled by
# a third (the state's Wikipedia article), 1896-1972: data/notes/popular_votes.md, "Second source".
# Each key is a clavesi row (year, state, candidate); its value replaces it, or is added where
# clavesi has no such row (DC 1964, which it gives as 0 and 0; Louisiana's unpledged slate in 1960;
# Wallace in Kansas and New York in 1968).
CORRECTION_SOURCE = "leip-wikipedia-state"
CORRECTIONS: dict[tuple[int, str, str], tuple[str, str, int]] = {
    # Louisiana's States' Rights slate of unpledged electors (21%), left out by clavesi.
    (1960, "LA", "Unpledged electors"): ("Unpledged electors", "Unpledged", 169_572),
    # Johnson was not on Alabama's ballot: the Democratic slate was unpledged.
    (1964, "AL", "Lyndon B. Johnson"): ("Unpledged electors", "Unpledged", 210_732),
    (1964, "DC", "Lyndon B. Johnson"): ("Lyndon B. Johnson", "Democratic", 169_796),
    (1964, "DC", "Barry Goldwater"): ("Barry Goldwater", "Republican", 28_801),
    (1964, "NH", "Lyndon B. Johnson"): ("Lyndon B. Johnson", "Democratic", 184_064),
    (1968, "CA", "Richard Nixon"): ("Richard Nixon", "Republican", 3_467_664),
    (1968, "CA", "Hubert Humphrey"): ("Hubert Humphrey", "Democratic", 3_244_318),
    (1968, "CA", "George Wallace"): ("George Wallace", "American Independent", 487_270),
    (1968, "KS", "George Wallace"): ("George Wallace", "American Independent", 88_921),
    (1968, "NY", "George Wallace"): ("George Wallace", "American Independent", 358_864),
    (1972, "CA", "Richard Nixon"): ("Richard Nixon", "Republican", 4_602_096),
    (1972, "CA", "George McGovern"): ("George McGovern", "Democratic", 3_475_847),
    # Two slates or lines for one candidate, summed as the MIT returns of 1976-2020 sum fusion
    # lines: South Carolina's "Nominated by Petition" (158,289) and Republican (9,793) electors
    # for Eisenhower; New York's Liberal (1956, 1972) and Conservative (1972) lines; Alabama's
    # National Democratic slate pledged to McGovern.
    (1952, "SC", "Dwight D. Eisenhower"): ("Dwight D. Eisenhower", "Republican", 168_082),
    # Bryan's Populist lines of 1896, summed with his Democratic ones (in Florida 1,977, in Nevada
    # the People's Party's 574; the Populist electors were pledged to Bryan, with Watson for vice
    # president); the other states' Wikipedia infoboxes name the Populist alliance without a split.
    (1896, "CA", "William Jennings Bryan"): ("William Jennings Bryan", "Democratic", 144_766),
    (1896, "FL", "William Jennings Bryan"): ("William Jennings Bryan", "Democratic", 32_756),
    (1896, "NV", "William Jennings Bryan"): ("William Jennings Bryan", "Democratic", 8_376),
    (1896, "OH", "William Jennings Bryan"): ("William Jennings Bryan", "Democratic", 477_497),
    (1896, "PA", "William Jennings Bryan"): ("William Jennings Bryan", "Democratic", 433_228),
    (1896, "TX", "William Jennings Bryan"): ("William Jennings Bryan", "Democratic", 370_434),
    (1896, "WY", "William Jennings Bryan"): ("William Jennings Bryan", "Democratic", 10_861),
    # La Follette's Farmer-Labor line in Oklahoma; Landon's Independent Republican line in
    # Delaware; the second Republican slates of the South ("Anti-Smith Democratic" in Georgia 1928,
    # "Black and Tan" in Mississippi 1956 and the like).
    (1924, "OK", "Robert M. La Follette"): ("Robert M. La Follette", "Progressive", 46_375),
    (1928, "GA", "Herbert Hoover"): ("Herbert Hoover", "Republican", 99_368),
    (1928, "SC", "Herbert Hoover"): ("Herbert Hoover", "Republican", 5_858),
    (1936, "DE", "Alf Landon"): ("Alf Landon", "Republican", 57_236),
    (1940, "GA", "Wendell Willkie"): ("Wendell Willkie", "Republican", 46_360),
    (1940, "SC", "Wendell Willkie"): ("Wendell Willkie", "Republican", 4_360),
    (1944, "GA", "Thomas E. Dewey"): ("Thomas E. Dewey", "Republican", 59_880),
    (1944, "MS", "Thomas E. Dewey"): ("Thomas E. Dewey", "Republican", 11_601),
    (1956, "MS", "Dwight D. Eisenhower"): ("Dwight D. Eisenhower", "Republican", 60_685),
    (1956, "NY", "Adlai Stevenson II"): ("Adlai Stevenson II", "Democratic", 2_750_769),
    (1972, "NY", "Richard Nixon"): ("Richard Nixon", "Republican", 4_192_778),
    (1972, "NY", "George McGovern"): ("George McGovern", "Democratic", 2_951_084),
    (1972, "AL", "George McGovern"): ("George McGovern", "Democratic", 256_923),
}


# Texas's own figures (the Secretary of State's table "Presidential Election Results", read in its
# copy of May 2024), which Leip's Atlas follows: where the American Presidency Project (clavesi)
# differs, 1848-1904, the state's published figure is kept (data/notes/popular_votes.md).
TEXAS_SOURCE = "tx-sos-presidential"
TEXAS: dict[tuple[int, str], int] = {
    (1848, "Lewis Cass"): 10_668,
    (1848, "Zachary Taylor"): 4_509,
    (1852, "Franklin Pierce"): 13_552,
    (1852, "Winfield Scott"): 4_995,
    (1856, "James Buchanan"): 31_169,
    (1856, "Millard Fillmore"): 15_639,
    (1860, "John C. Breckinridge"): 47_548,
    (1860, "John Bell"): 15_438,
    (1872, "Horace Greeley"): 66_546,
    (1872, "Ulysses S. Grant"): 47_468,
    (1876, "Samuel J. Tilden"): 104_755,
    (1876, "Rutherford B. Hayes"): 44_800,
    (1880, "Winfield Scott Hancock"): 156_428,
    (1880, "James A. Garfield"): 57_893,
    (1884, "Grover Cleveland"): 225_309,
    (1884, "James G. Blaine"): 93_141,
    (1888, "Grover Cleveland"): 234_883,
    (1888, "Benjamin Harrison"): 88_422,
    (1892, "Benjamin Harrison"): 81_144,
    (1896, "William McKinley"): 167_520,
    (1900, "William Jennings Bryan"): 267_432,
    (1900, "William McKinley"): 130_641,
    (1904, "Theodore Roosevelt"): 51_242,
}


def corrected(rows: list[Vote]) -> list[Vote]:
    """``rows`` with :data:`CORRECTIONS` and :data:`TEXAS` applied: each corrected row replaced
    (or added)."""
    by_key = {(r.year, r.state, r.candidate): r for r in rows}
    for (year, state, candidate), (name, party, votes) in CORRECTIONS.items():
        by_key[(year, state, candidate)] = Vote(
            year, state, "", name, party, votes, CORRECTION_SOURCE
        )
    for (year, candidate), votes in TEXAS.items():
        old = by_key[(year, "TX", candidate)]
        by_key[(year, "TX", candidate)] = old._replace(votes=votes, source=TEXAS_SOURCE)
    return list(by_key.values())


class Vote(NamedTuple):
    """One output row."""

    year: int
    state: str
    district: str
    candidate: str
    party: str
    votes: int
    source: str


class MitLine(NamedTuple):
    """One candidate line of the MIT file, names still raw."""

    year: int
    state: str
    candidate: str
    party: str
    votes: int


Totals = dict[tuple[int, str], int]  # (year, candidate) -> votes
StateVotes = dict[tuple[int, str, str], int]  # (year, state, candidate) -> votes


def capitalize_word(word: str) -> str:
    """``MCCAIN`` -> ``McCain``, ``O'NEIL`` -> ``O'Neil``, ``U.S.`` kept; hyphen and slash parts."""
    if re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?", word) and len(word) > 2:
        return word
    if "/" in word:
        return "/".join(capitalize_word(part) for part in word.split("/"))
    parts = []
    for part in word.split("-"):
        low = part.lower()
        text = low[:1].upper() + low[1:]
        if re.match(r"mc[a-z]", low):
            text = "Mc" + low[2:3].upper() + low[3:]
        elif re.match(r"o'[a-z]", low):
            text = "O'" + low[2:3].upper() + low[3:]
        parts.append(text)
    return "-".join(parts)


def title_case(text: str, small: bool = False) -> str:
    """Title-case words; with ``small`` keep joining words (``and``, ``of``) lower-case."""
    words = [capitalize_word(w) for w in text.split()]
    if small:
        words = [w.lower() if i and w.lower() in SMALL_WORDS else w for i, w in enumerate(words)]
    return " ".join(words)


def person_name(raw: str) -> str:
    """``LAST, FIRST "NICK"`` -> ``Nick Last``; ``LAST, FIRST M., JR.`` -> ``First M. Last Jr.``."""
    if "," not in raw:
        return title_case(raw)
    last, _, rest = raw.partition(",")
    first, _, suffix = rest.partition(",")
    nickname = re.search(r'"([^"]+)"', first)
    given = nickname.group(1) if nickname else first
    return title_case(f"{given} {last} {suffix}")


def mit_candidate(raw: str) -> str | None:
    """Wikipedia-style name, ``Others`` for unnamed lines, None for lines that are not votes."""
    name = re.sub(r'"+', '"', raw).strip()
    if name in MIT_NON_VOTES:
        return None
    if name in MIT_UNNAMED:
        return OTHERS
    return MIT_NAMES.get(name) or person_name(name)


def mit_party(raw: str) -> str:
    """MIT ``party_detailed`` -> CONVENTIONS.md party name (others: title-cased, no "Party")."""
    raw = raw.strip()
    if raw in MIT_PARTIES:
        return MIT_PARTIES[raw]
    return title_case(re.sub(r"\s+PARTY$", "", raw).replace(" & ", " and "), small=True)


def read_mit(path: Path) -> list[MitLine]:
    """The MIT lines that are votes for a candidate (or for ``Others``), in file order."""
    lines: list[MitLine] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) != 15 or row[6] != "US PRESIDENT":
                raise SystemExit(f"{path}: unexpected line {row!r}")
            candidate = mit_candidate(row[7])
            if candidate is None:
                continue
            party = "" if candidate == OTHERS else mit_party(row[8])
            lines.append(MitLine(int(row[0]), row[2], candidate, party, int(row[10])))
    return lines


def choose_party(parties: list[str]) -> str:
    """The major-party line if any, else the first line with a party."""
    for party in parties:
        if party in MAJOR:
            return party
    return next((p for p in parties if p), "")


def mit_votes(lines: Iterable[MitLine]) -> list[Vote]:
    """One row per year, state and candidate: party lines (fusion) summed, zeros dropped."""
    votes: dict[tuple[int, str, str], int] = defaultdict(int)
    parties: dict[tuple[int, str, str], list[str]] = defaultdict(list)
    for line in lines:
        key = (line.year, line.state, line.candidate)
        votes[key] += line.votes
        parties[key].append(line.party)
    return [
        Vote(year, state, "", name, choose_party(parties[(year, state, name)]), n, MIT_SOURCE)
        for (year, state, name), n in votes.items()
        if n > 0
    ]


def repair(text: str) -> str:
    """Undo UTF-8 read as Latin-1 (``FrÃ©mont`` -> ``Frémont``)."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def state_code(name: str) -> str:
    """Postal code of a clavesi state name; unknown names stop the script."""
    code = STATES.get(name) or STATE_ALIASES.get(name)
    if code is None:
        raise SystemExit(f"clavesi: unknown state name {name!r}")
    return code


def clavesi_name(raw: str) -> str:
    """Wikipedia title of a clavesi candidate; unknown names stop the script."""
    name = repair(raw)
    if name not in CLAVESI_NAMES:
        raise SystemExit(f"clavesi: no Wikipedia title for candidate {name!r}")
    return CLAVESI_NAMES[name]


def clavesi_party(year: int, raw_name: str, label: str) -> str:
    """CONVENTIONS.md party of a clavesi candidate with popular votes."""
    override = CLAVESI_PARTY_OVERRIDES.get((year, repair(raw_name)))
    if override:
        return override
    if label not in CLAVESI_PARTIES:
        raise SystemExit(f"clavesi {year}: unknown party label {label!r}")
    party = CLAVESI_PARTIES[label]
    if party is None:
        raise SystemExit(f"clavesi {year}: popular votes for {raw_name!r} labelled {label!r}")
    return party


def numeric_popular(entry: Mapping[str, object]) -> dict[str, int]:
    """The numeric popular votes of one state entry (``{"status": ...}`` gives none)."""
    popular = entry.get("popular")
    if not isinstance(popular, dict):
        return {}
    return {
        str(name): int(value)
        for name, value in popular.items()
        if isinstance(value, str | int) and str(value).strip().isdigit()
    }


def load_clavesi(directory: Path, year: int) -> dict[str, object]:
    """One clavesi year file as parsed JSON."""
    with (directory / f"{year}.json").open(encoding="utf-8") as handle:
        data: dict[str, object] = json.load(handle)
    return data


def clavesi_tables(data: Mapping[str, object]) -> tuple[dict[str, str], dict[str, dict[str, int]]]:
    """(raw candidate -> party label, raw state name -> numeric popular votes)."""
    candidates = data.get("candidates")
    states = data.get("votes")
    if not isinstance(candidates, dict) or not isinstance(states, dict):
        raise SystemExit("clavesi: file without 'candidates' and 'votes'")
    labels = {str(k): str(v) for k, v in candidates.items()}
    popular = {str(k): numeric_popular(v) for k, v in states.items() if isinstance(v, dict)}
    return labels, popular


def clavesi_votes(year: int, data: Mapping[str, object]) -> list[Vote]:
    """Rows of one clavesi year: every state except Total, non-zero numeric votes only."""
    labels, popular = clavesi_tables(data)
    rows: list[Vote] = []
    for state, votes in popular.items():
        if state == "Total":
            continue
        code = state_code(state)
        for raw, n in votes.items():
            if n > 0:
                party = clavesi_party(year, raw, labels.get(raw, ""))
                rows.append(Vote(year, code, "", clavesi_name(raw), party, n, CLAVESI_SOURCE))
    return rows


def write_votes(path: Path, rows: list[Vote]) -> None:
    """Sorted (year, state, district, candidate) CSV with the schema header, LF endings."""
    keys = [(r.year, r.state, r.district, r.candidate) for r in rows]
    if len(set(keys)) != len(keys):
        raise SystemExit(f"{path.name}: duplicate (year, state, district, candidate)")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for row in sorted(rows, key=lambda r: (r.year, r.state, r.district, r.candidate)):
            writer.writerow([str(r) for r in row])
    print(f"wrote {path.relative_to(ROOT)}: {len(rows)} rows")


def off(value: int, reference: int) -> bool:
    """True when ``value`` differs from ``reference`` by more than the tolerance."""
    if reference == 0:
        return value != 0
    return abs(value - reference) > TOLERANCE * reference


def pct(value: int, reference: int) -> str:
    """Signed difference with its share of the reference."""
    share = 100.0 * (value - reference) / reference if reference else 0.0
    return f"{value - reference:+,} ({share:+.3f}%)"


def check_clavesi_totals(directory: Path) -> None:
    """Per year: clavesi's state rows summed per candidate vs. its own Total row."""
    print("\n== clavesi: sum of state rows vs. the file's Total row (tolerance 0.1%) ==")
    for year in CHECK_YEARS:
        _, popular = clavesi_tables(load_clavesi(directory, year))
        total = popular.get("Total", {})
        sums: dict[str, int] = defaultdict(int)
        for state, votes in popular.items():
            if state != "Total":
                state_code(state)
                for name, n in votes.items():
                    sums[name] += n
        names = sorted(set(total) | set(sums))
        diffs = [
            f"{clavesi_name(n)} states {sums[n]:,} vs Total {total.get(n, 0):,} "
            f"{pct(sums[n], total.get(n, 0))}"
            for n in names
            if sums[n] != total.get(n, 0)
        ]
        bad = any(off(sums[n], total.get(n, 0)) for n in names)
        verdict = "DISAGREE" if bad else "within 0.1%" if diffs else "exact"
        print(f"{year}: {verdict}" + (": " + "; ".join(diffs) if diffs else ""))


def clavesi_main(directory: Path, year: int) -> tuple[list[str], Totals, StateVotes]:
    """Two main candidates of a clavesi year (by Total), its totals and state votes, mapped."""
    _, popular = clavesi_tables(load_clavesi(directory, year))
    total = popular["Total"]
    main = sorted(total, key=lambda n: -total[n])[:2]
    totals = {(year, clavesi_name(n)): total[n] for n in main}
    states = {
        (year, state_code(s), clavesi_name(n)): v.get(n, 0)
        for s, v in popular.items()
        if s != "Total" and v
        for n in main
    }
    return [clavesi_name(n) for n in main], totals, states


def mit_tables(rows: Iterable[Vote]) -> tuple[Totals, StateVotes]:
    """National and state totals per candidate from the MIT rows."""
    totals: Totals = defaultdict(int)
    states: StateVotes = {}
    for r in rows:
        totals[(r.year, r.candidate)] += r.votes
        states[(r.year, r.state, r.candidate)] = r.votes
    return totals, states


def check_mit_vs_clavesi(directory: Path, rows: list[Vote]) -> None:
    """1976-2020: MIT national and state totals vs. clavesi for the two main candidates."""
    print("\n== MIT vs. clavesi, two main candidates (tolerance 0.1%) ==")
    mit_total, mit_state = mit_tables(rows)
    for year in MIT_YEARS:
        names, totals, states = clavesi_main(directory, year)
        nat = [
            f"{n} MIT {mit_total[(year, n)]:,} vs {totals[(year, n)]:,} "
            f"{pct(mit_total[(year, n)], totals[(year, n)])}"
            for n in names
        ]
        print(f"{year} national: " + "; ".join(nat))
        bad = [
            f"{s} {n} MIT {mit_state.get((y, s, n), 0):,} vs {v:,}"
            for (y, s, n), v in sorted(states.items())
            if off(mit_state.get((y, s, n), 0), v)
        ]
        print(f"{year} states off by >0.1%: " + ("; ".join(bad) if bad else "none"))


def check_fec(directory: Path, rows: list[Vote]) -> None:
    """MIT and clavesi national totals vs. the FEC's certified 2016 and 2020 totals."""
    print("\n== national totals vs. FEC certified ==")
    mit_total, _ = mit_tables(rows)
    for (year, name), fec in sorted(FEC_TOTALS.items()):
        _, totals, _ = clavesi_main(directory, year)
        mit, clav = mit_total[(year, name)], totals.get((year, name), 0)
        print(f"{year} {name}: FEC {fec:,}; MIT {mit:,} {pct(mit, fec)}; clavesi {clav:,} "
              f"{pct(clav, fec)}")  # fmt: skip


def report_left_out(path: Path) -> None:
    """Votes in MIT lines that are not votes for a candidate, per year."""
    left: dict[int, int] = defaultdict(int)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            if mit_candidate(row[7]) is None:
                left[int(row[0])] += int(row[10])
    print("\n== MIT blank/void/over/under/'none of these' votes left out ==")
    print("; ".join(f"{y}: {n:,}" for y, n in sorted(left.items())))


def parse_args(argv: list[str]) -> Path:
    """The reference directory (default ../shared/reference relative to the repo root)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    return Path(parser.parse_args(argv).reference)


def main(argv: list[str]) -> int:
    reference = parse_args(argv)
    mit_path, clavesi_dir = reference / MIT_FILE, reference / CLAVESI_DIR
    if not mit_path.is_file() or not clavesi_dir.is_dir():
        raise SystemExit(f"{reference}: reference files not found")
    mit_rows = mit_votes(read_mit(mit_path))
    write_votes(OUT_DIR / "popular_votes_1976_2020.csv", mit_rows)
    old_rows = corrected(
        [r for y in CLAVESI_YEARS for r in clavesi_votes(y, load_clavesi(clavesi_dir, y))]
    )
    write_votes(OUT_DIR / "popular_votes_1824_1972.csv", old_rows)
    report_left_out(mit_path)
    check_clavesi_totals(clavesi_dir)
    check_mit_vs_clavesi(clavesi_dir, mit_rows)
    check_fec(clavesi_dir, mit_rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
