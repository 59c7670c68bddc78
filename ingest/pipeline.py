"""Ingest: connectors' records -> changed ones chunked -> catalog batch -> vectors."""

from __future__ import annotations

import json
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.chunking import split_record
from ingest.conversation import WINDOW_ONLY, cut_version, rebuild_threads
from ingest.transcript import split_transcript
from twin.config import IngestConfig
from twin.errors import SourceError
from twin.models.embedder import Embedder
from twin.plugins import Connector, Registry
from twin.schema import Chunk, Cursor, Inventory, Record, Skipped, Source
from twin.store import Store
from twin.walk import visible

__all__ = ["Event", "Ingester", "Summary", "plan"]

logger = logging.getLogger(__name__)


@dataclass
class Summary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    """Records forgotten because their source no longer has them."""
    skipped: int = 0
    chunks: int = 0
    """Chunks embedded into the vector index during this run."""
    seconds: float = 0.0
    unsupported: Counter[str] = field(default_factory=Counter)
    """Files no connector reads, by suffix (reported once per suffix, not per file)."""

    def line(self) -> str:
        removed = f"{self.removed} removed, " if self.removed else ""
        text = (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, {removed}"
            f"{self.skipped} skipped; {self.chunks} chunks embedded in {self.seconds:.1f} s"
        )
        if self.unsupported:
            kinds = ", ".join(f"{suffix or 'no suffix'}: {n}" for suffix, n in self.unsupported.most_common())
            text += f"; {sum(self.unsupported.values())} files of types no connector reads ({kinds})"
        return text


@dataclass(frozen=True)
class Event:
    """Progress for whoever draws it: `kind` is record, skipped, embedded or source."""

    kind: str
    count: int = 1
    skipped: Skipped | None = None
    source: Source | None = None


OnEvent = Callable[[Event], None]


def plan(paths: Iterable[Path], registry: Registry, connector: str | None, source: str | None,
         unsupported: Counter[str]) -> Iterator[tuple[Connector, Source] | Skipped]:
    """Which connector reads what: a named one reads each path; otherwise detected per path,
    walking folders that no connector claims as a whole (a maildir or an export does)."""
    for path in paths:
        path = Path(path).expanduser()
        if not path.exists():
            yield Skipped(str(path), "no such file or folder")
            continue
        if connector is not None:
            chosen = registry.get(connector)
            yield chosen, Source(source or chosen.name, chosen.name, path)
            continue
        found = registry.detect(path)
        if found is not None:
            yield found, Source(source or found.name, found.name, path)
        elif path.is_dir():
            for child, found in _walk(path, registry):
                if found is not None:
                    yield found, Source(source or found.name, found.name, child)
                else:
                    unsupported[child.suffix.lower()] += 1
        else:
            unsupported[path.suffix.lower()] += 1


def _listed(record_id: str, inventory: Inventory) -> bool:
    """In the inventory itself, or a part of a listed record (`<id>/...`, an attachment)."""
    if record_id in inventory.ids:
        return True
    cut = record_id.find("/", len(inventory.prefix))
    while cut != -1:
        if record_id[:cut] in inventory.ids:
            return True
        cut = record_id.find("/", cut + 1)
    return False


def _walk(folder: Path, registry: Registry) -> Iterator[tuple[Path, Connector | None]]:
    """Visible files and claimed folders under `folder`, sorted, each with its connector (or
    None); a folder a connector claims (a maildir, an export) is not walked into."""
    for root, dirs, files in os.walk(folder):
        kept = []
        for name in sorted(dirs):
            if not visible(name, folder=True):
                continue
            child = Path(root) / name
            if (found := registry.detect(child)) is not None:
                yield child, found
            else:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            if visible(name, folder=False):
                child = Path(root) / name
                yield child, registry.detect(child)


