"""The daemon's lifecycle and API: one per home, stale lock recovered, SIGTERM, socket mode,
TCP token, and `twin search`/`twin ask`/`twin status` the same through it as in-process."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import socket
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from twin.client import DaemonClient, DaemonError, connect

from .conftest import TWIN, DaemonProcess, hit_titles, note, twin, wait_for


@pytest.fixture
def notes_source(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    note(folder, "2026-04-02.md", "# Kyoto plans\n\nWe booked a ryokan in Kyoto for three nights.\n")
    note(folder, "budget.md", "---\ndate: 2026-03-12\ntitle: Budget meeting\n---\n"
                              "Anna said the research budget is cut from 40,000 to 32,000 EUR.\n")
    note(folder, "run.txt", "# 2026-02-07\n\nRan 7 km along the canal in the cold.\n")
    assert twin("sources", "add", "files", "notes", str(folder)).exit_code == 0
    return folder


def _synced(client: DaemonClient, records: int = 3) -> bool:
    status = client.status()
    return bool(status["sources"]["notes"]["records"] == records and status["progress"]["ingest"] is None
                and status["store"]["pending_vectors"] == 0)


def test_one_daemon_per_home_and_a_killed_one_is_replaced(daemon: DaemonProcess, home: Path) -> None:
    assert connect(home) is None
    client = daemon.start()
    assert client is not None and client.pid == daemon.process.pid  # type: ignore[union-attr]
    second = subprocess.run([*TWIN, "daemon", "run"], env=daemon.env, capture_output=True, text=True, timeout=60)
    assert second.returncode == 1
    assert f"a twin daemon already runs for {home} (pid {client.pid})" in second.stderr
    daemon.kill9()
    assert (home / "daemon.json").exists() and (home / "daemon.sock").exists()  # left behind
    started = time.perf_counter()
    assert connect(home) is None
    assert time.perf_counter() - started < 0.05
    client = daemon.start()
    assert client is not None and client.status()["daemon"]["pid"] == daemon.process.pid  # type: ignore[union-attr]


def test_sigterm_stops_within_seconds_during_an_ingest(tmp_path: Path, daemon: DaemonProcess, home: Path) -> None:
    folder = tmp_path / "many"
    for i in range(3000):
        note(folder, f"n{i}.md", f"# Note {i}\n\n" + "word " * 200 + f"tag{i}\n")
    assert twin("sources", "add", "files", "many", str(folder)).exit_code == 0
    client = daemon.start()
    assert client is not None
    wait_for(lambda: (client.status()["progress"]["ingest"] or {}).get("done", 0) > 0, what="the ingest")
    code, seconds = daemon.terminate()
    assert code == 0 and seconds < 5, (code, seconds)
    assert not (home / "daemon.json").exists() and not (home / "daemon.sock").exists()
    assert "stopped" in (home / "logs" / "daemon.log").read_text()


def test_the_cli_prints_the_same_through_the_daemon(notes_source: Path, daemon: DaemonProcess) -> None:
    commands = [
        ("search", "ryokan kyoto", "--json"),
        ("search", "budget", "--since", "2026-03", "--k", "2"),
        ("search", "What did Anna say in March?", "--json", "--now", "2026-05-01"),
        ("ask", "What did Anna say about the budget?", "--json"),
        ("ask", "Where did I run in February?", "--now", "2026-05-01"),
    ]
    assert twin("sync").exit_code == 0
    alone = [twin(*args) for args in commands]
    client = daemon.start()
    assert client is not None
    wait_for(lambda: _synced(client), what="the startup sync")
    for args, before in zip(commands, alone, strict=True):
        through = twin(*args)
        assert (through.exit_code, through.stdout, through.stderr) == (before.exit_code, before.stdout, before.stderr)
        assert before.exit_code == 0 and before.stdout
    forced = twin("search", "ryokan", "--no-daemon", "--json")
    assert json.loads(forced.stdout)["hits"][0]["title"] == "Kyoto plans"
    assert client.search("ryokan kyoto") == json.loads(alone[0].stdout)
    assert client.ask("What did Anna say about the budget?") == json.loads(alone[3].stdout)
    events = list(client.ask_stream("What did Anna say about the budget?"))
    assert events[-1]["answer"] == json.loads(alone[3].stdout)
    bad = twin("search", "x", "--since", "someday")
    assert bad.exit_code == 1 and bad.stderr == twin("search", "x", "--since", "someday", "--no-daemon").stderr


def test_status_through_the_daemon(notes_source: Path, daemon: DaemonProcess) -> None:
    client = daemon.start()
    assert client is not None
    wait_for(lambda: _synced(client), what="the startup sync")
    status = client.status()
    assert set(status) >= {"daemon", "store", "sources", "progress", "errors"}
    assert set(status["daemon"]) >= {"pid", "started", "version", "uptime_s"}
    notes = status["sources"]["notes"]
    assert notes["connector"] == "files" and notes["records"] == 3 and notes["state"] == "watching"
    assert notes["last_sync"] and notes["errors"] == 0
    shown = json.loads(twin("status", "--json").stdout)
    alone = json.loads(twin("status", "--json", "--no-daemon").stdout)
    assert {k: v for k, v in shown.items() if k != "daemon"} == alone == status["store"]
    assert shown["daemon"]["sources"]["notes"]["records"] == 3
    text = twin("status").stdout
    assert "daemon    running" in text and "notes" in text
    note(notes_source, "bad.md", "\ufeff")  # empty after the BOM: skipped, reported
    wait_for(lambda: client.status()["sources"]["notes"]["errors"], what="the error")
    assert "bad.md: empty file" in client.status()["errors"][-1]["message"]
    assert "bad.md: empty file" in twin("daemon", "status").stdout
    with pytest.raises(DaemonError, match="no source named 'nope'"):
        client.sync(["nope"])


SYSTEM_PYTHON = shutil.which("python3", path="/usr/bin:/bin")
"""A Python that user nobody may run (the test's may live in root's home)."""


@pytest.mark.skipif(os.getuid() != 0 or SYSTEM_PYTHON is None, reason="needs root to act as another user")
def test_the_socket_refuses_other_users(daemon: DaemonProcess) -> None:
    home = Path(tempfile.mkdtemp(prefix="twin-sock-"))  # tmp_path is 0700: the test would prove nothing
    os.chmod(home, 0o755)
    other = DaemonProcess(home / "home", dict(daemon.env, TWIN_HOME=str(home / "home")))
    try:
        other.home.mkdir()
        os.chmod(other.home, 0o755)
        other.start()
        sock = other.home / "daemon.sock"
        assert stat.S_IMODE(sock.stat().st_mode) == 0o600
        assert stat.S_IMODE((other.home / "daemon.json").stat().st_mode) == 0o600
        probe = ("import socket,sys\ns=socket.socket(socket.AF_UNIX)\n"
                 "try:\n s.connect(sys.argv[1]); print('connected')\nexcept PermissionError: print('refused')\n")
        result = subprocess.run([str(SYSTEM_PYTHON), "-c", probe, str(sock)], user="nobody", capture_output=True,
                                text=True, timeout=30)
        assert result.stdout.strip() == "refused", result.stderr
    finally:
        other.stop()
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def tcp_daemon(daemon: DaemonProcess) -> Iterator[DaemonClient]:
    daemon.env["TWIN_DAEMON__TRANSPORT"] = "tcp"
    client = daemon.start()
    assert client is not None
    yield client


def test_tcp_mode_needs_the_token_and_stays_on_loopback(tcp_daemon: DaemonClient, home: Path) -> None:
    info = json.loads((home / "daemon.json").read_text())
    assert info["socket"] is None and info["port"] and len(info["token"]) >= 32
    assert stat.S_IMODE((home / "daemon.json").stat().st_mode) == 0o600
    assert not (home / "daemon.sock").exists()
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": info["token"]}):
        conn = http.client.HTTPConnection("127.0.0.1", info["port"], timeout=5)
        conn.request("GET", "/status", headers=headers)
        response = conn.getresponse()
        assert response.status == 401 and "token" in json.loads(response.read())["error"]
        conn.close()
    assert tcp_daemon.status()["daemon"]["port"] == info["port"]
    for address in _other_addresses():
        with socket.socket() as probe, pytest.raises(OSError):
            probe.settimeout(2)
            probe.connect((address, info["port"]))


def _other_addresses() -> list[str]:
    """This machine's addresses other than loopback (none in some sandboxes)."""
    found = set()
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.connect(("10.255.255.255", 1))
        found.add(udp.getsockname()[0])
    with contextlib.suppress(OSError):
        found.update(str(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET))
    return sorted(a for a in found if not a.startswith("127."))


