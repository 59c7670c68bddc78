"""Ingest end to end on real files, SQLite and Chroma: counts, idempotence, bad input, crashes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

from ingest import Event, Ingester
from twin.config import IngestConfig
from twin.models.embedder import HashEmbedder
from twin.plugins import Registry
from twin.schema import Record, Skipped, Source
from twin.store import Store

from ..conftest import write


def run(store: Store, paths: list[Path], registry: Registry | None = None, events: list[Event] | None = None,
        embedder: HashEmbedder | None = None, **kw: object):  # type: ignore[no-untyped-def]
    ingester = Ingester(store, embedder or HashEmbedder(), registry or Registry(),
                        on_event=(events.append if events is not None else None), **kw)  # type: ignore[arg-type]
    return ingester.ingest(paths)


def test_ingest_twice_adds_nothing(store: Store, notes: Path) -> None:
    first = run(store, [notes])
    assert (first.added, first.updated, first.unchanged, first.skipped) == (3, 0, 0, 0)
    assert store.vectors.count() == first.chunks == 3
    second = run(store, [notes])
    assert (second.added, second.updated, second.unchanged, second.chunks) == (0, 0, 3, 0)
    assert store.vectors.count() == 3


def test_changed_file_is_updated_and_old_text_gone(store: Store, notes: Path) -> None:
    run(store, [notes])
    write(notes / "run.txt", "# 2026-02-07\n\nSwam 2 km instead. The pool was quiet.\n")
    summary = run(store, [notes])
    assert (summary.added, summary.updated, summary.unchanged) == (0, 1, 2)
    assert store.catalog.lexical("canal", 5) == []
    assert store.catalog.lexical("pool", 5)
    assert store.vectors.count() == 3


def test_bad_inputs_get_one_line_each_and_the_rest_goes_on(store: Store, notes: Path) -> None:
    (notes / "cp1252.txt").write_bytes(b"caf\x92 au lait with Anna and more words here")
    (notes / "empty.md").write_text("")
    (notes / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(200))
    events: list[Event] = []
    summary = run(store, [notes, notes / "missing.md"], events=events)
    skipped = [str(e.skipped) for e in events if e.kind == "skipped"]
    assert len(skipped) == summary.skipped == 3
    assert any("cp1252.txt: not UTF-8 (byte 0x92 at 3)" in line for line in skipped)
    assert any("empty.md: empty file" in line for line in skipped)
    assert any("missing.md: no such file or folder" in line for line in skipped)
    assert summary.added == 3
    assert summary.unsupported == {".jpg": 1}
    assert "1 files of types no connector reads (.jpg: 1)" in summary.line()


class Flaky:
    """A connector that yields two good records, a Skipped, then dies of a bug."""

    name: ClassVar[str] = "flaky"
    priority: ClassVar[int] = 10

    def can_read(self, path: Path) -> bool:
        return path.suffix == ".flaky"

    def read(self, source: Source, since: str | None) -> Iterator[Record | Skipped]:
        t = datetime(2026, 3, 1, tzinfo=UTC)
        yield Record(id="flaky:1", source=source.name, kind="message", timestamp=t, text="first message")
        yield Skipped(f"{source.path}#2", "broken line")
        yield Record(id="flaky:3", source=source.name, kind="message", timestamp=t, text="third message")
        raise RuntimeError("parser bug")


def test_a_connector_bug_keeps_what_was_read_and_the_run_goes_on(store: Store, notes: Path) -> None:
    registry = Registry()
    registry.register(Flaky)
    write(notes / "chat.flaky", "x")
    events: list[Event] = []
    summary = run(store, [notes], registry=registry, events=events)
    skipped = [str(e.skipped) for e in events if e.kind == "skipped"]
    assert any("chat.flaky#2: broken line" in s for s in skipped)
    assert any("connector flaky failed: RuntimeError('parser bug')" in s for s in skipped)
    assert summary.added == 5  # three notes and the two messages before the bug
    assert set(store.catalog.hashes(["flaky:1", "flaky:3"])) == {"flaky:1", "flaky:3"}


class DyingEmbedder(HashEmbedder):
    """Dies on its second call, like a process killed mid-ingest."""

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        if self.calls == 2:
            raise KeyboardInterrupt
        return super().embed(texts)


def test_killed_mid_ingest_loses_nothing_committed_and_rerun_completes(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    for i in range(40):
        write(folder / f"2026-01-{i % 28 + 1:02d}-n{i}.md", f"note {i} about subject{i}\n")
    with Store(home, writer=True) as store, pytest.raises(KeyboardInterrupt):
        run(store, [folder], embedder=DyingEmbedder(), config=IngestConfig(batch_chunks=8))
    with Store(home, writer=True) as store:
        committed = store.catalog.stats()["records"]
        assert 0 < committed < 40 or store.catalog.count_pending() > 0
        summary = run(store, [folder])
        assert summary.added + summary.unchanged == 40
        stats = store.catalog.stats()
        assert stats["records"] == stats["chunks"] == store.vectors.count() == 40
        assert stats["pending_vectors"] == 0


def test_named_connector_and_source(store: Store, notes: Path) -> None:
    ingester = Ingester(store, HashEmbedder(), Registry())
    summary = ingester.ingest([notes], connector="files", source="journal")
    assert summary.added == 3
    assert store.catalog.stats()["sources"].keys() == {"journal"}


def test_folder_of_10k_files(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "bulk"
    folder.mkdir()
    for i in range(10_000):
        (folder / f"n{i:05d}.txt").write_text(f"entry {i} word{i % 97}\n")
    (folder / "bad.txt").write_bytes(b"\xff\xfe\xfd not text at all \x00")
    events: list[Event] = []
    summary = run(store, [folder], events=events)
    assert summary.added == 10_000
    assert summary.skipped == 1
    assert store.vectors.count() == 10_000
