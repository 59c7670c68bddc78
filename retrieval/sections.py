"""A list a note keeps under a heading: "What were the findings of the usability study?" is the
items under "## Top findings", not one sentence of them.

A note that lists things under a heading or a label ("## Top findings", "Gift ideas:") says what
they are in the items' heads ("**People don't trust the 'fastest route' label.** 8 of 11 …"); one
sentence quoted is one item, or the heading's neighbour. Asked for the things of that name, the
answer is the items' heads, in order, with the note cited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from retrieval.count import cite
from retrieval.search import Ranked
from retrieval.terms import content_terms
from twin.schema import Answer, Hit
from twin.store import Store

__all__ = ["listed_under"]

_ASKED = re.compile(r"^\s*(?:(?:what|which)\s+(?:were|are)\s+(?:all\s+)?(?:the|my|our|his|her|their)"
                    r"|list\s+(?:all\s+)?(?:the|my|our))\s+(?:\w+\s+)?(?P<things>[a-z]{3,}s)\b[^?]*\??\s*$", re.I)
"""Things asked for by a plural: "What were the findings of the study?", "List my gift ideas"."""
_ON_ASKED = re.compile(r"^\s*what(?:['’]s|\s+(?:was|is|were|are))\s+on\s+(?P<whose>the|my|our|his|her|their|"
                       r"[A-ZÄÖÜ][\w-]*['’]s?)\s+(?:(?P<kind>[a-z-]+)\s+)?(?P<things>list|checklist|agenda|wishlist"
                       r"|to-?do\s+list)\b[^?]*\??\s*$", re.I)
"""What a named list holds: "What was on my list for the Japan trip?", "What's on Jonas's list?"."""
_HEADING = re.compile(r"^\s*(?:#{1,4}\s+(?P<heading>.+?)|(?:\*\*)?(?P<label>[^:\n]{2,40}?)(?:\*\*)?:)\s*$")
_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•])\s+(?P<item>.+?)\s*$")
_BOLD = re.compile(r"^\*\*(?P<head>.+?)\*\*")
RECORDS = 3
"""The closest records read for such a list, at most."""
MIN_ITEMS = 2
"""A list is two items or more."""
HEAD_WORDS = 14
"""An item's head is its bold part, or its first sentence cut at this many words."""


def listed_under(store: Store, question: str, ranked: Sequence[Ranked]) -> Answer | None:
    """The items listed under the first heading or label that names the things asked (in the
    records of `ranked`, in order), or None when the question asks for no things by a plural or
    no such list is there."""
    asked = _ASKED.match(question) or _ON_ASKED.match(question)
    if asked is None:
        return None
    plural = asked.group("things").lower()
    names = re.compile(rf"\b(?:{re.escape(plural)}|{re.escape(plural[:-1])})\b", re.I)
    whose = _whose(asked.groupdict().get("whose") or "")
    # The rest of what is asked ("of the usability study", "for Tom") must be the record's too:
    # "What are my plans for Saturday?" is no "## Plans" of the Japan trip.
    rest = content_terms(question) - content_terms(plural)
    for record_id in list(dict.fromkeys(r.hit.record_id for r in ranked))[:RECORDS]:
        cur = store.catalog.db.execute("SELECT * FROM records WHERE id = ? AND kind != 'attachment'", (record_id,))
        values = cur.fetchone()
        if values is None:
            continue
        row = dict(zip([d[0] for d in cur.description], values, strict=True))
        if not rest <= content_terms(f"{row['title']} {row['text']}"):
            continue
        items = (whose is not None and _items_under(str(row["text"]), names, whose)) \
            or _items_under(str(row["text"]), names, _NOT_ANOTHERS if whose is not None else None)
        if len(items) >= MIN_ITEMS:
            citations: list[Hit] = []
            number = cite(store, row, citations)
            lines = "\n".join(f"- {item}" for item in items)
            return Answer(f"{'; '.join(items)} {number}", tuple(citations), lines)
    return None


def _whose(said: str) -> re.Pattern[str] | None:
    """Whose list a heading must say for "my list" ("My list") or "Jonas's list"; None for "the list"."""
    if said.lower() in ("my", "our"):
        return re.compile(rf"\b{said}\b", re.I)
    if said.lower() in ("the", "his", "her", "their", ""):
        return None
    name = re.sub(r"['’]s?$", "", said)
    return re.compile(rf"\b{re.escape(name)}['’]?s?\b", re.I)


_NOT_ANOTHERS = re.compile(r"^(?!.*\b[A-ZÄÖÜ][\w-]*['’]s\b)")
"""A heading that is nobody's ("Packing list"), not another's ("Jonas's list")."""


def _items_under(text: str, names: re.Pattern[str], whose: re.Pattern[str] | None = None) -> list[str]:
    """The heads of the items under the first heading or label of `text` that `names` matches
    (and `whose`, when given)."""
    lines = text.splitlines()
    for at, line in enumerate(lines):
        heading = _HEADING.match(line)
        said = (heading.group("heading") or heading.group("label") or "") if heading is not None else ""
        if heading is None or not names.search(said) or (whose is not None and not whose.search(said)):
            continue
        items: list[str] = []
        for after in lines[at + 1:]:
            if (item := _ITEM.match(after)) is not None:
                items.append(_head(item.group("item")))
            elif items and after[:1] in (" ", "\t") and after.strip():
                continue  # an item wrapped onto the next line
            elif after.strip() and (items or _HEADING.match(after)):
                break  # the list ended, or another heading came first
        if len(items) >= MIN_ITEMS:
            return items
    return []


def _head(item: str) -> str:
    """"**People don't trust the label.** 8 of 11 …" → "People don't trust the label"; an item
    struck through ("~~a new bike lock~~ (boring)") is said to be."""
    if (struck := re.match(r"^~~(?P<head>.+?)~~", item)) is not None:
        return f"{struck.group('head').strip()} (crossed out)"
    if (bold := _BOLD.match(item)) is not None:
        return bold.group("head").strip().rstrip(".:")
    plain = re.sub(r"\*\*|__|~~", "", item)
    first = re.split(r"(?<=[.!?])\s+", plain, maxsplit=1)[0].rstrip(".")
    words = first.split()
    return " ".join(words[:HEAD_WORDS]) + (" …" if len(words) > HEAD_WORDS else "")
