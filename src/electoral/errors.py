"""The one exception hierarchy of electoral.

Every error the library raises on bad input is an :class:`ElectoralError`; its message names the
input, the place (file, line, field) and what was expected, in one line, so that the command line
can print it as it is and exit with code 2::

    ElectoralError
    ├── DataError            (ElectoralError, ValueError)    a fact table is malformed
    ├── UnknownElectionError (ElectoralError, LookupError)   no election in that year
    ├── UnknownCensusError   (ElectoralError, LookupError)   no census in that year
    ├── UnknownStateError    (ElectoralError, LookupError)   not a state code
    ├── UnknownRuleError     (ElectoralError, LookupError)   no rule with that id
    └── RuleInputError       (ElectoralError, ValueError)    a rule was given impossible input
"""

from __future__ import annotations

__all__ = [
    "DataError",
    "ElectoralError",
    "RuleInputError",
    "UnknownCensusError",
    "UnknownElectionError",
    "UnknownRuleError",
    "UnknownStateError",
]


class ElectoralError(Exception):
    """Base class of every error electoral raises on bad input."""


class DataError(ElectoralError, ValueError):
    """A fact table is malformed: the message names the file, the line and the field."""

    def __init__(self, file: str, line: int, field: str, problem: str) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.problem = problem
        super().__init__(f"{file}:{line}: field '{field}': {problem}")


class UnknownElectionError(ElectoralError, LookupError):
    """No presidential election was held in the year asked for."""

    def __init__(self, year: int, known: tuple[int, ...]) -> None:
        self.year = year
        span = f"{known[0]}-{known[-1]}, every fourth year" if known else "none loaded"
        super().__init__(f"no presidential election in {year}: expected a year in {span}")


class UnknownCensusError(ElectoralError, LookupError):
    """No census (with an apportionment) in the year asked for."""

    def __init__(self, year: int, known: tuple[int, ...]) -> None:
        self.year = year
        span = f"{known[0]}-{known[-1]}, every tenth year" if known else "none loaded"
        super().__init__(f"no census in {year}: expected a census year in {span}")


class UnknownStateError(ElectoralError, LookupError):
    """A state code that is not one of the 50 states and DC."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"unknown state {code!r}: expected a postal code such as 'PA' or 'DC'")


class UnknownRuleError(ElectoralError, LookupError):
    """A rule id that no registry knows."""

    def __init__(self, kind: str, rule_id: str, known: list[str]) -> None:
        self.kind = kind
        self.rule_id = rule_id
        super().__init__(f"unknown {kind} {rule_id!r}: expected one of {', '.join(sorted(known))}")


class RuleInputError(ElectoralError, ValueError):
    """A rule was asked something impossible (e.g. fewer seats than states)."""
