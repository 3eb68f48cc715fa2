"""The schema of each table: its file, its columns and how a line becomes a fact."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Generic, TypeVar

from electoral.data._csv import Row
from electoral.model import (
    Appointment,
    ApportionmentFact,
    BindingLaw,
    Chamber,
    ChosenBy,
    ContingentBallot,
    CountAct,
    Deviation,
    DeviationReason,
    Dispute,
    DisputeKind,
    DistrictReturn,
    ElectionFacts,
    ElectoralVote,
    Faithless,
    HouseSize,
    KnownException,
    Law,
    Method,
    Office,
    PartyDelegation,
    PopularVote,
    SeatChange,
    SeatGrant,
    SenateParty,
    StatutorySeats,
    TallyFact,
    Uncounted,
    UncountedVote,
    WholeNumberEffect,
)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Table(Generic[T]):
    """A table of the record: file name, columns, builder and the key that must be unique."""

    file: str
    columns: tuple[str, ...]
    build: Callable[[Row], T]
    key: Callable[[T], object]


def _election(r: Row) -> ElectionFacts:
    return ElectionFacts(
        year=r.count("year"),
        meeting_date=r.date("meeting_date"),
        count_date=r.date("count_date"),
        electors_appointed=r.count("electors_appointed"),
        majority=r.count("majority"),
        president=r.required("president"),
        president_party=r.text("president_party"),
        president_chosen_by=r.choice("president_chosen_by", ChosenBy),
        vice_president=r.required("vice_president"),
        vice_president_party=r.text("vice_president_party"),
        vice_president_chosen_by=r.choice("vice_president_chosen_by", ChosenBy),
        source=r.required("source"),
        notes=r.text("notes"),
    )


def _appointment(r: Row) -> Appointment:
    return Appointment(
        year=r.count("year"),
        state=r.state("state"),
        electors=r.count("electors"),
        method=r.choice("method", Method),
        source=r.required("source"),
        notes=r.text("notes"),
    )


def _electoral_vote(r: Row) -> ElectoralVote:
    vote = ElectoralVote(
        year=r.count("year"),
        state=r.state("state"),
        office=r.choice("office", Office),
        candidate=r.optional("candidate"),
        votes=r.count("votes"),
        counted=r.count("counted"),
        source=r.required("source"),
    )
    if vote.counted > vote.votes:
        raise r.error("counted", f"{vote.counted} counted exceeds {vote.votes} cast")
    return vote


def _faithless(r: Row) -> Faithless:
    return Faithless(
        year=r.count("year"),
        state=r.state("state"),
        office=r.choice("office", Office),
        electors=r.count("electors"),
        elector=r.text("elector"),
        pledged_to=r.optional("pledged_to"),
        voted_for=r.optional("voted_for"),
        reason=r.choice("reason", DeviationReason),
        outcome=r.choice("outcome", Deviation),
        source=r.required("source"),
        notes=r.text("notes"),
    )


def _popular_vote(r: Row) -> PopularVote:
    return PopularVote(
        year=r.count("year"),
        state=r.state("state"),
        district=r.optional_count("district"),
        candidate=r.required("candidate"),
        party=r.text("party"),
        votes=r.count("votes"),
        source=r.required("source"),
    )


def _apportionment(r: Row) -> ApportionmentFact:
    return ApportionmentFact(
        census=r.count("census"),
        state=r.state("state"),
        population=r.optional_count("population"),
        seats=r.optional_count("seats"),
        source=r.required("source"),
    )


def _house_size(r: Row) -> HouseSize:
    return HouseSize(
        census=r.count("census"),
        size=r.count("size"),
        method=r.required("method"),
        act=r.text("act"),
        source=r.required("source"),
    )


def _seat_change(r: Row) -> SeatChange:
    return SeatChange(
        state=r.state("state"),
        effective=r.count("effective"),
        seats=r.count("seats"),
        reason=r.text("reason"),
        source=r.required("source"),
    )


def _binding_law(r: Row) -> BindingLaw:
    return BindingLaw(
        state=r.state("state"),
        enacted=r.optional_count("enacted"),
        law=r.choice("law", Law),
        citation=r.text("citation"),
        source=r.required("source"),
        notes=r.text("notes"),
    )


def _delegation(r: Row) -> PartyDelegation:
    return PartyDelegation(
        congress=r.count("congress"),
        state=r.state("state"),
        party=r.required("party"),
        members=r.count("members"),
        source=r.required("source"),
    )


def _senate_party(r: Row) -> SenateParty:
    return SenateParty(
        congress=r.count("congress"),
        party=r.required("party"),
        senators=r.count("senators"),
        source=r.required("source"),
    )


def _contingent_ballot(r: Row) -> ContingentBallot:
    return ContingentBallot(
        year=r.count("year"),
        chamber=r.choice("chamber", Chamber),
        office=r.choice("office", Office),
        ballot=r.count("ballot"),
        state=r.optional_state("state"),
        candidate=r.optional("candidate"),
        votes=r.count("votes"),
        source=r.required("source"),
    )


def _statutory(r: Row) -> StatutorySeats:
    """``added`` and ``outside`` seats are a count; a ``departed`` row's seats are the act's
    signed difference from the method (e.g. ``-1``), never zero."""
    kind = r.choice("kind", SeatGrant)
    if kind is SeatGrant.DEPARTED:
        text = r.text("seats")
        if not text.removeprefix("-").isdigit() or int(text) == 0:
            raise r.error("seats", f"{text!r} is not a non-zero integer (a departure)")
        seats = int(text)
    else:
        seats = r.count("seats")
    return StatutorySeats(
        census=r.count("census"),
        state=r.state("state"),
        seats=seats,
        kind=kind,
        act=r.required("act"),
        source=r.required("source"),
    )


def _tally(r: Row) -> TallyFact:
    return TallyFact(
        year=r.count("year"),
        office=r.choice("office", Office),
        candidate=r.required("candidate"),
        votes=r.count("votes"),
        source=r.required("source"),
    )


def _signatures(r: Row, field: str) -> str:
    """Signatures an objection needs from one House: empty, a count ("1") or a share of the
    sworn members ("1/5")."""
    value = r.text(field)
    numerator, _, denominator = value.partition("/")
    if value and not (numerator.isdigit() and (not denominator or denominator.isdigit())):
        raise r.error(field, f"{value!r} is not empty, a count like 1, or a share like 1/5")
    if denominator and int(denominator) == 0:
        raise r.error(field, f"{value!r} divides by zero")
    return value


UNCOUNTED_COLUMNS: Final = {kind: kind.value.replace("-", "_") for kind in Uncounted}
"""The count_acts.csv column holding each kind of uncounted vote's effect on the whole number."""


