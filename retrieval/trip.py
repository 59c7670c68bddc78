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
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from itertools import islice, pairwise
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from retrieval.count import cite, row_time, singular
from retrieval.gazetteer import is_city, is_country
from retrieval.places import one_name
from retrieval.terms import stem
from retrieval.when import parse_time
from twin.schema import Answer, Hit, from_epoch
from twin.store import Store
from twin.store.catalog import STOPWORDS

__all__ = ["event_length", "event_when", "events_left", "repeats_between", "same_word", "trip_when"]

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
    words = [w for w in _WORD.findall(one_name(match.group("what")).casefold())
             if w not in STOPWORDS and w not in _NOT_NAMES]
    if not words:
        return None
    back = match.group("back") is not None
    others = [w for w in _WORD.findall(match.group("who")) if w.casefold() not in _ASKER]
    moment = int((now or datetime.now().astimezone()).timestamp())
    coming = match.group("aux").lower() in ("will", "do", "does", "are", "am", "is")
    cur = store.catalog.db.execute("SELECT * FROM records WHERE kind = 'event' AND coalesce(json_extract("
                                   "metadata, '$.status'), '') != 'cancelled' ORDER BY ts")
    columns = [d[0] for d in cur.description]
    fitting = []
    for values in cur:
        row = dict(zip(columns, values, strict=True))
        title = one_name(str(row["title"]))  # "Munich" is "München"
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
    r"^\s*(?:when\s+(?:(?P<aux>is|was|will\s+be)\s+(?P<what>[^?]+?)"
    r"|(?P<aux2>does|did|will|do)\s+(?P<what2>[^?]+?)\s+(?P<edge>start|begin|end|finish|stop))"
    r"|(?:when|(?:at\s+)?what\s+time)\s+(?P<aux3>does|did|will|do)\s+(?P<what3>[^?]+?)\s+"
    r"(?P<move>leave|depart|take\s+off|arrive|land|get\s+in)(?:\s+(?:from\s+|in\s+|at\s+)?(?P<at>[\w'’-]+))?)"
    r"\s*\??\s*$", re.I)
"""'When is the kickoff?', 'When did the study start?', 'What time did our flight to Tokyo leave
Berlin?' (a flight's start, from Berlin)."""
_ENDS = ("end", "finish", "stop")
_EDGES = {"leave": "start", "depart": "start", "take off": "start", "arrive": "end", "land": "end", "get in": "end"}
_KINDS = frozenset({"class", "classes", "course", "courses", "lesson", "lessons", "session", "sessions",
                    "appointment", "appointments", "event", "one", "day", "evening", "date", "trip", "holiday",
                    "holidays", "vacation", "journey", "visit"})
"""Words that say what kind of entry, not which ("my next pottery class" is "Pottery: …")."""
_ROUTE_ENDS = re.compile(r"\b(?P<dir>to|from)\s+(?P<place>[\w'’-]+)", re.I)
_LAST_READ = 5000
"""A finite rule's occurrences read at most to find its last (a hundred years of a weekly one)."""
_RUN_DAYS = 7
"""A daily rule of at most this many days in a row is one event over days (a study, a festival,
a course week): "when was it" is its days, not its last one. Two weeks of a daily standup are a
habit: the latest one."""


