"""Malformed mail: each message is indexed with a one-line reason or skipped with one, and reading goes on."""

from __future__ import annotations

import base64
import os
import time
import tracemalloc
from pathlib import Path

from connectors.mail.mbox import MboxConnector
from twin.schema import Record, Skipped, Source

from .conftest import mail, multipart, one, parse

BIG = 50 * 2**20


def big_attachment_mail() -> bytes:
    """A mail with a 50 MB zip attachment (random bytes, base64 in 76-character lines, about 68 MB)."""
    data = base64.encodebytes(os.urandom(BIG))
    return multipart([
        ("Content-Type: text/plain; charset=utf-8", "Photos from Japan attached."),
        ("Content-Type: application/zip; name=japan.zip\nContent-Disposition: attachment; filename=japan.zip\n"
         "Content-Transfer-Encoding: base64", data),
    ], Message_ID="<photos@mailbox.example>")


def test_truncated_mime_keeps_what_arrived() -> None:
    raw = mail('--b\nContent-Type: text/plain\n\nThe first part arrived.\n--b\nContent-Type: application/pdf; '
               'name=letter.pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQKJcfs',
               Content_Type='multipart/mixed; boundary="b"')
    record = one(raw)
    assert record.text.startswith("The first part arrived.")
    assert "letter.pdf (application/pdf" in str(record.metadata["attachments"])
    assert "truncated MIME: closing boundary missing" in str(record.metadata["problems"])


def test_missing_boundary_is_guessed_from_the_body() -> None:
    raw = mail("--XyZ\nContent-Type: text/plain\n\nRadiator replaced on 20 March.\n--XyZ\nContent-Type: text/plain;"
               " name=invoice.txt\n\nInvoice 2026-031: 640 EUR\n--XyZ--\n", Content_Type="multipart/mixed")
    records = parse(raw)
    assert isinstance(records, list)
    assert records[0].text.startswith("Radiator replaced on 20 March.")
    assert "multipart without boundary: boundary guessed from the body" in str(records[0].metadata["problems"])
    assert records[1].text == "Invoice 2026-031: 640 EUR"


def test_missing_boundary_without_parts_is_read_as_text() -> None:
    record = one(mail("Just a plain sentence.\n", Content_Type="multipart/alternative"))
    assert record.text == "Just a plain sentence."
    assert "read as plain text" in str(record.metadata["problems"])


def test_unknown_charset_is_read_with_a_reason() -> None:
    record = one(mail("Grüße aus Kyoto".encode(), Content_Type="text/plain; charset=x-mac-klingon"))
    assert record.text == "Grüße aus Kyoto"
    assert record.metadata["problems"] == "text/plain part: unknown charset 'x-mac-klingon', read as utf-8"


def test_binary_garbage_in_a_text_part_is_not_indexed() -> None:
    garbage = bytes(range(256)) * 8
    raw = multipart([("Content-Type: text/plain; charset=utf-8", "Real words about the lab."),
                     ("Content-Type: text/plain; charset=utf-8", garbage)])
    record = one(raw)
    assert record.text == "Real words about the lab."
    assert record.metadata["problems"].startswith("text/plain part is binary data (")  # type: ignore[union-attr]


def test_binary_garbage_body_still_indexes_the_mail() -> None:
    record = one(mail(os.urandom(4000).replace(b"\n", b" "), Content_Transfer_Encoding="8bit"))
    assert record.text == "Q2 research budget"
    assert "binary data" in str(record.metadata["problems"])


def test_fifty_megabyte_attachment_is_listed_not_loaded() -> None:
    raw = big_attachment_mail()
    tracemalloc.start()
    try:
        started = time.perf_counter()
        records = parse(raw)
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(records, list) and len(records) == 1
    assert records[0].metadata["attachments"] == "japan.zip (application/zip, 50.0 MB)"
    assert records[0].text == "Photos from Japan attached.\n\nAttachments: japan.zip (application/zip, 50.0 MB)"
    assert peak < 5 * 2**20, f"parsing a {len(raw) // 2**20} MB mail allocated {peak // 2**20} MB on top"
    assert seconds < 5


def test_fifty_megabyte_text_attachment_is_listed_not_indexed() -> None:
    text = base64.encodebytes(b"lorem ipsum dolor " * (3 * 2**20 // 18))
    raw = multipart([("Content-Type: text/plain", "Log attached."),
                     ("Content-Type: text/plain; name=server.log\nContent-Transfer-Encoding: base64", text)])
    records = parse(raw)
    assert isinstance(records, list) and len(records) == 1
    assert "server.log of 3.0 MB not indexed (too large)" in str(records[0].metadata["problems"])


def test_a_bad_mailbox_is_read_to_the_end(tmp_path: Path) -> None:
    """Every malformed kind in one mbox, a 50 MB attachment among them; the last, good message is read.

    A mail without Date is dated by its From line; one whose From line has no date either is skipped."""
    path = tmp_path / "bad.mbox"
    messages = [
        mail("--b\nContent-Type: text/plain\n\nCut off", Content_Type="multipart/mixed; boundary=b",
             Message_ID="<truncated@x>"),
        mail("--q\nContent-Type: text/plain\n\nNo boundary param\n--q--\n", Content_Type="multipart/mixed",
             Message_ID="<noboundary@x>"),
        mail(b"Caf\xe9", Content_Type="text/plain; charset=unknown-8bit", Message_ID="<charset@x>"),
        mail(bytes(range(256)) * 4, Message_ID="<garbage@x>"),
        big_attachment_mail(),
        mail("No date here", Date=None, Message_ID="<nodate@x>"),
        mail("No date anywhere", Date=None, Message_ID="<undated@x>"),
        b"\x00\x01\x02 not a mail at all\n",
        mail("The last message is fine.", Message_ID="<last@x>"),
    ]
    with open(path, "wb") as handle:
        for raw in messages:
            year = b"" if b"<undated@x>" in raw else b" 2026"
            handle.write(b"From MAILER-DAEMON Thu Mar 12 10:30:00" + year + b"\n" + raw + b"\n")
    started = time.perf_counter()
    items = list(MboxConnector().read(Source("bad", "mbox", path), None))
    assert time.perf_counter() - started < 10
    records = [i for i in items if isinstance(i, Record)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [r.id for r in records] == ["mbox:truncated@x", "mbox:noboundary@x", "mbox:charset@x", "mbox:garbage@x",
                                       "mbox:photos@mailbox.example", "mbox:nodate@x", "mbox:last@x"]
    assert all(r.metadata.get("problems") for r in records[:4])
    assert records[5].metadata["date_from"] == "arrival time"
    assert records[5].timestamp.isoformat() == "2026-03-12T10:30:00+00:00"
    assert [s.why for s in skipped] == ["no Date header and no Received header with a date",
                                        "no mail headers (starts with b'\\x00\\x01\\x02 not a mail at all\\n')"]
    for line in map(str, skipped):
        assert line.startswith(f"skipped {path.resolve()}#") and "\n" not in line
    offset = int(skipped[0].where.rsplit("#", 1)[1])
    with open(path, "rb") as handle:
        handle.seek(offset)
        assert handle.readline().startswith(b"From MAILER-DAEMON")
