"""The data model: Record, Chunk, Hit, Answer, Skipped and Source."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

__all__ = [
    "Answer",
    "Chunk",
    "Cursor",
    "Hit",
    "Inventory",
    "Item",
    "Record",
    "Skipped",
    "Source",
    "display_name",
    "from_epoch",
    "to_epoch",
]

MetaValue = str | int | float | bool


def to_epoch(moment: datetime) -> int:
    """Whole seconds since 1970 UTC; a naive datetime is refused (it would silently shift)."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment.isoformat()}: twin keeps time zone-aware")
    return int(moment.timestamp())


def offset_minutes(moment: datetime) -> int:
    """The UTC offset of an aware datetime in minutes, kept so that local times display right."""
    delta = moment.utcoffset()
    return int(delta.total_seconds() // 60) if delta is not None else 0


def display_name(author: str) -> str:
    """`Anna Schmidt <anna@example.org>` as a conversation shows it: `Anna Schmidt`."""
    name, _, address = author.partition(" <")
    return name.strip('" ') if address and name.strip('" ') else author


def from_epoch(epoch: int, offset: int = 0) -> datetime:
    """The aware datetime for an epoch, shown in the offset (minutes) it was recorded with."""
    return datetime.fromtimestamp(epoch, timezone(timedelta(minutes=offset)))


@dataclass(frozen=True)
class Source:
    """Where records come from: a configured source or a path given to `twin ingest`."""

    name: str
    """The user's name for it (`twin forget --source NAME`)."""
    connector: str
    """The entry-point name of the connector that reads it."""
    path: Path | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Record:
    """One thing that happened or was written: a note, an email, a message, an event."""

    id: str
    """`<connector>:<native id>`, stable across runs so that a re-run upserts."""
    source: str
    kind: str
    timestamp: datetime
    text: str
    title: str = ""
    author: str = ""
    participants: tuple[str, ...] = ()
    thread: str = ""
    location: str = ""
    """How to open the original: a path, mailbox/UID, chat name and line."""
    end: datetime | None = None
    metadata: Mapping[str, MetaValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.timestamp.tzinfo is None:
            raise ValueError(f"record {self.id}: timestamp must be timezone-aware")
        if self.end is not None and self.end.tzinfo is None:
            raise ValueError(f"record {self.id}: end must be timezone-aware")

    @property
    def content_hash(self) -> str:
        """Tells a changed record from a repeat: every field that reaches the store."""
        payload = json.dumps(
            [
                self.source,
                self.kind,
                self.timestamp.isoformat(),
                self.end.isoformat() if self.end else None,
                self.title,
                self.author,
                list(self.participants),
                self.thread,
                self.location,
                self.text,
                sorted(self.metadata.items()),
            ],
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Chunk:
    """The unit of retrieval, cut from one record, with a context header embedded alongside."""

    id: str
    record_id: str
    seq: int
    text: str
    header: str
    start: datetime
    end: datetime
    source: str
    kind: str
    participants: tuple[str, ...] = ()
    thread: str = ""
    """Set on a window of a conversation (consecutive records of one thread)."""

    @property
    def embed_text(self) -> str:
        """What the embedder and the lexical index see: who, where and when, then the text."""
        return f"{self.header}\n{self.text}" if self.header else self.text


@dataclass(frozen=True)
class Hit:
    """One search result; `to_json` is the `twin search --json` contract."""

    text: str
    score: float
    record_id: str
    chunk_id: str
    source: str
    kind: str
    timestamp: datetime
    title: str
    participants: tuple[str, ...]
    location: str
    record_ids: tuple[str, ...] = ()
    """Every record whose text the hit shows (the messages of a conversation window), in
    order; `record_id` is the one that best matches the query, `timestamp` its time."""

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "score": round(self.score, 6),
            "record_id": self.record_id,
            "chunk_id": self.chunk_id,
            "source": self.source,
            "kind": self.kind,
            "timestamp": self.timestamp.isoformat(),
            "title": self.title,
            "participants": list(self.participants),
            "location": self.location,
            "record_ids": list(self.record_ids or (self.record_id,)),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Hit:
        """The Hit that `to_json` wrote (what the daemon sends back)."""
        return cls(
            text=str(data["text"]),
            score=float(data["score"]),
            record_id=str(data["record_id"]),
            chunk_id=str(data["chunk_id"]),
            source=str(data["source"]),
            kind=str(data["kind"]),
            timestamp=datetime.fromisoformat(str(data["timestamp"])),
            title=str(data["title"]),
            participants=tuple(data.get("participants") or ()),
            location=str(data["location"]),
            record_ids=tuple(data.get("record_ids") or ()),
        )


@dataclass(frozen=True)
class Answer:
    """An answer with the hits it cites; `[n]` in the text is `citations[n-1]`.

    `answer` is what the twin answers ("Sunday 20 July 2025 [1]", "4 books", the one line that
    answers best); `quotes` are the further lines that support it ("21 July 2025, Sam: back from
    Kraków since last night. [1]"), shown under it. A reader of `--json` who wants the answer
    gets the answer, not the answer and its evidence run together."""

    answer: str
    citations: tuple[Hit, ...] = ()
    quotes: str = ""

    @property
    def text(self) -> str:
        """The answer with its quotes below, as a person reads it."""
        return f"{self.answer}\n{self.quotes}" if self.quotes else self.answer

    def to_json(self) -> dict[str, Any]:
        return {"answer": self.answer, "quotes": self.quotes, "citations": [hit.to_json() for hit in self.citations]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Answer:
        """The Answer that `to_json` wrote (what the daemon sends back)."""
        return cls(str(data["answer"]), tuple(Hit.from_json(hit) for hit in data.get("citations") or ()),
                   str(data.get("quotes") or ""))


@dataclass(frozen=True)
class Skipped:
    """An item a connector could not read; reading goes on and the summary counts it."""

    where: str
    why: str

    def __str__(self) -> str:
        return f"skipped {self.where}: {self.why}"


@dataclass(frozen=True)
class Cursor:
    """Sync state a connector wants kept (an IMAP folder's last UID, say).

    Yielded after the records it covers; ingest stores it in the same transaction as those
    records, so a cursor never runs ahead of what was committed. The next `read` gets every
    saved cursor of its source as `since` (a JSON object of key to value).
    """

    key: str
    value: str


@dataclass(frozen=True)
class Inventory:
    """Everything that exists under an id prefix: ingest forgets the stored records under
    `prefix` that are not in `ids` (a message deleted on the server, a folder resynced)."""

    prefix: str
    ids: frozenset[str]


Item = Record | Skipped | Cursor | Inventory
"""What a connector's `read` yields."""
