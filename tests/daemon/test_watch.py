"""The real daemon keeps watched folders and the inbox in the store: new, changed, moved, deleted, half-written."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from twin.client import DaemonClient

from .conftest import REPO_FIXTURES, DaemonProcess, note, twin, wait_for


def _watched(tmp_path: Path, daemon: DaemonProcess) -> tuple[Path, DaemonClient]:
    folder = tmp_path / "notes"
    note(folder, "kyoto.md", "# Kyoto plans\n\nWe booked a ryokan in Kyoto for three nights.\n")
    assert twin("sources", "add", "files", "notes", str(folder)).exit_code == 0
    client = daemon.start()
    assert client is not None
    wait_for(lambda: _locations(client, "ryokan"), what="the first sync")
    return folder, client


def test_new_changed_moved_and_deleted_files_follow(tmp_path: Path, daemon: DaemonProcess) -> None:
    folder, client = _watched(tmp_path, daemon)
    started = time.monotonic()
    note(folder, "trip/budget.md", "# Zebra budget\n\nAnna said the zebra budget is cut to 32,000 EUR.\n")
    wait_for(lambda: _locations(client, "zebra"), what="a new file")
    assert time.monotonic() - started < 5
    note(folder, "trip/budget.md", "# Zebra budget\n\nNow the giraffe fund pays for it.\n")
    wait_for(lambda: _locations(client, "giraffe"), what="a changed file")
    assert _locations(client, "zebra") == []
    (folder / "trip/budget.md").rename(folder / "moved.md")
    wait_for(lambda: _locations(client, "giraffe") == [str(folder / "moved.md")], what="a moved file")
    (folder / "moved.md").unlink()
    wait_for(lambda: _locations(client, "giraffe") == [], what="a deleted file")
    shutil.rmtree(folder / "trip")
    status = client.status()
    assert status["sources"]["notes"]["records"] == 1
    assert status["sources"]["notes"]["state"] in ("watching", "syncing")


def _locations(client: DaemonClient, query: str) -> list[str]:
    """Where the hits that hold `query` come from (the meaning search adds others)."""
    return [h["location"] for h in client.search(query)["hits"] if query in h["text"]]


def test_a_burst_of_files_is_ingested_in_batches(tmp_path: Path, daemon: DaemonProcess) -> None:
    folder, client = _watched(tmp_path, daemon)
    n = 10_000
    for i in range(n):
        note(folder, f"burst/{i // 1000}/n{i}.md", f"# Burst {i}\n\nword{i} appears only in note {i}.\n")
    wait_for(lambda: client.status()["sources"]["notes"]["records"] == n + 1, timeout=240, every=1.0,
             what="10k files")
    assert _locations(client, "word9876") == [str(folder / "burst/9/n9876.md")]
    assert client.status()["store"]["pending_vectors"] == 0


def test_a_file_still_being_written_waits_for_its_close(tmp_path: Path, daemon: DaemonProcess) -> None:
    folder, client = _watched(tmp_path, daemon)
    with open(folder / "growing.md", "w", encoding="utf-8") as handle:
        handle.write("# Growing\n\nthe first half mentions aardvark\n")
        handle.flush()
        time.sleep(2.0)  # well past the debounce: a plain timer would ingest half a file
        assert _locations(client, "aardvark") == []
        handle.write("and the second half mentions okapi\n")
    wait_for(lambda: _locations(client, "okapi"), what="the closed file")
    assert _locations(client, "aardvark") == [str(folder / "growing.md")]


def test_an_export_dropped_in_the_inbox_is_imported(tmp_path: Path, daemon: DaemonProcess, home: Path) -> None:
    client = daemon.start()
    assert client is not None
    mbox = next(REPO_FIXTURES.glob("mail/*.mbox"))
    shutil.copy(mbox, home / "inbox" / mbox.name)
    wait_for(lambda: client.status()["sources"].get("inbox", {}).get("last_sync"), what="the inbox import")
    store = client.status()["store"]
    assert store["records"] > 0 and "mbox" in store["sources"]
    records = store["records"]
    daemon.terminate()
    client = daemon.start()
    assert client is not None
    time.sleep(1.0)  # the restart looks at the inbox again: an unchanged export is not read twice
    assert client.status()["store"]["records"] == records


def test_a_folder_added_through_the_api_is_watched(tmp_path: Path, daemon: DaemonProcess) -> None:
    client = daemon.start()
    assert client is not None
    folder = tmp_path / "later"
    note(folder, "a.md", "# Alpaca\n\nThe alpaca farm visit.\n")
    added = client.add_folder(folder)
    assert added == {"name": "later", "connector": "files", "path": str(folder.resolve()), "queued": ["later"]}
    wait_for(lambda: _locations(client, "alpaca"), what="the added folder's sync")
    note(folder, "b.md", "# Llama\n\nThe llama trek.\n")
    wait_for(lambda: _locations(client, "llama"), what="a file in the added folder")
    assert client.sync() == {"queued": ["later"]}
