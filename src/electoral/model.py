"""The nouns of the Electoral College: the facts of the record and the results of the rules.

Facts (one row of a table of the record) and results (what a rule computes) are frozen
dataclasses; closed sets are :class:`enum.StrEnum` whose values are the ids used in the data files,
the command line and the API.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from electoral.states import State

__all__ = [
    "Appointment",
    "ApportionmentFact",
    "BindingLaw",
    "Chamber",
    "ChosenBy",
    "ContingentBallot",
    "CountAct",
    "Deviation",
    "DeviationReason",
    "Dispute",
    "DisputeKind",
    "DistrictReturn",
    "ElectionFacts",
    "ElectoralVote",
    "Faithless",
    "HouseSize",
    "KnownException",
    "Law",
    "Method",
    "Office",
    "PartyDelegation",
    "PopularVote",
    "SeatChange",
    "SeatGrant",
    "SenateParty",
    "StatutorySeats",
    "Tally",
    "TallyFact",
    "Uncounted",
    "UncountedVote",
    "WholeNumberEffect",
]

Tally = Mapping[str, int]
"""Votes by candidate (or seats by state), in a stable order."""


class Office(StrEnum):
    """The two offices the electors fill (before the 12th Amendment, one ballot with two votes)."""

    PRESIDENT = "president"
    VICE_PRESIDENT = "vice-president"


class Method(StrEnum):
    """How a state appointed its electors (U.S. Const. art. II, §1, cl. 2: "in such Manner as
    the Legislature thereof may direct")."""

    POPULAR = "popular"
    """Statewide popular vote for a slate (the general ticket): winner take all."""
    POPULAR_INDIVIDUAL = "popular-individual"
    """Statewide popular vote for each elector separately: the result can split."""
    DISTRICT = "district"
    """Popular vote by districts, usually with two electors at large (Maine, Nebraska today)."""
    LEGISLATURE = "legislature"
    """Chosen by the state legislature itself."""
    MIXED = "mixed"
    """Any other combination (e.g. legislature choosing among district candidates)."""
    NONE = "none"
    """The state appointed no electors (e.g. New York 1789; seceded states 1864)."""


class ChosenBy(StrEnum):
    """Who elected the president or vice president."""

    ELECTORS = "electors"
    HOUSE = "house"
    SENATE = "senate"


class Chamber(StrEnum):
    """The chamber holding a contingent election (12th Amendment)."""

    HOUSE = "house"
    SENATE = "senate"


class Law(StrEnum):
    """What a state's law does to an elector who votes against the pledge (Chiafalo v. Washington,
    591 U.S. 578 (2020), upheld both penalties and removal)."""

    NONE = "none"
    """No law binds the electors."""
    PLEDGE = "pledge"
    """Electors must pledge or are directed to vote for their party's candidates; no penalty."""
    PENALTY = "penalty"
    """A faithless vote is punished (a fine, a crime) but counts."""
    CANCEL_REPLACE = "cancel-replace"
    """A faithless vote is void and the elector replaced (Uniform Faithful Presidential Electors
    Act, and earlier laws to the same effect)."""

    @property
    def is_free(self) -> bool:
        """Whether an elector under this law may vote against the pledge and have it count."""
        return self in (Law.NONE, Law.PLEDGE)


class DeviationReason(StrEnum):
    """Why electors' votes differ from the slate they were chosen on."""

    FAITHLESS = "faithless"
    ABSTENTION = "abstention"
    UNPLEDGED = "unpledged"
    DECEASED_CANDIDATE = "deceased-candidate"


class Deviation(StrEnum):
    """What became of a vote against the pledge."""

    COUNTED = "counted"
    NOT_COUNTED = "not-counted"
    REPLACED = "replaced"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True, kw_only=True)
class ElectionFacts:
    """One presidential election as the record has it (table ``elections.csv``)."""

    year: int
    meeting_date: dt.date
    count_date: dt.date
    electors_appointed: int
    majority: int
    president: str
    president_party: str
    president_chosen_by: ChosenBy
    vice_president: str
    vice_president_party: str
    vice_president_chosen_by: ChosenBy
    source: str
    notes: str = ""

    @property
    def has_two_votes_per_elector(self) -> bool:
        """Before the 12th Amendment (first used in 1804) each elector cast two votes for
        president (U.S. Const. art. II, §1, cl. 3)."""
        return self.year < 1804


