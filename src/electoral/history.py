"""The replay: every election run from its facts through the rules, and checked against the record.

For an election the replay

1. computes each state's electors from the census and the acts of admission
   (:mod:`electoral.rules.electors`) and compares them with the electors the state appointed;
2. where the people chose the electors and the record has the returns, computes the pledged
   electors from the returns (:mod:`electoral.rules.appointment`: winner take all, or by district)
   and compares them with the slates the record shows elected;
3. casts the electors' ballots from the pledged slates, applying each recorded deviation under
   the state's binding law of that year (:mod:`electoral.rules.ballots`), and compares them with
   the votes in the certificates;
4. counts the votes Congress counted (:mod:`electoral.rules.count`), and where no one has a
   majority, runs the contingent election from the recorded ballots of the House or the Senate
   (:mod:`electoral.rules.contingent`);
5. compares the persons elected, and by whom, with the record.

Every difference found on the way is either explained by a fact (a faithless elector, a deceased
candidate, a state that took no part, a split slate, votes Congress did not count) and becomes a
note, or it is a failed check and the election is not reproduced. A deviating elector's recorded
outcome that disagrees with what the state's law of that year provides (the law table) fails the
``deviations`` check unless the disagreement is listed, with its reason and source, in
``known_exceptions.csv`` (2016 Colorado and Maine).

The disputes over the electoral votes (``disputes.csv``: the House's ballots, counts announced in
the alternative, late meetings, rival slates, the Electoral Commission, objections) come with the
replay; each count announced in the alternative is recounted without the state's votes, and the
``alternative counts`` check fails if the person elected would change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from electoral.data import Record, default_record
from electoral.elections import counted_votes
from electoral.errors import RuleInputError
from electoral.model import (
    Appointment,
    Chamber,
    ChosenBy,
    Deviation,
    DeviationReason,
    Dispute,
    DisputeKind,
    ElectoralVote,
    Faithless,
    Law,
    Method,
    Office,
)
from electoral.rules.appointment import allocate_district, plurality_winner
from electoral.rules.ballots import Defection, cast_ballots, effect_of_law
from electoral.rules.contingent import ContingentResult, house_election, senate_election
from electoral.rules.count import Count, count_two_votes, count_votes, rank, top
from electoral.rules.electors import electors_for, seats_in_force
from electoral.states import State, states_in_union

__all__ = ["AlternativeCount", "Check", "DisputeReview", "Replay", "replay", "replay_all"]

Slates = dict[State, dict[str | None, int]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Check:
    """One comparison of the rules' result with the record."""

    name: str
    passed: bool
    detail: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AlternativeCount:
    """The count for president without one state's votes, as Congress announced it in the
    alternative (1821, 1869, 1881): the whole number less the state's electors."""

    state: State
    votes: dict[str, int]
    whole_number: int
    majority: int
    elected: str | None
    """Who had a majority of the reduced whole number (``None``: no one)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DisputeReview:
    """A dispute of the record, with the count without the state's votes where the dispute is a
    count announced in the alternative."""

    dispute: Dispute
    alternative: AlternativeCount | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Replay:
    """An election replayed: what the rules computed, the checks, and the notes explaining
    every deviation."""

    year: int
    president: str | None
    president_chosen_by: ChosenBy | None
    vice_president: str | None
    vice_president_chosen_by: ChosenBy | None
    count: Count
    vice_president_count: Count | None
    contingent: ContingentResult | None
    vice_president_contingent: ContingentResult | None
    checks: tuple[Check, ...]
    notes: tuple[str, ...]
    disputes: tuple[DisputeReview, ...] = ()

    @property
    def reproduced(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def electoral_votes(self) -> dict[str, int]:
        return self.count.votes

    @property
    def vice_president_votes(self) -> dict[str, int]:
        return self.vice_president_count.votes if self.vice_president_count else {}


def _ballots(votes: Iterable[ElectoralVote], office: Office, counted: bool = False) -> Slates:
    slates: Slates = {}
    for v in votes:
        if v.office is office:
            n = v.counted if counted else v.votes
            if n:
                slates.setdefault(v.state, {})[v.candidate] = n
    return slates


def _undo(cast: Slates, faithless: Iterable[Faithless], office: Office) -> Slates:
    """The slates as pledged: the cast ballots with each standing deviation undone."""
    pledged = {s: dict(b) for s, b in cast.items()}
    for f in faithless:
        if f.office is office and f.outcome in (Deviation.COUNTED, Deviation.NOT_COUNTED):
            slate = pledged.setdefault(f.state, {})
            slate[f.voted_for] = slate.get(f.voted_for, 0) - f.electors
            slate[f.pledged_to] = slate.get(f.pledged_to, 0) + f.electors
    return {s: {c: n for c, n in b.items() if n} for s, b in pledged.items()}


def _check_electors(record: Record, year: int, notes: list[str]) -> Check | None:
    """Electors appointed against seats + 2 from the apportionment in force."""
    seats = seats_in_force(year, record.apportionment, record.seat_changes)
    if not seats:
        notes.append("electors per state not checked: no apportionment in force in the record")
        return None
    computed = electors_for(year, seats)
    wrong: list[str] = []
    for a in record.appointments_in(year):
        expected = computed.get(a.state)
        if expected is None or a.electors == expected:
            continue
        text = f"{a.state}: {a.electors} electors appointed, {expected} by apportionment"
        if a.method is Method.NONE or a.notes:
            notes.append(f"{text} ({a.notes or 'took no part'})")
        else:
            wrong.append(text)
    return Check(name="electors", passed=not wrong, detail="; ".join(wrong) or "as apportioned")


def _returns(
    record: Record, year: int
) -> tuple[dict[State, dict[str, int]], dict[State, dict[int, dict[str, int]]]]:
    statewide: dict[State, dict[str, int]] = {}
    districts: dict[State, dict[int, dict[str, int]]] = {}
    for p in record.popular_votes_in(year):
        if p.district is None:
            statewide.setdefault(p.state, {})[p.candidate] = p.votes
        else:
            districts.setdefault(p.state, {}).setdefault(p.district, {})[p.candidate] = p.votes
    return statewide, districts


def _pledged_from_returns(
    record: Record, year: int, notes: list[str]
) -> dict[State, dict[str, int]]:
    """Pledged electors computed from the returns where the people chose the electors: the
    statewide winner's slate, or by district (two at large, one per district: Maine since 1972,
    Nebraska since 1992) where the record has the district returns."""
    statewide, districts = _returns(record, year)
    pledged: dict[State, dict[str, int]] = {}
    for a in record.appointments_in(year):
        if a.method not in (Method.POPULAR, Method.DISTRICT, Method.POPULAR_INDIVIDUAL):
            continue
        if a.state not in statewide or a.electors == 0:
            continue
        if a.method is Method.DISTRICT and a.state not in districts:
            notes.append(
                f"{a.state}: chose its electors by district; the district returns are "
                "not in the record, so its pledged electors are not computed"
            )
            continue
        try:
            if a.method is Method.DISTRICT:
                pledged[a.state] = allocate_district(
                    statewide[a.state], districts[a.state], a.electors, str(a.state)
                )
            else:
                pledged[a.state] = {plurality_winner(statewide[a.state], str(a.state)): a.electors}
        except RuleInputError:
            continue
    return pledged


def _check_pledged(record: Record, year: int, recorded: Slates, notes: list[str]) -> Check | None:
    """Compare the slates computed from the returns with the slates the record shows elected
    (the cast ballots with every recorded deviation undone)."""
    computed = _pledged_from_returns(record, year, notes)
    if not computed:
        return None
    methods = {a.state: a for a in record.appointments_in(year)}
    wrong: list[str] = []
    explained = 0
    for state, slate in sorted(computed.items()):
        elected = {c: n for c, n in recorded.get(state, {}).items() if c is not None}
        if elected == slate:
            continue
        text = f"{state}: returns give {_fmt(slate)}, the record's electors {_fmt(elected)}"
        if _is_explained(methods[state]):
            notes.append(f"{text}: {methods[state].notes or 'electors chosen one by one'}")
            explained += 1
        else:
            wrong.append(text)
    detail = "; ".join(wrong) or (
        f"{len(computed) - explained} states reproduced from the returns"
        + (f", {explained} explained by a note" if explained else "")
    )
    return Check(name="pledged electors", passed=not wrong, detail=detail)


def _is_explained(appointment: Appointment) -> bool:
    """Whether a slate that differs from the returns is explained by how the state chose: electors
    chosen one by one, or a note on the appointment. Not for the district method, whose notes
    only describe the method: its slate must follow the district returns exactly."""
    if appointment.method is Method.DISTRICT:
        return False
    return appointment.method is Method.POPULAR_INDIVIDUAL or bool(appointment.notes)


def _fmt(slate: Mapping[str, int] | Mapping[str | None, int]) -> str:
    return ", ".join(f"{c or 'not cast'} {n}" for c, n in slate.items())


def _check_deviations(record: Record, year: int, notes: list[str]) -> Check:
    """Explain each deviation, and check the ones the law governs against that year's law: an
    outcome other than the law provides fails, unless ``known_exceptions.csv`` lists it."""
    wrong: list[str] = []
    disagreeing: set[State] = set()
    for f in record.faithless_in(year):
        law = record.law_in_force(f.state, year)
        who = f"{f.electors} elector{'s' if f.electors > 1 else ''}" + (
            f" ({f.elector})" if f.elector else ""
        )
        text = (
            f"{f.state}: {who} pledged to {f.pledged_to or 'no one'} voted for "
            f"{f.voted_for or 'no one'} for {f.office}: {f.reason}, {f.outcome}"
        )
        if f.reason is DeviationReason.FAITHLESS:
            text += f"; state law: {law.law if law else Law.NONE}"
            if law and law.citation:
                text += f" ({law.citation})"
            disagreement = _law_disagreement(law.law if law else None, f.outcome)
            if disagreement is None:
                text += ", as that law provides"
            else:
                text += f"; {disagreement}"
                disagreeing.add(f.state)
                exception = record.known_exception(year, f.state)
                if exception is None:
                    wrong.append(f"{f.state}: {disagreement}, and no known exception is listed")
                else:
                    text += f"; a known exception: {exception.reason} ({exception.source})"
        notes.append(text + (f". {f.notes}" if f.notes else ""))
    for k in record.known_exceptions:
        if k.year == year and k.state not in disagreeing:
            notes.append(f"{k.state}: a known exception is listed, but law and record now agree")
    detail = "; ".join(wrong) or "every deviation recorded with its fact and its law"
    return Check(name="deviations", passed=not wrong, detail=detail)


def _law_disagreement(law: Law | None, outcome: Deviation) -> str | None:
    """How the recorded outcome departs from what the state's law, as the table has it,
    provides (``None``: it does not)."""
    expected = effect_of_law(law)
    voided = outcome in (Deviation.REPLACED, Deviation.CANCELLED)
    if voided == (expected is Deviation.REPLACED):
        return None
    return f"the law table would have the vote {expected}, the record has it {outcome}"


_RECOUNTED = (
    DisputeKind.ALTERNATIVE_COUNT,
    DisputeKind.ELECTORAL_COMMISSION,
    DisputeKind.RIVAL_SLATES,
)
"""Disputes over all of a state's votes that the replay recounts without them (only a count in
the alternative must elect the same person; for the others the recount shows what was at stake)."""


def _review_disputes(
    record: Record, year: int, d: _Decision
) -> tuple[tuple[DisputeReview, ...], Check | None]:
    """Each dispute of the year, and each count announced in the alternative recounted without
    the state's votes (the whole number less its electors): the person elected must not change,
    or Congress could not have announced it both ways."""
    reviews: list[DisputeReview] = []
    wrong: list[str] = []
    alternatives = 0
    electors = {a.state: a.electors for a in record.appointments_in(year)}
    for dispute in record.disputes_in(year):
        alternative = None
        whole_state = dispute.state is not None and dispute.votes_affected == electors.get(
            dispute.state
        )
        if dispute.state is not None and whole_state and dispute.kind in _RECOUNTED:
            alternative = _without(record, year, dispute.state, d.count)
        if alternative is not None and dispute.kind is DisputeKind.ALTERNATIVE_COUNT:
            alternatives += 1
            if alternative.elected != d.count.winner:
                wrong.append(
                    f"{dispute.state}: without its votes {alternative.elected or 'no one'} "
                    f"would have a majority, not {d.count.winner}"
                )
        reviews.append(DisputeReview(dispute=dispute, alternative=alternative))
    if not alternatives:
        return tuple(reviews), None
    detail = "; ".join(wrong) or f"{alternatives} count(s) in the alternative elect the same person"
    return tuple(reviews), Check(name="alternative counts", passed=not wrong, detail=detail)


def _without(record: Record, year: int, state: State, count: Count) -> AlternativeCount:
    """The count for president without ``state``'s votes and electors."""
    mine = counted_votes((v for v in record.votes_in(year) if v.state is state), Office.PRESIDENT)
    electors = sum(a.electors for a in record.appointments_in(year) if a.state is state)
    votes = rank({c: n - mine.get(c, 0) for c, n in count.votes.items()})
    whole = count.electors_appointed - electors
    reduced = count_votes(Office.PRESIDENT, votes, whole)
    return AlternativeCount(
        state=state,
        votes=votes,
        whole_number=whole,
        majority=reduced.majority,
        elected=reduced.winner,
    )


