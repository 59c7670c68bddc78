"""The machine a run happened on, and how busy other work kept it (benchmarks here share the box)."""

from __future__ import annotations

import os
import platform
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Busy", "changed_sources", "commit", "describe", "load_average"]

LIBRARY = ("twin", "ingest", "retrieval", "connectors")


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()


def _busy_jiffies() -> tuple[int, int]:
    """(busy, total) CPU jiffies over all cores since boot, from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields[:8]) - idle, sum(fields[:8])


@dataclass
class Busy:
    """CPU time used on the whole machine minus this process (and its waited-for children).

    The 1-minute load average counts this benchmark too; this tells how much *other* work
    competed for the two cores during the run.
    """

    started: float = 0.0
    busy0: int = 0
    ours0: float = 0.0

    def start(self) -> Busy:
        self.started = time.monotonic()
        self.busy0 = _busy_jiffies()[0]
        self.ours0 = _own_cpu()
        return self

    def others_cores(self) -> float:
        """Average number of cores that other processes kept busy since `start`."""
        wall = time.monotonic() - self.started
        tick = os.sysconf("SC_CLK_TCK")
        machine = (_busy_jiffies()[0] - self.busy0) / tick
        ours = _own_cpu() - self.ours0
        return max(0.0, machine - ours) / wall if wall > 0 else 0.0


def _own_cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def commit(repo: Path) -> str:
    """The short commit of `repo`, read with `git rev-parse` (nothing is written)."""
    try:
        out = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
                             check=False, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return out.stdout.strip() or "unknown"


def changed_sources(repo: Path, since: float) -> list[str]:
    """Library source files modified after `since` (epoch seconds): the checkout changed under the run.

    The benchmark does not run git beyond `rev-parse`, so uncommitted edits show only this way.
    """
    changed = []
    for package in LIBRARY:
        for path in (repo / package).rglob("*.py"):
            try:
                if path.stat().st_mtime > since:
                    changed.append(str(path.relative_to(repo)))
            except OSError:  # removed while we looked
                continue
    return sorted(changed)


def describe() -> str:
    """`2 cores, 24 GiB, Intel Xeon ..., Linux 6.x, Python 3.11.x`."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().split("\n"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} cores, {memory:.0f} GiB, {model or platform.processor()}, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}")
