"""A conversation window as a hit: cut to the messages that answer, named by the best one.

Windows are what retrieval finds (a message alone is too short to match); a reader, and a
word budget, want the message that answers. The hit keeps the window's best line with a few
lines of context, takes that message's record id and time (so "when" is the message's date,
not the window's first line), and lists every message it shows. Context costs words: where
messages are long, a message found by meaning is shown alone (`[search] focus_words`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from retrieval.terms import content_terms
from twin.schema import display_name
from twin.store.catalog import Catalog, ChunkRow, MessageRow

__all__ = ["Focused", "focus_message", "focus_window"]


@dataclass(frozen=True)
class Focused:
    text: str
    record_id: str
    timestamp: datetime
    record_ids: tuple[str, ...]
    people: tuple[str, ...] = ()
    """Who writes in the lines shown."""


def focus_window(row: ChunkRow, catalog: Catalog, terms: set[str], context: int) -> Focused | None:
    """The window `row` cut to its best line and `context` lines around it; None if `row` is
    not a conversation window or its lines no longer match its records."""
    if not row.thread or "#w" not in row.chunk_id:
        return None
    members = catalog.window_members(row.thread, row.start_ts, row.end_ts, row.record_id)
    lines = row.text.split("\n")
    if len(members) < len(lines):
        return None
    members = members[: len(lines)]
    scores = [len(terms & content_terms(line)) for line in lines]
    best = max(range(len(lines)), key=lambda i: (scores[i], -abs(i - len(lines) // 2)))
    if scores[best] == 0 or context < 0:
        lo, hi = 0, len(lines)
    else:
        lo, hi = max(0, best - context), min(len(lines), best + context + 1)
        # A second line that shares as many terms (a question and its answer) widens the cut.
        for i, score in enumerate(scores):
            if score == scores[best] and i != best and abs(i - best) <= 2 * context:
                lo, hi = min(lo, max(0, i - 1)), max(hi, min(len(lines), i + 2))
    chosen = members[best]
    return Focused(
        "\n".join(lines[lo:hi]),
        chosen.id,
        chosen.timestamp,
        tuple(m.id for m in members[lo:hi]),
        tuple(dict.fromkeys(m.author for m in members[lo:hi] if m.author)),
    )


def focus_message(row: ChunkRow, catalog: Catalog, context: int, words: int = 0) -> Focused | None:
    """A single message found by meaning, shown as its window would show it: with `context`
    messages either side, each line `Name (d Mon HH:MM): text`; alone when those lines hold
    more than `words` words (0: no limit; `context` -1 shows a window's worth, never alone)."""
    if context < 0:
        context, words = 5, 0  # "whole windows": about a window's worth around it, whatever it costs
    around = catalog.around(row.record_id, context, context)
    ids = [m.id for m in around]
    if row.record_id not in ids:
        return None
    multi_day = around[0].timestamp.date() != around[-1].timestamp.date()
    lines = [_line(m, multi_day) for m in around]
    at = ids.index(row.record_id)
    if words and _words(lines) > words:
        around, ids, lines = around[at:at + 1], ids[at:at + 1], lines[at:at + 1]
        at = 0
    chosen = around[at]
    return Focused("\n".join(lines), chosen.id, chosen.timestamp, tuple(ids),
                   tuple(dict.fromkeys(m.author for m in around if m.author)))


def _words(lines: list[str]) -> int:
    return sum(len(line.split()) for line in lines)


def _line(message: MessageRow, multi_day: bool) -> str:
    when = message.timestamp
    stamp = f"{when.day} {when:%b %H:%M}" if multi_day else f"{when:%H:%M}"
    author = display_name(message.author)
    text = " ".join(message.text.split())
    return f"{author} ({stamp}): {text}" if author else f"({stamp}) {text}"
