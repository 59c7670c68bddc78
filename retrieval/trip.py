"""When a trip or an event began or ended, from the calendar: "When did I get back from Japan?",
"When is my next pottery class?"

Search answers "when" from the best line, and a trip is told in many lines ("Also I want to
talk about Japan tonight" is about Japan and on 7 February); the calendar entry that spans it
says when it began and ended. A question that asks for the going ("when did I fly to Japan",
"leave for", "go to") is answered with the entry's first day, one that asks for the coming
back ("get back from", "return from", "come home from") with its last.

An event asked about by name ("When is my next pottery class?", "When does the pottery course
start?", "When was the last one?" aside: it names nothing) is answered from the calendar entry
whose title has every word of the name but the kind of thing ("class", "course"): a repeating
entry's occurrences are read from its rule, the next one from now for "next" or "when is", the
first for "start", the last for "end", the latest past one for "last" or "when was".
"""

from __future__ import annotations

import contextlib
import json
import re
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from retrieval.count import cite, row_time
from twin.schema import Answer, Hit, from_epoch
from twin.store import Store
from twin.store.catalog import STOPWORDS

__all__ = ["event_when", "trip_when"]

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


_EVENT = re.compile(
    r"^\s*when\s+(?:(?P<aux>is|was|will\s+be)\s+(?P<what>[^?]+?)"
    r"|(?P<aux2>does|did|will|do)\s+(?P<what2>[^?]+?)\s+(?P<edge>start|begin|end|finish|stop))\s*\??\s*$", re.I)
_WHICH = re.compile(r"^(?:(?:my|our|the|his|her|their)\s+)?(?:(?P<which>next|first|last|final)\s+)?", re.I)
_KINDS = frozenset({"class", "classes", "course", "courses", "lesson", "lessons", "session", "sessions",
                    "appointment", "appointments", "event", "one", "day", "evening", "date"})
"""Words that say what kind of entry, not which ("my next pottery class" is "Pottery: …")."""
_OCCURRENCES = 500
"""A repeating entry's occurrences read at most (ten years of a weekly one)."""


def event_when(store: Store, question: str, now: datetime | None = None) -> Answer | None:
    """The day (and time) of the calendar entry the question names, or of the occurrence of a
    repeating one it asks for; None when the question is not of this form or no entry's title
    has every word of the name."""
    match = _EVENT.match(question)
    if match is None:
        return None
    what = match.group("what") or match.group("what2")
    which = _WHICH.match(what)
    chosen = (which.group("which") or "").lower() if which else ""
    named = _WORD.findall(what[which.end() if which else 0:].casefold())
    words = [w for w in (n.removesuffix("'s").removesuffix("’s") for n in named) if w not in STOPWORDS | _KINDS]
    if not words:
        return None
    edge = (match.group("edge") or "").lower()
    coming = (match.group("aux") or "").lower() != "was" and (match.group("aux2") or "").lower() != "did"
    moment = (now or datetime.now()).astimezone()  # a naive `now` (`--now`) is local time
    cur = store.catalog.db.execute("SELECT * FROM records WHERE kind = 'event' ORDER BY ts")
    columns = [d[0] for d in cur.description]
    times: list[_Time] = []
    for values in cur:
        row = dict(zip(columns, values, strict=True))
        if not all(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", str(row["title"]).casefold()) for w in words):
            continue
        occurrences = _occurrences(row)
        times += [(at, row, occurrences) for at in occurrences]
    if not times:
        return None
    pick = _pick(times, edge, chosen, coming, moment)
    if pick is None:
        return None
    at, row, occurrences = pick
    citations: list[Hit] = []
    number = cite(store, row, citations)
    timed = not json.loads(str(row["metadata"] or "{}")).get("all_day", False)
    said = f"{at:%A} {at.day} {at:%B %Y}" + (f", {at:%H:%M}" if timed else "")
    if repeats := re.search(r"^Repeats (.+)$", str(row["text"]), re.M):
        first = occurrences[0]
        rule = "r" + repeats.group(0)[1:]  # "repeats weekly on Tuesday, until …"
        told = f'In your calendar: "{row["title"]}", from {first.day} {first:%B %Y}, {rule} {number}'
    else:
        end = from_epoch(int(str(row["end_ts"])) - 1, int(str(row["end_offset"] or row["ts_offset"]))) \
            if row["end_ts"] else at
        told = f'In your calendar: "{row["title"]}", {_span(at, end)} {number}'
    return Answer(said, tuple(citations), told)


_Time = tuple[datetime, dict[str, object], list[datetime]]


def _pick(times: list[_Time], edge: str, chosen: str, coming: bool, moment: datetime) -> _Time | None:
    """The occurrence asked for: the first ("start", "first"), the last ("end", "final"; none
    for an endless rule), the latest past ("last", "when was"), else the next (or the latest
    when none is to come)."""
    if edge in ("start", "begin") or chosen == "first":
        return min(times, key=lambda t: t[0])
    if edge in ("end", "finish", "stop") or chosen == "final":
        if any(_endless(row) for _, row, _ in times):
            return None  # "repeats yearly, with no end" has no last time
        return max(times, key=lambda t: t[0])
    if chosen == "last" or not coming:
        past = [t for t in times if t[0] <= moment]
        return max(past, key=lambda t: t[0]) if past else None
    ahead = [t for t in times if t[0] >= moment]
    return min(ahead, key=lambda t: t[0]) if ahead else max(times, key=lambda t: t[0])


def _endless(row: dict[str, object]) -> bool:
    rule = str(json.loads(str(row["metadata"] or "{}")).get("rrule") or "").upper()
    return bool(rule) and "UNTIL" not in rule and "COUNT" not in rule


def _occurrences(row: dict[str, object]) -> list[datetime]:
    """When an entry happens: its start, or every start its repeat rule gives (in its own time
    zone, so that a weekly class stays at 19:00 across the change to summer time)."""
    start = row_time(row)
    rule = str(json.loads(str(row["metadata"] or "{}")).get("rrule") or "")
    if not rule:
        return [start]
    zone: tzinfo | None = start.tzinfo
    if named := re.search(r"\(([A-Za-z_]+/[A-Za-z_/+-]+)\)", str(row["text"])):
        with contextlib.suppress(ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo(named.group(1))
    from dateutil.rrule import rrulestr

    try:
        rules = rrulestr(rule, dtstart=start.astimezone(zone))
        found = []
        for at in rules:
            found.append(at)
            if len(found) >= _OCCURRENCES or at - start > timedelta(days=3660):
                break
    except (ValueError, TypeError, OverflowError):
        return [start]
    return found or [start]
