"""When one last heard from someone: "When did I last talk to Anna?" from the catalog.

The latest record whose people include the one asked about (mail from or to them, a message in
a chat they write in, a meeting or a calendar event they take part in) answers, dated and cited.
"Hear from" wants their own words: the record must be theirs. Search cannot answer this: it ranks
what is close to "talk to Anna", not what is last.
"""

from __future__ import annotations

import re
from datetime import datetime

from retrieval.count import Members, cite, names_in
from retrieval.understand import Understood
from twin.schema import Answer, Hit
from twin.store import Store

__all__ = ["last_contact"]

_ASKED = re.compile(
    r"\bwhen\s+did\s+(?:i|we)\s+last\s+(?P<verb>talk|speak|hear|write|text|message|e-?mail|mail|call|chat|contact)"
    r"\b|\bwhen\s+was\s+the\s+last\s+time\s+(?:i|we)\s+(?P<verb2>talked|spoke|heard|wrote|texted|messaged|e-?mailed"
    r"|mailed|called|chatted|contacted)\b", re.I)


def last_contact(store: Store, question: str, understood: Understood, now: datetime | None = None) -> Answer | None:
    """The latest record of the one person asked about, or None when the question is not of
    this form or no record has them."""
    match = _ASKED.search(question)
    if match is None or len(understood.people) != 1:
        return None
    verb = (match.group("verb") or match.group("verb2") or "").lower()
    person = understood.people[0]
    names = {a.split("<")[0].strip() for a in store.catalog.people.aliases_of(person)} | {person}
    addresses = {m.group(1) for a in store.catalog.people.aliases_of(person) if (m := re.search(r"<([^>]+)>", a))}
    said = sorted({n for n in names if n} | addresses)
    theirs = " OR ".join("author LIKE ?" for _ in said)
    hearing = verb.startswith("hear")
    if hearing:
        who, args = f"({theirs})", [f"%{n}%" for n in said]
    else:
        who = (f"({theirs} OR " + " OR ".join("participants LIKE ?" for _ in said)
               + f" OR (kind = 'message' AND thread IN (SELECT thread FROM records WHERE ({theirs})"
               " AND thread != '')))")
        args = [f"%{n}%" for n in said] * 3
    # "email" wants mail, "text" a chat; "talk" and "call" anything with them.
    kinds = ("email",) if "mail" in verb else ("message",) if verb.startswith(("text", "messag", "chat")) \
        else ("email", "message", "meeting", "event")
    until = int((now or datetime.now().astimezone()).timestamp())
    cur = store.catalog.db.execute(
        f"SELECT * FROM records WHERE kind IN ({','.join('?' * len(kinds))}) AND ts <= ? AND {who}"
        " ORDER BY ts DESC, id LIMIT 200", [*kinds, until, *args])
    columns = [d[0] for d in cur.description]
    members = Members(store)
    # LIKE finds "Lena" in "Magdalena" too: the person must be there as a word.
    row = next((r for r in (dict(zip(columns, values, strict=True)) for values in cur)
                if names_in(said, str(r["author"]) if hearing else members(r))), None)
    if row is None:
        return None
    citations: list[Hit] = []
    number = cite(store, row, citations)
    when = row["when"]
    author = str(row["author"]).split("<")[0].strip().strip('"')
    text = " ".join(str(row["text"]).split())
    text = text if len(text) <= 120 else text[:117].rsplit(" ", 1)[0] + " …"
    what = {
        "email": f"mail \"{row['title']}\" from {author or 'you'}",
        "message": f"{author or 'a message'} in the chat: {text}",
        "meeting": f"the meeting \"{row['title']}\"",
        "event": f"\"{row['title']}\" in your calendar",
    }[str(row["kind"])]
    return Answer(f"{when:%A} {when.day} {when:%B %Y}: {what} {number}", tuple(citations))
