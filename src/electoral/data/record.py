"""Loading and validating the whole record, and looking facts up in it."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from electoral.data import tables
from electoral.data._csv import check_unique, read_table
from electoral.errors import DataError, UnknownCensusError, UnknownElectionError
from electoral.model import (
    Appointment,
    ApportionmentFact,
    BindingLaw,
    ContingentBallot,
    ElectionFacts,
    ElectoralVote,
    Faithless,
    HouseSize,
    Office,
    PartyDelegation,
    PopularVote,
    SenateParty,
    TallyFact,
)
from electoral.states import State

__all__ = ["PACKAGE_DATA", "Record", "default_record", "load_record"]

PACKAGE_DATA = Path(__file__).parent
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
        self._by_year = {e.year: e for e in self.elections}
        self._appointments = _group(self.appointments, lambda a: a.year)
        self._votes = _group(self.electoral_votes, lambda v: v.year)
        self._faithless = _group(self.faithless, lambda f: f.year)
        self._popular = _group(self.popular_votes, lambda p: p.year)
        self._census = _group(self.apportionment, lambda a: a.census)
        self._laws = _group(self.binding_laws, lambda b: b.state)
        self._delegations = _group(self.house_delegations, lambda d: d.congress)
        self._senate = _group(self.senate_parties, lambda s: s.congress)
        self._contingent = _group(self.contingent_ballots, lambda c: c.year)
        self._tallies = _group(self.tallies, lambda t: t.year)
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

    def faithless_in(self, year: int) -> tuple[Faithless, ...]:
        return self._faithless.get(self.election(year).year, ())

    def popular_votes_in(self, year: int) -> tuple[PopularVote, ...]:
        return self._popular.get(self.election(year).year, ())

    def contingent_ballots_in(self, year: int) -> tuple[ContingentBallot, ...]:
        return self._contingent.get(self.election(year).year, ())

    def tallies_in(self, year: int) -> tuple[TallyFact, ...]:
        """The national totals declared in the joint session (the second source)."""
        return self._tallies.get(self.election(year).year, ())

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
    )
    for name, row_years in by_file:
        for line, year in enumerate(row_years, start=2):
            if year not in years:
                raise DataError(name, line, "year", f"{year} is not an election year")
    _validate_totals(record)
    _validate_ballots(record)


def _validate_totals(record: Record) -> None:
    """The states' electors add up to the election's electors, and the majority is right.

    The whole number declared at the count is the electors appointed, less the electors of
    states whose returns Congress rejected entirely (1864, 1872) and, in some counts (1808, 1812,
    1864), less electors who did not vote: so it must lie between those two bounds.
    """
    for line, election in enumerate(record.elections, start=2):
        appointments = record.appointments_in(election.year)
        if not appointments:
            continue
        per_elector = 2 if election.has_two_votes_per_elector else 1
        votes = [v for v in record.votes_in(election.year) if v.office is Office.PRESIDENT]
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
        if election.majority != election.electors_appointed // 2 + 1:
            raise DataError(
                tables.ELECTIONS.file,
                line,
                "majority",
                f"{election.majority} is not a majority of {election.electors_appointed}",
            )


def _validate_ballots(record: Record) -> None:
    """Each state's ballots (cast and not cast) equal its electors, twice before 1804."""
    cast: dict[tuple[int, State, Office], int] = defaultdict(int)
    for vote in record.electoral_votes:
        cast[vote.year, vote.state, vote.office] += vote.votes
    for line, a in enumerate(record.appointments, start=2):
        election = record.election(a.year)
        two = election.has_two_votes_per_elector
        offices = (Office.PRESIDENT,) if two else (Office.PRESIDENT, Office.VICE_PRESIDENT)
        for office in offices:
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
        DataError: a table is missing or malformed; the message names file, line and field.
    """
    return Record(Path(directory) if directory is not None else PACKAGE_DATA)


@functools.cache
def default_record() -> Record:
    """The bundled record, loaded once per process."""
    return load_record()
