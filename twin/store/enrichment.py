"""What enrichment wrote about each chunk: a summary, hypothetical questions, an importance.

Kept in the catalog, keyed by chunk id with a hash of the text it was written from, so that
an interrupted `twin enrich` resumes where it stopped, an unchanged chunk is never sent to
the generator twice (a conversation window rebuilt with the same text keeps its entries),
and a changed one is done again. The summary and the questions are also embedded, in their
own Chroma collection, under ids `<chunk id>~s` and `<chunk id>~q<n>`; `vectors` says whether
they are there. Deleting a chunk (by the chunk trigger below) queues its derived vectors for
deletion, and `purge` removes the entries of chunks that are gone, so that a forgotten record
leaves no summary behind.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

__all__ = ["ENRICHMENT_SCHEMA", "MAX_QUESTIONS", "Derived", "EnrichmentRow", "EnrichmentTable", "derived_ids",
           "text_hash"]

MAX_QUESTIONS = 4
ENRICHMENT_SCHEMA = """
CREATE TABLE IF NOT EXISTS enrichment (
    chunk_id TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    summary TEXT NOT NULL,
    questions TEXT NOT NULL,
    importance INTEGER,
    rejected INTEGER NOT NULL,
    model TEXT NOT NULL,
    at INTEGER NOT NULL,
    vectors INTEGER NOT NULL DEFAULT 0  -- 1: embedded; 0: to embed; 2: its chunk changed, to write again
);
CREATE INDEX IF NOT EXISTS enrichment_vectors ON enrichment(vectors) WHERE vectors = 0;
CREATE TABLE IF NOT EXISTS enrichment_rejects (reason TEXT PRIMARY KEY, n INTEGER NOT NULL);
CREATE TRIGGER IF NOT EXISTS chunks_ad_enrichment AFTER DELETE ON chunks BEGIN
    UPDATE enrichment SET vectors = 0 WHERE chunk_id = old.id;
END;
"""
# Chunks worth enriching: not a chat message's own chunk (its window is enriched) and not what
# twin wrote itself (a reflection is already a summary).
_WORTH = "c.id NOT LIKE '%#m' AND c.kind NOT IN ('reflection', 'profile')"


def text_hash(header: str, text: str) -> str:
    return hashlib.sha1(f"{header}\n{text}".encode()).hexdigest()[:16]


def derived_ids(chunk_id: str) -> list[str]:
    """Every id a chunk's derived vectors may have (deleting absent ids is harmless)."""
    return [f"{chunk_id}~s", *(f"{chunk_id}~q{n}" for n in range(MAX_QUESTIONS))]


@dataclass(frozen=True)
class EnrichmentRow:
    chunk_id: str
    hash: str
    summary: str
    questions: tuple[str, ...]
    importance: int | None
    rejected: int
    model: str


@dataclass(frozen=True)
class Derived:
    """A derived text to embed: its vector id, the text, and its parent chunk's metadata."""

    id: str
    text: str
    metadata: dict[str, Any]


