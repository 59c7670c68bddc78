"""Conversation windows on a real store: built, kept, rebuilt only where a chat changed, forgotten."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import ClassVar

import pytest

from ingest import Ingester
from ingest.conversation import windows
from retrieval import Searcher
from twin.config import IngestConfig
from twin.models.embedder import HashEmbedder
from twin.plugins import Registry
from twin.schema import Item, Record, Source
from twin.store import Store

T0 = datetime(2026, 3, 14, 9, 0, tzinfo=timezone(timedelta(hours=1)))
CHAT: list[tuple[int, str, str]] = [  # minutes after T0, speaker, text
    (0, "Anna", "Did you see the new budget numbers?"),
    (1, "Maya", "Yes, 32,000 instead of 40,000. Painful."),
    (2, "Anna", "We move the usability study to May then."),
    (3, "Maya", "Fine, I'll book the lab for 19-21 May."),
    (600, "Anna", "Morning! Lab confirmed?"),  # ten hours later: a new session
    (601, "Maya", "Confirmed, room 2."),
]


class ChatConnector:
    """Reads a tiny chat format: one `minute|speaker|text` line per message."""

    name: ClassVar[str] = "testchat"
    priority: ClassVar[int] = 90

    def can_read(self, path: Path) -> bool:
        return path.suffix == ".chat"

    def read(self, source: Source, since: str | None) -> Iterator[Item]:
        assert source.path is not None
        for n, line in enumerate(source.path.read_text().splitlines()):
            minute, speaker, text = line.split("|", 2)
            yield Record(id=f"testchat:{source.path.stem}/{minute}", source=source.name, kind="message",
                         timestamp=T0 + timedelta(minutes=int(minute)), text=text, title="Atlas chat",
                         author=speaker, participants=(speaker,), thread=f"testchat:{source.path.stem}",
                         location=f"{source.path}#line{n + 1}")


def write_chat(path: Path, lines: list[tuple[int, str, str]]) -> Path:
    path.write_text("\n".join(f"{m}|{s}|{t}" for m, s, t in lines) + "\n")
    return path


@pytest.fixture
def ingester(store: Store) -> Ingester:
    registry = Registry()
    registry.register(ChatConnector)
    return Ingester(store, HashEmbedder(), registry, IngestConfig(window_words=30, window_overlap=1))


def window_texts(store: Store) -> list[str]:
    return [r[0] for r in store.catalog.db.execute("SELECT text FROM chunks WHERE id LIKE '%#w%' ORDER BY start_ts, id")]


def test_messages_are_found_through_windows(store: Store, ingester: Ingester, tmp_path: Path) -> None:
    summary = ingester.ingest([write_chat(tmp_path / "atlas.chat", CHAT)])
    assert summary.added == 6
    texts = window_texts(store)
    assert texts[0].startswith("Anna (09:00): Did you see the new budget numbers?\nMaya (09:01): Yes, 32,000")
    assert all("Morning" not in t for t in texts if "budget" in t)  # sessions are not mixed
    # Each message also has a chunk of its own, for the meaning search.
    assert store.catalog.stats()["chunks"] == len(texts) + 6 == store.vectors.count()
    hit = Searcher(store, HashEmbedder()).search("usability study May", k=1)[0]
    assert hit.chunk_id.startswith("testchat:atlas")
    assert set(hit.participants) == {"Anna", "Maya"}
    assert any(line.startswith("Anna: We move the usability study") for line in hit.text.split("\n"))
    assert hit.record_id in hit.record_ids  # named by one of the messages it shows


def test_reingest_adds_nothing_and_appending_touches_only_the_last_session(
        store: Store, ingester: Ingester, tmp_path: Path) -> None:
    path = write_chat(tmp_path / "atlas.chat", CHAT)
    ingester.ingest([path])
    first = {r[0]: r[1] for r in store.catalog.db.execute("SELECT id, rowid FROM chunks")}
    assert ingester.ingest([path]).chunks == 0
    write_chat(path, [*CHAT, (602, "Anna", "Great, see you there at ten.")])
    summary = ingester.ingest([path])
    assert summary.added == 1 and summary.unchanged == 6
    after = {r[0]: r[1] for r in store.catalog.db.execute("SELECT id, rowid FROM chunks")}
    first_session = [cid for cid in first if cid in after and first[cid] == after[cid]]
    assert len(first_session) >= 1  # the morning session's windows were not rewritten
    assert any("see you there at ten" in t for t in window_texts(store))
    assert store.vectors.count() == store.catalog.stats()["chunks"]


def test_forgetting_a_message_removes_its_text_at_once_and_rebuilds_later(
        store: Store, ingester: Ingester, tmp_path: Path) -> None:
    ingester.ingest([write_chat(tmp_path / "atlas.chat", CHAT)])
    store.forget(["testchat:atlas/1"])
    assert not any("Painful" in t for t in window_texts(store))
    assert store.catalog.dirty_threads() == {"testchat:atlas": int(T0.timestamp()) + 60}
    ingester.ingest([])  # the next run rebuilds the thread without it
    texts = window_texts(store)
    assert any("budget numbers" in t for t in texts) and not any("Painful" in t for t in texts)
    assert store.catalog.dirty_threads() == {}


def test_a_run_killed_before_windowing_is_finished_next_time(store: Store, tmp_path: Path) -> None:
    registry = Registry()
    registry.register(ChatConnector)
    ingester = Ingester(store, HashEmbedder(), registry)
    ingester._rebuild_windows = lambda: None  # type: ignore[method-assign]  # "killed" before it
    ingester.ingest([write_chat(tmp_path / "atlas.chat", CHAT)])
    assert window_texts(store) == []
    Ingester(store, HashEmbedder(), registry).ingest([])
    assert window_texts(store)


def test_window_packing_bounds_and_overlap() -> None:
    rows = [{"id": f"m{i}", "ts": 1_700_000_000 + 60 * i, "ts_offset": 0, "author": "A" if i % 2 else "B",
             "text": f"message number {i} with some words", "kind": "message", "source": "s", "title": "t"}
            for i in range(30)]
    chunks = [c for c in windows("t:1", rows, IngestConfig(window_words=40, window_messages=6, window_overlap=2))
              if "#w" in c.id]
    assert all(1 <= c.text.count("\n") + 1 <= 6 for c in chunks)
    lines = [c.text.splitlines() for c in chunks]
    for previous, current in itertools.pairwise(lines):
        assert previous[-2:] == current[:2]  # two messages of overlap
    assert {line.split(": ", 1)[1] for chunk in lines for line in chunk} == {r["text"] for r in rows}


def message_texts(store: Store) -> dict[str, str]:
    return dict(store.catalog.db.execute("SELECT record_id, text FROM chunks WHERE id LIKE '%#m'").fetchall())


def test_a_message_is_embedded_between_its_neighbours_of_the_same_session(
        store: Store, ingester: Ingester, tmp_path: Path) -> None:
    ingester.ingest([write_chat(tmp_path / "atlas.chat", CHAT)])
    texts = message_texts(store)
    # The reply is read with the question it answers and what followed it, and once more after
    # them, so that its own words weigh twice in the vector.
    assert texts["testchat:atlas/1"] == ("Anna: Did you see the new budget numbers?\n"
                                         "Maya: Yes, 32,000 instead of 40,000. Painful.\n"
                                         "Anna: We move the usability study to May then.\n"
                                         "Maya: Yes, 32,000 instead of 40,000. Painful.")
    # Ten hours of silence start a new session: no context crosses it.
    assert texts["testchat:atlas/3"] == ("Anna: We move the usability study to May then.\n"
                                         "Maya: Fine, I'll book the lab for 19-21 May.\n"
                                         "Maya: Fine, I'll book the lab for 19-21 May.")
    assert texts["testchat:atlas/600"] == ("Anna: Morning! Lab confirmed?\nMaya: Confirmed, room 2.\n"
                                           "Anna: Morning! Lab confirmed?")
    # Search and answers still see the message itself.
    rows = store.catalog.chunk_rows(["testchat:atlas/1#m"])
    assert rows["testchat:atlas/1#m"].text == "Yes, 32,000 instead of 40,000. Painful."


def test_a_long_neighbour_is_cut_so_the_message_fits() -> None:
    rows = [{"id": f"m{i}", "ts": 1_700_000_000 + 60 * i, "ts_offset": 0, "author": "A", "kind": "message",
             "source": "s", "title": "t", "text": text}
            for i, text in enumerate([" ".join(["long"] * 300), "the short answer", "ok"])]
    own = {c.record_id: c.text for c in windows("t:1", rows, IngestConfig()) if c.id.endswith("#m")}
    before, message, after, again = own["m1"].split("\n")
    assert before == "A: " + " ".join(["long"] * 40) + " …"
    assert (message, after, again) == ("A: the short answer", "A: ok", "A: the short answer")


def test_a_new_message_re_embeds_the_one_before_it(store: Store, ingester: Ingester, tmp_path: Path) -> None:
    path = write_chat(tmp_path / "atlas.chat", CHAT)
    ingester.ingest([path])
    before = message_texts(store)
    vector = store.vectors.vectors(["testchat:atlas/601#m"])["testchat:atlas/601#m"]
    write_chat(path, [*CHAT, (602, "Anna", "Great, see you there at ten.")])
    ingester.ingest([path])
    after = message_texts(store)
    assert before["testchat:atlas/601"] == ("Anna: Morning! Lab confirmed?\nMaya: Confirmed, room 2.\n"
                                            "Maya: Confirmed, room 2.")
    assert after["testchat:atlas/601"] == ("Anna: Morning! Lab confirmed?\nMaya: Confirmed, room 2.\n"
                                           "Anna: Great, see you there at ten.\nMaya: Confirmed, room 2.")
    assert {rid for rid in after if after[rid] != before.get(rid)} == {"testchat:atlas/601", "testchat:atlas/602"}
    fresh = store.vectors.vectors(["testchat:atlas/601#m"])["testchat:atlas/601#m"]
    assert not (fresh == vector).all()  # embedded again with its new neighbour
    assert store.vectors.count() == store.catalog.stats()["chunks"]


def test_a_store_cut_the_old_way_is_re_cut_once(store: Store, ingester: Ingester, tmp_path: Path,
                                                caplog: pytest.LogCaptureFixture) -> None:
    ingester.ingest([write_chat(tmp_path / "atlas.chat", CHAT)])
    assert "to cut and embed again" not in caplog.text  # a new store is cut the new way from the start
    # As a store made before messages were read in context: each message chunk holds the message alone.
    with store.catalog.transaction() as db:
        db.execute("UPDATE chunks SET text = (SELECT text FROM records WHERE id = chunks.record_id) WHERE id LIKE '%#m'")
        db.execute("DELETE FROM meta WHERE key = 'windows'")
    assert message_texts(store)["testchat:atlas/1"] == "Yes, 32,000 instead of 40,000. Painful."
    ingester.ingest([])  # nothing new, but the chats are cut again
    assert "chat threads to cut and embed again, once: 1" in caplog.text
    assert message_texts(store)["testchat:atlas/1"].startswith("Anna: Did you see")
    assert store.catalog.pending_chunks(10) == []  # and embedded again
    rowids = dict(store.catalog.db.execute("SELECT id, rowid FROM chunks").fetchall())
    ingester.ingest([])
    assert dict(store.catalog.db.execute("SELECT id, rowid FROM chunks").fetchall()) == rowids  # only once


def test_other_window_settings_cut_the_chats_again(store: Store, ingester: Ingester, tmp_path: Path) -> None:
    ingester.ingest([write_chat(tmp_path / "atlas.chat", CHAT)])
    assert any("\n" in t for t in window_texts(store))
    registry = Registry()
    registry.register(ChatConnector)
    Ingester(store, HashEmbedder(), registry, IngestConfig(window_messages=1, window_overlap=0)).ingest([])
    assert window_texts(store) and not any("\n" in t for t in window_texts(store))  # one message a window now
    assert store.catalog.pending_chunks(10) == []
