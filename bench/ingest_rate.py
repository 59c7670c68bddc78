"""Ingest throughput against the raw sentence-transformers encode of the very same chunk texts."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import ingest.pipeline
from bench.corpus import write_notes
from bench.machine import Busy
from bench.timing import Stopwatch
from connectors.files import FilesConnector
from ingest import Ingester, split_record
from twin.config import IngestConfig
from twin.models.embedder import SentenceEmbedder
from twin.plugins import Registry
from twin.schema import Record
from twin.store import Store

__all__ = ["ENCODE", "IngestResult", "measure_ingest"]

ENCODE = "encode (sentence-transformers)"
SOURCE = "bench"
"""The source name for both paths, so that headers and hence the embedded texts are identical."""


@dataclass
class IngestResult:
    notes: int
    chunks: int
    raw_seconds: list[float]
    """Raw encode of all chunks, before and after the ingest (their spread shows the noise)."""
    ingest_seconds: float
    reingest_seconds: float
    reingest_added: int
    reingest_unchanged: int
    reingest_embedded: int
    parts: dict[str, float] = field(default_factory=dict)
    """Exclusive seconds per step of the timed ingest; `other` is the remainder."""
    calls: dict[str, int] = field(default_factory=dict)
    chroma_import_seconds: float = 0.0
    others_cores: list[float] = field(default_factory=list)
    """Cores kept busy by other processes during raw encode, ingest and raw encode again."""

    @property
    def raw_rate(self) -> float:
        return self.chunks / (sum(self.raw_seconds) / len(self.raw_seconds))

    @property
    def ingest_rate(self) -> float:
        return self.chunks / self.ingest_seconds

    @property
    def ratio(self) -> float:
        return self.ingest_rate / self.raw_rate


def _chunk_texts(folder: Path, config: IngestConfig) -> list[str]:
    """Every chunk's embed_text, cut exactly as ingest cuts it, in the order ingest embeds them."""
    connector = FilesConnector()
    texts = []
    for path in sorted(folder.glob("*.md")):
        record = connector.read_file(path, SOURCE)
        assert isinstance(record, Record), record
        texts += [c.embed_text for c in split_record(record, config.chunk_words, config.overlap_words)]
    return texts


def _raw_encode(embedder: SentenceEmbedder, texts: list[str], batch: int) -> float:
    started = time.perf_counter()
    for start in range(0, len(texts), batch):
        embedder.embed(texts[start:start + batch])
    return time.perf_counter() - started


def _watched(store: Store, embedder: SentenceEmbedder, registry: Registry) -> list[tuple[object, str, str]]:
    """The steps of an ingest, each a method of one live collaborator (those the library still has)."""
    catalog, vectors = store.catalog, store.vectors
    steps: list[tuple[object, str, str]] = [
        (embedder, "embed", ENCODE),
        (vectors, "upsert", "Chroma upsert"),
        (catalog, "write", "catalog write (SQLite + FTS5)"),
        (catalog, "mark_embedded", "catalog mark_embedded"),
        (catalog, "pending_chunks", "catalog pending_chunks"),
        (catalog, "count_pending", "catalog count_pending"),
        (catalog, "hashes", "catalog hashes"),
        (store, "apply_vector_deletes", "vector deletes"),
        (store, "sync_vectors", "sync_vectors own code"),
        (registry.get("files"), "read_file", "reading files (connector)"),
        (registry, "detect", "connector detection"),
        (ingest.pipeline, "split_record", "chunking"),
    ]
    return [(obj, name, label) for obj, name, label in steps if hasattr(obj, name)]


def measure_ingest(embedder: SentenceEmbedder, workdir: Path, notes: int, seed: int = 1) -> IngestResult:
    """Raw encode, timed ingest into a fresh store, raw encode again, then a re-ingest."""
    config = IngestConfig()
    folder = workdir / "notes"
    write_notes(folder, notes, seed)
    texts = _chunk_texts(folder, config)
    embedder.embed(texts[:8])  # warm: first calls allocate and tune
    busy = Busy().start()
    raw = [_raw_encode(embedder, texts, config.batch_chunks)]
    others = [busy.others_cores()]
    print(f"raw encode: {len(texts)} chunks in {raw[0]:.1f} s", file=sys.stderr, flush=True)

    started = time.perf_counter()
    import chromadb  # noqa: F401  # imported once per process; the warm store pays no import

    chroma_import = time.perf_counter() - started
    registry = Registry()
    watch = Stopwatch()
    with Store(workdir / "home", writer=True) as store:
        ingester = Ingester(store, embedder, registry, config)
        with watch.watching(_watched(store, embedder, registry)):
            busy.start()
            started = time.perf_counter()
            summary = ingester.ingest([folder], source=SOURCE)
            ingest_seconds = time.perf_counter() - started
            others.append(busy.others_cores())
        print(f"ingest: {summary.line()}", file=sys.stderr, flush=True)
        if summary.chunks != len(texts) or summary.added != notes:
            raise SystemExit(f"ingest embedded {summary.chunks} chunks of {summary.added} notes, "
                             f"expected {len(texts)} of {notes}")
        stored = [f"{h}\n{t}" for h, t in store.catalog.db.execute("SELECT header, text FROM chunks ORDER BY rowid")]
        if stored != texts:
            raise SystemExit("ingest made different chunk texts than split_record: the comparison is void")
        busy.start()
        raw.append(_raw_encode(embedder, texts, config.batch_chunks))
        others.append(busy.others_cores())
        print(f"raw encode again: {raw[1]:.1f} s", file=sys.stderr, flush=True)
        started = time.perf_counter()
        again = ingester.ingest([folder], source=SOURCE)
        reingest_seconds = time.perf_counter() - started
    parts = dict(watch.seconds)
    parts["other (walk, plan, hashing, events)"] = ingest_seconds - sum(parts.values())
    return IngestResult(notes, len(texts), raw, ingest_seconds, reingest_seconds, again.added,
                        again.unchanged, again.chunks, parts, dict(watch.calls), chroma_import, others)
