"""kill -9 at random points of a large ingest: after a restart nothing committed is lost and nothing
is duplicated in the catalog, FTS or Chroma; and 1,000 API queries during an ingest all succeed.

`TWIN_KILL_TRIALS=20 pytest -m stress tests/daemon` runs the long version; by default 3 trials.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from connectors.files import FilesConnector
from ingest.chunking import split_record
from twin.client import DaemonClient
from twin.config import IngestConfig
from twin.store import Store

from .conftest import TWIN, DaemonProcess, note, twin, wait_for

TRIALS = int(os.environ.get("TWIN_KILL_TRIALS", "3"))
WORDS = ["budget", "kyoto", "ryokan", "canal", "sourdough", "festival", "harz", "portugues", "photosynthesis",
         "checklist"]


def _text(rng: random.Random, tag: str) -> str:
    """About 300 words: three chunks each, so that a kill can land between a record and its vectors."""
    body = " ".join(rng.choice(WORDS) for _ in range(300))
    return f"# Note {tag}\n\n{tag} {body}\n"


def _mutate(folder: Path, rng: random.Random, trial: int, n: int) -> None:
    files = sorted(folder.glob("*.md"))
    for path in rng.sample(files, min(len(files), n)):
        path.write_text(_text(rng, f"t{trial}x{path.stem}"), encoding="utf-8")
    for i in range(n):
        note(folder, f"t{trial}n{i}.md", _text(rng, f"t{trial}n{i}"))
    for path in rng.sample(sorted(folder.glob("*.md")), n // 4):
        path.unlink()


def _idle(client: DaemonClient, expected: int) -> bool:
    status = client.status()
    store = status["store"]
    return (status["progress"]["ingest"] is None and store["sources"].get("notes", {}).get("records") == expected
            and store["pending_vectors"] == 0 and store["pending_vector_deletes"] == 0)


def _check_store(home: Path, folder: Path) -> None:
    """The store holds exactly the folder: one record per file with its content hash, its chunks
    once each in the catalog, FTS and Chroma."""
    reader = FilesConnector()
    records = [reader.read_file(path, "notes") for path in sorted(folder.glob("*.md"))]
    expected = {r.id: r.content_hash for r in records}  # type: ignore[union-attr]
    config = IngestConfig()
    chunk_ids = {c.id for r in records for c in split_record(r, config.chunk_words, config.overlap_words)}  # type: ignore[arg-type]
    with Store(home) as store:
        db = store.catalog.db
        assert dict(db.execute("SELECT id, content_hash FROM records WHERE source = 'notes'").fetchall()) == expected
        stored = [row[0] for row in db.execute("SELECT id FROM chunks")]
        assert len(stored) == len(set(stored)) and set(stored) == chunk_ids
        assert db.execute("SELECT count(*) FROM chunks_fts").fetchone()[0] == len(chunk_ids)
        db.execute("INSERT INTO chunks_fts(chunks_fts) VALUES ('integrity-check')")
        assert store.catalog.count_pending() == 0 and not store.catalog.vector_deletes()
        got = store.vectors.collection().get(include=[])["ids"]
        assert len(got) == len(set(got)) and set(got) == chunk_ids


@pytest.mark.stress
def test_kill_9_at_random_points_of_a_large_ingest(tmp_path: Path, daemon: DaemonProcess, home: Path) -> None:
    rng = random.Random(int(os.environ.get("TWIN_KILL_SEED", "8")))
    folder = tmp_path / "notes"
    for i in range(600):
        note(folder, f"base{i}.md", _text(rng, f"base{i}"))
    assert twin("sources", "add", "files", "notes", str(folder)).exit_code == 0
    mid_ingest = 0
    for trial in range(TRIALS):
        _mutate(folder, rng, trial, 200)  # changed while the daemon was down: the startup sync
        client = daemon.start()
        assert client is not None
        _mutate(folder, rng, trial + 1000, 100)  # changed while it runs: the watcher
        time.sleep(rng.uniform(0.0, 2.0))
        mid_ingest += client.status()["progress"]["ingest"] is not None
        daemon.kill9()
    assert mid_ingest, "no kill landed during an ingest: the test proves nothing"
    print(f"{mid_ingest} of {TRIALS} kills landed during an ingest", file=sys.stderr)
    client = daemon.start()
    assert client is not None
    expected = len(list(folder.glob("*.md")))
    wait_for(lambda: _idle(client, expected), timeout=120, every=0.5, what="the resumed ingest")
    code, _ = daemon.terminate()
    assert code == 0
    _check_store(home, folder)


def test_1000_queries_during_an_ingest_never_fail(tmp_path: Path, daemon: DaemonProcess, home: Path) -> None:
    rng = random.Random(3)
    folder = tmp_path / "notes"
    note(folder, "first.md", _text(rng, "first"))
    assert twin("sources", "add", "files", "notes", str(folder)).exit_code == 0
    client = daemon.start()
    assert client is not None
    stop = threading.Event()

    def write_files() -> None:
        for i in range(3000):
            if stop.is_set():
                return
            note(folder, f"n{i}.md", _text(rng, f"n{i}"))

    writer = threading.Thread(target=write_files)
    writer.start()
    wait_for(lambda: client.status()["progress"]["ingest"] is not None, what="the ingest to start")
    errors: list[str] = []
    ingesting: list[bool] = []

    def query(n: int) -> None:
        try:
            if n % 100 == 0:
                ingesting.append(client.status()["progress"]["ingest"] is not None)
            data = client.search(f"what did n{n * 3} say about the {WORDS[n % len(WORDS)]}", k=5)
            assert data["hits"], "no hit"
        except Exception as exc:
            errors.append(repr(exc))

    started = time.monotonic()
    try:
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(query, range(1000)))
        # The in-process path (another process's SQLite and Chroma readers) must not fail either.
        env = dict(os.environ, TWIN_NO_DAEMON="1")
        cold = subprocess.run([*TWIN, "search", "kyoto", "--json"], env=env, capture_output=True, text=True,
                              timeout=120)
    finally:
        stop.set()
        writer.join()
    seconds = time.monotonic() - started
    assert errors == []
    assert cold.returncode == 0, cold.stderr
    assert sum(ingesting) >= 3, f"the ingest ran during only {sum(ingesting)} of {len(ingesting)} samples"
    assert seconds < 60, f"1000 queries took {seconds:.1f} s"
    print(f"1000 queries during the ingest in {seconds:.1f} s", file=sys.stderr)
