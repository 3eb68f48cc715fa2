"""What the law of the year lets the electors and Congress do with a defection.

The electors' side: each state's binding law of that year falls in one of four classes (the
:class:`electoral.model.Law` of ``binding_laws.csv``; a state without a row has no law): no law at
all, a pledge without a stated sanction, a penalty (the vote counts, the elector is punished), or
cancel and replace (the vote is void, the elector replaced). Which of them could stop a defector
is for the courts: a state may require a pledge (Ray v. Blair, 343 U.S. 214 (1952)), and may
enforce it, by a fine (Chiafalo v. Washington, 591 U.S. 578 (2020)) or by removal (Colorado Dept.
of State v. Baca, 591 U.S. 655 (2020)). Before 2020 enforcement was untested; in 2016 officials of
two pledge-only states voided faithless votes anyway (Maine, Colorado).

Congress's side: the act of the count in force that year (``count_acts.csv``,
:mod:`electoral.rules.count`): who may object to the defectors' votes, who decides, on what
grounds, and whether votes rejected as "not regularly given" lower the whole number of electors
appointed (since 2022 they do not, 3 U.S.C. §15(e)(2)).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from electoral.data import Record
from electoral.model import CountAct, Deviation, DeviationReason, Law, Uncounted, WholeNumberEffect
from electoral.rules.contingent import congress_for
from electoral.rules.count import (
    WholeNumber,
    majority_of,
    objection_signers,
    uncounted_of,
    whole_number,
)
from electoral.states import State, states_in_union

__all__ = [
    "BACA",
    "CHIAFALO",
    "CHIAFALO_FIRST_ELECTION",
    "CLASS_NAMES",
    "CongressPowers",
    "RAY_V_BLAIR",
    "RAY_V_BLAIR_FIRST_ELECTION",
    "congress_powers",
    "doctrine",
    "enforced_beyond_text",
    "free_by_definition",
]

RAY_V_BLAIR: Final = "Ray v. Blair, 343 U.S. 214 (1952)"
CHIAFALO: Final = "Chiafalo v. Washington, 591 U.S. 578 (2020)"
BACA: Final = "Colorado Dept. of State v. Baca, 591 U.S. 655 (2020)"
RAY_V_BLAIR_FIRST_ELECTION: Final = 1952
"""The first election after Ray v. Blair (decided 1952-04-15)."""
CHIAFALO_FIRST_ELECTION: Final = 2020
"""The first election after Chiafalo and Baca (decided 2020-07-06)."""

CLASS_NAMES: Final[Mapping[Law, str]] = {
    Law.NONE: "no law",
    Law.PLEDGE: "pledge only",
    Law.PENALTY: "penalty",
    Law.CANCEL_REPLACE: "cancel-replace",
}
"""How the four classes are written in tables and pages."""


def _listed(states: Iterable[State]) -> str:
    return ", ".join(s.value for s in states) or "none"


def doctrine(year: int, classes: Mapping[Law, tuple[State, ...]]) -> tuple[str, ...]:
    """What the courts had decided, by the law of ``year``, for each class of law present among
    the states in ``classes`` (no law needs none: nothing binds); the case is cited where it
    decides the answer."""
    lines = []
    if pledged := classes.get(Law.PLEDGE):
        lines.append(f"Pledge only ({_listed(pledged)}): " + _pledge_doctrine(year))
    if classes.get(Law.PENALTY):
        lines.append(f"Penalty ({_listed(classes[Law.PENALTY])}): the vote counts and the elector "
                     f"may be punished; such fines were upheld in {CHIAFALO}.")  # fmt: skip
    if classes.get(Law.CANCEL_REPLACE):
        upheld = ("upheld in" if year >= CHIAFALO_FIRST_ELECTION
                  else "untested in the Supreme Court until")  # fmt: skip
        lines.append(f"Cancel-replace ({_listed(classes[Law.CANCEL_REPLACE])}): the vote is void "
                     f"and the elector replaced; removal {upheld} {BACA}.")  # fmt: skip
    return tuple(lines)


def _pledge_doctrine(year: int) -> str:
    if year >= CHIAFALO_FIRST_ELECTION:
        return (f"the law states no sanction, but the pledge is enforceable since {CHIAFALO} "
                f"and {BACA}: the state may void the vote and replace the elector.")  # fmt: skip
    if year >= RAY_V_BLAIR_FIRST_ELECTION:
        return (f"a state may require the pledge ({RAY_V_BLAIR}); whether it could be enforced "
                "was open until 2020, and the law states no sanction: by its text the vote "
                "counts.")  # fmt: skip
    return "the law states no sanction and no court had ruled on pledges: the vote counts."


def enforced_beyond_text(record: Record, year: int) -> tuple[str, ...]:
    """Faithless votes of ``year`` that officials voided although the state's law, by its text,
    had them count (2016: Maine's Bright, Colorado's Baca)."""
    lines = []
    for f in record.faithless_in(year):
        law = record.law_in_force(f.state, year)
        text_counts = law is None or law.law in (Law.NONE, Law.PLEDGE)
        voided = f.outcome in (Deviation.REPLACED, Deviation.CANCELLED)
        if f.reason is DeviationReason.FAITHLESS and text_counts and voided:
            lines.append(f"{f.state.value}: {f.elector or 'an elector'}'s vote for "
                         f"{f.voted_for or 'no one'} was {f.outcome.value} although the law "
                         f"({CLASS_NAMES[law.law if law else Law.NONE]}) states no such "
                         "sanction.")  # fmt: skip
    return tuple(lines)


def free_by_definition(classes: Mapping[Law, tuple[State, ...]]) -> dict[str, int]:
    """How many of the winner's states let the electors "vote freely", by four definitions (the
    2016 press figure of 14 is matched by none: ``binding_laws.md``)."""
    n = {law: len(classes.get(law, ())) for law in Law}
    return {
        "no law": n[Law.NONE],
        "no law or pledge only": n[Law.NONE] + n[Law.PLEDGE],
        "vote counts by the law's text": n[Law.NONE] + n[Law.PLEDGE] + n[Law.PENALTY],
        "bound by some law": n[Law.PLEDGE] + n[Law.PENALTY] + n[Law.CANCEL_REPLACE],
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class CongressPowers:
    """What Congress may do with ``defectors`` votes under the act of the count of that year."""

    act: CountAct
    signers: tuple[int, int] | None
    """Senators and representatives an objection needs (``None``: no signatures asked)."""
    sworn: tuple[int, int]
    """Senators and representatives the signatures were computed from."""
    defectors: int
    winner: str
    winner_votes: int
    """The winner's votes with the defectors' gone, whether rejected or counted for another."""
    whole: WholeNumber
    """The whole number if Congress rejected the defectors' votes as "not regularly given"."""

    @property
    def effect(self) -> WholeNumberEffect:
        return self.act.effects[Uncounted.VOTE_REJECTED]

    @property
    def elected_if_kept(self) -> bool:
        """Whether the winner has a majority when the rejected votes stay in the whole number."""
        return self.winner_votes >= majority_of(self.whole.value)

    @property
    def elected_if_lowered(self) -> bool:
        """Whether the winner has a majority when they are taken out of it."""
        return self.winner_votes >= majority_of(self.whole.lowest)

    @property
    def lines(self) -> tuple[str, ...]:
        """The act's provisions for the scenario, each with its citation."""
        a = self.act
        shares = "/" in a.objection_senators + a.objection_representatives
        signers = ""
        if self.signers and shares:
            signers = (f" ({self.signers[0]} of {self.sworn[0]} senators and {self.signers[1]} "
                       f"of {self.sworn[1]} representatives)")  # fmt: skip
        return (
            f"What Congress may do with the defecting votes, under the {a.name} ({a.citation}):",
            f"Objection: {a.objection}{signers} ({a.objection_citation}).",
            f"Decision: {a.decision} ({a.decision_citation}).",
            f"Grounds: {a.grounds} ({a.grounds_citation}).",
            f"Certificate: {a.certificate} ({a.certificate_citation}).",
            f"Courts: {a.court_review} ({a.court_review_citation}).",
            self._if_rejected(),
        )

    def _if_rejected(self) -> str:
        w, a = self.whole, self.act
        head = (f"If Congress rejected the {self.defectors} defecting votes as not regularly "
                f"given, {self.winner} keeps {self.winner_votes}")  # fmt: skip
        kept = self._reading(w.value)
        if self.effect is WholeNumberEffect.UNSETTLED:
            return (f"{head}; the act does not say whether they leave the whole number "
                    f"({a.whole_number_citation}): kept in it, {kept}; taken out, "
                    f"{self._reading(w.lowest)}.")  # fmt: skip
        return f"{head} and the whole number {w.value} ({a.whole_number_citation}): {kept}."

    def _reading(self, whole: int) -> str:
        needed = majority_of(whole)
        if self.winner_votes >= needed:
            return f"{needed} of {whole} are needed and {self.winner} is elected"
        return f"{needed} of {whole} are needed, no one has them and the House chooses"


