"""Who someone is: "Who is Ines?" from the people table and what the records say of them.

A name alone is far in meaning from every passage, so search finds "nothing about that". The
answer is what the records say of the person in so many words: an apposition ("Ines (Tom's
partner)", "Anna Schmidt (product lead)", "my brother Tom", "Priya, our researcher,") and
a role they are named in ("Ulrike Haas as the teacher", "Teacher:  Ulrike Haas") or a firm
they are of ("Herr Yilmaz of Yilmaz Haustechnik"), the line under their name at the end of
their own mail (a signature: "Product Lead Atlas");
then how the person appears (addresses, how many records of which kind, from when to when).
"""

from __future__ import annotations

import json
import re
from collections import Counter

from retrieval.abstain import NOTHING_FOUND, RELATIONS
from retrieval.count import cite
from retrieval.gazetteer import is_city
from retrieval.understand import WHO_IS
from twin.schema import Answer, Hit, from_epoch
from twin.store import Store
from twin.store.people import HONORIFICS, parse_alias

__all__ = ["JOB_ASKED", "JOB_TOLD", "LIVES_ASKED", "ROLES", "contact_details", "read_who_question", "what_they_do",
           "where_lives", "who_has_role", "who_is"]

_MONTHS = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\d", re.I)
_VERB = re.compile(r"\b(?:is|are|was|were|am|be|been|have|has|had|will|would|can|could|do|does|did)\b", re.I)
_KINDS = {"email": ("mail", "mails"), "message": ("message", "messages"), "meeting": ("meeting", "meetings"),
          "event": ("calendar entry", "calendar entries"), "note": ("note", "notes")}
LIMIT = 2000
"""Records read for what they say of the person, at most."""
SHOWN = 3
"""Descriptions quoted at most."""


def read_who_question(question: str) -> str | None:
    """The name a "who is <Name>?" question asks about, or None."""
    match = WHO_IS.match(question)
    return match.group("name") if match else None


_NAME = r"[A-ZÄÖÜ][\w'’-]+(?:\s+[A-ZÄÖÜ][\w'’-]+)?"
JOB_ASKED = re.compile(rf"^\s*(?i:what)\s+(?i:does|did)\s+(?P<doer>{_NAME})\s+(?i:do)"
                        r"(?:\s+(?i:for\s+(?:work|a\s+living)))?\s*\??\s*$"
                        rf"|^\s*(?i:what)\s+(?i:is|was)\s+(?P<whose>{_NAME})['’]s?\s+"
                        r"(?i:job|role|position|profession|occupation|title)\s*\??\s*$")
"""Asked what someone does: "What does Anna do?", "What is Priya's job?"."""
JOB_TOLD = re.compile(r"\b(?:works?|worked|working)\s+(?:as|at|for|in)\b|\bjob\b|\bprofession\b"
                      r"|\bstud(?:y|ies|ied)\b|\b(?:student|freelancer?|self-employed|retired)\b"
                      r"|\b(?:architect|engineer|designer|developer|programmer|researcher|scientist|artist|journalist"
                      r"|writer|musician|physician|pharmacist|professor|lecturer|analyst|economist|gardener|carpenter"
                      r"|waiter|waitress|baker|farmer|psychologist|librarian|producer|salesperson"
                      r"|architecture|engineering|medicine|nursing)s?\b", re.I)
"""A line that tells someone's work: "works as", "his landscape architecture studies"."""


def what_they_do(store: Store, question: str) -> Answer | None:
    """"What does Anna do?": what the records say of the person in so many words ("Anna
    Schmidt: product lead"), as "Who is Anna?" answers it; None when the question is not of this
    form or the records describe them by no role (search answers, or refuses)."""
    asked = JOB_ASKED.match(question)
    if asked is None:
        return None
    known = who_is(store, f"Who is {asked.group('doer') or asked.group('whose')}?")
    if known is None or ": " not in known.answer.split("\n", 1)[0]:
        return None
    head, _, rest = known.answer.partition("\n")
    return Answer(head, known.citations, rest)


