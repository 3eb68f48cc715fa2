"""Fixtures: the app on a throwaway SQLite database, and a client that runs its lifespan."""

from __future__ import annotations

import warnings

import pytest

from electoral.settings import Settings
from electoral.web.app import create_app

with warnings.catch_warnings():
    # Starlette asks for httpx2 instead of httpx; the warning is about the test client only.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="session")
def settings(tmp_path_factory):
    db = tmp_path_factory.mktemp("web") / "web.sqlite3"
    return Settings(database_url=f"sqlite:///{db}", base_url="http://testserver")


@pytest.fixture(scope="session")
def app(settings):
    return create_app(settings)


@pytest.fixture(scope="session")
def client(app):
    with TestClient(app) as client:
        yield client
