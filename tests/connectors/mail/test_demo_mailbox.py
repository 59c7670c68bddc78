"""The bundled demo mailbox (data/mail/maya.mbox) reads cleanly and says what the bible says."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from connectors.mail.mbox import MboxConnector
from twin.demo import default_data
from twin.schema import Record, Source

MBOX = default_data() / "mail" / "maya.mbox"


def records() -> list[Record]:
    items = list(MboxConnector().read(Source("mail", "mbox", MBOX), None))
    assert all(isinstance(i, Record) for i in items), [i for i in items if not isinstance(i, Record)]
    return items  # type: ignore[return-value]


def test_demo_mailbox_reads_without_skips() -> None:
    mails = [r for r in records() if r.kind == "email"]
    assert 30 <= len(mails) <= 45
    assert all(r.metadata["date_from"] == "Date header" for r in mails)
    summer_time = datetime(2026, 3, 29, 1, 0).astimezone()
    for r in mails:
        hours = r.timestamp.utcoffset().total_seconds() / 3600  # type: ignore[union-attr]
        assert hours == 9 or hours == (2 if r.timestamp >= summer_time else 1), (r.title, r.timestamp)


def test_books_bought_in_april_are_in_the_mailbox() -> None:
    april = [r for r in records() if r.kind == "email" and r.timestamp.month == 4]
    text = "\n".join(r.text for r in april)
    for title in ("The Book of Tea", "Hiroshima", "Convenience Store Woman"):
        assert title in text
    confirmations = [r.title for r in records() if "confirmation" in r.title.lower() and "Order" in r.title]
    assert len(confirmations) == 4  # Kiezbuch Feb and Mar, bookshop.example Mar and Apr


def test_landlord_thread_and_travel_bookings() -> None:
    mails = records()
    threads = Counter(r.thread for r in mails if "kowalski" in r.author + " ".join(r.participants))
    assert sorted(threads.values(), reverse=True)[:2] == [7, 2]  # radiator, then the rent increase
    quoted = [r for r in mails if r.metadata.get("quoted_stripped") and "Kowalski" in r.title + r.text]
    assert len(quoted) >= 5
    travel = "\n".join(r.title for r in mails if "Travel" in str(r.metadata.get("labels", "")))
    for city in ("Tokyo", "Kyoto", "Hiroshima", "Osaka"):
        assert city in travel
    assert any(r.kind == "attachment" and r.title.endswith(".ics") for r in mails)
    assert any(r.metadata.get("format") == "html" for r in mails)
