"""When one last heard from or saw someone: "When did I last talk to Anna?", "When did I last
see Lena?" from the catalog.

The latest record whose people include the one asked about (mail from or to them, a message in
a chat they write in, a meeting or a calendar event they take part in) answers, dated and cited.
"Hear from" wants their own words: the record must be theirs. Search cannot answer this: it ranks
what is close to "talk to Anna", not what is last.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from retrieval.count import Members, asked_time, cite, names_in, names_of, row_time
from retrieval.terms import content_terms
from retrieval.understand import Understood
from retrieval.when import parse_time
from twin.schema import Answer, Hit
from twin.store import Filters, Store

__all__ = ["contact_count", "last_contact", "last_seen", "mail_count"]

_ASKED = re.compile(
    r"\bwhen\s+did\s+(?:i|we)\s+last\s+(?P<verb>talk|speak|hear|write|text|message|e-?mail|mail|call|chat|contact)"
    r"\b|\bwhen\s+was\s+the\s+last\s+time\s+(?:i|we)\s+(?P<verb2>talked|spoke|heard|wrote|texted|messaged|e-?mailed"
    r"|mailed|called|chatted|contacted)\b|\bwhen\s+did\s+(?:i|we)\s+(?P<verb3>talk|speak|hear)\s+.{1,40}?\s+last\b",
    re.I)


CONTACT_LIMIT = 20000
"""Records of one person a contact count reads, at most (the newest): beyond, it says "at least"."""
SHOWN_DAYS = 20
"""Days of a contact count listed (the latest); the count is of all."""
_HOW_OFTEN = re.compile(
    r"^\s*how\s+(?:often|many\s+times)\s+(?:did|have|do)\s+(?:i|we)\s+(?P<verb>talk|speak|hear|write|text|message"
    r"|e-?mail|mail|call|chat|contact)(?:ed|ted)?\b", re.I)


def contact_count(store: Store, question: str, understood: Understood, filters: Filters = Filters(),
                  now: datetime | None = None, *, me: str | None = None) -> Answer | None:
    """"How often did I talk to Anna in May?": the days with a record of the one person asked
    about (as `last_contact` reads "talk", "hear", "email"; what the owner `me` wrote for
    "write", "email", "text"), each a conversation, counted and cited; None when the question is
    not of this form or no record has them."""
    match = _HOW_OFTEN.search(question)
    if match is None or len(understood.people) != 1:
        return None
    verb = match.group("verb").lower()
    rows = _contact_rows(store, verb, understood.people[0], asked_time(understood, filters), now, me=me)
    days: dict[date, list[dict[str, object]]] = {}
    for row in sorted(rows, key=lambda r: (int(str(r["ts"])), str(r["id"]))):
        days.setdefault(row_time(row).date(), []).append(row)
    if not days:
        return None
    citations: list[Hit] = []
    lines = []
    for day, held in list(days.items())[-SHOWN_DAYS:]:
        numbers = " ".join(cite(store, row, citations) for row in held[:3])
        more = f" and {len(held) - 3} more" if len(held) > 3 else ""
        lines.append(f"- {day:%a} {day.day} {day:%B %Y}: {_what(held[0])} {numbers}{more}")
    if len(days) > SHOWN_DAYS:
        lines.insert(0, f"(the latest {SHOWN_DAYS} of them)")
    span = f" {understood.time_range.phrase}" if understood.time_range is not None else ""
    count = len(days)
    least = "at least " if len(rows) >= CONTACT_LIMIT else ""
    whom = f"you wrote to {understood.people[0]}" if me and _sent(verb) else \
        f"you heard from {understood.people[0]}" if verb.startswith("hear") else f"with {understood.people[0]}"
    return Answer(f"{least}{count} {'day' if count == 1 else 'days'} {whom}{span}",
                  tuple(citations),
                  "\n".join([f"Counted from {_records(sum(len(h) for h in days.values()))}, one conversation a day:",
                             *lines]))


_MAIL_WORDS = frozenset({"me", "us", "total", "altogether", "far", "back", "herr", "frau", "mr", "mrs", "ms", "dr"})
_MAILS_ASKED = re.compile(
    r"^\s*how\s+many\s+(?:e-?mails?|mails?|letters?)\s+(?:did|have|has)\s+(?P<who>i|we|[A-ZÄÖÜ][\w'’-]+"
    r"(?:\s+[A-ZÄÖÜ][\w'’-]+)?)\s+(?P<verb>sent|send|written|write|wrote|got|get|gotten|received|receive)\b", re.I)
"""Mails counted between the owner and one person: "How many emails did I send Herr Kowalski?",
"How many mails did Anna send me?", "How many emails did I get from Anna?"."""


def mail_count(store: Store, question: str, understood: Understood, filters: Filters = Filters(), *,
               now: datetime | None = None, me: str | None = None) -> Answer | None:
    """The mails the owner sent the one person asked about (or got from them), counted, each
    dated and cited; None when the question is not of this form, names no one person, or the
    owner is not known."""
    match = _MAILS_ASKED.match(question)
    if match is None or len(understood.people) != 1 or me is None:
        return None
    person = understood.people[0]
    # Nothing asked but the person and the time: "… send Anna about the offsite?" is no count of all.
    rest = question[match.end():].replace(understood.time_range.phrase if understood.time_range else "\0", " ")
    told = {w.lower() for n in (person, *store.catalog.people.aliases_of(person)) for w in re.findall(r"[\w'’-]+", n)}
    if content_terms(" ".join(w for w in re.findall(r"[\w'’-]+", rest) if w.lower() not in told)) - _MAIL_WORDS:
        return None
    mine = match.group("who").lower() in ("i", "we")
    sending = match.group("verb").lower().startswith(("s", "w"))
    # I send them, or they send me; "did I get from them" is theirs, "did Anna get" of me is mine.
    writer = me if mine == sending else person
    said = sorted(_said_as(store, writer))
    rows = [row for row in _contact_rows(store, "email", person, asked_time(understood, filters), now)
            if names_in(said, str(row["author"]))]
    rows.sort(key=lambda r: (int(str(r["ts"])), str(r["id"])))
    citations: list[Hit] = []
    lines = [f"- {row_time(row):%a} {row_time(row).day} {row_time(row):%B %Y}: \"{row['title']}\" "
             f"{cite(store, row, citations)}" for row in rows[-SHOWN_DAYS:]]
    span = f" {understood.time_range.phrase}" if understood.time_range is not None else ""
    count = len(rows)
    whom = f"to {person}" if writer == me else f"from {person}"
    return Answer(f"{count} {'mail' if count == 1 else 'mails'} {whom}{span}", tuple(citations), "\n".join(lines))


def _said_as(store: Store, person: str) -> set[str]:
    """The names and addresses `person` writes as."""
    aliases = store.catalog.people.aliases_of(person)
    return ({a.split("<")[0].strip() for a in aliases} | {person}
            | {m.group(1) for a in aliases if (m := re.search(r"<([^>]+)>", a))}) - {""}


def last_contact(store: Store, question: str, understood: Understood, now: datetime | None = None, *,
                 me: str | None = None) -> Answer | None:
    """The latest record of the one person asked about (of the owner `me` to them for "email",
    "write", "text"), or None when the question is not of this form or no record has them."""
    match = _ASKED.search(question)
    if match is None or len(understood.people) != 1:
        return None
    verb = (match.group("verb") or match.group("verb2") or match.group("verb3") or "").lower()
    row = next(iter(_contact_rows(store, verb, understood.people[0], Filters(), now, latest=True, me=me)), None)
    if row is None:
        return None
    citations: list[Hit] = []
    number = cite(store, row, citations)
    when = row_time(row)
    return Answer(f"{when:%A} {when.day} {when:%B %Y}: {_what(row)} {number}", tuple(citations))


def _what(row: dict[str, object]) -> str:
    """A record of contact as a reader names it: a mail by its subject, a chat line by its words."""
    author = str(row["author"]).split("<")[0].strip().strip('"')
    text = " ".join(str(row["text"]).split())
    text = text if len(text) <= 120 else text[:117].rsplit(" ", 1)[0] + " …"
    return {
        "email": f"mail \"{row['title']}\" from {author or 'you'}",
        "message": f"{author or 'a message'} in the chat: {text}",
        "meeting": f"the meeting \"{row['title']}\"",
        "event": f"\"{row['title']}\" in your calendar",
    }[str(row["kind"])]


def _records(count: int) -> str:
    return f"{count} record{'s' * (count != 1)}"


def _sent(verb: str) -> bool:
    """Whether a verb of contact tells the asker's own side of it: "write", "email", "text",
    "message" (not "talk", "call", "hear")."""
    return verb.startswith(("writ", "wrot", "e-mail", "email", "mail", "text", "messag"))


def _contact_rows(store: Store, verb: str, person: str, filters: Filters, now: datetime | None, *,
                  latest: bool = False, me: str | None = None) -> list[dict[str, object]]:
    """The records of contact with `person` (theirs for "hear", the owner `me`'s for "write",
    "email", "text" when `me` is known; mail for "email", chats for "text", anything with them
    for "talk" and "call"), newest first, up to `now`; only the newest with `latest`."""
    mine = sorted(_said_as(store, me)) if me and _sent(verb) else []
    said = sorted(_said_as(store, person))
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
    if filters.until is not None:
        until = min(until, filters.until - 1)
    since = filters.since if filters.since is not None else 0
    sources = f" AND source IN ({','.join('?' * len(filters.sources))})" if filters.sources else ""
    cur = store.catalog.db.execute(
        f"SELECT * FROM records WHERE kind IN ({','.join('?' * len(kinds))}) AND ts <= ? AND ts >= ?{sources}"
        f" AND {who} ORDER BY ts DESC, id LIMIT {200 if latest else CONTACT_LIMIT}",
        [*kinds, until, since, *filters.sources, *args])
    columns = [d[0] for d in cur.description]
    members = Members(store)
    found = []
    for row in (dict(zip(columns, values, strict=True)) for values in cur):
        # LIKE finds "Lena" in "Magdalena" too: the person must be there as a word.
        if names_in(said, str(row["author"]) if hearing else members(row)) and (
                not mine or names_in(mine, str(row["author"]))):
            found.append(row)
            if latest:
                break
    return found


_SEEN = re.compile(
    r"\bwhen\s+did\s+(?:i|we)\s+last\s+(?:see|meet|visit|hang\s+out\s+with)\b|\bwhen\s+was\s+the\s+last\s+time\s+"
    r"(?:i|we)\s+(?:saw|met|visited|hung\s+out\s+with)\b|\bwhen\s+did\s+(?:i|we)\s+(?:see|meet)\s+.{1,40}?\s+last\b",
    re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_NOT_YET = re.compile(
    r"\b(?:will|won't|'ll|going\s+to|gonna|tomorrow|next|later|soon|plan|planning|hope|want)\b|\?\s*$", re.I)
"""A plan or a question, not a time seen."""


def _together(names: list[str]) -> re.Pattern[str]:
    """A sentence that has the owner with them: "with Lena", "Lena and I", "met Lena", "Lena
    came by", "Jonas and Lena were cheering", "party at Tom and Ines's"."""
    who = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(
        rf"\bwith\s+(?:\w+\s+and\s+)?(?:{who})\b|\b(?:{who})\s+and\s+(?:I|me)\b|\b(?:I|me)\s+and\s+(?:{who})\b"
        rf"|\b(?:met|saw|visited|hugged|joined|picked\s+up)\s+(?:{who})\b"
        rf"|\b(?:{who})\s+(?:came|dropped|stopped|swung|popped)\s+(?:by|over|round|around|in)\b"
        rf"|\b(?:{who})\s+(?:visited|joined\s+(?:me|us)|(?:was|were)\s+(?:there|here|cheering|waiting))\b"
        rf"|\b(?:{who})\s+and\s+\w+\s+(?:were|came)\b"
        rf"|\bat\s+(?:\w+\s+and\s+)?(?:{who})['’]s?(?!\w)",
        re.I)


