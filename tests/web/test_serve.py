"""``electoral serve`` runs the app factory with uvicorn and prints the address."""

from __future__ import annotations

import uvicorn
from typer.testing import CliRunner

from electoral.cli import web as web_cli
from electoral.cli.app import app


def test_serve_runs_the_factory_and_prints_the_address(monkeypatch):
    calls = []
    started = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: calls.append((args, kwargs)))
    monkeypatch.setattr(web_cli, "_start_background", started.append)
    result = CliRunner().invoke(app, ["serve", "--port", "8123", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8123/" in result.output
    ((args, kwargs),) = calls
    assert args == ("electoral.web.app:create_app",)
    assert kwargs["factory"] is True
    assert kwargs["port"] == 8123
    assert kwargs["workers"] == 2
    assert len(started) == 1


def test_serve_refuses_a_bad_port():
    result = CliRunner().invoke(app, ["serve", "--port", "70000"])
    assert result.exit_code == 2
