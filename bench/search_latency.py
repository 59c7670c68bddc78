"""Warm search latency on a built store: unfiltered, time-filtered, source-filtered, and where the time goes."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from bench.corpus import END, START, make_queries
from bench.timing import Stopwatch, percentile, summary_ms
from retrieval import Searcher
from twin.config import SearchConfig
from twin.models.embedder import Embedder
from twin.schema import to_epoch
from twin.store import Filters, Store

__all__ = ["MODES", "SearchResult", "measure_search"]

MODES = ("unfiltered", "time filter", "source filter")
WINDOW_DAYS = (30, 91, 365)
"""Time filters of one month, a quarter or a year: about 3, 8 or 33 % of three years."""
SOURCE_FILTERS = (("signal",), ("journal",), ("notes", "journal"))
"""About 20, 15 and 40 % of the chunks."""
PARTS = {
    "query embedding": ("embedder", "embed"),
    "dense (Chroma query)": ("vectors", "query"),
    "lexical (FTS5 BM25)": ("catalog", "lexical"),
    "ids passing the filter (catalog.chunk_ids)": ("catalog", "chunk_ids"),
    "catalog rows": ("catalog", "chunk_rows"),
    "vectors of lexical-only hits (Chroma get)": ("vectors", "vectors"),
    "meta checks": ("catalog", "get_meta"),
}
"""The steps of `Searcher.rank`; the remainder (fusion, Hit building) is reported as `rest`."""


@dataclass
class SearchResult:
    chunks: int
    queries: int
    latency: dict[str, dict[str, float]] = field(default_factory=dict)
    """Per mode: p50, p95, max, mean in ms."""
    parts: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    """Per mode, per part: p50 and mean in ms, from a second, instrumented pass."""
    empty: dict[str, int] = field(default_factory=dict)
    """Queries with no hit, per mode (a sanity check that the queries match the corpus)."""


def _filters(mode: str, n: int, seed: int = 4) -> list[Filters]:
    rng = random.Random(seed)
    if mode == "unfiltered":
        return [Filters()] * n
    if mode == "source filter":
        return [Filters(sources=rng.choice(SOURCE_FILTERS)) for _ in range(n)]
    out = []
    for _ in range(n):
        days = rng.choice(WINDOW_DAYS)
        since = START + timedelta(days=rng.uniform(0, (END - START).days - days))
        out.append(Filters(since=to_epoch(since), until=to_epoch(since + timedelta(days=days))))
    return out


def _parts_of(store: Store, embedder: Embedder) -> list[tuple[object, str, str]]:
    owners = {"embedder": embedder, "vectors": store.vectors, "catalog": store.catalog}
    # A step the library no longer has is left out; its time, if any, shows as `rest`.
    return [(owners[owner], method, label) for label, (owner, method) in PARTS.items()
            if hasattr(owners[owner], method)]


def _timed_pass(searcher: Searcher, queries: list[str], filters: list[Filters],
                watch: Stopwatch | None = None) -> tuple[list[float], list[dict[str, float]], int]:
    """Seconds per query, the seconds per part of each (when watched), and how many found nothing."""
    seconds, parts, empty = [], [], 0
    for query, flt in zip(queries, filters, strict=True):
        if watch is not None:
            watch.reset()
        started = time.perf_counter()
        hits = searcher.search(query, k=10, filters=flt)
        seconds.append(time.perf_counter() - started)
        empty += not hits
        if watch is not None:
            got = watch.snapshot()
            got["rest"] = seconds[-1] - sum(got.values())
            parts.append(got)
    return seconds, parts, empty


def measure_search(home: Path, embedder: Embedder, queries: int, warmup: int = 10) -> SearchResult:
    texts = make_queries(warmup + queries)
    with Store(home) as store:
        searcher = Searcher(store, embedder, SearchConfig())
        result = SearchResult(store.catalog.stats()["chunks"], queries)
        for query in texts[:warmup]:
            searcher.search(query, k=10)
        measured = texts[warmup:]
        for mode in MODES:
            seconds, _, empty = _timed_pass(searcher, measured, _filters(mode, queries))
            result.latency[mode] = summary_ms(seconds)
            result.empty[mode] = empty
        watch = Stopwatch()
        with watch.watching(_parts_of(store, embedder)):
            for mode in MODES:
                seconds, parts, _ = _timed_pass(searcher, measured, _filters(mode, queries), watch)
                labels = [*PARTS, "rest"]
                result.parts[mode] = {
                    label: {"p50": percentile([p.get(label, 0.0) * 1000 for p in parts], 50),
                            "mean": sum(p.get(label, 0.0) for p in parts) * 1000 / len(parts)}
                    for label in labels
                }
                result.parts[mode]["total"] = summary_ms(seconds)
    return result
