"""Property tests: noise, random unicode and cut files never crash a chat connector nor shift a date."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.chats.linkedin import LinkedInConnector
from connectors.chats.messenger import MessengerConnector
from connectors.chats.slack import SlackConnector
from connectors.chats.telegram import TelegramConnector
from connectors.chats.twitter import TwitterConnector
from connectors.chats.whatsapp import WhatsAppConnector
from twin.errors import SourceError
from twin.plugins import Connector
from twin.schema import Record, Skipped, Source

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
NNBSP = "\u202f"


def h12(moment: datetime) -> tuple[int, str]:
    return (moment.hour % 12 or 12), ("AM" if moment.hour < 12 else "PM")


def es(moment: datetime) -> str:
    hour, half = h12(moment)
    return f"{hour}:{moment:%M}\u00a0{'a' if half == 'AM' else 'p'}.\u00a0m."


# Each form: how a header is written, whether it is month-first, whether it carries seconds.
FORMS: dict[str, tuple[Callable[[datetime], str], bool, bool]] = {
    "android": (lambda d: f"{d:%d/%m/%y}, {d:%H:%M} - ", False, False),
    "android-us": (lambda d: f"{d.month}/{d.day}/{d:%y}, {h12(d)[0]}:{d:%M}{NNBSP}{h12(d)[1]} - ", True, False),
    "android-de": (lambda d: f"{d:%d.%m.%y}, {d:%H:%M} - ", False, False),
    "android-es": (lambda d: f"{d.day}/{d.month}/{d:%y}, {es(d)} - ", False, False),
    "android-nl": (lambda d: f"{d:%d-%m-%Y} {d:%H:%M} - ", False, False),
    "android-sv": (lambda d: f"{d:%Y-%m-%d} {d:%H:%M} - ", False, False),
    "ios": (lambda d: f"[{d:%d/%m/%Y}, {d:%H:%M:%S}] ", False, True),
    "ios-us": (lambda d: f"\u200e[{d.month}/{d.day}/{d:%y}, {h12(d)[0]}:{d:%M:%S}{NNBSP}{h12(d)[1]}] ", True, True),
    "ios-de": (lambda d: f"[{d:%d.%m.%y}, {d:%H:%M:%S}] ", False, True),
}

SURROGATES: tuple[Literal["Cs"]] = ("Cs",)
no_newline = st.text(st.characters(blacklist_characters="\r\n", blacklist_categories=SURROGATES), max_size=40)
noise = no_newline.filter(lambda s: not s.lstrip(MARKS)[:1].isdigit() and not s.lstrip(MARKS).startswith("["))
senders = st.text(st.characters(blacklist_characters="\r\n:\"“”«»", blacklist_categories=SURROGATES),
                  min_size=1, max_size=20).filter(lambda s: s.strip(MARKS + " ~\u00a0\u202f"))


@st.composite
def exports(draw: st.DrawFn) -> tuple[str, list[datetime], bool]:
    """A WhatsApp export: messages with known times in one form, mixed with noise lines."""
    form = draw(st.sampled_from(sorted(FORMS)))
    header, month_first, seconds = FORMS[form]
    # month-first files open with a day above 12, the evidence a cut file keeps
    day = draw(st.integers(13, 28) if month_first else st.integers(1, 28))
    start = datetime(draw(st.integers(2001, 2098)), draw(st.integers(1, 12)), day,
                     draw(st.integers(0, 23)), draw(st.integers(0, 59)), draw(st.integers(0, 59)) if seconds else 0)
    steps = draw(st.lists(st.integers(0, 60 * 24 * 90), min_size=0, max_size=25))
    times = [start]
    for step in steps:
        times.append(min(times[-1] + timedelta(minutes=step), datetime(2099, 12, 31, 23, 59)))
    lines = draw(st.lists(noise, max_size=2))
    for moment in times:
        lines.append(f"{header(moment)}{draw(senders)}: {draw(no_newline)}")
        lines.extend(draw(st.lists(noise, max_size=2)))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\r\n"])), times, month_first


def whatsapp_items(text: bytes) -> Iterator[Record | Skipped]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "WhatsApp Chat with X.txt"
        path.write_bytes(text)
        yield from WhatsAppConnector().read(Source("p", "whatsapp", path), None)


@SETTINGS
@given(exports())
def test_whatsapp_every_message_keeps_its_exact_time(export: tuple[str, list[datetime], bool]) -> None:
    text, times, _ = export
    items = list(whatsapp_items(text.encode("utf-8")))
    assert [r.timestamp for r in items if isinstance(r, Record)] == [t.astimezone() for t in times]
    assert all(isinstance(i, Record | Skipped) for i in items)


@SETTINGS
@given(exports(), st.floats(0, 1))
def test_whatsapp_cut_files_never_shift_a_date(export: tuple[str, list[datetime], bool], where: float) -> None:
    text, times, _ = export
    data = text.encode("utf-8")
    try:
        items = list(whatsapp_items(data[: int(len(data) * where)]))
    except SourceError:
        return  # cut before the first whole header: nothing to read
    found = [r.timestamp for r in items if isinstance(r, Record)]
    allowed = [t.astimezone() for t in times]
    assert found == allowed[: len(found)], "a cut file yields a prefix of the messages, each at its own time"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "ts", "text", "date_unixtime", "from", "type", "user", "messages", "sender_name",
                         "timestamp_ms", "content", "tweet", "created_at", "full_text", "dmConversation",
                         "conversationId", "messageCreate", "createdAt", "senderId", "name", "list", "chats",
                         "participants", "thread_ts", "files", "entities", "reactions", "photos", "share"]),
        inner, max_size=6),
    max_leaves=20)


def layout(connector: str, root: Path, payload: object, raw: bytes | None) -> Path:
    """Random content where each connector looks for its export."""

    def put(rel: str, value: object) -> Path:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw if raw is not None else (
            value if isinstance(value, bytes) else json.dumps(value).encode()))
        return path

    if connector == "telegram":
        return put("result.json", {"name": "X", "type": "personal_chat", "id": 1, "messages": payload})
    if connector == "messenger":
        return put("inbox/x_1/message_1.json", {"participants": [], "title": "x", "messages": payload}).parent.parent
    if connector == "slack":
        put("users.json", payload)
        put("channels.json", [{"id": "C1", "name": "general"}])
        put("general/2026-03-14.json", payload)
        return root
    if connector == "twitter":
        text = "window.YTD.tweets.part0 = " + json.dumps(payload)
        put("data/account.js", b"window.YTD.account.part0 = " + json.dumps(payload).encode())
        put("data/tweets.js", text.encode())
        put("data/direct-messages.js", b"window.YTD.direct_messages.part0 = " + json.dumps(
            [{"dmConversation": {"conversationId": "1-2", "messages": payload}}]).encode())
        return root
    if connector == "linkedin":
        rows = payload if isinstance(payload, list) else [payload]
        text = "CONVERSATION ID,CONVERSATION TITLE,FROM,TO,DATE,SUBJECT,CONTENT\n" + "\n".join(
            ",".join(json.dumps(cell) if not isinstance(cell, str) else cell for cell in (r if isinstance(r, list) else [r]))
            for r in rows)
        return put("messages.csv", text.encode())
    return put("WhatsApp Chat with X.txt", json.dumps(payload).encode())


CONNECTORS: dict[str, Connector] = {
    c.name: c for c in (WhatsAppConnector(), TelegramConnector(), MessengerConnector(), SlackConnector(),
                        TwitterConnector(), LinkedInConnector())
}


@pytest.mark.parametrize("name", sorted(CONNECTORS))
@SETTINGS
@given(payload=JSON, raw=st.none() | st.binary(max_size=300) | st.text(max_size=300).map(str.encode),
       cut=st.none() | st.floats(0, 1))
def test_random_content_gives_records_skips_or_source_error(name: str, payload: object, raw: bytes | None,
                                                           cut: float | None) -> None:
    connector = CONNECTORS[name]
    with tempfile.TemporaryDirectory() as folder:
        path = layout(name, Path(folder), payload, raw)
        if cut is not None:
            for file in [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]:
                data = file.read_bytes()
                file.write_bytes(data[: int(len(data) * cut)])
        connector.can_read(path)
        try:
            items = list(connector.read(Source("p", name, path), None))
        except SourceError:
            return
        for item in items:
            assert isinstance(item, Record | Skipped), item
            if isinstance(item, Record):
                assert item.timestamp.tzinfo is not None and item.id.startswith(f"{name}:")
                assert all(isinstance(v, str | int | float | bool) for v in item.metadata.values())


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 2**33), st.booleans()), max_size=20), JSON)
def test_telegram_dates_are_the_exported_epochs(epochs: list[tuple[int, bool]], junk: object) -> None:
    messages: list[object] = []
    for index, (epoch, as_text) in enumerate(epochs):
        messages.append({"id": f"m{index}", "type": "message", "from": "X", "text": "hi",
                         "date_unixtime": str(epoch) if as_text else epoch})
        messages.append(junk)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "result.json"
        path.write_text(json.dumps({"name": "X", "type": "personal_chat", "id": 7, "messages": messages}))
        found = {r.id: r.timestamp for r in TelegramConnector().read(Source("p", "telegram", path), None)
                 if isinstance(r, Record)}
    assert [found[f"telegram:7/m{i}"] for i in range(len(epochs))] == [
        datetime.fromtimestamp(epoch, UTC) for epoch, _ in epochs]


ZIPS = {
    "whatsapp": "whatsapp/WhatsApp Chat - Jonas.zip",
    "slack": "slack/Atlas Labs Slack export Mar 1 2026 - Jun 20 2026.zip",
}


@pytest.mark.parametrize("name", sorted(ZIPS))
@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, 0.99])
def test_cut_and_corrupt_zips_give_source_error_or_skips(name: str, keep: float, tmp_path: Path) -> None:
    from .conftest import FIXTURES

    data = (FIXTURES / ZIPS[name]).read_bytes()
    connector = CONNECTORS[name]
    for variant, content in (("cut", data[: int(len(data) * keep)]),
                             ("flipped", data[:100] + bytes(b ^ 0xFF for b in data[100:140]) + data[140:])):
        path = tmp_path / f"{variant}-{Path(ZIPS[name]).name}"
        path.write_bytes(content)
        connector.can_read(path)
        try:
            items = list(connector.read(Source("p", name, path), None))
        except SourceError:
            continue
        assert all(isinstance(item, Record | Skipped) for item in items)