def _check_ballots(
    record: Record, year: int, office: Office, pledged: Slates, cast: Slates
) -> Check:
    """The pledged slates, changed by each standing deviation, give the certificates' votes."""
    defections = [
        Defection(
            state=f.state,
            office=f.office,
            electors=f.electors,
            pledged_to=f.pledged_to,
            voted_for=f.voted_for,
            is_bound_by_law=False,  # the record's outcome is the fact; the law is noted
        )
        for f in record.faithless_in(year)
        if f.office is office and f.outcome in (Deviation.COUNTED, Deviation.NOT_COUNTED)
    ]
    ballots = cast_ballots(pledged, defections, {})
    wrong = [
        f"{s}: computed {_fmt(ballots.get(s, {}))}, certificates {_fmt(cast.get(s, {}))}"
        for s in sorted(set(ballots) | set(cast))
        if ballots.get(s, {}) != cast.get(s, {})
    ]
    return Check(name=f"ballots ({office})", passed=not wrong, detail="; ".join(wrong) or "as cast")


def _not_counted(votes: Iterable[ElectoralVote], notes: list[str]) -> None:
    for v in votes:
        if v.candidate is not None and v.counted < v.votes:
            notes.append(
                f"{v.state}: {v.votes - v.counted} of {v.votes} votes for {v.candidate} "
                f"({v.office}) not counted by Congress"
            )
        if v.candidate is None:
            notes.append(f"{v.state}: {v.votes} ballot(s) for {v.office} not cast")


