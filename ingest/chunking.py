"""Cutting records into chunks that fit the embedder, each with a who/where/when header."""

from __future__ import annotations

import re

from twin.schema import Chunk, Record

__all__ = ["header_for", "split_record", "split_units"]

_PARAGRAPH = re.compile(r"\n\s*\n")
_SENTENCE = re.compile(r"(?<=[.!?…。])\s+(?=[\"'(\[A-ZÄÖÜ0-9#*-])|\n(?=\s*(?:[-*+]|\d+[.)]|#)\s)")


def header_for(record: Record) -> str:
    """`title · kind from source · Weekday d Month YYYY · with people`: what a reader needs to place the text."""
    when = record.timestamp
    date = f"{when:%A} {when.day} {when:%B %Y}"
    if record.metadata.get("date_from") != "modified time" and (when.hour or when.minute):
        date += f" {when:%H:%M}"
    parts = [record.title] if record.title else []
    parts.append(f"{record.kind} from {record.source}")
    parts.append(date)
    people = [p for p in (record.author, *record.participants) if p]
    if people:
        parts.append("with " + ", ".join(dict.fromkeys(people)))
    return " · ".join(parts)


def split_units(text: str, limit: int) -> list[str]:
    """Paragraphs, then sentences and list items, then word windows: pieces of at most `limit` words."""
    units: list[str] = []
    for paragraph in _PARAGRAPH.split(text):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        if len(paragraph.split()) <= limit:
            units.append(paragraph)
            continue
        for sentence in _SENTENCE.split(paragraph):
            words = sentence.split()
            for start in range(0, len(words), limit):
                units.append(" ".join(words[start:start + limit]))
    return units


def split_record(record: Record, chunk_words: int = 120, overlap_words: int = 20) -> list[Chunk]:
    """Greedy packing of units into chunks of about `chunk_words`, the last units repeated as overlap."""
    header = header_for(record)
    units = split_units(record.text, chunk_words)
    groups: list[list[str]] = []
    current: list[str] = []
    size = 0
    for unit in units:
        n = len(unit.split())
        if current and size + n > chunk_words:
            groups.append(current)
            carry: list[str] = []
            carried = 0
            for previous in reversed(current):
                m = len(previous.split())
                if carried + m > overlap_words:
                    break
                carry.insert(0, previous)
                carried += m
            if not carry and overlap_words > 0:  # the last unit is long: repeat its tail
                carry, carried = [" ".join(current[-1].split()[-overlap_words:])], overlap_words
            current, size = carry, carried
        current.append(unit)
        size += n
    if current:
        groups.append(current)
    end = record.end or record.timestamp
    return [
        Chunk(
            id=f"{record.id}#{seq}",
            record_id=record.id,
            seq=seq,
            text="\n\n".join(group),
            header=header,
            start=record.timestamp,
            end=end,
            source=record.source,
            kind=record.kind,
            participants=tuple(dict.fromkeys(p for p in (record.author, *record.participants) if p)),
        )
        for seq, group in enumerate(groups)
    ]
