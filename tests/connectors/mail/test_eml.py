"""EmlConnector: single message files found by their content, and the fixture .eml files."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from connectors.mail.eml import EmlConnector
from twin.plugins import Registry
from twin.schema import Record, Skipped, Source

from .conftest import FIXTURES, mail


def read(path: Path) -> list[Record | Skipped]:
    return list(EmlConnector().read(Source("mail", "eml", path), None))  # type: ignore[arg-type]


def test_detected_by_content_not_suffix(tmp_path: Path) -> None:
    registry = Registry()
    saved = tmp_path / "message.txt"
    saved.write_bytes(mail("Saved from a mail client."))
    assert registry.detect(saved).name == "eml"  # type: ignore[union-attr]
    headers_only = tmp_path / "headers"
    headers_only.write_bytes(mail("").rstrip(b"\n"))
    assert EmlConnector().can_read(headers_only)
    note = tmp_path / "budget.eml"
    note.write_text("Subject: budget\n\nA note that only starts like a mail.\n")
    assert not EmlConnector().can_read(note)
    front = tmp_path / "note.md"
    front.write_text("Title: Kyoto\nDate: 2026-05-06\n\nRyokan.\n")
    assert registry.detect(front).name == "files"  # type: ignore[union-attr]
    assert registry.detect(FIXTURES / "kowalski-outlook.eml").name == "eml"  # type: ignore[union-attr]


def test_outlook_reply_fixture() -> None:
    records = read(FIXTURES / "kowalski-outlook.eml")
    assert len(records) == 1 and isinstance(records[0], Record)
    record = records[0]
    path = str((FIXTURES / "kowalski-outlook.eml").resolve())
    assert (record.id, record.location) == (f"eml:{path}", path)
    assert record.title == "AW: Mieterhöhung ab 1. Juli 2026"
    assert record.author == "Kowalski, Dieter <d.kowalski@kowalski-immobilien.example>"
    assert "von 980 € auf 1.040 € im Monat" in record.text  # windows-1252 quoted-printable
    assert "Gesendet:" not in record.text and "als PDF schicken" not in record.text
    assert record.metadata["quoted_stripped"] is True
    assert record.metadata["attachments"] == "Mieterhöhung_2026.pdf (application/pdf, 69 bytes)"
    assert record.thread == "radiator-1@mailbox.example"
    assert record.timestamp.utcoffset() == timedelta(0)


def test_encoded_headers_and_base64_body_fixture() -> None:
    (record,) = read(FIXTURES / "ryokan-hanaya.eml")
    assert isinstance(record, Record)
    assert record.title == "Reservation confirmed / ご予約確認"
    assert record.author == "旅館 花屋 <reservations@ryokan-hanaya.example>"
    assert "Total ¥138,000; deposit ¥30,000 received." in record.text
    assert record.timestamp.isoformat() == "2026-04-02T23:40:00+09:00"


def test_folder_and_bad_files(tmp_path: Path) -> None:
    (tmp_path / "a.eml").write_bytes(mail("Good one"))
    (tmp_path / "nodate.eml").write_bytes(mail("No date", Date=None))
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    items = read(tmp_path)
    assert [type(i).__name__ for i in items] == ["Record", "Skipped"]
    assert str(items[1]) == f"skipped {(tmp_path / 'nodate.eml').resolve()}: no Date header and no Received header" \
                            " with a date"
