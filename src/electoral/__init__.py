"""electoral: the United States Electoral College as code.

The record of every presidential election 1789-2024, the rules that turn a census into electors
and ballots into a president, and the questions people ask of them::

    import electoral

    electoral.election(2016).president     # 'Donald Trump'
    electoral.replay(1824).contingent      # the House's choice of John Quincy Adams
    electoral.defection(2016).deny_majority  # 37 of Trump's 306 pledged electors
    electoral.flip(2016).margin_sum        # 77,744 votes of margin in MI, WI and PA
"""

from __future__ import annotations

from electoral.analysis import (
    defection,
    flip,
    minimum_vote,
    power_of,
    reform,
    splits,
    tipping_point,
)
from electoral.census import ApportionmentResult, apportion_census
from electoral.data import Record, default_record, load_record
from electoral.elections import Election, StateResult, election
from electoral.errors import (
    DataError,
    ElectoralError,
    RuleInputError,
    UnknownCensusError,
    UnknownElectionError,
    UnknownRuleError,
    UnknownStateError,
)
from electoral.history import Check, Replay, replay, replay_all
from electoral.model import ChosenBy, Law, Method, Office
from electoral.rules.apportionment import APPORTIONMENT_METHODS, apportion
from electoral.states import State, parse_state

__version__ = "0.1.0"

__all__ = [
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
