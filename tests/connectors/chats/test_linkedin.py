"""LinkedInConnector on a LinkedIn data export: messages as conversations, connections as contacts."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from connectors.chats.linkedin import LinkedInConnector, connected_on
from twin.errors import SourceError

from .conftest import FIXTURES, local, read, records, skipped, table

CONNECTOR = LinkedInConnector()
EXPORT = FIXTURES / "linkedin" / "Basic_LinkedInDataExport_06-20-2026"


def test_messages_as_conversations_with_utc_dates() -> None:
    messages = [r for r in records(CONNECTOR, EXPORT) if r.kind == "message"]
    assert table(messages) == [
        (datetime(2026, 3, 14, 9, 12, 44, tzinfo=UTC), "Anna Schmidt", "Great talk yesterday, Maya!\nLet's grab a coffee."),
        (datetime(2026, 3, 14, 10, 1, 5, tzinfo=UTC), "Maya Berg", 'Thanks, Anna, "gladly"'),
        (datetime(2026, 4, 10, 15, 30, tzinfo=UTC), "Panelwerk Recruiting", "Dear Maya,\nwe have 14 candidates & more."),
    ]
    anna, maya, panel = messages
    assert anna.thread == maya.thread == "linkedin:2-YmE0ZTc1"
    assert anna.title == maya.title == "Anna Schmidt & Maya Berg"
    assert anna.metadata == {"chat": "Anna Schmidt & Maya Berg", "to": "Maya Berg", "folder": "INBOX"}
    assert anna.location == f"{(EXPORT / 'messages.csv').resolve()}#line2"
    assert maya.location.endswith("#line4")
    assert panel.title == "Recruiting UX" and panel.metadata["subject"] == "Your study"


def test_connections_become_contacts() -> None:
    contacts = [r for r in records(CONNECTOR, EXPORT) if r.kind == "contact"]
    assert [(r.id, r.title, r.timestamp) for r in contacts] == [
        ("linkedin:connections/anna-schmidt-atlas", "Anna Schmidt", local(2026, 3, 14)),
        ("linkedin:connections/priya-nair-ux", "Priya Nair", local(2024, 2, 2)),
    ]
    anna = contacts[0]
    assert anna.metadata == {
        "first_name": "Anna", "last_name": "Schmidt", "email": "anna.schmidt@atlas-labs.example",
        "company": "Atlas Labs GmbH", "position": "Product Lead",
        "url": "https://www.linkedin.com/in/anna-schmidt-atlas", "connected_on": "2026-03-14"}
    assert "Product Lead at Atlas Labs GmbH" in anna.text
    assert anna.location.endswith("Connections.csv#line5")


def test_bad_rows_are_skipped() -> None:
    lines = [str(s).rsplit("/", 1)[1] for s in skipped(CONNECTOR, EXPORT)]
    assert lines == [
        "messages.csv#line6: no date like 2026-03-14 09:12:44 UTC: 'yesterday'",
        "Connections.csv#line7: no date like 14 Mar 2026: 'someday'",
    ]


def test_zip_and_single_files(tmp_path: Path) -> None:
    packed = tmp_path / "Basic_LinkedInDataExport_06-20-2026.zip"
    with zipfile.ZipFile(packed, "w") as archive:
        for path in sorted(EXPORT.iterdir()):
            archive.write(path, path.name)
    assert CONNECTOR.can_read(packed)
    assert [r.id for r in records(CONNECTOR, packed)] == [r.id for r in records(CONNECTOR, EXPORT)]
    assert CONNECTOR.can_read(EXPORT / "messages.csv")
    assert len(records(CONNECTOR, EXPORT / "messages.csv")) == 3


def test_connected_on_formats() -> None:
    assert connected_on("14 Mar 2026") == local(2026, 3, 14)
    assert connected_on("2026-03-14") == local(2026, 3, 14)
    assert connected_on("3/14/26") == local(2026, 3, 14)
    assert connected_on("14 Foo 2026") is None and connected_on("") is None


def test_detection_and_errors(tmp_path: Path) -> None:
    assert CONNECTOR.can_read(EXPORT) and not CONNECTOR.can_read(tmp_path)
    other = tmp_path / "messages.csv"
    other.write_text("a,b,c\n1,2,3\n")
    assert not CONNECTOR.can_read(other) and not CONNECTOR.can_read(tmp_path), "another app's messages.csv"
    with pytest.raises(SourceError, match=r"not a LinkedIn messages\.csv"):
        read(CONNECTOR, tmp_path)
