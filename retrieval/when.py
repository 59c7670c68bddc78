"""Time expressions in questions ("last week", "in April", "in spring 2023", "two years ago",
"since the move") read as date ranges against a reference `now`.

The range is what the question is about, not a guess at the answer: search uses it to prefer
(and, when it holds evidence, to keep to) records of that time, and `--json` shows it so that
a user sees what was understood. Expressions anchored on an event ("since the move", "the
day before my birthday") are resolved through a callback that finds the event's date in the
store.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

__all__ = ["COMING", "HOLIDAYS", "PAST_VERBS", "WAS", "TimeRange", "calendar_words", "parse_time", "when_said"]

MONTHS = {
    name: n
    for n, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
HOLIDAYS = (r"christmas(?:\s+eve|\s+day)?|xmas(?:\s+eve|\s+day)?|new\s+year['’]?s?(?:\s+eve|\s+day)?"
            r"|easter(?:\s+sunday|\s+monday|\s+weekend)?|halloween|valentine['’]?s(?:\s+day)?")
"""The holidays the time parser reads (a pattern, no groups)."""
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
SEASONS = {"spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "fall": (9, 3), "winter": (12, 3)}
"""Meteorological seasons (northern hemisphere): first month and length."""
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "a few": 3, "few": 3,
    "several": 3,
}
UNITS = {"day": 1, "week": 7, "month": 30, "year": 365, "fortnight": 14}

_CALENDAR = (set(MONTHS) | set(WEEKDAYS) | set(SEASONS) | {u + s for u in UNITS for s in ("", "s")} | {
    "last", "next", "this", "early", "late", "mid", "middle", "end", "start", "beginning", "ago", "past",
    "today", "yesterday", "tomorrow", "tonight", "weekend", "morning", "afternoon", "evening", "night",
    "recently", "lately", "new", "eve"} | {w for n in NUMBERS for w in n.split()}
    | {"christmas", "xmas", "easter", "halloween", "valentine's", "valentines", "year's", "years", "sunday",
       "monday", "day"}) - {"may"}


def calendar_words(phrase: str) -> str:
    """The words of a time phrase that name the calendar ("last", "February", "weeks"), not an
    event it is anchored on ("after Nora's school trip started" keeps "school trip")."""
    return " ".join(w for w in re.findall(r"[\w']+", phrase) if w.lower() in _CALENDAR or w.isdigit())


_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUM = r"\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True))
_UNIT = r"(day|week|fortnight|month|year)s?"
_YEAR = r"(?:19|20)\d\d"
_ORD = r"(\d{1,2})(?:st|nd|rd|th)?"
_EVENT = r"((?:my|our|the|his|her|their|\w+'s)\s+[\w' -]{3,40}?)(?=[?.!,]|$)"

Anchor = Callable[[str, bool], datetime | None]
"""Finds when an event named in a question happened ("the move" -> its date), or None; the
flag asks for its end ("after the trip") rather than its start ("before the trip")."""


@dataclass(frozen=True)
class TimeRange:
    """[since, until) as aware datetimes, with the words it was read from."""

    since: datetime | None
    until: datetime | None
    phrase: str
    exact: bool = True
    """False for vague spans ("recently", "lately"): prefer, never restrict."""

    def to_json(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "phrase": self.phrase,
        }

    @property
    def spelled(self) -> str:
        """The label written out for a sentence: `Tuesday 1 April 2025`, `April 2025`, `2025`,
        `September – November 2025`, `1 April 2025 – 7 April 2025`."""
        if not (self.since and self.until):
            return self.label
        first, last = self.since, self.until - timedelta(seconds=1)
        if last.date() == first.date():
            return f"{first:%A} {first.day} {first:%B %Y}"
        if first.day == 1 and (last + timedelta(days=1)).day == 1:
            if first.month == 1 and last.month == 12 and first.year == last.year:
                return f"{first.year}"
            if (first.year, first.month) == (last.year, last.month):
                return f"{first:%B %Y}"
            if first.year == last.year:
                return f"{first:%B} – {last:%B %Y}"
            return f"{first:%B %Y} – {last:%B %Y}"
        return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"

    @property
    def label(self) -> str:
        if self.since and self.until:
            last = self.until - timedelta(seconds=1)
            if last.date() == self.since.date():
                return f"{self.since:%a} {self.since.day} {self.since:%b %Y}"
            return f"{self.since.day} {self.since:%b %Y} – {last.day} {last:%b %Y}"
        if self.since:
            return f"since {self.since.day} {self.since:%b %Y}"
        if self.until:
            return f"before {self.until.day} {self.until:%b %Y}"
        return self.phrase


def _start(day: date, zone: Any) -> datetime:
    """Midnight starting `day`: in `zone`, or (None) in local time with that day's DST offset."""
    if zone is None:
        return datetime.combine(day, time()).astimezone()
    return datetime.combine(day, time(), zone)


