"""Warm search through the daemon: p50/p95 of `DaemonClient.search` and of the `twin search` command.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/daemon_latency.py [--chunks 100000] [--queries 300] [--cli-runs 40]

Uses the cached store of `bench/search_latency.py` (`bench/.cache/home-<N/1000>k`, real MiniLM vectors),
copied to a temporary home (the daemon takes the home's locks); builds it when missing (slow).
Prints a Markdown section for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.corpus import make_queries  # noqa: E402
from bench.timing import summary_ms  # noqa: E402
from twin.client import DaemonClient, connect  # noqa: E402

TWIN = [sys.executable, "-c", "from twin.cli import main; main()"]


def _environment(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWIN_")}
    env.update(TWIN_CONFIG=str(workdir / "no-such-config.toml"), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               ANONYMIZED_TELEMETRY="False", TWIN_DAEMON__IDLE_ENRICH="false")
    return env


def _home(chunks: int, workdir: Path) -> Path:
    cached = REPO / "bench" / ".cache" / f"home-{chunks // 1000}k"  # as bench/ingest_search.py names it
    if not (cached / "bench-corpus.json").exists():
        from bench.store_build import ensure_store
        from twin.models.embedder import SentenceEmbedder

        ensure_store(cached, chunks, SentenceEmbedder())
    home = workdir / "home"
    started = time.perf_counter()
    shutil.copytree(cached, home, ignore=shutil.ignore_patterns("writer.lock", "daemon.*"))
    from bench.store_build import settle

    settle(home)  # a cache built before settle() existed: nothing for the daemon's writer to finish
    print(f"copied {cached.name} in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return home


def _start(home: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], DaemonClient, float]:
    started = time.perf_counter()
    with open(home.parent / "daemon.out", "ab") as out:
        process = subprocess.Popen([*TWIN, "--home", str(home), "daemon", "run"], env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
    while (client := connect(home)) is None:
        if process.poll() is not None:
            raise SystemExit(f"the daemon exited: {(home.parent / 'daemon.out').read_text()[-2000:]}")
        time.sleep(0.2)
    return process, client, time.perf_counter() - started


def _client_latency(client: DaemonClient, queries: list[str]) -> list[float]:
    seconds = []
    for query in queries:
        started = time.perf_counter()
        data = client.search(query)
        seconds.append(time.perf_counter() - started)
        if not data["hits"]:
            raise SystemExit(f"no hit for {query!r}")
    return seconds


def _cli_latency(twin: list[str], home: Path, env: dict[str, str], queries: list[str]) -> list[float]:
    seconds = []
    for query in queries:
        started = time.perf_counter()
        done = subprocess.run([*twin, "--home", str(home), "search", query], env=env, capture_output=True,
                              text=True, timeout=120, check=False)
        seconds.append(time.perf_counter() - started)
        if done.returncode != 0 or not done.stdout.startswith("[1] "):
            raise SystemExit(f"twin search {query!r} failed: {done.stderr[-500:]}")
    return seconds


def _in_process(home: Path, queries: list[str]) -> list[float]:
    """The same searches in this process, warm, as `twin search --no-daemon` runs them (for comparison)."""
    from retrieval import Searcher
    from twin.config import load_config
    from twin.models.embedder import make_embedder
    from twin.service.queries import search_json
    from twin.store import Store

    config = load_config(home=home)
    with Store(home) as store:
        searcher = Searcher(store, make_embedder(config.embedder.model), config.search)
        for query in queries[:20]:
            search_json(searcher, query)
        seconds = []
        for query in queries[20:]:
            started = time.perf_counter()
            search_json(searcher, query)
            seconds.append(time.perf_counter() - started)
    return seconds


def _twin_entry() -> list[str]:
    """The installed `twin` script beside this Python, as a user types it (else the -c form)."""
    script = Path(sys.executable).parent / "twin"
    return [str(script)] if script.exists() else TWIN


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--cli-runs", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="twin-daemon-bench-") as tmp:
        workdir = Path(tmp)
        env = _environment(workdir)
        home = _home(args.chunks, workdir)
        load_before = os.getloadavg()
        process, client, ready = _start(home, env)
        try:
            queries = make_queries(args.queries + 20)
            _client_latency(client, queries[:20])  # first queries fill caches: not counted
            api = summary_ms(_client_latency(client, queries[20:]))
            cli = summary_ms(_cli_latency(_twin_entry(), home, env, queries[20:20 + args.cli_runs]))
            load_after = os.getloadavg()
        finally:
            stopping = time.perf_counter()
            process.send_signal(signal.SIGTERM)
            code = process.wait(timeout=60)
            stop_seconds = time.perf_counter() - stopping
        os.environ.update({k: v for k, v in env.items() if k.startswith("TWIN_")})
        alone = summary_ms(_in_process(home, queries))
    _report(args, {"ready": ready, "stop": stop_seconds, "code": code, "load": (load_before[0], load_after[0])},
            api, cli, alone)


def _report(args: argparse.Namespace, run: dict[str, Any], api: dict[str, float], cli: dict[str, float],
            alone: dict[str, float]) -> None:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    met = "yes" if api["p50"] < 25 else "**no**"
    command = (f"HF_HUB_OFFLINE=1 .venv/bin/python bench/daemon_latency.py --chunks {args.chunks} "
               f"--queries {args.queries} --cli-runs {args.cli_runs}")
    lines = [
        "", f"## Daemon: warm search latency ({when})", "",
        f"- Command: `{command}`",
        f"- Store: the cached bench store of {args.chunks:,} chunks (real MiniLM vectors), copied to a temporary "
        "home; `twin daemon run` with the bundled MiniLM, enrichment off.",
        f"- Machine: {os.cpu_count()} cores; load average {run['load'][0]:.2f} before, {run['load'][1]:.2f} after "
        "(shared with other work).",
        f"- Daemon ready (model loaded, Chroma index warm, socket answering) {run['ready']:.1f} s after start; "
        f"SIGTERM stop took {run['stop']:.1f} s (exit {run['code']}).",
        "",
        "| Measure | p50 | p95 | max | Target | Met |",
        "|---|---|---|---|---|---|",
        f"| `DaemonClient.search`, {args.queries} queries (Unix socket round trip) | {api['p50']:.1f} ms "
        f"| {api['p95']:.1f} ms | {api['max']:.1f} ms | p50 < 25 ms | {met} |",
        f"| `twin search QUERY` with the daemon running (new process each), {args.cli_runs} runs "
        f"| {cli['p50']:.0f} ms | {cli['p95']:.0f} ms | {cli['max']:.0f} ms | | |",
        f"| For comparison: the same {args.queries} searches in one process, warm, after the daemon stopped "
        f"| {alone['p50']:.1f} ms | {alone['p95']:.1f} ms | {alone['max']:.1f} ms | | |",
        "",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