class Ingester:
    """Reads sources through connectors and writes what changed: catalog first, then vectors."""

    def __init__(self, store: Store, embedder: Embedder, registry: Registry,
                 config: IngestConfig = IngestConfig(), *, on_event: OnEvent | None = None) -> None:
        self.store = store
        self.embedder = embedder
        self.registry = registry
        self.config = config
        self.on_event = on_event or (lambda event: None)

    def ingest(self, paths: Iterable[Path], *, connector: str | None = None,
               source: str | None = None) -> Summary:
        """Read paths once, detecting the connector of each (or using the one named)."""
        summary = Summary()
        return self._run(summary, plan(paths, self.registry, connector, source, summary.unsupported))

    def sync(self, sources: Iterable[Source]) -> Summary:
        """Bring configured sources up to date, each from its saved cursors."""
        summary = Summary()
        planned: list[tuple[Connector, Source] | Skipped] = []
        for source in sources:
            try:
                planned.append((self.registry.get(source.connector), source))
            except SourceError as exc:
                planned.append(Skipped(source.name, str(exc)))
        return self._run(summary, planned)

    def _run(self, summary: Summary, planned: Iterable[tuple[Connector, Source] | Skipped]) -> Summary:
        started = time.monotonic()
        # Finish what a killed run left: windows to rebuild, chunks written but not yet embedded.
        self._rebuild_windows()
        summary.chunks += self._sync()
        batch: list[Record] = []
        for item in planned:
            if isinstance(item, Skipped):
                self._skip(summary, item)
                continue
            connector, source = item
            self.on_event(Event("source", source=source))
            for got in self._read(summary, connector, source):
                if isinstance(got, Record):
                    batch.append(got)
                    if len(batch) >= self.config.batch_records:
                        self._write(summary, batch)
                        batch = []
                elif isinstance(got, Cursor):  # kept with the records it follows, never ahead of them
                    self._write(summary, batch, state=[(source.name, got.key, got.value)])
                    batch = []
                else:
                    self._write(summary, batch)
                    batch = []
                    summary.removed += self._prune(got)
        self._write(summary, batch)
        self._rebuild_windows()
        summary.chunks += self._sync()
        if summary.added or summary.updated or summary.removed or self.store.catalog.people.stale():
            self.store.catalog.people.rebuild()
        summary.seconds = time.monotonic() - started
        return summary

    def _rebuild_windows(self) -> None:
        if recut := self.store.catalog.rewindow(cut_version(self.config)):
            logger.warning("chats are cut differently now (a new version of twin, or other [ingest] window"
                           " settings): chat threads to cut and embed again, once: %d", recut)
        dirty = self.store.catalog.dirty_threads()
        if dirty:
            rebuild_threads(self.store, dirty, self.config)
            self.store.catalog.clear_dirty(dirty)

    def _prune(self, inventory: Inventory) -> int:
        """Forget the stored records under the prefix that the source no longer has."""
        stale = [rid for rid in self.store.catalog.record_ids(prefix=inventory.prefix)
                 if not _listed(rid, inventory)]
        return self.store.forget(stale) if stale else 0

    def _read(self, summary: Summary, connector: Connector, source: Source) -> Iterator[Record | Cursor | Inventory]:
        """The items of one source; its bad items, and a connector that fails, become Skipped."""
        saved = self.store.catalog.states(source.name)
        try:
            for item in connector.read(source, json.dumps(saved) if saved else None):
                if isinstance(item, Skipped):
                    self._skip(summary, item)
                else:
                    yield item
        except SourceError as exc:
            self._skip(summary, Skipped(str(source.path or source.name), str(exc)))
        except Exception as exc:  # a connector bug must not end the run nor lose what it read so far
            logger.exception("connector %s failed on %s", connector.name, source.path)
            self._skip(summary, Skipped(str(source.path or source.name), f"connector {connector.name} failed: {exc!r}"))

    def _skip(self, summary: Summary, item: Skipped) -> None:
        summary.skipped += 1
        self.on_event(Event("skipped", skipped=item))

    def _write(self, summary: Summary, records: list[Record], state: Sequence[tuple[str, str, str]] = ()) -> None:
        """Chunk the changed records of `records`, write them and `state` in one transaction, embed when due."""
        if state and not records:
            self.store.write([], state=state)
        if records:
            unique = {r.id: r for r in records}
            known = self.store.catalog.hashes(list(unique))
            items: list[tuple[Record, list[Chunk]]] = []
            for record in unique.values():
                if known.get(record.id) == record.content_hash:
                    summary.unchanged += 1
                    continue
                if record.id in known:
                    summary.updated += 1
                else:
                    summary.added += 1
                items.append((record, self._chunks(record)))
            if items or state:
                self.store.write(items, state=state)
            self.on_event(Event("record", count=len(records)))
        if self.store.catalog.count_pending() >= self.config.batch_chunks:
            summary.chunks += self._sync()

    def _chunks(self, record: Record) -> list[Chunk]:
        """A record's own chunks; a chat message is found through its conversation windows
        instead, unless it is too long to fit one. A meeting is cut into windows of its timeline."""
        if record.kind in WINDOW_ONLY and record.thread and len(record.text.split()) <= self.config.window_words:
            return []
        if record.kind == "meeting":
            return split_transcript(record, self.config.chunk_words, self.config.overlap_words)
        return split_record(record, self.config.chunk_words, self.config.overlap_words)

    def _sync(self) -> int:
        return self.store.sync_vectors(
            self.embedder, batch=self.config.batch_chunks, progress=lambda n: self.on_event(Event("embedded", count=n))
        )
