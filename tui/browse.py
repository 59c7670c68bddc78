"""Reading the catalog for browsing: the timeline, a record, a conversation around a message, people."""

from __future__ import annotations

import json
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from tui.backend import ContextLine, PersonInfo, RecordDetail, Scope, TimelineEntry
from twin.schema import from_epoch
from twin.store import Catalog, Filters

__all__ = ["Browser", "scope_filters"]


def scope_filters(scope: Scope) -> Filters:
    """The store's filters for a scope (`--since 2026-04` and friends, read as the CLI reads them)."""
    from retrieval.timefilter import parse_bound

    return Filters(
        since=parse_bound(scope.since, end=False) if scope.since else None,
        until=parse_bound(scope.until, end=True) if scope.until else None,
        sources=scope.sources,
        person=scope.person or "",
    )


class Browser:
    """One read-only catalog connection, used by one thread at a time.

    Reads never block the writer (WAL): the daemon or an ingest may write meanwhile.
    """

    def __init__(self, home: Path, catalog: Catalog | None = None) -> None:
        self.home = home
        self._catalog = catalog
        self._owned = catalog is None
        self._lock = threading.Lock()

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = Catalog(self.home / "twin.db")
        return self._catalog

    def close(self) -> None:
        if self._owned and self._catalog is not None:
            self._catalog.close()
            self._catalog = None

    def timeline(self, since: datetime, until: datetime, *, scope: Scope, text: str = "",
                 limit: int = 5000) -> list[TimelineEntry]:
        """The records of [since, until) in time order; `text` keeps those whose title or
        people contain it, or whose text matches it as words."""
        with self._lock:
            filters = Filters(since=int(since.timestamp()), until=int(until.timestamp()), sources=scope.sources,
                              person=scope.person or "")
            if scope.person:
                filters = Filters(since=filters.since, until=filters.until, sources=filters.sources,
                                  person=scope.person, aliases=self.catalog.people.aliases_of(scope.person))
            rows = self.catalog.timeline(filters, limit)
            matching = self._matching(text, filters) if text.strip() else None
            said = {row["record_id"]: self._said(row["record_id"]) for row in rows if row["kind"] == "message"}
        entries = [_entry(row, said.get(row["record_id"], "")) for row in rows]
        if matching is None:
            return entries
        needle = text.strip().lower()
        # A chat window's hit names only its first message: messages are matched by what they say.
        return [e for e in entries if (e.record_id in matching and e.kind != "message")
                or needle in f"{e.title} {e.summary} {e.author} {' '.join(e.participants)}".lower()]

    def _said(self, record_id: str) -> str:
        row = self.catalog.record_row(record_id)
        return " ".join(str(row["text"]).split())[:200] if row is not None else ""

    def _matching(self, text: str, filters: Filters) -> set[str]:
        """Records with a chunk the text index finds for `text` (stemmed: "radiators" finds "radiator")."""
        found = self.catalog.lexical(text, 2000, filters)
        return {row.record_id for row in self.catalog.chunk_rows([cid for cid, _ in found]).values()}

    def record(self, record_id: str) -> RecordDetail | None:
        with self._lock:
            row = self.catalog.record_row(record_id)
        return _detail(row) if row is not None else None

    def context(self, record_id: str, before: int, after: int) -> list[ContextLine]:
        with self._lock:
            rows = self.catalog.around(record_id, before, after)
        return [ContextLine(r.id, r.timestamp, r.author, r.text) for r in rows]

    def people(self) -> list[PersonInfo]:
        with self._lock:
            everyone = self.catalog.people.everyone()
        ranked = sorted(everyone, key=lambda p: (-p.records, p.name.lower()))
        return [PersonInfo(p.id, p.name, p.aliases, p.records) for p in ranked]

    def span(self) -> tuple[datetime, datetime] | None:
        stats = self.stats()
        firsts = [info["first"] for info in stats["sources"].values() if info.get("first")]
        lasts = [info["last"] for info in stats["sources"].values() if info.get("last")]
        if not firsts or not lasts:
            return None
        return datetime.fromisoformat(min(firsts)), datetime.fromisoformat(max(lasts))

    def stats(self) -> dict[str, Any]:
        with self._lock:
            return self.catalog.stats()

    def sources(self) -> list[tuple[str, str, str]]:
        """(name, connector, path or account) of the configured sources."""
        with self._lock:
            configured = self.catalog.sources()
        return [(s.name, s.connector, str(s.path) if s.path else str(s.options.get("host", ""))) for s in configured]


def _entry(row: dict[str, Any], summary: str) -> TimelineEntry:
    return TimelineEntry(
        record_id=row["record_id"], source=row["source"], kind=row["kind"],
        timestamp=datetime.fromisoformat(row["timestamp"]), title=row["title"], author=row["author"],
        participants=tuple(row["participants"]), location=row["location"], summary=summary,
    )


def _detail(row: dict[str, Any]) -> RecordDetail:
    end = from_epoch(int(row["end_ts"]), int(row["end_offset"] or 0)) if row.get("end_ts") else None
    return RecordDetail(
        record_id=row["id"], source=row["source"], kind=row["kind"],
        timestamp=from_epoch(int(row["ts"]), int(row["ts_offset"] or 0)), end=end, title=row["title"],
        author=row["author"], participants=tuple(json.loads(row["participants"] or "[]")), thread=row["thread"],
        location=row["location"], text=row["text"], metadata=json.loads(row["metadata"] or "{}"),
    )


class Browsing:
    """Timeline, records, conversations and people read from the catalog: the same for both
    backends (the daemon's API answers questions; browsing reads the store directly)."""

    browser: Browser

    def timeline(self, since: datetime, until: datetime, *, scope: Scope, text: str = "",
                 limit: int = 5000) -> list[TimelineEntry]:
        return self.browser.timeline(since, until, scope=scope, text=text, limit=limit)

    def record(self, record_id: str) -> RecordDetail | None:
        return self.browser.record(record_id)

    def context(self, record_id: str, before: int, after: int) -> list[ContextLine]:
        return self.browser.context(record_id, before, after)

    def people(self) -> list[PersonInfo]:
        return self.browser.people()

    def span(self) -> tuple[datetime, datetime] | None:
        return self.browser.span()
