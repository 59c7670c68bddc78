"""Reference retrievers outside twin's index, for calibration against published numbers: BM25 over
single chat messages and over windows of 5 messages, and dense MiniLM over single messages.

They read the chat messages from the catalog and index them in memory (SQLite FTS5 with the
catalog's own query building, NumPy for cosine), so they see exactly what twin ingested.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from twin.models.embedder import Embedder
from twin.schema import Hit, from_epoch
from twin.store import Filters, Store
from twin.store.catalog import fts_query

__all__ = ["MessageIndex"]


@dataclass(frozen=True)
class Unit:
    """What a reference retriever returns: one message, or a few consecutive ones."""

    record_id: str
    timestamp: datetime
    title: str
    text: str


def _line(row: dict[str, Any]) -> str:
    when = from_epoch(row["ts"], row["ts_offset"])
    return f"{row['author']} ({when:%H:%M}): {' '.join(row['text'].split())}"


class MessageIndex:
    """The chat messages of a store, as single messages or as windows of `size` consecutive ones."""

    def __init__(self, store: Store, size: int = 1) -> None:
        rows = [row for r in store.catalog.timeline(Filters(), 1_000_000)
                if r["kind"] == "message" and (row := store.catalog.record_row(r["record_id"])) is not None]
        units: list[Unit] = []
        threads: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            threads.setdefault(row["thread"], []).append(row)
        for thread in threads.values():
            for start in range(0, len(thread), size):
                part = thread[start:start + size]
                units.append(Unit(part[0]["id"], from_epoch(part[0]["ts"], part[0]["ts_offset"]), part[0]["title"],
                                  "\n".join(_line(r) for r in part)))
        self.units = units
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute("CREATE VIRTUAL TABLE units USING fts5(text, tokenize='porter unicode61 remove_diacritics 2')")
        self.db.executemany("INSERT INTO units(rowid, text) VALUES (?, ?)", [(i, u.text) for i, u in enumerate(units)])
        self._vectors: np.ndarray | None = None

    def _hits(self, ranking: Sequence[tuple[int, float]]) -> list[Hit]:
        return [Hit(u.text, score, u.record_id, f"{u.record_id}#ref", "reference", "message", u.timestamp, u.title,
                    (), "") for i, score in ranking for u in [self.units[i]]]

    def lexical(self, query: str, k: int) -> list[Hit]:
        match = fts_query(query)
        if not match:
            return []
        rows = self.db.execute("SELECT rowid, bm25(units) AS s FROM units WHERE units MATCH ? ORDER BY s LIMIT ?",
                               (match, k)).fetchall()
        return self._hits([(int(i), -float(s)) for i, s in rows])

    def dense(self, embedder: Embedder, query: str, k: int) -> list[Hit]:
        if self._vectors is None:
            self._vectors = embedder.embed([u.text for u in self.units])
        sims = self._vectors @ embedder.embed([query])[0]
        best = np.argsort(-sims)[:k]
        return self._hits([(int(i), float(sims[i])) for i in best])