def last_seen(store: Store, question: str, understood: Understood, now: datetime | None = None) -> Answer | None:
    """When the owner was last with the one person asked about: the latest calendar entry or
    meeting with them (as a participant or in its title), or line of a note or chat that has
    them together ("Lena and I took the train", "Jonas and Lena were cheering at the canal"),
    dated by the day the line names ("Sunday (31 May)") when it names one. Plans ("we'll see
    Lena on Friday", questions) are not times seen. None when the question is not of this form
    or nothing has them together."""
    if _SEEN.search(question) is None or len(understood.people) > 1:
        return None
    # Someone only named in notes ("Ines (Tom's partner)") is in no people table: their name as written.
    names = sorted(names_of(store, understood.people[0])) if understood.people else _named(store, question)
    if not names:
        return None
    together = _together(names)
    until = (now or datetime.now().astimezone()).timestamp()
    members = Members(store)
    # An entry with them in it, or a line that names them (their own chat lines rarely do).
    said = " OR ".join("text LIKE ?" for _ in names)
    entry = " OR ".join("title LIKE ? OR participants LIKE ?" for _ in names)
    cur = store.catalog.db.execute(
        f"SELECT * FROM records WHERE ts <= ? AND ((kind IN ('note', 'message', 'event', 'meeting') AND ({said}))"
        f" OR (kind IN ('event', 'meeting') AND ({entry}))) ORDER BY ts DESC, id LIMIT 500",
        [int(until), *[f"%{n}%" for n in names], *[f"%{n}%" for n in names for _ in range(2)]])
    columns = [d[0] for d in cur.description]
    best: tuple[datetime, dict[str, object], str] | None = None
    for row in (dict(zip(columns, values, strict=True)) for values in cur):
        row["when"] = written = row_time(row)
        if best is not None and written <= best[0]:
            break  # newest first, and a record tells no time after its own
        for moment, said in _times_together(row, written, names, together, members):
            if moment.timestamp() <= until and (best is None or moment > best[0]):
                best = (moment, row, said)
    if best is None:
        return None
    moment, row, said = best
    citations: list[Hit] = []
    number = cite(store, row, citations)
    return Answer(f"{moment:%A} {moment.day} {moment:%B %Y}: {said} {number}", tuple(citations))


