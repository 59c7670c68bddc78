"""The backend when the daemon runs: its warm models answer, the catalog is read here for browsing."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from tui.backend import (
    AskEvent,
    Notice,
    Scope,
    StatusView,
    Token,
    answer_from_json,
    hit_from_json,
)
from tui.browse import Browser, Browsing
from twin.errors import TwinError
from twin.schema import Hit

__all__ = ["DaemonBackend", "DaemonClient"]


class DaemonClient(Protocol):
    """The part of `twin.client.DaemonClient` the TUI uses."""

    @property
    def pid(self) -> int: ...
    def status(self) -> dict[str, Any]: ...
    def search(self, query: str, *, k: int | None = None, filters: Mapping[str, Any] | None = None,
               now: str | None = None, mode: str = "fused") -> dict[str, Any]: ...
    def ask_stream(self, question: str, *, filters: Mapping[str, Any] | None = None, now: str | None = None,
                   generator: str | None = None) -> Iterator[dict[str, Any]]: ...
    def sync(self, names: Sequence[str] = ()) -> dict[str, Any]: ...
    def add_folder(self, path: Path | str, name: str | None = None, connector: str = "files") -> dict[str, Any]: ...


class DaemonBackend(Browsing):
    """Questions, status and syncs go to the daemon; the timeline, records and people are read
    from the catalog directly (read-only, never blocking the daemon's writes)."""

    def __init__(self, client: DaemonClient, browser: Browser) -> None:
        self.client = client
        self.browser = browser
        self.label = f"daemon pid {client.pid}"

    def close(self) -> None:
        self.browser.close()
        close = getattr(self.client, "close", None)
        if callable(close):
            close()

    def warm(self) -> None:
        """The daemon's models are warm already."""

    def ask_stream(self, question: str, *, scope: Scope, now: datetime | None) -> Iterator[AskEvent]:
        for event in self.client.ask_stream(question, filters=scope.to_json(), now=_iso(now)):
            if "token" in event:
                if event["token"]:
                    yield Token(str(event["token"]))
            elif "warning" in event:
                yield Notice(str(event["warning"]))
            elif "answer" in event:
                asked = answer_from_json(event["answer"])
                yield asked.reading
                yield asked

    def search(self, query: str, *, scope: Scope, now: datetime | None, k: int | None = None) -> list[Hit]:
        data = self.client.search(query, k=k, filters=scope.to_json(), now=_iso(now))
        return [hit_from_json(h) for h in data.get("hits", [])]

    def status(self) -> StatusView:
        return StatusView.from_json(self.client.status(), self.label)

    def sync(self, names: tuple[str, ...] = ()) -> str:
        try:
            queued = self.client.sync(tuple(names)).get("queued") or list(names)
        except TwinError as exc:
            return str(exc)
        return f"the daemon is syncing {', '.join(queued) or 'every source'}"

    def add_folder(self, path: Path, name: str | None = None) -> str:
        try:
            added = self.client.add_folder(path.expanduser().resolve(), name)
        except TwinError as exc:
            return str(exc)
        return f"added {added.get('path', path)} as {added.get('name', name)}; the daemon is reading it"


def _iso(now: datetime | None) -> str | None:
    return now.isoformat() if now is not None else None
