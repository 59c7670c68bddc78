"""The Chroma side on disk: reads survive a transient error of Chroma's log, and only that."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from twin.errors import StoreError
from twin.store.vectors import VectorIndex

BACKFILL = ("Error executing plan: Error sending backfill request to compactor: "
            "Failed to apply logs to the hnsw segment writer")


class Flaky:
    """A real collection whose next `failures` reads raise `message` first (what a reader in a
    second process gets while the daemon writes: seen in CI, not reproducible on demand)."""

    def __init__(self, collection: Any, failures: int, message: str) -> None:
        self.collection, self.failures, self.message, self.calls = collection, failures, message, 0

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.collection, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            if self.failures > 0:
                self.failures -= 1
                raise RuntimeError(self.message)
            return method(*args, **kwargs)

        return call


@pytest.fixture
def index(tmp_path: Path) -> VectorIndex:
    index = VectorIndex(tmp_path / "chroma")
    vectors = np.eye(3, 8, dtype=np.float32)
    index.upsert(["a", "b", "c"], vectors, [{"kind": "note"}] * 3)
    return index


def test_a_read_is_tried_again_after_a_backfill_error(index: VectorIndex) -> None:
    for read in (index.count, lambda: index.query(np.eye(1, 8, dtype=np.float32)[0], 2),
                 lambda: sorted(index.vectors(["b", "c"]))):
        expected = read()
        flaky = Flaky(index.collection(), 2, BACKFILL)
        index._collection = flaky
        assert read() == expected
        assert flaky.calls == 3  # two failures, then the answer
        index._collection = flaky.collection


def test_other_errors_and_a_lasting_backfill_error_are_reported(index: VectorIndex) -> None:
    flaky = Flaky(index.collection(), 1, "no such collection")
    index._collection = flaky
    with pytest.raises(StoreError, match=r"cannot count vectors at .*: no such collection"):
        index.count()
    assert flaky.calls == 1
    flaky = Flaky(index.collection(), 100, BACKFILL)
    index._collection = flaky
    with pytest.raises(StoreError, match="backfill"):
        index.count()
    assert flaky.calls == 4
