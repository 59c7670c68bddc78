"""The format the story is written in: sessions of tagged chat lines, fillers, and questions citing tags.

A session script is one line per message:

    N: text of Nora's message  #tag
    S: text of Sam's message
      an indented line continues the message above (a multi-line message)
    ~                 one filler exchange drawn from the pool (`~2`: two)
    @ 21:40           the clock jumps to 21:40 the same day (a later burst of the chat)

A tag (two spaces, `#`, a name at the end of a line) names a message that questions cite as
evidence. Answers are text, or computed from the tagged messages' dates (`Day`, `Gap`, ...), so
a date moved in the story moves its answers with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

__all__ = [
    "AD", "KINDS", "MH", "NOW", "OD", "SH", "SPEAKERS", "TE", "Ago", "Day", "Filler", "Gap", "Line", "Month",
    "Q", "Session", "Weekday", "describe_gap", "filler", "format_day", "q", "session",
]

SH, MH, TE, OD, AD = "single-hop", "multi-hop", "temporal", "open-domain", "adversarial"
KINDS = (SH, MH, TE, OD, AD)
NOW = date(2026, 1, 15)
"""When the questions are asked: "last March" is March 2025."""

SPEAKERS = {"N": "Nora Lindqvist", "S": "Sam Reyes"}
_TAG = re.compile(r"\s{2,}#([a-z0-9_]+)$")


def format_day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Day:
    """The date of a tagged message, shifted by `shift` days ("yesterday" is -1)."""

    tag: str
    shift: int = 0

    def render(self, dates: dict[str, date]) -> str:
        return format_day(dates[self.tag] + timedelta(days=self.shift))


@dataclass(frozen=True)
class Month:
    tag: str
    shift: int = 0

    def render(self, dates: dict[str, date]) -> str:
        return f"{dates[self.tag] + timedelta(days=self.shift):%B %Y}"


@dataclass(frozen=True)
class Weekday:
    tag: str
    shift: int = 0

    def render(self, dates: dict[str, date]) -> str:
        return f"{dates[self.tag] + timedelta(days=self.shift):%A}"


def describe_gap(days: int, unit: str) -> str:
    if unit == "days":
        return f"{days} days" if days != 1 else "1 day"
    if unit == "weeks":
        weeks = round(days / 7)
        return f"{'' if days % 7 == 0 else 'about '}{weeks} week{'s' if weeks != 1 else ''}"
    months = round(days / 30.44)
    return f"about {months} month{'s' if months != 1 else ''}"


@dataclass(frozen=True)
class Gap:
    """The time from one tagged moment to another, in days, weeks or months."""

    first: Day
    second: Day
    unit: str = "days"

    def render(self, dates: dict[str, date]) -> str:
        a = dates[self.first.tag] + timedelta(days=self.first.shift)
        b = dates[self.second.tag] + timedelta(days=self.second.shift)
        return describe_gap(abs((b - a).days), self.unit)


@dataclass(frozen=True)
class Ago:
    """How long before NOW a tagged moment was."""

    moment: Day
    unit: str = "months"

    def render(self, dates: dict[str, date]) -> str:
        return describe_gap((NOW - (dates[self.moment.tag] + timedelta(days=self.moment.shift))).days, self.unit)


Answer = str | Day | Month | Weekday | Gap | Ago


@dataclass(frozen=True)
class Q:
    kind: str
    question: str
    answer: Answer
    tags: tuple[str, ...]

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}: {self.question}")
        if (self.kind == AD) != (not self.tags):
            raise ValueError(f"adversarial questions and only they have no evidence: {self.question}")


def q(kind: str, question: str, answer: Answer, *tags: str) -> Q:
    return Q(kind, question, answer, tags)


@dataclass(frozen=True)
class Line:
    speaker: str
    text: str
    tag: str = ""


@dataclass(frozen=True)
class Session:
    """One day's chat: its script, when it starts, and the questions its lines answer."""

    day: str
    start: str
    script: str
    questions: tuple[Q, ...] = ()

    def items(self) -> list[Line | int | str]:
        """Messages (Line), filler slots (an int count) and clock jumps ("HH:MM"), in order."""
        items: list[Line | int | str] = []
        for raw in self.script.split("\n"):
            if not raw.strip():
                continue
            if raw.startswith((" ", "\t")):
                last = items[-1]
                if not isinstance(last, Line):
                    raise ValueError(f"{self.day}: continuation without a message: {raw!r}")
                items[-1] = Line(last.speaker, f"{last.text}\n{raw.strip()}", last.tag)
                continue
            line = raw.rstrip()
            if line.startswith("~"):
                items.append(int(line[1:] or 1))
            elif line.startswith("@"):
                items.append(line[1:].strip())
            else:
                who, _, text = line.partition(": ")
                if who not in SPEAKERS or not text:
                    raise ValueError(f"{self.day}: cannot read {line!r}")
                tag = _TAG.search(text)
                items.append(Line(who, text[:tag.start()] if tag else text, tag.group(1) if tag else ""))
        return items

    @property
    def when(self) -> datetime:
        return datetime.fromisoformat(f"{self.day}T{self.start}")


def session(day: str, start: str, script: str, *questions: Q) -> Session:
    return Session(day, start, script, questions)


@dataclass(frozen=True)
class Filler:
    """A small exchange of chit-chat, allowed between two dates (Pixel only after she came home).

    Speakers `N`/`S` are fixed; `A`/`B` are drawn (either person could say it). `{x|y|z}` in a
    line is one of the choices, drawn per use.
    """

    lines: tuple[tuple[str, str], ...]
    since: str = "2025-01-01"
    until: str = "2025-12-31"


def filler(script: str, since: str = "2025-01-01", until: str = "2025-12-31") -> Filler:
    lines = []
    for raw in script.strip().split("\n"):
        who, _, text = raw.strip().partition(": ")
        if who not in {"N", "S", "A", "B"} or not text:
            raise ValueError(f"filler: cannot read {raw!r}")
        lines.append((who, text))
    return Filler(tuple(lines), since, until)
