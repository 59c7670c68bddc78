"""Dates as people write them in notes: ISO, `2 April 2026`, `Thursday, April 2nd, 2026`, `02.04.2026`."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo

__all__ = ["parse_date"]

MIN_YEAR, MAX_YEAR = 1900, 2199
"""Outside these a "date" in a note is a typo or a number, and would overflow time zone math."""

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "januar", "jänner"),
            ("february", "feb", "februar"),
            ("march", "mar", "märz", "maerz"),
            ("april", "apr"),
            ("may", "mai"),
            ("june", "jun", "juni"),
            ("july", "jul", "juli"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct", "oktober", "okt"),
            ("november", "nov"),
            ("december", "dec", "dezember", "dez"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAY = (
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?"
    r"|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)\.?,?\s+"
)
_MONTH = r"(?P<month>[a-zäé]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|\.)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TIME = (
    r"(?:[,\sT]+(?:at\s+)?(?P<hour>\d{1,2}):(?P<minute>\d\d)(?::(?P<second>\d\d)(?:\.\d+)?)?"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?\s*(?P<tz>Z|[+-]\d\d:?\d\d)?)?"
)
_END = r"(?=$|[\s,;:—–|()\-]|\.(?!\d))"
PATTERNS = [
    re.compile(rf"^{_YEAR}[-/.](?P<month>\d{{1,2}})[-/.](?P<day>\d{{1,2}}){_TIME}{_END}", re.I),
    re.compile(rf"^(?:{_WEEKDAY})?{_DAY}\s*(?:of\s+)?{_MONTH},?\s+{_YEAR}{_TIME}{_END}", re.I),
    re.compile(rf"^(?:{_WEEKDAY})?{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME}{_END}", re.I),
    re.compile(rf"^(?:{_WEEKDAY})?(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.{_YEAR}{_TIME}{_END}", re.I),
    re.compile(rf"^(?:{_WEEKDAY})?(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/{_YEAR}{_TIME}{_END}", re.I),
]


def parse_date(text: str) -> datetime | None:
    """The date (and time) that `text` starts with, aware; naive values are taken as local time.

    ISO strings with an offset keep it. Slashed dates are month-first unless the first
    number is above 12.
    """
    text = text.strip()
    if not text or not text[0].isalnum():
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if MIN_YEAR <= moment.year <= MAX_YEAR:
            return moment if moment.tzinfo else moment.astimezone()
        return None
    except (ValueError, OverflowError):
        pass
    for pattern in PATTERNS:
        match = pattern.match(text)
        if match and (built := _build(match.groupdict())) is not None:
            return built
    return None


def _zone(text: str | None) -> tzinfo | None:
    if not text:
        return None
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _build(parts: dict[str, str | None]) -> datetime | None:
    month_text = parts.get("month")
    if parts.get("a") is not None:
        a, b = int(parts["a"] or 0), int(parts["b"] or 0)
        day, month = (a, b) if a > 12 else (b, a)
    else:
        day = int(parts["day"] or 0)
        if month_text is None:
            return None
        month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower(), 0)
    hour = int(parts.get("hour") or 0)
    if ampm := (parts.get("ampm") or "").lower():
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    year = int(parts["year"] or 0)
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        moment = datetime(year, month, day, hour, int(parts.get("minute") or 0), int(parts.get("second") or 0))
        zone = _zone(parts.get("tz"))
        return moment.replace(tzinfo=zone) if zone else moment.astimezone()
    except (ValueError, OverflowError):
        return None
