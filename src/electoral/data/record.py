"""Loading and validating the whole record, and looking facts up in it."""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Final, TypeVar

from electoral.data import tables
from electoral.data._csv import check_unique, read_table
from electoral.errors import DataError, UnknownCensusError, UnknownElectionError
from electoral.model import (
    Appointment,
    ApportionmentFact,
    BindingLaw,
    ContingentBallot,
    CountAct,
    Dispute,
    DistrictReturn,
    ElectionFacts,
    ElectoralVote,
    Faithless,
    HouseSize,
    KnownException,
    Office,
    PartyDelegation,
    PopularVote,
    SenateParty,
    TallyFact,
    UncountedVote,
)
from electoral.states import State

__all__ = ["PACKAGE_DATA", "PRESIDENT_ONLY", "Record", "default_record", "load_record"]

PACKAGE_DATA = Path(__file__).parent

PRESIDENT_ONLY: Final = frozenset({1824})
"""Elections whose votes by state may hold only the ballots for president.

In 1824 each state's presidential ballots are known, but its vice-presidential ballots are known
for a few states only (``data/notes/record_1789_1860.md``); the office's national totals, as
declared at the count, are in ``tallies.csv``. From 1804 (12th Amendment) a year with votes by
state must hold both offices' ballots for every state, unless it is listed here; a listed year
without vice-presidential ballots must have the office's declared totals. So a missing office is
never silent, and a record (the bundled one or a user's) that holds every state's ballots of a
listed year is checked like any other.
"""


K = TypeVar("K")
T = TypeVar("T")


