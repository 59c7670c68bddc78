"""What happened in a span of time: "What did I do last weekend?", "What happened in May?".

Such a question names a time and nothing else to look for, so search has nothing to rank by (it
found "nothing about that"). It is answered from the catalog instead: every record of the span
(of the people asked about, "with Lena"), grouped by day, each day told by its calendar events,
notes, meetings, mail from people and chats, each cited. A long span shows its fullest days.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from retrieval.count import Members, cite, is_automated, names_in, names_of
from retrieval.trip import repeats_between
from retrieval.understand import Understood
from twin.schema import Answer, Hit, from_epoch
from twin.store import Filters, Store

__all__ = ["period_answer"]

LIMIT = 5000
"""Records of a span looked at, at most."""
SHOWN_DAYS = 10
"""Days told at most; a longer span shows its fullest ones."""
PER_DAY = 3
"""Things told of one day at most."""
_WEIGHT = {"event": 3.0, "note": 3.0, "meeting": 3.0, "document": 2.0, "email": 1.0, "message": 1.0}


@dataclass
class _Day:
    when: date
    items: list[tuple[float, str, dict[str, object]]] = field(default_factory=list)
    """(weight, what to say, the record cited)."""

    @property
    def weight(self) -> float:
        return sum(w for w, _, _ in self.items)


def _said(row: dict[str, object], words: int = 14) -> str:
    text = " ".join(str(row["text"]).split())
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _sender(row: dict[str, object]) -> str:
    author = str(row["author"]).split("<")[0].strip().strip('"')
    return author or "someone"


def _rows(store: Store, since: int, until: int, people: Sequence[str],
          filters: Filters) -> list[dict[str, object]]:
    """The span's records (and the events that overlap it) of each of `people`: what they write,
    take part in, name, or a chat they write in; of `filters`' sources and kinds."""
    clauses = ["((ts >= ? AND ts < ?) OR (kind = 'event' AND ts < ? AND end_ts > ?))", "kind != 'attachment'"]
    args: list[object] = [since, until, until, since]
    for column, values in (("source", filters.sources), ("kind", filters.kinds)):
        if values:
            clauses.append(f"{column} IN ({','.join('?' * len(values))})")
            args.extend(values)
    names = [names_of(store, person) for person in people]
    for said in names:
        clauses.append("(" + " OR ".join("participants LIKE ? OR author LIKE ? OR text LIKE ? OR thread IN "
                                         "(SELECT thread FROM records WHERE author LIKE ? AND thread != '')"
                                         for _ in said) + ")")
        args.extend(f"%{n}%" for n in said for _ in range(4))
    cur = store.catalog.db.execute(
        f"SELECT * FROM records WHERE {' AND '.join(clauses)} ORDER BY ts, id LIMIT ?", [*args, LIMIT])
    columns = [d[0] for d in cur.description]
    found = [dict(zip(columns, values, strict=True)) for values in cur]
    for row in found:
        row["when"] = from_epoch(int(row["ts"]), int(row["ts_offset"]))
    if not filters.sources and (not filters.kinds or "event" in filters.kinds):
        # A weekly class is in the span on each of its days, not only on its first.
        for at, entry in repeats_between(store, datetime.fromtimestamp(since, UTC), datetime.fromtimestamp(until, UTC)):
            shift = int(at.timestamp()) - int(str(entry["ts"]))
            end = int(str(entry["end_ts"])) + shift if entry["end_ts"] else None
            found.append({**entry, "ts": int(at.timestamp()), "end_ts": end, "when": at})
        found.sort(key=lambda r: (int(str(r["ts"])), str(r["id"])))
    members = Members(store)
    # LIKE found "Lena" in "Magdalena" too: each person must be there as a word.
    return [row for row in found if all(names_in(said, f"{members(row)} {row['text']}") for said in names)]


