"""The Chroma gate: another process waits for the gate, this process's threads share it, and a
waiting process gets in before this one's next thread."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from twin.store.gate import ChromaGate

OTHER = """
import sys, time
from pathlib import Path
from twin.store.gate import ChromaGate
gate, log = ChromaGate.for_path(Path(sys.argv[1])), Path(sys.argv[2])
with gate.held():
    with log.open("a") as f:
        f.write("other in\\n")
    time.sleep(0.2)
    with log.open("a") as f:
        f.write("other out\\n")
"""


def note(log: Path, line: str) -> None:
    with log.open("a") as f:
        f.write(line + "\n")


def wait_until(check: object, what: str) -> None:
    deadline = time.monotonic() + 30
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


@pytest.fixture
def gate(tmp_path: Path) -> Iterator[ChromaGate]:
    yield ChromaGate.for_path(tmp_path / "chroma")


def other_process(gate: ChromaGate, log: Path) -> subprocess.Popen[bytes]:
    other = subprocess.Popen([sys.executable, "-c", OTHER, str(gate.path), str(log)])
    wait_until(gate._someone_waits, "the other process to wait at the gate")
    return other


def test_another_process_waits_until_this_one_leaves(gate: ChromaGate, tmp_path: Path) -> None:
    log = tmp_path / "log"
    with gate.held():
        other = other_process(gate, log)
        time.sleep(0.3)
        note(log, "me out")
    assert other.wait(30) == 0
    assert log.read_text().splitlines() == ["me out", "other in", "other out"]


def test_threads_of_one_process_share_the_gate_and_may_enter_it_again(gate: ChromaGate) -> None:
    inside = threading.Event()

    def second() -> None:
        with gate.held():
            inside.set()

    with gate.held():
        with gate.held():  # a nested call of the same thread
            thread = threading.Thread(target=second)
            thread.start()
            assert inside.wait(10), "a second thread of this process was kept out"
    thread.join(10)


def test_a_waiting_process_goes_before_this_ones_next_thread(gate: ChromaGate, tmp_path: Path) -> None:
    """Else the daemon, searching in four threads while it ingests, could keep the gate forever."""
    log = tmp_path / "log"

    def second() -> None:
        with gate.held():
            note(log, "second thread in")

    with gate.held():
        other = other_process(gate, log)
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.3)
        with gate.held():  # the holder's own nested call still goes on
            note(log, "me out")
    thread.join(30)
    assert other.wait(30) == 0
    assert log.read_text().splitlines() == ["me out", "other in", "other out", "second thread in"]


HOLDER = """
import sys, time
from pathlib import Path
from twin.store.gate import ChromaGate
gate = ChromaGate.for_path(Path(sys.argv[1]))
with gate.held():
    print("in", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def holder(gate: ChromaGate, seconds: float) -> subprocess.Popen[str]:
    """Another process inside the gate for `seconds`, once this returns."""
    other = subprocess.Popen([sys.executable, "-c", HOLDER, str(gate.path), str(seconds)], stdout=subprocess.PIPE,
                             text=True)
    assert other.stdout is not None and other.stdout.readline().strip() == "in"
    return other


def test_threads_waiting_behind_one_another_share_one_deadline(gate: ChromaGate,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Each of four threads queued behind the one taking the gate waited its own GATE_WAIT after
    the one before gave up (the fourth 4 s for 1 s): the daemon's readers, 4 minutes."""
    from twin.errors import StoreError
    from twin.store import gate as gate_module

    monkeypatch.setattr(gate_module, "GATE_WAIT", 1.0)
    other = holder(gate, 6)
    waited: list[float] = []

    def enter() -> None:
        started = time.monotonic()
        with pytest.raises(StoreError, match="busy"), gate.held():
            pass
        waited.append(time.monotonic() - started)

    threads = [threading.Thread(target=enter) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    other.kill()
    assert len(waited) == 4 and max(waited) < 2.5, waited


def test_alone_keeps_this_processs_other_threads_out(gate: ChromaGate, tmp_path: Path) -> None:
    log = tmp_path / "log"
    inside = threading.Event()
    leave = threading.Event()

    def reader() -> None:
        with gate.held():
            note(log, "reader in")
            inside.set()
            leave.wait(10)
            note(log, "reader out")

    def late() -> None:
        with gate.held():
            note(log, "late in")

    first = threading.Thread(target=reader)
    first.start()
    assert inside.wait(10)
    second = threading.Thread(target=late)

    def closer() -> None:
        with gate.alone():
            note(log, "alone")
            second.start()  # asks while the closer is alone: waits
            time.sleep(0.2)
            note(log, "alone out")

    closing = threading.Thread(target=closer)
    closing.start()
    time.sleep(0.2)
    leave.set()  # the closer waited for the thread inside
    for thread in (first, closing, second):
        thread.join(10)
    assert log.read_text().splitlines() == ["reader in", "reader out", "alone", "alone out", "late in"]
