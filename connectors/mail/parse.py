"""One raw email message as records: the mail itself, then one record per text attachment."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32, default
from email.utils import parsedate_to_datetime

from connectors.dates import MAX_YEAR, MIN_YEAR
from connectors.mail.headers import (
    PART_ERRORS,
    addresses,
    decode_words,
    header_text,
    message_ids,
    normalise_id,
    raw_header,
)
from connectors.mail.parts import Body, defect_notes, elide, read_body
from connectors.mail.quotes import is_forward, strip_quotes
from twin.schema import MetaValue, Record, Skipped

__all__ = ["header_date", "message_date", "parse_message"]

logger = logging.getLogger(__name__)

MAIL_HEADERS = frozenset({"from", "to", "cc", "subject", "date", "message-id", "received", "mime-version",
                          "content-type", "return-path", "delivered-to", "in-reply-to", "references"})
"""At least one of these makes bytes a mail; other `Name: value` lines alone could be anything."""


def _parse(raw: bytes) -> Message | str:
    """The message under the default policy, else compat32; a reason string if neither parses."""
    data = elide(raw)
    try:
        return BytesParser(policy=default).parsebytes(data)
    except PART_ERRORS:
        pass
    try:
        return BytesParser(policy=compat32).parsebytes(data)
    except PART_ERRORS as exc:
        return f"cannot parse MIME: {exc}"


def header_date(value: str) -> datetime | None:
    """An RFC 5322 date (an ISO one as a fallback); no zone (or -0000) is taken as UTC, as the RFC says."""
    value = value.strip()
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (ValueError, TypeError, IndexError, OverflowError):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def message_date(msg: Message, arrived: datetime | None = None) -> tuple[datetime | None, str, list[str]]:
    """When the mail was written, where that came from, and notes on unreadable dates.

    The Date header (its offset kept); else the first Received header that has a date (the
    newest hop: when the mail reached the mailbox); else `arrived`, the time its container
    records (an mbox From line, a maildir file name, IMAP INTERNALDATE). None when nothing
    gives a date: a mail placed at an invented time would mislead every "when" question.
    """
    notes: list[str] = []
    for value in raw_header(msg, "Date")[:1]:
        if (moment := header_date(value)) is not None:
            return moment, "Date header", notes
        notes.append(f"unreadable Date header {value.strip()[:40]!r}")
    for received in raw_header(msg, "Received"):
        if (moment := header_date(received.rpartition(";")[2])) is not None:
            return moment, "Received header", notes
    if arrived is not None:
        return arrived, "arrival time", notes
    return None, "", notes


def _person(name: str, addr: str) -> str:
    return f"{name} <{addr}>" if name and addr else addr or name


def _thread(msg: Message, message_id: str | None, native: str) -> str:
    """Gmail's thread id; else the root of References; else In-Reply-To; else the mail's own id."""
    for value in raw_header(msg, "X-GM-THRID")[:1]:
        if value.strip():
            return value.strip()
    for name in ("References", "In-Reply-To"):
        ids = message_ids(" ".join(raw_header(msg, name)))
        if ids:
            return ids[0]
    return message_id or native


def _labels(msg: Message) -> str:
    labels = []
    for value in raw_header(msg, "X-Gmail-Labels"):
        labels += [label.strip().strip('"') for label in decode_words(value).split(",")]
    return ", ".join(dict.fromkeys(label for label in labels if label))


def _text(body: Body, subject: str) -> tuple[str, bool]:
    """The indexed text: the mail's own words (quotes and signature cut, except in forwards), then
    the list of attachments."""
    text, stripped = body.text, False
    if text and not is_forward(subject):
        text, stripped = strip_quotes(text)
    if body.attachments:
        text += "\n\nAttachments: " + "; ".join(a.listing() for a in body.attachments)
    return text.strip() or subject or "(empty message)", stripped


def _metadata(msg: Message, body: Body, *, date_from: str, message_id: str | None, stripped: bool,
              problems: list[str]) -> dict[str, MetaValue]:
    meta: dict[str, MetaValue] = {"date_from": date_from}
    if message_id:
        meta["message_id"] = message_id
    if labels := _labels(msg):
        meta["labels"] = labels
    if body.attachments:
        meta["attachments"] = "; ".join(a.listing() for a in body.attachments)
    if stripped:
        meta["quoted_stripped"] = True
    if body.html:
        meta["format"] = "html"
    if notes := list(dict.fromkeys(defect_notes(msg) + problems + body.problems)):
        meta["problems"] = "; ".join(notes)
    return meta


def parse_message(raw: bytes, *, connector: str, source: str, native_id: str | None, location: str,
                  arrived: datetime | None = None,
                  extra: Mapping[str, MetaValue] | None = None) -> list[Record] | Skipped:
    """The mail's record (kind "email") first, then one record per text attachment; Skipped with a
    one-line reason when the bytes are not a mail or nothing dates it.

    Args:
        native_id: the id within the connector; None takes the Message-ID, else a sha256 of `raw`.
        location: where the raw message is (`inbox.mbox#1423`, a file path, mailbox/UID).
        arrived: when the container says the mail arrived; used only without Date and Received.
        extra: more metadata for the mail's record (a maildir folder, say).
    """
    where = location or native_id or "message"
    if not raw or raw.isspace():
        return Skipped(where, "empty message")
    try:
        return _records(raw, connector=connector, source=source, native_id=native_id, location=location,
                        arrived=arrived, extra=extra or {})
    except Exception as exc:  # one message the email package chokes on must not end a mailbox
        logger.exception("parsing the message at %s failed", where)
        return Skipped(where, f"parser failed: {exc!r}")


def _records(raw: bytes, *, connector: str, source: str, native_id: str | None, location: str,
             arrived: datetime | None, extra: Mapping[str, MetaValue]) -> list[Record] | Skipped:
    where = location or native_id or "message"
    msg = _parse(raw)
    if isinstance(msg, str):
        return Skipped(where, msg)
    if not MAIL_HEADERS.intersection(key.lower() for key in msg):
        return Skipped(where, f"no mail headers (starts with {raw[:24]!r})")
    moment, date_from, problems = message_date(msg, arrived)
    if moment is None:
        return Skipped(where, f"{problems[0] if problems else 'no Date header'} and no Received header with a date")
    message_id = next((normalise_id(v) for v in raw_header(msg, "Message-ID")), None)
    native = native_id or message_id or hashlib.sha256(raw).hexdigest()
    body = read_body(msg)
    subject = header_text(msg, "Subject")
    text, stripped = _text(body, subject)
    senders = addresses(msg, "From")
    people = [_person(n, a) for n, a in senders + addresses(msg, "To") + addresses(msg, "Cc")]
    mail = Record(
        id=f"{connector}:{native}", source=source, kind="email", timestamp=moment, text=text, title=subject,
        author=_person(*senders[0]) if senders else "", participants=tuple(dict.fromkeys(people)),
        thread=_thread(msg, message_id, native), location=location,
        metadata={**_metadata(msg, body, date_from=date_from, message_id=message_id, stripped=stripped,
                              problems=problems), **extra},
    )
    return [mail] + [
        replace(mail, id=f"{mail.id}/attachment/{n}", kind="attachment", text=attachment.text,
                title=attachment.filename,
                metadata={"parent": mail.id, "filename": attachment.filename,
                          "content_type": attachment.content_type})
        for n, attachment in enumerate(body.attachments, 1)
        if attachment.text
    ]
