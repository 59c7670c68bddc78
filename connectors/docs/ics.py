"""iCalendar files: each VEVENT one record, streamed event by event and parsed with icalendar."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from pathlib import Path
from typing import IO, Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event
from icalendar.prop import vBroken, vDDDTypes

from connectors.docs.document import DocumentConnector, head
from connectors.docs.schedule import describe_dates, describe_rules, describe_span, person
from connectors.mail.htmltext import html_to_text
from twin.schema import Inventory, Item, Record, Skipped

__all__ = ["CalendarConnector", "looks_like_calendar"]

logger = logging.getLogger(__name__)

SUFFIXES = frozenset({".ics", ".ical", ".icalendar", ".ifb"})
_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*BEGIN:VCALENDAR[ \t]*(?:\r?\n|$)", re.I)
_TZID = re.compile(r"^TZID[;:](?:.*:)?(.+)$", re.I)
_MARKUP = re.compile(r"</?(?:br|p|a|div|span|b|i|ul|ol|li)\b[^>]*>", re.I)
"""Google Calendar writes descriptions as HTML."""
_CAL_HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//twin//calendar//EN\r\n"


def looks_like_calendar(data: bytes) -> bool:
    return bool(_START.match(data))


@dataclass
class _Block:
    """The lines of one top-level component, and where it starts (1-based line number)."""

    name: str
    line: int
    lines: list[str]
    ended: bool = False


def _blocks(handle: IO[str]) -> Iterator[_Block]:
    """VEVENT and VTIMEZONE components of a calendar, one at a time, as text (nested VALARMs kept)."""
    current: _Block | None = None
    for number, raw in enumerate(handle, 1):
        line = raw.rstrip("\r\n")
        upper = line.upper()
        if current is None:
            if upper in ("BEGIN:VEVENT", "BEGIN:VTIMEZONE"):
                current = _Block(upper[6:], number, [line])
            elif upper.startswith("X-WR-TIMEZONE"):
                yield _Block("X-WR-TIMEZONE", number, [line])
            continue
        if upper in ("BEGIN:VEVENT", "BEGIN:VTIMEZONE"):  # the previous one never ended
            yield current
            current = _Block(upper[6:], number, [line])
            continue
        current.lines.append(line)
        if upper == f"END:{current.name}":
            current.ended = True
            yield current
            current = None
    if current is not None:
        yield current


def _raw_uid(block: _Block) -> str:
    for line in block.lines:
        if line.upper().startswith("UID:"):
            return line[4:].strip()
    return ""


def _zone(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        return None


class _Preamble:
    """What events need from the rest of the file: custom VTIMEZONEs and the default zone of floating times."""

    def __init__(self, path: Path) -> None:
        self.timezones: dict[str, str] = {}
        self.default: tzinfo | None = None
        with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
            for block in _blocks(handle):
                if block.name == "VTIMEZONE" and block.ended:
                    tzids = [m.group(1).strip().strip('"') for line in block.lines if (m := _TZID.match(line))]
                    if tzids:
                        self.timezones[tzids[0]] = "\r\n".join(block.lines) + "\r\n"
                elif block.name == "X-WR-TIMEZONE" and self.default is None:
                    self.default = _zone(block.lines[0].partition(":")[2])

    def calendar_for(self, event: str) -> str:
        """A calendar of one event and the timezones it names, for icalendar to parse."""
        zones = "".join(text for tzid, text in self.timezones.items() if tzid in event)
        return f"{_CAL_HEAD}{zones}{event}\r\nEND:VCALENDAR\r\n"

    def aware(self, value: date | datetime) -> datetime:
        """All-day dates as local midnight; floating times in the calendar's zone, else this machine's."""
        if not isinstance(value, datetime):
            return datetime.combine(value, time()).astimezone()
        if value.tzinfo is not None:
            return value
        return value.replace(tzinfo=self.default) if self.default else value.astimezone()


def _moment(value: Any) -> date | datetime | None:
    """A date or time of EXDATE or RDATE, a PERIOD by its start; None for anything else (a duration)."""
    if isinstance(value, tuple) and value:
        value = value[0]
    return value if isinstance(value, date) else None


def _values(listed: Any) -> Iterator[tuple[str, Any]]:
    """The values of one EXDATE or RDATE property with their text. One bad value breaks the whole
    property for icalendar (`vBroken`): its values are read again one by one, as icalendar would."""
    if not isinstance(listed, vBroken):
        for item in listed.dts:
            yield item.to_ical().decode(), item.dt
        return
    for raw in str(listed).split(","):
        try:
            value = vDDDTypes.from_ical(raw.strip(), timezone=listed.params.get("TZID"))  # type: ignore[no-untyped-call]
        except (ValueError, TypeError):
            value = None
        yield raw, value


def _instants(event: Event, name: str, where: str, preamble: _Preamble, timed: datetime | None) -> list[str]:
    """EXDATE's or RDATE's dates and times (one property or several), each as an aware ISO time; a
    date of a `timed` event at its time of day. A value that is none is left out with one warning
    naming the event: never dropped silently."""
    found: list[str] = []
    bad: list[str] = []
    for listed in _each(event.get(name)):
        for raw, parsed in _values(listed):
            try:
                if (moment := _moment(parsed)) is None:
                    raise ValueError(raw)
                if timed is not None and not isinstance(moment, datetime):
                    moment = datetime.combine(moment, timed.time(), timed.tzinfo)
                found.append(preamble.aware(moment).isoformat())
            except (ValueError, OverflowError):  # a time far out of range has no local time either
                bad.append(raw.strip())
    if bad:
        logger.warning("%s: left out of %s, not a date or time: %s (the event is kept)",
                       where, name, ", ".join(repr(b) for b in bad))
    return found


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _each(value: Any) -> list[Any]:
    """A property's values: icalendar gives one, or a list when it is written more than once."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _start_end(event: Event) -> tuple[date | datetime, date | datetime | None]:
    """DTSTART and the end (DTEND, or DTSTART + DURATION). An event that breaks a rule about its end
    (DTEND and DURATION both, a DATE start with a DATE-TIME end) keeps its start and loses its end."""
    if "DTSTART" not in event:
        raise ValueError("no DTSTART")
    try:
        start = event.start
    except (ValueError, KeyError, TypeError):
        start = event.decoded("DTSTART")
        if not isinstance(start, date):
            raise
        return start, None
    try:
        return start, event.end
    except (ValueError, KeyError, TypeError) as exc:
        logger.debug("%s: no usable end: %s", event.get("UID"), exc)
        return start, None


