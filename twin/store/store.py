"""The store: catalog first, then vectors, with an outbox so that a crash never half-writes."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from twin.errors import StoreError
from twin.models.embedder import Embedder
from twin.schema import Chunk, Record
from twin.store.catalog import Catalog
from twin.store.enrichment import derived_ids
from twin.store.lock import WriterLock
from twin.store.vectors import DERIVED, VectorIndex

__all__ = ["Store"]

logger = logging.getLogger(__name__)
Progress = Callable[[int], None]


class Store:
    """The SQLite catalog (system of record) and the Chroma index rebuilt from it.

    Writes go to the catalog in one transaction per batch with their chunks marked pending;
    `sync_vectors` then applies pending deletions and embeds pending chunks into Chroma, and
    marks them done. Killed anywhere, the next `sync_vectors` finishes the job.
    """

    def __init__(self, home: Path, *, chroma_url: str = "", writer: bool = False) -> None:
        self.home = home
        self.lock: WriterLock | None = None
        if writer:
            self.lock = WriterLock(home)
            self.lock.acquire()
        try:
            self.catalog = Catalog(home / "twin.db")
        except StoreError:
            self.close()
            raise
        self.vectors = VectorIndex(home / "chroma", chroma_url)
        self.derived = self.vectors.sibling(DERIVED)
        """Enrichment's summaries and questions, folded onto their chunks by search."""
        if writer:
            self.vectors.reload()  # this process's readers (the TUI's) loaded it before: maybe before another writer

    def close(self) -> None:
        if hasattr(self, "vectors"):
            self.derived.forget_handle()
            self.vectors.close()
        if hasattr(self, "catalog"):
            self.catalog.close()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- vectors, always from the catalog --------------------------------------------------

    def check_index(self, embedder: Embedder) -> None:
        """Refuse to mix vectors of two models, or two Chroma locations, in one index."""
        expected = {"embedder": embedder.name, "vectors_at": self.vectors.identity}
        for key, value in expected.items():
            stored = self.catalog.get_meta(key)
            if stored is not None and stored != value:
                raise StoreError(
                    f"the vector index was built with {key} {stored!r}, not {value!r}; run `twin reindex`"
                )

    def _claim_index(self, embedder: Embedder) -> None:
        self.check_index(embedder)
        self.catalog.set_meta("embedder", embedder.name)
        self.catalog.set_meta("vectors_at", self.vectors.identity)

    def write(self, items: Sequence[tuple[Record, Sequence[Chunk]]],
              state: Sequence[tuple[str, str, str]] = ()) -> None:
        self.catalog.write(items, state)

    def apply_vector_deletes(self) -> int:
        done = 0
        derived: bool | None = None
        while ids := self.catalog.vector_deletes():
            # `<chunk>~` asks only for the chunk's derived vectors to go (it was enriched again).
            self.vectors.delete([i for i in ids if not i.endswith("~")])
            if derived is None:
                derived = self.derived.exists() and self.derived.count() > 0
            if derived:
                self.derived.delete([d for i in ids for d in derived_ids(i.rstrip("~"))])
            self.catalog.clear_vector_deletes(ids)
            done += len(ids)
        return done

    def sync_vectors(self, embedder: Embedder, *, batch: int = 256, progress: Progress | None = None) -> int:
        """Apply pending deletions, then embed every pending chunk; returns chunks embedded."""
        self._claim_index(embedder)
        self.apply_vector_deletes()
        done = 0
        while pending := self.catalog.pending_chunks(batch):
            vectors = embedder.embed([p.embed_text for p in pending])
            self.vectors.upsert([p.id for p in pending], vectors, [p.metadata for p in pending])
            self.catalog.mark_embedded([p.rowid for p in pending])
            done += len(pending)
            if progress:
                progress(len(pending))
        self.sync_derived(embedder, batch=batch)
        return done

    def sync_derived(self, embedder: Embedder, *, batch: int = 256) -> int:
        """Embed enrichment's summaries and questions whose vectors are missing; returns how many."""
        done = 0
        while True:
            pending = self.catalog.enrichment.pending(max(1, batch // 4))
            if not pending and not self.catalog.enrichment.waiting_vectors():
                break
            items = [d for _, ds in pending for d in ds]
            if items:
                self.derived.upsert([d.id for d in items], embedder.embed([d.text for d in items]),
                                    [d.metadata for d in items])
            self.catalog.enrichment.mark_vectors([cid for cid, _ in pending])
            done += len(items)
        return done

    # -- removal and rebuild -------------------------------------------------------------

    def forget(self, record_ids: Iterable[str]) -> int:
        """Remove records everywhere: catalog, FTS (by trigger) and vectors."""
        n = self.catalog.delete_records(record_ids)
        self.apply_vector_deletes()
        self.catalog.enrichment.purge()  # what was written about them goes too
        return n

    def reindex(self, embedder: Embedder, *, progress: Progress | None = None) -> int:
        """Rebuild the vector index from the catalog (after a model change or a lost index)."""
        self.vectors.reset()
        self.derived.reset()
        self.catalog.mark_all_pending()
        self.catalog.set_meta("embedder", embedder.name)
        self.catalog.set_meta("vectors_at", self.vectors.identity)
        return self.sync_vectors(embedder, progress=progress)