@dataclass(frozen=True, slots=True, kw_only=True)
class Appointment:
    """How many electors a state appointed in an election, and how (``appointments.csv``)."""

    year: int
    state: State
    electors: int
    method: Method
    source: str
    notes: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ElectoralVote:
    """Votes a state's electors cast for one candidate for one office (``electoral_votes.csv``).

    ``candidate`` is ``None`` for ballots not cast (absent electors, abstentions, blanks).
    """

    year: int
    state: State
    office: Office
    candidate: str | None
    votes: int
    counted: int
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Faithless:
    """Electors whose vote departed from the slate they were chosen on (``faithless_electors.csv``).

    ``voted_for`` is ``None`` when they did not vote; ``pledged_to`` is ``None`` for unpledged
    electors.
    """

    year: int
    state: State
    office: Office
    electors: int
    elector: str
    pledged_to: str | None
    voted_for: str | None
    reason: DeviationReason
    outcome: Deviation
    source: str
    notes: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class PopularVote:
    """A candidate's popular vote in a state, or in a district of Maine or Nebraska."""

    year: int
    state: State
    district: int | None
    candidate: str
    party: str
    votes: int
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ApportionmentFact:
    """A state's apportionment population at a census and the House seats it received."""

    census: int
    state: State
    population: int | None
    """``None`` where the record lacks the census's apportionment population (the bundled
    record has every state's population for every census from 1790 to 2020)."""
    seats: int | None
    """``None`` for the 1920 census, which no act apportioned (its populations are kept)."""
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class HouseSize:
    """The size of the House fixed after a census, the method used and the act that did it."""

    census: int
    size: int
    method: str
    act: str
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SeatChange:
    """Seats a state held between apportionments (admission acts and the like)."""

    state: State
    effective: int
    seats: int
    reason: str
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class BindingLaw:
    """A state's law on faithless electors from a year on (``None``: never any law)."""

    state: State
    enacted: int | None
    law: Law
    citation: str
    source: str
    notes: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class PartyDelegation:
    """Members of one party in one state's House delegation at the start of a Congress."""

    congress: int
    state: State
    party: str
    members: int
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SenateParty:
    """Senators of one party at the start of a Congress."""

    congress: int
    party: str
    senators: int
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ContingentBallot:
    """One vote in a contingent election: a state delegation's vote in the House (``votes`` 1,
    ``candidate`` ``None`` when divided or blank), or a candidate's senators in the Senate."""

    year: int
    chamber: Chamber
    office: Office
    ballot: int
    state: State | None
    candidate: str | None
    votes: int
    source: str
    notes: str = field(default="")


@dataclass(frozen=True, slots=True, kw_only=True)
class TallyFact:
    """A candidate's national total for an office as declared in the joint session of Congress:
    the independent second source for the per-state electoral votes."""

    year: int
    office: Office
    candidate: str
    votes: int
    source: str


class SeatGrant(StrEnum):
    """How an apportionment act gave seats by name."""

    OUTSIDE = "outside"
    """To a state left out of the method's computation (Arizona and New Mexico, 1911)."""
    ADDED = "added"
    """On top of the method's result (1852, 1862, 1872)."""
    DEPARTED = "departed"
    """A signed difference between the act's seats and the method's result at the act's own
    size (1901: New York and Pennsylvania one fewer, Nebraska and Maine one more); an act's
    departures sum to zero."""


@dataclass(frozen=True, slots=True, kw_only=True)
class StatutorySeats:
    """Seats an apportionment act gave by name rather than by its method: ``outside`` the
    method's computation (Arizona and New Mexico, 1911), ``added`` on top of it (1852, 1862,
    1872), or ``departed`` from it at the act's size (1901; ``seats`` is then signed)."""

    census: int
    state: State
    seats: int
    kind: SeatGrant
    act: str
    source: str


