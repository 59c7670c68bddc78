"""Records of one person's 2026 for the catalog answers' tests (counts, periods, contacts, who)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ingest.chunking import split_record
from retrieval import Answerer, Searcher
from twin.config import SearchConfig
from twin.models.embedder import HashEmbedder
from twin.schema import Record
from twin.store import Store

CET = timezone(timedelta(hours=2))
NOW = datetime(2026, 6, 20, 12, tzinfo=CET)
"""A Saturday: "last weekend" is 13-14 June."""


def dated(n: str, month: int, day: int, kind: str, title: str, text: str, *, hour: int = 12,
          **more: object) -> Record:
    return Record(id=n, source="test", kind=kind, timestamp=datetime(2026, month, day, hour, tzinfo=CET),
                  title=title, text=text, **more)  # type: ignore[arg-type]


def answerer_over(store: Store, records: list[Record]) -> Answerer:
    """The records written, the people table built, hashed vectors; a low similarity floor."""
    store.write([(r, split_record(r)) for r in records])
    store.catalog.people.rebuild()
    store.sync_vectors(HashEmbedder())
    return Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))
