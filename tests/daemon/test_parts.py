"""The service's parts in-process: the work list, which records a deleted file leaves, the watcher's
debouncing, the state report, and idle enrichment through the real daemon."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from twin.plugins import Registry
from twin.schema import Source
from twin.service.files import inbox_stamp, per_file, readable_files, stale_records, watched
from twin.service.state import MAX_ERRORS, ServiceState
from twin.service.watcher import Watcher
from twin.service.work import Job, Work

from ..store.test_vectors import WRITER, seed
from .conftest import DaemonProcess, note, twin, wait_for


def test_work_merges_and_orders_jobs(tmp_path: Path) -> None:
    work = Work(batch_paths=2)
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    work.files("notes", {a: True, b: True})
    work.files("notes", {a: False, c: True})  # a deleted after it changed: one entry, the last word
    work.inbox(tmp_path / "x.mbox")
    work.sync("mail")
    work.sync("mail")
    assert work.take(0) == Job("sync", "mail")
    assert work.take(0) == Job("files", "notes", changed=(b,), deleted=(a,))
    assert work.take(0) == Job("files", "notes", changed=(c,))
    assert work.take(0) == Job("inbox", path=tmp_path / "x.mbox")
    assert work.take(0) is None and not work.pending()
    work.sync("notes")
    work.files("notes", {a: True, b: False})  # a whole sync reads a; it does not forget b
    assert work.take(0) == Job("sync", "notes")
    assert work.take(0) == Job("files", "notes", deleted=(b,))
    work.files("notes", {a: True, b: False})
    work.sync("notes")  # queued after the changes: the same
    assert work.take(0) == Job("sync", "notes")
    assert work.take(0) == Job("files", "notes", deleted=(b,))


def test_stale_records_are_those_whose_file_is_gone(tmp_path: Path) -> None:
    kept = note(tmp_path, "docs/kept.pdf", "x")
    root = tmp_path / "docs"
    ids = [f"files:{kept}", f"pdf:{kept}/page/1", f"files:{root}/gone.md", f"pdf:{root}/old.pdf/page/2",
           f"files:{root}/sub/deep.md", f"files:{tmp_path}/elsewhere.md"]
    assert stale_records(ids, [f"files:{root}", f"pdf:{root}"]) == ids[2:5]
    assert stale_records(ids, [f"files:{root}/gone.md"]) == [ids[2]]
    assert stale_records(ids, [f"files:{root}/gone"]) == []  # a prefix of a name is not its folder


def test_which_files_a_source_reads(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    files = [note(folder, "a.md", "# A\n\ntext\n"), note(folder, ".hidden.md", "x"),
             note(folder, "node_modules/b.md", "x"), note(folder, "sub/c.txt", "some text\n")]
    (folder / "img.bin").write_bytes(b"\x00\x01")
    source = Source("notes", "files", folder)
    registry = Registry()
    assert per_file(registry, source)
    assert not per_file(registry, Source("one", "files", files[0]))
    assert readable_files(registry, source, [folder / "a.md", folder / "img.bin", folder / ".hidden.md",
                                             folder / "sub"]) == [files[0], files[3]]
    assert watched(folder, files[3]) and not watched(folder, files[2]) and not watched(folder, tmp_path / "x")
    stamp = inbox_stamp(folder)
    note(folder, "sub/c.txt", "some more text\n")
    assert inbox_stamp(folder) != stamp and inbox_stamp(tmp_path / "gone") is None


def test_the_watcher_waits_for_quiet_and_for_the_close(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    work, state = Work(), ServiceState()
    watcher = Watcher(Registry(), work, state, inbox=tmp_path / "inbox", debounce=0.3, max_write_wait=60)
    watcher.start([Source("notes", "files", folder)])
    try:
        with open(folder / "a.md", "w") as handle:
            handle.write("# A\n")
            handle.flush()
            time.sleep(1.0)
            assert not work.pending()  # changed, quiet for long enough, but still open
        job = wait_for(lambda: work.take(0), timeout=5, what="the closed file")
        assert job == Job("files", "notes", changed=(folder / "a.md",))
        (folder / "a.md").unlink()
        assert wait_for(lambda: work.take(0), timeout=5) == Job("files", "notes", deleted=(folder / "a.md",))
        assert state.sources == {} or state.sources["notes"].state == "watching"
    finally:
        watcher.stop()


def test_the_state_keeps_the_last_errors() -> None:
    state = ServiceState()
    state.ensure("notes", "files")
    state.set_base("notes", "watching")
    for n in range(MAX_ERRORS + 5):
        state.error("notes", f"skipped n{n}.md:\n  empty file")
    snap = state.snapshot({"notes": 4})
    assert snap["sources"]["notes"] == {"connector": "files", "last_sync": None, "records": 4,
                                        "errors": MAX_ERRORS + 5, "last_error": "skipped n24.md: empty file",
                                        "state": "watching"}
    assert len(snap["errors"]) == MAX_ERRORS and snap["errors"][0]["message"] == "skipped n5.md: empty file"
    state.set_state("notes", "syncing")
    state.error("notes", "cannot read the folder", broken=True)
    state.back_to_base("notes")
    assert state.snapshot({})["sources"]["notes"]["state"] == "error"


def test_enrichment_runs_when_idle(tmp_path: Path, daemon: DaemonProcess, home: Path) -> None:
    daemon.env.update(TWIN_DAEMON__IDLE_ENRICH="true", TWIN_DAEMON__IDLE_SECONDS="0.5",
                      TWIN_DAEMON__IDLE_LOAD="1000")
    folder = tmp_path / "notes"
    note(folder, "2026-04-09.md", "# Budget\n\nAnna said the research budget is cut from 40,000 to 32,000 EUR.\n")
    assert twin("sources", "add", "files", "notes", str(folder)).exit_code == 0
    client = daemon.start()
    assert client is not None
    log = home / "logs" / "daemon.log"
    # The bundled model through llama.cpp, in the daemon's writer thread, once the daemon is idle.
    wait_for(lambda: "idle enrichment: enriched 1" in log.read_text(), timeout=120, what="an idle enrichment pass")
    assert client.status()["store"]["enrichment"]["enriched"] == 1


def test_the_writer_loads_the_index_again_after_waiting_for_another_writer(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Started while a `twin ingest` held the writer lock, the daemon's readers and writer loaded
    the vector index before that ingest's work. Once the writer has the lock, they load it again:
    the readers see the new vectors, and the writer does not write on top of the old index."""
    import subprocess
    import sys
    import threading

    import numpy as np

    from twin.config import Config
    from twin.models.embedder import HashEmbedder
    from twin.service import writer as writer_module
    from twin.store import Store, WriterLock
    from twin.store import vectors as vectors_module

    monkeypatch.setattr(vectors_module, "EXACT_BELOW", 0)
    monkeypatch.setattr(vectors_module, "EXACT_TTL", 0.0)
    monkeypatch.setattr(writer_module, "LOCK_RETRY", 0.05)
    home = tmp_path / "home"
    seed(home / "chroma", "old")
    other = WriterLock(home)  # the one-shot ingest
    other.acquire()
    reader, store = Store(home), Store(home)
    reader.vectors.query(np.ones(16, dtype=np.float32), 1)
    store.vectors.collection()
    stop = threading.Event()
    writer = writer_module.Writer(Config(home=home, path=tmp_path / "none.toml"), HashEmbedder(), Registry(),
                                  store=store, work=Work(1), state=ServiceState(), stop=stop)
    got: list[object] = []
    waiting = threading.Thread(target=lambda: got.append(writer._acquire()))
    waiting.start()
    subprocess.run([sys.executable, "-c", WRITER, str(home / "chroma")], check=True, timeout=120)
    other.release()
    waiting.join(30)
    assert got and got[0] is not None
    new = np.random.default_rng(2).normal(size=(3000, 16)).astype(np.float32)
    assert [cid for cid, _ in reader.vectors.query(new[1234], 1)] == ["new1234"]
    got[0].release()  # type: ignore[attr-defined]
    reader.close()
    store.close()
