"""LinkedIn data exports (folder or zip): `messages.csv` as conversations, `Connections.csv` as contacts."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import IO, ClassVar

from connectors.chats.archive import READ_ERRORS, Archive, is_zip
from connectors.chats.message import Chat, Occurrences, chat_key, digest
from twin.errors import SourceError
from twin.schema import Record, Skipped, Source

__all__ = ["LinkedInConnector", "connected_on"]

MESSAGES, CONNECTIONS = "messages.csv", "connections.csv"
_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d)(?::(\d\d))?\s*(?:UTC|Z|\+00:?00)?$")
_DAY = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3})[a-z]*[ -](\d{4})$")
_MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec"], start=1)}
_TAG = re.compile(r"<[^>]+>")
PREAMBLE_LINES = 20
"""Connections.csv starts with a few lines of notes before its header."""


def connected_on(text: str) -> datetime | None:
    """`14 Mar 2026` (or ISO, or `3/14/26`) as local midnight; None if it is none of these."""
    text = text.strip()
    try:
        if found := _DAY.match(text):
            month = _MONTHS.get(found[2].lower())
            return datetime(int(found[3]), month, int(found[1])).astimezone() if month else None
        if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
            return datetime.fromisoformat(text).astimezone()
        return datetime.strptime(text, "%m/%d/%y").astimezone()
    except (ValueError, OverflowError):
        return None


def _looks_like_export(head: str) -> bool:
    head = head.upper()
    return "CONVERSATION ID" in head or "FIRST NAME" in head


def _sniff(path: Path) -> bool:
    if not path.is_file():
        return False
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        return _looks_like_export(handle.read(4096))


class LinkedInConnector:
    """LinkedIn exports: a Record per message (UTC dates, shown in local time) and a contact Record per connection."""

    name: ClassVar[str] = "linkedin"
    priority: ClassVar[int] = 70

    def can_read(self, path: Path) -> bool:
        """An export folder or zip, or one of its two files, judged by the CSV headers."""
        try:
            if path.is_dir():
                return any(_sniff(path / n) for n in ("messages.csv", "Connections.csv", "connections.csv"))
            if is_zip(path):
                with Archive(path) as archive:
                    found = [m for m in (archive.find(MESSAGES), archive.find(CONNECTIONS)) if m is not None]
                    return any(_looks_like_export(archive.head(m, 4096)) for m in found)
            return path.name.lower() in (MESSAGES, CONNECTIONS) and _sniff(path)
        except (OSError, SourceError):
            return False

    def read(self, source: Source, since: str | None) -> Iterator[Record | Skipped]:
        if source.path is None:
            raise SourceError(f"source {source.name}: no path")
        path = source.path.resolve()
        if path.is_file() and not is_zip(path):
            def opener() -> IO[bytes]:
                return path.open("rb")

            yield from self._member(source, path.name.lower(), str(path), opener)
            return
        with Archive(path) as archive:
            members = [m for m in (archive.find(MESSAGES), archive.find(CONNECTIONS)) if m is not None]
            if not members:
                raise SourceError(f"{archive.path}: not a LinkedIn export (no messages.csv or Connections.csv)")
            for member in members:
                yield from self._member(source, Path(member).name.lower(), archive.location(member),
                                        partial(archive.open, member))

    def _member(self, source: Source, kind: str, where: str,
                opener: Callable[[], IO[bytes]]) -> Iterator[Record | Skipped]:
        try:
            with opener() as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="") as handle:
                if kind == MESSAGES:
                    yield from self._messages(source, handle, where)
                elif kind == CONNECTIONS:
                    yield from self._connections(source, handle, where)
                else:
                    raise SourceError(f"{where}: not a LinkedIn messages.csv or Connections.csv")
        except READ_ERRORS as exc:
            raise SourceError(f"{where}: cannot read: {exc}") from None

    @staticmethod
    def _rows(reader: Iterator[list[str]], where: str,
              line_of: Callable[[], int]) -> Iterator[tuple[int, list[str]] | Skipped]:
        """Rows with the line they start on; a row csv cannot parse becomes a Skipped."""
        while True:
            start = line_of() + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Skipped(f"{where}#line{start}", f"bad CSV row: {exc}")
                continue
            if any(cell.strip() for cell in row):
                yield start, row

    def _messages(self, source: Source, handle: IO[str], where: str) -> Iterator[Record | Skipped]:
        reader = csv.reader(handle)
        header = [h.strip().upper() for h in next(reader, [])]
        if not {"CONVERSATION ID", "FROM", "DATE", "CONTENT"} <= set(header):
            raise SourceError(f"{where}: not a LinkedIn messages.csv (no CONVERSATION ID, FROM, DATE, CONTENT header)")
        occurrences = Occurrences()
        for item in self._rows(reader, where, lambda: reader.line_num):
            if isinstance(item, Skipped):
                yield item
                continue
            line, row = item
            if len(row) != len(header):
                yield Skipped(f"{where}#line{line}", f"expected {len(header)} fields, found {len(row)}")
                continue
            fields = dict(zip(header, row, strict=True))
            found = _DATE.match(fields["DATE"].strip())
            if found is None:
                yield Skipped(f"{where}#line{line}", f"no date like 2026-03-14 09:12:44 UTC: {fields['DATE']!r}")
                continue
            year, month, day, hour, minute, second = (int(g or 0) for g in found.groups())
            try:
                when = datetime(year, month, day, hour, minute, second, tzinfo=UTC).astimezone()
            except ValueError as exc:
                yield Skipped(f"{where}#line{line}", f"invalid date {fields['DATE']!r}: {exc}")
                continue
            yield self._message(source, fields, when, f"{where}#line{line}", occurrences)

    def _message(self, source: Source, fields: dict[str, str], when: datetime, where: str,
                 occurrences: Occurrences) -> Record | Skipped:
        sender = fields["FROM"].strip()
        recipients = [r.strip() for r in fields.get("TO", "").split(",") if r.strip()]
        title = fields.get("CONVERSATION TITLE", "").strip() or " & ".join(sorted({sender, *recipients} - {""}))
        text = fields["CONTENT"].replace("\r\n", "\n").strip()
        if "<" in text and _TAG.search(text):
            text = html.unescape(_TAG.sub(" ", text.replace("<br>", "\n"))).strip()
        subject = fields.get("SUBJECT", "").strip()
        if not text and not subject:
            return Skipped(where, "empty message")
        conversation = fields["CONVERSATION ID"].strip() or title
        chat = Chat(self.name, chat_key(conversation), title or conversation, source.name)
        native = digest(when.isoformat(), sender, text, occurrences.number((conversation, when), (sender, text)))
        return chat.message(
            native, when, sender, text or subject, where,
            to=", ".join(recipients) or None,
            subject=subject or None,
            folder=fields.get("FOLDER", "").strip() or None,
            draft=True if fields.get("IS MESSAGE DRAFT", "").strip().lower() == "yes" else None,
        )

    def _connections(self, source: Source, handle: IO[str], where: str) -> Iterator[Record | Skipped]:
        skipped_lines = 0
        for text in handle:
            if text.lstrip("\ufeff").upper().startswith("FIRST NAME"):
                header = [h.strip().upper() for h in next(csv.reader([text]))]
                break
            skipped_lines += 1
            if skipped_lines > PREAMBLE_LINES:
                break
        else:
            header = []
        if "FIRST NAME" not in header:
            raise SourceError(f"{where}: not a LinkedIn Connections.csv (no First Name header)")
        reader = csv.reader(handle)
        offset = skipped_lines + 1
        for item in self._rows(reader, where, lambda: reader.line_num + offset):
            if isinstance(item, Skipped):
                yield item
                continue
            line, row = item
            fields = dict(zip(header, [*row, *[""] * (len(header) - len(row))], strict=False))
            yield self._contact(source, fields, f"{where}#line{line}")

    def _contact(self, source: Source, fields: dict[str, str], where: str) -> Record | Skipped:
        first, last = fields.get("FIRST NAME", "").strip(), fields.get("LAST NAME", "").strip()
        name = f"{first} {last}".strip()
        if not name:
            return Skipped(where, "a connection without a name")
        when = connected_on(fields.get("CONNECTED ON", ""))
        if when is None:
            return Skipped(where, f"no date like 14 Mar 2026: {fields.get('CONNECTED ON', '')!r}")
        email, url = fields.get("EMAIL ADDRESS", "").strip(), fields.get("URL", "").strip()
        company, position = fields.get("COMPANY", "").strip(), fields.get("POSITION", "").strip()
        key = url.rstrip("/").rsplit("/", 1)[-1] if url else digest(name, email)
        role = " at ".join(p for p in (position, company) if p)
        text = f"{name}{', ' + role if role else ''}. Connected on LinkedIn on {when:%d %B %Y}."
        if email:
            text += f" Email: {email}."
        meta = {"first_name": first, "last_name": last, "email": email, "company": company, "position": position,
                "url": url, "connected_on": when.date().isoformat()}
        return Record(
            id=f"{self.name}:connections/{chat_key(key)}", source=source.name, kind="contact", timestamp=when,
            text=text, title=name, participants=(name,), location=where,
            metadata={k: v for k, v in meta.items() if v},
        )
