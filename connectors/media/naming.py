"""What a recording's file name says: when it started (`2026-03-12 10.00 Budget.m4a`,
`zoom_2026-03-12_1000.mp4`, `GMT20260312-090000_Recording.m4a`) and what it is about."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["modified_time", "name_date", "name_title"]

_DATE_TIME = re.compile(
    r"(?<!\d)(?P<gmt>GMT)?(?P<y>(?:19|20)\d\d)[-_.]?(?P<m>0[1-9]|1[0-2])[-_.]?(?P<d>0[1-9]|[12]\d|3[01])"
    r"(?:(?:[ _T-]|\s+at\s+)(?P<H>[01]\d|2[0-3])[.:h_-]?(?P<M>[0-5]\d)(?:[.:_-]?(?P<S>[0-5]\d))?)?(?!\d)",
    re.I,
)
_SUFFIXES = re.compile(r"\.(?:transcript|captions?|subtitles?|en|de)$", re.I)
_TRIM = " _-–—.,·()[]"


def _stem(path: Path) -> str:
    return _SUFFIXES.sub("", path.stem)


def name_date(path: Path) -> datetime | None:
    """The date, and time when given, in the file name; local time unless marked GMT (Zoom)."""
    for match in _DATE_TIME.finditer(_stem(path)):
        y, m, d, hour, minute, second = (int(match[k] or 0) for k in ("y", "m", "d", "H", "M", "S"))
        try:
            moment = datetime(y, m, d, hour, minute, second)
        except ValueError:
            continue
        return moment.replace(tzinfo=UTC).astimezone() if match["gmt"] else moment.astimezone()
    return None


def name_title(path: Path) -> str:
    """The file name without its date and time: `2026-03-12 10.00 Budget review` is `Budget review`."""
    stem = _stem(path)
    title = _DATE_TIME.sub(" ", stem, count=1)
    title = re.sub(r"\s+", " ", title.replace("_", " ")).strip(_TRIM)
    return title or stem


def modified_time(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime).astimezone()
