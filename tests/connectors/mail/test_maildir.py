"""MaildirConnector on a fixture maildir with Maildir++ folders, and on copies of it in tmp_path."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from connectors.mail.maildir import MaildirConnector, folder_name
from twin.errors import SourceError
from twin.plugins import Registry
from twin.schema import Record, Skipped, Source

from .conftest import FIXTURES, mail

MAILDIR = FIXTURES / "maildir"


def read(path: Path) -> list[Record | Skipped]:
    return list(MaildirConnector().read(Source("mail", "maildir", path), None))  # type: ignore[arg-type]


def test_detection() -> None:
    assert (MaildirConnector.name, MaildirConnector.priority) == ("maildir", 60)
    assert Registry().detect(MAILDIR).name == "maildir"  # type: ignore[union-attr]
    assert not MaildirConnector().can_read(MAILDIR / "cur")
    assert not MaildirConnector().can_read(FIXTURES)


def test_fixture_maildir() -> None:
    items = read(MAILDIR)
    assert all(isinstance(i, Record) for i in items)
    by_id = {i.id: i for i in items if isinstance(i, Record)}
    assert list(by_id) == ["maildir:party-18@mailbox.example", "maildir:screener-ack@panelwerk.example",
                           "maildir:draft-leipzig@mailbox.example", "maildir:party-18-reply@mailbox.example"]
    party = by_id["maildir:party-18@mailbox.example"]
    assert party.metadata["folder"] == "INBOX"
    assert party.location == str((MAILDIR / "cur" / "1775414465.M101P2201.laptop:2,S").resolve())
    assert party.participants == ("Tom Berg <tom.berg@mailbox.example>", "Maya Berg <maya.berg@mailbox.example>",
                                  "Ines Kramer <ines.kramer@mailbox.example>", "karin.berg@mailbox.example")
    reply = by_id["maildir:party-18-reply@mailbox.example"]
    assert (reply.metadata["folder"], reply.thread) == ("Sent", "party-18@mailbox.example")
    assert reply.text == "We'll take the ICE at 09:36, see you in Ottensen!"
    assert by_id["maildir:draft-leipzig@mailbox.example"].metadata["folder"] == "Entwürfe"  # IMAP UTF-7 name


def test_message_without_date_is_dated_by_its_delivery_file_name() -> None:
    record = next(i for i in read(MAILDIR) if isinstance(i, Record) and "screener" in i.id)
    assert record.timestamp == datetime(2026, 4, 10, 9, 3, 20, tzinfo=UTC)
    assert record.metadata["date_from"] == "arrival time"


def test_tmp_dotfiles_and_copies(tmp_path: Path) -> None:
    box = tmp_path / "Mail"
    shutil.copytree(MAILDIR, box)
    (box / "tmp" / "1775999999.M1P1.laptop").write_bytes(mail("still being delivered", Message_ID="<tmp@x>"))
    (box / "cur" / ".hidden").write_bytes(mail("hidden", Message_ID="<hidden@x>"))
    archived = box / ".Archive" / "cur"
    archived.mkdir(parents=True)
    (box / ".Archive" / "new").mkdir()
    shutil.copy(box / "cur" / "1775414465.M101P2201.laptop:2,S", archived / "1775414999.M9P9.laptop:2,S")
    (box / "new" / "1776000000.M5P5.laptop").write_bytes(b"\x00\x01 not a mail")
    items = read(box)
    ids = [i.id for i in items if isinstance(i, Record)]
    assert "maildir:tmp@x" not in ids and "maildir:hidden@x" not in ids
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [s.why for s in skipped] == ["no mail headers (starts with b'\\x00\\x01 not a mail')",
                                        "identical copy of Message-ID <party-18@mailbox.example> read earlier"]
    assert skipped[1].where == str((archived / "1775414999.M9P9.laptop:2,S").resolve())


def test_folder_names(tmp_path: Path) -> None:
    assert folder_name(tmp_path, tmp_path) == "INBOX"
    assert folder_name(tmp_path, tmp_path / ".Archive.2024") == "Archive/2024"
    assert folder_name(tmp_path, tmp_path / "Work" / "Atlas") == "Work/Atlas"
    assert folder_name(tmp_path, tmp_path / ".Entw&APw-rfe") == "Entwürfe"
    assert folder_name(tmp_path, tmp_path / ".Tom &- Ines") == "Tom & Ines"


def test_not_a_maildir(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not a maildir"):
        read(tmp_path)