@dataclass
class _Entry:
    """A calendar entry asked about, with when it happens: its start, or its rule's times (left-out
    and moved ones aside, in its own time zone, so that a weekly class stays at 19:00 across the
    change to summer time)."""

    row: dict[str, object]
    start: datetime
    end: datetime | None
    all_day: bool
    rule: Any = None
    finite: bool = True
    floating: tzinfo | None = None
    """For an all-day rule, read on naive dates: the zone its dates are shown in."""

    def _out(self, at: datetime | None) -> datetime | None:
        return at.replace(tzinfo=self.floating) if at is not None and self.floating is not None else at

    def _in(self, moment: datetime) -> datetime:
        return moment.astimezone(self.floating).replace(tzinfo=None) if self.floating is not None else moment

    def first(self) -> datetime:
        return self._out(next(iter(self.rule), None)) or self.start if self.rule is not None else self.start

    def last(self) -> datetime | None:
        if self.rule is None:
            return self.start
        if not self.finite:
            return None
        found = None
        for n, at in enumerate(self.rule):
            if n >= _LAST_READ:
                return None
            found = at
        return self._out(found)

    def ending(self) -> datetime:
        """When a single entry ends: its last day when all-day, else its end time."""
        if self.end is None:
            return self.start
        return self.end - timedelta(seconds=1) if self.all_day else self.end

    def after(self, moment: datetime) -> datetime | None:
        """The first time not over by `moment` (an all-day one lasts its day)."""
        since = moment - timedelta(days=1) + timedelta(seconds=1) if self.all_day else moment
        if self.rule is None:
            return self.start if self.start >= since else None
        return self._out(self.rule.after(self._in(since), inc=True))

    def before(self, moment: datetime) -> datetime | None:
        if self.rule is None:
            return self.start if self.start <= moment else None
        return self._out(self.rule.before(self._in(moment), inc=True))

    def days(self) -> tuple[datetime, datetime] | None:
        """(first, last) start when the entry is one stretch of days: a single entry over more
        than a day ("Japan with Jonas", 2 to 16 May), or a rule of at most `_RUN_DAYS` days in a
        row ("Atlas usability study", daily, 3 times); None for one day, an overnight flight or a
        rule with gaps."""
        if self.rule is None:
            if self.end is None:
                return None
            # Over days: all day, or timed for more than a day (an overnight flight is one journey).
            # An all-day entry ends at the midnight after its last day, in that day's offset (26
            # October at 00:00 +01:00 after the change from summer time): its last day is the
            # day before, whatever the offset; a timed one ends on the day of its end.
            last = self.end - timedelta(hours=12) if self.all_day else self.end - timedelta(microseconds=1)
            long = self.all_day or self.end - self.start > timedelta(days=1)
            return (self.start, last) if long and last.date() > self.start.date() else None
        if not self.finite:
            return None
        times = [at for at in map(self._out, islice(self.rule, _RUN_DAYS + 1)) if at is not None]
        if not 1 < len(times) <= _RUN_DAYS or any((b.date() - a.date()).days != 1 for a, b in pairwise(times)):
            return None
        return times[0], times[-1]


def event_when(store: Store, question: str, now: datetime | None = None) -> Answer | None:
    """The day (and time) of the calendar entry the question names, or of the occurrence of a
    repeating one it asks for; None when the question is not of this form or no entry's title
    has every word of the name. Cancelled entries are none."""
    match = _EVENT.match(question)
    if match is None:
        return _did_when(store, question, now)
    what = match.group("what") or match.group("what2") or match.group("what3")
    which = re.search(r"\b(next|first|last|final)\b", what, re.I)  # "my next …", "Tom's next birthday"
    chosen = which.group(1).lower() if which else ""
    final = chosen == "last" and (match.group("aux") or "").lower() in ("is", "will be")
    what = one_name(what)  # a place by any of its names ("Munich", "München")
    named = _WORD.findall(re.sub(r"['’]s\b", "", what).casefold())
    words = [w for w in named if len(w) > 1 and w not in STOPWORDS | _KINDS | {"next", "first", "last", "final"}]
    if not words:
        return None
    ends = [(m.group("dir").lower(), m.group("place").casefold()) for m in _ROUTE_ENDS.finditer(what)]
    edge, named_end = (match.group("edge") or "").lower(), list[tuple[str, str]]()
    if match.group("move"):
        if (journey := _journey(match, what)) is None:
            return None
        edge, named_end = journey
        ends += named_end
    did = (match.group("aux2") or match.group("aux3") or "").lower() == "did"
    coming = (match.group("aux") or "").lower() != "was" and not did
    moment = (now or datetime.now()).astimezone()  # a naive `now` (`--now`) is local time
    entries = _entries(store, words, ends)
    if named_end:
        # "arrive in Helsinki" of "Berlin → Helsinki → Tokyo" is a stop, not its landing.
        place, leg = named_end[0][1], -1 if edge == "end" else 0
        entries = [e for e in entries
                   if place in re.split(r"\s*(?:→|->)\s*", one_name(str(e.row["title"])).casefold())[leg]]
    if not entries:
        return None
    if final and all(e.rule is None or e.finite for e in entries):
        chosen = "final"  # "When is my last pottery class?": the course's final one, not the latest past
    picked = _pick(entries, edge, chosen, coming, moment)
    if picked is None:
        if chosen != "next" or not (past := _pick(entries, "", "last", False, moment)):
            return None
        at, entry = past  # "next" when all are past: say so, and when the last one was
        return _told(store, entry, at, f"None to come in your calendar; the last: {_said(at, entry)}")
    at, entry = picked
    if not edge and not chosen and (days := _over_days(store, entry)) is not None:
        return days  # "When was the usability study?": all its days
    if edge in _ENDS and entry.rule is None and entry.end is not None:
        at = _in_end_zone(entry, at)  # a flight lands at 19:05 in Berlin, not 02:05 in Tokyo
    return _told(store, entry, at, _said(at, entry))