def _count_act(r: Row) -> CountAct:
    return CountAct(
        act=r.required("act"),
        first_election=r.count("first_election"),
        name=r.required("name"),
        citation=r.required("citation"),
        objection=r.required("objection"),
        objection_senators=_signatures(r, "objection_senators"),
        objection_representatives=_signatures(r, "objection_representatives"),
        objection_citation=r.required("objection_citation"),
        decision=r.required("decision"),
        decision_citation=r.required("decision_citation"),
        grounds=r.required("grounds"),
        grounds_citation=r.required("grounds_citation"),
        certificate=r.required("certificate"),
        certificate_citation=r.required("certificate_citation"),
        court_review=r.required("court_review"),
        court_review_citation=r.required("court_review_citation"),
        effects={k: r.choice(c, WholeNumberEffect) for k, c in UNCOUNTED_COLUMNS.items()},
        whole_number_citation=r.required("whole_number_citation"),
        source=r.required("source"),
        notes=r.text("notes"),
    )


def _uncounted_vote(r: Row) -> UncountedVote:
    kind = r.choice("kind", Uncounted)
    if kind is Uncounted.NOT_GIVEN:
        raise r.error(
            "kind",
            f"{kind.value!r}: votes not given are the ballots not cast of "
            "electoral_votes.csv (empty candidate); list only rejected votes here",
        )
    return UncountedVote(
        year=r.count("year"),
        state=r.state("state"),
        office=r.choice("office", Office),
        electors=r.count("electors"),
        kind=kind,
        authority=r.required("authority"),
        source=r.required("source"),
        notes=r.text("notes"),
    )


def _dispute(r: Row) -> Dispute:
    return Dispute(
        year=r.count("year"),
        state=r.optional_state("state"),
        kind=r.choice("kind", DisputeKind),
        date=r.date("date"),
        outcome=r.required("outcome"),
        votes_affected=r.count("votes_affected"),
        source=r.required("source"),
        notes=r.text("notes"),
    )


def _known_exception(r: Row) -> KnownException:
    return KnownException(
        year=r.count("year"),
        state=r.state("state"),
        reason=r.required("reason"),
        source=r.required("source"),
    )


def _district_return(r: Row) -> DistrictReturn:
    district = r.count("district")
    if district < 1:
        raise r.error("district", f"{district} is not a district number (1 or more)")
    return DistrictReturn(
        year=r.count("year"),
        state=r.state("state"),
        district=district,
        candidate=r.required("candidate"),
        party=r.text("party"),
        votes=r.count("votes"),
        lines=r.required("lines"),
        source=r.required("source"),
    )


