"""Maildir folders (cur/new/tmp), with Maildir++ subfolders such as `.Sent` read as folders."""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

from connectors.mail.copies import Copies
from connectors.mail.mbox import read_message_file
from connectors.mail.parse import parse_message
from twin.errors import SourceError
from twin.schema import Item, Skipped, Source

__all__ = ["MaildirConnector", "folder_name", "is_maildir"]

_DELIVERED = re.compile(r"^(\d{9,11})\.")
_MUTF7 = re.compile(r"&([A-Za-z0-9+,]*)-")


def is_maildir(path: Path) -> bool:
    return path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir()


def _imap_utf7(name: str) -> str:
    """IMAP's modified UTF-7 (`Entw&APw-rfe`), in which Dovecot and Courier store folder names."""

    def decode(match: re.Match[str]) -> str:
        if not match.group(1):
            return "&"
        data = match.group(1).replace(",", "/")
        try:
            return base64.b64decode(data + "=" * (-len(data) % 4)).decode("utf-16-be")
        except (ValueError, UnicodeDecodeError):
            return match.group(0)

    return _MUTF7.sub(decode, name)


def folder_name(root: Path, folder: Path) -> str:
    """INBOX for the root; `.Sent.2024` (Maildir++) and `Sent/2024` (nested) both as `Sent/2024`."""
    if folder == root:
        return "INBOX"
    parts = folder.relative_to(root).parts
    names = [p[1:].replace(".", "/") if p.startswith(".") else p for p in parts]
    return _imap_utf7("/".join(names))


def _folders(root: Path) -> Iterator[Path]:
    """The root and every maildir below it, sorted, not descending into cur/new/tmp."""
    for current, dirs, _ in os.walk(root):
        here = Path(current)
        dirs[:] = sorted(d for d in dirs if d not in ("cur", "new", "tmp"))
        if is_maildir(here):
            yield here


def _delivered(name: str) -> datetime | None:
    """The delivery time that starts a maildir file name (`1712345678.M12P34.host:2,S`)."""
    match = _DELIVERED.match(name)
    return datetime.fromtimestamp(int(match.group(1)), UTC) if match else None


class MaildirConnector:
    """A maildir: messages from cur/ and new/ of it and of its subfolders; location is the file."""

    name: ClassVar[str] = "maildir"
    priority: ClassVar[int] = 60

    def can_read(self, path: Path) -> bool:
        return is_maildir(path)

    def read(self, source: Source, since: str | None) -> Iterator[Item]:
        if source.path is None:
            raise SourceError(f"source {source.name}: no path")
        root = source.path
        if not is_maildir(root):
            raise SourceError(f"{root}: not a maildir (no cur/ and new/ folders)")
        copies = Copies()
        for folder in _folders(root):
            name = folder_name(root, folder)
            for sub in ("cur", "new"):
                try:
                    entries = sorted(e.name for e in os.scandir(folder / sub) if e.is_file() and e.name[0] != ".")
                except OSError as exc:
                    yield Skipped(str(folder / sub), f"cannot list: {exc.strerror or exc}")
                    continue
                for entry in entries:
                    yield from self._message((folder / sub / entry).resolve(), name, source.name, copies)

    def _message(self, path: Path, folder: str, source: str, copies: Copies) -> Iterator[Item]:
        where = str(path)
        raw = read_message_file(path, where)
        if isinstance(raw, Skipped):
            yield raw
            return
        native, duplicate = copies.native_id(raw)
        if duplicate:
            yield Skipped(where, duplicate)
            return
        parsed = parse_message(raw, connector=self.name, source=source, native_id=native, location=where,
                               arrived=_delivered(path.name), extra={"folder": folder})
        if isinstance(parsed, Skipped):
            yield parsed
        else:
            yield from parsed