def _event_text(event: Event, span: str, organizer: str, attendees: list[str], repeats: list[str]) -> str:
    """Summary, when, where, who, how it repeats, then the description: all of it searchable."""
    place = _text(event.get("LOCATION"))
    lines = [_text(event.get("SUMMARY")) or "(untitled event)", f"When: {span}"]
    lines += [f"Where: {place}"] if place else []
    lines += [f"Organizer: {organizer}"] if organizer else []
    lines += [f"Attendees: {', '.join(attendees)}"] if attendees else []
    lines += repeats
    lines += ["Status: cancelled"] if _text(event.get("STATUS")).lower() == "cancelled" else []
    if description := _text(event.get("DESCRIPTION")):
        lines += ["", html_to_text(description) if _MARKUP.search(description) else description]
    return "\n".join(lines)


class CalendarConnector(DocumentConnector):
    """iCalendar by content (`BEGIN:VCALENDAR` up front), or a file named .ics."""

    name: ClassVar[str] = "calendar"
    max_bytes: ClassVar[int | None] = None

    def can_read(self, path: Path) -> bool:
        if not path.is_file():
            return False
        return looks_like_calendar(head(path)) or path.suffix.lower() in SUFFIXES

    def read_file(self, path: Path, source: str) -> Iterator[Item]:
        if not looks_like_calendar(head(path)):
            yield Skipped(str(path), "not an iCalendar file (no BEGIN:VCALENDAR)")
            return
        yield from _CalendarFile(self.name, path, source).items()


