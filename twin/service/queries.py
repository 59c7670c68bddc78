"""Search and ask as JSON: one code path for `twin search`/`twin ask` in-process and for the daemon's API."""

from __future__ import annotations

import itertools
import queue
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from twin.errors import TwinError
from twin.store.catalog import Catalog

if TYPE_CHECKING:
    from retrieval import Answerer, Retrieval, Searcher
    from twin.config import Config, GeneratorConfig
    from twin.models.embedder import Embedder
    from twin.models.generator import Generator
    from twin.store import Filters, Store

__all__ = [
    "Generators", "Reader", "Readers", "ask_events", "generator_config", "make_filters", "parse_now", "search_json",
    "store_status", "understood_json",
]

GetGenerator = Callable[["GeneratorConfig"], "tuple[Generator | None, threading.Lock | None]"]


def make_filters(data: Mapping[str, Any] | None) -> Filters:
    """The Filters of `{"since", "until", "person", "sources"}`, the strings the CLI options take."""
    from retrieval.timefilter import parse_bound
    from twin.store import Filters

    data = data or {}
    since, until = data.get("since"), data.get("until")
    return Filters(
        since=parse_bound(str(since), end=False) if since else None,
        until=parse_bound(str(until), end=True) if until else None,
        sources=tuple(str(s) for s in data.get("sources") or ()),
        person=str(data.get("person") or ""),
    )


def parse_now(value: str | None) -> datetime | None:
    """`--now`: the reference time for "last week" and "in April" (default: the clock)."""
    if not value:
        return None
    from retrieval.timefilter import parse_bound

    return datetime.fromtimestamp(parse_bound(value, end=False))  # naive: local time, DST and all


FILL_HITS = 4
"""Without `--k`, `twin search` gives at most this many times `k` hits while they hold fewer
than `fill_words` words: chat hits cut to the lines that bear on the question are about 20
words, and 20 of them left a page of 500 words unfilled (bench/personal: all evidence within
500 words 76.2 at 20 hits, 77.8 at 40)."""


def search_json(searcher: Searcher, query: str, *, k: int | None = None, filters: Filters | None = None,
                now: datetime | None = None, mode: str = "fused") -> dict[str, Any]:
    """What `twin search --json` prints."""
    from retrieval import retrieve
    from twin.store import Filters

    if mode not in ("fused", "dense", "lexical"):
        raise TwinError(f"unknown search mode {mode!r}: fused, dense or lexical")
    fill = searcher.config.fill_words if k is None else 0
    found = retrieve(searcher, query, k=FILL_HITS * searcher.config.k if fill else k, filters=filters or Filters(),
                     now=now, mode=mode)
    hits = found.ranked
    if fill:  # the default: `k` hits, more while they hold fewer than `fill_words` words
        words = list(itertools.accumulate(len(r.hit.text.split()) for r in hits))
        hits = hits[:max(searcher.config.k, next((i + 1 for i, w in enumerate(words) if w >= fill), len(hits)))]
    return {"query": query, "hits": [r.hit.to_json() for r in hits], **understood_json(found)}


def understood_json(found: Retrieval) -> dict[str, Any]:
    """`found.to_json()` with the time range's label, so a client prints it without retrieval's code."""
    data = found.to_json()
    time_range = found.understood.time_range
    if data.get("time_range") is not None and time_range is not None:
        data["time_range"]["label"] = time_range.label
    return data


def ask_events(answerer: Answerer, question: str, *, filters: Filters | None, now: datetime | None,
               config: GeneratorConfig, home: Path, min_similarity: float,
               generators: GetGenerator) -> Iterator[dict[str, Any]]:
    """`twin ask` as events: first `{"token": "", "understood": ...}` (what the question was read
    as), then `{"token": str}` as the generator writes and `{"warning": str}`, last
    `{"answer": <the ask --json dict>, "replaced": bool, "generated": bool}`; `replaced` says that
    the final text is not what was streamed."""
    from retrieval import NOTHING_FOUND
    from twin.models.generator import remote_notice_once
    from twin.store import Filters

    answer, found = answerer.respond(question, filters=filters or Filters(), now=now)
    understood = understood_json(found)
    yield {"token": "", "understood": understood}
    generator, lock = (None, None)
    if config.kind != "none" and answer.answer != NOTHING_FOUND and found.generated():
        generator, lock = generators(config)
    if generator is None:
        yield {"answer": {**answer.to_json(), **understood}, "replaced": False, "generated": False}
        return
    if config.kind == "remote" and (notice := remote_notice_once(home, config)):
        yield {"warning": notice}
    with lock or threading.Lock():
        yield from _composed(question, answer, found, generator, now=now, config=config,
                             min_similarity=min_similarity, understood=understood)


