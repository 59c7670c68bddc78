"""Conversations as retrieval chunks: windows of consecutive messages of one thread.

A chat message alone is too short to be found ("yes, let's do that"); a whole chat is too
long to cite. A window holds a few consecutive messages of one session (a new session starts
after a long silence), each line keeping its speaker and time, and overlaps the next window
by a message or two so that a question and its answer land together. Email threads get
windows too (each mail shortened), so "the exchange with the landlord" is one hit.

Windows are rebuilt from the catalog, from the start of the session that changed, and only
windows whose text changed are re-embedded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from twin.config import IngestConfig
from twin.schema import Chunk, display_name, from_epoch
from twin.store import Store

__all__ = ["THREADED", "WINDOWS_VERSION", "WINDOW_ONLY", "cut_version", "rebuild_threads", "windows"]

MESSAGE_CONTEXT = (1, 1)
"""Messages of the same session read before and after a message in its own chunk (on
bench/personal one each way beat two before, two after and two each way)."""
NEIGHBOUR_WORDS = 40
WINDOWS_VERSION = "3"
"""How threads are cut (2: a message's own chunk reads it between its neighbours; 3: and once
more after them); a store cut
otherwise, or with other window settings, has its chats cut again on the next ingest,
re-embedding only what changed (`cut_version`)."""
THREADED = ("message", "email")
"""Kinds whose records of one thread are windowed together."""
WINDOW_ONLY = frozenset({"message"})
"""Kinds retrieved through their windows only (a long one also gets its own chunks)."""
EMAIL_WORDS = 50
"""Words of each mail in a thread window: enough to say who said what."""
EMAIL_WINDOW = 3
"""Mails per thread window: a reply with what it answers and what answered it. (Windows of a
whole exchange at 30 words a mail ranked below the single mails on the demo.)"""
EMAIL_GAP = 30 * 86400
"""Mail threads pause for days; only a month of silence starts a new exchange."""


def cut_version(config: IngestConfig) -> str:
    """How chats are cut, as the catalog remembers it: this code's version and the settings
    that shape windows and message chunks. When it changes, every chat is cut again."""
    return (f"{WINDOWS_VERSION}:{config.window_words},{config.window_messages},{config.window_overlap},"
            f"{config.session_gap_minutes},{int(config.message_vectors)}")


def session_gap(kind: str, config: IngestConfig) -> int:
    return EMAIL_GAP if kind == "email" else config.session_gap_minutes * 60


def _line(row: dict[str, Any], words: int, multi_day: bool) -> str:
    when = from_epoch(row["ts"], row["ts_offset"])
    stamp = f"{when.day} {when:%b %H:%M}" if multi_day else f"{when:%H:%M}"
    text_words = " ".join(row["text"].split()).split(" ")
    text = " ".join(text_words[:words]) + (" …" if len(text_words) > words else "")
    return f"{display_name(row['author'])} ({stamp}): {text}" if row["author"] else f"({stamp}) {text}"


def _header(rows: Sequence[dict[str, Any]], thread_kind: str) -> str:
    first = from_epoch(rows[0]["ts"], rows[0]["ts_offset"])
    last = from_epoch(rows[-1]["ts"], rows[-1]["ts_offset"])
    span = f"{first:%A} {first.day} {first:%B %Y}"
    if last.date() != first.date():
        span += f" – {last:%A} {last.day} {last:%B %Y}"
    people = list(dict.fromkeys(display_name(r["author"]) for r in rows if r["author"]))
    label = "email thread" if thread_kind == "email" else "chat"
    parts = [rows[0]["title"] or rows[0]["source"], f"{label} from {rows[0]['source']}", span]
    if people:
        parts.append("with " + ", ".join(people))
    return " · ".join(parts)


def _sessions(rows: list[dict[str, Any]], gap: int) -> Iterable[list[dict[str, Any]]]:
    session: list[dict[str, Any]] = []
    for row in rows:
        if session and row["ts"] - session[-1]["ts"] > gap:
            yield session
            session = []
        session.append(row)
    if session:
        yield session


def message_chunk(thread: str, row: dict[str, Any], before: Sequence[dict[str, Any]] = (),
                  after: Sequence[dict[str, Any]] = ()) -> Chunk:
    """One chat message as a chunk of its own, for the meaning search only: a window's vector
    averages several topics, a message's holds one (the lexical index keeps to windows).

    Its text is the message read between its neighbours of the same session, the way a hit
    shows it: a reply ("yes, at 8, bring the tent") alone says nothing of what the line before
    it asked. A neighbour that arrives later changes the text, so the chunk is embedded again.
    Neighbours are cut to NEIGHBOUR_WORDS, so that the message itself fits the model's window.
    The message is read once more after them: the vector is the mean of its words' vectors, and
    its own words weigh twice against its neighbours'. On bench/personal's long-turn variant
    (messages padded with small talk, as chats written by a language model read) that found 3.3
    points more of all evidence within 500 words (R@500w all 68.6 -> 71.9), and the same within
    half a point on bench/personal itself (bench/RESULTS.md, "The message twice").
    """
    when = from_epoch(row["ts"], row["ts_offset"])
    header = " · ".join(part for part in (
        row["title"] or row["source"], f"chat from {row['source']}",
        f"{when:%A} {when.day} {when:%B %Y} {when:%H:%M}", display_name(row["author"])) if part)
    lines = [*(_said(r, NEIGHBOUR_WORDS) for r in before), _said(row), *(_said(r, NEIGHBOUR_WORDS) for r in after)]
    if before or after:
        lines.append(_said(row))
    return Chunk(
        id=f"{row['id']}#m", record_id=row["id"], seq=0, text="\n".join(lines), header=header, start=when, end=when,
        source=row["source"], kind=row["kind"], participants=(row["author"],), thread=thread,
    )


def _said(row: dict[str, Any], words: int = 0) -> str:
    text = row["text"].split()
    cut = " ".join(text[:words]) + " …" if 0 < words < len(text) else " ".join(text)
    return f"{display_name(row['author'])}: {cut}"


def windows(thread: str, rows: list[dict[str, Any]], config: IngestConfig) -> list[Chunk]:
    """The window chunks of `rows` (one thread, time order, starting a session), and for a chat
    each message's own chunk. System lines (no author: "messages are end-to-end encrypted")
    stay out of chat windows."""
    chunks: list[Chunk] = []
    rows = [r for r in rows if r["author"] or r["kind"] != "message"]
    if not rows:
        return chunks
    for session in _sessions(rows, session_gap(rows[0]["kind"], config)):
        kind = session[0]["kind"]
        if kind == "email" and len(session) < 2:
            continue  # a lone mail is its own chunk already
        cap = EMAIL_WORDS if kind == "email" else config.window_words
        budget = EMAIL_WINDOW * (cap + 2) if kind == "email" else config.window_words
        sizes = [min(len(r["text"].split()), cap) + 2 for r in session]
        start = 0
        while start < len(session):
            end, words = start, 0
            while end < len(session) and (end == start or (
                    words + sizes[end] <= budget and end - start < config.window_messages)):
                words += sizes[end]
                end += 1
            chunks.append(_window(thread, session[start:end], cap, len(chunks)))
            if end >= len(session):
                break
            start = max(end - config.window_overlap, start + 1)
    if config.message_vectors:
        for session in _sessions(rows, session_gap(rows[0]["kind"], config)):
            said = [r for r in session if r["kind"] == "message" and r["text"].strip()]
            before, after = MESSAGE_CONTEXT
            chunks += [message_chunk(thread, row, said[max(0, i - before):i], said[i + 1:i + 1 + after])
                       for i, row in enumerate(said)]
    return chunks


def _window(thread: str, rows: list[dict[str, Any]], cap: int, seq: int) -> Chunk:
    first, last = rows[0], rows[-1]
    multi_day = from_epoch(first["ts"], first["ts_offset"]).date() != from_epoch(last["ts"], last["ts_offset"]).date()
    key = hashlib.sha1(f"{first['id']}|{last['id']}".encode()).hexdigest()[:16]
    return Chunk(
        id=f"{thread}#w{key}",
        record_id=first["id"],
        seq=seq,
        text="\n".join(_line(r, cap, multi_day) for r in rows),
        header=_header(rows, first["kind"]),
        start=from_epoch(first["ts"], first["ts_offset"]),
        end=from_epoch(last["ts"], last["ts_offset"]),
        source=first["source"],
        kind=first["kind"],
        participants=tuple(dict.fromkeys(r["author"] for r in rows if r["author"])),
        thread=thread,
    )


def rebuild_threads(store: Store, changed: dict[str, int], config: IngestConfig) -> int:
    """Re-window each changed thread from the session holding its earliest change; returns
    the number of window chunks written (the rest were unchanged)."""
    catalog = store.catalog
    written = 0
    for thread, ts in changed.items():
        kind = catalog.thread_kind(thread)
        if kind is None:
            continue  # every record of it is gone; its windows went with them
        since = catalog.session_start(thread, THREADED, ts, session_gap(kind, config))
        rows = list(catalog.thread_records(thread, THREADED, since))
        written += catalog.replace_windows(thread, since, windows(thread, rows, config))
    return written


