"""The quality guard for generated summaries and questions: a small model writes poor text.

A piece is rejected when it is empty, repeats the prompt, shares no content word with its
record, is mostly words the record does not have (invented), or repeats an earlier question.
Each check returns the reason, or None when the piece may stay.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from twin.terms import content_terms

__all__ = ["check_question", "check_summary", "clean_line", "grounded_in", "parse_cited"]

MIN_GROUNDED = 0.5
"""Share of a piece's content words that its record must contain (names, dates, things)."""
_LEAD = re.compile(r"^\s*(?:[-*•]|\d+[.):]|q\d*[.:)]|question\s*\d*[.:)]|summary\s*:|answer\s*:)\s*", re.I)
_CITE = re.compile(r"\(?\s*because\s+of\s+([\d,\s and]+)\)?\s*\.?$", re.I)
_SPEAKER = re.compile(r"^[^():]{1,40}(?:\s\(\d{1,2}:\d{2}\))?:\s")
_META = re.compile(r"^the (?:record|text|conversation|note|email) (?:is|shows|describes|says)(?: that)?\s+", re.I)
_PROMPT_WORDS = {"record", "summarise", "summarize", "sentence", "question", "answer", "write", "short", "task"}


def clean_line(text: str) -> str:
    """One generated line without list marks, labels, surrounding quotes and a leading
    "The record is" (the small model's habit: "The record is a 1,040 EUR increase in rent")."""
    text = text.strip()
    for _ in range(2):
        text = _LEAD.sub("", text).strip()
    text = _META.sub("", text.strip("\"'“”‘’ ").strip())
    return text[:1].upper() + text[1:]


def _copies(piece: str, record: str) -> bool:
    """The piece is one of the record's lines (or a speaker's line), not something new."""
    body = _SPEAKER.sub("", piece).strip().lower()
    return len(body) > 0 and body in record.lower()


def _grounding(piece: str, record: str, task: str) -> str | None:
    words = content_terms(piece)
    if not words:
        return "empty"
    if piece.lower().rstrip(".?!") in task.lower() or _echoes(words, task, record):
        return "repeats the prompt"
    known = content_terms(record)
    shared = words & known
    if not shared:
        return "unrelated"
    if len(shared) / len(words) < MIN_GROUNDED:
        return "invented"
    return None


def _echoes(words: frozenset[str], task: str, record: str) -> bool:
    """Most of the piece is the instruction's own vocabulary, not the record's."""
    prompt = content_terms(task) | content_terms(" ".join(_PROMPT_WORDS))
    echoed = {w for w in words if w in prompt} - content_terms(record)
    return len(echoed) >= max(2, len(words) // 2)


def _similar(a: str, b: str) -> bool:
    """Mostly the same content words (compared by their first five letters: change, changed)."""
    x, y = {w[:5] for w in content_terms(a)}, {w[:5] for w in content_terms(b)}
    return bool(x | y) and len(x & y) / len(x | y) >= 0.6


def check_summary(summary: str, record: str, task: str) -> str | None:
    if not summary:
        return "empty"
    if len(summary.split()) < 4:
        return "too short"
    if _copies(summary, record):
        return "copies the record"
    return _grounding(summary, record, task)


def check_question(question: str, record: str, task: str, earlier: Sequence[str]) -> str | None:
    if not question:
        return "empty"
    if not question.endswith("?"):
        return "not a question"
    if len(question.split()) < 3:
        return "too short"
    if _copies(question, record):
        return "copies the record"
    if any(_similar(question, e) for e in earlier):
        return "duplicate"
    return _grounding(question, record, task)


def parse_cited(line: str, n: int) -> tuple[str, list[int]]:
    """`text (because of 1, 3)` → the text and the statement numbers it cites (those from 1 to
    `n`); ("", []) when it cites nothing."""
    match = _CITE.search(line)
    if not match:
        return "", []
    numbers = sorted({int(x) for x in re.findall(r"\d+", match.group(1)) if 1 <= int(x) <= n})
    return line[:match.start()].strip(" .;:-"), numbers


def grounded_in(text: str, sources: Sequence[str]) -> bool:
    """At least MIN_GROUNDED of the text's content words are in the sources it rests on."""
    terms = content_terms(text)
    known = content_terms(" ".join(sources))
    return bool(sources) and bool(terms) and len(terms & known) / len(terms) >= MIN_GROUNDED
