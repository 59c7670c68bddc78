"""The backend without a daemon: retrieval's public API over a read-only store, in this process."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.backend import (
    Asked,
    AskEvent,
    IngestProgress,
    Notice,
    Reading,
    Scope,
    StatusView,
    TimeChip,
    Token,
)
from tui.browse import Browser, Browsing, scope_filters
from twin.errors import TwinError
from twin.schema import Hit

if TYPE_CHECKING:
    from ingest import Event
    from retrieval import Retrieval, Searcher
    from twin.config import Config
    from twin.models.embedder import Embedder
    from twin.models.generator import Generator
    from twin.schema import Answer, Source
    from twin.store import Store

__all__ = ["InProcessBackend"]

logger = logging.getLogger(__name__)
KEEP_ERRORS = 50


class InProcessBackend(Browsing):
    """Searches and answers in this process; syncs by running an ingest when no daemon holds the writer lock.

    Collaborators may be passed in (tests share one store and embedder across apps); otherwise
    they are opened on first use, in the worker that needs them.
    """

    label = "in-process"

    def __init__(self, config: Config, *, store: Store | None = None, embedder: Embedder | None = None,
                 generator: Generator | bool | None = True) -> None:
        self.config = config
        self._store = store
        self._owns_store = store is None
        self._embedder = embedder
        self._generator = generator
        self._lock = threading.Lock()
        self.browser = Browser(config.home, store.catalog if store is not None else None)
        self._progress: IngestProgress | None = None
        self._errors: list[str] = []
        self._synced: dict[str, str] = {}
        self._syncing: set[str] = set()

    # -- collaborators, opened lazily -----------------------------------------------------

    def _searcher(self) -> Searcher:
        from retrieval import Searcher
        from twin.models.embedder import make_embedder
        from twin.store import Store

        if self._store is None:
            self._store = Store(self.config.home, chroma_url=self.config.store.chroma_url)
        if self._embedder is None:
            cfg = self.config.embedder
            self._embedder = make_embedder(cfg.model, batch_size=cfg.batch_size, threads=cfg.threads)
        return Searcher(self._store, self._embedder, self.config.search)

    def _generator_for(self) -> Generator | None:
        if self._generator is True:
            from twin.models.generator import make_generator

            self._generator = make_generator(self.config.generator, self.config.home)
        return self._generator or None

    def close(self) -> None:
        self.browser.close()
        if self._owns_store and self._store is not None:
            self._store.close()
            self._store = None

    # -- asking ---------------------------------------------------------------------------

    def warm(self) -> None:
        with self._lock:
            self._searcher().search("warm up", k=1)

    def search(self, query: str, *, scope: Scope, now: datetime | None, k: int | None = None) -> list[Hit]:
        from retrieval import retrieve

        with self._lock:
            found = retrieve(self._searcher(), query, k=k, filters=scope_filters(scope), now=now)
        return [r.hit for r in found.ranked]

    def ask_stream(self, question: str, *, scope: Scope, now: datetime | None) -> Iterator[AskEvent]:
        from retrieval import NOTHING_FOUND, Answerer

        with self._lock:
            answer, found = Answerer(self._searcher()).respond(question, filters=scope_filters(scope), now=now)
            generator = self._generator_for()
        reading = _reading(found)
        yield reading
        if generator is None or answer.answer == NOTHING_FOUND or not found.generated():
            yield Asked(answer, reading)
            return
        yield from self._composed(question, answer, found, generator, reading=reading, now=now)

    def _composed(self, question: str, answer: Answer, found: Retrieval, generator: Generator, *,
                  reading: Reading, now: datetime | None) -> Iterator[AskEvent]:
        """The generated answer as it streams, checked against the evidence (`compose_stream`)."""
        from retrieval.compose import Composed, compose_stream

        cfg = self.config.generator
        for event in compose_stream(question, found.ranked, generator, now=now or datetime.now().astimezone(),
                                    fallback=lambda: answer, min_similarity=self.config.search.min_similarity,
                                    vouched={hit.chunk_id for hit in answer.citations},
                                    max_tokens=cfg.max_tokens, temperature=cfg.temperature):
            if isinstance(event, Composed):
                if event.warning:
                    yield Notice(event.warning)
                yield Asked(event.answer, reading)
                return
            yield Token(event)

    # -- sources --------------------------------------------------------------------------

    def status(self) -> StatusView:
        stats = self.browser.stats()
        configured = {name: (connector, where) for name, connector, where in self.browser.sources()}
        sources: dict[str, dict[str, Any]] = {}
        for name in sorted(set(configured) | set(stats["sources"])):
            connector = configured[name][0] if name in configured else "(ingested once)"
            sources[name] = {
                "connector": connector, "last_sync": self._synced.get(name),
                "records": stats["sources"].get(name, {}).get("records", 0), "errors": 0, "last_error": "",
                "state": "syncing" if name in self._syncing else "idle",
            }
        progress = self._progress
        data = {"store": stats, "sources": sources, "progress": {"ingest": None, "enrich": None}, "errors": []}
        view = StatusView.from_json(data, self.label)
        return replace(view, ingest=progress, errors=tuple(self._errors))

    def sync(self, names: tuple[str, ...] = ()) -> str:
        configured = {s.name: s for s in self._configured()}
        unknown = [n for n in names if n not in configured]
        if unknown:
            return f"no source named {unknown[0]!r}"
        if not configured:
            return "no sources configured: add a folder first (a)"
        chosen = [configured[n] for n in names] if names else list(configured.values())
        return self._ingest(chosen)

    def add_folder(self, path: Path, name: str | None = None) -> str:
        from twin.schema import Source
        from twin.store import Store

        folder = path.expanduser().resolve()
        if not folder.is_dir():
            return f"{folder} is not a folder"
        taken = {s.name for s in self._configured()}
        name = name or _free_name(folder.name or "files", taken)
        if name in taken:
            return f"a source named {name!r} exists already"
        source = Source(name, "files", folder, {})
        try:
            with Store(self.config.home, chroma_url=self.config.store.chroma_url, writer=True) as store:
                store.catalog.add_source(source)
        except TwinError as exc:
            return str(exc)
        return f"added folder {folder} as {name}; " + self._ingest([source])

    def _configured(self) -> list[Source]:
        with self.browser._lock:
            return self.browser.catalog.sources()

    def _ingest(self, sources: list[Source]) -> str:
        """Run an ingest of `sources`, reporting progress to `status()`; one line back."""
        from ingest import Ingester
        from twin.plugins import Registry
        from twin.store import Store

        self._syncing = {s.name for s in sources}
        self._progress = IngestProgress("starting", 0, None, sources[0].name if sources else "")
        try:
            with self._lock:
                self._searcher()  # the embedder, shared with search
            assert self._embedder is not None
            with Store(self.config.home, chroma_url=self.config.store.chroma_url, writer=True) as store:
                ingester = Ingester(store, self._embedder, Registry(), self.config.ingest, on_event=self._on_event)
                summary = ingester.sync(sources)
        except TwinError as exc:
            return str(exc)  # the daemon holds the writer lock: its message says so in one line
        finally:
            self._progress = None
            self._syncing = set()
        stamp = datetime.now().astimezone().isoformat(timespec="seconds")
        self._synced.update({s.name: stamp for s in sources})
        return summary.line()

    def _on_event(self, event: Event) -> None:
        progress = self._progress or IngestProgress("reading", 0, None, "")
        if event.kind == "source" and event.source is not None:
            progress = IngestProgress("reading", progress.done, None, event.source.name)
        elif event.kind == "record":
            progress = IngestProgress("reading", progress.done + event.count, None, progress.source)
        elif event.kind == "embedded":
            progress = IngestProgress("embedding", progress.done + event.count, None, progress.source)
        elif event.kind == "skipped" and event.skipped is not None:
            self._errors = [*self._errors, f"{progress.source}: {event.skipped}"][-KEEP_ERRORS:]
        self._progress = progress


def _reading(found: Retrieval) -> Reading:
    understood = found.understood
    chip = TimeChip(understood.time_range.label, found.narrowed) if understood.time_range is not None else None
    return Reading(chip, tuple(understood.people), understood.intent)


def _free_name(base: str, taken: set[str]) -> str:
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    return name