_ZONE_NAMED = re.compile(r"\(([A-Za-z_]+/[A-Za-z_/+-]+)\)")
"""A time zone a calendar entry's text names: "(Europe/Berlin)"."""


def _in_end_zone(entry: _Entry, moment: datetime) -> datetime:
    """An entry's end shown in the time zone its end is written in, when that is another than its
    start's ("10:40 (Asia/Tokyo) to … 19:05 (Europe/Berlin)")."""
    zones = _ZONE_NAMED.findall(str(entry.row["text"]))
    if len(zones) > 1:
        with contextlib.suppress(ZoneInfoNotFoundError, ValueError):
            return moment.astimezone(ZoneInfo(zones[1]))
    return moment


def _named_entries(store: Store, what: str, words: list[str], gathering: list[str], dated: bool) -> list[_Entry]:
    """The entries "How long was <what>?" names: by their title's words, else by their title,
    place and description; a call or meeting named only by people is one whose entry says so ("the
    call with Lena" is no "Hike with Lena"); with no words but a day (`dated`), every timed one."""
    route = [(m.group("dir").lower(), m.group("place").casefold()) for m in _ROUTE_ENDS.finditer(what)]
    if any(re.search(rf"(?-i:\b{re.escape(w)}\b)", what) for w in words):
        gathering = []  # a thing named in lower case ("the planning meeting"), not only people
    entries = _entries(store, words + gathering[:1], route) if words else []
    if not entries and (words or dated):
        entries = _entries(store, words + (gathering[:1] if words else []), route, described=True)
    return entries


def _journey(match: re.Match[str], what: str) -> tuple[str, list[tuple[str, str]]] | None:
    """For "When did our flight to Tokyo leave Berlin?": (the edge asked, "start" or "end"; the
    route's end the place after it names). None when what is asked of is no journey (a route "A →
    B", a flight, a train: not a trip or a hike) or the word after it no place ("leave early")."""
    move = re.sub(r"\s+", " ", match.group("move").lower())
    if not re.search(r"→|->|\b(?:flight|flights|train|bus|ferry|plane)\b", what, re.I):
        return None
    if not (at := match.group("at")):
        return _EDGES[move], []
    if not (is_city(one_name(at).title()) or is_country(one_name(at).title())):
        return None
    return _EDGES[move], [("to" if _EDGES[move] == "end" else "from", one_name(at).casefold())]


_LONG = re.compile(r"^\s*how\s+long\s+(?:(?P<aux>was|is|will\s+be)\s+(?!it\b|there\b|that\b|this\b)(?P<what>[^?]+?)"
                   r"|did\s+(?!it\b)(?P<what2>[^?]+?)\s+(?:last|take|go\s+on))\s*\??\s*$", re.I)


