"""A 200,000-message WhatsApp export streams through the connector in bounded memory."""

from __future__ import annotations

import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path

from connectors.chats.whatsapp import WhatsAppConnector
from twin.schema import Record, Source

MESSAGES = 200_000


def write_export(path: Path, count: int) -> int:
    """An Android export of `count` messages, every tenth with a second line; returns its size in bytes."""
    moment = datetime(2024, 1, 1, 8, 0)
    people = ("Anna Schmidt", "Maya Berg", "Tom Berg")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("01/01/2024, 08:00 - Messages and calls are end-to-end encrypted.\n")
        for n in range(count):
            moment += timedelta(minutes=n % 7)
            handle.write(f"{moment:%d/%m/%Y, %H:%M} - {people[n % 3]}: message {n} about the flat and the budget\n")
            if n % 10 == 0:
                handle.write("and a second line\n")
    return path.stat().st_size


def test_a_huge_export_streams_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "WhatsApp Chat with Anna Schmidt.txt"
    size = write_export(path, MESSAGES)
    items = WhatsAppConnector().read(Source("big", "whatsapp", path), None)
    count, last = 0, None
    tracemalloc.start()
    try:
        for item in items:
            assert isinstance(item, Record)
            count += 1
            last = item
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == MESSAGES + 1
    assert last is not None and last.text == f"message {MESSAGES - 1} about the flat and the budget"
    assert peak < size / 20, f"peak {peak} bytes for a {size}-byte export"
