"""An event's time, recurrence and people as words, so that they are searchable like its summary."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

__all__ = ["describe_dates", "describe_rule", "describe_rules", "describe_span", "person"]

FREQUENCIES = {
    "SECONDLY": ("every second", "seconds"),
    "MINUTELY": ("every minute", "minutes"),
    "HOURLY": ("hourly", "hours"),
    "DAILY": ("daily", "days"),
    "WEEKLY": ("weekly", "weeks"),
    "MONTHLY": ("monthly", "months"),
    "YEARLY": ("yearly", "years"),
}
WEEKDAYS = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday",
            "SA": "Saturday", "SU": "Sunday"}
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last", -2: "second to last"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def _day(moment: datetime) -> str:
    return f"{moment:%A} {moment.day} {moment:%B %Y}"


def _zone(moment: datetime) -> str:
    if isinstance(moment.tzinfo, ZoneInfo):
        return moment.tzinfo.key
    offset = moment.utcoffset() or timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def describe_span(start: datetime, end: datetime | None, *, all_day: bool) -> str:
    """`Thursday 12 March 2026, 10:00–10:45 (Europe/Berlin)`, `Saturday 2 May 2026 to Saturday
    16 May 2026 (all day)`; an all-day end is exclusive, as iCalendar writes it."""
    if all_day:
        last = end - timedelta(days=1) if end is not None else start
        if last.date() <= start.date():
            return f"{_day(start)} (all day)"
        return f"{_day(start)} to {_day(last)} (all day)"
    if end is None:
        return f"{_day(start)}, {start:%H:%M} ({_zone(start)})"
    if end.date() == start.date() and _zone(end) == _zone(start):
        return f"{_day(start)}, {start:%H:%M}–{end:%H:%M} ({_zone(start)})"
    return f"{_day(start)}, {start:%H:%M} ({_zone(start)}) to {_day(end)}, {end:%H:%M} ({_zone(end)})"


def _weekday(value: str) -> str:
    """`TU` -> `Tuesday`, `-1SU` -> `the last Sunday`, `2MO` -> `the second Monday`."""
    day = WEEKDAYS.get(value[-2:].upper(), value)
    number = value[:-2].lstrip("+")
    if number.lstrip("-").isdigit():
        return f"the {ORDINALS.get(int(number), number + '.')} {day}"
    return day


def _until(value: Any, zone: tzinfo | None) -> str:
    """The last day, in the zone of the event (UNTIL is often UTC: 21 July 17:00Z is 21 July in Berlin)."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(zone) if zone is not None else value.astimezone()
    return f"{value:%A} {value.day} {value:%B %Y}"


def describe_rule(rule: Any, zone: tzinfo | None = None) -> str:
    """An RRULE in words: `Repeats weekly on Tuesday, until Tuesday 21 July 2026`. The rule is
    described, never expanded: an endless rule stays one record."""
    return describe_rules([rule], zone)


def describe_rules(rules: list[Any], zone: tzinfo | None = None) -> str:
    """An event's RRULEs in one line (answers quote it): `Repeats weekly on Tuesday, 8 times; and
    weekly on Thursday, 3 times`."""
    return "Repeats " + "; and ".join(_rule_words(rule, zone) for rule in rules)


def _rule_words(rule: Any, zone: tzinfo | None) -> str:
    def first(key: str) -> Any:
        values = rule.get(key) or []
        return values[0] if values else None

    single, plural = FREQUENCIES.get(str(first("FREQ") or "").upper(), ("on a schedule", "times"))
    interval = int(first("INTERVAL") or 1)
    words = f"every {interval} {plural}" if interval > 1 else single
    if days := rule.get("BYDAY"):
        words += " on " + ", ".join(_weekday(str(d)) for d in days)
    if monthdays := rule.get("BYMONTHDAY"):
        words += " on day " + ", ".join(str(d) for d in monthdays)
    if months := rule.get("BYMONTH"):
        words += " in " + ", ".join(MONTHS[int(m) - 1] for m in months if 1 <= int(m) <= 12)
    if (count := first("COUNT")) is not None:
        words += f", {count} times"
    if (until := first("UNTIL")) is not None:
        words += f", until {_until(until, zone)}"
    if count is None and until is None:
        words += ", with no end"
    return words


_DATES_TOLD = 10
"""RDATEs named in an event's text at most: an export can list hundreds."""


def describe_dates(times: list[datetime], zone: tzinfo | None, *, all_day: bool) -> str:
    """An event's extra occurrences (RDATE), in its zone: `Also on Wednesday 10 June 2026, 12:00;
    Friday 12 June 2026, 09:00`; all-day ones by their date."""
    told = [_day(t) if all_day else f"{_day(t.astimezone(zone))}, {t.astimezone(zone):%H:%M}"
            for t in sorted(times)[:_DATES_TOLD]]
    more = f"; and {len(times) - _DATES_TOLD} more" if len(times) > _DATES_TOLD else ""
    return "Also on " + "; ".join(told) + more


def person(address: Any) -> str:
    """`Name <mail>` of an ORGANIZER or ATTENDEE, as mail records write people."""
    if isinstance(address, list):
        address = address[0] if address else None
    if address is None:
        return ""
    params = getattr(address, "params", None) or {}
    name = " ".join(str(params.get("CN", "")).split()).strip('"')
    mail = str(address).strip()
    if mail.lower().startswith("mailto:"):
        mail = mail[7:]
    return f"{name} <{mail}>" if name and mail else mail or name
