"""What the TUI asks of twin, whether the daemon answers or the store is read in-process."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from twin.schema import Answer, Hit

if TYPE_CHECKING:
    from twin.config import Config

__all__ = [
    "Asked",
    "Backend",
    "ContextLine",
    "IngestProgress",
    "Notice",
    "PersonInfo",
    "Reading",
    "RecordDetail",
    "Scope",
    "SourceState",
    "StatusView",
    "TimeChip",
    "TimelineEntry",
    "Token",
    "answer_from_json",
    "hit_from_json",
    "open_backend",
]

ALL_TIME = "1970-01-01"
"""`since` that stands for "ignore the time words of the question": explicit bounds win over them."""


@dataclass(frozen=True)
class Scope:
    """What the user narrowed everything to, as the CLI options (and the daemon) spell it."""

    since: str | None = None
    until: str | None = None
    person: str | None = None
    sources: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"since": self.since, "until": self.until, "person": self.person, "sources": list(self.sources)}


@dataclass(frozen=True)
class TimeChip:
    """The time range read from a question."""

    label: str
    applied: bool
    """Whether records of that time led the ranking (False: none then, so all time was searched)."""


@dataclass(frozen=True)
class Token:
    """A piece of a generated answer, already checked against the evidence."""

    text: str


@dataclass(frozen=True)
class Notice:
    """One line for the user: the generator failed, or part of its answer was left out."""

    text: str


@dataclass(frozen=True)
class Reading:
    """What the question was read as: when, and who."""

    time: TimeChip | None
    people: tuple[str, ...]
    intent: str = "lookup"


@dataclass(frozen=True)
class Asked:
    """The final answer (it replaces whatever was streamed) and how the question was read."""

    answer: Answer
    reading: Reading


AskEvent = Token | Notice | Reading | Asked


@dataclass(frozen=True)
class TimelineEntry:
    record_id: str
    source: str
    kind: str
    timestamp: datetime
    title: str
    author: str
    participants: tuple[str, ...]
    location: str
    summary: str = ""
    """What a chat message says (its title is only the chat's name)."""


@dataclass(frozen=True)
class RecordDetail:
    record_id: str
    source: str
    kind: str
    timestamp: datetime
    end: datetime | None
    title: str
    author: str
    participants: tuple[str, ...]
    thread: str
    location: str
    text: str
    metadata: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ContextLine:
    """One message of a conversation, around the one asked for."""

    record_id: str
    timestamp: datetime
    author: str
    text: str


@dataclass(frozen=True)
class PersonInfo:
    id: int
    name: str
    aliases: tuple[str, ...]
    records: int


@dataclass(frozen=True)
class SourceState:
    name: str
    connector: str
    last_sync: str | None
    records: int
    errors: int
    last_error: str
    state: str


@dataclass(frozen=True)
class IngestProgress:
    phase: str
    done: int
    total: int | None
    source: str


@dataclass(frozen=True)
class StatusView:
    """The daemon's `status()` (or the in-process equivalent), typed for drawing."""

    backend: str
    records: int
    chunks: int
    pending_vectors: int
    sources: tuple[SourceState, ...]
    ingest: IngestProgress | None
    enrich: tuple[int, int] | None
    errors: tuple[str, ...]

    @classmethod
    def from_json(cls, data: Mapping[str, Any], backend: str) -> StatusView:
        store = data.get("store") or {}
        sources = tuple(
            SourceState(name, str(info.get("connector", "")), info.get("last_sync"), int(info.get("records") or 0),
                        int(info.get("errors") or 0), str(info.get("last_error") or ""),
                        str(info.get("state") or "idle"))
            for name, info in (data.get("sources") or {}).items()
        )
        progress = data.get("progress") or {}
        ingest = progress.get("ingest")
        enrich = progress.get("enrich")
        errors = tuple(f"{e.get('time', '')[:19].replace('T', ' ')} {e.get('source', '')}: {e.get('message', '')}"
                       for e in data.get("errors") or ())
        return cls(
            backend=backend,
            records=int(store.get("records") or 0),
            chunks=int(store.get("chunks") or 0),
            pending_vectors=int(store.get("pending_vectors") or 0),
            sources=sources,
            ingest=IngestProgress(str(ingest.get("phase") or ""), int(ingest.get("done") or 0),
                                  ingest.get("total"), str(ingest.get("source") or "")) if ingest else None,
            enrich=(int(enrich.get("done") or 0), int(enrich.get("total") or 0)) if enrich else None,
            errors=errors,
        )


class Backend(Protocol):
    """Everything the screens need; `InProcessBackend` and `DaemonBackend` implement it.

    Every method may block (a search embeds, a sync reads sources): screens call them from
    thread workers, never from the UI thread.
    """

    label: str
    """How the TUI reaches twin, for the status line: `in-process` or `daemon pid 123`."""

    def warm(self) -> None:
        """Load what the first question needs (models, indexes), so that it comes back quickly."""
        ...

    def ask_stream(self, question: str, *, scope: Scope, now: datetime | None) -> Iterator[AskEvent]: ...
    def search(self, query: str, *, scope: Scope, now: datetime | None, k: int | None = None) -> list[Hit]: ...
    def timeline(self, since: datetime, until: datetime, *, scope: Scope, text: str = "",
                 limit: int = 5000) -> list[TimelineEntry]: ...
    def record(self, record_id: str) -> RecordDetail | None: ...
    def context(self, record_id: str, before: int, after: int) -> list[ContextLine]: ...
    def people(self) -> list[PersonInfo]: ...
    def span(self) -> tuple[datetime, datetime] | None:
        """When the first and the last record happened (None: the store is empty)."""
        ...

    def status(self) -> StatusView: ...
    def sync(self, names: tuple[str, ...] = ()) -> str: ...
    def add_folder(self, path: Path, name: str | None = None) -> str: ...
    def close(self) -> None: ...


def hit_from_json(data: Mapping[str, Any]) -> Hit:
    """A hit of the `twin search --json` contract, back as a `Hit`."""
    return Hit(
        text=str(data.get("text", "")),
        score=float(data.get("score", 0.0)),
        record_id=str(data["record_id"]),
        chunk_id=str(data.get("chunk_id", data["record_id"])),
        source=str(data.get("source", "")),
        kind=str(data.get("kind", "")),
        timestamp=datetime.fromisoformat(str(data["timestamp"])),
        title=str(data.get("title", "")),
        participants=tuple(data.get("participants") or ()),
        location=str(data.get("location", "")),
        record_ids=tuple(data.get("record_ids") or ()),
    )


def reading_from_json(data: Mapping[str, Any]) -> Reading:
    """The `time_range`, `people` and `intent` of `twin ask --json`."""
    time_range = data.get("time_range")
    chip = None
    if time_range:
        label = range_label(time_range.get("since"), time_range.get("until"), str(time_range.get("phrase", "")))
        chip = TimeChip(label, bool(time_range.get("applied", True)))
    return Reading(chip, tuple(data.get("people") or ()), str(data.get("intent") or "lookup"))


def answer_from_json(data: Mapping[str, Any]) -> Asked:
    answer = Answer(str(data.get("answer", "")), tuple(hit_from_json(h) for h in data.get("citations") or ()),
                    str(data.get("quotes") or ""))
    return Asked(answer, reading_from_json(data))


def range_label(since: str | None, until: str | None, phrase: str) -> str:
    """`21 Mar 2026 – 31 Mar 2026` for a range, as retrieval's `TimeRange.label` writes it."""
    from datetime import timedelta

    start = datetime.fromisoformat(since) if since else None
    end = datetime.fromisoformat(until) - timedelta(seconds=1) if until else None
    if start and end:
        if start.date() == end.date():
            return f"{start:%a} {start.day} {start:%b %Y}"
        return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"
    if start:
        return f"since {start.day} {start:%b %Y}"
    if until:
        bound = datetime.fromisoformat(until)
        return f"before {bound.day} {bound:%b %Y}"
    return phrase


def open_backend(config: Config, *, daemon: bool = True) -> Backend:
    """The daemon's client when one runs (and `daemon`), else the store read in-process."""
    from tui.inprocess import InProcessBackend

    if daemon:
        from twin.client import connect

        client = connect(config.home)
        if client is not None:
            from tui.browse import Browser
            from tui.daemon_backend import DaemonBackend

            return DaemonBackend(client, Browser(config.home))
    return InProcessBackend(config)
