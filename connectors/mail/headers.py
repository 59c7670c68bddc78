"""Header values as text: RFC 2047 words and raw 8-bit bytes decoded, broken headers read leniently."""

from __future__ import annotations

import re
from email.errors import MessageError
from email.header import decode_header
from email.message import Message
from email.policy import default
from email.utils import getaddresses

from connectors.mail.charsets import decode_bytes

__all__ = ["PART_ERRORS", "addresses", "decode_words", "header_text", "message_ids", "normalise_id", "raw_header"]

PART_ERRORS = (MessageError, ValueError, TypeError, LookupError, AttributeError)
"""What the email package raises on broken headers and parameters (its parsers are lenient, its
accessors less so); caught where one part or header is read, so one bad field costs only itself."""
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_SPACES = re.compile(r"\s+")
_ANGLE = re.compile(r"<([^<>\s]+)>")


def raw_header(msg: Message, name: str) -> list[str]:
    """Every value of header `name` as it stands in the message (unfolded), 8-bit bytes decoded."""
    wanted = name.lower()
    values = []
    for key, value in msg.raw_items():
        if key.lower() == wanted:
            text = value if isinstance(value, str) else str(value)
            if not text.isascii() and any("\udc80" <= ch <= "\udcff" for ch in text):  # raw 8-bit bytes
                text = decode_bytes(text.encode("ascii", "surrogateescape"), None)[0]
            values.append(_FOLD.sub("", text))
    return values


def decode_words(value: str) -> str:
    """RFC 2047 encoded words decoded the compat32 way, each with the charset fallbacks of a body."""
    try:
        pieces = decode_header(value)
    except PART_ERRORS:
        return value
    out = []
    for piece, charset in pieces:
        out.append(decode_bytes(piece, charset)[0] if isinstance(piece, bytes) else piece)
    return "".join(out)


def _plain(value: str) -> bool:
    """ASCII without encoded words: the value is its own text, no header parser needed."""
    return value.isascii() and "=?" not in value


def header_text(msg: Message, name: str) -> str:
    """The first value of a header as readable text, "" if absent.

    Encoded or non-ASCII values are read through the default policy; where it raises on a
    broken header, the raw value is decoded the compat32 way instead.
    """
    values = raw_header(msg, name)
    if not values:
        return ""
    text = values[0]
    if not _plain(text):
        try:
            text = str(default.header_factory(name, text))
        except PART_ERRORS:
            text = decode_words(text)
    return _SPACES.sub(" ", text).strip()


def _clean_name(name: str, addr: str) -> str:
    name = _SPACES.sub(" ", name).strip().strip("\"'").strip()
    return "" if name.lower() == addr else name


def _address_pairs(name: str, value: str) -> list[tuple[str, str]]:
    """Plain ASCII lists through `getaddresses` (ten times faster than the default policy's RFC 5322
    parser, the same result on them); encoded ones through the default policy, compat32 if it raises."""
    if _plain(value) and "\\" not in value:
        return getaddresses([value])
    try:
        header = default.header_factory(name, value)
        return [(a.display_name, a.addr_spec) for a in header.addresses]
    except PART_ERRORS:
        return [(decode_words(n), a) for n, a in getaddresses([value])]


def addresses(msg: Message, name: str) -> list[tuple[str, str]]:
    """(display name, lower-case address) of every mailbox in the headers `name`."""
    found: list[tuple[str, str]] = []
    for value in raw_header(msg, name):
        pairs = _address_pairs(name, value)
        for display, addr in pairs:
            addr = addr.strip().strip("<>").lower()
            if (addr and "@" in addr) or display.strip():
                found.append((_clean_name(display, addr), addr))
    return found


def normalise_id(value: str) -> str | None:
    """A Message-ID without its angle brackets and whitespace; None when there is none."""
    match = _ANGLE.search(value)
    text = match.group(1) if match else _SPACES.sub("", value).strip("<>")
    return text or None


def message_ids(value: str) -> list[str]:
    """Every `<id>` in a References or In-Reply-To value, in order."""
    ids = _ANGLE.findall(value)
    if not ids and value.strip():
        single = normalise_id(value)
        return [single] if single else []
    return ids
