"""How records are named on screen: an icon and label per kind, dates, people, snippets."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from twin.schema import display_name

__all__ = ["KINDS", "date_label", "kind_icon", "kind_label", "people_label", "snippet", "when_label"]

KINDS: dict[str, tuple[str, str, str]] = {
    "email": ("✉", "mail", "$accent"),
    "attachment": ("▤", "file", "$accent"),
    "message": ("✆", "chat", "$success"),
    "note": ("✎", "note", "$warning"),
    "document": ("▤", "doc", "$warning"),
    "meeting": ("♫", "meet", "$error"),
    "event": ("◷", "cal", "$secondary"),
}
"""kind: (icon, short label, theme colour). Single-cell symbols, never emoji: they keep columns
aligned in every terminal and in exported screenshots."""


def kind_icon(kind: str) -> str:
    return KINDS.get(kind, ("•", kind, "$foreground"))[0]


def kind_label(kind: str) -> str:
    return KINDS.get(kind, ("•", kind[:5] or "item", "$foreground"))[1]


def kind_colour(kind: str) -> str:
    return KINDS.get(kind, ("•", kind, "$foreground"))[2]


def date_label(moment: datetime) -> str:
    """`Sat 21 Mar 2026`, in the offset the record was written in."""
    return f"{moment:%a} {moment.day} {moment:%b %Y}"


def when_label(moment: datetime) -> str:
    """`2026-03-21 09:12`, or the date alone at midnight (a note, an all-day event)."""
    if (moment.hour, moment.minute) == (0, 0):
        return f"{moment:%Y-%m-%d}"
    return f"{moment:%Y-%m-%d %H:%M}"


def people_label(people: Iterable[str], limit: int = 3) -> str:
    """Display names, the first `limit` of them, and how many more."""
    names = list(dict.fromkeys(display_name(p) for p in people if p))
    shown = ", ".join(names[:limit])
    return shown + (f" +{len(names) - limit}" if len(names) > limit else "")


def snippet(text: str, width: int = 160) -> str:
    """The text on one line, cut at a word near `width`."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat.rfind(" ", 0, width)
    return flat[: cut if cut > width // 2 else width] + "…"
