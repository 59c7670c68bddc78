"""When I sent a mail: "When did I send the screener to Panelwerk?" from the owner's own mail.

Search finds the notes that tell of the mail ("Screener final and sent to Panelwerk: by 10
April") and the mail itself, whose text names other days (the study's 19–21 May). The day asked
for is the mail's own: of the owner's mails among the first hits, the one to everyone the
question names that holds what it asks about, with the owner's later mails to them in its thread
("again on 24 February and 11 March"). "Reply" and "answer" want a reply: a mail of the thread
after one of theirs. "First" wants the earliest.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.search import Ranked
from retrieval.terms import content_terms
from retrieval.understand import Understood
from retrieval.when import calendar_words
from twin.store import Store

__all__ = ["SENT_HITS", "Sent", "first_lines", "mails_sent", "reply_to"]

SENT_HITS = 8
"""Hits searched for the owner's own mail: its words are mostly in the recipient's address and
the subject, so it ranks lower than the notes that tell of it."""
_ASKED = re.compile(r"\s*when\s+did\s+(?:i|we)\s+(?P<first>first\s+)?(?P<verb>send|e-?mail|mail|write|reply|answer"
                    r"|respond|forward)\b(?:\s+(?:to|back))?", re.I)
_REPLY = frozenset({"reply", "answer", "respond"})
_HONORIFICS = content_terms("herr frau mr mrs ms miss dr prof")


@dataclass(frozen=True)
class Sent:
    """The owner's mails that answer, first the one the answer's day is read from."""

    mails: list[tuple[Ranked, dict[str, object]]]
    said: str
    """The days: "10 February 2026 (again on 24 February and 11 March 2026)"."""


def mails_sent(store: Store, me: str, question: str, ranked: Sequence[Ranked], understood: Understood) -> Sent | None:
    """The owner's mails a "when did I send/email/write/reply …" question asks of (see the
    module), or None when it asks no such thing, the owner is unknown or no mail of theirs fits:
    every word asked about (not a name of the recipient, nor "Herr") must be in its subject or
    text, all but one when three or more are asked."""
    asked = _ASKED.match(question)
    people = store.catalog.people
    owner = people.me(me) if asked else None
    if asked is None or not owner:
        return None
    mine = {alias.lower() for alias in people.aliases_of(owner)}
    to = [{alias.lower() for alias in people.aliases_of(person)} for person in understood.people]
    names = content_terms(" ".join(alias.split("<")[0] for aliases in to for alias in aliases))
    rest = question[asked.end():]
    things = content_terms(rest) - content_terms(calendar_words(rest)) - names - _HONORIFICS
    sent: list[tuple[Ranked, dict[str, object]]] = []
    for r in ranked[:SENT_HITS]:
        if r.hit.kind != "email" or any(r.hit.record_id == m[0].hit.record_id for m in sent):
            continue
        row = store.catalog.record_row(r.hit.record_id)
        if row is None or str(row["author"]).lower() not in mine:
            continue
        addressed = {p.lower() for p in r.hit.participants} - mine
        if any(not (aliases & addressed) for aliases in to):
            continue
        # A word of the question in the mail's addresses is whom it is to ("Kowalski" when the
        # people table does not know him), not what it is about: the rest must be in its text.
        topic = things - content_terms(" ".join(addressed))
        missing = topic - content_terms(f"{row['title']} {row['text']}")
        if len(missing) <= (len(topic) >= 3) and (
                asked.group("verb").lower() not in _REPLY or _replies(store, row, mine)):
            sent.append((r, row))
    if not sent:
        return None
    first = min(sent, key=lambda m: m[0].hit.timestamp) if asked.group("first") else sent[0]
    together = {p.lower() for p in first[0].hit.participants}
    thread = sorted((m for m in sent if (m[1]["thread"] == first[1]["thread"] or _subject(m[1]) == _subject(first[1]))
                     and {p.lower() for p in m[0].hit.participants} == together),
                    key=lambda m: m[0].hit.timestamp)
    if asked.group("first"):
        thread = thread[:1]
    days = [r.hit.timestamp for r, _ in thread]
    said = f"{days[0].day} {days[0]:%B %Y}"
    if len(days) > 1:  # "10 February 2026 (again on 24 February and 11 March 2026)"
        between = [f"{d.day} {d:%B}" + ("" if d.year == days[-1].year else f" {d.year}") for d in days[1:-1]]
        said += f" (again on {', '.join(between) + ' and ' if between else ''}{days[-1].day} {days[-1]:%B %Y})"
    return Sent(thread, said)


_TOOK = re.compile(r"\s*how\s+(?:long|many\s+(?:days|weeks))\s+did\s+(?:it\s+take\s+)?(?P<who>.+?)\s+"
                   r"(?:take\s+)?to\s+(?:answer|reply|respond|write\s+back|get\s+back)\b(?P<rest>.*)$", re.I)
_MAIL_WORDS = content_terms("my me mail email e-mail message letter first last")


def reply_to(store: Store, me: str, question: str, understood: Understood) -> tuple[dict[str, object],
                                                                                       dict[str, object] | None] | None:
    """"How long did Herr Kowalski take to answer my first email?": the owner's mail to the one
    person asked of (the first that holds what is asked about and got an answer; with "first"
    or "last", that one) and their first mail after it in its thread, or None for that when the
    one mail asked of got none; None when the question asks no such thing or no mail fits."""
    asked = _TOOK.match(question)
    people = store.catalog.people
    # The one who answers is the person asked of: not "How long did it take me to reply to Anna?"
    answering = people.named_in(asked.group("who")) if asked else []
    owner = people.me(me) if asked and len(understood.people) == 1 and answering == list(understood.people) else None
    if asked is None or not owner:
        return None
    mine = {alias.lower() for alias in people.aliases_of(owner)}
    theirs = {alias.lower() for alias in people.aliases_of(understood.people[0])}
    rest = asked.group("rest")
    names = content_terms(" ".join(alias.split("<")[0] for alias in theirs))
    things = content_terms(rest) - content_terms(calendar_words(rest)) - names - _HONORIFICS - _MAIL_WORDS
    cur = store.catalog.db.execute("SELECT * FROM records WHERE kind = 'email' ORDER BY ts")
    columns = [d[0] for d in cur.description]
    mails = [dict(zip(columns, values, strict=True)) for values in cur]

    def to_them(row: dict[str, object]) -> bool:
        addressed = {p.lower() for p in json.loads(str(row["participants"] or "[]"))}
        missing = things - content_terms(f"{row['title']} {row['text']}")
        return str(row["author"]).lower() in mine and bool(theirs & addressed) and len(missing) <= (len(things) >= 3)

    sent = [row for row in mails if to_them(row)]
    if re.search(r"\b(?:first|last)\b", rest, re.I):
        sent = sent[-1:] if re.search(r"\blast\b", rest, re.I) else sent[:1]
    for row in sent:
        for later in mails:
            if later["ts"] > row["ts"] and str(later["author"]).lower() in theirs and (
                    later["thread"] == row["thread"] or _subject(later) == _subject(row) != ""):
                return row, later
    return (sent[0], None) if len(sent) == 1 else None


def _replies(store: Store, row: dict[str, object], mine: set[str]) -> bool:
    """Whether an owner's mail answers one of another's: a mail of its thread (or subject) from
    someone else came before it."""
    subject = _subject(row)
    like = "%" + subject.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    cur = store.catalog.db.execute(
        "SELECT author, title, thread FROM records WHERE kind = 'email' AND ts < ? AND (thread = ? OR title LIKE ?"
        " ESCAPE '\\')", (row["ts"], row["thread"], like))
    return any(str(author).lower() not in mine and (thread == row["thread"] or _subject({"title": title}) == subject)
               for author, title, thread in cur)


def _subject(row: dict[str, object]) -> str:
    """A mail's subject without its "Re:"/"AW:"/"Fwd:" prefixes, lower case: the thread a reply
    belongs to when its References do not reach the first mail."""
    prefixes = r"^(?:\s*(?:re|aw|sv|fwd?|wg)\s*(?:\[\d+\])?\s*:\s*)+"
    return re.sub(prefixes, "", str(row["title"]), flags=re.I).strip().lower()


def first_lines(text: str, words: int = 40) -> str:
    """A mail's opening: its first paragraph after the greeting ("Dear Herr Kowalski,"), cut
    to `words` words."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    body = [p for p in paragraphs if not (p.endswith(",") and len(p.split()) <= 6)] or paragraphs or [""]
    said = " ".join(body[0].split())
    cut = said.split()
    return said if len(cut) <= words else " ".join(cut[:words]) + " …"
