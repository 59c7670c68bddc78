"""MessengerConnector on Facebook Messenger and Instagram exports, mojibake and all."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from connectors.chats.messenger import MessengerConnector, repair
from twin.errors import SourceError

from .conftest import FIXTURES, berlin, read, records, skipped, table

CONNECTOR = MessengerConnector()
FACEBOOK = FIXTURES / "messenger" / "facebook"
INSTAGRAM = FIXTURES / "messenger" / "instagram"
ANNA = FACEBOOK / "messages" / "inbox" / "annaschmidt_10234567"
MS = timedelta(milliseconds=123)


def test_repair_only_where_valid() -> None:
    assert repair("FÃ¼r Mai passt es ð\x9f\x98\x8a") == "Für Mai passt es 😊"
    assert repair("café") == "café"  # already right: é alone is not UTF-8
    assert repair("👍 ok") == "👍 ok"  # beyond Latin-1: left alone
    assert repair("plain") == "plain"


def test_thread_across_files_oldest_first_with_exact_times() -> None:
    items = [r for r in records(CONNECTOR, FACEBOOK) if r.thread == "messenger:annaschmidt_10234567"]
    assert table(items) == [
        (berlin(2026, 1, 20, 11, 58, 0) + MS, "Maya Berg", "Hi Anna, see you at the kickoff, café after?"),
        (berlin(2026, 1, 20, 12, 0, 5) + MS, "Anna Schmidt", "Frohes neues Jahr noch! Grüße aus Köln"),
        (berlin(2026, 3, 12, 19, 27, 0) + MS, "Maya Berg", "[unsent message]"),
        (berlin(2026, 3, 12, 19, 27, 30) + MS, "Maya Berg", "Thanks for the call"),
        (berlin(2026, 3, 12, 19, 28, 0) + MS, "Anna Schmidt", "Für Mai passt es 😊 Maße ×2"),
        (berlin(2026, 3, 12, 19, 29, 0) + MS, "Maya Berg", "[photo]"),
        (berlin(2026, 3, 12, 19, 30, 1) + MS, "Anna Schmidt", "ok"),
        (berlin(2026, 3, 12, 19, 30, 1) + MS, "Anna Schmidt", "ok"),
    ]
    assert all(r.timestamp.utcoffset() == r.timestamp.astimezone().utcoffset() for r in items)  # local time
    assert {r.title for r in items} == {"Anna Schmidt"}
    unsent, share, fuer, photo, ok1, ok2 = items[2:]
    assert unsent.metadata["unsent"] is True
    assert share.metadata["link"] == "https://uxlab-mitte.example/booking"
    assert fuer.metadata["reactions"] == "❤ Maya Berg"
    assert photo.metadata["media"] == "photo"
    assert ok1.id != ok2.id
    assert fuer.id.startswith("messenger:annaschmidt_10234567/1773340080123-")
    assert fuer.location == f"{(ANNA / 'message_1.json').resolve()}#{fuer.id.rsplit('/', 1)[1]}"


def test_group_title_and_system_messages_are_repaired() -> None:
    group = [r for r in records(CONNECTOR, FACEBOOK) if r.thread == "messenger:bergs_555"]
    assert table(group) == [
        (berlin(2026, 4, 5, 19, 0) + MS, "", "Tom Berg added Karin Berg to the group."),
        (berlin(2026, 4, 18, 20, 15) + MS, "Tom Berg", "Danke für alles ❤️"),
    ]
    assert group[0].metadata["system"] is True
    assert group[0].title == "Bergs 👨‍👩‍👦"


def test_bad_items_are_skipped() -> None:
    lines = sorted(str(s).replace(str(FACEBOOK.resolve()), "") for s in skipped(CONNECTOR, FACEBOOK))
    assert lines == [
        "skipped /messages/inbox/annaschmidt_10234567/message_1.json#?: bad message: no timestamp_ms",
        "skipped /messages/inbox/broken_1/message_1.json: not valid JSON (Expecting value: line 1 column 48 (char 47))",
    ]


def test_instagram_and_a_single_file_give_the_same_ids(tmp_path: Path) -> None:
    items = records(CONNECTOR, INSTAGRAM)
    assert table(items) == [
        (berlin(2026, 3, 22, 8, 0) + MS, "maya.berg", "Ich habe noch Muskelkater 😅"),
        (berlin(2026, 3, 22, 9, 0) + MS, "lena.klettert", "Schöne Grüße aus der Sächsischen Schweiz 🏔️"),
    ]
    single = next(INSTAGRAM.rglob("message_1.json"))
    assert [r.id for r in records(CONNECTOR, single)] == [r.id for r in items]
    # a later export of the same thread, split into two files, keeps the ids
    later = tmp_path / "inbox" / "lenaklettert_17845"
    later.mkdir(parents=True)
    shutil.copy(single, later / "message_2.json")
    (later / "message_1.json").write_text(
        '{"participants": [{"name": "maya.berg"}], "title": "lena.klettert", "thread_path": '
        '"inbox/lenaklettert_17845", "messages": [{"sender_name": "maya.berg", "timestamp_ms": 1780000000000, '
        '"content": "new"}]}')
    assert [r.id for r in records(CONNECTOR, tmp_path)][:2] == [r.id for r in items]


def test_detection_and_errors(tmp_path: Path) -> None:
    for path in (FACEBOOK, FACEBOOK / "messages", FACEBOOK / "messages" / "inbox", ANNA, ANNA / "message_2.json", INSTAGRAM):
        assert CONNECTOR.can_read(path), path
    other = tmp_path / "data.json"
    other.write_text('{"participants": 3}')
    assert not CONNECTOR.can_read(other) and not CONNECTOR.can_read(tmp_path)
    with pytest.raises(SourceError, match="not a Messenger or Instagram thread"):
        read(CONNECTOR, other)
    with pytest.raises(SourceError, match="no Messenger or Instagram thread"):
        read(CONNECTOR, tmp_path)
