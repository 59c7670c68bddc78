"""The Chroma side on disk: reads survive a transient error of Chroma's log, and only that; a
reader sees what another process wrote."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from twin.errors import StoreError
from twin.store import vectors as vectors_module
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
def index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> VectorIndex:
    monkeypatch.setattr(vectors_module, "EXACT_BELOW", 0)  # every read goes to Chroma
    monkeypatch.setattr(vectors_module, "EXACT_TTL", 1e9)  # and counts only when asked to
    index = VectorIndex(tmp_path / "chroma")
    vectors = np.eye(3, 8, dtype=np.float32)
    index.upsert(["a", "b", "c"], vectors, [{"kind": "note"}] * 3)
    return index


@pytest.fixture
def shared(index: VectorIndex) -> Iterator[VectorIndex]:
    """A second client of the path in this process (as in the daemon): no reopening then."""
    other = VectorIndex(index.path)
    other.collection()
    yield index
    other.close()


MESSAGES = [BACKFILL, "Error executing plan: Internal error: Error finding id"]


@pytest.mark.parametrize("message", MESSAGES)
def test_a_read_is_tried_again_after_a_transient_error(shared: VectorIndex, message: str) -> None:
    index = shared
    for read in (index.count, lambda: index.query(np.eye(1, 8, dtype=np.float32)[0], 2),
                 lambda: sorted(index.vectors(["b", "c"]))):
        expected = read()
        flaky = Flaky(index.collection(), 2, message)
        index._collection = flaky
        assert read() == expected
        assert flaky.calls == 3  # two failures, then the answer
        index._collection = flaky.collection


@pytest.mark.parametrize("message", MESSAGES)
def test_a_reader_alone_loads_the_index_again_after_a_transient_error(index: VectorIndex, message: str) -> None:
    """The error stays until the segments are loaded again (seen: every try failed)."""
    probe = np.array([1.0, 0.5, 0.2, 0, 0, 0, 0, 0], dtype=np.float32)
    expected = index.query(probe, 2)
    flaky = Flaky(index.collection(), 100, message)
    index._collection = flaky
    assert index.query(probe, 2) == expected
    assert flaky.calls == 1
    assert index.collection() is not flaky


def test_other_errors_and_a_lasting_backfill_error_are_reported(shared: VectorIndex) -> None:
    index = shared
    flaky = Flaky(index.collection(), 1, "no such collection")
    index._collection = flaky
    with pytest.raises(StoreError, match=r"cannot count vectors at .*: no such collection"):
        index.count()
    assert flaky.calls == 1
    flaky = Flaky(index.collection(), 100, BACKFILL)
    index._collection = flaky
    with pytest.raises(StoreError, match="backfill"):
        index.count()
    assert flaky.calls == vectors_module.READ_TRIES


def test_a_small_collection_is_searched_exactly(tmp_path: Path) -> None:
    """Below EXACT_BELOW vectors the search is exact (Chroma rebuilds a small collection's HNSW
    graph in every process, and its approximate hits changed from run to run), with the same
    filters Chroma applies, and sees this process's writes at once."""
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(400, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = [f"c{i:03d}" for i in range(400)]
    meta = [{"start": i * 10, "end": i * 10 + 5, "source": "files" if i % 3 else "mbox", "kind": "note"}
            for i in range(400)]
    index = VectorIndex(tmp_path / "chroma")
    index.upsert(ids, vectors, meta)
    where = {"$and": [{"end": {"$gte": 1000}}, {"start": {"$lt": 3000}}, {"source": {"$in": ["mbox"]}}]}
    passing = [i for i, m in enumerate(meta) if m["end"] >= 1000 and m["start"] < 3000 and m["source"] == "mbox"]
    for query in rng.normal(size=(10, 16)).astype(np.float32):
        unit = query / np.linalg.norm(query)
        exact = [ids[i] for i in np.argsort(-(vectors @ unit))[:50]]
        found = index.query(query, 50)
        assert [cid for cid, _ in found] == exact
        assert found[0][1] == pytest.approx(float(vectors[ids.index(exact[0])] @ unit), abs=1e-5)
        filtered = [ids[i] for i in sorted(passing, key=lambda i: -float(vectors[i] @ unit))[:20]]
        assert [cid for cid, _ in index.query(query, 20, where=where)] == filtered
        some = ids[100:140]
        assert {cid for cid, _ in index.query(query, 10, ids=some)} <= set(some)
    index.upsert(["new"], vectors[:1] * -1, [{"start": 0, "end": 0, "source": "files", "kind": "note"}])
    assert index.query(-vectors[0], 1)[0][0] == "new"
    index.delete(["new"])
    assert index.query(-vectors[0], 1)[0][0] != "new"


def test_a_reader_sees_vectors_another_writer_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A long-lived reader (the TUI) keeps an exact copy; a vector replaced by another writer at
    the same collection size reaches it after EXACT_MAX_AGE (0 here)."""
    writer, reader = VectorIndex(tmp_path / "chroma"), VectorIndex(tmp_path / "chroma")
    vectors = np.eye(3, 8, dtype=np.float32)
    writer.upsert(["a", "b", "c"], vectors, [{"kind": "note"}] * 3)
    assert reader.query(vectors[0], 1)[0][0] == "a"
    writer.upsert(["a"], -vectors[0:1], [{"kind": "note"}])  # "a" now points the other way
    assert reader.query(vectors[0], 1)[0][0] == "a"  # within the check interval: the copy it has
    monkeypatch.setattr(vectors_module, "EXACT_TTL", 0.0)
    monkeypatch.setattr(vectors_module, "EXACT_MAX_AGE", 0.0)
    assert reader.query(vectors[0], 1)[0][0] != "a"


def seed(path: Path, prefix: str, n: int = 500) -> None:
    """`n` vectors written by a client that is closed again, as another run would leave them."""
    index = VectorIndex(path)
    index.upsert([f"{prefix}{i}" for i in range(n)], np.random.default_rng(1).normal(size=(n, 16)).astype(np.float32),
                 [{"kind": "note"}] * n)
    index.close()


WRITER = """
import sys
import numpy as np
from pathlib import Path
from twin.store.vectors import VectorIndex
index = VectorIndex(Path(sys.argv[1]))
vectors = np.random.default_rng(2).normal(size=(3000, 16)).astype(np.float32)
for start in range(0, 3000, 100):
    index.upsert([f"new{i}" for i in range(start, start + 100)], vectors[start:start + 100], [{"kind": "note"}] * 100)
index.close()
"""


def test_a_reader_sees_vectors_another_process_wrote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Chroma's reader kept answering from the 500 vectors it had loaded while it counted 3,500
    (the TUI beside a `twin ingest`): it loads the index again when the size changed."""
    monkeypatch.setattr(vectors_module, "EXACT_BELOW", 0)
    monkeypatch.setattr(vectors_module, "EXACT_TTL", 0.0)
    rng = np.random.default_rng(1)
    writer = VectorIndex(tmp_path / "chroma")
    writer.upsert([f"old{i}" for i in range(500)], rng.normal(size=(500, 16)).astype(np.float32),
                  [{"kind": "note"}] * 500)
    writer.close()
    reader = VectorIndex(tmp_path / "chroma")
    assert reader.query(np.ones(16, dtype=np.float32), 1)[0][0].startswith("old")
    subprocess.run([sys.executable, "-c", WRITER, str(tmp_path / "chroma")], check=True, timeout=120)
    new = np.random.default_rng(2).normal(size=(3000, 16)).astype(np.float32)
    assert reader.count() == 3500
    assert [cid for cid, _ in reader.query(new[1234], 1)] == ["new1234"]
    reader.close()


REINDEX = """
import sys
import numpy as np
from pathlib import Path
from twin.store.vectors import VectorIndex
index = VectorIndex(Path(sys.argv[1]))
index.reset()
vectors = np.random.default_rng(3).normal(size=(500, 16)).astype(np.float32)
index.upsert([f"c{i}" for i in range(500)], vectors, [{"kind": "note"}] * 500)
index.close()
"""


@pytest.mark.parametrize("exact_below", [0, 2000])
def test_a_reader_survives_a_reindex_by_another_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        exact_below: int) -> None:
    """`twin reindex` in one terminal, the TUI open in another: the collection the reader had
    open is gone ("Collection … does not exist" on every read before), and the new one has as
    many vectors, other ones."""
    monkeypatch.setattr(vectors_module, "EXACT_BELOW", exact_below)
    monkeypatch.setattr(vectors_module, "EXACT_TTL", 0.0)
    seed(tmp_path / "chroma", "c")
    reader = VectorIndex(tmp_path / "chroma")
    assert reader.count() == 500
    reader.query(np.ones(16, dtype=np.float32), 1)
    subprocess.run([sys.executable, "-c", REINDEX, str(tmp_path / "chroma")], check=True, timeout=120)
    new = np.random.default_rng(3).normal(size=(500, 16)).astype(np.float32)
    assert reader.count() == 500
    assert [cid for cid, _ in reader.query(new[123], 1)] == ["c123"]
    reader.close()


