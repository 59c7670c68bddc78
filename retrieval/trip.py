"""When a trip or an event began or ended, from the calendar: "When did I get back from Japan?"

Search answers "when" from the best line, and a trip is told in many lines ("Also I want to
talk about Japan tonight" is about Japan and on 7 February); the calendar entry that spans it
says when it began and ended. A question that asks for the going ("when did I fly to Japan",
"leave for", "go to") is answered with the entry's first day, one that asks for the coming
back ("get back from", "return from", "come home from") with its last.
"""

from __future__ import annotations

import re
from datetime import datetime

from retrieval.count import cite, row_time
from twin.schema import Answer, Hit, from_epoch
from twin.store import Store
from twin.store.catalog import STOPWORDS

__all__ = ["trip_when"]

_BACK = (r"(?:get|got|come|came|fly|flew|travel(?:l?ed)?|drive|drove|head|headed|be|was|were|make\s+it|made\s+it)"
         r"\s+(?:back|home)|return(?:ed)?|arrive\s+(?:back|home)|arrived\s+(?:back|home)")
_OFF = (r"(?:leave|left|set\s+off|head(?:ed)?\s+off|depart(?:ed)?)\s+(?:for|to)|(?:go|went|fly|flew|travel(?:l?ed)?"
        r"|drive|drove|head|headed)\s+(?:off\s+)?to")
_TRIP = re.compile(
    rf"^\s*when\s+(?P<aux>did|do|does|will|are|am|is|was|were)\s+(?P<who>[\w'’ ]+?)\s+"
    rf"(?:(?P<back>{_BACK})\s+from|(?P<off>{_OFF}))\s+(?P<what>[^?]+?)\s*\??\s*$", re.I)
"""Coming back is "from" somewhere ("return the book" is no trip); leaving a place ("when did I
leave Japan?") is its end, not its start, and is left to search."""
_NOT_NAMES = frozenset({"trip", "holiday", "holidays", "vacation", "journey", "visit", "home", "back", "there"})
"""Words of what is asked that name no entry ("my trip to Japan" is the entry "Japan …")."""
_ASKER = frozenset({"i", "we", "and", "me", "us"})
_WORD = re.compile(r"\w+")


def trip_when(store: Store, question: str, now: datetime | None = None) -> Answer | None:
    """The first or last day of the calendar entry the question names ("Japan" in "Japan with
    Jonas"), the latest one begun (or, coming back, ended) by `now`, or for "when will …" the
    next; None when the question is not of this form, or no entry's title names what it asks
    about (and, asked of someone else, has them in it)."""
    match = _TRIP.match(question)
    if match is None:
        return None
    words = [w for w in _WORD.findall(match.group("what").casefold()) if w not in STOPWORDS and w not in _NOT_NAMES]
    if not words:
        return None
    back = match.group("back") is not None
    others = [w for w in _WORD.findall(match.group("who")) if w.casefold() not in _ASKER]
    moment = int((now or datetime.now().astimezone()).timestamp())
    coming = match.group("aux").lower() in ("will", "do", "does", "are", "am", "is")
    cur = store.catalog.db.execute("SELECT * FROM records WHERE kind = 'event' ORDER BY ts")
    columns = [d[0] for d in cur.description]
    fitting = []
    for values in cur:
        row = dict(zip(columns, values, strict=True))
        title = str(row["title"])
        if not _names_all(title, words, back) or not all(
                re.search(rf"\b{re.escape(o)}\b", f"{title} {row['participants']}", re.I) for o in others):
            continue
        ends = int(str(row["end_ts"] or row["ts"]))
        when = ends if back else int(str(row["ts"]))
        if (when > moment) == coming:
            fitting.append((when, row))
    if not fitting:
        return None
    when, row = min(fitting, key=lambda f: f[0]) if coming else max(fitting, key=lambda f: f[0])
    start = row_time(row)
    end = from_epoch(int(str(row["end_ts"])) - 1, int(str(row["end_offset"] or row["ts_offset"]))) \
        if row["end_ts"] else start
    day = end if back else start
    citations: list[Hit] = []
    number = cite(store, row, citations)
    return Answer(f"{day:%A} {day.day} {day:%B %Y}", tuple(citations),
                  f'In your calendar: "{row["title"]}", {_span(start, end)} {number}')


def _names_all(title: str, words: list[str], back: bool) -> bool:
    """Whether the title has every word, whole (not "German course" for Germany), and, when it
    is a route ("Flight Tokyo → Helsinki → Berlin"), as where it goes to, or coming back, where
    it comes from."""
    folded = title.casefold()
    if not all(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", folded) for w in words):
        return False
    legs = re.split(r"\s*(?:→|->|–>|⇒)\s*", folded)
    if len(legs) < 2:
        return True
    origin = any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", legs[0]) for w in words)
    return origin if back else not origin


def _span(start: datetime, end: datetime) -> str:
    if start.date() == end.date():
        return f"{start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    return f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"
