"""Date bounds for `--since` / `--until`: `2026`, `2026-04`, `2026-04-02`, ISO times, `7d`, `today`."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from twin.errors import TwinError

__all__ = ["parse_bound"]

_RELATIVE = re.compile(r"^(\d+)\s*([dwmy])$")
_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}


class TimeError(TwinError):
    """A date the user gave cannot be read."""


def parse_bound(text: str, *, end: bool, now: datetime | None = None) -> int:
    """Epoch seconds. A period given as `--until` counts whole: `--until 2026-04` ends at 1 May 00:00.

    Naive dates are local time. Relative spans (`7d`, `2w`, `3m`, `1y`) count back from now.
    """
    now = (now or datetime.now()).astimezone()
    value = text.strip().lower()
    start: datetime
    span: timedelta | None = None
    if value in {"today", "yesterday"}:
        start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        if value == "yesterday":
            start -= timedelta(days=1)
        span = timedelta(days=1)
    elif match := _RELATIVE.match(value):
        start = now - timedelta(days=int(match.group(1)) * _DAYS[match.group(2)])
    elif re.fullmatch(r"\d{4}", value):
        start = datetime(int(value), 1, 1).astimezone()
        span = datetime(int(value) + 1, 1, 1).astimezone() - start
    elif re.fullmatch(r"\d{4}-\d{1,2}", value):
        year, month = map(int, value.split("-"))
        if not 1 <= month <= 12:
            raise TimeError(f"cannot read the date {text!r}: month {month}")
        start = datetime(year, month, 1).astimezone()
        after = datetime(year + month // 12, month % 12 + 1, 1).astimezone()
        span = after - start
    else:
        try:
            start = datetime.fromisoformat(text.strip())
        except ValueError:
            raise TimeError(
                f"cannot read the date {text!r}: use 2026-04-02, 2026-04, 2026, an ISO time, 7d, 2w or today"
            ) from None
        start = start if start.tzinfo else start.astimezone()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            span = timedelta(days=1)
    if end and span is not None:
        start = start + span
    return int(start.timestamp())
