"""mbox files, Gmail Takeout's several-GB ones included: streamed line by line, one message in memory."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, ClassVar

from connectors.mail.copies import Copies
from connectors.mail.parse import header_date, parse_message
from twin.errors import SourceError
from twin.schema import Item, Skipped, Source
from twin.walk import walk_files

__all__ = ["MAX_MESSAGE_BYTES", "MboxConnector", "Span", "read_message_file", "split_mbox"]

logger = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 256 * 2**20
"""A "message" larger than this is skipped unread: mail servers refuse far smaller ones, so it is
most likely a file whose From lines were lost, and buffering it could exhaust memory."""
FROM_LINE = re.compile(rb"^From \S+ +(?:.*\s)?(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b.*\d{1,2}:\d\d")
"""A separator line: `From sender Thu Feb 05 09:12:00 +0000 2026` (Gmail), `From - Sat Apr  4 ...`
(Thunderbird), asctime (mutt). Requiring a weekday and a time keeps an unescaped body line
starting with "From " from splitting a message."""
HEADER_LINE = re.compile(rb"^[!-9;-~]+:[ \t]")
_ESCAPED = re.compile(rb"^>+From ")


@dataclass(frozen=True)
class Span:
    """One message of an mbox: where its From line starts, that line, and its bytes."""

    offset: int
    separator: bytes
    raw: bytes | None
    """None when the message is larger than MAX_MESSAGE_BYTES (`size` still says how large)."""
    size: int

    def arrived(self) -> datetime | None:
        """The date on the From line (when the message was filed), if it has one."""
        parts = self.separator.decode("ascii", "replace").split(None, 2)
        return header_date(parts[2]) if len(parts) == 3 else None


def _span(offset: int, separator: bytes, buf: bytearray, size: int) -> Span:
    if size > MAX_MESSAGE_BYTES:
        return Span(offset, separator, None, size)
    end = len(buf)
    while end and buf[end - 1] in b"\r\n":  # the blank line that separates messages is not theirs
        end -= 1
    return Span(offset, separator, bytes(memoryview(buf)[:end]) + b"\n", size)


def split_mbox(handle: BinaryIO) -> Iterator[Span]:
    """The messages of an open mbox, one at a time: split on From lines, `>From ` unescaped (mboxrd).

    Lines before the first From line are dropped (the caller checks the file starts with one).
    CRLF files work unchanged: lines are split on LF and keep their CR.
    """
    offset = 0
    start: int | None = None
    separator = b""
    buf = bytearray()
    size = 0
    for line in handle:
        length = len(line)
        if line.startswith(b"From ") and FROM_LINE.match(line):
            if start is not None:
                yield _span(start, separator, buf, size)
            start, separator, buf, size = offset, line.rstrip(b"\r\n"), bytearray(), 0
        elif start is not None:
            if line.startswith(b">") and _ESCAPED.match(line):
                line = line[1:]
            size += len(line)
            if size <= MAX_MESSAGE_BYTES:
                buf += line
            elif buf:
                buf = bytearray()  # over the limit: stop holding it, keep counting
        offset += length
    if start is not None:
        yield _span(start, separator, buf, size)


def _head(path: Path, size: int = 4096) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(size)
    except OSError:
        return b""


def looks_like_mbox(head: bytes) -> bool:
    """A From separator line first, then a header line within the next few lines."""
    lines = head.lstrip(b"\r\n").split(b"\n")
    return bool(FROM_LINE.match(lines[0])) and any(HEADER_LINE.match(line) for line in lines[1:6])



def read_message_file(path: Path, where: str) -> bytes | Skipped:
    """The bytes of a one-message file (.eml, maildir), or why not: too large, unreadable."""
    try:
        size = path.stat().st_size
        if size > MAX_MESSAGE_BYTES:
            return Skipped(where, f"message of {size // 2**20} MiB is too large, not read")
        return path.read_bytes()
    except OSError as exc:  # delivered or moved away while we read: the next run sees it
        return Skipped(where, f"cannot read: {exc.strerror or exc}")

class MboxConnector:
    """mbox files (mboxo, mboxrd, Gmail Takeout); ids from Message-ID, locations `<path>#<byte offset>`."""

    name: ClassVar[str] = "mbox"
    priority: ClassVar[int] = 50

    def can_read(self, path: Path) -> bool:
        return path.is_file() and looks_like_mbox(_head(path))

    def read(self, source: Source, since: str | None) -> Iterator[Item]:
        if source.path is None:
            raise SourceError(f"source {source.name}: no path")
        path = source.path
        if path.is_dir():
            files = [child for child in walk_files(path) if self.can_read(child)]
            if not files:
                raise SourceError(f"{path}: no mbox file in this folder")
            for child in files:
                try:
                    yield from self.read_file(child, source.name)
                except SourceError as exc:
                    yield Skipped(str(child), str(exc))
        elif path.is_file():
            yield from self.read_file(path, source.name)
        else:
            raise SourceError(f"{path}: no such file or folder")

    def read_file(self, path: Path, source: str) -> Iterator[Item]:
        """Every message of one mbox; a bad one becomes Skipped and reading goes on."""
        resolved = path.resolve()
        if not FROM_LINE.match(_head(path).lstrip(b"\r\n")):
            raise SourceError(f"{path}: not an mbox file (it does not start with a 'From ' line)")
        copies = Copies()
        try:
            with open(path, "rb") as handle:
                for span in split_mbox(handle):
                    yield from self._message(span, f"{resolved}#{span.offset}", source, copies)
        except OSError as exc:
            raise SourceError(f"{path}: cannot read: {exc.strerror or exc}") from exc

    def _message(self, span: Span, where: str, source: str, copies: Copies) -> Iterator[Item]:
        if span.raw is None:
            yield Skipped(where, f"message of {span.size // 2**20} MiB is larger than "
                                 f"{MAX_MESSAGE_BYTES // 2**20} MiB, not read (a lost From line?)")
            return
        native, duplicate = copies.native_id(span.raw)
        if duplicate:
            yield Skipped(where, duplicate)
            return
        parsed = parse_message(span.raw, connector=self.name, source=source, native_id=native, location=where,
                               arrived=span.arrived())
        if isinstance(parsed, Skipped):
            yield parsed
        else:
            yield from parsed
