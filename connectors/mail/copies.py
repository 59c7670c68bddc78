"""Repeated messages within one read: an identical copy is skipped, a reused Message-ID renumbered."""

from __future__ import annotations

import hashlib
import re

from connectors.mail.headers import normalise_id

__all__ = ["Copies", "scan_message_id"]

_HEADER_END = re.compile(rb"\r?\n\r?\n")
_MESSAGE_ID = re.compile(rb"^message-id[ \t]*:[ \t]*(.*(?:\r?\n[ \t].*)*)", re.I | re.M)


def scan_message_id(raw: bytes) -> str | None:
    """The Message-ID from the header block of raw bytes, without parsing the message."""
    end = _HEADER_END.search(raw)
    match = _MESSAGE_ID.search(raw, 0, end.start() if end else len(raw))
    if match is None:
        return None
    return normalise_id(match.group(1).decode("ascii", "replace"))


class Copies:
    """Decides the native id of each message of a read.

    Mailboxes repeat messages: the same mail filed twice, a sent copy next to the received one.
    An identical copy would be read as a second record under the same id at another location,
    and every rerun would then update it back and forth; it is skipped instead. A different
    message reusing a Message-ID gets `<id>~2`, `~3`..., stable as long as the mailbox's order is.
    Memory: two integers per message, so a mailbox of a million messages costs about 100 MB.
    """

    def __init__(self) -> None:
        self._first: dict[int, int] = {}
        """hash of the Message-ID (or of the bytes, without one) -> digest of the first copy's bytes."""
        self._more: dict[int, list[int]] = {}
        """The digests of further distinct messages under the same id (rare)."""

    def native_id(self, raw: bytes) -> tuple[str | None, str | None]:
        """(native id, None), or (None, why it is skipped); the id is None without a Message-ID."""
        message_id = scan_message_id(raw)
        digest = int.from_bytes(hashlib.blake2b(raw, digest_size=8).digest(), "big")
        key = hash(message_id) if message_id else digest
        if key not in self._first:
            self._first[key] = digest
            return message_id, None
        if self._first[key] == digest or digest in self._more.get(key, ()):
            label = f"Message-ID <{message_id}>" if message_id else "a message without Message-ID"
            return None, f"identical copy of {label} read earlier"
        more = self._more.setdefault(key, [])
        more.append(digest)
        return f"{message_id}~{len(more) + 1}", None
