"""A message's MIME tree as body text and attachments; huge parts are listed by size, never decoded."""

from __future__ import annotations

import mimetypes
import re
import secrets
from dataclasses import dataclass, field
from email.message import Message
from email.parser import BytesParser
from email.policy import default
from pathlib import PurePath

from connectors.mail.charsets import binary_share, clean_text, decode_bytes
from connectors.mail.headers import PART_ERRORS, decode_words, header_text
from connectors.mail.htmltext import html_to_text

__all__ = ["Attachment", "Body", "PartInfo", "defect_notes", "elide", "part_info", "read_body"]

ELIDE_BYTES = 2**20
"""A base64 run longer than this is replaced by a size marker before the MIME parser sees it:
parsing a 50 MB attachment costs seconds and several times its size, and only its size is used."""
MAX_TEXT_BYTES = 2 * 2**20
"""A text body beyond this is cut; a text attachment beyond it is listed, not indexed."""
BINARY_SHARE = 0.1
"""A "text" part with more control characters than this is binary data mislabelled."""
MAX_DEPTH = 30
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".ics", ".csv", ".tsv", ".vcs", ".vcf"})

_MARK = "twin-elided-" + secrets.token_hex(4)
_RUN = re.compile(rb"(?:^[A-Za-z0-9+/=]{40,}\r?\n)++", re.M)  # possessive: no backtracking state per line
_BOUNDARY_LINE = re.compile(r"^--([^\s]{1,200})[ \t]*\r?$", re.M)
DEFECTS = {
    "CloseBoundaryNotFoundDefect": "truncated MIME: closing boundary missing",
    "StartBoundaryNotFoundDefect": "MIME boundary never found",
    "NoBoundaryInMultipartDefect": "multipart without boundary",
    "MissingHeaderBodySeparatorDefect": "no blank line after the headers",
    "InvalidBase64PaddingDefect": "broken base64",
    "InvalidBase64CharactersDefect": "broken base64",
    "InvalidBase64LengthDefect": "broken base64",
}


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    size: int
    text: str | None = None
    """The readable text of a text attachment small enough to index; None for the others."""

    def listing(self) -> str:
        return f"{self.filename} ({self.content_type}, {human_size(self.size)})"


@dataclass(frozen=True)
class PartInfo:
    content_type: str
    charset: str | None
    filename: str | None
    attachment: bool
    """Disposition `attachment`, or a file name: not part of the body text."""