def _declared(record: Record, year: int, office: Office) -> dict[str, int]:
    return rank({t.candidate: t.votes for t in record.tallies_in(year) if t.office is office})


def _house(record: Record, year: int, candidates: tuple[str, ...]) -> ContingentResult | None:
    """The House's contingent election from the recorded ballots of the state delegations."""
    rows = [b for b in record.contingent_ballots_in(year) if b.chamber is Chamber.HOUSE]
    if not rows:
        return None
    ballots: dict[int, dict[State, str | None]] = {}
    for b in rows:
        if b.state is not None:
            ballots.setdefault(b.ballot, {})[b.state] = b.candidate
    states = states_in_union(record.election(year).count_date)
    return house_election([ballots[n] for n in sorted(ballots)], candidates, states)


def _senate(record: Record, year: int, candidates: tuple[str, ...]) -> ContingentResult | None:
    """The Senate's choice of vice president from the recorded votes of the senators."""
    rows = [b for b in record.contingent_ballots_in(year) if b.chamber is Chamber.SENATE]
    if not rows:
        return None
    votes: Counter[str] = Counter()
    for b in rows:
        if b.candidate is not None:
            votes[b.candidate] += b.votes
    whole_number = 2 * states_in_union(record.election(year).count_date)
    return senate_election(votes, candidates, whole_number)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Decision:
    count: Count
    vp_count: Count | None
    contingent: ContingentResult | None
    vp_contingent: ContingentResult | None
    president: str | None
    president_by: ChosenBy | None
    vice_president: str | None
    vice_president_by: ChosenBy | None