def _month_range(year: int, month: int, months: int, zone: Any) -> tuple[datetime, datetime]:
    after_year, after_month = year + (month - 1 + months) // 12, (month - 1 + months) % 12 + 1
    return _start(date(year, month, 1), zone), _start(date(after_year, after_month, 1), zone)


def _number(text: str) -> int:
    text = text.strip().lower()
    return int(text) if text.isdigit() else NUMBERS.get(text, 1)


def _easter(year: int) -> date:
    """Easter Sunday of a year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * weekday) // 433
    month = (h + weekday - 7 * m + 90) // 25
    return date(year, month, (h + weekday - 7 * m + 33 * month + 19) % 32)


def _past_year(month: int, now: datetime) -> int:
    """The year of the latest such month that has begun ("in April" asked in March means last April)."""
    return now.year if month <= now.month else now.year - 1


class _Parser:
    def __init__(self, now: datetime, anchor: Anchor | None, zone: Any) -> None:
        self.now = now
        self.zone = zone
        self.today = now.date()
        self.anchor = anchor

    def day(self, day: date, days: int = 1) -> tuple[datetime, datetime]:
        start = _start(day, self.zone)
        return start, start + timedelta(days=days)

    def week(self, day: date) -> tuple[datetime, datetime]:
        return self.day(day - timedelta(days=day.weekday()), 7)

    def rules(self) -> list[tuple[re.Pattern[str], Callable[[re.Match[str]], TimeRange | None]]]:
        flags = re.IGNORECASE
        return [
            (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), self._iso_day),
            (re.compile(rf"\b(?:(at|over|on|during|for|around|since|before|after|until|till)\s+)?(?:the\s+)?"
                        rf"(?:(last|this|next)\s+)?({HOLIDAYS})(?:\s+({_YEAR}))?(?![\w'’])(?!\s+resolutions?)",
                        flags),
             self._holiday),
            (re.compile(rf"\b(?:from\s+)?(?:the\s+)?{_ORD}\s*(?:-|–|to|until|till)\s*(?:the\s+)?{_ORD}\s+"
                        rf"(?:of\s+)?({_MONTH})\.?,?\s*({_YEAR})?\b", flags), self._day_span),
            (re.compile(rf"\b(?:on\s+)?(?:the\s+)?{_ORD}\s+(?:of\s+)?({_MONTH})\.?,?\s*({_YEAR})?\b", flags),
             self._day_month),
            (re.compile(rf"\b(?:on\s+)?({_MONTH})\.?\s+{_ORD}\b,?\s*({_YEAR})?\b", flags), self._month_day),
            (re.compile(rf"\b(early|mid|late|end of|beginning of|start of|(?:the\s+)?(?:first|second|third|fourth|last"
                        rf"|final)\s+week\s+of)[\s-]+({_MONTH})\.?\s*({_YEAR})?\b", flags), self._part_month),
            (re.compile(rf"\b(?:in\s+|during\s+)?(last|this|next)\s+({_MONTH})\b", flags), self._rel_month),
            (re.compile(rf"\b(?:in\s+|during\s+|of\s+)?({_MONTH})\.?(?:\s+(?:of\s+)?({_YEAR}))?\b", flags),
             self._month),
            (re.compile(rf"\b(?:in\s+|during\s+)?(?:the\s+)?(last|this|next)?\s*(spring|summer|autumn|fall|winter)"
                        rf"(?:\s+(?:of\s+)?({_YEAR}))?\b", flags), self._season),
            (re.compile(rf"\b(?:in|during|of|since|from)\s+({_YEAR})\b|\b({_YEAR})\b", flags), self._year),
            (re.compile(r"\b(today|tonight|this morning|this afternoon|this evening)\b", flags),
             lambda m: TimeRange(*self.day(self.today), m.group(0))),
            # Not "the last night at the ryokan", "our last night in Kyoto": the final one.
            (re.compile(r"\b(yesterday|(?<!\bthe\s)(?<!\bour\s)(?<!\bmy\s)(?<!\btheir\s)"
                        r"last night)\b", flags),
             lambda m: TimeRange(*self.day(self.today - timedelta(days=1)), m.group(0))),
            (re.compile(r"\bthe day before yesterday\b", flags),
             lambda m: TimeRange(*self.day(self.today - timedelta(days=2)), m.group(0))),
            (re.compile(rf"\b(?:in\s+|over\s+|during\s+)?the\s+(?:last|past)\s+({_NUM})\s+{_UNIT}\b", flags),
             self._past_span),
            (re.compile(rf"\b({_NUM})\s+{_UNIT}\s+ago\b", flags), self._ago),
            (re.compile(r"\b(last|this|next)\s+(week|weekend|month|year)\b", flags), self._rel_period),
            (_ORDINAL_DAY, self._ordinal_day),
            (re.compile(r"\b(?:on\s+)?(last|this|next)?\s*(" + "|".join(WEEKDAYS) + r")"
                        r"(['’]s(?!\s+(?:bar|pub|caf[eé]|restaurant|club|diner|bakery|hotel|kitchen|was|is|were|are|has|had)\b))?\b",
                        flags), self._weekday),  # "Saturday's rain" is a day, "Friday's bar" a name
            (re.compile(r"\b(recently|lately|these days|nowadays)\b", flags),
             lambda m: TimeRange(self.now - timedelta(days=30), None, m.group(0), exact=False)),
            (re.compile(rf"\b(the\s+)?(day|week|month)\s+(before|after)\s+{_EVENT}", flags), self._around_event),
            (re.compile(rf"\b(since|after|before)\s+{_EVENT}", flags), self._relative_to_event),
        ]

    def _holiday(self, m: re.Match[str]) -> TimeRange | None:
        """Christmas (24-26 December), Christmas Eve and Day, New Year's Eve and Day, Easter
        (Good Friday to Easter Monday) and its days, Halloween, Valentine's Day: of the year
        named, else the latest that has begun ("next": the coming one)."""
        relation, which = (m.group(1) or "").lower(), (m.group(2) or "").lower()
        name, year_text = " ".join(m.group(3).lower().split()), m.group(4)

        def span(year: int) -> tuple[date, int]:
            easter = _easter(year)
            if name.startswith("easter"):
                return {"easter sunday": (easter, 1), "easter monday": (easter + timedelta(days=1), 1),
                        "easter weekend": (easter - timedelta(days=1), 3)}.get(name, (easter - timedelta(days=2), 4))
            if name.startswith(("christmas eve", "xmas eve")):
                return date(year, 12, 24), 1
            if name.startswith(("christmas day", "xmas day")):
                return date(year, 12, 25), 1
            if name.startswith(("christmas", "xmas")):
                return date(year, 12, 24), 3
            if name.startswith("new year") and name.endswith("eve"):
                return date(year, 12, 31), 1
            if name.startswith("new year"):
                return date(year, 1, 1), 1
            if name.startswith("halloween"):
                return date(year, 10, 31), 1
            return date(year, 2, 14), 1  # valentine's day

        if year_text:
            first, days = span(int(year_text))
        else:
            year = self.today.year
            first, days = span(year)
            if which == "next":
                if first <= self.today:
                    first, days = span(year + 1)
            elif first > self.today or (which == "last" and first + timedelta(days=days) > self.today):
                first, days = span(year - 1)
        start, end = self.day(first, days)
        if relation in {"since", "after"}:  # "since Christmas": from it on
            return TimeRange(start if relation == "since" else end, None, m.group(0).strip())
        if relation in ("before", "until", "till"):
            return TimeRange(None, start, m.group(0).strip())
        return TimeRange(start, end, m.group(0).strip())

    # -- absolute ------------------------------------------------------------------------

    def _iso_day(self, m: re.Match[str]) -> TimeRange | None:
        try:
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
        return TimeRange(*self.day(day), m.group(0))

    def _dated(self, day_text: str, month_text: str, year_text: str | None, phrase: str) -> TimeRange | None:
        month = MONTHS[month_text.lower()]
        year = int(year_text) if year_text else _past_year(month, self.now)
        try:
            day = date(year, month, int(day_text))
        except ValueError:
            return None
        if not year_text and day > self.today:
            try:
                day = day.replace(year=year - 1)
            except ValueError:  # 29 February: the leap year before
                day = day.replace(year=year - 4)
        return TimeRange(*self.day(day), phrase.strip())

    def _day_span(self, m: re.Match[str]) -> TimeRange | None:
        """"18th to 20th of July", "18-20 July": the first day's date, to the end of the last."""
        first = self._dated(m.group(1), m.group(3), m.group(4), m.group(0))
        if first is None or first.since is None or not int(m.group(1)) < int(m.group(2)) <= 31:
            return None
        days = int(m.group(2)) - int(m.group(1)) + 1
        return TimeRange(*self.day(first.since.date(), days), m.group(0).strip())

    def _day_month(self, m: re.Match[str]) -> TimeRange | None:
        return self._dated(m.group(1), m.group(2), m.group(3), m.group(0))

    def _month_day(self, m: re.Match[str]) -> TimeRange | None:
        if m.group(1).lower() == "may" and not m.group(3) and int(m.group(2)) > 31:
            return None
        return self._dated(m.group(2), m.group(1), m.group(3), m.group(0))

    def _part_month(self, m: re.Match[str]) -> TimeRange:
        month = MONTHS[m.group(2).lower()]
        year = int(m.group(3)) if m.group(3) else _past_year(month, self.now)
        start, after = _month_range(year, month, 1, self.zone)
        part = " ".join(m.group(1).lower().split()).removeprefix("the ")
        if part.endswith("week of"):  # "the first week of June": 1-7 June; "the last": its last seven days
            which = part.split()[0]
            if which in ("last", "final"):
                return TimeRange(after - timedelta(days=7), after, m.group(0))
            first = start + timedelta(days=7 * ("first", "second", "third", "fourth").index(which))
            return TimeRange(first, first + timedelta(days=7), m.group(0))
        if part in {"early", "beginning of", "start of"}:
            return TimeRange(start, start + timedelta(days=11), m.group(0))
        if part == "mid":
            return TimeRange(start + timedelta(days=9), start + timedelta(days=21), m.group(0))
        return TimeRange(start + timedelta(days=19), after, m.group(0))

    def _rel_month(self, m: re.Match[str]) -> TimeRange:
        month = MONTHS[m.group(2).lower()]
        which = m.group(1).lower()
        year = self.now.year
        if which == "last":
            year = year if month < self.now.month else year - 1
        elif which == "next":
            year = year if month > self.now.month else year + 1
        return TimeRange(*_month_range(year, month, 1, self.zone), m.group(0).strip())

    def _month(self, m: re.Match[str]) -> TimeRange | None:
        word = m.group(1).lower()
        # "may" and "march" are also a verb; short forms are only months next to a year or "in".
        lead = m.group(0).lower().split()[0]
        related = bool(re.search(r"\b(?:since|after|before|until|till|from)\s+$", m.string[:m.start()], re.I))
        if (not m.group(2) and (word in {"may", "march"} or len(word) <= 4) and not related
                and lead not in {"in", "during", "of"} and word not in {"june", "july"}):
            return None
        month = MONTHS[word]
        year = int(m.group(2)) if m.group(2) else _past_year(month, self.now)
        return TimeRange(*_month_range(year, month, 1, self.zone), m.group(0).strip())

    def _season(self, m: re.Match[str]) -> TimeRange:
        which = (m.group(1) or "").lower()
        first, length = SEASONS[m.group(2).lower()]
        if m.group(3):
            year = int(m.group(3))
        else:
            # The latest such season that has begun; "last" skips the one we are in, "next" looks ahead.
            begun = _month_range(self.now.year, first, 1, self.zone)[0] <= self.now
            year = self.now.year if begun else self.now.year - 1
            start, after = _month_range(year, first, length, self.zone)
            if which == "last" and start <= self.now < after:
                year -= 1
            elif which == "next":
                year += 1
        return TimeRange(*_month_range(year, first, length, self.zone), m.group(0).strip())

    def _year(self, m: re.Match[str]) -> TimeRange:
        year = int(m.group(1) or m.group(2))
        return TimeRange(_start(date(year, 1, 1), self.zone), _start(date(year + 1, 1, 1), self.zone),
                         m.group(0).strip())

    # -- relative to now -----------------------------------------------------------------

    def _past_span(self, m: re.Match[str]) -> TimeRange:
        days = _number(m.group(1)) * UNITS[m.group(2).lower()]
        return TimeRange(_start(self.today - timedelta(days=days), self.zone), self.day(self.today)[1], m.group(0))

    def _ago(self, m: re.Match[str]) -> TimeRange:
        n, unit = _number(m.group(1)), m.group(2).lower()
        if unit == "day":
            return TimeRange(*self.day(self.today - timedelta(days=n)), m.group(0))
        if unit in {"week", "fortnight"}:
            return TimeRange(*self.week(self.today - timedelta(days=n * UNITS[unit])), m.group(0))
        if unit == "month":
            index = self.today.year * 12 + self.today.month - 1 - n
            return TimeRange(*_month_range(index // 12, index % 12 + 1, 1, self.zone), m.group(0))
        year = self.today.year - n
        return TimeRange(_start(date(year, 1, 1), self.zone), _start(date(year + 1, 1, 1), self.zone), m.group(0))

    def _rel_period(self, m: re.Match[str]) -> TimeRange:
        step = {"last": -1, "this": 0, "next": 1}[m.group(1).lower()]
        unit = m.group(2).lower()
        if unit == "week":
            return TimeRange(*self.week(self.today + timedelta(days=7 * step)), m.group(0))
        if unit == "weekend":
            saturday = self.today + timedelta(days=(5 - self.today.weekday()) % 7)
            if step < 0 or (step == 0 and self.today.weekday() == 0):
                saturday = self.today - timedelta(days=(self.today.weekday() - 5) % 7 or 7)
            elif step > 0:
                # On a Friday the coming weekend is "this weekend" or "tomorrow": "festival next
                # weekend!!", written on a Friday, is the one after.
                saturday += timedelta(days=7) if self.today.weekday() >= 4 else timedelta()
            return TimeRange(*self.day(saturday, 2), m.group(0))
        if unit == "month":
            index = self.today.year * 12 + self.today.month - 1 + step
            return TimeRange(*_month_range(index // 12, index % 12 + 1, 1, self.zone), m.group(0))
        year = self.today.year + step
        return TimeRange(_start(date(year, 1, 1), self.zone), _start(date(year + 1, 1, 1), self.zone), m.group(0))

    def _weekday(self, m: re.Match[str]) -> TimeRange | None:
        which = (m.group(1) or "").lower()
        target = WEEKDAYS.index(m.group(2).lower())
        back = (self.today.weekday() - target) % 7
        if which == "next":
            ahead = (target - self.today.weekday()) % 7 or 7
            return TimeRange(*self.day(self.today + timedelta(days=ahead)), m.group(0).strip())
        if which == "last":
            back = back or 7
        elif not m.group(0).lower().startswith("on") and not m.group(3):
            return None  # a bare weekday ("Friday drinks") is a name more often than a date; "Saturday's rain" is a day
        return TimeRange(*self.day(self.today - timedelta(days=back)), m.group(0).strip())

    def _ordinal_day(self, m: re.Match[str]) -> TimeRange | None:
        """"the 22nd" with no month: that day of this month, the last or the next, whichever
        has the weekday it is said with ("Saturday the 22nd"), else the latest not to come."""
        days = _nth_days(m, self.today)
        if not days:
            return None
        if m.group("wd"):  # "Saturday the 22nd": the one with that weekday nearest to today
            day = min(days, key=lambda d: abs((d - self.today).days))
        else:
            day = max((d for d in days if d <= self.today), default=min(days))
        return TimeRange(*self.day(day), m.group(0).strip())

    # -- relative to an event ------------------------------------------------------------

    def _event(self, phrase: str, end: bool) -> datetime | None:
        if self.anchor is None:
            return None
        return self.anchor(phrase.strip(), end)

    def _around_event(self, m: re.Match[str]) -> TimeRange | None:
        moment = self._event(m.group(4), m.group(3).lower() == "after")
        if moment is None:
            return None
        day = moment.astimezone(self.zone).date()
        size = {"day": 1, "week": 7, "month": 30}[m.group(2).lower()]
        if m.group(3).lower() == "before":
            return TimeRange(*self.day(day - timedelta(days=size), size), m.group(0).strip())
        return TimeRange(*self.day(day + timedelta(days=1), size), m.group(0).strip())

    def _relative_to_event(self, m: re.Match[str]) -> TimeRange | None:
        moment = self._event(m.group(2), m.group(1).lower() != "before")
        if moment is None:
            return None
        day_start = _start(moment.astimezone(self.zone).date(), self.zone)
        if m.group(1).lower() == "before":
            return TimeRange(None, day_start, m.group(0).strip())
        return TimeRange(day_start, None, m.group(0).strip())


_BETWEEN = re.compile(r"\b(between|from)\s+(?P<a>[\w' ]{1,30}?)\s+(?:and|to|until|till)\s+(?P<b>[\w' ]{2,30}?)"
                      r"(?=\s*(?:[?.!,;]|$)|\s+(?:with|in|at|for|on)\b)", re.I)
"""'between 1 May and 3 May', 'from April to June', 'between 1 and 3 May'."""
_TWO_MONTHS = re.compile(rf"\b(?:(?:in|during|over)\s+)?(?P<a>{_MONTH})\s+(?:and|&|or|through|thru|to|-|–)\s+"
                         rf"(?P<b>(?:{_MONTH})(?:\s+{_YEAR})?)\b", re.I)
"""'in February and March', 'feb or march', 'February through April 2026': both months and the ones between."""


def _between(parser: _Parser, question: str) -> TimeRange | None:
    """A span from one time to another, each read on its own; a bare day borrows the month of
    the other end ("between 1 and 3 May"), a month the other's year ("in March and April 2026").
    None when either end is no exact time or they are in the wrong order."""
    for match in [*_BETWEEN.finditer(question), *_TWO_MONTHS.finditer(question)]:
        if match.re is _TWO_MONTHS and "may" in (match.group("a"), match.group("b").split()[0]) \
                and not re.match(r"(?:in|during|over)\s", match.group(0), re.I):
            continue  # "I may or may not": no month written so
        last = _first_range(parser, match.group("b"))
        year = re.search(_YEAR, match.group("b")) if match.re is _TWO_MONTHS else None
        first = _first_range(parser, f"{match.group('a')} {year.group(0)}" if year else match.group("a"))
        if match.re is _TWO_MONTHS and not year and first is not None and first.since is not None \
                and last is not None and last.until is not None and last.until <= first.since:
            # "in June and July", asked in June: the July after this June, not last year's
            last = _first_range(parser, f"{match.group('b')} {first.since.year}") or last
        if first is None and last is not None and match.group("a").strip().isdigit():
            month = re.search(rf"\b({_MONTH})\b.*", match.group("b"), re.I)
            first = _first_range(parser, f"{match.group('a').strip()} {month.group(0)}") if month else None
        if first is None or last is None or not first.exact or not last.exact or first.since is None \
                or last.until is None or not first.since < last.until:
            continue
        return TimeRange(first.since, last.until, match.group(0).strip())
    return None


def _first_range(parser: _Parser, text: str) -> TimeRange | None:
    """One end of a span: the first rule that reads it, alone or as "in <text>" (a bare "May"
    is read as the month only after "in")."""
    for candidate in (text, f"in {text}"):
        for pattern, build in parser.rules():
            for match in pattern.finditer(candidate):
                if (found := build(match)) is not None:
                    return found
    return None


_RELATION = re.compile(r"\b(since|after|before|until|till)\s+(?:the\s+)?$", re.I)
"""The word that makes a time one end of a span ("since 1 May", "before March"), just before it."""
def _next_to(ahead: str, relation: str, found: TimeRange, phrase: str) -> TimeRange | None:
    """A span next to a day ("the week after 1 March", "the day before 3 June"), or one that
    keeps it ("on or after 3 June"); None for a plain "after 3 June"."""
    if relation not in {"after", "before"} or found.since is None or found.until is None:
        return None
    if offset := _OFFSET.search(ahead):
        count = _number(offset.group("n") or offset.group("m") or "1")
        days = timedelta(days=count * UNITS[offset.group("unit").lower()])
        phrase = f"{offset.group(0).strip()} {phrase}"
        if relation == "after":
            return TimeRange(found.until, found.until + days, phrase)
        return TimeRange(found.since - days, found.since, phrase)
    if re.search(r"\bon\s+or\s+$", ahead, re.I):
        phrase = f"on or {phrase}"
        return TimeRange(found.since, None, phrase) if relation == "after" else TimeRange(None, found.until, phrase)
    return None


_OFFSET = re.compile(rf"(?:\bthe\s+(?:(?P<n>{_NUM})\s+)?|\b(?P<m>{_NUM})\s+)(?P<unit>day|week|fortnight|month)s?\s+$",
                     re.I)
"""'the week', 'the two weeks', 'three days' just before "after"/"before": a span next to a time."""
_ONWARDS = re.compile(r"^\s*(?:on|onwards?)\b", re.I)


def parse_time(question: str, now: datetime | None = None, anchor: Anchor | None = None, *,
               open_ended: bool = False) -> TimeRange | None:
    """The time range a question asks about, or None. A span between two times ("from April to
    June") first, else the first (most specific) rule that reads a span of the question wins.
    Days start at midnight in `now`'s zone; a naive or missing `now` means local time (each
    boundary with its own daylight-saving offset).

    With `open_ended` (a question, not a line of the records), a time after "since", "after",
    "before", "until" or "from ... on" is one end of a span: "since 1 May" is from 1 May to the
    end of today, "after 3 June" from 4 June on, "before March" up to March, "until 3 June" up
    to the end of that day."""
    zone = now.tzinfo if now is not None else None
    now = (now or datetime.now()).astimezone(zone)
    parser = _Parser(now, anchor, zone)
    if (span := _between(parser, question)) is not None:
        return span
    for pattern, build in parser.rules():
        for match in pattern.finditer(question):
            found = build(match)
            if found is None:
                continue
            found = _part_of(parser, question, match, found)
            if not open_ended:
                return found
            found = _open_span(question, match, found)
            if found.since is not None and found.until is None and found.exact \
                    and re.match(r"since\b|from\b", found.phrase, re.I):
                # "since": up to now (to the end of today), so the span can be told and counted.
                today_ends = parser.day(parser.today)[1]
                return replace(found, until=today_ends) if found.since < today_ends else found
            return found
    return None


_PART_OF = re.compile(r"(?:(?:in|during|on|over|at)\s+)?(?:the\s+)?"
                      r"(?P<part>week|weekend|morning|afternoon|evening|night)\s+of\s+"
                      r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:the\s+)?$", re.I)


def _part_of(parser: _Parser, question: str, match: re.Match[str], found: TimeRange) -> TimeRange:
    """A day named as part of a longer or shorter time: "the week of 16 February" is that
    Monday-to-Sunday week, "the weekend of 16 February" its Saturday and Sunday; "the evening of 2
    June" is that day, so named."""
    if found.since is None or found.until is None or found.until - found.since > timedelta(days=1):
        return found
    part = _PART_OF.search(question[:match.start()])
    if part is None:
        return found
    phrase = f"{part.group(0)}{found.phrase.strip()}"
    if part.group("part").lower() in ("week", "weekend"):
        since, until = parser.week(found.since.date())
        if part.group("part").lower() == "weekend":  # its Saturday and Sunday
            since = until - timedelta(days=2)
        return TimeRange(since, until, phrase, found.exact)
    return replace(found, phrase=phrase)


def _open_span(question: str, match: re.Match[str], found: TimeRange) -> TimeRange:
    """`found` as one end of the span its relation word asks for (see `parse_time`)."""
    if found.since is None or found.until is None or not found.exact:
        return found  # already open ("since the move", "before Christmas") or vague
    head = question[:match.start()]
    phrase = found.phrase.strip()
    lead = re.match(r"(since|after|before|until|till|from)\s+", phrase, re.I)
    before = _RELATION.search(head)
    relation = (lead.group(1) if lead else before.group(1) if before else "").lower()
    if not relation and re.search(r"\bfrom\s+(?:the\s+)?$", head, re.I):
        relation = "from"
    if relation == "from":
        onwards = _ONWARDS.match(question[match.end():])
        if onwards is None:
            return found
        relation, before = "since", None
        phrase = f"{phrase if lead else 'from ' + phrase} {onwards.group(0).strip()}"
    if not relation:
        return found
    if before and not lead:
        phrase = f"{before.group(0).strip()} {phrase}"
        if (next_to := _next_to(head[:before.start()], relation, found, phrase)) is not None:
            return next_to
    phrase = phrase.rstrip(" ,.;")
    if relation == "since":
        return TimeRange(found.since, None, phrase)
    if relation == "after":
        return TimeRange(found.until, None, phrase)
    if relation == "before":
        return TimeRange(None, found.since, phrase)
    return TimeRange(None, found.until, phrase)  # until, till: that time included


COMING = re.compile(r"\b(?:will|going to|gonna|tomorrow|next|can'?t wait|see you"
                     r"|plan(?!ning\s+(?:meeting|session|call|workshop|document|doc|board|day|round)s?\b)\w*"
                     r"|lands?|landing"
                     r"|fly|flies|flying|leave|leaves|leaving|arriv\w*|joins?|starts?|coming|is on|are on)\b"
                     r"|['’]ll\b|\b(?:i'?m|i am|we'?re|we are|s?he'?s|they'?re)\s+\w+ing\b", re.I)
PAST_VERBS = (r"was|were|went|did|had|got|came|ran|saw|met|took|made|bought|gave|flew|ate|sang|won|told|said|felt"
              r"|spent|sent|wrote")
"""Irregular verbs in the past, as a regex alternation (answer.py reads a clause's own act by them)."""
WAS = re.compile(rf"\b(?:{PAST_VERBS}|since|ago|yesterday)\b", re.I)
"""How a chat line (or the clause that names a time) says that what it tells of is to come, or
past: the weekday it names, a time of year without its year."""
_RELATIVE = re.compile(r"\b(?:last|next|this|ago|past|coming|yesterday|today|tonight|tomorrow|now|recent\w*"
                       r"|week|weekend|month|year|\w+day|morning|afternoon|evening|night)\b", re.I)
"""A time phrase counted from the moment it was said: read as said, never moved by a year."""


def when_said(quote: str, written: datetime) -> TimeRange | None:
    """The time a quote names, read as of when it was `written`: "yesterday" in a message of
    9 May is 8 May; "on Tuesday" is the coming Tuesday when the line speaks of what will happen
    ("my mum lands on Tuesday"), the last one otherwise; a time of year without a year ("on
    the 6th of December", "in April", "at Easter") is the one the tense of its clause points to,
    else the one nearest to the line."""
    now = written.replace(tzinfo=None)
    found = parse_time(quote, now)
    if found is None or found.since is None or not found.exact or found.phrase.strip().isdigit():
        return None
    phrase = found.phrase.strip()
    coming, past = bool(COMING.search(quote)), bool(WAS.search(quote))
    # "11 completed (one no-show on Wednesday, the panel will refund the fee)": the refund is to
    # come, the no-show was; a clause of its own that says what is to come decides, else the line
    # when nothing in it is told as done.
    told = next((c for c in _CLAUSES.split(quote) if found.phrase.strip() in c), quote)
    coming = bool(COMING.search(told)) or (coming and not _PAST_ED.search(quote))
    if (day := re.fullmatch(r"on\s+(\w+day)|(\w+day)['’]s", phrase, re.I)) and coming and not past:
        found = replace(parse_time(f"next {day.group(1) or day.group(2)}", now) or found, phrase=found.phrase)
    elif day is not None and day.group(2) and not past:
        # "Saturday's party is at 8", tense unsaid: the Saturday nearest to the line.
        ahead = parse_time(f"next {day.group(2)}", now)
        if ahead is not None and ahead.since is not None and found.since is not None \
                and ahead.since.replace(tzinfo=None) - now < now - found.since.replace(tzinfo=None):
            found = replace(ahead, phrase=found.phrase)
    elif not re.search(r"\b(?:19|20)\d\d\b", phrase) and not _RELATIVE.search(phrase):
        # A time of year with no year ("in April", "on the 6th of December", "at Easter"): the
        # one the line's tense points to, else the one nearest to it ("mine is the half marathon
        # in April", written in January, is this April, not last year's).
        if (nth := _ORDINAL_DAY.fullmatch(phrase)) is not None:
            # "still on the 22nd?": of last, this or next month, by the tense as a date is.
            zone = found.since.tzinfo if found.since is not None else None
            candidates: list[TimeRange | None] = [
                TimeRange(_start(d, zone), _start(d + timedelta(days=1), zone), found.phrase)
                for d in _nth_days(nth, now.date())]
        else:
            candidates = [_year_moved(found, now, years) for years in (-1, 0, 1)]
        moved = [(r.since.replace(tzinfo=None), r.until.replace(tzinfo=None), r)
                 for r in candidates if r is not None and r.since is not None and r.until is not None]
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        # The tense of the clause that names the time: in "12 participants instead of 16, 19–21
        # May at the lab" the study's dates are not past for the "was" of another clause.
        clause = next((c for c in _CLAUSES.split(quote) if found.phrase.strip() in c), quote)
        # "asked for a short readout on 3 June": the day is of what was asked for, not of the asking.
        past = bool(WAS.search(clause) or _PAST_ED.search(clause)) and not _REQUESTED.search(clause)
        # A question about a plan asks of what is to come ("still on the 22nd?", "are you free in
        # April?"); "any photos from the party on the 1st?" asks of what was.
        coming = bool(COMING.search(clause)) or (
            quote.rstrip().endswith("?") and not past and _ASKS_PLAN.search(quote) is not None)
        if coming != past:  # to come: not over before the day written; past: begun by the moment written
            moved = [m for m in moved if (m[1] > midnight if coming else m[0] <= now)] or moved
        if moved:
            found = min(moved, key=lambda m: max(m[0] - now, now - m[1], timedelta(0)))[2]
    return found


_REQUESTED = re.compile(r"\b(?:asked|requested|invited)\s+(?:\w+\s+){0,2}?(?:for|to)\b", re.I)
"""A request told in the past, whose day is of what is asked for: "asked for a readout on 3 June"."""
_ASKS_PLAN = re.compile(r"\b(?:still\s+on|still\s+good|are\s+(?:we|you)|is\s+it\s+still|free|shall\s+we"
                        r"|can\s+(?:we|you)|could\s+(?:we|you)|up\s+for|works?\s+for)\b", re.I)
"""A question about a plan: "still on the 22nd?", "are you free in April?"."""
_PAST_ED = re.compile(r"\b(?!(?:excit|tir|interest|scar|bor|worri|suppos|us|pleas|thrill|stress|relax|exhaust"
                      r"|embarrass|obsess|surpris|amaz|annoy|confus|disappoint|prepar|schedul|plann"
                      r"|attach|enclos|includ|requir|expect|confirm)ed\b)"
                      r"[a-z]{2,}[^e\W]ed\b", re.I)
"""A regular verb's past ("we adopted Mochi in March"), not a feeling ("so excited for Easter"),
a plan ("scheduled for May") nor a mail's "attached is the screener for the study on 19–21 May":
their days are the nearest."""
_CLAUSES = re.compile(r"[,;:()]\s*|\s+[–—-]\s+|\s+(?:and|but|because|so)\s+|(?<=[.!?])\s+", re.I)


_ORDINAL_DAY = re.compile(
    r"\b(?:(?P<prep>on|by|from|until|till|before|after)\s+)?(?:(?P<wd>" + "|".join(WEEKDAYS) + r")\s+)?"
    r"the\s+(?P<n>\d{1,2})(?:st|nd|rd|th)\b"
    r"(?=\s*(?:$|[,.;:!?)]|(?:at|from|or|then|works|would|will|for|so|but|right|ok|okay|too)\b))",
    re.IGNORECASE)
"""A day of a month not named, after "on", "by", "from" … or a weekday: "on the 28th", "Saturday
the 22nd" (not "the 3rd in my age group", "the 4th floor", "May the 22nd": a month is named)."""


def _nth_days(m: re.Match[str], today: date) -> list[date]:
    """The days an ordinal without a month may be: that day of last, this and next month,
    those on the weekday it is said with, if any."""
    if not (m.group("prep") or m.group("wd")) or re.search(rf"(?:{_MONTH})\.?\s*$", m.string[:m.start()], re.I):
        return []
    number = int(m.group("n"))
    found = []
    for step in (-1, 0, 1):
        index = today.year * 12 + today.month - 1 + step
        try:
            day = date(index // 12, index % 12 + 1, number)
        except ValueError:
            continue
        if not m.group("wd") or day.weekday() == WEEKDAYS.index(m.group("wd").lower()):
            found.append(day)
    return found


def _year_moved(found: TimeRange, now: datetime, years: int) -> TimeRange | None:
    """`found`'s phrase read as of `years` later (a movable feast falls on its own day each year)."""
    # Read as of the year's last moment: a yearless time is then that year's own (Easter 2026 and
    # 2027 both, not the last one before a moment a year on, which skips the one between).
    moved = parse_time(found.phrase, datetime(now.year + years, 12, 31, 23, 59))
    return replace(moved, phrase=found.phrase) if moved is not None else None
