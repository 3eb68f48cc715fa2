"""The odds: exact electoral-vote distributions and correlated Monte Carlo simulation.

>>> from electoral.forecast import Contest, Contests, ErrorModel, exact_forecast
>>> from electoral.states import State
>>> two = Contests(
...     contests=(
...         Contest(id="PA", state=State.PA, district=None, electors=19, margin=0.0, sd=3.0),
...         Contest(id="DE", state=State.DE, district=None, electors=3, margin=10.0, sd=3.0),
...     ),
...     candidates=("A", "B"),
...     source="example",
... )
>>> round(exact_forecast(two, ErrorModel()).p_win["A"], 3)
0.5
"""

from __future__ import annotations

from electoral.forecast.contests import (
    Contest,
    Contests,
    contests_from_election,
    house_from_record,
    parse_candidates,
    parse_house,
    parse_picks,
    read_contests,
)
from electoral.forecast.exact import exact_forecast
from electoral.forecast.models import ErrorModel, ModelKind, parse_model
from electoral.forecast.montecarlo import simulate
from electoral.forecast.results import Forecast

__all__ = [
    "Contest",
    "Contests",
    "ErrorModel",
    "Forecast",
    "ModelKind",
    "contests_from_election",
    "exact_forecast",
    "house_from_record",
    "parse_candidates",
    "parse_house",
    "parse_model",
    "parse_picks",
    "read_contests",
    "simulate",
]
