"""Percentiles, and per-method stopwatches patched onto live objects to see where time goes."""

from __future__ import annotations

import functools
import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

__all__ = ["Stopwatch", "percentile", "summary_ms"]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation, as numpy's default does."""
    if not values:
        return math.nan
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    """p50, p95, max and mean in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return {"p50": percentile(ms, 50), "p95": percentile(ms, 95), "max": max(ms, default=math.nan),
            "mean": sum(ms) / len(ms) if ms else math.nan}


class Stopwatch:
    """Accumulates wall time per label for methods it wraps on given instances.

    The library is not edited: `watch(obj, "method", "label")` sets an instance attribute
    that shadows the method, and `restore()` deletes it again. Nested wrapped calls are
    counted in both labels, so only wrap calls that do not call each other.
    """

    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.calls: defaultdict[str, int] = defaultdict(int)
        self._patched: list[tuple[Any, str]] = []

    def watch(self, obj: Any, method: str, label: str) -> None:
        original: Callable[..., Any] = getattr(obj, method)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] += time.perf_counter() - started
                self.calls[label] += 1

        setattr(obj, method, timed)
        self._patched.append((obj, method))

    def restore(self) -> None:
        for obj, method in reversed(self._patched):
            delattr(obj, method)
        self._patched.clear()

    def reset(self) -> None:
        self.seconds.clear()
        self.calls.clear()

    def snapshot(self) -> dict[str, float]:
        return dict(self.seconds)

    @contextmanager
    def watching(self, targets: Sequence[tuple[Any, str, str]]) -> Iterator[Stopwatch]:
        for obj, method, label in targets:
            self.watch(obj, method, label)
        try:
            yield self
        finally:
            self.restore()
