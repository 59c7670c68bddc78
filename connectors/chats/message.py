"""One chat message as a Record, made the same way by every chat connector."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from twin.schema import MetaValue, Record

__all__ = ["Chat", "LocalTime", "Occurrences", "chat_key", "digest", "from_epoch_ms", "from_epoch_text"]


def digest(*parts: object) -> str:
    """A short stable hash of `parts`: the id of a message whose export gives it none."""
    text = "\x1f".join(map(str, parts))
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class LocalTime:
    """Zone-less wall-clock times read as the machine's local time, exactly as `naive.astimezone()`.

    Asking the OS for every message is slow on big exports, so the zone of each hour is kept,
    but only for hours whose first and last second share one UTC offset and exist as written
    (not a DST switch, where `astimezone` has its own rules).
    """

    def __init__(self) -> None:
        self._zones: dict[tuple[int, int, int, int], tzinfo | None] = {}

    def aware(self, naive: datetime) -> datetime:
        # a tuple key and the constructor, not `replace`: this runs once per message
        key = (naive.year, naive.month, naive.day, naive.hour)
        if key not in self._zones:
            if len(self._zones) > 256:
                self._zones.clear()
            first = datetime(*key)
            last = first + timedelta(minutes=59, seconds=59)
            start, end = first.astimezone(), last.astimezone()
            plain = start.utcoffset() == end.utcoffset() and (start.hour, end.hour) == (first.hour, last.hour)
            self._zones[key] = start.tzinfo if plain else None
        zone = self._zones[key]
        if zone is None:
            return naive.astimezone()
        return datetime(naive.year, naive.month, naive.day, naive.hour, naive.minute, naive.second,
                        naive.microsecond, zone)


def from_epoch_text(value: str | int | float) -> datetime:
    """The moment of epoch seconds given as `1710412345` or Slack's `"1710412345.000200"`, in the
    machine's local zone (the instant is exact; the clock time reads as the user lived it).

    Decimal strings are split rather than converted to float, so microseconds stay exact.
    """
    if isinstance(value, bool):
        raise ValueError(f"not an epoch: {value!r}")
    if isinstance(value, int):
        return datetime.fromtimestamp(value, UTC).astimezone()
    if isinstance(value, float):
        return from_epoch_text(repr(value))
    whole, _, fraction = value.strip().partition(".")
    if not whole.lstrip("-").isdigit() or (fraction and not fraction.isdigit()):
        raise ValueError(f"not an epoch: {value!r}")
    micros = int(fraction[:6].ljust(6, "0")) if fraction else 0
    return (datetime.fromtimestamp(int(whole), UTC) + timedelta(microseconds=micros)).astimezone()


def from_epoch_ms(value: int) -> datetime:
    """The moment of epoch milliseconds (Messenger's `timestamp_ms`), exact, in the local zone."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"not an epoch in milliseconds: {value!r}")
    seconds, millis = divmod(value, 1000)
    return (datetime.fromtimestamp(seconds, UTC) + timedelta(milliseconds=millis)).astimezone()


class Occurrences:
    """Numbers repeats of the same message (same time, sender and text) in one export.

    Exports are in time order, so repeats sit close together: only the counts of the last
    `window` distinct times are kept, which bounds memory on any export size.
    """

    def __init__(self, window: int = 64) -> None:
        self.window = window
        self._by_time: OrderedDict[Hashable, dict[Hashable, int]] = OrderedDict()

    def number(self, when: Hashable, key: Hashable) -> int:
        """0 for the first message with this `key` at time `when`, 1 for the next, and so on."""
        counts = self._by_time.get(when)
        if counts is None:
            counts = self._by_time[when] = {}
            if len(self._by_time) > self.window:
                self._by_time.popitem(last=False)
        else:
            self._by_time.move_to_end(when)
        seen = counts.get(key, 0)
        counts[key] = seen + 1
        return seen


@dataclass(frozen=True)
class Chat:
    """One conversation (chat, channel, DM, tweet stream): makes its messages' Records.

    Every message of a chat shares `thread` (`<connector>:<key>`) and `title`, which is what
    ingest's conversation windows group by; ids are `<thread>/<native id>`.
    """

    connector: str
    key: str
    title: str
    source: str
    kind: str = "message"

    @property
    def thread(self) -> str:
        return f"{self.connector}:{self.key}"

    def message(self, native_id: str | int, when: datetime, author: str, text: str, location: str, *,
                system: bool = False, participants: tuple[str, ...] | None = None,
                **metadata: MetaValue | None) -> Record:
        """The Record of one message; metadata values that are None or "" are left out."""
        meta: dict[str, MetaValue] = {"chat": self.title}
        if system:
            meta["system"] = True
        meta.update({k: v for k, v in metadata.items() if v is not None and v != ""})
        people: tuple[str, ...] = ()
        if system:
            author = ""
        else:
            people = participants if participants is not None else ((author,) if author else ())
        return Record(
            id=f"{self.thread}/{native_id}",
            source=self.source,
            kind=self.kind,
            timestamp=when,
            text=text,
            title=self.title,
            author=author,
            participants=people,
            thread=self.thread,
            location=location,
            metadata=meta,
        )


def chat_key(text: str) -> str:
    """A chat name or id usable inside a record id: no `/` (it separates the message id)."""
    return str(text).strip().replace("/", "_") or "chat"
