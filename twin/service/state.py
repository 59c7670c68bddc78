"""What the running service reports: per-source status, ingest and enrichment progress, recent errors."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = ["MAX_ERRORS", "ServiceState", "SourceStatus"]

MAX_ERRORS = 20
STATES = ("idle", "syncing", "watching", "error")


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass
class SourceStatus:
    """One source as the service sees it (records are counted from the catalog when asked)."""

    connector: str
    state: str = "idle"
    base: str = "idle"
    """The state between syncs: `watching` while a watcher or IMAP IDLE listens for it."""
    last_sync: str | None = None
    errors: int = 0
    last_error: str | None = None

    def to_json(self, records: int) -> dict[str, Any]:
        return {"connector": self.connector, "last_sync": self.last_sync, "records": records,
                "errors": self.errors, "last_error": self.last_error, "state": self.state}


@dataclass
class _Progress:
    phase: str
    source: str
    done: int = 0
    total: int = 0


@dataclass
class ServiceState:
    """Thread-safe: the writer, the watchers and the IMAP threads write it, the API reads it."""

    sources: dict[str, SourceStatus] = field(default_factory=dict)
    errors: deque[dict[str, str]] = field(default_factory=lambda: deque(maxlen=MAX_ERRORS))
    ingest: _Progress | None = None
    enrich: tuple[int, int] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def ensure(self, name: str, connector: str, state: str = "idle") -> None:
        with self._lock:
            if name not in self.sources:
                self.sources[name] = SourceStatus(connector, state)

    def forget(self, name: str) -> None:
        with self._lock:
            self.sources.pop(name, None)

    def set_state(self, name: str, state: str) -> None:
        assert state in STATES, state
        with self._lock:
            if name in self.sources:
                self.sources[name].state = state

    def set_base(self, name: str, base: str) -> None:
        """The state between syncs; shown at once unless a sync is running."""
        assert base in STATES, base
        with self._lock:
            status = self.sources.get(name)
            if status is not None:
                status.base = base
                if status.state != "syncing":
                    status.state = base

    def back_to_base(self, name: str) -> None:
        """After a sync that did not fail as a whole."""
        with self._lock:
            status = self.sources.get(name)
            if status is not None and status.state == "syncing":
                status.state = status.base

    def last_sync(self, name: str) -> str | None:
        with self._lock:
            status = self.sources.get(name)
            return status.last_sync if status is not None else None

    def synced(self, name: str, when: str | None = None) -> None:
        with self._lock:
            if name in self.sources:
                self.sources[name].last_sync = when or now_iso()

    def error(self, source: str, message: str, *, broken: bool = False) -> None:
        """Count an error against `source`; `broken`: the source itself failed (state `error`)."""
        line = " ".join(message.split())
        with self._lock:
            self.errors.append({"time": now_iso(), "source": source, "message": line})
            status = self.sources.get(source)
            if status is not None:
                status.errors += 1
                status.last_error = line
                if broken:
                    status.state = "error"

    def start_ingest(self, phase: str, source: str, total: int = 0) -> None:
        with self._lock:
            self.ingest = _Progress(phase, source, 0, total)

    def advance_ingest(self, phase: str, count: int, source: str | None = None) -> None:
        with self._lock:
            if self.ingest is not None:
                self.ingest.phase = phase
                self.ingest.done += count
                if source is not None:
                    self.ingest.source = source

    def end_ingest(self) -> None:
        with self._lock:
            self.ingest = None

    def set_enrich(self, done: int, total: int) -> None:
        with self._lock:
            self.enrich = (done, total)

    def end_enrich(self) -> None:
        with self._lock:
            self.enrich = None

    def snapshot(self, records: dict[str, int]) -> dict[str, Any]:
        """`sources`, `progress` and `errors` of the API's status, with record counts from the catalog."""
        with self._lock:
            ingest = self.ingest
            return {
                "sources": {name: s.to_json(records.get(name, 0)) for name, s in sorted(self.sources.items())},
                "progress": {
                    "ingest": None if ingest is None else {
                        "phase": ingest.phase, "done": ingest.done, "total": ingest.total, "source": ingest.source},
                    "enrich": None if self.enrich is None else {"done": self.enrich[0], "total": self.enrich[1]},
                },
                "errors": list(self.errors),
            }