class _CalendarFile:
    """One calendar being read: its events in file order, then the inventory of their ids."""

    def __init__(self, connector: str, path: Path, source: str) -> None:
        self.path = path
        self.resolved = path.resolve()
        self.source = source
        self.prefix = f"{connector}:{self.resolved}/"
        self.preamble = _Preamble(path)
        self.seen: set[str] = set()

    def items(self) -> Iterator[Item]:
        kept: set[str] = set()  # broken events' UIDs: what is stored of them stays until they read again
        events = 0
        with open(self.path, encoding="utf-8-sig", errors="replace", newline="") as handle:
            for block in _blocks(handle):
                if block.name != "VEVENT":
                    continue
                events += 1
                item = self._event(block)
                if isinstance(item, Record):
                    self.seen.add(item.id)
                elif uid := _raw_uid(block):
                    kept.add(f"{self.prefix}{uid}")
                yield item
        if not events:
            yield Skipped(str(self.path), "no events in the calendar")
        yield Inventory(self.prefix, frozenset(self.seen | kept))

    def _event(self, block: _Block) -> Record | Skipped:
        """One VEVENT as a record; a broken one as a Skipped naming its UID (or line)."""
        where = f"{self.path}#line={block.line}"
        if not block.ended:
            return Skipped(where, "event without END:VEVENT")
        try:
            event = Calendar.from_ical(self.preamble.calendar_for("\r\n".join(block.lines))).walk("VEVENT")[0]
            if not isinstance(event, Event):
                raise TypeError(f"parsed as {type(event).__name__}")
            where = f"{self.path}#{_text(event.get('UID'))}" if event.get("UID") else where
            start, end = _start_end(event)
        except (ValueError, IndexError, KeyError, TypeError) as exc:
            return Skipped(where, f"broken event: {exc}")
        try:
            return self._record(event, start, end, where)
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError) as exc:
            return Skipped(where, f"broken event: {exc}")

    def _record(self, event: Event, start: date | datetime, end: date | datetime | None, where: str) -> Record:
        all_day = not isinstance(start, datetime)
        begins = self.preamble.aware(start)
        ends = self.preamble.aware(end) if end is not None else None
        if ends is not None and (ends < begins or (ends == begins and not all_day)):
            ends = None
        summary = _text(event.get("SUMMARY"))
        organizer = person(event.get("ORGANIZER"))
        attendees = [p for p in (person(a) for a in _each(event.get("ATTENDEE"))) if p]
        span = describe_span(begins, ends, all_day=all_day)
        metadata: dict[str, str | int | float | bool] = {"path": str(self.resolved), "date_from": "DTSTART"}
        metadata["all_day"] = all_day
        for key, value in (("uid", _text(event.get("UID"))), ("place", _text(event.get("LOCATION"))),
                           ("status", _text(event.get("STATUS")).lower())):
            if value:
                metadata[key] = value
        repeats = self._recurrence(event, where, begins, all_day, metadata)
        return Record(
            id=self._id(event, begins, summary),
            source=self.source,
            kind="event",
            timestamp=begins,
            end=ends,
            text=_event_text(event, span, organizer, attendees, repeats),
            title=summary,
            author=organizer,
            participants=tuple(dict.fromkeys(p for p in (organizer, *attendees) if p)),
            location=str(self.resolved),
            metadata=metadata,
        )

    def _recurrence(self, event: Event, where: str, begins: datetime, all_day: bool,
                    metadata: dict[str, str | int | float | bool]) -> list[str]:
        """How the event repeats, into `metadata` for answers that read it ("when is the next one")
        and as lines of its text: its rules (one a line), the occurrences it adds and leaves out,
        the one a changed occurrence stands for. A value that is no date is told and left out."""
        rules = _each(event.get("RRULE"))
        if rules:
            metadata["rrule"] = "\n".join(rule.to_ical().decode() for rule in rules)
        timed = None if all_day else begins
        added = _instants(event, "RDATE", where, self.preamble, timed)
        left_out = _instants(event, "EXDATE", where, self.preamble, timed)
        for key, times in (("rdate", added), ("exdate", left_out)):
            if times:
                metadata[key] = ",".join(times)
        if (moved := event.get("RECURRENCE-ID")) is not None:
            metadata["recurrence_id"] = self.preamble.aware(moved.dt).isoformat()
        repeats = [describe_rules(rules, begins.tzinfo)] if rules else []
        extra = [datetime.fromisoformat(t) for t in added if t not in left_out]  # an added day also left out is not
        return repeats + ([describe_dates(extra, begins.tzinfo, all_day=all_day)] if extra else [])

    def _id(self, event: Event, begins: datetime, summary: str) -> str:
        """`calendar:<path>/<UID>[/<RECURRENCE-ID>]`; without a UID, a digest of start and summary."""
        native = _text(event.get("UID"))
        if not native:
            native = "event-" + hashlib.sha1(f"{begins.isoformat()} {summary}".encode()).hexdigest()[:12]
        if (recurrence := event.get("RECURRENCE-ID")) is not None:
            native += "/" + recurrence.to_ical().decode()
        record_id = f"{self.prefix}{native}"
        copy = 1
        while record_id in self.seen:  # the same UID twice in one file: keep both
            copy += 1
            record_id = f"{self.prefix}{native}#{copy}"
        return record_id
