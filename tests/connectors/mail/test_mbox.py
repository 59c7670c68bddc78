"""MboxConnector on a Gmail Takeout style fixture (CRLF) and generated mailboxes: splitting, escaping,
offsets, copies, detection, and memory that stays flat however large the file."""

from __future__ import annotations

import io
import time
import tracemalloc
from pathlib import Path

import pytest

from connectors.mail import mbox
from connectors.mail.copies import Copies
from connectors.mail.mbox import MboxConnector, split_mbox
from twin.errors import SourceError
from twin.plugins import Registry
from twin.schema import Record, Skipped, Source

from .conftest import FIXTURES, mail

GMAIL = FIXTURES / "gmail.mbox"


def read(path: Path) -> list[Record | Skipped]:
    return list(MboxConnector().read(Source("mail", "mbox", path), None))  # type: ignore[arg-type]


def write_mbox(path: Path, messages: list[bytes], separator: bytes = b"From sender@x.example Thu Mar 12 10:30:00 2026"
               ) -> Path:
    with open(path, "wb") as handle:
        for raw in messages:
            handle.write(separator + b"\n" + raw + b"\n")
    return path


def test_entry_point_and_detection(tmp_path: Path) -> None:
    assert (MboxConnector.name, MboxConnector.priority) == ("mbox", 50)
    assert Registry().detect(GMAIL).name == "mbox"  # type: ignore[union-attr]
    note = tmp_path / "trip.md"
    note.write_text("From Berlin to Tokyo\nDay: one\n\nWe flew.\n")
    assert not MboxConnector().can_read(note)
    assert not MboxConnector().can_read(FIXTURES / "ryokan-hanaya.eml")
    assert not MboxConnector().can_read(FIXTURES / "maildir")


def test_gmail_takeout_fixture() -> None:
    items = read(GMAIL)
    assert all(isinstance(i, Record) for i in items)
    records: list[Record] = items  # type: ignore[assignment]
    assert [r.id for r in records] == [
        "mbox:order-2026-0117@kiezbuch.example", "mbox:radiator-1@mailbox.example",
        "mbox:k-0212@kowalski-immobilien.example", "mbox:kw-2026-07@kiezweekly.example",
        "mbox:study-slot@atlas-labs.example", "mbox:study-slot@atlas-labs.example/attachment/1"]
    order, radiator, reply, newsletter, study, invite = records
    assert not any("\r" in r.text or "\r" in r.title for r in records)  # CRLF file
    assert order.title == "Bestellbestätigung Nr. 2026-0117"
    assert "Robin Wall Kimmerer: Braiding Sweetgrass, 18,00 EUR" in order.text
    assert order.metadata["labels"] == "Inbox, Opened, Category Purchases"
    assert order.timestamp.isoformat() == "2026-02-05T09:14:07+01:00"
    assert "From now on I keep a bucket under the valve." in radiator.text  # `>From ` unescaped
    assert "Wiener Straße 12, 10999 Berlin" not in radiator.text  # the signature
    assert radiator.thread == reply.thread == "1857200000000000001"
    assert reply.text.endswith("Mit freundlichen Grüßen\nD. Kowalski")  # latin-1 QP, quote cut
    assert reply.metadata["quoted_stripped"] is True
    assert newsletter.text.startswith("Kreuzberg this weekend\n\nFlea markets at Boxhagener Platz & the Mauerpark")
    assert "track()" not in newsletter.text and "Your weekend in Kreuzberg" not in newsletter.text
    assert study.participants == ("Anna Schmidt <anna.schmidt@atlas-labs.example>",
                                  "Maya Berg <maya.berg@atlas-labs.example>", "Priya Nair <priya.nair@atlas-labs.example>")
    assert "SUMMARY:Atlas usability study at UX Lab Mitte" in invite.text


def test_locations_are_byte_offsets_of_the_from_lines() -> None:
    data = GMAIL.read_bytes()
    for record in read(GMAIL):
        assert isinstance(record, Record)
        path, offset = record.location.rsplit("#", 1)
        assert path == str(GMAIL.resolve())
        assert data[int(offset):].startswith(b"From 18")