ROLES = (r"(?:teacher|instructor|tutor|coach|trainer|host|speaker|doctor|dentist|therapist|landlord|landlady|plumber"
          r"|electrician|lawyer|accountant|manager|lead|leader|guide|chef|caretaker|moderator|facilitator|mentor"
          r"|supervisor|advis[eo]r|consultant|nurse|vet|mechanic|technician|recruiter|editor|photographer|babysitter"
          r"|nanny|cleaner|owner|agent|contact\s+person|teammate|colleague|boss|neighbou?r)")
"""What a line may name someone as ("Teacher:  Ulrike Haas", "Ulrike Haas as the teacher"); a
label of another kind ("Monday: Anna", "Organizer: Anna Schmidt") says nothing of who they are."""


def _names(store: Store, name: str) -> tuple[str, list[str], set[str]]:
    """The person's display name, the ways the records write them (full names first) and, when
    the people table knows them, the names they write and take part as."""
    people = store.catalog.people
    known = people.named_in(name)
    person = known[0] if known else name
    aliases = {a.split("<")[0].strip().strip('"') for a in people.aliases_of(person)} if known else set()
    aliases = {a for a in aliases if a and "@" not in a}
    full = aliases | {person, name}
    if known:
        # A known person is written by a full name or their first name; a surname alone is
        # too often someone else's (Tom Berg's "Berg" is his sister Maya's too).
        parts = {n.split()[0] for n in full if len(n.split()[0]) >= 3 and n.split()[0] not in HONORIFICS}
    else:  # "Herr Kowalski": the name as asked, and its first word but a title ("Kowalski")
        words = [p for p in name.split() if len(p) >= 3 and p[:1].isupper() and p.rstrip(".") not in HONORIFICS]
        parts = set(words[:1])
    return person, sorted(full, key=len, reverse=True) + sorted(parts - full), aliases


def _descriptions(text: str, names: list[str]) -> list[str]:
    """What a text says the person is, in so many words."""
    found = []
    for name in names:
        said = re.escape(name)
        patterns = [
            rf"\b{said}\s*\(([^()\n]{{3,40}})\)",  # Ines (Tom's partner)
            # Priya, our researcher, (not "Hi Anna, a quick question" nor "Thanks Anna, the slides")
            rf"(?<!\bHi )(?<!\bHey )(?<!\bDear )(?<!\bHello )(?<!\bThanks )(?<!\bThank you )(?<!\bMorning )"
            rf"\b{said},\s+((?:my|our|the|a|an)\s+[^,.;:\n]{{3,40}}?),",
            rf"\b((?:my|our)\s+(?:\w+\s+)?{RELATIONS})\s+{said}\b",  # my brother Tom, our new neighbour Lena
            rf"\b{said}\s+is\s+((?:my|our)\s+(?:\w+\s+)?{RELATIONS})\b",  # Lena is my neighbour
            # Ulrike Haas as the teacher; Herr Yilmaz of Yilmaz Haustechnik; "Teacher:  Ulrike Haas"
            rf"\b{said}\s+as\s+((?:the|our|my)\s+(?:[a-z][\w-]*\s+)?{ROLES})\b",
            rf"\b{said}\s+(of\s+[A-ZÄÖÜ][\w&.-]+(?:\s+[A-ZÄÖÜ][\w&.-]+){{0,3}})",
            rf"(?m)^[ \t]*((?i:(?:[a-z]+\s+)?{ROLES})):[ \t]*{said}[ \t]*$",
        ]
        for pattern in patterns:
            for match in re.finditer(pattern, text):
                what = " ".join(match.group(1).split())
                if _MONTHS.search(what) or _VERB.search(what):
                    continue  # "Jonas (18 May)" is a date, "Anna, my name is" a sentence: not who
                found.append(what.lower() if pattern is patterns[-1] else what)  # "Teacher:" is "teacher"
    return found


