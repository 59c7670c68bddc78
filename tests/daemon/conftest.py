"""Real daemon processes in a temp home: `twin daemon run` started, waited for, killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from twin.cli import cli
from twin.client import DaemonClient, connect

REPO_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TWIN = [sys.executable, "-c", "from twin.cli import main; main()"]


def twin(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def wait_for(check: Callable[[], Any], timeout: float = 20.0, every: float = 0.1, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(every)


class DaemonProcess:
    """`twin daemon run` in the foreground of a child process, output to a file."""

    def __init__(self, home: Path, env: dict[str, str]) -> None:
        self.home = home
        self.env = env
        self.process: subprocess.Popen[bytes] | None = None
        self.out = home.parent / "daemon-test.out"

    def start(self, *args: str, wait: bool = True, timeout: float = 60.0) -> DaemonClient | None:
        self.home.mkdir(parents=True, exist_ok=True)
        with open(self.out, "ab") as out:
            self.process = subprocess.Popen([*TWIN, "--home", str(self.home), "daemon", "run", *args],
                                            env=self.env, stdout=out, stderr=subprocess.STDOUT)
        if not wait:
            return None
        return self.wait_ready(timeout)

    def wait_ready(self, timeout: float = 60.0) -> DaemonClient:
        def ready() -> DaemonClient | None:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError(f"daemon exited with {self.process.returncode}: {self.output()[-2000:]}")
            return connect(self.home)
        client: DaemonClient = wait_for(ready, timeout, what="the daemon to answer")
        return client

    def output(self) -> str:
        return self.out.read_text(errors="replace") if self.out.exists() else ""

    def kill9(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def terminate(self, timeout: float = 30.0) -> tuple[int, float]:
        """SIGTERM; returns the exit code and the seconds it took."""
        assert self.process is not None
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=timeout)
        return code, time.monotonic() - started

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                self.terminate()
            except subprocess.TimeoutExpired:
                self.kill9()


@pytest.fixture(autouse=True)
def fast_daemon(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TWIN_EMBEDDER__MODEL", "hash")
    monkeypatch.setenv("TWIN_SEARCH__MIN_SIMILARITY", "0.1")
    monkeypatch.setenv("TWIN_DAEMON__DEBOUNCE_SECONDS", "0.3")
    monkeypatch.setenv("TWIN_DAEMON__IDLE_ENRICH", "false")
    monkeypatch.delenv("TWIN_NO_DAEMON", raising=False)


@pytest.fixture
def daemon(home: Path) -> Iterator[DaemonProcess]:
    process = DaemonProcess(home, dict(os.environ))
    try:
        yield process
    finally:
        process.stop()


def hit_titles(client: DaemonClient, query: str, **kwargs: Any) -> list[str]:
    return [h["title"] for h in client.search(query, **kwargs)["hits"]]


def note(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
