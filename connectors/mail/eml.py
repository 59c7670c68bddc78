"""Single message files (.eml, or any file that starts with mail headers)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from connectors.mail.mbox import read_message_file
from connectors.mail.parse import MAIL_HEADERS, parse_message
from twin.errors import SourceError
from twin.schema import Item, Skipped, Source
from twin.walk import walk_files

__all__ = ["EmlConnector", "looks_like_message"]

_FIELD = re.compile(rb"^([!-9;-~]+):")
KNOWN_NEEDED = 2
"""Mail header names needed in the head: one `Subject:` line could start any note."""


def looks_like_message(head: bytes) -> bool:
    """RFC 822 headers from the first line on (continuations allowed), at least two of them mail fields."""
    known = 0
    lines = head.split(b"\n")
    if len(head) >= 4096:
        lines.pop()  # the head may end inside a line
    for i, line in enumerate(lines):
        line = line.rstrip(b"\r")
        if not line:
            return i > 0 and known >= KNOWN_NEEDED
        if line[:1] in (b" ", b"\t") and i > 0:
            continue
        match = _FIELD.match(line)
        if match is None:
            return False
        known += match.group(1).decode("ascii").lower() in MAIL_HEADERS
    return known >= KNOWN_NEEDED  # a headers-only message, or a head cut inside a long header block


class EmlConnector:
    """One message per file; the id is the file's path (like notes), so copies in two files stay two."""

    name: ClassVar[str] = "eml"
    priority: ClassVar[int] = 40

    def can_read(self, path: Path) -> bool:
        if not path.is_file():
            return False
        try:
            with open(path, "rb") as handle:
                head = handle.read(4096)
        except OSError:
            return False
        return looks_like_message(head.removeprefix(b"\xef\xbb\xbf"))

    def read(self, source: Source, since: str | None) -> Iterator[Item]:
        if source.path is None:
            raise SourceError(f"source {source.name}: no path")
        path = source.path
        if path.is_dir():
            for child in walk_files(path):
                if self.can_read(child):
                    yield from self.read_file(child, source.name)
        elif path.is_file():
            yield from self.read_file(path, source.name)
        else:
            raise SourceError(f"{path}: no such file or folder")

    def read_file(self, path: Path, source: str) -> Iterator[Item]:
        resolved = path.resolve()
        where = str(resolved)
        raw = read_message_file(path, where)
        if isinstance(raw, Skipped):
            yield raw
            return
        raw = raw.removeprefix(b"\xef\xbb\xbf")
        parsed = parse_message(raw, connector=self.name, source=source, native_id=where, location=where)
        if isinstance(parsed, Skipped):
            yield parsed
        else:
            yield from parsed