def event_length(store: Store, question: str, now: datetime | None = None) -> Answer | None:
    """"How long was the Japan trip?": the length of the calendar entry the question names (its
    days, counted with both ends, for one over days; its hours and minutes for a timed one, and
    for a timed rule how many times from when to when); None when no entry's title has every word
    of the name, or the entry is an all-day rule or has no end. Not "How long is it until …"."""
    match = _LONG.match(question)
    if match is None:
        return None
    what = match.group("what") or match.group("what2")
    moment = (now or datetime.now()).astimezone()
    # "How long was the meeting on 12 March?": the entries of that day.
    when = parse_time(what, moment)
    if when is not None and when.phrase:
        what = what.replace(when.phrase.strip(), " ")
    named = [w for w in _WORD.findall(re.sub(r"['’]s\b", "", one_name(what)).casefold())
             if len(w) > 1 and w not in STOPWORDS | _KINDS | {"my", "our", "the"}]
    words = [w for w in named if w not in _GATHERINGS]
    entries = _named_entries(store, what, words, [w for w in named if w in _GATHERINGS], when is not None)
    if when is not None:
        entries = [e for e in entries if _on(e, when.since, when.until)]
        if len(entries) > 1 and not words:
            return None  # "the meeting on 12 March" of two meetings that day: which one?
    coming = (match.group("aux") or "").lower() not in ("was", "")
    picked = _pick(entries, "", "", coming, moment) if entries else None
    if picked is None:
        return None
    at, entry = picked
    if (run := entry.days()) is not None:
        first, last = run
        days = (last.date() - first.date()).days + 1
        weeks = f" (about {round(days / 7)} weeks)" if days >= 13 else ""
        said = f"{days} days{weeks}: {first:%A} {first.day} {first:%B} – {last:%A} {last.day} {last:%B %Y}"
        return _told(store, entry, first, said)
    if entry.all_day and entry.rule is None:
        return _told(store, entry, at, f"1 day: {at:%A} {at.day} {at:%B %Y}")
    if entry.end is None or entry.all_day:
        return None  # no end, or a day that repeats: no length to tell
    minutes = round((entry.end - entry.start).total_seconds() / 60)
    hours, rest = divmod(minutes, 60)
    length = " ".join(part for part in (f"{hours} hour{'s' * (hours != 1)}" if hours else "",
                                         f"{rest} minutes" if rest else "") if part)
    if entry.rule is None:
        over = _in_end_zone(entry, at + (entry.end - entry.start))  # a night flight ends on another day
        until = f"{over:%H:%M}" if over.date() == at.date() else f"{over:%A} {over.day} {over:%B}, {over:%H:%M}"
        return _told(store, entry, at, f"{length}: {_said(at, entry)}–{until}")
    # "How long is the pottery course?": each time, and how many times from when to when.
    begins, ends = entry.first(), entry.last()
    if ends is None:
        return _told(store, entry, at, f"{length} each time, from {begins.day} {begins:%B %Y} on")
    times = sum(1 for _ in islice(entry.rule, _LAST_READ))
    return _told(store, entry, at, f"{length} each time, {times} times: {begins:%A} {begins.day} {begins:%B} – "
                                   f"{ends:%A} {ends.day} {ends:%B %Y}")


_LEFT = re.compile(r"^\s*how\s+many\s+(?P<what>[^?]+?)\s+"
                   r"(?:(?:do|does|have|has|are|is|will)\s+(?:i|we|you|there\s+)?\s*)?(?:still\s+)?"
                   r"(?:have\s+|got\s+|be\s+)?(?:left|remaining|to\s+go|to\s+come)\b[^?]*\??\s*$", re.I)
"""'How many pottery classes do I still have left?', 'How many yoga classes are still to come?'."""
LEFT_SHOWN = 12
"""Times to come listed at most; more are counted, with the last."""


