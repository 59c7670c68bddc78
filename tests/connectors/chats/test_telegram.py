"""TelegramConnector on Telegram Desktop exports: one chat, and a whole account with chats.list."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.chats.telegram import TelegramConnector, message_text
from twin.errors import SourceError

from .conftest import FIXTURES, berlin, read, records, skipped, table

CONNECTOR = TelegramConnector()
SINGLE = FIXTURES / "telegram" / "single" / "result.json"
ACCOUNT = FIXTURES / "telegram" / "account" / "result.json"


def test_single_chat_messages_with_exact_utc_times() -> None:
    items = records(CONNECTOR, SINGLE.parent)
    assert table(items) == [
        (berlin(2026, 2, 10, 18, 2, 11), "Lena Fischer", "Bringing the oil heater by after work 🚲"),
        (berlin(2026, 2, 10, 18, 3, 40), "Maya Berg", "You are the best. Bedroom is at minus 6 at night"),
        (berlin(2026, 2, 10, 18, 5, 2), "Lena Fischer", "It eats electricity, only evenings! Also: "
         "https://www.saechsische-schweiz.de or the Malerweg (https://malerweg.example) with @jonasweber"),
        (berlin(2026, 3, 20, 20, 0, 0), "", "Lena Fischer phone call (120 s)"),
        (berlin(2026, 3, 21, 16, 40, 2), "Lena Fischer", "You on the Basteibrücke!"),
        (berlin(2026, 3, 21, 16, 41, 0), "Maya Berg", "[sticker 👏]"),
        (berlin(2026, 5, 31, 10, 55, 0), "Deleted Account", "go go go"),
        (berlin(2026, 5, 31, 11, 2, 30), "Lena Fischer", "53:40!!! Under 55, told you 🏃‍♀️"),
    ]
    assert all(r.timestamp.utcoffset() == r.timestamp.astimezone().utcoffset() for r in items)  # local time
    heater, _, reply, call, photo, sticker, _, _ = items
    assert heater.id == "telegram:5212345678/101" and heater.thread == "telegram:5212345678"
    assert heater.title == "Lena Fischer" and heater.participants == ("Lena Fischer",)
    assert heater.location == f"{SINGLE.resolve()}#101"
    assert reply.metadata["reply_to"] == "102"
    assert call.metadata["system"] is True and call.participants == ()
    assert photo.metadata["media"] == "photo"
    assert sticker.metadata == {"chat": "Lena Fischer", "media": "sticker 👏", "edited": True}


def test_a_message_without_a_date_is_skipped() -> None:
    assert [str(s) for s in skipped(CONNECTOR, SINGLE)] == [f"skipped {SINGLE.resolve()}#108: bad message: no date"]


def test_whole_account_export_reads_every_chat_and_left_chats() -> None:
    items = records(CONNECTOR, ACCOUNT)
    by_chat: dict[str, list[str]] = {}
    for record in items:
        by_chat.setdefault(record.title, []).append(record.text)
    assert list(by_chat) == ["Lena Fischer", "Japan 2026", "Saved Messages", "Kreuzberg Runners"]
    japan = [r for r in items if r.title == "Japan 2026"]
    assert table(japan) == [
        (berlin(2026, 3, 15, 10, 0), "", "Jonas Weber create group «Japan 2026»: Maya Berg"),
        (berlin(2026, 3, 15, 10, 2), "Jonas Weber", "Route: Tokyo, Kyoto, Hiroshima, Osaka, Tokyo"),
        (berlin(2026, 3, 17, 21, 30), "Maya Berg", "Flights booked! 1,380 EUR for both"),
        (berlin(2026, 3, 17, 21, 31), "", "Maya Berg pin message"),
    ]
    assert japan[2].metadata["reply_to"] == "2"
    assert {r.thread for r in japan} == {"telegram:4400123"}
    assert japan[1].location == f"{ACCOUNT.resolve()}#4400123/2"
    saved = next(r for r in items if r.title == "Saved Messages")
    assert saved.id == "telegram:7700112233/1"
    # the same chat in a single-chat export and in the account export is the same records
    single_ids = {r.id for r in records(CONNECTOR, SINGLE)}
    assert {r.id for r in items if r.title == "Lena Fischer"} <= single_ids
    assert [str(s).split("#", 1)[1] for s in skipped(CONNECTOR, ACCOUNT)] == ["chats.list[3]: not a chat with messages"]


def test_text_entities_are_joined() -> None:
    assert message_text("plain") == "plain"
    assert message_text(["a ", {"type": "bold", "text": "b"}, {"type": "text_link", "text": "c", "href": "http://c"},
                         {"type": "custom_emoji", "text": "🙂", "document_id": "x"}, 5, None]) == "a bc (http://c)🙂"
    assert message_text(None) == ""


def test_detection_and_errors(tmp_path: Path) -> None:
    assert CONNECTOR.can_read(SINGLE) and CONNECTOR.can_read(ACCOUNT) and CONNECTOR.can_read(SINGLE.parent)
    other = tmp_path / "result.json"
    other.write_text('{"results": [1, 2, 3]}')
    assert not CONNECTOR.can_read(other) and not CONNECTOR.can_read(tmp_path)
    with pytest.raises(SourceError, match="not a Telegram export"):
        read(CONNECTOR, other)
    other.write_text('{"name": "X", "type": "personal_chat", "messages": [')
    with pytest.raises(SourceError, match="not valid JSON"):
        read(CONNECTOR, other)