def test_start_status_stop_commands(notes_source: Path, home: Path) -> None:
    try:
        started = subprocess.run([*TWIN, "daemon", "start"], capture_output=True, text=True, timeout=120)
        assert started.returncode == 0, started.stderr
        assert started.stdout.startswith("twin daemon started (pid ")
        again = subprocess.run([*TWIN, "daemon", "start"], capture_output=True, text=True, timeout=60)
        assert again.stdout.startswith("twin daemon already running (pid ")
        shown = subprocess.run([*TWIN, "daemon", "status"], capture_output=True, text=True, timeout=60)
        assert shown.stdout.startswith("daemon    running, pid ")
    finally:
        stopped = subprocess.run([*TWIN, "daemon", "stop"], capture_output=True, text=True, timeout=60)
    assert stopped.stdout.startswith("twin daemon stopped (pid "), stopped.stderr
    assert twin("daemon", "status").stdout.startswith("twin daemon is not running")
    assert twin("daemon", "stop").stdout == "twin daemon is not running\n"


SSE = "".join(f"data: {json.dumps({'choices': [{'delta': {'content': piece}}]})}\n\n"
              for piece in ["Anna said the research ", "budget is cut to ", "32,000 EUR [1]."]) + "data: [DONE]\n\n"


def test_a_generated_answer_streams_through_the_daemon(notes_source: Path, daemon: DaemonProcess,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from ..llama_server import replying, stub_server

    question = ("ask", "What did Anna say about the budget?", "--generator", "remote")
    with stub_server(replying(200, SSE, content_type="text/event-stream")) as base:
        monkeypatch.setenv("TWIN_GENERATOR__BASE_URL", base)
        monkeypatch.setenv("TWIN_GENERATOR__REMOTE_MODEL", "stub")
        assert twin("sync").exit_code == 0
        twin(*question)  # the one-time notice about a remote generator is shown here
        alone = twin(*question)
        daemon.env.update(TWIN_GENERATOR__BASE_URL=base, TWIN_GENERATOR__REMOTE_MODEL="stub")
        client = daemon.start()
        assert client is not None
        wait_for(lambda: _synced(client), what="the startup sync")
        through = twin(*question)
        events = list(client.ask_stream(question[1], generator="remote"))
    assert alone.exit_code == 0 and alone.stdout.startswith("Anna said the research budget is cut to 32,000 EUR [1].")
    assert (through.stdout, through.stderr) == (alone.stdout, alone.stderr)
    tokens = [e["token"] for e in events if e.get("token")]
    assert "".join(tokens) == "Anna said the research budget is cut to 32,000 EUR [1]."
    assert events[-1]["answer"]["answer"] == "".join(tokens) and events[-1]["replaced"] is False
    assert events[-1]["answer"]["citations"][0]["title"] == "Budget meeting"


def test_writing_commands_go_through_a_running_daemon(tmp_path: Path, daemon: DaemonProcess, home: Path) -> None:
    client = daemon.start()
    assert client is not None
    folder = tmp_path / "later"
    note(folder, "2026-05-01.md", "# Pottery\n\nThe glaze on the tea bowl came out celadon green.\n")
    result = twin("ingest", str(folder / "2026-05-01.md"))
    assert result.exit_code == 0 and "the daemon is importing 1 path" in result.stderr
    wait_for(lambda: "Pottery" in hit_titles(client, "celadon glaze"), timeout=30, what="the imported note")
    added = twin("sources", "add", "files", "garden", str(folder))
    assert added.exit_code == 0 and "the daemon is reading and watching it" in added.stdout
    assert twin("sync", "garden").exit_code == 0
    wait_for(lambda: client.status()["sources"].get("garden", {}).get("state") == "watching", timeout=30,
             what="the added folder")
    held = twin("forget", "--source", "garden")  # not routed: the lock's message says what to do
    assert held.exit_code == 1 and "twin daemon stop" in held.stderr