def _signature(text: str, names: list[str]) -> str | None:
    """The line under the sender's name at the end of their mail ("Product Lead Atlas")."""
    lines = [line.strip() for line in text.strip().split("\n")][-8:]
    for i, line in enumerate(lines[:-1]):
        if line == names[0]:
            below = lines[i + 1]
            if 3 <= len(below) <= 60 and "@" not in below and not re.search(r"\d{4,}|\+\d", below):
                return below.replace("=C2=B7", "·")
    return None


def who_is(store: Store, question: str) -> Answer | None:
    """The answer to "who is <Name>?", or None when the question is not of this form or no
    record names the person."""
    name = read_who_question(question)
    if name is None:
        return None
    person, names, aliases = _names(store, name)
    catalog = store.catalog
    clauses = " OR ".join("text LIKE ? OR author LIKE ? OR participants LIKE ?" for _ in names)
    cur = catalog.db.execute(f"SELECT * FROM records WHERE ({clauses}) AND kind != 'attachment' ORDER BY ts LIMIT ?",
                             [*(f"%{n}%" for n in names for _ in range(3)), LIMIT])
    columns = [d[0] for d in cur.description]
    rows = [dict(zip(columns, values, strict=True)) for values in cur]
    # Whole words only: "Tom" is not "Tomorrow".
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")
    rows = [r for r in rows if pattern.search(f"{r['author']} {r['participants']} {r['text']}")]
    if not rows:
        return None
    said: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        text = str(row["text"])
        found = _descriptions(text, names)
        own = names[0].lower() in str(row["author"]).lower()
        if row["kind"] == "email" and own and (signature := _signature(text, names)):
            found.append(signature)
        for what in dict.fromkeys(found):
            # "Teacher:  Ulrike Haas" and "Ulrike Haas as the teacher" say one thing.
            key = re.sub(r"^(?:the|a|an)\s+", "", what.lower())
            said.setdefault(next((w for w in said if re.sub(r"^(?:the|a|an)\s+", "", w.lower()) == key), what),
                            []).append(row)
    theirs = [r for r in rows
              if any(re.search(rf"(?:^|[\s\[\",]){re.escape(a.lower())}(?:$|[\s\]\",<])",
                               f"{r['author']} {r['participants']}".lower()) for a in aliases)]
    citations: list[Hit] = []

    best = sorted(said.items(), key=lambda item: (-len(item[1]), str(item[1][0]["ts"])))[:SHOWN]
    described = "; ".join(f"{what} {cite(store, where[0], citations)}" for what, where in best)
    lines = [f"{person}: {described}" if described else person]
    addresses = sorted({a for r in theirs for a in [*json.loads(str(r["participants"])), str(r["author"])]
                        if "@" in a and any(a.lower().startswith(n.lower()) for n in aliases)})
    if addresses:
        lines.append("Writes as " + ", ".join(addresses[:3]) + ".")
    shown = theirs or rows
    kinds = Counter(str(r["kind"]) for r in shown)
    first = from_epoch(int(str(shown[0]["ts"])), int(str(shown[0]["ts_offset"])))
    last = from_epoch(int(str(shown[-1]["ts"])), int(str(shown[-1]["ts_offset"])))
    how = ", ".join(f"{n} {_KINDS.get(k, (k, k + 's'))[n != 1]}" for k, n in kinds.most_common())
    verb = "with them" if theirs else "naming them"
    more = f"; named in {len(rows) - len(theirs)} more" if theirs and len(rows) > len(theirs) else ""
    lines.append(f"{len(shown)} record{'s' if len(shown) != 1 else ''} {verb} ({how}), "
                 f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y} {cite(store, shown[-1], citations)}{more}.")
    return Answer("\n".join(lines), tuple(citations))


_ROLE_ASKED = re.compile(r"^\s*[Ww]ho\s+(?:is|was|are|were)\s+(?P<owner>(?i:my|our|the)|[A-ZÄÖÜ][\w-]+['’]s)\s+"
                         r"(?P<role>[a-z][a-z-]+(?:\s+[a-z][a-z-]+)?)(?:\s+(?:at|in|from|of|on)\s+[^?]+)?\s*\??\s*$")
