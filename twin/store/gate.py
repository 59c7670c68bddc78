"""The Chroma gate of a home: one process at a time inside embedded Chroma, threads shared."""

from __future__ import annotations

import fcntl
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, ClassVar

from twin.errors import StoreError

__all__ = ["ChromaGate"]

GATE_WAIT = 60.0
"""Seconds a call waits for the gate, in all, before it reports the index busy (a reindex
writes in batches of seconds; one call never holds the gate longer)."""
POLL = 0.005


class ChromaGate:
    """Embedded Chroma serves one process: a reader that opens the files while the daemon writes
    brings their segments up to date from the log itself and fails ("Failed to apply logs to the
    hnsw segment writer", in 1 of 30 fresh `twin search` processes beside a writer even when tried
    6 times over 6 s). Every Chroma call takes this gate: the threads of one process share it (the
    daemon searches while it ingests), another process waits for it. A process waiting takes the
    turnstile first; the holder's threads see it and let the gate go rather than keep it forever.

    One gate per path and process (`for_path`): flock locks belong to an open file, and two
    files of one process would shut each other out. The gate also knows the process's open
    clients of the path (`roots`), so that a process that becomes the writer can load the index
    again (`reload`): what it loaded may be older than another writer's work.
    """

    _gates: ClassVar[dict[Path, ChromaGate]] = {}
    _gates_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, path: Path) -> None:
        self.path = path
        self._cond = threading.Condition()
        self._users = 0
        self._acquiring = False
        self._closer: int | None = None
        """The thread that has the process's other threads kept out (`alone`), if any."""
        self._mine = threading.local()
        self._gate: IO[str] | None = None
        self._turnstile: IO[str] | None = None
        self.lock = threading.RLock()
        """Held, always inside the gate, while a client of the path opens or closes: Chroma's one
        system per path and process is made and stopped by reference count, not atomically."""
        self.roots: weakref.WeakSet[Any] = weakref.WeakSet()
        """The VectorIndex objects of this process with a client of the path open."""

    @classmethod
    def for_path(cls, path: Path) -> ChromaGate:
        key = path.resolve()
        with cls._gates_lock:
            gate = cls._gates.get(key)
            if gate is None:
                gate = cls._gates[key] = cls(key)
            return gate

    @contextmanager
    def held(self) -> Iterator[None]:
        """Inside the gate (again, when this thread already is: no deadlock on a nested call)."""
        depth = getattr(self._mine, "depth", 0)
        if depth == 0:
            self._enter()
        self._mine.depth = depth + 1
        try:
            yield
        finally:
            self._mine.depth = depth
            if depth == 0:
                self._leave()

    def reload(self) -> None:
        """Close every client of the path this process has, with its other threads kept out and
        the gate held: each opens again on its next call and loads the index from disk."""
        with self.alone(), self.lock:
            for root in list(self.roots):
                root.close()

    @contextmanager
    def alone(self) -> Iterator[None]:
        """The gate held with no other thread of this process inside it or let in."""
        if getattr(self._mine, "depth", 0):
            raise RuntimeError("alone() inside the gate would wait for itself")
        deadline = time.monotonic() + GATE_WAIT
        with self._cond:
            while self._closer is not None or self._users > 0:
                self._wait(deadline)
            self._closer = threading.get_ident()
        try:
            with self.held():
                yield
        finally:
            with self._cond:
                self._closer = None
                self._cond.notify_all()

    def _enter(self) -> None:
        deadline = time.monotonic() + GATE_WAIT  # one for the whole wait: a queue of threads adds none
        me = threading.get_ident()
        with self._cond:
            while True:
                kept_out = self._closer is not None and self._closer != me
                if self._users > 0 and not kept_out and not self._someone_waits():
                    self._users += 1
                    return
                if self._users == 0 and not self._acquiring and not kept_out:
                    self._acquiring = True
                    break
                self._wait(deadline)
        try:
            self._take(deadline)
        except BaseException:
            with self._cond:
                self._acquiring = False
                if self._gate is not None:
                    fcntl.flock(self._gate, fcntl.LOCK_UN)  # in case it was taken before the failure
                self._cond.notify_all()
            raise
        with self._cond:
            self._acquiring = False
            self._users = 1
            self._cond.notify_all()

    def _wait(self, deadline: float) -> None:
        """Wait on the condition (held) for a change, or report the index busy after `deadline`."""
        if time.monotonic() > deadline:
            raise _busy(self.path)
        self._cond.wait(POLL)

    def _leave(self) -> None:
        with self._cond:
            self._users -= 1
            if self._users == 0 and self._gate is not None:
                fcntl.flock(self._gate, fcntl.LOCK_UN)
            self._cond.notify_all()

    def _files(self) -> tuple[IO[str], IO[str]]:
        if self._gate is None or self._turnstile is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._gate = open(self.path.with_name(self.path.name + ".gate"), "a+")  # noqa: SIM115 - held for the process
                self._turnstile = open(self.path.with_name(self.path.name + ".turnstile"), "a+")  # noqa: SIM115
            except OSError as exc:
                raise StoreError(f"cannot open the lock files of the vector index at {self.path}: {exc}") from exc
        return self._gate, self._turnstile

    def _take(self, deadline: float) -> None:
        """The turnstile, then the gate, then the turnstile let go: one waiting process at a time."""
        gate, turnstile = self._files()
        _lock(turnstile, deadline, self.path)
        try:
            _lock(gate, deadline, self.path)
        finally:
            fcntl.flock(turnstile, fcntl.LOCK_UN)

    def _someone_waits(self) -> bool:
        """Whether another process holds the turnstile (it waits for this one's gate)."""
        _, turnstile = self._files()
        try:
            fcntl.flock(turnstile, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(turnstile, fcntl.LOCK_UN)
        return False


def _busy(path: Path) -> StoreError:
    return StoreError(f"the vector index at {path} is busy: another twin process has used it for over"
                      f" {GATE_WAIT:.0f} s")


def _lock(handle: IO[str], deadline: float, path: Path) -> None:
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise _busy(path) from None
            time.sleep(POLL)
