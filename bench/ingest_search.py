"""Benchmark: ingest rate vs raw encode, warm search on 100k chunks, cold CLI; see bench/RESULTS.md.

Run from the repository root: `.venv/bin/python bench/ingest_search.py [--quick]`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # `bench` is not an installed package
for _var, _value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"), ("ANONYMIZED_TELEMETRY", "False")):
    os.environ.setdefault(_var, _value)

from bench.cold_cli import measure_cli  # noqa: E402
from bench.corpus import make_queries  # noqa: E402
from bench.ingest_rate import measure_ingest  # noqa: E402
from bench.machine import Busy, changed_sources, commit, describe, load_average  # noqa: E402
from bench.report import Run, append_results, render  # noqa: E402
from bench.search_latency import measure_search  # noqa: E402
from bench.store_build import ensure_store  # noqa: E402
from twin.models.embedder import SentenceEmbedder  # noqa: E402

CACHE = REPO / "bench" / ".cache"
RESULTS = REPO / "bench" / "RESULTS.md"
FULL = {"notes": 400, "chunks": 100_000}
QUICK = {"notes": 100, "chunks": 10_000}
QUERIES = 200
CLI_RUNS = 5


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 notes and a 10k-chunk store: checks the script.")
    parser.add_argument("--rebuild", action="store_true", help="Build the cached search store again.")
    parser.add_argument("--record", action=argparse.BooleanOptionalAction, default=None,
                        help="Append to bench/RESULTS.md (default: full runs yes, quick runs no).")
    return parser.parse_args(argv)


def command_line(argv: list[str]) -> str:
    return " ".join(["HF_HUB_OFFLINE=1", ".venv/bin/python", "bench/ingest_search.py", *argv])


def stage(name: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {name}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    sizes = QUICK if args.quick else FULL
    warnings.filterwarnings("ignore", category=FutureWarning)  # a renamed sentence-transformers method
    started, load_before, busy, first_commit = time.monotonic(), load_average(), Busy().start(), commit(REPO)
    started_at = time.time()
    stage(f"loading the embedder (load average {load_before[0]:.2f})")
    embedder = SentenceEmbedder()
    embedder.load()
    others: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="twin-bench-") as tmp:
        workdir = Path(tmp)
        stage(f"ingest rate: {sizes['notes']} notes")
        phase = Busy().start()
        ingest = measure_ingest(embedder, workdir / "ingest", sizes["notes"])
        others["ingest"] = phase.others_cores()
        home = CACHE / f"home-{sizes['chunks'] // 1000}k"
        stage(f"search store: {home}")
        phase.start()
        built = ensure_store(home, sizes["chunks"], embedder, rebuild=args.rebuild)
        others["store"] = phase.others_cores()
        stage(f"warm search: {QUERIES} queries x 3 filters, twice")
        phase.start()
        search = measure_search(home, embedder, QUERIES)
        others["search"] = phase.others_cores()
        stage(f"cold CLI: {CLI_RUNS} x --help, {CLI_RUNS} x search")
        phase.start()
        twin = Path(sys.executable).parent / "twin"
        cold = measure_cli(twin, home, make_queries(CLI_RUNS, seed=5), workdir, CLI_RUNS)
        others["cold CLI"] = phase.others_cores()
    kind = "quick run (--quick: small sizes, not for the targets)" if args.quick else "full run"
    run = Run(
        title=f"{time.strftime('%Y-%m-%d %H:%M %Z', time.localtime(started_at))} {kind}", command=command_line(argv),
        commit=first_commit, commit_after=commit(REPO), changed=changed_sources(REPO, started_at),
        machine=describe(), load_before=load_before, load_after=load_average(),
        others_cores=busy.others_cores(), others_by_stage=others, minutes=(time.monotonic() - started) / 60,
        ingest=ingest, built=built, search=search, cold=cold,
    )
    section = render(run)
    print(section)
    if args.record if args.record is not None else not args.quick:
        append_results(RESULTS, section)
        stage(f"appended to {RESULTS}")


if __name__ == "__main__":
    main()