ELECTIONS: Final = Table(
    "elections.csv",
    (
        "year",
        "meeting_date",
        "count_date",
        "electors_appointed",
        "majority",
        "president",
        "president_party",
        "president_chosen_by",
        "vice_president",
        "vice_president_party",
        "vice_president_chosen_by",
        "source",
        "notes",
    ),
    _election,
    lambda e: e.year,
)
APPOINTMENTS: Final = Table(
    "appointments.csv",
    ("year", "state", "electors", "method", "source", "notes"),
    _appointment,
    lambda a: (a.year, a.state),
)
ELECTORAL_VOTES: Final = Table(
    "electoral_votes.csv",
    ("year", "state", "office", "candidate", "votes", "counted", "source"),
    _electoral_vote,
    lambda v: (v.year, v.state, v.office, v.candidate),
)
FAITHLESS: Final = Table(
    "faithless_electors.csv",
    (
        "year",
        "state",
        "office",
        "electors",
        "elector",
        "pledged_to",
        "voted_for",
        "reason",
        "outcome",
        "source",
        "notes",
    ),
    _faithless,
    lambda f: (f.year, f.state, f.office, f.elector, f.pledged_to, f.voted_for, f.outcome),
)
POPULAR_VOTES: Final = Table(
    "popular_votes.csv",
    ("year", "state", "district", "candidate", "party", "votes", "source"),
    _popular_vote,
    lambda p: (p.year, p.state, p.district, p.candidate),
)
APPORTIONMENT: Final = Table(
    "apportionment.csv",
    ("census", "state", "population", "seats", "source"),
    _apportionment,
    lambda a: (a.census, a.state),
)
HOUSE_SIZES: Final = Table(
    "house_sizes.csv",
    ("census", "size", "method", "act", "source"),
    _house_size,
    lambda h: h.census,
)
SEAT_CHANGES: Final = Table(
    "seat_changes.csv",
    ("state", "effective", "seats", "reason", "source"),
    _seat_change,
    lambda s: (s.state, s.effective),
)
BINDING_LAWS: Final = Table(
    "binding_laws.csv",
    ("state", "enacted", "law", "citation", "source", "notes"),
    _binding_law,
    lambda b: (b.state, b.enacted),
)
HOUSE_DELEGATIONS: Final = Table(
    "house_delegations.csv",
    ("congress", "state", "party", "members", "source"),
    _delegation,
    lambda d: (d.congress, d.state, d.party),
)
SENATE_PARTIES: Final = Table(
    "senate_parties.csv",
    ("congress", "party", "senators", "source"),
    _senate_party,
    lambda s: (s.congress, s.party),
)
CONTINGENT_BALLOTS: Final = Table(
    "contingent_ballots.csv",
    ("year", "chamber", "office", "ballot", "state", "candidate", "votes", "source"),
    _contingent_ballot,
    lambda c: (c.year, c.chamber, c.ballot, c.state, c.candidate),
)
TALLIES: Final = Table(
    "tallies.csv",
    ("year", "office", "candidate", "votes", "source"),
    _tally,
    lambda t: (t.year, t.office, t.candidate),
)
STATUTORY_SEATS: Final = Table(
    "statutory_seats.csv",
    ("census", "state", "seats", "kind", "act", "source"),
    _statutory,
    lambda s: (s.census, s.state),
)
COUNT_ACTS: Final = Table(
    "count_acts.csv",
    (
        "act",
        "first_election",
        "name",
        "citation",
        "objection",
        "objection_senators",
        "objection_representatives",
        "objection_citation",
        "decision",
        "decision_citation",
        "grounds",
        "grounds_citation",
        "certificate",
        "certificate_citation",
        "court_review",
        "court_review_citation",
        *UNCOUNTED_COLUMNS.values(),
        "whole_number_citation",
        "source",
        "notes",
    ),
    _count_act,
    lambda c: c.first_election,
)
UNCOUNTED_VOTES: Final = Table(
    "uncounted_votes.csv",
    ("year", "state", "office", "electors", "kind", "authority", "source", "notes"),
    _uncounted_vote,
    lambda u: (u.year, u.state, u.office, u.kind),
)

DISPUTES: Final = Table(
    "disputes.csv",
    ("year", "state", "kind", "date", "outcome", "votes_affected", "source", "notes"),
    _dispute,
    lambda d: (d.year, d.state, d.kind, d.date),
)
KNOWN_EXCEPTIONS: Final = Table(
    "known_exceptions.csv",
    ("year", "state", "reason", "source"),
    _known_exception,
    lambda k: (k.year, k.state),
)
DISTRICT_RETURNS: Final = Table(
    "district_returns.csv",
    ("year", "state", "district", "candidate", "party", "votes", "lines", "source"),
    _district_return,
    lambda d: (d.year, d.state, d.district, d.candidate),
)

ALL_TABLES: Final = (
    ELECTIONS,
    APPOINTMENTS,
    ELECTORAL_VOTES,
    FAITHLESS,
    POPULAR_VOTES,
    APPORTIONMENT,
    HOUSE_SIZES,
    SEAT_CHANGES,
    BINDING_LAWS,
    HOUSE_DELEGATIONS,
    SENATE_PARTIES,
    CONTINGENT_BALLOTS,
    TALLIES,
    STATUTORY_SEATS,
    COUNT_ACTS,
    UNCOUNTED_VOTES,
    DISPUTES,
    KNOWN_EXCEPTIONS,
    DISTRICT_RETURNS,
)
"""Every table of the record, in the order they are described in the data README."""
