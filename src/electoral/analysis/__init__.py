"""Questions asked of the Electoral College, answered from the record and the rules: could the
electors overturn a result (defection), popular/electoral splits, flips, the tipping point, the
minimum popular vote that can win, voting power, and reforms."""

from __future__ import annotations

from electoral.analysis.defection import DefectionAnalysis, defection
from electoral.analysis.flips import Flip, FlipTarget, flip
from electoral.analysis.minvote import MinimumVote, Turnout, minimum_vote
from electoral.analysis.power import POWER_INDICES, PowerResult, power_of
from electoral.analysis.reform import REFORMS, ReformOptions, ReformResult, reform
from electoral.analysis.splits import Split, splits
from electoral.analysis.tipping import TIPPING_DEFINITIONS, Tipping, tipping_point

__all__ = [
    "POWER_INDICES",
    "REFORMS",
    "TIPPING_DEFINITIONS",
    "DefectionAnalysis",
    "Flip",
    "FlipTarget",
    "MinimumVote",
    "PowerResult",
    "ReformOptions",
    "ReformResult",
    "Split",
    "Tipping",
    "Turnout",
    "defection",
    "flip",
    "minimum_vote",
    "power_of",
    "reform",
    "splits",
    "tipping_point",
]