def events_left(store: Store, question: str, now: datetime | None = None) -> Answer | None:
    """"How many pottery classes do I have left?": the times to come of the calendar entries the
    question names (each time of a rule, each entry not yet over), counted and listed; None when
    the question is not of this form, no entry's title has every word of the name, or one of them
    repeats with no end (no count of what is left)."""
    match = _LEFT.match(question)
    if match is None:
        return None
    named = _WORD.findall(re.sub(r"['’]s\b", "", one_name(match.group("what"))).casefold())
    words = [singular(w) if len(w) > 3 else w for w in named
             if len(w) > 1 and w not in STOPWORDS | _KINDS | {"my", "our", "the", "more", "days", "times", "weeks"}]
    entries = _entries(store, words, []) if words else []
    if not entries or any(e.rule is not None and not e.finite for e in entries):
        return None
    moment = (now or datetime.now()).astimezone()
    # "… left before 10 July", "… left in July": the times to come within it.
    within = parse_time(question, moment, open_ended=True)
    if within is not None and within.until is not None and within.until <= moment \
            and not re.search(r"\b(?:19|20)\d\d\b", within.phrase):
        within = parse_time(question, moment + timedelta(days=365), open_ended=True)  # "in August": the coming one
    if within is not None and within.since is not None and within.since > moment:
        moment = within.since
    until = within.until if within is not None else None
    ahead: dict[datetime, _Entry] = {}
    for entry in entries:
        at = entry.after(moment)
        for _ in range(_LAST_READ):
            if at is None or (until is not None and at >= until):
                break
            ahead.setdefault(at, entry)
            # The next time after this one (an all-day one lasts its day: from the next).
            at = entry.after(at + (timedelta(days=1) if entry.all_day else timedelta(seconds=1))) \
                if entry.rule is not None else None
    if not ahead:
        last = _pick(entries, "", "last", False, moment)
        said = "None left in your calendar" + (f"; the last: {_said(*last)}" if last else "")
        return _told(store, last[1], last[0], said) if last else None
    times = sorted(ahead)
    shown = [f"{at:%A} {at.day} {at:%B}" for at in times[:LEFT_SHOWN]]
    more = f" … {times[-1]:%A} {times[-1].day} {times[-1]:%B}" if len(times) > LEFT_SHOWN else ""
    listed = (", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]) + more
    return _told(store, ahead[times[0]], times[0], f"{len(times)} left: {listed} {times[-1]:%Y}")


_DID = re.compile(r"^\s*when\s+did\s+(?:i|we)\s+(?P<what>[^?]+?)\s*\??\s*$", re.I)
_LIGHT = frozenset({"go", "do", "have", "get", "take", "make", "see", "meet", "visit", "spend"})
"""Verbs of "When did I go hiking with Lena?" that a calendar title does not repeat."""
_TAKE_PART = frozenset({"run", "play", "watch", "race", "compete", "perform", "sing", "host", "give", "present",
                        "ride", "swim", "walk", "hike", "climb", "cycle", "celebrate"})
"""Verbs of taking part in an event that its title names by the event's name alone ("When did I run
the Frühlingslauf?" and the entry "Kreuzberger Frühlingslauf, 10 km"; not "walk the dog" and
"Dog to the vet"); not the acts done ahead of one (booking, registering) nor done to it
(cancelling), whose day is not the event's."""
_ATTEND = frozenset({"attend", "join"})
"""Verbs that take an event, whatever it is called ("attend the usability study")."""


def _did_when(store: Store, question: str, now: datetime | None) -> Answer | None:
    """"When did I go hiking with Lena?": the latest past occurrence of the calendar entry whose
    title holds every other word of the question, each by its stem ("Hike with Lena"). None when
    no entry's title holds them all, or the question names only people ("When did I meet Tom?")."""
    match = _DID.match(question)
    if match is None:
        return None
    said = _WORD.findall(re.sub(r"['’]s\b", "", one_name(match.group("what"))).casefold())
    # What one did at an event its title names by the event's name: "run the Frühlingslauf" is
    # the Frühlingslauf; "walk the dog" is no event, nor "run with Tom"; one attends any event.
    title_of = re.sub(r"^\s*\S+\s+\S+\s*", "", match.group("what"))  # after "run the"
    event = len(said) > 2 and said[1] in {"the", "my", "our", "this", "that"} and (
        said[0] in _ATTEND or (said[0] in _TAKE_PART and title_of[:1].isupper()))
    asked = [w for w in said[1:] if len(w) > 1 and w not in STOPWORDS | _KINDS | _LIGHT] if event else \
        [w for w in said if len(w) > 1 and w not in STOPWORDS | _KINDS | _LIGHT]
    names = {w.casefold() for w in re.findall(r"\b[A-ZÄÖÜ][\w'’-]*", match.group("what")) if w != "I"}
    if not asked or (not event and not [w for w in asked if w not in names]):
        return None  # "When did I meet Tom?": a person is no entry ("Tom's birthday" is not meeting him)
    moment = (now or datetime.now()).astimezone()
    cur = store.catalog.db.execute("SELECT title FROM records WHERE kind = 'event'")
    titles = {str(title) for (title,) in cur}
    named = [t for t in titles if all(any(same_word(a, b) for b in _WORD.findall(
        re.sub(r"['’]s\b", "", one_name(t)).casefold())) for a in asked)]
    if not named:
        return None
    shortest = one_name(min(named, key=len))
    entries = [e for e in _entries(store, _WORD.findall(re.sub(r"['’]s\b", "", shortest).casefold()), [])
               if e.row["title"] in named]
    picked = _pick(entries, "", "last", False, moment) if entries else None
    if picked is None:
        return None
    at, entry = picked
    return _over_days(store, entry) or _told(store, entry, at, _said(at, entry))


def _over_days(store: Store, entry: _Entry) -> Answer | None:
    """An event over days in a row told as all its days ("When was the usability study?":
    Tuesday 19 May – Thursday 21 May), or None for an event of one day."""
    if (run := entry.days()) is None:
        return None
    first, last = run
    return _told(store, entry, first, f"{first:%A} {first.day} {first:%B %Y} – {last:%A} {last.day} {last:%B %Y}")


def same_word(a: str, b: str) -> bool:
    """Whether a word of a question is one of a title: "hiking" is "hike", "classes" "class"."""
    root = a[:-3] if a.endswith("ing") and len(a) > 5 else a  # "hiking" → "hik", as "hike"
    return a == b or stem(a) == stem(b) or (len(root) >= 3 and b.startswith(root))


def repeats_between(store: Store, since: datetime, until: datetime) -> list[tuple[datetime, dict[str, object]]]:
    """The times of repeating calendar entries in [`since`, `until`) other than each entry's
    first (its record's own time, which a query of the span finds), with their records: "What
    did I do last Tuesday?" is the weekly pottery class of that Tuesday too. Cancelled entries
    are none."""
    cur = store.catalog.db.execute(
        "SELECT * FROM records WHERE kind = 'event' AND ts < ?"
        " AND (metadata LIKE '%rrule%' OR metadata LIKE '%rdate%')",
        (int(until.timestamp()),))
    columns = [d[0] for d in cur.description]
    found: list[tuple[datetime, dict[str, object]]] = []
    for row in (dict(zip(columns, values, strict=True)) for values in cur):
        data = json.loads(str(row["metadata"] or "{}"))
        if str(data.get("status", "")).lower() == "cancelled":
            continue
        entry = _entry(row, data, _moved(store, str(data.get("uid") or "")))
        if entry.rule is None:
            continue
        # One pass over the rule (a daily entry of years is read once, not once per time).
        times = (entry._out(at) for at in entry.rule.between(entry._in(since), entry._in(until), inc=True))
        found.extend((at, row) for at in islice(times, _LAST_READ)
                     if at is not None and since <= at < until and at != entry.start)
    return found


def _moved(store: Store, uid: str) -> set[str]:
    """The times of `uid`'s rule that a changed entry (RECURRENCE-ID) stands for."""
    if not uid:
        return set()
    cur = store.catalog.db.execute(
        "SELECT metadata FROM records WHERE kind = 'event' AND metadata LIKE '%recurrence_id%' AND metadata LIKE ?",
        (f"%{uid}%",))
    return {str(data["recurrence_id"]) for (text,) in cur
            if (data := json.loads(str(text or "{}"))).get("uid") == uid and data.get("recurrence_id")}


_GATHERINGS = frozenset({"meeting", "meetings", "call", "calls", "appointment"})
"""What a timed entry is (a meeting, a call), said of one that its title or description names."""


def _on(entry: _Entry, since: datetime | None, until: datetime | None) -> bool:
    """Whether an entry (a single one; a rule by any of its times) is in the time from `since` to `until`."""
    if entry.rule is not None:
        first = entry.after(since) if since is not None else entry.first()
        return first is not None and (until is None or first < until)
    return (since is None or entry.start >= since) and (until is None or entry.start < until)


def _entries(store: Store, words: list[str], ends: list[tuple[str, str]], *,
             described: bool = False) -> list[_Entry]:
    """The calendar's entries whose title has every one of `words` (`described`: whose title,
    place and description have them, all-day ones left out: a day off is no meeting)."""
    cur = store.catalog.db.execute("SELECT * FROM records WHERE kind = 'event' ORDER BY ts")
    columns = [d[0] for d in cur.description]
    rows = [dict(zip(columns, values, strict=True)) for values in cur]
    meta = {str(r["id"]): json.loads(str(r["metadata"] or "{}")) for r in rows}
    moved: dict[str, set[str]] = {}  # uid -> the times of the rule that a changed entry stands for
    for data in meta.values():
        if data.get("recurrence_id") and data.get("uid"):
            moved.setdefault(str(data["uid"]), set()).add(str(data["recurrence_id"]))
    found = []
    for row in rows:
        title = one_name(str(row["title"])).casefold()  # "Munich" is "München"
        data = meta[str(row["id"])]
        title = re.sub(r"['’]s\b", "", title)  # "Tom's birthday", "Jonas birthday"
        if described:
            if data.get("all_day"):
                continue
            title = f"{title}\n{one_name(str(row['text'])).casefold()}"
        if str(data.get("status", "")).lower() == "cancelled" or not all(
                re.search(rf"(?<!\w){re.escape(w)}s?(?!\w)", title) for w in words):
            continue
        legs = re.split(r"\s*(?:→|->|–>|⇒)\s*", title)
        if len(legs) > 1 and any((place in legs[0]) == (way == "to") for way, place in ends):
            continue  # "the flight to Tokyo" is not "Tokyo → Helsinki → Berlin"
        found.append(_entry(row, data, moved.get(str(data.get("uid")), set())))
    return found


def _entry(row: dict[str, object], data: dict[str, Any], moved: set[str]) -> _Entry:
    start = row_time(row)
    all_day = bool(data.get("all_day"))
    end = from_epoch(int(str(row["end_ts"])), int(str(row["end_offset"] or row["ts_offset"]))) \
        if row["end_ts"] else None
    zone: tzinfo | None = start.tzinfo
    if named := _ZONE_NAMED.search(str(row["text"])):
        with contextlib.suppress(ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo(named.group(1))
    elif start.utcoffset() == timedelta(0) and not all_day:
        zone = datetime.now().astimezone().tzinfo  # a time written in UTC is read in this machine's zone
    start = start.astimezone(zone)
    end = end.astimezone(zone) if end is not None else None
    texts = [t.strip() for t in str(data.get("rrule") or "").split("\n") if t.strip()]  # one rule a line
    added = [t for t in str(data.get("rdate") or "").split(",") if t]
    texts = [t for t in texts if _readable(t)]  # a weekly rule next to a SECONDLY one still says when
    if data.get("recurrence_id") or not (texts or added):
        return _Entry(row, start, end, all_day)  # no rule, or only ones that ask too much of a reader (SECONDLY)
    left_out = [t for t in [*str(data.get("exdate") or "").split(","), *moved] if t]
    try:
        rules = _occurrences(texts, added, left_out, start, all_day)
    except (ValueError, TypeError, OverflowError):
        return _Entry(row, start, end, all_day)
    finite = all("UNTIL" in t.upper() or "COUNT" in t.upper() for t in texts)  # RDATEs are a finite list
    return _Entry(row, start, end, all_day, rules, finite=finite, floating=start.tzinfo if all_day else None)


def _readable(text: str) -> bool:
    rule = dict(part.split("=", 1) for part in text.upper().split(";") if "=" in part)
    return rule.get("FREQ") in _FREQUENCIES and rule.get("INTERVAL") != "0" and rule.get("COUNT") != "0"


def _occurrences(texts: list[str], added: list[str], left_out: list[str], start: datetime, all_day: bool) -> Any:
    """The entry's times: its rules' (all of them), and its added ones (RDATE), less the left-out
    and moved ones. An all-day entry runs on dates (local midnight whatever the offset of the day),
    its added and left-out times by their date; a timed one in its zone (`start`'s)."""
    from dateutil.rrule import rruleset, rrulestr

    begin = start.replace(tzinfo=None) if all_day else start

    def read(iso: str) -> datetime:
        at = datetime.fromisoformat(iso)
        return datetime.combine(at.date(), begin.time()) if all_day else at.astimezone(start.tzinfo)

    rules = rruleset()
    for text in texts:
        rules.rrule(rrulestr(_until_read(text, start, all_day), dtstart=begin))
    if not texts:
        rules.rdate(begin)  # without a rule, the start is the first time and the RDATEs the others
    for extra in added:
        rules.rdate(read(extra))
    for skipped in left_out:
        rules.exdate(read(skipped))
    return rules


def _until_read(text: str, start: datetime, all_day: bool) -> str:
    """The rule with its UNTIL as dateutil wants it: an all-day rule's on a naive date and time, a
    timed rule's local time in UTC."""
    if until := re.search(r"UNTIL=(\d{8})(T\d{6})?(Z?)(?=;|$)", text, re.I):
        day = datetime.strptime(until.group(1) + (until.group(2) or "T235959"), "%Y%m%dT%H%M%S")
        if all_day:
            return text.replace(until.group(0), f"UNTIL={day:%Y%m%dT%H%M%S}")
        if not until.group(3):  # a local time: in UTC
            utc = day.replace(tzinfo=start.tzinfo).astimezone(UTC)
            return text.replace(until.group(0), f"UNTIL={utc:%Y%m%dT%H%M%SZ}")
    return text


_FREQUENCIES = frozenset({"DAILY", "WEEKLY", "MONTHLY", "YEARLY"})


def _pick(entries: list[_Entry], edge: str, chosen: str, coming: bool,
          moment: datetime) -> tuple[datetime, _Entry] | None:
    """The time asked for: the first ("start", "first"), the last ("final"; none for an endless
    rule), the end of a single entry ("end"), the latest past ("last", "when was"), else the
    next (or, but for "next", the latest when none is to come)."""
    def best(found: list[tuple[datetime | None, _Entry]], latest: bool) -> tuple[datetime, _Entry] | None:
        known = [(at, e) for at, e in found if at is not None]
        return (max if latest else min)(known, key=lambda t: t[0]) if known else None

    if edge in ("start", "begin") or chosen == "first":
        return best([(e.first(), e) for e in entries], latest=False)
    if edge in ("end", "finish", "stop") or chosen == "final":
        if any(e.rule is not None and not e.finite for e in entries):
            return None  # "repeats yearly, with no end" has no last time
        return best([(e.last() if e.rule is not None or e.end is None else e.ending(), e) for e in entries],
                    latest=True)
    if chosen == "last" or not coming:
        return best([(e.before(moment), e) for e in entries], latest=True)
    ahead = best([(e.after(moment), e) for e in entries], latest=False)
    if ahead is None and chosen != "next":
        return best([(e.before(moment), e) for e in entries], latest=True)
    return ahead


def _said(at: datetime, entry: _Entry) -> str:
    return f"{at:%A} {at.day} {at:%B %Y}" + ("" if entry.all_day else f", {at:%H:%M}")


def _told(store: Store, entry: _Entry, at: datetime, said: str) -> Answer:
    citations: list[Hit] = []
    number = cite(store, entry.row, citations)
    if entry.rule is not None and (repeats := re.search(r"^(?:Repeats|Also on) .+$", str(entry.row["text"]), re.M)):
        first = entry.first()
        rule = repeats.group(0)[0].lower() + repeats.group(0)[1:]  # "repeats weekly on Tuesday, until …"
        told = f'In your calendar: "{entry.row["title"]}", from {first.day} {first:%B %Y}, {rule} {number}'
    else:
        end = entry.end - timedelta(seconds=1) if entry.end is not None else entry.start
        told = f'In your calendar: "{entry.row["title"]}", {_span(entry.start, end)} {number}'
    return Answer(said, tuple(citations), told)
