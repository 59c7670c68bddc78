"""Existing meeting transcripts (.srt, .vtt from Zoom or Teams, `Speaker: text` .txt): one
meeting record per file, its speakers as participants."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import ClassVar

from connectors.dates import parse_date
from connectors.files import decode
from connectors.media.cues import is_speaker_text, is_subtitles, parse_speaker_text, parse_subtitles
from connectors.media.naming import modified_time, name_date, name_title
from connectors.media.segments import Line, render, speakers
from twin.schema import MetaValue, Record, Skipped, Source
from twin.walk import source_files

__all__ = ["RECORDED_NOTE", "TranscriptConnector"]

logger = logging.getLogger(__name__)

SUBTITLE_SUFFIXES = frozenset({".srt", ".vtt"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ""})
"""Where a `Speaker: text` transcript is looked for (by content); other text stays a note."""
SNIFF_BYTES = 64 * 1024
MAX_BYTES = 50 * 1024 * 1024
RECORDED_NOTE = "NOTE twin record: transcript of "
"""How `twin record` marks the VTT it writes next to its WAV: that recording is read as audio."""
_LABEL = re.compile(r"^(?:date|datum|when|recorded|meeting date)\s*:\s*", re.I)


def _head(path: Path) -> str | None:
    try:
        with open(path, "rb") as handle:
            data = handle.read(SNIFF_BYTES)
    except OSError:
        return None
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    for cut in range(4):  # the sniff may end inside a multibyte character
        try:
            return decode(data[:len(data) - cut])
        except (ValueError, UnicodeDecodeError):
            continue
    return None


class TranscriptConnector:
    """Transcripts by content: WebVTT and SubRip cues, or mostly `Speaker: text` lines."""

    name: ClassVar[str] = "transcript"
    priority: ClassVar[int] = 30
    """Before the generic text reader (0), so that such notes become meetings; after the chat exports."""

    def can_read(self, path: Path) -> bool:
        if not path.is_file():
            return False
        suffix = path.suffix.lower()
        if suffix in SUBTITLE_SUFFIXES:
            return True
        head = _head(path)
        if head is None:
            return False
        return is_subtitles(head) or (suffix in TEXT_SUFFIXES and is_speaker_text(head))

    def read(self, source: Source, since: str | None) -> Iterator[Record | Skipped]:
        for path in source_files(source, self.can_read):
            item = self.read_file(path, source.name)
            if item is not None:
                yield item

    def read_file(self, path: Path, source: str) -> Record | Skipped | None:
        """The meeting of one transcript; None for the VTT `twin record` writes beside its WAV."""
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                return Skipped(str(path), f"too large for a transcript ({size // 2**20} MiB)")
            text = decode(path.read_bytes())
        except OSError as exc:
            return Skipped(str(path), f"cannot read: {exc.strerror or exc}")
        except ValueError as exc:
            return Skipped(str(path), str(exc))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            return Skipped(str(path), "empty file")
        if self._recorded(path, text):
            return None
        preamble: list[str] = []
        if is_subtitles(text):
            kind, lines = ("vtt" if text.lstrip("\ufeff").startswith("WEBVTT") else "srt"), parse_subtitles(text)
            if not lines:
                return Skipped(str(path), "no cues with text found")
        else:
            parsed = parse_speaker_text(text)
            kind, lines, preamble = "txt", parsed.lines, parsed.preamble
            if not is_speaker_text(text) or not lines:
                return Skipped(str(path), "not a transcript: too few `Speaker: text` lines")
        return self._record(path, source, kind, lines, preamble)

    def _recorded(self, path: Path, text: str) -> bool:
        for line in text.split("\n", 6)[:6]:
            if line.startswith(RECORDED_NOTE) and (path.parent / line[len(RECORDED_NOTE):].strip()).exists():
                logger.debug("%s: the transcript of a twin recording, read with its audio", path)
                return True
        return False

    def _record(self, path: Path, source: str, kind: str, lines: list[Line], preamble: list[str]) -> Record:
        start, date_from = _meeting_date(path, preamble)
        ends = [t for line in lines for t in (line.end, line.start) if t is not None]
        duration = max(ends) if ends else None
        body = render(lines)
        if preamble:
            body = "\n".join([*preamble, body])
        resolved = path.resolve()
        metadata: dict[str, MetaValue] = {"date_from": date_from, "path": str(resolved), "format": kind}
        if duration is not None:
            metadata["duration"] = round(duration, 1)
        return Record(
            id=f"{self.name}:{resolved}",
            source=source,
            kind="meeting",
            timestamp=start,
            end=start + timedelta(seconds=duration) if duration is not None else None,
            text=body,
            title=name_title(path),
            participants=speakers(lines),
            location=str(resolved),
            metadata=metadata,
        )


def _meeting_date(path: Path, preamble: list[str]) -> tuple[datetime, str]:
    """The file name's date and time, else a date line before the first turn, else mtime."""
    if (named := name_date(path)) is not None:
        return named, "file name"
    for line in preamble[:5]:
        candidate = _LABEL.sub("", line.strip("#*_ "))
        if (moment := parse_date(candidate)) is not None:
            return moment, "heading"
    return modified_time(path), "modified time"