class EnrichmentTable:
    """The enrichment entries of one catalog (`catalog.enrichment`)."""

    def __init__(self, db: sqlite3.Connection, transaction: Callable[[], AbstractContextManager[sqlite3.Connection]]):
        self.db = db
        self._transaction = transaction

    def candidates(self, limit: int, *, since: int | None = None, until: int | None = None,
                   order: str = "newest") -> Iterator[dict[str, Any]]:
        """Chunks with no entry, or whose entry was written from other text, newest first."""
        clauses = [_WORTH, "(e.chunk_id IS NULL OR e.vectors != 1)"]
        params: list[Any] = []
        if since is not None:
            clauses.append("c.end_ts >= ?")
            params.append(since)
        if until is not None:
            clauses.append("c.start_ts < ?")
            params.append(until)
        direction = "DESC" if order == "newest" else "ASC"
        sql = (f"SELECT c.id, c.header, c.text, e.hash FROM chunks c LEFT JOIN enrichment e ON e.chunk_id = c.id"
               f" WHERE {' AND '.join(clauses)} ORDER BY c.start_ts {direction}, c.id")
        seen = 0
        for cid, header, text, old_hash in self.db.execute(sql, params):
            if old_hash == text_hash(header, text):
                continue  # only its vectors are missing: sync_vectors restores them without the generator
            yield {"id": cid, "header": header, "text": text}
            seen += 1
            if seen >= limit:
                return

    def count_candidates(self) -> int:
        return int(self.db.execute(
            f"SELECT count(*) FROM chunks c LEFT JOIN enrichment e ON e.chunk_id = c.id WHERE {_WORTH}"
            " AND e.chunk_id IS NULL").fetchone()[0])

    def save(self, row: EnrichmentRow, at: int, reasons: Sequence[str]) -> None:
        """One chunk's entry, its vectors pending; one transaction, so a kill loses at most this one."""
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO enrichment VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
                       (row.chunk_id, row.hash, row.summary, json.dumps(list(row.questions)), row.importance,
                        row.rejected, row.model, at))
            db.execute("INSERT OR IGNORE INTO vector_deletes(chunk_id) VALUES (?)", (f"{row.chunk_id}~",))
            db.executemany("INSERT INTO enrichment_rejects VALUES (?, 1) ON CONFLICT(reason) DO UPDATE SET n = n + 1",
                           [(r,) for r in reasons])

    def pending(self, limit: int) -> list[tuple[str, list[Derived]]]:
        """Entries whose vectors are missing and whose chunk still has the text they were written
        from, with the derived texts to embed (the parent's metadata, so filters apply)."""
        out: list[tuple[str, list[Derived]]] = []
        stale: list[str] = []
        rows = self.db.execute(
            "SELECT e.chunk_id, e.hash, e.summary, e.questions, c.header, c.text, c.start_ts, c.end_ts, c.source,"
            " c.kind, c.record_id FROM enrichment e JOIN chunks c ON c.id = e.chunk_id WHERE e.vectors = 0"
            " LIMIT ?", (limit,)).fetchall()
        for cid, old_hash, summary, questions, header, text, start, end, source, kind, record_id in rows:
            if old_hash != text_hash(header, text):
                stale.append(cid)  # written from older text: the next `twin enrich` does it again
                continue
            meta = {"start": start, "end": end, "source": source, "kind": kind, "record_id": record_id,
                    "parent": cid}
            items = [Derived(f"{cid}~s", summary, {**meta, "derived": "summary"})] if summary else []
            items += [Derived(f"{cid}~q{n}", q, {**meta, "derived": "question"})
                      for n, q in enumerate(json.loads(questions)[:MAX_QUESTIONS])]
            out.append((cid, items))
        if stale:
            with self._transaction() as db:
                db.executemany("UPDATE enrichment SET vectors = 2 WHERE chunk_id = ?", [(c,) for c in stale])
        return out

    def waiting_vectors(self) -> int:
        return int(self.db.execute(
            "SELECT count(*) FROM enrichment e JOIN chunks c ON c.id = e.chunk_id WHERE e.vectors = 0").fetchone()[0])

    def mark_vectors(self, chunk_ids: Sequence[str]) -> None:
        with self._transaction() as db:
            db.executemany("UPDATE enrichment SET vectors = 1 WHERE chunk_id = ?", [(c,) for c in chunk_ids])

    def mark_all_pending(self) -> None:
        self.db.execute("UPDATE enrichment SET vectors = 0")

    def purge(self) -> int:
        """Drop the entries of chunks that are gone (their vectors were queued when the chunk went)."""
        with self._transaction() as db:
            return db.execute("DELETE FROM enrichment WHERE chunk_id NOT IN (SELECT id FROM chunks)").rowcount

    def importance(self, chunk_ids: Sequence[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for start in range(0, len(chunk_ids), 500):
            part = list(chunk_ids[start:start + 500])
            marks = ",".join("?" * len(part))
            found.update(self.db.execute(
                f"SELECT chunk_id, importance FROM enrichment WHERE importance IS NOT NULL AND chunk_id IN ({marks})",
                part).fetchall())
        return found

    def entries(self, chunk_ids: Sequence[str]) -> dict[str, EnrichmentRow]:
        found: dict[str, EnrichmentRow] = {}
        for start in range(0, len(chunk_ids), 500):
            part = list(chunk_ids[start:start + 500])
            marks = ",".join("?" * len(part))
            for cid, h, summary, questions, importance, rejected, model in self.db.execute(
                    "SELECT chunk_id, hash, summary, questions, importance, rejected, model FROM enrichment"
                    f" WHERE chunk_id IN ({marks})", part):
                found[cid] = EnrichmentRow(cid, h, summary, tuple(json.loads(questions)), importance, rejected, model)
        return found

    def stats(self) -> dict[str, Any]:
        done, summaries, questions, rated = self.db.execute(
            "SELECT count(*), sum(summary != ''), coalesce(sum(json_array_length(questions)), 0),"
            " count(importance) FROM enrichment").fetchone()
        rejects = dict(self.db.execute("SELECT reason, n FROM enrichment_rejects ORDER BY n DESC").fetchall())
        return {"enriched": done, "summaries": summaries or 0, "questions": questions, "rated": rated,
                "waiting": self.count_candidates(), "rejected": rejects}
