"""Parsing existing transcripts into timed lines: SubRip (.srt), WebVTT (Zoom, Teams) and
`Speaker: text` plain text, forgiving what real exports get wrong."""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

from connectors.media.segments import Line, merge_turns

__all__ = ["Parsed", "is_speaker_text", "is_subtitles", "parse_speaker_text", "parse_subtitles"]

_TIME = r"(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_TIMING = re.compile(rf"^\s*(?P<a>{_TIME})\s*-->\s*(?P<b>{_TIME})(?:\s|$)")
_IDENT = re.compile(r"^\d+$|^[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}(?:/\S*)?$")
"""A cue number (SRT, Zoom) or a Teams cue id, when no blank line separates it from the cue before."""
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
_TAG = re.compile(r"<[^>]*>|\{\\[^}]*\}")
_NAME = r"[^\W\d_][\w'’.\-]*(?: [\w'’.\-]+){0,3}"
"""A speaker: up to four words, the first starting with a letter (not `14/03/26, 09:12 - Anna`)."""
_SPEAKER = re.compile(rf"^(?:-\s*|>>\s*)?\[?(?P<name>{_NAME})\]?:\s+(?P<text>\S.*)$")
_STAMP = r"[\[(]?(?P<{0}>(?:\d{{1,2}}:)?\d{{1,2}}:\d{{2}})(?:[.,]\d+)?[\])]?"
_TEXT_LINE = re.compile(
    rf"^\s*(?:{_STAMP.format('t1')}\s*[-–]?\s*)?(?P<name>{_NAME})(?:\s*{_STAMP.format('t2')})?\s*:\s+(?P<text>\S.*)$"
)
_BLOCKS = ("NOTE", "STYLE", "REGION")
MIN_LINES = 5
"""A plain-text transcript has at least this many `Speaker: text` lines ..."""
MIN_SHARE = 0.5
"""... making up at least this share of its non-empty lines, ..."""
MIN_SPEAKERS = 2
"""... by at least two people who speak more than once, saying most of it (`Key: value` notes do not)."""
_LABELS = frozenset({
    "date", "time", "when", "where", "location", "place", "title", "subject", "topic", "agenda", "attendees",
    "participants", "present", "absent", "meeting", "recorded", "recording", "duration", "note", "notes",
    "summary", "action items", "actions", "todo", "to do", "decision", "decisions", "next steps", "url", "link",
})
"""Words before a colon that label a field of notes; never a speaker."""


@dataclass(frozen=True)
class Parsed:
    lines: list[Line]
    preamble: list[str]
    """Plain text before the first turn (a title, a date line)."""


def seconds(stamp: str) -> float:
    """`01:02:03,500`, `02:03.5` or `2:03` as seconds."""
    parts = stamp.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return total


def _clean(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def _cue_lines(start: float, end: float, payload: list[str]) -> list[Line]:
    """A cue's text as lines: a voice tag or `Name:` names the speaker; a cue can hold a dialogue."""
    out: list[Line] = []
    for raw in payload:
        voice = _VOICE.search(raw)
        text = _clean(raw)
        if not text:
            continue
        if voice:
            out.append(Line(start, end, text, _clean(voice.group(1))))
        elif (match := _SPEAKER.match(text)) is not None:
            out.append(Line(start, end, match["text"], match["name"]))
        elif out:
            last = out[-1]
            out[-1] = Line(start, end, f"{last.text} {text}", last.speaker)
        else:
            out.append(Line(start, end, text))
    return out


def is_subtitles(text: str) -> bool:
    """WebVTT by its header; SubRip by a cue timing line among the first lines."""
    text = text.lstrip("\ufeff \t\r\n")
    if text.startswith("WEBVTT"):
        return True
    head = [line for line in text.split("\n", 40)[:40] if line.strip()][:12]
    return any(_TIMING.match(line) for line in head)


def parse_subtitles(text: str) -> list[Line]:
    """Cues in time order, whatever their numbering, order or spacing; consecutive cues of one
    speaker are joined into a turn."""
    rows = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cues: list[tuple[float, float, list[str]]] = []
    current: list[str] | None = None
    skipping = rows[0].startswith("WEBVTT")  # the header block runs to the first blank line
    fresh = True  # after a blank line: a NOTE or STYLE block, or a cue id, may start here
    for row in rows:
        line = row.strip()
        if not line:
            current, skipping, fresh = None, False, True
            continue
        if skipping:
            continue
        if fresh and current is None and line.split(" ", 1)[0] in _BLOCKS:
            skipping = True
            continue
        fresh = False
        timing = _TIMING.match(line)
        if timing:
            if current and _IDENT.match(current[-1]):
                current.pop()  # the next cue's number, with no blank line before it
            current = []
            cues.append((seconds(timing["a"]), seconds(timing["b"]), current))
        elif current is not None:
            current.append(line)
    cues.sort(key=lambda cue: cue[0])
    lines = [line for start, end, payload in cues for line in _cue_lines(start, max(start, end), payload)]
    return merge_turns(lines)


def _turn(row: str) -> re.Match[str] | None:
    match = _TEXT_LINE.match(row)
    return match if match and match["name"].lower() not in _LABELS else None


def _matches(text: str) -> tuple[list[str], list[re.Match[str] | None]]:
    """Non-empty lines, each with its match as a turn; lines before the first turn of someone
    who speaks again (a title, `Meeting: Atlas`) are not turns."""
    rows = [row.strip() for row in text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    rows = [row for row in rows if row]
    matches = [_turn(row) for row in rows]
    names = Counter(m["name"] for m in matches if m)
    first = next((n for n, m in enumerate(matches) if m and names[m["name"]] > 1), len(matches))
    return rows, [None] * first + matches[first:]


def is_speaker_text(text: str) -> bool:
    """Mostly `Speaker: text` lines (optionally stamped `[00:01:02]`), by at least two people who
    speak more than once."""
    rows, matches = _matches(text)
    names = Counter(m["name"] for m in matches if m)
    said = sum(names.values())
    again = {name: n for name, n in names.items() if n > 1}
    return (said >= MIN_LINES and said >= MIN_SHARE * len(rows)
            and len(again) >= MIN_SPEAKERS and sum(again.values()) >= MIN_SHARE * said)


def parse_speaker_text(text: str) -> Parsed:
    """Turns, each running on over the unmatched lines that follow it; ends are the next turn's start."""
    rows, matches = _matches(text)
    preamble: list[str] = []
    turns: list[tuple[float | None, str, str]] = []
    for row, match in zip(rows, matches, strict=True):
        if match:
            stamp = match["t1"] or match["t2"]
            turns.append((seconds(stamp) if stamp else None, match["text"], match["name"]))
        elif turns:
            start, said, name = turns[-1]
            turns[-1] = (start, f"{said} {row}", name)
        else:
            preamble.append(row)
    lines: list[Line] = []
    for n, (start, said, name) in enumerate(turns):
        following = turns[n + 1][0] if n + 1 < len(turns) else None
        end = following if start is not None and following is not None and following >= start else None
        lines.append(Line(start, end, said, name))
    return Parsed(lines, preamble)
