"""Helpers for the chat connector tests: the fixture exports and reading them into lists."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from twin.plugins import Connector
from twin.schema import Record, Skipped, Source

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "chats"
BERLIN = ZoneInfo("Europe/Berlin")


def read(connector: Connector, path: Path, **options: Any) -> list[Record | Skipped]:
    items = list(connector.read(Source("test", connector.name, path, options), None))
    assert all(isinstance(item, Record | Skipped) for item in items), items
    return items  # type: ignore[return-value]


def records(connector: Connector, path: Path, **options: Any) -> list[Record]:
    return [item for item in read(connector, path, **options) if isinstance(item, Record)]


def skipped(connector: Connector, path: Path, **options: Any) -> list[Skipped]:
    return [item for item in read(connector, path, **options) if isinstance(item, Skipped)]


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """A wall-clock time as the machine's local time: how WhatsApp's zone-less times are read."""
    return datetime(year, month, day, hour, minute, second).astimezone()


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """A wall-clock time in Berlin, where the fixtures' epochs were written."""
    return datetime(year, month, day, hour, minute, second, tzinfo=BERLIN)


def table(items: list[Record]) -> list[tuple[datetime, str, str]]:
    return [(r.timestamp, r.author, r.text) for r in items]