def congress_powers(
    record: Record, year: int, winner: str, winner_pledged: int, defectors: int
) -> CongressPowers | None:
    """The act of the count of ``year`` applied to ``defectors`` votes rejected as not regularly
    given (``None``: the record has no act for the year)."""
    act = record.count_act(year)
    if act is None:
        return None
    election = record.election(year)
    per_elector = 2 if election.has_two_votes_per_elector else 1
    uncounted = uncounted_of(record.votes_in(year), record.uncounted_in(year),
                             per_elector=per_elector)  # fmt: skip
    uncounted[Uncounted.VOTE_REJECTED] = uncounted.get(Uncounted.VOTE_REJECTED, 0) + defectors
    appointed = sum(a.electors for a in record.appointments_in(year))
    sworn = _sworn(record, year)
    return CongressPowers(
        act=act,
        signers=objection_signers(act, *sworn),
        sworn=sworn,
        defectors=defectors,
        winner=winner,
        winner_votes=winner_pledged - defectors,
        whole=whole_number(appointed or election.electors_appointed, uncounted, act),
    )


def _sworn(record: Record, year: int) -> tuple[int, int]:
    """Senators and representatives of the counting Congress, vacancies left out; without the
    record's tables, two senators a state and the House the apportionment gave."""
    congress = congress_for(year)
    senators = sum(s.senators for s in record.senate(congress) if s.party != "Vacant")
    members = sum(d.members for d in record.delegations(congress) if d.party != "Vacant")
    if not senators:
        senators = 2 * states_in_union(record.election(year).count_date)
    if not members:
        members = _house_size(record, year)
    return senators, members


def _house_size(record: Record, year: int) -> int:
    census = max((c for c in record.censuses if c + 2 <= year), default=None)
    size = record.house_size(census) if census is not None else None
    return size.size if size is not None else 0
