"""A backend with no store: canned answers that stream slowly, and a status that moves on each call."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from tui.backend import (
    Asked,
    AskEvent,
    ContextLine,
    IngestProgress,
    PersonInfo,
    Reading,
    RecordDetail,
    Scope,
    SourceState,
    StatusView,
    TimelineEntry,
    Token,
)
from twin.schema import Answer, Hit

WHEN = datetime.fromisoformat("2026-03-21T09:00:00+01:00")
HIT = Hit("We hiked from Rathen to the Bastei.", 1.0, "files:hike", "files:hike#0", "files", "note", WHEN,
          "Hike with Lena", ("Lena Fischer",), "/nowhere/hike.md", ("files:hike",))


class FakeBackend:
    label = "fake"

    def __init__(self, *, tokens: int = 10, delay: float = 0.0) -> None:
        self.tokens = tokens
        self.delay = delay
        self.polls = 0
        self.synced: list[tuple[str, ...]] = []
        self.streamed = 0

    def warm(self) -> None:
        pass

    def ask_stream(self, question: str, *, scope: Scope, now: datetime | None) -> Iterator[AskEvent]:
        reading = Reading(None, ("Lena Fischer",))
        yield reading
        for n in range(self.tokens):
            time.sleep(self.delay)
            self.streamed = n + 1
            yield Token(f"word{n} ")
        yield Asked(Answer("We hiked to the Bastei [1].", (HIT,)), reading)

    def search(self, query: str, *, scope: Scope, now: datetime | None, k: int | None = None) -> list[Hit]:
        return [HIT]

    def timeline(self, since: datetime, until: datetime, *, scope: Scope, text: str = "",
                 limit: int = 5000) -> list[TimelineEntry]:
        return []

    def record(self, record_id: str) -> RecordDetail | None:
        return None

    def context(self, record_id: str, before: int, after: int) -> list[ContextLine]:
        return []

    def people(self) -> list[PersonInfo]:
        return []

    def span(self) -> tuple[datetime, datetime] | None:
        return None

    def status(self) -> StatusView:
        """Each call is one step further through an ingest of 40 records."""
        self.polls += 1
        done = min(self.polls * 10, 40)
        source = SourceState("notes", "files", "2026-06-20T10:00:00+02:00", done, 0, "",
                             "syncing" if done < 40 else "idle")
        return StatusView("fake", done, done, 0, (source,),
                          IngestProgress("reading", done, 40, "notes") if done < 40 else None,
                          (done // 2, 20) if done < 40 else None, ())

    def sync(self, names: tuple[str, ...] = ()) -> str:
        self.synced.append(names)
        return "0 added, 0 updated"

    def add_folder(self, path: Path, name: str | None = None) -> str:
        self.synced.append(("add", str(path), name or ""))
        return f"added {path}"

    def close(self) -> None:
        pass
