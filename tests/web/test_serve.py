"""``electoral serve``: a real server on a free port, one process or several workers each
with its own ``SO_REUSEPORT`` socket; it creates the schema, answers, and stops on SIGTERM.
Under socket activation (sockets passed as systemd does) a request made while the server
restarts after a SIGKILL waits for it instead of being refused."""

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


def _activated(
    sockets: list[socket.socket], env: dict[str, str], *args: str, cwd: Path
) -> subprocess.Popen[str]:
    """``electoral serve ARGS`` given ``sockets`` as systemd passes them (descriptors 3, 4, ...;
    ``LISTEN_PID`` the server's pid, which bash's ``$$`` keeps through ``exec``), in its own
    process group."""
    moves = " ".join(f"{3 + i}<&{s.fileno()}" for i, s in enumerate(sockets))
    script = f'exec {moves}; export LISTEN_PID=$$ LISTEN_FDS={len(sockets)}; exec "$@"'
    return subprocess.Popen(
        ["bash", "-c", script, "serve", str(ELECTORAL), "serve", *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        pass_fds=[s.fileno() for s in sockets],
        start_new_session=True,
    )


def _reuseport_sockets(count: int) -> list[socket.socket]:
    sockets: list[socket.socket] = []
    port = 0
    for _ in range(count):
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(("127.0.0.1", port))
        port = sock.getsockname()[1]
        sock.listen(64)
        sockets.append(sock)
    return sockets


def test_a_request_made_while_the_server_restarts_waits_for_it(tmp_path):
    """With the sockets held by a service manager (here the test), a server killed with
    SIGKILL refuses nothing: a request sent while it is down is answered by the next one."""
    sockets = _reuseport_sockets(2)
    port = sockets[0].getsockname()[1]
    env = dict(os.environ) | {
        "ELECTORAL_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "ELECTORAL_SECRET_KEY": "serve-test",
    }
    first = _activated(sockets, env, "--workers", "2", "--port", "1", cwd=tmp_path)
    second = None
    try:
        assert first.stdout is not None
        assert f"http://127.0.0.1:{port}/" in first.stdout.readline()  # not --port 1
        assert _get(f"http://127.0.0.1:{port}/api/petitions")[0] == 200
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(10)
        waiting = socket.create_connection(("127.0.0.1", port), timeout=60)
        waiting.sendall(b"GET /api/petitions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        second = _activated(sockets, env, "--workers", "2", cwd=tmp_path)
        answer = b""
        while chunk := waiting.recv(65536):
            answer += chunk
        waiting.close()
        assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]
        assert answer.endswith(b"[]")
    finally:
        for process in (first, second):
            if process is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
                assert process.stdout is not None
                process.stdout.close()
        for sock in sockets:
            sock.close()


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (
            "export LISTEN_FDS=two",
            "LISTEN_FDS='two': expected the number of sockets passed (1 or more)",
        ),
        ("exec 3</dev/null; export LISTEN_FDS=1", "file descriptor 3 (LISTEN_FDS=1): not a socket"),
    ],
)
def test_serve_refuses_unusable_passed_sockets(tmp_path, setup, expected):
    env = dict(os.environ) | {"ELECTORAL_DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    done = subprocess.run(
        ["bash", "-c", f'{setup}; export LISTEN_PID=$$; exec "$@"', "serve", str(ELECTORAL)]
        + ["serve"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == f"electoral serve: cannot serve the sockets passed: {expected}"
