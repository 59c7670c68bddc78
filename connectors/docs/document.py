"""What every document connector shares: a file or a folder read alike, sniffing, and fallback dates."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from connectors.files import note_date
from twin.schema import Item, Record, Skipped, Source
from twin.walk import source_files

__all__ = ["PRIORITY", "DocumentConnector", "file_date", "head", "is_zip", "local", "zip_members"]

PRIORITY = 20
"""Above the plain-text fallback (0), below connectors of whole exports (mail 40, chats 70)."""
SNIFF_BYTES = 1024
MAX_BYTES = 200 * 1024 * 1024
"""A document read into memory whole is skipped above this size, with its size."""


def head(path: Path, size: int = SNIFF_BYTES) -> bytes:
    """The first `size` bytes of a file; empty if it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return handle.read(size)
    except OSError:
        return b""


def is_zip(path: Path) -> bool:
    """A zip archive by its magic bytes (cheap; a cut or corrupt zip still counts)."""
    return head(path, 4) == b"PK\x03\x04"


def zip_members(path: Path) -> frozenset[str] | None:
    """The member names of a readable zip file, or None if it is not one."""
    try:
        with zipfile.ZipFile(path) as archive:
            return frozenset(archive.namelist())
    except (OSError, zipfile.BadZipFile, EOFError, ValueError):
        return None


def local(moment: datetime) -> datetime:
    """Aware as it is; a naive time is the writer's wall clock, taken as this machine's zone."""
    return moment if moment.tzinfo is not None else moment.astimezone()


def file_date(path: Path) -> tuple[datetime, str]:
    """When the document itself says nothing: a date in the file name, else its modified time."""
    return note_date(path, {}, "")


class DocumentConnector:
    """A file of one document format, or a folder walked for the files that format claims."""

    name: ClassVar[str]
    priority: ClassVar[int] = PRIORITY
    max_bytes: ClassVar[int | None] = MAX_BYTES
    """None for formats read as a stream (tables, calendars)."""

    def can_read(self, path: Path) -> bool:
        raise NotImplementedError

    def read(self, source: Source, since: str | None) -> Iterator[Item]:
        for path in source_files(source, self.can_read):
            yield from self.read_checked(path, source.name)

    def read_checked(self, path: Path, source: str) -> Iterator[Item]:
        """`read_file` once the file is known to be readable, non-empty and of a sane size."""
        try:
            size = path.stat().st_size
            with open(path, "rb"):
                pass
        except OSError as exc:
            yield Skipped(str(path), f"cannot read: {exc.strerror or exc}")
            return
        if size == 0:
            yield Skipped(str(path), "empty file")
        elif self.max_bytes is not None and size > self.max_bytes:
            yield Skipped(str(path), f"too large to read ({size // 2**20} MiB)")
        else:
            yield from self.read_file(path, source)

    def read_file(self, path: Path, source: str) -> Iterator[Item]:
        """The items of one document; a bad document is a Skipped, never an exception."""
        raise NotImplementedError

    def record(self, path: Path, source: str, text: str, *, title: str, author: str,
               dated: tuple[datetime, str]) -> Record:
        """The one record of a whole document (Word, ODF, HTML), found again by its resolved path."""
        resolved = path.resolve()
        moment, date_from = dated
        return Record(
            id=f"{self.name}:{resolved}",
            source=source,
            kind="document",
            timestamp=local(moment),
            text=text,
            title=title or path.stem,
            author=author,
            location=str(resolved),
            metadata={"path": str(resolved), "date_from": date_from},
        )