def _days(rows: Sequence[dict[str, object]], since: datetime, asked: Sequence[str] = ()) -> dict[date, _Day]:
    """Each day's things; a chat's line is one of the people `asked` about when they wrote one
    ("What did Sam do last July?" is told by Sam's lines)."""
    days: dict[date, _Day] = {}
    chats: dict[tuple[date, str], list[dict[str, object]]] = defaultdict(list)
    for row in rows:
        when: datetime = row["when"]  # type: ignore[assignment]
        # The day in the question's zone, as the span is; an event begun before the span is
        # told on its first day.
        day = (max(when, since) if row["kind"] == "event" else when).astimezone(since.tzinfo).date()
        kind = str(row["kind"])
        if kind == "message":
            chats[(day, str(row["thread"]) or str(row["title"]))].append(row)
            continue
        if kind == "email":
            weight = 0.2 if is_automated(str(row["author"])) else 1.0
            say = f"mail from {_sender(row)}: {row['title'] or _said(row)}"
        elif kind == "event" and row["end_ts"] and int(str(row["end_ts"])) - int(str(row["ts"])) > 86400:
            weight = _WEIGHT["event"]
            end = from_epoch(int(str(row["end_ts"])) - 1, int(str(row["end_offset"] or 0)))
            say = f"{row['title']} (until {end:%a} {end.day} {end:%B})"
        else:
            weight = _WEIGHT.get(kind, 1.0)
            say = str(row["title"]) or _said(row)
            if kind == "meeting":
                say = f"meeting: {say}"
        days.setdefault(day, _Day(day)).items.append((weight, say, row))
    for (day, _), messages in chats.items():
        # A chat's day: who, how many messages, and its fullest line.
        people = sorted({p for m in messages for p in json.loads(str(m["participants"])) or [m["author"]] if p})
        theirs = [m for m in messages if names_in(asked, str(m["author"]))]
        line = max(theirs or messages, key=lambda m: len(str(m["text"]).split()))
        title = str(messages[0]["title"])
        who = title or ", ".join(people)
        count = f"{len(messages)} message{'s' if len(messages) != 1 else ''}"
        weight = 1.0 + min(len(messages), 20) / 10
        days.setdefault(day, _Day(day)).items.append((weight, f"chat with {who} ({count}): {_said(line)}", line))
    return days


def _planned(store: Store, since: int, people: Sequence[str], filters: Filters,
             day: date) -> list[tuple[float, str, dict[str, object]]]:
    """The firm plans for "tomorrow" written the day before a one-day span, as that day's things
    ("planned the day before (Jonas): Climbing tomorrow at 10"; `retrieval.answer.planned_tomorrow`)."""
    from retrieval.answer import planned_tomorrow  # the answer module reads the period's answers

    found = []
    for row in _rows(store, since - 86400, since, people, filters):
        when: datetime = row["when"]  # type: ignore[assignment]
        if row["kind"] not in ("message", "note") or when.date() != day - timedelta(days=1):
            continue
        for said in re.split(r"(?<=[.!?])\s+|\n+", str(row["text"])):
            if planned_tomorrow(said)[0] == 1:
                who = f" ({_sender(row).split()[0]})" if row["kind"] == "message" else ""
                found.append((2.0, f"planned the day before{who}: {' '.join(said.split())}", row))
                break
    return found


def _many(n: int, what: str) -> str:
    return f"{n} {what}{'s' if n != 1 else ''}"


def period_answer(store: Store, understood: Understood, filters: Filters = Filters()) -> Answer | None:
    """The days of the span asked about, each told by what the records of it are, or None when
    the span holds no record (the caller says it found nothing)."""
    span = understood.time_range
    if span is None or span.since is None or span.until is None:
        return None
    # The question's span, narrowed by --since/--until when given (never widened).
    since = max(int(span.since.timestamp()), filters.since if filters.since is not None else -(1 << 62))
    until = min(int(span.until.timestamp()), filters.until if filters.until is not None else 1 << 62)
    people = [*understood.people, *([filters.person] if filters.person else [])]
    rows = _rows(store, since, until, people, filters) if since < until else []
    start = datetime.fromtimestamp(since, span.since.tzinfo)
    plans = _planned(store, since, people, filters, start.date()) if 0 < until - since <= 25 * 3600 else []
    if not rows and not plans:
        return None
    days = _days(rows, start, [n.split()[0] for n in people])
    if plans:  # "What am I doing tomorrow?": today's "Climbing tomorrow at 10"
        days.setdefault(start.date(), _Day(start.date())).items.extend(plans)
    shown = sorted(sorted(days.values(), key=lambda d: -d.weight)[:SHOWN_DAYS], key=lambda d: d.when)
    citations: list[Hit] = []
    lines = []
    for day in shown:
        # One thing said once: a note and the calendar event of the same title cite both.
        merged: dict[str, list[dict[str, object]]] = {}
        for _, say, row in sorted(day.items, key=lambda item: -item[0]):
            merged.setdefault(say, []).append(row)
        told = []
        for say, rows_of in list(merged.items())[:PER_DAY]:
            numbers = [cite(store, row, citations) for row in rows_of]
            told.append(f"{say} {' '.join(numbers)}")
        more = len(merged) - len(told)
        tail = f"; and {more} more" if more > 0 else ""
        lines.append(f"- {day.when:%a} {day.when.day} {day.when:%B}: {'; '.join(told)}{tail}")
    head = f"{span.spelled}: {_many(len(rows), 'record')} on {_many(len(days), 'day')}"
    if len(shown) < len(days):
        head += f", the {len(shown)} fullest shown"
    return Answer("\n".join([f"{head}:", *lines]), tuple(citations))