@dataclass
class Body:
    text: str = ""
    html: bool = False
    """The text came from an HTML part (no plain text alternative)."""
    attachments: list[Attachment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    segments: list[str] = field(default_factory=list)
    infos: dict[int, PartInfo] = field(default_factory=dict)
    """Each part's PartInfo by id(part): the default policy parses a header anew on every access."""

    def note(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)

    def info(self, part: Message) -> PartInfo:
        found = self.infos.get(id(part))
        if found is None:
            found = self.infos[id(part)] = part_info(part)
        return found


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 2**20:
        return f"{size / 1024:.0f} KB"
    return f"{size / 2**20:.1f} MB"


def elide(raw: bytes) -> bytes:
    """`raw` with every base64 run over ELIDE_BYTES replaced by one marker line carrying its decoded size."""
    if len(raw) < ELIDE_BYTES:
        return raw

    def marker(match: re.Match[bytes]) -> bytes:
        start, end = match.span()
        if end - start < ELIDE_BYTES:
            return match.group()
        chars = end - start - raw.count(b"\n", start, end) - raw.count(b"\r", start, end)
        size = chars * 3 // 4 - raw.count(b"=", max(start, end - 6), end)
        return f"{_MARK}-{size}\n".encode()

    return _RUN.sub(marker, raw)


def _elided_size(part: Message) -> int | None:
    payload = part.get_payload()
    if isinstance(payload, str) and payload.startswith(_MARK):
        return int(payload[len(_MARK) + 1:].split(None, 1)[0])
    return None


def content_type(part: Message) -> str:
    try:
        return part.get_content_type()
    except PART_ERRORS:
        return "application/octet-stream"


def _filename(part: Message) -> str | None:
    try:
        name = part.get_filename() or part.get_param("name")
    except PART_ERRORS:
        return None
    if isinstance(name, tuple):  # an RFC 2231 value the accessor left undecoded
        name = name[2]
    if not isinstance(name, str) or not name.strip():
        return None
    name = decode_words(name) if "=?" in name else name
    return PurePath(name.replace("\\", "/")).name or None


def _payload(part: Message) -> bytes | None:
    try:
        data = part.get_payload(decode=True)
    except PART_ERRORS:
        return None
    return data if isinstance(data, bytes) else None


def _size(part: Message) -> int:
    elided = _elided_size(part)
    if elided is not None:
        return elided
    data = _payload(part)
    return len(data) if data is not None else 0


def _charset(part: Message) -> str | None:
    try:
        charset = part.get_param("charset")
    except PART_ERRORS:
        return None
    return charset if isinstance(charset, str) else None


def part_info(part: Message) -> PartInfo:
    filename = _filename(part)
    try:
        disposition = part.get_content_disposition()
    except PART_ERRORS:
        disposition = None
    return PartInfo(content_type(part), _charset(part), filename, disposition == "attachment" or filename is not None)


def _readable(part: Message, body: Body, what: str, limit: int | None) -> str | None:
    """The text of a text part, HTML converted; None (with a note) when it is too large or binary."""
    elided = _elided_size(part)
    if elided is not None:
        body.note(f"{what} of {human_size(elided)} not indexed (too large)")
        return None
    data = _payload(part)
    if data is None:
        body.note(f"{what} could not be decoded")
        return None
    if limit is not None and len(data) > limit:
        body.note(f"{what} of {human_size(len(data))} not indexed (too large)")
        return None
    if len(data) > MAX_TEXT_BYTES:
        body.note(f"{what} cut at {human_size(MAX_TEXT_BYTES)} of {human_size(len(data))}")
        data = data[:MAX_TEXT_BYTES]
    info = body.info(part)
    text, note = decode_bytes(data, info.charset)
    share = binary_share(text)
    if share > BINARY_SHARE:
        body.note(f"{what} is binary data ({share:.0%} control bytes), not indexed")
        return None
    if note:
        body.note(f"{what}: {note}")
    text = clean_text(text)
    return html_to_text(text) if info.content_type == "text/html" else text


def _is_text_attachment(name: str, ctype: str) -> bool:
    return ctype.startswith("text/") or PurePath(name).suffix.lower() in TEXT_SUFFIXES


def _attach(part: Message, body: Body, ctype: str) -> None:
    name = body.info(part).filename or "attachment" + (mimetypes.guess_extension(ctype) or "")
    size = _size(part)
    text = None
    if _is_text_attachment(name, ctype):
        text = _readable(part, body, f"attachment {name}", MAX_TEXT_BYTES)
    body.attachments.append(Attachment(name, ctype, size, text.strip() if text else None))


def _forwarded(part: Message, body: Body) -> None:
    """An attached mail (message/rfc822): listed by its subject, its own text not indexed."""
    inner = part.get_payload()
    inner_msg = inner[0] if isinstance(inner, list) and inner else None
    subject = ""
    size = 0
    if isinstance(inner_msg, Message):
        subject = header_text(inner_msg, "Subject")
        for leaf in inner_msg.walk():
            payload = leaf.get_payload()
            size += _elided_size(leaf) or (len(payload) if isinstance(payload, str) else 0)
    name = body.info(part).filename or (subject[:80] + ".eml" if subject else "message.eml")
    body.attachments.append(Attachment(name, "message/rfc822", size))


def _recovered(part: Message) -> Message | None:
    """A multipart without boundary parameter, reparsed with the first `--boundary` line it contains."""
    payload = part.get_payload()
    if not isinstance(payload, str) or not (found := _BOUNDARY_LINE.search(payload)):
        return None
    boundary = found.group(1)
    head = f'Content-Type: {content_type(part)}; boundary="{boundary}"\n\n'
    try:
        data = (head + payload).encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        return None
    recovered = BytesParser(policy=default).parsebytes(data)
    return recovered if recovered.is_multipart() else None


def _visit(part: Message, body: Body, depth: int) -> None:
    if depth > MAX_DEPTH:
        body.note(f"MIME nested deeper than {MAX_DEPTH} levels, the rest not read")
        return
    info = body.info(part)
    ctype = info.content_type
    if ctype == "message/rfc822":
        _forwarded(part, body)
    elif part.is_multipart():
        subparts = [p for p in part.get_payload() if isinstance(p, Message)]
        if ctype == "multipart/alternative":
            _alternative(subparts, body, depth)
        else:
            for sub in subparts:
                _visit(sub, body, depth + 1)
    elif ctype.startswith("multipart/"):
        if (recovered := _recovered(part)) is not None:
            body.note("multipart without boundary: boundary guessed from the body")
            _visit(recovered, body, depth + 1)
        elif (text := _readable(part, body, "multipart part without boundary", None)) is not None:
            body.note("multipart without boundary: read as plain text")
            body.segments.append(text)
    elif info.attachment or ctype not in ("text/plain", "text/html"):
        _attach(part, body, ctype)
    elif (text := _readable(part, body, f"{ctype} part", None)) is not None:
        body.html = body.html or ctype == "text/html"
        body.segments.append(text)


def _alternative(subparts: list[Message], body: Body, depth: int) -> None:
    """Plain text if it has words, else HTML converted, else the richest nested multipart; other
    alternatives such as a text/calendar invitation become attachments."""
    ranked = sorted(range(len(subparts)), key=lambda i: {"text/plain": 0, "text/html": 1}.get(
        body.info(subparts[i]).content_type, 2 if subparts[i].is_multipart() else 3))
    chosen = None
    for i in ranked:
        sub = subparts[i]
        ctype = body.info(sub).content_type
        if sub.is_multipart() and ctype != "message/rfc822":
            chosen = i
            _visit(sub, body, depth + 1)
            break
        if ctype in ("text/plain", "text/html"):
            text = _readable(sub, body, f"{ctype} part", None)
            if text is not None and text.strip():
                chosen = i
                body.html = body.html or ctype == "text/html"
                body.segments.append(text)
                break
    for i, sub in enumerate(subparts):
        ctype = body.info(sub).content_type
        if i != chosen and ctype not in ("text/plain", "text/html") and not sub.is_multipart():
            _attach(sub, body, ctype)


def read_body(msg: Message) -> Body:
    body = Body()
    _visit(msg, body, 0)
    body.text = "\n\n".join(s.strip() for s in body.segments if s.strip())
    return body


def defect_notes(msg: Message) -> list[str]:
    """What the parser found wrong anywhere in the message, in words."""
    notes: list[str] = []
    for part in msg.walk():
        for defect in getattr(part, "defects", ()):
            note = DEFECTS.get(type(defect).__name__)
            if note and note not in notes:
                notes.append(note)
    return notes
