"""A day, a week or a month of the timeline: its bounds, its name, the one before and after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

__all__ = ["ZOOMS", "Period"]

ZOOMS = ("day", "week", "month")


@dataclass(frozen=True)
class Period:
    zoom: str
    start: date
    """The first day: a Monday for a week, the 1st for a month."""

    @classmethod
    def containing(cls, day: date, zoom: str) -> Period:
        if zoom == "day":
            return cls(zoom, day)
        if zoom == "week":
            return cls(zoom, day - timedelta(days=day.weekday()))
        return cls("month", day.replace(day=1))

    @property
    def end(self) -> date:
        """The day after the last."""
        if self.zoom == "day":
            return self.start + timedelta(days=1)
        if self.zoom == "week":
            return self.start + timedelta(days=7)
        year, month = divmod(self.start.month, 12)
        return date(self.start.year + year, month + 1, 1)

    @property
    def since(self) -> datetime:
        """Local midnight of the first day, aware."""
        return datetime.combine(self.start, time()).astimezone()

    @property
    def until(self) -> datetime:
        return datetime.combine(self.end, time()).astimezone()

    def shift(self, steps: int) -> Period:
        if self.zoom == "month":
            months = self.start.year * 12 + self.start.month - 1 + steps
            return Period("month", date(months // 12, months % 12 + 1, 1))
        return Period(self.zoom, self.start + timedelta(days=steps * (1 if self.zoom == "day" else 7)))

    def zoomed(self, zoom: str, focus: date | None = None) -> Period:
        """The `zoom` period around `focus` (default: the first day of this one)."""
        return Period.containing(focus or self.start, zoom)

    @property
    def label(self) -> str:
        if self.zoom == "day":
            return f"{self.start:%A} {self.start.day} {self.start:%B %Y}"
        if self.zoom == "week":
            last = self.end - timedelta(days=1)
            return f"Week {self.start.isocalendar()[1]}: {self.start.day} {self.start:%b} – {last.day} {last:%b %Y}"
        return f"{self.start:%B %Y}"