def _composed(question: str, answer: Any, found: Any, generator: Generator, *, now: datetime | None,
              config: GeneratorConfig, min_similarity: float, understood: dict[str, Any]) -> Iterator[dict[str, Any]]:
    from retrieval.compose import Composed, compose_stream

    for event in compose_stream(question, found.ranked, generator, now=now or datetime.now().astimezone(),
                                fallback=lambda: answer, min_similarity=min_similarity,
                                vouched={hit.chunk_id for hit in answer.citations},
                                max_tokens=config.max_tokens, temperature=config.temperature):
        if isinstance(event, str):
            yield {"token": event}
            continue
        assert isinstance(event, Composed)
        if event.warning:
            yield {"warning": event.warning}
        yield {"answer": {**event.answer.to_json(), **understood}, "replaced": event.replaced,
               "generated": event.generated}


class Generators:
    """Generators kept loaded between questions, one per configuration, each used by one
    question at a time (llama.cpp is not reentrant)."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self._made: dict[GeneratorConfig, tuple[Generator | None, threading.Lock]] = {}
        self._lock = threading.Lock()

    def __call__(self, config: GeneratorConfig) -> tuple[Generator | None, threading.Lock | None]:
        from twin.models.generator import make_generator

        with self._lock:
            if config not in self._made:
                self._made[config] = (make_generator(config, self.home), threading.Lock())
            return self._made[config]


class ReadCatalog(Catalog):
    """A catalog handle for queries that reads a set meta value (which embedder built the index)
    at most once a second: every search reads them, and on the connection the lexical search thread
    shares, each read waited for BM25 to finish (7 ms of a 40 ms search at 100k chunks)."""

    META_TTL = 1.0

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self._meta: dict[str, tuple[float, str]] = {}
        # A warm page cache of its own (64 MiB) and memory-mapped reads: BM25 over the text
        # index was 15 % faster at 100k chunks.
        self.db.execute("PRAGMA cache_size=-65536")
        self.db.execute("PRAGMA mmap_size=268435456")

    def get_meta(self, key: str) -> str | None:
        now = time.monotonic()
        cached = self._meta.get(key)
        if cached is not None and now - cached[0] < self.META_TTL:
            return cached[1]
        value = super().get_meta(key)
        if value is not None:  # unset (nothing embedded yet): asked again next time
            self._meta[key] = (now, value)
        return value


@dataclass(frozen=True)
class Reader:
    """A read handle on the store with its searcher (which keeps per-query state: one user at a time)."""

    store: Store
    searcher: Searcher
    answerer: Answerer


class Readers:
    """A pool of warm read handles: each has its own SQLite connection (WAL: never blocked by
    the writer), and shares the process's Chroma system and the embedder."""

    def __init__(self, config: Config, embedder: Embedder, size: int) -> None:
        from retrieval import Answerer, Searcher
        from twin.store import Store

        self.config = config
        self._all: list[Reader] = []
        self._free: queue.Queue[Reader] = queue.Queue()
        for _ in range(max(1, size)):
            store = Store(config.home, chroma_url=config.store.chroma_url)
            store.catalog.close()
            store.catalog = ReadCatalog(config.home / "twin.db")
            store.vectors.collection()  # here, not in racing threads: Chroma's shared system starts once
            searcher = Searcher(store, embedder, config.search)
            reader = Reader(store, searcher, Answerer(searcher))
            self._all.append(reader)
            self._free.put(reader)

    def warm(self) -> None:
        """Open Chroma, load its index and run one query through every handle."""
        for reader in self._all:
            reader.searcher.rank("warm up", k=1)

    @contextmanager
    def reader(self, timeout: float = 60.0) -> Iterator[Reader]:
        try:
            reader = self._free.get(timeout=timeout)
        except queue.Empty:
            raise TwinError(f"no query handle free after {timeout:.0f} s; the daemon is overloaded") from None
        try:
            yield reader
        finally:
            self._free.put(reader)

    def close(self) -> None:
        for reader in self._all:
            reader.store.close()


def store_status(store: Store, home: Path) -> dict[str, Any]:
    """What `twin status --json` prints: the catalog's counts, per source, and the vectors."""
    stats = store.catalog.stats()
    stats["home"] = str(home)
    stats["embedder"] = store.catalog.get_meta("embedder")
    stats["vectors"] = store.vectors.count() if stats["embedder"] else 0
    return stats


def generator_config(config: GeneratorConfig, kind: str | None) -> GeneratorConfig:
    """The configured generator, or the one `--generator` names."""
    return config if not kind else replace(config, kind=kind)
