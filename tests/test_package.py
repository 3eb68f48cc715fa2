from __future__ import annotations

import subprocess
import sys

import electoral

PUBLIC_API = [
    "APPORTIONMENT_METHODS",
    "ApportionmentResult",
    "Check",
    "ChosenBy",
    "DataError",
    "Election",
    "ElectoralError",
    "Law",
    "Method",
    "Office",
    "Record",
    "Replay",
    "RuleInputError",
    "State",
    "StateResult",
    "UnknownCensusError",
    "UnknownElectionError",
    "UnknownRuleError",
    "UnknownStateError",
    "__version__",
    "apportion",
    "apportion_census",
    "default_record",
    "defection",
    "election",
    "flip",
    "load_record",
    "minimum_vote",
    "parse_state",
    "power_of",
    "reform",
    "replay",
    "replay_all",
    "splits",
    "tipping_point",
]


def test_the_public_api_is_pinned():
    assert sorted(electoral.__all__) == sorted(PUBLIC_API)
    assert all(hasattr(electoral, name) for name in electoral.__all__)


def test_the_core_does_not_import_the_interfaces():
    """The core (facts, rules, history) imports only the standard library and numpy."""
    code = (
        "import sys, electoral, electoral.history, electoral.rules.contingent; "
        "print(sorted(m for m in ('typer', 'fastapi', 'sqlalchemy', 'rich') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_error_is_an_electoral_error():
    for name in ("DataError", "RuleInputError", "UnknownCensusError", "UnknownElectionError",
                 "UnknownRuleError", "UnknownStateError"):  # fmt: skip
        assert issubclass(getattr(electoral, name), electoral.ElectoralError)
