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

_ABSENT = object()


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

    The library is not edited: `watch(obj, "name", "label")` sets an attribute on that one
    object (an instance attribute shadowing a method, or a module's function) and `restore()`
    puts things back. Times are exclusive: a watched call made inside another watched call
    counts only under its own label, so the labels add up to no more than the wall time.
    """

    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.calls: defaultdict[str, int] = defaultdict(int)
        self._patched: list[tuple[Any, str, Any]] = []
        self._inner: list[float] = []
        """Per open watched call, the time spent in watched calls nested inside it."""

    def watch(self, obj: Any, name: str, label: str) -> None:
        original: Callable[..., Any] = getattr(obj, name)
        own = vars(obj).get(name, _ABSENT)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._inner.append(0.0)
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - started
                self.seconds[label] += elapsed - self._inner.pop()
                self.calls[label] += 1
                if self._inner:
                    self._inner[-1] += elapsed

        setattr(obj, name, timed)
        self._patched.append((obj, name, own))

    def restore(self) -> None:
        for obj, name, own in reversed(self._patched):
            if own is _ABSENT:
                delattr(obj, name)
            else:
                setattr(obj, name, own)
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