def _decide_two_votes(record: Record, year: int, votes: dict[str, int]) -> _Decision:
    """1789-1800: two votes per elector; the runner-up is vice president."""
    count, runner_up = count_two_votes(votes, record.election(year).electors_appointed)
    if count.winner is not None:
        return _Decision(
            count=count, vp_count=None, contingent=None, vp_contingent=None,
            president=count.winner, president_by=ChosenBy.ELECTORS,
            vice_president=runner_up, vice_president_by=ChosenBy.ELECTORS,
        )  # fmt: skip
    house = _house(record, year, count.tied or top(count.votes, 5))
    president = house.elected if house else None
    rest = {c: v for c, v in count.votes.items() if c != president}
    vice = next(iter(rank(rest)), None) if president else None
    return _Decision(
        count=count, vp_count=None, contingent=house, vp_contingent=None,
        president=president, president_by=ChosenBy.HOUSE if president else None,
        vice_president=vice, vice_president_by=ChosenBy.ELECTORS if vice else None,
    )  # fmt: skip


def _decide(
    record: Record, year: int, votes: dict[str, int], vp_votes: dict[str, int]
) -> _Decision:
    """Since 1804 (12th Amendment): separate ballots; the House and the Senate when no majority."""
    appointed = record.election(year).electors_appointed
    count = count_votes(Office.PRESIDENT, votes, appointed)
    vp_count = count_votes(Office.VICE_PRESIDENT, vp_votes, appointed)
    house = None if count.winner else _house(record, year, top(count.votes, 3))
    senate = None if vp_count.winner else _senate(record, year, top(vp_count.votes, 2))
    president = count.winner or (house.elected if house else None)
    vice = vp_count.winner or (senate.elected if senate else None)
    return _Decision(
        count=count, vp_count=vp_count, contingent=house, vp_contingent=senate,
        president=president, president_by=_by(count, president, ChosenBy.HOUSE),
        vice_president=vice, vice_president_by=_by(vp_count, vice, ChosenBy.SENATE),
    )  # fmt: skip


