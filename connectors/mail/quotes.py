"""Quoted replies and signatures cut from a mail's text, so that each mail is indexed with its own words."""

from __future__ import annotations

import re

__all__ = ["is_forward", "strip_quotes"]

_QUOTED = re.compile(r"^\s{0,3}>")
_WROTE = r"\b(?:wrote|writes|schrieb|a écrit|escribió|ha scritto|schreef|skrev)\b[^:]{0,120}:\s*$"
"""German and Dutch clients put the sender after the verb: "Am 10.02.2026 schrieb Maya Berg <...>:"."""
_ATTRIBUTION = re.compile(rf"^\s*(?:On|Am|Le|El|Il|Op|Den|Em)\s.*{_WROTE}", re.I)
_ATTRIBUTION_END = re.compile(rf".*{_WROTE}", re.I)
_ATTRIBUTION_START = re.compile(r"^\s*(?:On|Am|Le|El|Il|Op|Den|Em)\s.*(?:\d|@)", re.I)
_HEADER_LIKE = re.compile(r"@|\d:\d\d")
"""An address or a time: an "On ... wrote:" line with one was written by a mail client."""
_ORIGINAL = re.compile(
    r"^\s*-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|"
    r"Oorspronkelijk bericht|Messaggio originale)\s*-{2,}\s*$", re.I)
_OUTLOOK_FROM = re.compile(r"^\s*\*?(?:From|Von|De|Da|Van)\s*:\*?\s+\S", re.I)
_OUTLOOK_SENT = re.compile(r"^\s*\*?(?:Sent|Date|Gesendet|Datum|Envoyé|Enviado|Inviato|Verzonden)\s*:\*?\s", re.I)
_OUTLOOK_TO = re.compile(r"^\s*\*?(?:To|An|À|Para|A|Aan|Subject|Betreff|Objet|Asunto|Oggetto|Onderwerp)\s*:", re.I)
_RULE = re.compile(r"^\s*_{10,}\s*$")
_FORWARD = re.compile(r"^\s*(?:\[[^]]*\]\s*)?(?:fwd?|wg|tr|rv|doorst)\s*:", re.I)
SIGNATURE_LINES = 20
"""A bare `--` (the space of `-- ` lost) counts as a signature delimiter only this close to the end."""


def is_forward(subject: str) -> bool:
    """`Fwd:`, `FW:`, `WG:`...: the quoted part of a forward is its content and stays."""
    return bool(_FORWARD.match(subject))


def _outlook_header(lines: list[str], i: int) -> bool:
    """An Outlook reply header: `From:` then `Sent:`/`Date:` and `To:`/`Subject:` a few lines below."""
    if not _OUTLOOK_FROM.match(lines[i]):
        return False
    below = lines[i + 1:i + 6]
    return any(_OUTLOOK_SENT.match(line) for line in below[:3]) and any(_OUTLOOK_TO.match(line) for line in below)


def _reply_cut(lines: list[str]) -> int:
    """Where an unquoted reply history starts (Outlook style: everything below is the old mail)."""
    for i, line in enumerate(lines):
        if _ORIGINAL.match(line):
            return i
        if _outlook_header(lines, i):
            return i - 1 if i > 0 and _RULE.match(lines[i - 1]) else i
    return len(lines)


def _attribution(lines: list[str], i: int) -> int:
    """How many lines starting at `i` form an "On <date>, <person> wrote:" line (0, 1 or 2)."""
    if _ATTRIBUTION.match(lines[i]):
        return 1
    if i + 1 < len(lines) and _ATTRIBUTION_START.match(lines[i]) and _ATTRIBUTION_END.match(lines[i + 1]):
        return 2
    return 0


def _next_text(lines: list[str], i: int) -> str | None:
    """The next non-blank line from `i` on, or None at the end."""
    for line in lines[i:]:
        if line.strip():
            return line
    return None


def _drop_quotes(lines: list[str]) -> list[str]:
    """Without `>` lines and the attribution lines introducing them; an attribution followed by
    unquoted text (a top-posted reply whose client does not quote) ends the mail."""
    kept: list[str] = []
    i = 0
    while i < len(lines):
        if _QUOTED.match(lines[i]):
            i += 1
            continue
        span = _attribution(lines, i)
        if span:
            following = _next_text(lines, i + span)
            if following is None or _QUOTED.match(following):
                i += span
                continue
            if _HEADER_LIKE.search(" ".join(lines[i:i + span])):  # a client's reply header, not prose
                break
        kept.append(lines[i])
        i += 1
    return kept


def _drop_signature(lines: list[str]) -> list[str]:
    if "-- " in lines:
        return lines[:lines.index("-- ")]
    for i in range(len(lines) - 1, max(len(lines) - SIGNATURE_LINES, 0) - 1, -1):
        if lines[i].strip() == "--":
            return lines[:i]
    return lines


def _tidy(lines: list[str]) -> str:
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in lines)).strip()


def strip_quotes(text: str) -> tuple[str, bool]:
    """The mail's own text without quoted replies and signature, and whether anything was cut.

    A mail that is all quote keeps its text: indexing nothing would lose it.
    """
    lines = text.split("\n")
    lines = _drop_quotes(lines[:_reply_cut(lines)])
    stripped = _tidy(_drop_signature(lines))
    original = _tidy(text.split("\n"))
    if not stripped:
        return original, False
    return stripped, stripped != original
