"""Bytes to text under whatever charset a mail declares, right or wrong, without ever failing."""

from __future__ import annotations

import codecs
import re

__all__ = ["binary_share", "clean_text", "decode_bytes"]

ALIASES = {
    "gb2312": "gb18030",  # mails labelled gb2312 routinely contain GBK characters
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "iso-8859-8-i": "iso-8859-8",
    "ks_c_5601-1987": "cp949",
    "windows-874": "cp874",
    "x-mac-roman": "mac_roman",
    "ansi_x3.4-1968": "ascii",
}
WESTERN = frozenset({"ascii", "iso8859-1", "iso8859-15", "cp1252"})
"""Single-byte charsets that decode anything: a text that is valid UTF-8 with multibyte
sequences was almost surely mislabelled with one of them."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


def _codec(declared: str | None) -> str | None:
    """The Python codec name for a declared charset, or None if Python has no text codec for it."""
    if not declared:
        return None
    name = declared.strip().strip("\"'").lower()
    name = ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):  # base64, zlib...: not a charset
        return None
    return info.name


def decode_bytes(data: bytes, declared: str | None) -> tuple[str, str | None]:
    """The text, and a note when the declaration was missing-but-needed, unknown or wrong.

    Tries the declared charset, then UTF-8, then cp1252, then Latin-1 (which decodes anything).
    """
    codec = _codec(declared)
    note: str | None = None
    if declared and codec is None:
        note = f"unknown charset {declared.strip()!r}"
    elif codec in WESTERN and _MULTIBYTE.search(data):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return text, f"declared {declared} but is UTF-8"
    if codec is not None:
        try:
            return data.decode(codec), None
        except (UnicodeDecodeError, LookupError):  # LookupError: a codec whose decoder is missing
            note = f"not valid {declared}"
    for fallback in ("utf-8", "cp1252", "latin-1"):
        try:
            text = data.decode(fallback)
        except UnicodeDecodeError:
            continue
        if note is None and declared is None and fallback != "utf-8":
            note = "no charset declared"
        return text, f"{note}, read as {fallback}" if note else None
    raise AssertionError("latin-1 decodes every byte string")


def binary_share(text: str, sample: int = 65536) -> float:
    """The share of control characters in (the start of) a text: high means binary data, not words."""
    head = text[:sample]
    if not head:
        return 0.0
    return sum(1 for _ in _CONTROL.finditer(head)) / len(head)


def clean_text(text: str) -> str:
    """Unix newlines and no stray control characters (a NUL or an escape in a mail body is noise)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)
