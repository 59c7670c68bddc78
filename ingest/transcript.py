"""Meeting transcripts as retrieval chunks: windows of consecutive `[MM:SS] Speaker: text` lines.

A window keeps a few minutes of talk together (a question and its answer), overlaps the next
by a line, and is dated at the moment it covers: its start is the meeting's start plus the
offset of its first line, and its header says where in the recording it is, so that a hit
reads "at 12:40 into the meeting on Thursday 12 March".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from ingest.chunking import header_for, split_record
from twin.schema import Chunk, Record

__all__ = ["format_offset", "split_transcript"]

_STAMPED = re.compile(r"^\[(?P<stamp>(?:\d+:)?\d{1,2}:\d{2})\]\s*(?P<rest>.*)$")
_SPEAKER = re.compile(r"^(?P<name>[^:\[\]]{1,60}):\s")
MAX_SECONDS = 180
"""A window spans at most this much of the meeting."""
MIN_SHARE = 0.5
"""At least this share of a record's lines must be stamped or spoken for windows to make sense."""


@dataclass(frozen=True)
class _Line:
    offset: float | None
    text: str
    """The whole line as the record has it, stamp and speaker included."""
    speaker: str
    words: int


def format_offset(seconds: float) -> str:
    """`12:40`, or `1:02:03` from an hour on (as the connectors stamp lines)."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def _seconds(stamp: str) -> float:
    total = 0
    for part in stamp.split(":"):
        total = total * 60 + int(part)
    return float(total)


def _parse(record: Record) -> list[_Line] | None:
    """The record's lines with their offsets and speakers, or None if it is not a transcript."""
    people = set(record.participants)
    lines: list[_Line] = []
    spoken = 0
    for raw in record.text.split("\n"):
        raw = raw.strip()
        if not raw:
            continue
        stamped = _STAMPED.match(raw)
        rest = stamped["rest"] if stamped else raw
        who = _SPEAKER.match(rest)
        speaker = who["name"] if who and who["name"] in people else ""
        spoken += bool(stamped or speaker)
        lines.append(_Line(_seconds(stamped["stamp"]) if stamped else None, raw, speaker, len(raw.split())))
    if not lines or spoken < MIN_SHARE * len(lines):
        return None
    return lines


def _long_lines(lines: list[_Line], limit: int) -> list[_Line]:
    """A turn longer than a window is cut into pieces that each keep its stamp and speaker."""
    out: list[_Line] = []
    for line in lines:
        if line.words <= limit:
            out.append(line)
            continue
        words = line.text.split()
        prefix = words[:1] if line.offset is not None else []
        if line.speaker:
            prefix.append(f"{line.speaker}:")
        taken = len(" ".join(prefix).split())
        body = words[taken:]
        step = max(1, limit - taken)
        for start in range(0, len(body), step):
            piece = " ".join([*prefix, *body[start:start + step]])
            out.append(_Line(line.offset, piece, line.speaker, len(piece.split())))
    return out


def _windows(lines: list[_Line], chunk_words: int, max_seconds: float, overlap: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(lines):
        end, words = start, 0
        first = next((line.offset for line in lines[start:] if line.offset is not None), None)
        while end < len(lines):
            line = lines[end]
            late = first is not None and line.offset is not None and line.offset - first > max_seconds
            if end > start and (words + line.words > chunk_words or late):
                break
            words += line.words
            end += 1
        spans.append((start, end))
        if end >= len(lines):
            break
        start = max(end - overlap, start + 1)
    return spans


def split_transcript(record: Record, chunk_words: int = 120, overlap_words: int = 20, *,
                     max_seconds: float = MAX_SECONDS, overlap_lines: int = 1) -> list[Chunk]:
    """Windows of at most `chunk_words` words and `max_seconds` of the meeting, overlapping by
    `overlap_lines`; a record that is not line-per-turn is chunked as any text (`overlap_words`)."""
    parsed = _parse(record)
    if parsed is None:
        return split_record(record, chunk_words, overlap_words)
    lines = _long_lines(parsed, chunk_words)
    duration = record.metadata.get("duration")
    length = float(duration) if isinstance(duration, int | float) else None
    header = header_for(record)
    everyone = tuple(dict.fromkeys(p for p in (record.author, *record.participants) if p))
    chunks: list[Chunk] = []
    for seq, (start, end) in enumerate(_windows(lines, chunk_words, max_seconds, overlap_lines)):
        window = lines[start:end]
        offsets = [line.offset for line in window if line.offset is not None]
        later = [line.offset for line in lines[end:] if line.offset is not None]
        first = offsets[0] if offsets else None
        last = later[0] if later else length if length is not None else offsets[-1] if offsets else None
        if first is not None and last is not None:
            last = max(first, last)
        where = ""
        if first is not None and last is not None:
            span = format_offset(first) if last <= first else f"{format_offset(first)}–{format_offset(last)}"
            where = f" · at {span} into the recording"
        talkers = tuple(dict.fromkeys(line.speaker for line in window if line.speaker))
        chunks.append(Chunk(
            id=f"{record.id}#{seq}",
            record_id=record.id,
            seq=seq,
            text="\n".join(line.text for line in window),
            header=header + where,
            start=record.timestamp + timedelta(seconds=first) if first is not None else record.timestamp,
            end=record.timestamp + timedelta(seconds=last) if last is not None else record.end or record.timestamp,
            source=record.source,
            kind=record.kind,
            participants=talkers or everyone,
        ))
    return chunks