"""Asked by a role: "Who is my landlord?", "Who is Sam's boss at the podcast studio?"."""
_PERSON = r"(?P<name>(?:(?:Herr|Frau|Mr|Mrs|Ms|Dr)\.?\s+)?[A-ZÄÖÜ][\w'’-]+(?:\s+[A-ZÄÖÜ][\w'’-]+)?)"


def _role_patterns(role: str) -> list[re.Pattern[str]]:
    """Where the records name someone by the role asked: "Herr Kowalski (landlord)", "my
    landlord, Herr Kowalski", "Herr Kowalski, my landlord", "Ulrike Haas as the teacher",
    "Teacher: Ulrike Haas"."""
    said = r"(?:[a-z]+\s+)?" + re.escape(role.rsplit(maxsplit=1)[-1]) + r"s?"  # "pottery teacher" and "teacher"
    return [re.compile(rf"{_PERSON}\s*\((?:my\s+|our\s+|the\s+)?{said}\)"),
            re.compile(rf"\b(?i:my|our)\s+{said},?\s+{_PERSON}"),
            re.compile(rf"{_PERSON},\s+(?i:my|our)\s+{said}\b"),
            re.compile(rf"{_PERSON}\s+as\s+(?i:the|my|our)\s+{said}\b"),
            re.compile(rf"(?i:{said}):\s+{_PERSON}")]


_NOT_ROLES = frozenset({"one", "person", "man", "woman", "guy", "first", "last", "best", "winner", "name"})
"""Words after "who is the" that name no role a record would give someone."""


def who_has_role(store: Store, question: str, me: str | None = None) -> Answer | None:
    """"Who is my landlord?": the person the records name by that role most often (each such
    record cited), or None when the question is not of this form or no record names anyone so."""
    asked = _ROLE_ASKED.match(question)
    if asked is None or asked.group("role").lower() in _NOT_ROLES or asked.group("role").endswith("ing"):
        return None  # "Who is Nora's sister marrying?" asks no role
    role = asked.group("role").lower()
    # "Sam's boss" is whom Sam calls "my boss": a line of Sam's, or an apposition anyone writes.
    owner = re.sub(r"['’]s$", "", asked.group("owner")) if asked.group("owner")[:1].isupper() else None
    cur = store.catalog.db.execute(
        "SELECT * FROM records WHERE text LIKE ? AND kind != 'attachment' ORDER BY ts LIMIT ?",
        (f"%{role.split()[-1]}%", LIMIT))
    columns = [d[0] for d in cur.description]
    people = store.catalog.people
    named: dict[str, list[tuple[dict[str, object], str]]] = {}
    for values in cur:
        row = dict(zip(columns, values, strict=True))
        text = re.sub(r"\*\*|__|`", "", str(row["text"]))  # "Teacher: **Ulrike Haas**"
        for n, pattern in enumerate(_role_patterns(role)):
            if owner and n in (1, 2) and owner.lower() not in str(row["author"]).lower():
                continue  # "my boss Ayla" is Sam's boss only in Sam's own words
            for match in pattern.finditer(text):
                who = (people.named_in(match.group("name")) or [match.group("name")])[0]
                if who not in (me, owner) and not (owner and owner in who):
                    named.setdefault(who, []).append((row, match.group(0)))
    if not named:
        return None
    person, where = max(named.items(), key=lambda item: len({str(r["id"]) for r, _ in item[1]}))
    citations: list[Hit] = []
    quotes = "; ".join(f"\"{said}\" {cite(store, row, citations)}" for row, said in where[:SHOWN])
    return Answer(person, tuple(citations), quotes)


LIVES_ASKED = re.compile(r"^\s*where\s+(?:does|do)\s+(?P<who>[^?]+?)\s+(?:live|live\s+now|currently\s+live)\s*\??\s*$",
                         re.I)
