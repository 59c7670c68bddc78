"""The results as Markdown: one table against the targets, two of where the time goes; RESULTS.md upkeep."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench.cold_cli import ColdResult
from bench.ingest_rate import ENCODE, IngestResult
from bench.search_latency import MODES, SearchResult
from bench.store_build import Built

__all__ = ["HEADER", "Run", "append_results", "render"]

HEADER = """# twin benchmarks

`bench/ingest_search.py` measures ingest, warm search and the cold CLI against the targets of
the benchmark issue. Run it from the repository root:

    HF_HUB_OFFLINE=1 .venv/bin/python bench/ingest_search.py           # full: 400 notes, 100k chunks
    HF_HUB_OFFLINE=1 .venv/bin/python bench/ingest_search.py --quick   # 100 notes, 10k chunks: checks the script

The search store is built once with real MiniLM vectors and cached in `bench/.cache/home-<N>`
(git-ignored; `--rebuild` forces a new one, and a home the current code cannot open is rebuilt):
building 100k chunks takes 20-35 minutes on 2 cores, a full run with the cache about 7, a quick
run with its cache about 2. A full run appends a dated section below; a quick run only prints
its table (`--record` appends it too).

What the numbers mean:

- **Raw encode**: the bundled all-MiniLM-L6-v2 through sentence-transformers, warm, encoding
  every chunk's `embed_text` (cut by `ingest.chunking.split_record` from the notes as the files
  connector reads them) in batches of `IngestConfig().batch_chunks`. Timed before and after
  the ingest; the rate uses their mean.
- **Ingest**: `Ingester(...).ingest([folder])` of the same notes into a fresh store with the
  same warm embedder: reading, chunking, catalog + FTS5, encode, Chroma. There is no
  enrichment step in the pipeline, so "enrichment off" is the default. Both sides use the
  source name `bench`, so the embedded texts are identical (the script checks this).
  **Ingest / raw** is the ratio of the two rates (target >= 0.8).
- **Re-ingest**: the same folder again; nothing may be added or embedded.
- **Search**: `Searcher(store, embedder, SearchConfig()).search(q, k=10)` in one warm process
  (model loaded), over 200 seeded queries after 10 warm-ups: unfiltered (target p50 < 25 ms),
  with a 1-, 3- or 12-month `Filters(since, until)` window, and with `Filters(sources=...)`
  (15-40 % of the chunks). The breakdown comes from a second pass with stopwatches on the
  searcher's collaborators; `rest` is everything else (fusion, building hits, any step not
  listed). The catalog caches term and filter statistics, so the second pass can be faster.
- **Cold CLI**: a new process per call, `TWIN_CONFIG` pointing at a missing file: `twin --help`
  (target < 0.5 s) and `twin --home bench/.cache/home-<N> search "..."` (target < 2.5 s),
  5 times each, median and max. The OS file cache is warm (the benchmark just read everything).
- **Other work on the machine**: load average before and after, and the average number of
  cores that processes other than the benchmark kept busy during the run (from /proc/stat).