def _group(rows: Iterable[T], key: Callable[[T], K]) -> dict[K, tuple[T, ...]]:
    groups: dict[K, list[T]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return {k: tuple(v) for k, v in groups.items()}


def _load(directory: Path, table: tables.Table[T]) -> tuple[T, ...]:
    rows = list(read_table(directory / table.file, table.columns, table.build))
    check_unique(rows, table.key, table.file, table.columns[0])
    return tuple(rows)


class Record:
    """Every table of the record, validated, with look-ups by election, census and Congress."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.elections = _load(directory, tables.ELECTIONS)
        self.appointments = _load(directory, tables.APPOINTMENTS)
        self.electoral_votes = _load(directory, tables.ELECTORAL_VOTES)
        self.faithless = _load(directory, tables.FAITHLESS)
        self.popular_votes = _load(directory, tables.POPULAR_VOTES)
        self.apportionment = _load(directory, tables.APPORTIONMENT)
        self.house_sizes = _load(directory, tables.HOUSE_SIZES)
        self.seat_changes = _load(directory, tables.SEAT_CHANGES)
        self.binding_laws = _load(directory, tables.BINDING_LAWS)
        self.house_delegations = _load(directory, tables.HOUSE_DELEGATIONS)
        self.senate_parties = _load(directory, tables.SENATE_PARTIES)
        self.contingent_ballots = _load(directory, tables.CONTINGENT_BALLOTS)
        self.tallies = _load(directory, tables.TALLIES)
        self.statutory_seats = _load(directory, tables.STATUTORY_SEATS)
        self.count_acts = tuple(
            sorted(_load(directory, tables.COUNT_ACTS), key=lambda c: c.first_election)
        )
        self.uncounted_votes = _load(directory, tables.UNCOUNTED_VOTES)
        self.disputes = _load(directory, tables.DISPUTES)
        self.known_exceptions = _load(directory, tables.KNOWN_EXCEPTIONS)
        self.district_returns = _load(directory, tables.DISTRICT_RETURNS)
        self._by_year = {e.year: e for e in self.elections}
        self._appointments = _group(self.appointments, lambda a: a.year)
        self._votes = _group(self.electoral_votes, lambda v: v.year)
        self._offices = {(v.year, v.office) for v in self.electoral_votes}
        self._faithless = _group(self.faithless, lambda f: f.year)
        self._popular = _group(self.popular_votes, lambda p: p.year)
        self._census = _group(self.apportionment, lambda a: a.census)
        self._laws = _group(self.binding_laws, lambda b: b.state)
        self._delegations = _group(self.house_delegations, lambda d: d.congress)
        self._senate = _group(self.senate_parties, lambda s: s.congress)
        self._contingent = _group(self.contingent_ballots, lambda c: c.year)
        self._tallies = _group(self.tallies, lambda t: t.year)
        self._uncounted = _group(self.uncounted_votes, lambda u: u.year)
        self._disputes = _group(self.disputes, lambda d: d.year)
        self._district_returns = _group(self.district_returns, lambda d: d.year)
        _validate(self)

    @property
    def years(self) -> tuple[int, ...]:
        """The years of every election in the record, in order."""
        return tuple(sorted(self._by_year))

    def election(self, year: int) -> ElectionFacts:
        """The facts of the election held in ``year``.

        Raises:
            UnknownElectionError: no presidential election in that year.
        """
        try:
            return self._by_year[year]
        except KeyError:
            raise UnknownElectionError(year, self.years) from None

    def appointments_in(self, year: int) -> tuple[Appointment, ...]:
        return self._appointments.get(self.election(year).year, ())

    def votes_in(self, year: int) -> tuple[ElectoralVote, ...]:
        return self._votes.get(self.election(year).year, ())

    def has_votes_by_state(self, year: int, office: Office = Office.PRESIDENT) -> bool:
        """Whether the record holds every state's ballots for ``office`` in ``year``.

        If not, only the national totals declared at the count are known (:meth:`tallies_in`):
        the record has no votes by state for that year, the year is in :data:`PRESIDENT_ONLY`
        (``office`` vice president), or it is before 1804 (no separate vice-presidential ballot).
        """
        return (self.election(year).year, office) in self._offices

    def faithless_in(self, year: int) -> tuple[Faithless, ...]:
        return self._faithless.get(self.election(year).year, ())

    def popular_votes_in(self, year: int) -> tuple[PopularVote, ...]:
        return self._popular.get(self.election(year).year, ())

    def contingent_ballots_in(self, year: int) -> tuple[ContingentBallot, ...]:
        return self._contingent.get(self.election(year).year, ())

    def disputes_in(self, year: int) -> tuple[Dispute, ...]:
        """The disputes over the election's electoral votes, in date order."""
        rows = self._disputes.get(self.election(year).year, ())
        return tuple(sorted(rows, key=lambda d: (d.date, d.state or "")))

    def known_exception(self, year: int, state: State) -> KnownException | None:
        """The listed exception for a law/record disagreement in ``state`` in ``year``."""
        return next((k for k in self.known_exceptions if (k.year, k.state) == (year, state)), None)

    def district_returns_in(self, year: int, state: State) -> tuple[DistrictReturn, ...]:
        """Presidential returns by congressional district of a state that chose its electors
        statewide (``district_returns.csv``; the district states' own are in the popular vote)."""
        return tuple(d for d in self._district_returns.get(year, ()) if d.state is state)

    def tallies_in(self, year: int) -> tuple[TallyFact, ...]:
        """The national totals declared in the joint session (the second source)."""
        return self._tallies.get(self.election(year).year, ())

    def uncounted_in(self, year: int) -> tuple[UncountedVote, ...]:
        """The votes Congress rejected in the count of ``year``'s election, with the reason."""
        return self._uncounted.get(self.election(year).year, ())

    def count_act(self, year: int) -> CountAct | None:
        """The law of the joint session that counted ``year``'s votes (``None``: the record's
        ``count_acts.csv`` covers no earlier election)."""
        in_force = [c for c in self.count_acts if c.first_election <= year]
        return in_force[-1] if in_force else None

    @property
    def censuses(self) -> tuple[int, ...]:
        return tuple(sorted(self._census))

    def census(self, year: int) -> tuple[ApportionmentFact, ...]:
        """The apportionment populations and seats of the census of ``year``."""
        if year not in self._census:
            raise UnknownCensusError(year, self.censuses)
        return self._census[year]

    def house_size(self, census: int) -> HouseSize | None:
        return next((h for h in self.house_sizes if h.census == census), None)

    def laws_of(self, state: State) -> tuple[BindingLaw, ...]:
        """A state's binding laws in date order (empty: no law known)."""
        return tuple(sorted(self._laws.get(state, ()), key=lambda b: b.enacted or 0))

    def law_in_force(self, state: State, year: int) -> BindingLaw | None:
        """The binding law governing the state's electors in the election of ``year``."""
        in_force = [b for b in self.laws_of(state) if (b.enacted or 0) <= year]
        return in_force[-1] if in_force else None

    def delegations(self, congress: int) -> tuple[PartyDelegation, ...]:
        return self._delegations.get(congress, ())

    def senate(self, congress: int) -> tuple[SenateParty, ...]:
        return self._senate.get(congress, ())


def _validate(record: Record) -> None:
    """Cross-table checks: every fact belongs to a known election, and electors add up."""
    years = set(record.years)
    by_file: tuple[tuple[str, tuple[int, ...]], ...] = (
        (tables.APPOINTMENTS.file, tuple(r.year for r in record.appointments)),
        (tables.ELECTORAL_VOTES.file, tuple(r.year for r in record.electoral_votes)),
        (tables.FAITHLESS.file, tuple(r.year for r in record.faithless)),
        (tables.POPULAR_VOTES.file, tuple(r.year for r in record.popular_votes)),
        (tables.CONTINGENT_BALLOTS.file, tuple(r.year for r in record.contingent_ballots)),
        (tables.TALLIES.file, tuple(r.year for r in record.tallies)),
        (tables.UNCOUNTED_VOTES.file, tuple(r.year for r in record.uncounted_votes)),
        (tables.DISPUTES.file, tuple(r.year for r in record.disputes)),
        (tables.KNOWN_EXCEPTIONS.file, tuple(r.year for r in record.known_exceptions)),
        (tables.DISTRICT_RETURNS.file, tuple(r.year for r in record.district_returns)),
    )
    for name, row_years in by_file:
        for line, year in enumerate(row_years, start=2):
            if year not in years:
                raise DataError(name, line, "year", f"{year} is not an election year")
    _validate_offices(record)
    _validate_totals(record)
    _validate_ballots(record)
    _validate_tallies(record)
    _validate_uncounted(record)
    _validate_disputes(record)


def _validate_uncounted(record: Record) -> None:
    """Every vote Congress did not count for a named candidate (``counted`` below ``votes`` in
    electoral_votes.csv) has its reason in uncounted_votes.csv, and every reason there has its
    uncounted votes: per year, state and office the electors agree (two votes per elector
    before 1804)."""
    rejected: Counter[tuple[int, State, Office]] = Counter()
    for vote in record.electoral_votes:
        if vote.candidate is not None:
            rejected[vote.year, vote.state, vote.office] += vote.votes - vote.counted
    explained: Counter[tuple[int, State, Office]] = Counter()
    lines: dict[tuple[int, State, Office], int] = {}
    for line, u in enumerate(record.uncounted_votes, start=2):
        per_elector = 2 if record.election(u.year).has_two_votes_per_elector else 1
        explained[u.year, u.state, u.office] += u.electors * per_elector
        lines.setdefault((u.year, u.state, u.office), line)
    for key in sorted(rejected.keys() | explained.keys()):
        if rejected[key] != explained[key]:
            year, state, office = key
            raise DataError(
                tables.UNCOUNTED_VOTES.file,
                lines.get(key, 1),
                "electors",
                f"{state} {year} {office}: {explained[key]} votes rejected here, but "
                f"{tables.ELECTORAL_VOTES.file} has {rejected[key]} cast and not counted "
                "for a candidate; give each rejected vote its reason",
            )


def _validate_offices(record: Record) -> None:
    """Which offices' ballots a year's votes by state hold: before 1804 every vote is under
    president; from 1804 both offices, except the years in :data:`PRESIDENT_ONLY`, whose
    vice-presidential ballots by state are unknown and whose office totals are the tallies."""
    name = tables.ELECTORAL_VOTES.file
    first: dict[tuple[int, Office], int] = {}
    for line, vote in enumerate(record.electoral_votes, start=2):
        first.setdefault((vote.year, vote.office), line)
    for (year, office), line in sorted(first.items(), key=lambda item: item[1]):
        two = record.election(year).has_two_votes_per_elector
        if office is Office.VICE_PRESIDENT and two:
            raise DataError(
                name, line, "office", f"{year}: before 1804 every vote is under president"
            )
        if office is Office.VICE_PRESIDENT and (year, Office.PRESIDENT) not in first:
            raise DataError(name, line, "office", f"{year}: ballots for vice-president only")
        if office is Office.VICE_PRESIDENT or two or (year, Office.VICE_PRESIDENT) in first:
            continue
        if year not in PRESIDENT_ONLY:
            raise DataError(
                name,
                line,
                "office",
                f"{year}: ballots for president but none for vice-president; expected both "
                "(only the years in electoral.data.record.PRESIDENT_ONLY, whose "
                "vice-presidential votes by state are unknown, may lack them)",
            )
        missing = [o for o in Office if o not in {t.office for t in record.tallies_in(year)}]
        if missing:
            raise DataError(
                tables.TALLIES.file,
                1,
                "office",
                f"{year}: no vice-presidential ballots by state ({name}, line {line} on), so "
                f"the declared totals of both offices are needed, but none for {missing[0]}",
            )


def _validate_totals(record: Record) -> None:
    """The states' electors (or, without them, the states' ballots) add up to the election's
    electors, and the majority is right."""
    for line, election in enumerate(record.elections, start=2):
        appointments = record.appointments_in(election.year)
        if appointments:
            _validate_appointed(line, election, appointments, record.votes_in(election.year))
        else:
            _validate_ballots_without_appointments(line, election, record.votes_in(election.year))
        if election.majority != election.electors_appointed // 2 + 1:
            raise DataError(
                tables.ELECTIONS.file,
                line,
                "majority",
                f"{election.majority} is not a majority of {election.electors_appointed}",
            )


def _validate_appointed(
    line: int,
    election: ElectionFacts,
    appointments: tuple[Appointment, ...],
    all_votes: tuple[ElectoralVote, ...],
) -> None:
    """The whole number declared at the count is the electors appointed, less the electors of
    states whose returns Congress rejected entirely (1864, 1872) and, in some counts (1808, 1812,
    1864), less electors who did not vote: so it must lie between those two bounds.
    """
    per_elector = 2 if election.has_two_votes_per_elector else 1
    votes = [v for v in all_votes if v.office is Office.PRESIDENT]
    rejected = {v.state for v in votes if v.counted == 0 and v.candidate is not None} - {
        v.state for v in votes if v.counted > 0
    }
    high = sum(a.electors for a in appointments if a.state not in rejected)
    low = high - sum(v.votes for v in votes if v.candidate is None) // per_elector
    if not low <= election.electors_appointed <= high:
        raise DataError(
            tables.ELECTIONS.file,
            line,
            "electors_appointed",
            f"{election.electors_appointed} in {election.year}, but the states' appointments "
            f"add up to {high}" + (f" ({low} voting)" if low != high else ""),
        )


def _validate_ballots_without_appointments(
    line: int, election: ElectionFacts, votes: tuple[ElectoralVote, ...]
) -> None:
    """A year with votes by state but no electors by state in appointments.csv: for each office
    whose ballots by state it holds, the states' ballots (cast and not cast) must add up to the
    electors appointed (twice before 1804)."""
    per_elector = 2 if election.has_two_votes_per_elector else 1
    ballots: Counter[Office] = Counter()
    for v in votes:
        ballots[v.office] += v.votes
    for office, n in ballots.items():
        if n != per_elector * election.electors_appointed:
            raise DataError(
                tables.ELECTIONS.file,
                line,
                "electors_appointed",
                f"{election.electors_appointed} in {election.year}, but the states' ballots "
                f"for {office} in {tables.ELECTORAL_VOTES.file} add up to {n}"
                + (f" ({per_elector} per elector)" if per_elector > 1 else ""),
            )


def _validate_ballots(record: Record) -> None:
    """Each state's ballots (cast and not cast) equal its electors, twice before 1804, for
    each office whose ballots by state the record holds; and every state with ballots in a
    year with appointments has an appointment."""
    cast: dict[tuple[int, State, Office], int] = defaultdict(int)
    for vote in record.electoral_votes:
        cast[vote.year, vote.state, vote.office] += vote.votes
    appointed = {(a.year, a.state) for a in record.appointments}
    years_appointed = {year for year, _ in appointed}
    for line, vote in enumerate(record.electoral_votes, start=2):
        if vote.year in years_appointed and (vote.year, vote.state) not in appointed:
            raise DataError(
                tables.ELECTORAL_VOTES.file,
                line,
                "state",
                f"{vote.state} {vote.year}: ballots, but no row for the state in "
                f"{tables.APPOINTMENTS.file}",
            )
    for line, a in enumerate(record.appointments, start=2):
        election = record.election(a.year)
        two = election.has_two_votes_per_elector
        offices = (Office.PRESIDENT,) if two else (Office.PRESIDENT, Office.VICE_PRESIDENT)
        for office in offices:
            if office is Office.VICE_PRESIDENT and not record.has_votes_by_state(a.year, office):
                continue  # a year in PRESIDENT_ONLY (checked by _validate_offices)
            expected = a.electors * (2 if two else 1)
            got = cast[a.year, a.state, office]
            if got != expected:
                raise DataError(
                    tables.APPOINTMENTS.file,
                    line,
                    "electors",
                    f"{a.state} {a.year}: {a.electors} electors, but {got} ballots for {office} "
                    f"in {tables.ELECTORAL_VOTES.file} (expected {expected})",
                )


def load_record(directory: str | Path | None = None) -> Record:
    """Load and validate the record from ``directory`` (default: the tables in the package).

    Raises:
        DataError: ``directory`` is not a directory, or a table is missing or malformed; the
            message names file, line and field.
    """
    path = Path(directory) if directory is not None else PACKAGE_DATA
    if not path.is_dir():
        problem = "no such directory" if not path.exists() else "not a directory"
        raise DataError(
            path.name,
            0,
            "-",
            f"{problem}: {path}; expected a directory of the record's tables "
            f"({tables.ELECTIONS.file}, {tables.APPOINTMENTS.file}, ...)",
        )
    return Record(path)


@functools.cache
def default_record() -> Record:
    """The bundled record, loaded once per process."""
    return load_record()


def _validate_tallies(record: Record) -> None:
    """For each office whose ballots by state the record holds, the states' counted votes add
    up to the totals declared at the count (tallies.csv), candidate by candidate. For an office
    without ballots by state (:data:`PRESIDENT_ONLY`, or a year without votes by state) the
    tallies are the only record of the office."""
    counted: dict[tuple[int, Office], Counter[str]] = defaultdict(Counter)
    for vote in record.electoral_votes:
        if vote.candidate is not None:
            counted[vote.year, vote.office][vote.candidate] += vote.counted
    declared: dict[tuple[int, Office], dict[str, tuple[int, int]]] = defaultdict(dict)
    for line, tally in enumerate(record.tallies, start=2):
        declared[tally.year, tally.office][tally.candidate] = (line, tally.votes)
    for (year, office), states in sorted(counted.items()):
        totals = declared.get((year, office))
        if not totals:
            continue
        for candidate in sorted(states.keys() | totals.keys()):
            line, votes = totals.get(candidate, (1, 0))
            if states[candidate] != votes:
                raise DataError(
                    tables.TALLIES.file,
                    line,
                    "votes",
                    f"{year} {office} {candidate}: declared {votes}, but the states' counted "
                    f"votes in {tables.ELECTORAL_VOTES.file} add up to {states[candidate]}",
                )


def _validate_disputes(record: Record) -> None:
    """A dispute over a state's votes touches no more votes than the electors the state
    appointed that year; a known exception names a state with a deviating elector that year."""
    for line, d in enumerate(record.disputes, start=2):
        if d.state is None:
            continue
        electors = {a.state: a.electors for a in record.appointments_in(d.year)}
        if d.state in electors and d.votes_affected > electors[d.state]:
            raise DataError(
                tables.DISPUTES.file,
                line,
                "votes_affected",
                f"{d.year} {d.state}: {d.votes_affected} votes, but the state appointed "
                f"{electors[d.state]} electors (appointments.csv)",
            )
    for line, k in enumerate(record.known_exceptions, start=2):
        if not any(f.state is k.state for f in record.faithless_in(k.year)):
            raise DataError(
                tables.KNOWN_EXCEPTIONS.file,
                line,
                "state",
                f"{k.year} {k.state}: no deviating elector in {tables.FAITHLESS.file}, so "
                "there is no disagreement to except",
            )
