"""SlackConnector on a Slack export, as a zip and as a folder: names, mentions, threads, exact ts."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from connectors.chats.slack import SlackConnector, resolve_markup
from twin.errors import SourceError

from .conftest import FIXTURES, berlin, read, records, skipped, table

CONNECTOR = SlackConnector()
FOLDER = FIXTURES / "slack" / "export"
ZIP = FIXTURES / "slack" / "Atlas Labs Slack export Mar 1 2026 - Jun 20 2026.zip"


def us(n: int) -> timedelta:
    return timedelta(microseconds=n)


def test_zip_messages_names_mentions_threads() -> None:
    items = records(CONNECTOR, ZIP)
    general = [r for r in items if r.thread == "slack:C01GEN"]
    thread_ts = "1773311465.000200"
    assert table(general) == [
        (berlin(2026, 3, 12, 9, 0) + us(100), "", "@Priya N. has joined the channel"),
        (berlin(2026, 3, 12, 9, 55) + us(500), "Calendar", "Reminder: planning call at 10:00"),
        (berlin(2026, 3, 12, 11, 31, 5) + us(200), "Anna Schmidt",
         "Heads up @Maya Berg: the Q2 budget is now 32,000 EUR, details in #atlas-research"),
        (berlin(2026, 3, 12, 11, 40) + us(300), "Maya Berg",
         "Got it. Booking UX Lab Mitte (https://uxlab-mitte.example/booking) for 19–21 May"),
        (berlin(2026, 3, 12, 11, 45) + us(400), "Priya N.", "<3 see #atlas-research and ping @here"),
    ]
    assert all(r.timestamp.utcoffset() == r.timestamp.astimezone().utcoffset() for r in items)  # local time
    join, bot, parent, reply, edited = general
    assert join.metadata["system"] is True and join.metadata["subtype"] == "channel_join"
    assert bot.metadata["subtype"] == "bot_message"
    assert parent.id == f"slack:C01GEN/{thread_ts}" and parent.metadata["thread_ts"] == thread_ts
    assert "reply_to" not in parent.metadata
    assert reply.metadata["thread_ts"] == reply.metadata["reply_to"] == thread_ts
    assert edited.metadata["edited"] is True
    assert parent.title == "#general" and parent.participants == ("Anna Schmidt",)
    assert parent.location == f"{ZIP.resolve()}/general/2026-03-12.json#{thread_ts}"


def test_private_channels_dms_files_and_user_name_fallbacks() -> None:
    by_thread = {r.thread: r for r in records(CONNECTOR, ZIP)}
    assert by_thread["slack:G01LEAD"].title == "#leads"
    dm = by_thread["slack:D01MA"]
    assert (dm.title, dm.author, dm.timestamp) == ("Maya Berg, Anna Schmidt", "Anna Schmidt", berlin(2026, 3, 12, 19, 2) + us(800))
    research = [r for r in records(CONNECTOR, ZIP) if r.thread == "slack:C02RES"]
    assert table(research) == [
        (berlin(2026, 3, 18, 16, 20) + us(600), "Maya Berg", "[file: study-plan-v2.pdf]"),
        (berlin(2026, 3, 18, 16, 25) + us(700), "old.account", "mail me at old@atlas-labs.example"),
    ]
    assert research[0].metadata["media"] == "study-plan-v2.pdf"


def test_bad_day_files_and_messages_are_skipped() -> None:
    lines = sorted(str(s).replace(str(ZIP.resolve()), "") for s in skipped(CONNECTOR, ZIP))
    assert lines == [
        "skipped /atlas-research/2026-03-18.json#[2]: bad message: 'ts'",
        "skipped /atlas-research/2026-03-19.json: not valid JSON (Expecting property name enclosed in double quotes: "
        "line 1 column 3 (char 2))",
    ]


def test_folder_and_zip_give_the_same_records() -> None:
    def strip(path: Path) -> list[tuple[str, str, str, str]]:
        return [(r.id, r.author, r.text, r.timestamp.isoformat()) for r in records(CONNECTOR, path)]

    assert strip(FOLDER) == strip(ZIP)


def test_markup() -> None:
    users, channels = {"U1": "Anna Schmidt"}, {"C1": "general"}
    assert resolve_markup("<@U1> <@U9|bob> <@U9> <#C1> <#C2|random> <!here> <!channel> "
                          "<!subteam^S1|@design> <http://x.example|label> <http://x.example> "
                          "<mailto:a@b.example|a@b.example> &lt;b&gt; &amp;", users, channels) == (
        "@Anna Schmidt @bob @U9 #general #random @here @channel @design label (http://x.example) "
        "http://x.example a@b.example <b> &")


def test_detection_and_errors(tmp_path: Path) -> None:
    assert CONNECTOR.can_read(FOLDER) and CONNECTOR.can_read(ZIP)
    assert not CONNECTOR.can_read(tmp_path) and not CONNECTOR.can_read(FOLDER / "users.json")
    (tmp_path / "users.json").write_text(json.dumps([]))
    with pytest.raises(SourceError, match="not a Slack export"):
        read(CONNECTOR, tmp_path)