def test_split_unescapes_and_ignores_from_lines_that_are_not_separators() -> None:
    text = (b"From a@x Thu Feb 05 09:12:00 2026\nSubject: one\n\nFrom here we walked to the canal.\n"
            b">From the archive\n>>From deeper\n\nFrom b@x Fri Feb 06 10:00:00 +0000 2026\nSubject: two\n\nbody\n")
    spans = list(split_mbox(io.BytesIO(text)))
    assert [s.offset for s in spans] == [0, text.index(b"From b@x")]
    assert spans[0].raw == (b"Subject: one\n\nFrom here we walked to the canal.\nFrom the archive\n>From deeper\n")
    assert spans[1].arrived().isoformat() == "2026-02-06T10:00:00+00:00"  # type: ignore[union-attr]


def test_identical_copies_are_skipped_and_reused_ids_renumbered(tmp_path: Path) -> None:
    first = mail("Original", Message_ID="<same@x>")
    other = mail("A different message under the same id", Message_ID="<same@x>")
    path = write_mbox(tmp_path / "dup.mbox", [first, first, other, other, mail("x", Message_ID=None)])
    items = read(path)
    assert [getattr(i, "id", None) for i in items] == ["mbox:same@x", None, "mbox:same@x~2", None,
                                                        items[4].id]  # type: ignore[union-attr]
    assert [i.why for i in items if isinstance(i, Skipped)] == ["identical copy of Message-ID <same@x> read earlier"] * 2
    assert read(path) == items  # stable across runs


def test_oversized_message_is_skipped_and_reading_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mbox, "MAX_MESSAGE_BYTES", 2000)
    path = write_mbox(tmp_path / "big.mbox", [mail("x" * 5000, Message_ID="<big@x>"), mail("ok", Message_ID="<ok@x>")])
    big, ok = read(path)
    assert isinstance(big, Skipped) and big.why.startswith("message of 0 MiB is larger than 0 MiB, not read")
    assert isinstance(ok, Record) and ok.id == "mbox:ok@x"


def test_not_an_mbox_is_a_source_error(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Just a note.\n")
    with pytest.raises(SourceError, match="not an mbox file"):
        read(note)
    with pytest.raises(SourceError, match="no such file"):
        read(tmp_path / "missing.mbox")


def test_folder_of_mboxes(tmp_path: Path) -> None:
    write_mbox(tmp_path / "Inbox.mbox", [mail("a", Message_ID="<a@x>")])
    write_mbox(tmp_path / "Sent.mbox", [mail("b", Message_ID="<b@x>")])
    (tmp_path / "readme.txt").write_text("not a mailbox")
    assert [r.id for r in read(tmp_path) if isinstance(r, Record)] == ["mbox:a@x", "mbox:b@x"]


MESSAGES = 20_000


@pytest.fixture(scope="module")
def large_mbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20,000 small messages (about 30 MB), CRLF like Gmail Takeout."""
    path = tmp_path_factory.mktemp("mbox") / "All mail Including Spam and Trash.mbox"
    filler = b"The usability study moves to May and the budget is 32,000 EUR. " * 18
    with open(path, "wb") as handle:
        for i in range(MESSAGES):
            head = (f"From 18{i:017d}@xxx Thu Mar 12 10:30:00 +0000 2026\r\nX-GM-THRID: {i // 4}\r\n"
                    f"From: Person {i} <p{i}@x.example>\r\nTo: maya.berg@mailbox.example\r\n"
                    f"Subject: Message {i}\r\nDate: Thu, 12 Mar 2026 11:30:00 +0100\r\nMessage-ID: <{i}@x.example>"
                    "\r\n\r\n").encode()
            handle.write(head + filler + b"\r\n\r\n")
    return path


def test_streaming_a_large_mbox_keeps_memory_flat(large_mbox: Path) -> None:
    """The split (and the copy check) of 20,000 messages under tracemalloc: the peak stays far below the
    file size, so memory does not grow with the mailbox. Parsing works on one message at a time; its own
    memory is checked with the 50 MB attachment in test_malformed."""
    size = large_mbox.stat().st_size
    copies = Copies()
    tracemalloc.start()
    try:
        count = 0
        with open(large_mbox, "rb") as handle:
            for span in split_mbox(handle):
                assert span.raw is not None
                native, duplicate = copies.native_id(span.raw)
                assert duplicate is None and native == f"{count}@x.example"
                count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == MESSAGES
    assert peak < size / 10, f"peak {peak / 2**20:.1f} MB for a {size / 2**20:.0f} MB mbox"


def test_reading_a_large_mbox_yields_every_message(large_mbox: Path) -> None:
    started = time.perf_counter()
    count = 0
    for item in MboxConnector().read(Source("takeout", "mbox", large_mbox), None):
        assert isinstance(item, Record)
        count += 1
    assert count == MESSAGES
    assert time.perf_counter() - started < 40
