"""Enrichment: summaries, hypothetical questions and importance for chunks (being built)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from twin.config import Config
    from twin.models.embedder import Embedder
    from twin.store import Store

__all__ = ["background_pass"]


def background_pass(store: Store, embedder: Embedder, config: Config, *, budget_seconds: float,
                    should_stop: Callable[[], bool],
                    progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """One idle-time pass for the daemon: enrich pending chunks, then reflect if due, within
    `budget_seconds`, returning early when `should_stop()` is true. `store` is open as writer.
    Returns counts: `enriched`, `rejected`, `reflections`. `progress(done, total)` as it goes."""
    return {"enriched": 0, "rejected": 0, "reflections": 0}