_LOOK_BACK = timedelta(days=31)
_CAPITALISED = re.compile(r"(?<!^)(?<![.!?]\s)\b([A-ZÄÖÜÀ-Þ][\w’'-]+)")


def _named(store: Store, question: str) -> list[str]:
    """The name the question asks about when the people table knows no one of it: its one
    capitalised word that records have ("Ines"), else nothing."""
    words = {w.removesuffix("'s").removesuffix("’s") for w in _CAPITALISED.findall(question)} - {"I"}
    found = [w for w in words if store.catalog.contains_term(w)]
    return found if len(found) == 1 else []


def _times_together(row: dict[str, object], written: datetime, names: list[str], together: re.Pattern[str],
                    members: Members) -> list[tuple[datetime, str]]:
    """(when, what to say) for each time a record has the owner with them."""
    kind = str(row["kind"])
    if kind in ("event", "meeting"):
        if names_in(names, members(row)) or names_in(names, str(row["title"])) or (
                kind == "event" and together.search(str(row["text"]))):  # "party at Tom and Ines's"
            return [(written, f"{'the meeting' if kind == 'meeting' else 'in your calendar'} \"{row['title']}\"")]
        return []
    found = []
    for line in str(row["text"]).split("\n"):
        for sentence in _SENTENCE.split(line):
            sentence = " ".join(sentence.split()).lstrip("#-* ")
            if not together.search(sentence) or _NOT_YET.search(sentence):
                continue
            # The day its line names ("- Sunday (31 May) I ran ... Jonas and Lena were cheering"),
            # and the whole line when it is short: what they were there for.
            whole = " ".join(line.split()).lstrip("#-* ")
            found.append((_day_named(sentence, written) or _day_named(line, written) or written,
                          _said(row, whole if len(whole) <= 200 else sentence)))
    return found


def _day_named(text: str, written: datetime) -> datetime | None:
    """The day a text names, read as of when it was written, when it is up to a month before."""
    named = parse_time(text, written.replace(tzinfo=None))
    if named is None or not named.exact or named.since is None:
        return None
    day = named.since.replace(tzinfo=written.tzinfo)
    return day if written - _LOOK_BACK <= day <= written else None


def _said(row: dict[str, object], sentence: str) -> str:
    if row["kind"] == "message":
        author = str(row["author"]).split("<")[0].strip()
        sentence = f"{author or 'a message'} in the chat: {sentence}"
    return sentence if len(sentence) <= 200 else sentence[:197].rsplit(" ", 1)[0] + " …"