def test_a_process_with_several_clients_loads_the_index_again_when_it_becomes_the_writer(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The daemon's readers and writer share one Chroma system. Started while a `twin ingest`
    held the writer lock, they loaded the index before its work; the writer, once it has the
    lock, loads it again for all of them (`reload`), or it would write on top of the old one."""
    monkeypatch.setattr(vectors_module, "EXACT_BELOW", 0)
    monkeypatch.setattr(vectors_module, "EXACT_TTL", 0.0)
    seed(tmp_path / "chroma", "old")
    reader, writer = VectorIndex(tmp_path / "chroma"), VectorIndex(tmp_path / "chroma")
    reader.query(np.ones(16, dtype=np.float32), 1)
    writer.count()
    subprocess.run([sys.executable, "-c", WRITER, str(tmp_path / "chroma")], check=True, timeout=120)
    new = np.random.default_rng(2).normal(size=(3000, 16)).astype(np.float32)
    assert reader.count() == 3500
    assert reader.query(new[1234], 1)[0][0] != "new1234"  # Chroma answers from what it had loaded
    writer.reload()
    assert [cid for cid, _ in reader.query(new[1234], 1)] == ["new1234"]
    assert [cid for cid, _ in writer.query(new[17], 1)] == ["new17"]
    reader.close()
    writer.close()


def test_a_reindex_elsewhere_is_survived_beside_another_client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a second client in the process (no reopening), the dropped collection's handle is
    let go and the new collection opened through the shared system."""
    monkeypatch.setattr(vectors_module, "EXACT_BELOW", 0)
    seed(tmp_path / "chroma", "c")
    reader, other = VectorIndex(tmp_path / "chroma"), VectorIndex(tmp_path / "chroma")
    reader.count()
    other.count()
    subprocess.run([sys.executable, "-c", REINDEX, str(tmp_path / "chroma")], check=True, timeout=120)
    assert reader.count() == 500
    reader.close()
    other.close()


def test_closing_without_the_gate_keeps_the_client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Closed without the gate, Chroma's count of the system's users was never released, and
    every later reopening got the same old system back."""
    from twin.store import gate as gate_module

    index = VectorIndex(tmp_path / "chroma")
    index.upsert(["a"], np.eye(1, 8, dtype=np.float32), [{"kind": "note"}])
    monkeypatch.setattr(gate_module, "GATE_WAIT", 0.3)
    other = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path / "chroma")], stdout=subprocess.PIPE, text=True)
    assert other.stdout is not None and other.stdout.readline().strip() == "in"
    assert index.close() is False
    assert index._client is not None
    other.kill()
    other.wait()
    assert index.close() is True
    assert index._client is None


HOLD = """
import sys, time
from pathlib import Path
from twin.store.gate import ChromaGate
with ChromaGate.for_path(Path(sys.argv[1])).held():
    print("in", flush=True)
    time.sleep(30)
"""
