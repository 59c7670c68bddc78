"""Cold CLI: a new `twin` process per call, as a user at a shell would start it."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ColdResult", "measure_cli"]


@dataclass
class ColdResult:
    help_seconds: list[float]
    search_seconds: list[float]

    @staticmethod
    def median(values: list[float]) -> float:
        return statistics.median(values)


def _environment(workdir: Path) -> dict[str, str]:
    """This environment without any TWIN_ setting, a config path that does not exist, offline."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWIN_")}
    env.update(TWIN_CONFIG=str(workdir / "no-such-config.toml"), HF_HUB_OFFLINE="1",
               TRANSFORMERS_OFFLINE="1", ANONYMIZED_TELEMETRY="False")
    return env


def _run(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(args, check=False, env=env, capture_output=True, text=True, timeout=300)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return seconds, done.stdout


def measure_cli(twin: Path, home: Path, queries: list[str], workdir: Path, runs: int = 5) -> ColdResult:
    """`twin --help` and `twin --home HOME search QUERY`, `runs` times each, one new process per call."""
    env = _environment(workdir)
    help_seconds = [_run([str(twin), "--help"], env)[0] for _ in range(runs)]
    search_seconds = []
    for query in queries[:runs]:
        seconds, out = _run([str(twin), "--home", str(home), "search", query], env)
        if not out.startswith("[1] "):
            raise SystemExit(f"twin search {query!r} printed no hits: {out[:200]!r}")
        search_seconds.append(seconds)
    return ColdResult(help_seconds, search_seconds)
