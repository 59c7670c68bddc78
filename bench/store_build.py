"""A store of N short chunks with real MiniLM vectors, cached between runs (embedding is the slow part)."""

from __future__ import annotations

import json
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import CORPUS_VERSION, make_records
from ingest import split_record
from ingest.conversation import cut_version
from twin.config import IngestConfig
from twin.errors import StoreError
from twin.models.embedder import Embedder
from twin.store import Store

__all__ = ["Built", "ensure_store"]

WRITE_BATCH = 500
SYNC_BATCH = 512
STAMP = "bench-corpus.json"
"""Written last, into the home: which corpus the home holds, so a changed generator rebuilds."""


@dataclass
class Built:
    home: Path
    chunks: int
    reused: bool
    write_seconds: float = 0.0
    embed_seconds: float = 0.0
    """Wall time of `sync_vectors`: MiniLM encode plus Chroma upserts (0 when reused)."""
    resumed: bool = False
    """The catalog was already written by an interrupted build; only pending vectors were added."""


def _read_stamp(home: Path) -> dict[str, object]:
    try:
        stamp: dict[str, object] = json.loads((home / STAMP).read_text())
    except (OSError, ValueError):
        return {}
    return stamp


def _write_stamp(home: Path, chunks: int, *, complete: bool) -> None:
    (home / STAMP).write_text(json.dumps({"chunks": chunks, "corpus": CORPUS_VERSION, "complete": complete}))


def _state(home: Path, chunks: int) -> str:
    """`complete`, `catalog` (written, vectors pending: an interrupted build) or `none`."""
    stamp = _read_stamp(home)
    if stamp.get("chunks") != chunks or stamp.get("corpus") != CORPUS_VERSION:
        return "none"
    try:
        with Store(home) as store:
            if store.catalog.stats()["chunks"] != chunks:
                return "none"
            if stamp.get("complete") and store.vectors.count() == chunks and not store.catalog.count_pending():
                return "complete"
    except StoreError as exc:  # e.g. a catalog of an older schema: this code cannot use it
        print(f"cannot reuse {home}: {exc}", file=sys.stderr, flush=True)
        return "none"
    return "catalog"


def _progress(total: int, started: float) -> Callable[[int], None]:
    done = [0]

    def advance(n: int) -> None:
        done[0] += n
        if done[0] % (SYNC_BATCH * 10) < n or done[0] == total:
            rate = done[0] / (time.monotonic() - started)
            eta = (total - done[0]) / rate if rate else 0.0
            print(f"  embedded {done[0]:>7}/{total} chunks, {rate:.0f}/s, {eta / 60:.1f} min left",
                  file=sys.stderr, flush=True)

    return advance


def _write_catalog(store: Store, chunks: int) -> None:
    batch = []
    for record in make_records(chunks):
        batch.append((record, split_record(record)))
        if len(batch) == WRITE_BATCH:
            store.write(batch)
            batch = []
    store.write(batch)


def ensure_store(home: Path, chunks: int, embedder: Embedder, *, rebuild: bool = False) -> Built:
    """Reuse `home` if it holds exactly this corpus, fully embedded; finish an interrupted
    build through the store's own outbox; else build it from scratch."""
    state = "none" if rebuild or not home.exists() else _state(home, chunks)
    if state == "complete":
        print(f"reusing {home} ({chunks} chunks)", file=sys.stderr, flush=True)
        settle(home)
        return Built(home, chunks, reused=True)
    built = Built(home, chunks, reused=False, resumed=state == "catalog")
    if state == "none":
        if home.exists():
            shutil.rmtree(home)
        print(f"building {home}: {chunks} records, one chunk each", file=sys.stderr, flush=True)
    with Store(home, writer=True) as store:
        if state == "none":
            started = time.perf_counter()
            _write_catalog(store, chunks)
            built.write_seconds = time.perf_counter() - started
            if store.catalog.count_pending() != chunks:
                raise SystemExit(f"the generated records made {store.catalog.count_pending()} chunks, not {chunks}")
            _write_stamp(home, chunks, complete=False)
            print(f"  catalog written in {built.write_seconds:.1f} s", file=sys.stderr, flush=True)
        pending = store.catalog.count_pending()
        print(f"  embedding {pending} pending chunks", file=sys.stderr, flush=True)
        started = time.perf_counter()
        store.sync_vectors(embedder, batch=SYNC_BATCH, progress=_progress(pending, time.monotonic()))
        built.embed_seconds = time.perf_counter() - started
    settle(home)
    _write_stamp(home, chunks, complete=True)
    return built


def settle(home: Path) -> None:
    """Leave nothing for an ingest to finish: the chats marked as cut the current way, none
    waiting for windows. Its chat records have one chunk each, by design (written without the
    pipeline, which would cut them); left as written, the first ingest or daemon start cuts every
    chat into windows and message chunks (100k more chunks to embed, an hour at 100k), and the
    daemon benchmark timed its searches beside that work."""
    version = cut_version(IngestConfig())
    with Store(home, writer=True) as store:
        if store.catalog.get_meta("windows") != version:
            store.catalog.set_meta("windows", version)
        if dirty := store.catalog.dirty_threads():
            store.catalog.clear_dirty(dirty)