"""Asked where someone lives: "Where does Jonas live?", "Where does my mum live?"."""
_KIN = {"mum": "mum|mother|mom|mama", "mother": "mum|mother|mom|mama", "mom": "mum|mother|mom|mama",
        "dad": "dad|father|papa", "father": "dad|father|papa", "parents": "parents"}
"""Kin a question names as "my mum", and how the records write them ("Mum came from Lübeck")."""
_PLACE = r"(?P<place>[A-ZÄÖÜ][\w'’-]+(?:[ -][A-ZÄÖÜ][\w'’-]+)*)"
_HOME = r"(?:place|flat|apartment|house|home)"
_ADDRESS = (r"(?P<place>(?:[A-ZÄÖÜ][\w'’-]*[ -])?(?:[A-ZÄÖÜ][\w'’-]*)?(?i:stra(?:ß|ss)e|str\.|weg|platz|allee|gasse"
            r"|damm|ufer|\s+(?:street|road|avenue|lane))\s+\d+[a-z]?(?:,\s*\d{4,5}\s+[A-ZÄÖÜ][\w-]+)?)")
"""A street address: "Wiener Straße 12, 10999 Berlin"."""
_HEDGE = re.compile(r"\b(?:might|maybe|perhaps|if|would|thinking|plan(?:s|ned|ning)?|want\w*|hop(?:e|es|ing))\b"
                    r"|\?\s*$", re.I)
"""A line that tells a plan or a wish ("Lena might move to Leipzig"): no one lives there yet."""


def _home_patterns(names: str) -> list[re.Pattern[str]]:
    """Where the records tell someone's home, strongest first: "Tom lives in Hamburg", "Jonas
    moved to Wedding", "Jonas's flat in Neukölln", "at Tom and Ines's in Hamburg-Ottensen",
    "with Jonas at his place in Neukölln"; last "Mum came from Lübeck" (a city only)."""
    who = rf"(?<!['’]s\s)\b(?:{names})\b"  # not "Tom's mum" for "my mum"
    return [re.compile(rf"\b(?i:delivery|shipping|billing|home|postal)\s+address:\s*{who},\s*{_ADDRESS}"),
            re.compile(rf"{who},?\s+(?:who\s+)?(?:now\s+|still\s+|also\s+)?lives?\s+(?:in|on)\s+{_PLACE}"),
            re.compile(rf"{who}\s+(?:has\s+|had\s+|just\s+|finally\s+)*moved\s+(?:to|into)\s+{_PLACE}"),
            re.compile(rf"{who}['’]s?\s+(?:new\s+)?{_HOME}\s+(?:in|on)\s+{_PLACE}"),
            re.compile(rf"\bat\s+{who}(?:\s+and\s+[A-ZÄÖÜ][\w-]+)?['’]s?\s+(?:(?:new\s+)?{_HOME}\s+)?in\s+{_PLACE}"),
            # "with Jonas at his place in Neukölln": no one else named between ("Jonas helped Tom
            # move into his new flat", "Jonas and I picked Lena up at her place").
            re.compile(rf"{who}(?:(?![A-ZÄÖÜ])[^.;!?\n]){{0,60}}?\b(?:his|her|their)\s+(?:new\s+)?{_HOME}\s+(?:in|on)\s+"
                       rf"{_PLACE}"),
            re.compile(rf"{who}\s+came\s+(?:up\s+|down\s+|over\s+)?from\s+{_PLACE}")]


_STRENGTH = (0, 1, 1, 1, 1, 2, 3)
"""How surely each of `_home_patterns` tells a home: an address; "lives in", "moved to", "flat in"
and "at X's in" alike (the latest of them wins: one moves); a pronoun's home; "came from"."""