class Uncounted(StrEnum):
    """Why an appointed elector's vote was not counted: the cases the counts and the acts tell
    apart when they fix "the whole number of Electors appointed" (12th Amendment)."""

    NOT_GIVEN = "not-given"
    """The elector cast no vote (absent, dead, a blank ballot)."""
    STATE_EXCLUDED = "state-excluded"
    """Congress held the state not entitled to electors (joint resolution of 8 February 1865)."""
    ELECTORS_REJECTED = "electors-rejected"
    """The state's return or its electors' appointment was rejected (1873; since 2022 the ground
    of 3 U.S.C. §15(d)(2)(B)(ii)(I), electors "not lawfully certified")."""
    VOTE_REJECTED = "vote-rejected"
    """A vote was rejected as "not regularly given" (3 U.S.C. §15 (1887); §15(d)(2)(B)(ii)(II)
    since 2022), e.g. the 1873 votes for the dead Horace Greeley."""


class WholeNumberEffect(StrEnum):
    """What an uncounted vote does to the whole number under an act of the count."""

    LOWERS = "lowers"
    STANDS = "stands"
    """The elector still counts as appointed: the majority needed does not fall."""
    UNSETTLED = "unsettled"
    """The act is silent and no count has settled it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CountAct:
    """The law of the joint session from an election on (``count_acts.csv``): who may object,
    who decides, on what grounds, what binds Congress, which court reviews, and which uncounted
    votes lower the whole number. Each provision carries its citation."""

    act: str
    first_election: int
    name: str
    citation: str
    objection: str
    objection_senators: str
    """Signatures needed from the Senate: a count ("1"), a share of the sworn members ("1/5"),
    or empty when the act asks none (any member may object, or there is no procedure)."""
    objection_representatives: str
    objection_citation: str
    decision: str
    decision_citation: str
    grounds: str
    grounds_citation: str
    certificate: str
    certificate_citation: str
    court_review: str
    court_review_citation: str
    effects: Mapping[Uncounted, WholeNumberEffect]
    whole_number_citation: str
    source: str
    notes: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class UncountedVote:
    """Electors of a state whose votes for an office Congress rejected, and why
    (``uncounted_votes.csv``); votes not given are the ballots not cast of ``electoral_votes``."""

    year: int
    state: State
    office: Office
    electors: int
    kind: Uncounted
    authority: str
    source: str
    notes: str = ""


class DisputeKind(StrEnum):
    """What was disputed about an election's electoral votes, or how the count was decided."""

    CONTINGENT_BALLOTS = "contingent-ballots"
    """No majority of the electors: the House balloted by states (12th Amendment; art. II, §1,
    cl. 3 before it): 1801 and 1825."""
    ALTERNATIVE_COUNT = "alternative-count"
    """Congress announced the totals both with and without a state's votes, the result being the
    same either way (1821 Missouri, 1869 and 1881 Georgia)."""
    LATE_MEETING = "late-meeting"
    """The electors met on another day than the one the law of Congress fixed (3 U.S.C. §7 and
    its predecessors): 1857 Wisconsin, 1869 and 1881 Georgia."""
    RIVAL_SLATES = "rival-slates"
    """Two or more sets of electors sent certificates (1876 FL, LA, SC, OR; 1960 Hawaii)."""
    ELECTORAL_COMMISSION = "electoral-commission"
    """The Electoral Commission of 1877 (Act of January 29, 1877, 19 Stat. 227) decided which
    certificates to count."""
    OBJECTION = "objection"
    """A written objection at the joint session (3 U.S.C. §15): received only if signed by a
    senator and a representative (since 2022, by one fifth of each House)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Dispute:
    """A dispute over a state's electoral votes (or the count as a whole, ``state`` ``None``):
    what happened, on what day, how it ended, and how many electoral votes it touched."""

    year: int
    state: State | None
    kind: DisputeKind
    date: dt.date
    outcome: str
    votes_affected: int
    """Electoral votes of the state in question (0: none, e.g. an objection not received)."""
    source: str
    notes: str = field(default="")


@dataclass(frozen=True, slots=True, kw_only=True)
class KnownException:
    """A known disagreement between a state's binding law, as the law table has it, and the
    recorded outcome of a deviating elector's vote, with the reason it stands."""

    year: int
    state: State
    reason: str
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DistrictReturn:
    """A candidate's presidential vote in one congressional district of a state that did not
    choose its electors by district (the data the district reform needs). ``lines`` names the
    districts' map (the Congress whose districts they were)."""

    year: int
    state: State
    district: int
    candidate: str
    party: str
    votes: int
    lines: str
    source: str
