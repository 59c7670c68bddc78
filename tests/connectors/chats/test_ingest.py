"""Chat exports end to end: discovered by entry point, ingested into a real store, found by search."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.chats import (
    LinkedInConnector,
    MessengerConnector,
    SlackConnector,
    TelegramConnector,
    TwitterConnector,
    WhatsAppConnector,
)
from connectors.files import FilesConnector
from ingest import Event, Ingester
from retrieval import Searcher
from twin.models.embedder import HashEmbedder
from twin.plugins import Registry
from twin.schema import Record, Source, to_epoch
from twin.store import Store

from .conftest import FIXTURES, local

CHAT_CONNECTORS = (WhatsAppConnector, TelegramConnector, MessengerConnector, SlackConnector, TwitterConnector,
                   LinkedInConnector)
EXPORTS = {
    "whatsapp": ["whatsapp/WhatsApp Chat with Anna Schmidt.txt", "whatsapp/WhatsApp Chat - Jonas.zip",
                 "whatsapp/WhatsApp Chat - Priya Nair"],
    "telegram": ["telegram/single", "telegram/account/result.json"],
    "messenger": ["messenger/facebook", "messenger/instagram",
                  "messenger/facebook/messages/inbox/bergs_555/message_1.json"],
    "slack": ["slack/export", "slack/Atlas Labs Slack export Mar 1 2026 - Jun 20 2026.zip"],
    "twitter": ["twitter/twitter-2026-06-20-a1b2c3"],
    "linkedin": ["linkedin/Basic_LinkedInDataExport_06-20-2026"],
}


def registry() -> Registry:
    found = Registry(discover=False)
    for cls in (*CHAT_CONNECTORS, FilesConnector):
        found.register(cls)
    return found


def test_entry_points_name_every_chat_connector() -> None:
    infos = {info.name: info for info in Registry().infos()}
    for cls in CHAT_CONNECTORS:
        assert infos[cls.name].value == f"{cls.__module__}:{cls.__name__}"
        assert cls.priority == 70


@pytest.mark.parametrize(("name", "rel"), [(n, r) for n, rels in EXPORTS.items() for r in rels])
def test_each_export_is_detected_by_its_connector(name: str, rel: str) -> None:
    assert registry().detect(FIXTURES / rel).name == name  # type: ignore[union-attr]
    for other in CHAT_CONNECTORS:
        if other.name != name:
            assert not other().can_read(FIXTURES / rel), (other.name, rel)


def test_demo_notes_are_left_to_the_files_connector() -> None:
    notes = Path(__file__).resolve().parents[3] / "data" / "notes"
    for path in sorted(notes.rglob("*")):
        if path.is_file():
            assert registry().detect(path).name == "files", path  # type: ignore[union-attr]
    for folder in (notes, notes.parent):
        assert registry().detect(folder) is None


def test_demo_chats_are_detected_and_read_whole() -> None:
    chats = Path(__file__).resolve().parents[3] / "data" / "chats"
    assert registry().detect(chats) is None, "the folder is walked, each export detected on its own"
    whatsapp, telegram = chats / "WhatsApp Chat with Jonas.txt", chats / "ChatExport_2026-06-20" / "result.json"
    counts = {}
    for path, name in ((whatsapp, "whatsapp"), (telegram, "telegram")):
        connector = registry().detect(path)
        assert connector is not None and connector.name == name
        items = list(connector.read(Source("demo", name, path), None))
        assert all(isinstance(i, Record) for i in items), [i for i in items if not isinstance(i, Record)]
        assert all(local(2026, 2, 1) <= i.timestamp < local(2026, 7, 1) for i in items)  # type: ignore[union-attr]
        counts[name] = len(items)
    assert counts == {"whatsapp": 213, "telegram": 77}


def test_ingesting_a_whatsapp_export_twice_adds_nothing_and_search_finds_it(tmp_path: Path) -> None:
    export = FIXTURES / "whatsapp" / "WhatsApp Chat with Anna Schmidt.txt"
    expected = [r for r in WhatsAppConnector().read(Source("whatsapp", "whatsapp", export), None) if isinstance(r, Record)]
    with Store(tmp_path / "home", writer=True) as store:
        ingester = Ingester(store, HashEmbedder(), registry())
        first = ingester.ingest([export])
        assert (first.added, first.updated, first.skipped) == (len(expected), 0, 0) == (10, 0, 0)
        second = ingester.ingest([export])
        assert (second.added, second.updated, second.unchanged, second.chunks) == (0, 0, 10, 0)
        # every message's time in the store is its time in the export
        for record in expected:
            row = store.catalog.record_row(record.id)
            assert row is not None and row["ts"] == to_epoch(record.timestamp) and row["author"] == record.author
        assert store.catalog.record_row(expected[4].id)["ts"] == to_epoch(local(2026, 3, 18, 9, 32))  # type: ignore[index]
        hits = Searcher(store, HashEmbedder()).search("whiteboard from today")
        assert any("Whiteboard from today" in hit.text for hit in hits[:3]), [h.text for h in hits]
        assert any(hit.location.startswith(str(export.resolve()) + "#line") for hit in hits[:3])


def test_every_fixture_export_ingests_without_a_connector_failure(tmp_path: Path) -> None:
    paths = [FIXTURES / rel for rels in EXPORTS.values() for rel in rels[:1]]
    events: list[Event] = []
    with Store(tmp_path / "home", writer=True) as store:
        summary = Ingester(store, HashEmbedder(), registry(), on_event=events.append).ingest(paths)
        assert summary.added > 40
        failures = [str(e.skipped) for e in events if e.skipped and "failed" in e.skipped.why]
        assert not failures
        ids = store.catalog.record_ids()
        for name in EXPORTS:
            assert any(i.startswith(f"{name}:") for i in ids), name
        again = Ingester(store, HashEmbedder(), registry()).ingest(paths)
        assert (again.added, again.updated) == (0, 0)