_OWN_HOME = [re.compile(rf"\b[Mm]y\s+(?:flat|place|apartment|house|home)\s*\(\s*{_ADDRESS}"),
             re.compile(rf"\bI\s+(?:now\s+|still\s+)?live\s+at\s+{_ADDRESS}"),
             re.compile(rf"\bI\s+(?:now\s+|still\s+)?live\s+(?:in|on)\s+{_PLACE}"),
             re.compile(rf"\bI(?:['’]ve|\s+have)?\s+(?:just\s+|finally\s+)?moved\s+(?:to|into)\s+{_PLACE}"),
             re.compile(rf"\b[Mm]y\s+(?:new\s+)?(?:flat|place|apartment|house)\s+(?:is\s+)?(?:in|on)\s+{_PLACE}")]
"""Where one tells one's own home, in one's own words."""


def where_lives(store: Store, question: str, me: str | None = None) -> Answer | None:
    """"Where does Jonas live?": the place the records tell as the person's home (the strongest
    telling, the latest of those; every record telling that place cited, up to `SHOWN`), or None
    when the question is not of this form or no record tells it. Not a plan ("might move to
    Leipzig"), and "came from" only of a city ("Mum came from Lübeck")."""
    asked = LIVES_ASKED.match(question)
    if asked is None:
        return None
    who = asked.group("who").strip()
    kin = re.fullmatch(r"(?i:my|our)\s+(\w+)", who)
    if kin is not None and kin.group(1).lower() in _KIN:
        names, person, words = rf"(?i:(?:my\s+|our\s+)?(?:{_KIN[kin.group(1).lower()]}))", None, \
            _KIN[kin.group(1).lower()].split("|")
    elif who.lower() in ("i", "we"):
        person = me
        if person is None:
            return None
        _, known, _ = _names(store, person)
        names, words = "|".join(re.escape(n) for n in known), known
    elif re.fullmatch(r"[A-ZÄÖÜ][\w'’-]+(?:\s+[A-ZÄÖÜ][\w'’-]+)?", who):
        person, known, _ = _names(store, who)
        names, words = "|".join(re.escape(n) for n in known), known
    else:
        return None  # "Sam's grandmother": someone's kin, whom only their own words name
    authors = set(store.catalog.people.aliases_of(person)) | {person} if person else set()
    patterns = _home_patterns(names)
    found: list[tuple[int, float, dict[str, object], str, str]] = []  # strength, time, row, place, said
    clauses = " OR ".join("text LIKE ?" for _ in words)
    cur = store.catalog.db.execute(
        f"SELECT * FROM records WHERE ({clauses}) AND kind != 'attachment' ORDER BY ts DESC LIMIT ?",
        (*(f"%{w}%" for w in words), LIMIT))  # the latest: where someone lives now
    columns = [d[0] for d in cur.description]
    for values in cur:
        row = dict(zip(columns, values, strict=True))
        # One's own words: what one wrote, and, asked of oneself, one's notes.
        own = person is not None and (str(row["author"] or "") in authors or (person == me and row["kind"] == "note"))
        tellings = [*enumerate(patterns), *((n, p) for n, p in enumerate(_OWN_HOME) if own)]
        for line in re.split(r"(?<=[.!?])\s+|\n+", re.sub(r"\*\*|__", "", str(row["text"]))):
            if _HEDGE.search(line):
                continue
            for n, pattern in tellings:
                match = pattern.search(line)
                # "came from" and "moved to" tell a home only of a place: not "came from work",
                # "moved to Marketing" (a city, or a place the records say anyone is in).
                if match and (pattern not in (patterns[2], patterns[-1]) or is_city(match.group("place"))
                              or (pattern is patterns[2] and _said_in(store, match.group("place")))):
                    strength = _STRENGTH[n] if pattern in patterns else 1
                    found.append((strength, float(row["ts"] or 0), row, match.group("place"), match.group(0)))
                    break
    if not found:
        return None
    place = min(found, key=lambda f: (f[0], -f[1]))[3]
    citations: list[Hit] = []
    told = [(row, said) for _, _, row, at, said in sorted(found, key=lambda f: -f[1]) if at == place]
    quotes = "; ".join(f"\"{said}\" {cite(store, row, citations)}" for row, said in told[:SHOWN])
    return Answer(place, tuple(citations), quotes)


