"""``electoral serve``: a real server on a free port, one process or several workers each
with its own ``SO_REUSEPORT`` socket; it creates the schema, answers, and stops on SIGTERM."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from electoral.cli.app import app

ELECTORAL = Path(sys.executable).parent / "electoral"


def _children(pid: int) -> set[int]:
    """The worker processes of the server ``pid`` (not multiprocessing's resource tracker)."""
    found = set()
    for status in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = status.read_text().rsplit(")", 1)[1].split()
            command = (status.parent / "cmdline").read_bytes()
            if int(fields[1]) == pid and fields[0] != "Z" and b"resource_tracker" not in command:
                found.add(int(status.parent.name))
    return found


def _gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


@pytest.fixture
def server(tmp_path):
    """Start ``electoral serve --workers 2 --port 0``; yield (process, base URL)."""
    env = dict(os.environ) | {
        "ELECTORAL_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "ELECTORAL_SECRET_KEY": "serve-test",
    }
    process = subprocess.Popen(
        [str(ELECTORAL), "serve", "--port", "0", "--workers", "2"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    assert found, line
    base = f"http://127.0.0.1:{found.group(1)}"
    try:
        yield process, base
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)
        process.stdout.close()


def _get(url: str, timeout: float = 30.0) -> tuple[int, bytes]:
    end = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 (loopback)
                return answer.status, answer.read()
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.1)


def test_two_workers_answer_on_one_port_and_stop_on_sigterm(server):
    process, base = server
    status, body = _get(f"{base}/api/petitions")
    assert (status, json.loads(body)) == (200, [])
    workers = _children(process.pid)
    assert len(workers) == 2
    for _ in range(20):  # new connections each: both sockets of the group take some
        assert _get(f"{base}/api/petitions")[0] == 200
    process.send_signal(signal.SIGTERM)
    assert process.wait(20) == 0
    assert all(_gone(pid) for pid in workers)


def test_a_killed_worker_is_replaced(server):
    process, base = server
    _get(f"{base}/api/petitions")
    before = _children(process.pid)
    victim = max(before)
    os.kill(victim, signal.SIGKILL)
    end = time.monotonic() + 30
    while time.monotonic() < end and (
        victim in _children(process.pid) or len(_children(process.pid)) < len(before)
    ):
        time.sleep(0.1)
    assert victim not in _children(process.pid)
    assert len(_children(process.pid)) == len(before)
    assert _get(f"{base}/api/petitions")[0] == 200


def test_serve_refuses_a_port_another_server_listens_on():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output


def test_serve_refuses_a_bad_port():
    result = CliRunner().invoke(app, ["serve", "--port", "70000"])
    assert result.exit_code == 2


def test_workers_do_not_outlive_a_killed_supervisor(server):
    process, base = server
    _get(f"{base}/api/petitions")
    workers = _children(process.pid)
    process.kill()
    process.wait(10)
    end = time.monotonic() + 20
    while time.monotonic() < end and not all(_gone(pid) for pid in workers):
        time.sleep(0.2)
    assert all(_gone(pid) for pid in workers)
