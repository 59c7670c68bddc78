"""Plain text and Markdown notes: one record per file, dated by what the file itself says."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from connectors.dates import parse_date
from twin.schema import Record, Skipped, Source
from twin.walk import source_files

__all__ = ["FilesConnector", "note_date"]

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ".rst", ".org", ".note"})
DOCUMENT_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".csv", ".tsv", ".ics"})
"""Text that a document connector reads (connectors.docs): never taken as a note, even in a folder."""
MAX_BYTES = 50 * 1024 * 1024
_FILENAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")


def looks_like_text(path: Path) -> bool:
    """A sniff of the first 4 KiB: no NUL byte and valid UTF-8 (a cut multibyte tail allowed)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    if not head.strip() or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3
    return True


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """`---` YAML-style front matter as flat `key: value` pairs, and the body after it."""
    if not text.startswith("---"):
        return {}, text
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, text
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() in {"---", "..."}:
            fields: dict[str, str] = {}
            for line in lines[1:end]:
                key, sep, value = line.partition(":")
                if sep and key.strip() and not key.startswith((" ", "\t", "-")):
                    fields[key.strip().lower()] = value.strip().strip("'\"")
            return fields, "\n".join(lines[end + 1:])
    return {}, text


def note_date(path: Path, fields: dict[str, str], body: str) -> tuple[datetime, str]:
    """The note's own date and where it came from: front matter, a leading date line, the file name, else mtime."""
    for key in ("date", "created", "created_at"):
        if key in fields and (moment := parse_date(fields[key])):
            return moment, "front matter"
    for line in body.split("\n")[:3]:
        if line.strip():
            heading = _HEADING.match(line.strip())
            candidate = heading.group(1) if heading else line.strip()
            if (moment := parse_date(candidate.strip("*_ "))) is not None:
                return moment, "heading"
            break
    match = _FILENAME_DATE.search(path.name)
    if match and (moment := parse_date("-".join(match.groups()))) is not None:
        return moment, "file name"
    return datetime.fromtimestamp(path.stat().st_mtime).astimezone(), "modified time"


def note_title(path: Path, fields: dict[str, str], body: str) -> str:
    if fields.get("title"):
        return fields["title"]
    for line in body.split("\n")[:20]:
        heading = _HEADING.match(line.strip())
        if heading and parse_date(heading.group(1)) is None:
            return heading.group(1)
    return path.stem


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16; anything else raises with its byte position."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 (byte 0x{data[exc.start]:02x} at {exc.start})") from None


class FilesConnector:
    """Text and Markdown files, alone or in folders; the fallback for any UTF-8 text file."""

    name: ClassVar[str] = "files"
    priority: ClassVar[int] = 0

    def can_read(self, path: Path) -> bool:
        if not path.is_file() or path.suffix.lower() in DOCUMENT_SUFFIXES:
            return False
        return path.suffix.lower() in TEXT_SUFFIXES or looks_like_text(path)

    def read(self, source: Source, since: str | None) -> Iterator[Record | Skipped]:
        for path in source_files(source, self.can_read):
            yield self.read_file(path, source.name)

    def read_file(self, path: Path, source: str) -> Record | Skipped:
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                return Skipped(str(path), f"too large for a note ({size // 2**20} MiB)")
            data = path.read_bytes()
        except OSError as exc:
            return Skipped(str(path), f"cannot read: {exc.strerror or exc}")
        try:
            text = decode(data)
        except ValueError as exc:
            return Skipped(str(path), str(exc))
        if "\x00" in text:
            return Skipped(str(path), "binary content (NUL bytes), not a text file")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        fields, body = split_front_matter(text)
        if not body.strip():
            return Skipped(str(path), "empty file")
        moment, date_from = note_date(path, fields, body)
        resolved = path.resolve()
        return Record(
            id=f"{self.name}:{resolved}",
            source=source,
            kind="note",
            timestamp=moment,
            text=body.strip(),
            title=note_title(path, fields, body),
            author=fields.get("author", ""),
            location=str(resolved),
            metadata={"date_from": date_from, "path": str(resolved)},
        )