def _said_in(store: Store, place: str) -> bool:
    """Whether a record says something is in `place` ("a flat in Wedding"), as of a place."""
    row = store.catalog.db.execute("SELECT 1 FROM records WHERE text LIKE ? LIMIT 1", (f"% in {place}%",)).fetchone()
    return row is not None


_CONTACT = re.compile(
    r"^\s*(?:(?:what|which)\s*(?:['’]?s|\s+is|\s+are|\s+was|\s+were)|give\s+me|tell\s+me|do\s+(?:i|you)\s+have)\s+"
    r"(?P<name>[^?]+?)['’]s?\s+(?P<what>e-?mail(?:\s+ad{1,2}res{1,2}(?:es)?)?|(?:mail|e-?mail)\s+ad{1,2}res{1,2}(?:es)?"
    r"|(?:phone|mobile|cell|telephone|whatsapp)(?:\s+numbers?)?|numbers?|contact(?:\s+(?:details|info))?)\s*\??\s*$"
    r"|^\s*how\s+(?:can|do|could)\s+i\s+(?:reach|contact|get\s+hold\s+of|call|email|e-mail|mail|text)"
    r"\s+(?P<whom>[^?]+?)\s*\??\s*$",
    re.I)
"""Contact details asked for: "What is Lena's email address?", "Anna's phone number?", "How can I reach Tom?"
(and as typed in haste: "whats annas email adress")."""


def contact_details(store: Store, question: str) -> Answer | None:
    """Someone's mail addresses and phone numbers, as the people table knows them from what they
    sent and took part in, each cited by the latest record that has it; None when the question
    is not of this form or names no one the table knows. A kind asked for that the table does
    not have is said to be missing, with what there is instead."""
    match = _CONTACT.match(question)
    if match is None:
        return None
    people = store.catalog.people
    name = match.group("name") or match.group("whom")
    if re.search(r"['’]s?\b", name):
        return None  # "Lena's boss's email": someone else's, whom the table does not know
    known = people.named_in(name)
    if len(known) != 1:
        return None
    person = known[0]
    what = (match.group("what") or "contact").lower()
    mails: dict[str, str] = {}  # as shown: the alias it is known by
    phones: dict[str, str] = {}
    for alias in people.aliases_of(person):
        _, mail, phone = parse_alias(alias)
        if mail:
            mails.setdefault(mail, alias)
        elif phone and alias.strip() not in phones:
            phones[alias.strip()] = alias
    wants_mail = "mail" in what or what.startswith("contact")
    wants_phone = "mail" not in what
    citations: list[Hit] = []

    def said(found: dict[str, str], kind: str) -> str:
        return f"{kind}: " + ", ".join(f"{shown} {_cite_latest(store, alias, citations)}".rstrip()
                                       for shown, alias in found.items())

    lines = ([said(mails, "mail")] if wants_mail and mails else []) + (
        [said(phones, "phone")] if wants_phone and phones else [])
    if lines:
        return Answer(f"{person}'s " + "; ".join(lines), tuple(citations))
    missing = "mail address" if wants_mail and not wants_phone else "phone number"
    other = said(mails, "mail") if mails else said(phones, "phone") if phones else ""
    return Answer(NOTHING_FOUND, tuple(citations), f"No {missing} of {person}" + (f"; {other}" if other else "") + ".")


def _cite_latest(store: Store, alias: str, citations: list[Hit]) -> str:
    """The citation of the latest record written or received as `alias`, or ""."""
    written = json.dumps(alias, ensure_ascii=False)[1:-1]  # as the participants column stores it
    pattern = "%" + written.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    cur = store.catalog.db.execute(
        "SELECT * FROM records WHERE author = ? OR participants LIKE ? ESCAPE '\\' ORDER BY ts DESC LIMIT 1",
        (alias, pattern))
    values = cur.fetchone()
    if values is None:
        return ""
    return cite(store, dict(zip([d[0] for d in cur.description], values, strict=True)), citations)