def _by(count: Count, elected: str | None, chamber: ChosenBy) -> ChosenBy | None:
    if count.winner is not None:
        return ChosenBy.ELECTORS
    return chamber if elected is not None else None


def _check_tally(
    record: Record, year: int, office: Office, counted: dict[str, int]
) -> Check | None:
    """The counted votes, summed from the states, equal the totals declared in the joint
    session (an independent source: the national tally, not a sum of state rows)."""
    declared = {t.candidate: t.votes for t in record.tallies_in(year) if t.office is office}
    if not declared:
        return None
    wrong = [
        f"{c}: states sum to {counted.get(c, 0)}, declared {declared.get(c, 0)}"
        for c in sorted(set(declared) | set(counted))
        if counted.get(c, 0) != declared.get(c, 0)
    ]
    detail = "; ".join(wrong) or "equal to the declared totals"
    return Check(name=f"official tally ({office})", passed=not wrong, detail=detail)


def _check_result(record: Record, year: int, d: _Decision) -> Check:
    facts = record.election(year)
    computed = (d.president, d.president_by, d.vice_president, d.vice_president_by)
    expected = (
        facts.president,
        facts.president_chosen_by,
        facts.vice_president,
        facts.vice_president_chosen_by,
    )
    detail = (
        f"president {d.president} by {d.president_by}, vice president {d.vice_president} "
        f"by {d.vice_president_by}"
    )
    return Check(name="result", passed=computed == expected, detail=detail)


def replay(year: int, record: Record | None = None) -> Replay:
    """Replay the election of ``year`` through the rules and check it against the record.

    Raises:
        UnknownElectionError: no presidential election in that year.
    """
    record = record or default_record()
    record.election(year)
    votes = record.votes_in(year)
    notes: list[str] = []
    checks = [c for c in (_check_electors(record, year, notes),) if c]
    offices = (Office.PRESIDENT,) if year < 1804 else (Office.PRESIDENT, Office.VICE_PRESIDENT)
    for office in offices:
        if votes and not record.has_votes_by_state(year, office):
            continue  # no ballots by state to check (PRESIDENT_ONLY: 1824's vice president)
        cast = _ballots(votes, office)
        pledged = _undo(cast, record.faithless_in(year), office)
        if office is Office.PRESIDENT:
            checks += [c for c in (_check_pledged(record, year, pledged, notes),) if c]
        checks.append(_check_ballots(record, year, office, pledged, cast))
    checks.append(_check_deviations(record, year, notes))
    _not_counted(votes, notes)
    counted = {office: counted_votes(votes, office) for office in Office}
    if votes:
        for office in offices:
            if record.has_votes_by_state(year, office):
                checks += [c for c in (_check_tally(record, year, office, counted[office]),) if c]
            else:  # a year listed in PRESIDENT_ONLY (1824): the vice-presidential ballots
                counted[office] = _declared(record, year, office)
                notes.append(
                    "the vice-presidential votes by state are not in the record: counted from "
                    "the declared totals"
                )
    else:
        counted = {office: _declared(record, year, office) for office in Office}
        notes.append("the votes by state are not in the record: counted from the declared totals")
    pres, vp = counted[Office.PRESIDENT], counted[Office.VICE_PRESIDENT]
    decision = (
        _decide_two_votes(record, year, pres) if year < 1804 else _decide(record, year, pres, vp)
    )
    checks.append(_check_result(record, year, decision))
    disputes, alternatives = _review_disputes(record, year, decision)
    checks += [alternatives] if alternatives else []
    return Replay(
        year=year,
        president=decision.president,
        president_chosen_by=decision.president_by,
        vice_president=decision.vice_president,
        vice_president_chosen_by=decision.vice_president_by,
        count=decision.count,
        vice_president_count=decision.vp_count,
        contingent=decision.contingent,
        vice_president_contingent=decision.vp_contingent,
        checks=tuple(checks),
        notes=tuple(notes),
        disputes=disputes,
    )


def replay_all(record: Record | None = None) -> tuple[Replay, ...]:
    """Every election in the record, replayed."""
    record = record or default_record()
    return tuple(replay(year, record) for year in record.years)
