"""A conversation window as a hit: cut to the messages that answer, named by the best one.

Windows are what retrieval finds (a message alone is too short to match); a reader, and a
word budget, want the message that answers. The hit keeps the window's best line with a few
lines of context, takes that message's record id and time (so "when" is the message's date,
not the window's first line), and lists every message it shows. Context costs words: where
messages are long, a message found by meaning is shown alone (`[search] focus_words`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from retrieval.terms import content_terms
from twin.schema import display_name
from twin.store.catalog import Catalog, ChunkRow, MessageRow

__all__ = ["HIT_LINE", "Focused", "focus_message", "focus_messages", "focus_window"]


@dataclass(frozen=True)
class Focused:
    text: str
    record_id: str
    timestamp: datetime
    record_ids: tuple[str, ...]
    people: tuple[str, ...] = ()
    """Who writes in the lines shown."""


def focus_window(row: ChunkRow, catalog: Catalog, terms: frozenset[str], context: int) -> Focused | None:
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
        if context and best + 1 < hi < len(lines) and _asks_the_other(members[hi - 1], members[hi]):
            hi += 1  # a question that ends the cut brings its reply
    chosen = members[best]
    # The window's own line texts (long ones are cut there), under the hits' shorter prefix.
    texts = [_STORED_PREFIX.sub("", line, count=1) for line in lines[lo:hi]]
    return Focused(
        "\n".join(_lines(members[lo:hi], texts, first_names=row.kind == "message", others=row.participants)),
        chosen.id,
        chosen.timestamp,
        tuple(m.id for m in members[lo:hi]),
        tuple(dict.fromkeys(m.author for m in members[lo:hi] if m.author)),
    )


def focus_message(row: ChunkRow, catalog: Catalog, context: int, words: int = 0,
                  relevant: Callable[[list[MessageRow]], list[bool]] | None = None) -> Focused | None:
    """A single message found by meaning, shown as its window would show it: with `context`
    messages either side, each line `Nora: text` (see `_lines`); alone when those lines hold
    more than `words` words (0: no limit; `context` -1 shows a window's worth, never alone).
    With `relevant` (per message shown, whether it bears on the query), a context line that
    does not is left out (`_bearing`), but for whole windows."""
    if context < 0:
        context, words, relevant = 5, 0, None  # "whole windows": about a window's worth around it, whatever it costs
    around = catalog.around(row.record_id, context, context + 1)
    ids = [m.id for m in around]
    if row.record_id not in ids:
        return None
    at = ids.index(row.record_id)
    around, after = around[:at + context + 1], around[at + context + 1:]
    ids = ids[:at + context + 1]
    lines = _lines(around, others=row.participants)
    if words and _words(lines) > words:
        around, ids, lines = around[at:at + 1], ids[at:at + 1], lines[at:at + 1]
        at = 0
    elif context and after and len(around) > at + 1 and _asks_the_other(around[-1], after[0]):
        # "guess who just booked flights to Lisbon" / "NO WAY. when??": the reply answers it.
        around = [*around, after[0]]
        ids.append(after[0].id)
        lines = _lines(around, others=row.participants)
    if relevant is not None and len(around) > 1:
        kept = _bearing(around, at, relevant(around))
        if len(kept) < len(around):
            around, ids, at = [around[i] for i in kept], [ids[i] for i in kept], kept.index(at)
            lines = _lines(around, others=row.participants)
    chosen = around[at]
    return Focused("\n".join(lines), chosen.id, chosen.timestamp, tuple(ids),
                   tuple(dict.fromkeys(m.author for m in around if m.author)))


SHORT_MESSAGE = 6
"""A message of at most this many words ("DONE. 1:54:12") keeps all its context lines: alone it
says nothing of what it answers."""


def _bearing(around: list[MessageRow], at: int, relevant: list[bool]) -> list[int]:
    """The indexes of `around` to show: the message at `at`, and each context line that bears
    on the query (`relevant`), is the question the message answers (a line before it that asks,
    or one the message answers as a reply opens: "yes", "can't") or the reply to the message's own
    question (or one that opens so); all of them for a short message. Small talk around a message
    costs words a budget of hits could spend on evidence: on bench/personal 2.2 points more of all
    evidence within 200 words (bench/RESULTS.md, "Context lines that bear on the question")."""
    message = around[at]
    if len(message.text.split()) <= SHORT_MESSAGE:
        return list(range(len(around)))
    asks = _QUESTION_END.search(message.text) is not None

    def answers(reply: MessageRow, asked: MessageRow) -> bool:
        """A line of the other writer that opens with an answer ("can't, dentist at 18:30" to "Lena
        asked if we want to join her for climbing"): a question asked without "?"."""
        return reply.author != asked.author and _ANSWERING.match(reply.text) is not None

    return [i for i, line in enumerate(around)
            if i == at or relevant[i]
            or (i < at and (_QUESTION_END.search(line.text) is not None or answers(message, line)))
            or (i > at and (asks or answers(line, message)))]


_ANSWERING = re.compile(r"^\W*(?:yes|yeah|yep|yup|no|nope|nah|sure|ok|okay|of\s+course|definitely|maybe|can['’]?t"
                        r"|cannot|won['’]?t|will\s+do|sounds\s+good|deal|absolutely|not\s+really|sadly|unfortunately)\b",
                        re.I)
"""How a reply opens when it answers the line before it."""


REPLY_WORDS = 30
"""A message that ends a hit with a question to the other writer brings its reply along, when the
reply is at most this long."""
_QUESTION_END = re.compile(r"\?[\s!?\W]*$")


def _asks_the_other(question: MessageRow, reply: MessageRow) -> bool:
    """Whether `question` asks and `reply`, the next message, is the other writer's short answer."""
    return bool(_QUESTION_END.search(question.text)) and reply.author != question.author \
        and len(reply.text.split()) <= REPLY_WORDS


def focus_messages(catalog: Catalog, ids: list[str], chosen_id: str, others: tuple[str, ...] = ()) -> Focused | None:
    """The chat messages `ids` as a hit, named by `chosen_id`; None unless all are chat messages
    and `chosen_id` is one of them."""
    messages = catalog.messages(ids)
    chosen = next((m for m in messages if m.id == chosen_id), None)
    if chosen is None or len(messages) != len(set(ids)):
        return None
    return Focused("\n".join(_lines(messages, others=others)), chosen.id, chosen.timestamp,
                   tuple(m.id for m in messages), tuple(dict.fromkeys(m.author for m in messages if m.author)))


def _words(lines: list[str]) -> int:
    return sum(len(line.split()) for line in lines)


HIT_LINE = re.compile(r"^(?P<author>[^():\n]{1,60}?)"
                      r"(?: \((?:(?P<day>\d{1,2}) (?P<month>[A-Z][a-z]{2}))? ?(?:\d{2}:\d{2})?\))?:\s+(?P<text>.*)$")
"""A conversation line of a hit, for its readers (answers, abstention): `Nora: text`,
`Nora (17 Feb): text` (`_lines`), or as windows store them `Nora Lindqvist (20:02): text`."""
_STORED_PREFIX = re.compile(r"^(?:[^()\n]{1,60}? )?\((?:\d{1,2} \w{3} )?\d{2}:\d{2}\):? ")
"""A window line's prefix as ingest stores it: `Nora Lindqvist (20:02): ` or `(20:02) `."""


def _lines(messages: list[MessageRow], texts: list[str] | None = None, *, first_names: bool = True,
           others: tuple[str, ...] = ()) -> list[str]:
    """Conversation lines as hits show them: `Nora: text`, or `Nora (17 Feb): text` when the
    lines span days. Words are what a reader (and a word budget) pays for: in a chat the first
    name alone where no two of its people (the writers and `others`, the chat's participants)
    share it (a mail thread keeps full names), no
    clock time (the hit carries its time); on bench/personal, 2.2 points more evidence within
    200 words than `Nora Lindqvist (20:02):`."""
    multi_day = bool(messages) and messages[0].timestamp.date() != messages[-1].timestamp.date()
    names = {m.author: display_name(m.author) for m in messages if m.author}
    people = set(names.values()) | {display_name(p) for p in others}
    firsts = [name.split()[0] for name in people if name.split()]
    short = {author: (name.split()[0] if first_names and name.split() and firsts.count(name.split()[0]) == 1
                      else name) for author, name in names.items()}
    lines = []
    for n, message in enumerate(messages):
        text = texts[n] if texts is not None else " ".join(message.text.split())
        stamp = f" ({message.timestamp.day} {message.timestamp:%b})" if multi_day else ""
        author = short.get(message.author, "")
        lines.append(f"{author}{stamp}: {text}" if author else (f"({stamp.strip(' ()')}) {text}" if stamp else text))
    return lines
