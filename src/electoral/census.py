"""A census's apportionment: the statute of the day reproduced, or any method and House size."""

from __future__ import annotations

from dataclasses import dataclass

from electoral.data import Record, default_record
from electoral.errors import RuleInputError
from electoral.rules.apportionment import apportion
from electoral.rules.electors import electors_for
from electoral.states import State

__all__ = ["ApportionmentResult", "apportion_census"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ApportionmentResult:
    """Seats and electors per state from one census."""

    census: int
    method: str
    statute: str
    populations: dict[State, int]
    seats: dict[State, int]
    electors: dict[State, int]


def apportion_census(
    census: int,
    record: Record | None = None,
    *,
    method: str | None = None,
    seats: int | None = None,
) -> ApportionmentResult:
    """Apportion the House after ``census``: by default as the statute of the day did it (its
    method and size); ``method`` and ``seats`` ask what another rule would have given.

    Raises:
        UnknownCensusError: no census of that year in the record.
        UnknownRuleError: unknown method.
        RuleInputError: 1920 (no apportionment) without an explicit method and size.
    """
    record = record or default_record()
    facts = record.census(census)
    statute = record.house_size(census)
    is_none = statute is None or statute.method == "none"
    if is_none and (method is None or seats is None):
        raise RuleInputError(
            f"census {census}: Congress made no apportionment; give --method and --seats"
        )
    chosen_method = method or (statute.method if statute else "huntington-hill")
    size = seats or (statute.size if statute else 435)
    populations = {f.state: f.population for f in facts}
    result = apportion(populations, size, chosen_method)
    is_statute = method is None and seats is None and statute is not None
    return ApportionmentResult(
        census=census,
        method=chosen_method,
        statute=statute.act if is_statute and statute else "a what-if, not the statute",
        populations=populations,
        seats=dict(sorted(result.items(), key=lambda kv: (-kv[1], kv[0]))),
        electors=electors_for(census + 2, result),
    )
