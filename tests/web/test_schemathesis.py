"""The API against its own OpenAPI description, fuzzed in process (schemathesis): no answer is
a server error, every answer matches its declared schema and status, bad input gets a 4xx."""

from __future__ import annotations

import warnings

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from electoral.settings import Settings
from electoral.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    APP = create_app(Settings(database_url="sqlite:///:memory:"))

# The petitions' routes are fuzzed by their own tests, on a database set up for them.
schema = schemathesis.openapi.from_asgi("/api/openapi.json", APP).exclude(
    path_regex="^/api/petitions"
)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi(case):
    # A scenario code can be well formed yet name a candidate the base election lacks, and a
    # year can be one with no election: those are 400 and 404 with a JSON error, by design, so
    # "schema-valid input must be accepted" does not apply; every other check does.
    response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
    if response.status_code >= 400:
        assert set(response.json()) == {"error"}