"""


@dataclass
class Run:
    title: str
    command: str
    commit: str
    commit_after: str
    changed: list[str]
    """Library files modified while the benchmark ran."""
    machine: str
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    others_cores: float
    others_by_stage: dict[str, float]
    minutes: float
    ingest: IngestResult
    built: Built
    search: SearchResult
    cold: ColdResult


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def _ms(stats: dict[str, float]) -> str:
    return f"p50 {stats['p50']:.1f} ms · p95 {stats['p95']:.1f} ms · max {stats['max']:.1f} ms"


def _targets(run: Run) -> list[str]:
    ing, s, cold = run.ingest, run.search, run.cold
    raw = " / ".join(f"{x:.1f}" for x in ing.raw_seconds)
    others = " / ".join(f"{x:.2f}" for x in ing.others_cores)
    unf = s.latency["unfiltered"]
    encode = ing.parts[ENCODE]
    outside = ing.ingest_seconds - encode
    rows = [
        "| Measure | Result | Target | Met |",
        "|---|---|---|---|",
        f"| Raw encode, {ing.chunks} chunks of {ing.notes} notes | {ing.raw_rate:.1f} chunks/s "
        f"({raw} s before / after ingest) | | |",
        f"| Cores used by other processes during raw / ingest / raw | {others} | | |",
        f"| Ingest, enrichment off, fresh store | {ing.ingest_rate:.1f} chunks/s ({ing.ingest_seconds:.1f} s) | | |",
        f"| Ingest / raw encode | {ing.ratio:.2f} | >= 0.8 | {_met(ing.ratio >= 0.8)} |",
        f"| Ingest time outside encode | {outside:.2f} s of {ing.ingest_seconds:.1f} s "
        f"({outside / ing.ingest_seconds:.1%}); encode inside ingest ran at {ing.chunks / encode:.1f} chunks/s | | |",
        f"| Re-ingest of the same folder | {ing.reingest_seconds:.2f} s, {ing.reingest_added} added, "
        f"{ing.reingest_unchanged} unchanged, {ing.reingest_embedded} embedded | adds nothing | "
        f"{_met(ing.reingest_added == 0 and ing.reingest_embedded == 0)} |",
        f"| Warm search, {s.chunks:,} chunks, unfiltered | {_ms(unf)} | p50 < 25 ms | {_met(unf['p50'] < 25)} |",
        f"| Warm search, time filter | {_ms(s.latency['time filter'])} | | |",
        f"| Warm search, source filter | {_ms(s.latency['source filter'])} | | |",
        f"| `twin --help`, cold | median {cold.median(cold.help_seconds):.2f} s · max "
        f"{max(cold.help_seconds):.2f} s | < 0.5 s | {_met(cold.median(cold.help_seconds) < 0.5)} |",
        f"| `twin search`, cold, {s.chunks:,} chunks | median {cold.median(cold.search_seconds):.2f} s · max "
        f"{max(cold.search_seconds):.2f} s | < 2.5 s | {_met(cold.median(cold.search_seconds) < 2.5)} |",
    ]
    return rows


def _ingest_parts(ing: IngestResult) -> list[str]:
    rows = ["| Step of the timed ingest | Seconds | Share | Calls |", "|---|---|---|---|"]
    for label, seconds in sorted(ing.parts.items(), key=lambda kv: -kv[1]):
        calls = ing.calls.get(label, "")
        rows.append(f"| {label} | {seconds:.2f} | {seconds / ing.ingest_seconds:.1%} | {calls} |")
    rows.append(f"| total | {ing.ingest_seconds:.2f} | 100% | |")
    return rows


def _search_parts(s: SearchResult) -> list[str]:
    rows = ["| Step (ms per query, p50 / mean) | " + " | ".join(MODES) + " |", "|---|" + "---|" * len(MODES)]
    labels = [label for label in s.parts[MODES[0]] if label != "total"]
    for label in labels:
        cells = [f"{s.parts[m][label]['p50']:.2f} / {s.parts[m][label]['mean']:.2f}" for m in MODES]
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    totals = [f"{s.parts[m]['total']['p50']:.2f} / {s.parts[m]['total']['mean']:.2f}" for m in MODES]
    rows.append("| total (instrumented pass) | " + " | ".join(totals) + " |")
    return rows


def render(run: Run) -> str:
    b = run.built
    if b.reused:
        build = f"reused the cached store {b.home.name}"
    else:
        rate = b.chunks / b.embed_seconds if b.embed_seconds else 0.0
        build = (f"built {b.home.name}{' (resumed)' if b.resumed else ''}: catalog {b.write_seconds:.0f} s, "
                 f"encode + Chroma {b.embed_seconds:.0f} s ({rate:.0f} chunks/s)")
    empty = ", ".join(f"{mode} {n}" for mode, n in run.search.empty.items())
    lines = [
        f"## {run.title}",
        "",
        f"- Command: `{run.command}`",
        f"- Commit: {run.commit} · Machine: {run.machine}",
        *_moved(run),
        f"- Other work on the machine: load average {_load(run.load_before)} before, "
        f"{_load(run.load_after)} after (the after figure includes this benchmark); processes other "
        f"than the benchmark kept {run.others_cores:.2f} of the 2 cores busy on average ("
        + ", ".join(f"{stage} {cores:.2f}" for stage, cores in run.others_by_stage.items()) + ").",
        f"- Duration {run.minutes:.1f} min; search store: {build}.",
        f"- Queries without any hit: {empty}; Chroma imported in {run.ingest.chroma_import_seconds:.1f} s "
        "before the ingest was timed.",
        "",
        *_targets(run),
        "",
        "Where ingest time goes (exclusive time per step, stopwatches on the live collaborators):",
        "",
        *_ingest_parts(run.ingest),
        "",
        "Where search time goes (second, instrumented pass over the same queries):",
        "",
        *_search_parts(run.search),
        "",
    ]
    return "\n".join(lines)


def _moved(run: Run) -> list[str]:
    lines = []
    if run.commit_after != run.commit:
        lines.append(f"- HEAD moved from {run.commit} to {run.commit_after} during the run (someone else works in "
                     "this checkout): ingest and warm search ran the code imported at the start, the cold CLI the "
                     "later one.")
    if run.changed:
        shown = ", ".join(run.changed[:8]) + (f" and {len(run.changed) - 8} more" if len(run.changed) > 8 else "")
        lines.append(f"- Library files edited while the benchmark ran: {shown}.")
    return lines


def _load(values: tuple[float, float, float]) -> str:
    return " / ".join(f"{v:.2f}" for v in values)


def append_results(path: Path, section: str) -> None:
    """Create RESULTS.md with its header if needed, then add `section` at the end."""
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    path.write_text(text.rstrip("\n") + "\n\n" + section, encoding="utf-8")
