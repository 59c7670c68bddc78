"""TwitterConnector on an X archive (folder and zip): tweets, replies, DMs and group DMs with names."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from connectors.chats.twitter import TwitterConnector, parse_ytd
from twin.errors import SourceError

from .conftest import FIXTURES, read, records, skipped, table

CONNECTOR = TwitterConnector()
ARCHIVE = FIXTURES / "twitter" / "twitter-2026-06-20-a1b2c3"
OWNER, LENA, JONAS = "1500000000000000001", "1500000000000000002", "1500000000000000003"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def test_tweets_are_posts_in_time_order() -> None:
    tweets = [r for r in records(CONNECTOR, ARCHIVE) if r.thread == "twitter:tweets"]
    assert table(tweets) == [
        (utc(2026, 3, 21, 18, 30), "Maya Berg", "@lenafischer Best hike of the year, thank you for the photo!"),
        (utc(2026, 5, 10, 10, 15), "Maya Berg", "Okonomiyaki in Hiroshima. Tom, your move. https://t.co/pic1"),
        (utc(2026, 5, 31, 9, 2, 41), "Maya Berg", "10 km in 53:40 at the Kreuzberger Frühlingslauf & a new PB 🏃‍♀️ "
         "https://fruehlingslauf.example/results"),
    ]
    reply, photo, race = tweets
    assert {r.kind for r in tweets} == {"post"}
    assert reply.metadata["reply_to"] == "1900000000000000002" and reply.metadata["reply_to_user"] == "lenafischer"
    assert photo.metadata["media"] == "photo"
    assert race.metadata["likes"] == 12
    assert race.id == "twitter:tweets/1900000000000000004" and race.title == "Tweets of Maya Berg"
    assert race.location == f"{ARCHIVE.resolve()}/data/tweets.js#1900000000000000004"


def test_direct_messages_with_names_where_the_archive_has_them() -> None:
    items = records(CONNECTOR, ARCHIVE)
    lena = [r for r in items if r.thread == f"twitter:{OWNER}-{LENA}"]
    assert table(lena) == [
        (utc(2026, 3, 20, 18, 55), "Maya Berg", "Tickets: https://bahn.example/ticket"),
        (datetime(2026, 3, 20, 19, 2, 11, 456000, tzinfo=UTC), "Lena Fischer", "Train at 06:38 from Hbf, don't be late 😄"),
    ]
    assert {r.title for r in lena} == {"Lena Fischer"} and {r.kind for r in lena} == {"message"}
    assert lena[1].id == f"twitter:{OWNER}-{LENA}/1800000000000000002"
    stranger = [r for r in items if r.thread == f"twitter:{OWNER}-1600000000000000009"]
    assert [(r.title, r.author) for r in stranger] == [("1600000000000000009", "1600000000000000009")]


def test_group_dms_with_events_and_name() -> None:
    group = [r for r in records(CONNECTOR, ARCHIVE) if r.thread == "twitter:1700000000000000777"]
    assert table(group) == [
        (utc(2026, 3, 15, 9, 0), "", f"{JONAS} added you to the conversation (Maya Berg, {JONAS}, Lena Fischer)"),
        (utc(2026, 3, 15, 9, 1), "", "Maya Berg named the conversation «Japan 2026»"),
        (utc(2026, 5, 4, 10, 0), JONAS, "Ramen tonight?"),
    ]
    assert {r.title for r in group} == {"Japan 2026"}
    assert group[0].metadata["system"] is True


def test_zip_archive_and_bad_tweets(tmp_path: Path) -> None:
    packed = tmp_path / "twitter-2026-06-20-a1b2c3.zip"
    with zipfile.ZipFile(packed, "w") as archive:
        for path in sorted(ARCHIVE.rglob("*")):
            archive.write(path, path.relative_to(ARCHIVE).as_posix())
    assert CONNECTOR.can_read(packed)
    assert [(r.id, r.timestamp, r.text) for r in records(CONNECTOR, packed)] == [
        (r.id, r.timestamp, r.text) for r in records(CONNECTOR, ARCHIVE)]
    assert [str(s).split("#", 1)[1] for s in skipped(CONNECTOR, packed)] == [
        "1900000000000000001: bad tweet: time data 'not a date' does not match format '%a %b %d %H:%M:%S %z %Y'"]


def test_parse_ytd() -> None:
    assert parse_ytd('window.YTD.tweets.part0 = [{"a": 1}]') == [{"a": 1}]
    with pytest.raises(ValueError, match=r"window\.YTD"):
        parse_ytd("[1]")


def test_detection_and_errors(tmp_path: Path) -> None:
    assert CONNECTOR.can_read(ARCHIVE) and not CONNECTOR.can_read(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "tweets.js").write_text("window.YTD.tweets.part0 = [ broken")
    items = read(CONNECTOR, tmp_path)
    assert [str(i).split(": ", 1)[1] for i in items] == [
        "not a readable archive script: Expecting value: line 1 column 3 (char 2)"]
    with pytest.raises(SourceError, match="not an X"):
        read(CONNECTOR, FIXTURES / "slack" / "export")
