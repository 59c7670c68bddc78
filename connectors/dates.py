"""Dates as people write them in notes: ISO, `2 April 2026`, `Thursday, April 2nd, 2026`, `02.04.2026`."""

from __future__ import annotations

import re
from datetime import datetime

__all__ = ["parse_date"]

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
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)\.?,?\s+"
_MONTH = r"(?P<month>[a-zäé]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|\.)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TIME = r"(?:[,\sT]+(?P<hour>\d{1,2}):(?P<minute>\d\d)(?::(?P<second>\d\d))?)?"
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
    except ValueError:
        moment = None
    if moment is not None:
        return moment if moment.tzinfo else moment.astimezone()
    for pattern in PATTERNS:
        match = pattern.match(text)
        if match and (moment := _build(match.groupdict())) is not None:
            return moment
    return None


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
    try:
        return datetime(
            int(parts["year"] or 0), month, day,
            int(parts.get("hour") or 0), int(parts.get("minute") or 0), int(parts.get("second") or 0),
        ).astimezone()
    except ValueError:
        return None
