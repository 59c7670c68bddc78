"""Timed transcript lines and the text format every meeting record shares: `[MM:SS] Speaker: text`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

__all__ = ["Line", "format_offset", "merge_turns", "render", "speakers"]

MERGE_GAP = 1.0
"""Seconds of silence under which consecutive cues of one speaker read as one turn."""
MERGE_WORDS = 60
"""... unless the turn would grow past this many words (it stays citable)."""
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Line:
    """One turn or segment; times are seconds from the start of the meeting, None when unknown."""

    start: float | None
    end: float | None
    text: str
    speaker: str = ""


def format_offset(seconds: float) -> str:
    """`12:40`, or `1:02:03` from an hour on."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def render(lines: Iterable[Line]) -> str:
    """The record text: one line per turn, `[MM:SS] Speaker: text` (stamp and speaker when known)."""
    out = []
    for line in lines:
        text = _SPACE.sub(" ", line.text).strip()
        if not text:
            continue
        if line.speaker:
            text = f"{line.speaker}: {text}"
        if line.start is not None:
            text = f"[{format_offset(line.start)}] {text}"
        out.append(text)
    return "\n".join(out)


def speakers(lines: Iterable[Line]) -> tuple[str, ...]:
    """Who speaks, in order of first appearance."""
    return tuple(dict.fromkeys(line.speaker for line in lines if line.speaker))


def merge_turns(lines: Sequence[Line]) -> list[Line]:
    """Consecutive cues of one speaker close together become one line; a repeated cue (rolling
    captions) is dropped."""
    merged: list[Line] = []
    for line in lines:
        if merged:
            last = merged[-1]
            if line.text == last.text and line.speaker == last.speaker:
                merged[-1] = replace(last, end=_later(last.end, line.end))
                continue
            close = (last.end is not None and line.start is not None and 0 <= line.start - last.end <= MERGE_GAP)
            if (line.speaker and line.speaker == last.speaker and close
                    and len(last.text.split()) + len(line.text.split()) <= MERGE_WORDS):
                merged[-1] = replace(last, end=_later(last.end, line.end), text=f"{last.text} {line.text}")
                continue
        merged.append(line)
    return merged


def _later(a: float | None, b: float | None) -> float | None:
    if a is None or b is None:
        return a if b is None else b
    return max(a, b)
