"""Counting from the catalog: "how many books did I buy in April?" as distinct events, each cited.

Search ranks; it cannot count. A count question is read for its thing (books) and its act
(buy); every record of the asked time that names both is a candidate, decided by rule; the
candidates are grouped into events (an order and its delivery share an order number; a diary
line and a chat message of the same day name the same title) and the events are counted and
listed, every one with its records cited.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from itertools import pairwise

from retrieval.terms import stem
from retrieval.understand import Understood
from retrieval.when import MONTHS, WEEKDAYS, calendar_words, when_said
from twin.schema import Answer, Hit, from_epoch
from twin.store import Filters, Store
from twin.store.catalog import FORMS

__all__ = ["ACTS", "NOT_DONE", "CountQuestion", "Members", "asked_time", "at_shop", "cite", "count_answer",
           "counted_events", "event_day", "hit_of", "is_automated", "names_in", "names_of", "never_done",
           "read_count_question", "row_time", "says_done", "shop_asked", "singular"]

_WHO = (r"(?:the\s+(?:two|three|four)\s+of\s+(?:them|us)|both\s+of\s+(?:them|us)"
        r"|(?:i|we|you|he|she|they|[\w'’]+)(?:\s*,\s*[\w'’]+)*(?:\s+(?:and|&)\s+(?:i|me|[\w'’]+))?)"
        r"(?:\s+(?:both|all|together|ever|really))?")
"""Who does it: "I", "Anna", "Nora and Sam", "the two of them" (the act is the word after)."""
_QUESTION = re.compile(
    rf"^\s*how\s+many\s+(?:times\s+)?(?P<thing>[\w' -]+?)\s+(?:did|do|have|has|had)\s+(?P<who>{_WHO})"
    r"\s+(?:\w+ly\s+)?(?P<act>\w+)", re.I)
_OFTEN = re.compile(rf"^\s*how\s+(?:often|many\s+times)\s+(?:did|do|have|has)\s+(?P<who>{_WHO})\s+(?P<act>\w+)"
                    r"(?:\s+(?P<thing>[\w-]+))?", re.I)
_NOT_ACTS = frozenset({"and", "or", "of", "the", "a", "an", "to", "in", "on", "at", "with", "for", "from", "two",
                       "three", "both", "all", "them", "us", "it", "this", "that", "not", "ever", "really", "have",
                       "has", "had", "do", "did", "be", "been"})
"""Words a misread question takes for its act: counting "records that say Sam and 'and'" is no
answer (search answers instead)."""
_AUTOMATED = re.compile(r"(?:^|<|\s)(?:newsletters?|news|no-?reply|do-?not-?reply|orders?|notifications?|mailer"
                        r"|marketing|updates)@", re.I)
"""A sender that is a machine: its mail is evidence of a purchase ("your order was delivered"),
not of what one read, ate or visited ("Enjoy reading!", a newsletter's "reading night")."""
COMMERCE = frozenset({"buy", "order", "pay", "book", "send"})
_MEASURES = frozenset({"second", "minute", "hour", "day", "night", "week", "weekend", "month", "year", "km",
                       "kilometre", "kilometer", "mile", "metre", "meter", "euro", "dollar", "pound", "percent",
                       "kg", "kilo", "litre", "liter", "calorie", "step", "page"})
"""Things that are amounts, not events: "how many nights did we stay in Kyoto" is read off a
booking ("6-9 May"), not counted as records that say "night" and "stay" (search answers)."""
ACTS: dict[str, tuple[str, ...]] = {
    "buy": ("buy", "bought", "buys", "buying", "order", "ordered", "orders", "purchase", "purchased", "receipt",
            "gekauft", "kaufte", "bestellt", "bestellung"),
    "read": ("read", "reading", "finished", "gelesen"),
    "visit": ("visit", "visited", "went", "trip", "stayed", "travelled", "traveled"),
    "see": ("see", "saw", "met", "meet", "visited", "seen"),
    "meet": ("meet", "met", "saw", "seen"),
    "watch": ("watch", "watched", "saw", "seen"),
    "eat": ("eat", "ate", "eaten", "dinner", "lunch"),
    "run": ("run", "ran", "running", "runs"),
    "swim": ("swim", "swam", "swimming", "swims"),
    "ride": ("ride", "rode", "riding", "rides", "ridden"),
    "go": ("go", "went", "gone", "going"),
    "write": ("write", "wrote", "written"),
    "send": ("send", "sent"),
    "pay": ("pay", "paid", "payment"),
    "book": ("book", "booked", "booking", "reservation", "reserved"),
}
_SENTENCES = re.compile(r"(?<=[.!?…])\s+|\n+")
_ID = re.compile(r"\b[A-Z]{1,5}-?\d{4,}(?:-\d+)*\b")
_QUOTED = re.compile(r"\*([^*\n]{2,80})\*|\"([^\"\n]{2,80})\"|“([^”\n]{2,80})”|„([^“”\n]{2,80})[“”]")
_TITLE_RUN = re.compile(r"\b(?:[A-Z][\w'’-]+)(?:\s+(?:of|the|and|in|on|a|de|von|der)?\s*[A-Z][\w'’-]+)*")
_SUBJECT_ITEM = re.compile(r":\s*([^:]{2,80})$")
_NOT_THINGS = frozenset({"in", "on", "at", "to", "with", "for", "from", "during", "since", "last", "this", "that",
                         "the", "a", "an", "and", "or"})
_LIGHT_VERBS = frozenset({"go", "went", "do", "did"})
NOT_DONE = re.compile(
    r"\b(?:will|won't|going\s+to|gonna|tomorrow|next|later|soon|plan\w*|hop(?:e|es|ing)|want\w*|would|should"
    r"|might|maybe|every|usually|always|often|normally|from\s+now\s+on|skipped|missed|cancel\w*"
    r"|didn['’]t|did\s+not|never|habit|can|could|propos\w*|at\s+least\s+once|once\s+a\s+(?:week|month|year)"
    r"|no\s+\w+ing)\b|['’]ll\b|\?\s*$", re.I)
"""A sentence that tells of no time it was done: a plan, a wish, a habit, a miss, a question."""
_BACK_TO_IT = re.compile(r"\b(?:it|them|one|this|that|these|those)\b", re.I)
"""A sentence that names what the one before it did ("I bought it on the spot")."""
_ANYONE_MAY = re.compile(r"\b(?:you|one|customers?|readers?)\s+(?:can|could|may|might)\s+(?:\w+\s+){0,2}?(?P<act>\w+)",
                         re.I)
"""What anyone may do ("you can order any book by email"), the act within three words."""
_AFTER_ACT = re.compile(r"[,;:]\s|\s[–—-]\s")
_IN_QUOTES = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”|„[^“”\n]*[“”]")
_IDIOMS = re.compile(r"\b(?:ran|run|runs|running)\s+(?:over|out|late|into|by|total)\b"
                     r"|\b\w+ing\s+(?:shoes?|shirts?|gear|days?|club|app|watch|total|costs?|order|group|partner|route)\b",
                     re.I)
"""Words of an act that say something else ("the call ran over", "a running total", "running shoes")."""
LIMIT = 2000
"""Candidate chunks looked at, at most: a count over more than this is a report, not a question."""


@dataclass(frozen=True)
class CountQuestion:
    thing: str
    """The counted noun as asked ("books"), or "" for "how often did I ..."."""
    act: str
    """The verb as asked ("buy")."""
    times: bool = False
    """Asked as "how many times" or "how often": the thing is what the act is about ("go climbing")."""
    who: str = ""
    """Who does it, as asked ("I", "Nora and Sam")."""

    @property
    def activity(self) -> str:
        """For "go running", "do hiking": the start every form of the activity shares ("run",
        "hik", "boulder"); the activity, not "go", is what a record must say ("I ran the 10 km")."""
        words = self.thing.split()
        if not (self.times and self.act.lower() in _LIGHT_VERBS and len(words) == 1
                and words[0].lower().endswith("ing") and len(words[0]) >= 5):
            return ""
        base = words[0].lower()[:-3]  # "running" → "run", "bouldering" → "boulder", "hiking" → "hik"
        return base[:-1] if len(base) >= 3 and base[-1] == base[-2] and base[-1] not in "aeiouls" else base

    @property
    def commerce(self) -> bool:
        """Whether the act is one that shops' mail records (buying, ordering, paying, booking)."""
        act = self.act.lower()
        return act in COMMERCE or any(act in forms for key, forms in ACTS.items() if key in COMMERCE)

    @property
    def thing_forms(self) -> tuple[str, ...]:
        word = self.thing.split()[-1].lower() if self.thing else ""
        if not word:
            return ()
        return tuple(dict.fromkeys([singular(word), word]))

    @property
    def act_forms(self) -> tuple[str, ...]:
        act = self.act.lower()
        base = act[:-3] if act.endswith("ing") else act[:-2] if act.endswith("ed") else act
        # "have I bought": the forms of "buy", whose irregular past it is (not "stayed" those of
        # "visit", whose forms it is among: a hotel stayed at is no city visited).
        forms = ACTS.get(act) or ACTS.get(base) or next((ACTS[v] for v in FORMS.get(act, ()) if v in ACTS), None) \
            or (act, act + "s", act + "ed", act + "ing")
        return tuple(forms)


def singular(word: str) -> str:
    """A plural noun as one: "cities" → "city", "matches" → "match", "books" → "book"."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def read_count_question(question: str) -> CountQuestion | None:
    """The thing and act of a count question, or None when it reads as no countable act."""
    if match := _OFTEN.match(question):
        thing = match.group("thing") or ""
        asked = CountQuestion("" if thing.lower() in _NOT_THINGS else thing, match.group("act"), times=True,
                              who=match.group("who").strip())
    elif match := _QUESTION.match(question):
        asked = CountQuestion(match.group("thing").strip(), match.group("act"), who=match.group("who").strip())
    else:
        return None
    if asked.act.lower() in _NOT_ACTS or (asked.thing_forms and asked.thing_forms[0].lower() in _MEASURES
                                          and not asked.times):
        return None
    return asked


@dataclass
class _Event:
    rows: list[dict[str, object]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    spans: Counter[str] = field(default_factory=Counter)
    days: set[str] = field(default_factory=set)


def is_automated(sender: str) -> bool:
    """Whether mail's sender is a machine (newsletter@, orders@, noreply@, …)."""
    return _AUTOMATED.search(sender) is not None


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", text)}


_VERB_BEFORE = frozenset({"to", "can", "could", "will", "would", "should", "must", "please", "i", "we", "you",
                          "they", "let"})


def _names_thing(text: str, forms: Iterable[str], compounds: bool = True) -> bool:
    """The thing by name, or as the start of a compound ("book" in "bookshop") when `compounds`,
    but not as a verb ("you can book", "booking", "booked")."""
    words = [w.lower() for w in re.findall(r"\w+", text)]
    for i, word in enumerate(words):
        for form in forms:
            if word == form and not (i and words[i - 1] in _VERB_BEFORE):
                return True
            if (compounds and word.startswith(form) and len(word) > len(form) + 2
                    and not word[len(form):].startswith(("ing", "ed", "er"))):
                return True
    return False


def _same(a: str, b: str) -> bool:
    """Two names of one thing: equal, or one inside the other ("Bought The Book of Tea")."""
    a, b = a.lower(), b.lower()
    return min(len(a), len(b)) >= 6 and (a in b or b in a)


def _spans(row: dict[str, object]) -> list[str]:
    """Names of what a record is about: a subject's item, quoted or emphasised titles, capitalised runs."""
    text = str(row["text"])
    found: list[str] = []
    if row["kind"] == "email" and (item := _SUBJECT_ITEM.search(str(row["title"]))):
        found.append(item.group(1).strip())
    found += [next(g for g in m.groups() if g).strip() for m in _QUOTED.finditer(text)]
    for match in _TITLE_RUN.finditer(text):
        span = match.group(0).strip()
        start = match.start()
        sentence_start = start == 0 or text[max(0, start - 2):start].strip() in {".", "!", "?", ":", ""}
        if (" " in span or not sentence_start) and span.lower() not in {"i", "the", "a"}:
            found.append(span)
    return [s for s in dict.fromkeys(found) if len(s) > 2]


def _group(rows: list[dict[str, object]], by_day: bool = False) -> list[_Event]:
    """Records of one event: the same order number, or the same day and a shared name; with
    `by_day` (an activity: "how often did I run"), any records telling of a same day ("Out for the
    river run", "Yesterday I did my river run", a recap's "Kyoto (6–9 May): … river run")."""
    events: list[_Event] = []
    for row in rows:
        ids = set(_ID.findall(f"{row['title']} {row['text']}"))
        spans = set(_spans(row))
        days = set(row["days"]) if by_day else {str(row["day"])}  # type: ignore[call-overload]
        homes = [e for e in events if ((ids & e.ids) or (days & e.days and (
            by_day or any(_same(a, b) for a in spans for b in e.spans)))) and not _other_entry(row, e)]
        home = homes[0] if homes else _Event()
        if not homes:
            events.append(home)
        for other in homes[1:]:  # a record telling of days of two events makes them one
            home.rows += other.rows
            home.ids |= other.ids
            home.spans.update(other.spans)
            home.days |= other.days
            events.remove(other)
        home.rows.append(row)
        home.ids |= ids
        home.spans.update(spans)
        home.days |= days
    for event in events:
        event.rows.sort(key=lambda r: (int(str(r["ts"])), str(r["id"])))
    return events


def _other_entry(row: dict[str, object], event: _Event) -> bool:
    """Whether `row` and the event are entries of one list naming different things ("- *Piranesi*,
    bought at Kiezbuch on 4 April", "- *Circe*, bought at Kiezbuch on 4 April")."""
    head = row.get("head")
    return bool(head) and any(r.get("head") and r["id"] == row["id"] and r["head"] != head for r in event.rows)


def _label(event: _Event, acts: tuple[str, ...]) -> str:
    """The event's name: a mail subject's item, else what its records share, else what follows the act."""
    for row in event.rows:
        if row["kind"] == "email" and (item := _SUBJECT_ITEM.search(str(row["title"]))):
            return item.group(1).strip()
    per_row = [_spans(row) for row in event.rows]
    shared = [a for spans in per_row for a in spans
              if sum(any(_same(a, b) for b in other) for other in per_row) > 1]
    if shared:
        # What a list entry is about ("- **Strange Weather in Tokyo**, … Bought at Kinokuniya in
        # Shinjuku"), before a shop they share; else the shortest ("Bought The Book of Tea" is
        # "The Book of Tea").
        heads = {str(row["head"]).lower() for row in event.rows if row.get("head")}
        return min(shared, key=lambda name: (name.lower() not in heads, len(name)))
    first = event.rows[0]
    if first.get("head"):
        return str(first["head"])  # a list entry is about its head: "- **Braiding Sweetgrass**, … Ordered at Kiezbuch"
    spans = _spans(first)
    text = str(first["text"])
    for act in acts:
        at = re.search(rf"\b{re.escape(act)}\b", text, re.I)
        if at is not None:
            # The title (quoted or emphasised) that follows the act most closely ("read the first
            # half of *Kitchen*", wherever else the record names it), else the closest name.
            titles = {next(g for g in m.groups() if g).strip() for m in _QUOTED.finditer(text)}
            after = sorted((s not in titles, text.find(s, at.end()), s) for s in spans if text.find(s, at.end()) >= 0)
            if after:
                return after[0][2]
    if spans:
        return spans[0]
    if first["kind"] == "message" or not first["title"]:
        # A chat's title is the chat ("Sam Reyes"), no name for one of its messages.
        line = " ".join(text.split())
        return line if len(line) <= 60 else line[:57].rsplit(" ", 1)[0] + " …"
    return str(first["title"])


def says_done(question: CountQuestion, mail: bool = False,
              owner: frozenset[str] = frozenset()) -> Callable[[str], bool]:
    """Whether a sentence says the act done (not planned, wished, habitual or asked). A shop's
    `mail` says a purchase in its own words ("Order confirmation", "thank you for your purchase").
    `owner`: the words of the owner's names, lower case ("Maya bought" is the owner's purchase)."""
    root = question.activity
    forms = set(ACTS.get(root, ())) | _activity_forms(root) if root else set(question.act_forms)

    def says(sentence: str) -> bool:
        if not question.times:  # a thing bought or read: the words say it ("can't wait to read it" too),
            # not what anyone may do ("you can order any book by email", a shop's newsletter)
            if not _words(sentence) & forms or any(
                    _words(m.group("act")) & forms for m in _ANYONE_MAY.finditer(sentence)):
                return False
            # nor a purchase to come or to do ("we'll buy tickets", "Tasks: buy a day ticket")
            return not question.commerce or mail or not all(
                _to_do(sentence, m, question.thing_forms, owner) for m in re.finditer(r"\w+", sentence)
                if m.group(0).lower() in forms)
        if _CHECKBOX.match(sentence):
            return False  # a packing list's "[x] running shoes (Kamo river run!)" is a thing to take
        # Not in a quote: a sign's "RUN MAYA" or a title's "Run" tells of no run.
        told = _IDIOMS.sub(lambda m: " " * len(m.group(0)), _IN_QUOTES.sub(lambda m: " " * len(m.group(0)), sentence))
        at = next((m for m in re.finditer(r"\w+", told) if m.group(0).lower() in forms), None)
        if at is None:
            return False
        # A plan, habit or miss is said before the act or in its own clause ("Tomorrow: run",
        # "I never ran"), not in a clause after it ("Ran 5 km, coffee later", "..., next to Jonas").
        end = _AFTER_ACT.search(sentence, at.end())
        return not NOT_DONE.search(sentence[:end.start()] if end else sentence) and not sentence.rstrip().endswith("?")

    return says


_CHECKBOX = re.compile(r"^\s*(?:[-*+]\s*)?\[[ xX]\]")
_CLAUSE_START = re.compile(r"[.;:,()\n•]|\s[–—-]\s|^\s*[-*+]\s")
_BASE_FORMS = frozenset({"buy", "order", "pay", "book", "purchase", "send"})
_NOUNS = frozenset({"order", "orders", "purchase", "receipt", "bestellung", "payment", "booking", "reservation"})
_OWN_PROGRESSIVE = frozenset({"i'm", "i’m", "im", "we're", "we’re", "up"})
"""What makes an -ing form a purchase of one's own: "I'm buying", "ended up buying"."""
_OWNERS = frozenset({"i", "we", "i've", "we've", "i’ve", "we’ve"})
_OTHERS = re.compile(r"\b(?:he|she|they|everyone|everybody|nobody|people|participants|users|customers)\b"
                     r"|\b\d+\s+(?:of|out\s+of)\s+\d+\b", re.I)
_OWNED = re.compile(r"\b(?:my|our|your|his|her|their)\s+(?:[\w-]+\s+){0,3}$", re.I)


_SUBJECT_LINKS = frozenset({"and", "&", "also", "just", "finally", "then", "already", "even", "too", "both",
                            "actually", "again", "eventually", "probably", "apparently"})
_NOT_NAMES = frozenset({"yesterday", "today", "tonight", "then", "finally", "also", "so", "and", "but", "just",
                        "later", "afterwards", "eventually", "this", "last", "on", "in", "at", "after", "before",
                        "once", "again", "actually", "anyway", "well", "oh", "ok", "okay", "yes", "no", "first",
                        "tomorrow", "morning", "evening", "afternoon", "night", "week", "weekend", "never",
                        "online", "still", "somehow", "only", "instead", "almost", "nearly", "accidentally",
                        "secretly", "spontaneously", "impulsively", "here", "there", "now", "recently",
                        *WEEKDAYS, *(m.lower() for m in MONTHS)})


def someone_elses(clause: str, things: Iterable[str] = ()) -> bool:
    """Whether the words just before an act name someone else as who did it: "Lena bought",
    "Jonas and Lena also bought"; not "Lena and I bought", a shop's "You ordered", "Yesterday
    bought", "Spontaneously bought", nor the `things` themselves ("- Books bought: one")."""
    words = re.findall(r"[\w'’&]+", clause)
    while words and words[-1].lower() in _SUBJECT_LINKS - {"and", "&"}:
        words.pop()
    subject = []
    while words and (words[-1][:1].isupper() or words[-1].lower() in {"and", "&"}):
        subject.append(words.pop())
    names = [w for w in subject if w.lower() not in {"and", "&"}]
    return bool(names) and not any(w.lower() in {"i", "we", "me", "you"} for w in names) and not any(
        w.lower() in _NOT_NAMES or w.lower() in things or w.lower().endswith("ly") for w in names)


def _to_do(sentence: str, act: re.Match[str], things: tuple[str, ...], owner: frozenset[str] = frozenset()) -> bool:
    """Whether the act word at `act` is no purchase made: planned or wished in its clause
    ("we'll buy", "want to order"), an order to oneself ("buy a day ticket", a task), someone
    else's ("10 of 11 bought"), buying as such or in mind ("buying a ticket needs too many
    steps", "thinking about buying", "I love buying"), or a compound of the thing that names no one's purchase
    ("ticket purchase works", an app's "book order"; "my book order arrived" is one)."""
    clause = _CLAUSE_START.split(sentence[:act.start()])[-1]
    if NOT_DONE.search(clause) or re.search(r"\bto\s*$", clause, re.I) or _OTHERS.search(clause) \
            or someone_elses(clause, (*things, *owner)):
        return True
    word = act.group(0).lower()
    before = re.findall(r"[\w'’]+", clause.lower())
    if word.endswith("ing"):  # "I'm buying", "ended up buying"; not "I love buying", "Jonas is buying"
        own = len(before) > 1 and before[-1] in ("am", "was", "were", "been") and before[-2] in _OWNERS
        return not (before and (before[-1] in _OWN_PROGRESSIVE or own))
    if word in _NOUNS and before and before[-1] in things:
        return not _OWNED.search(clause)
    return not before and word in _BASE_FORMS


def _activity_forms(root: str) -> set[str]:
    """The words of an activity from the start they share: "hik" → hike, hikes, hiked, hiking;
    "run" → run, runs, running; not "runner" or "runway"."""
    if not root:
        return set()
    return {root + end for end in ("", "s", "ed", "ing")} | {f"{root}e{end}" for end in ("", "s", "d")} | {
        f"{root}{root[-1]}{end}" for end in ("ed", "ing")}


def _candidates(store: Store, filters: Filters, question: CountQuestion,
                mine: frozenset[str] = frozenset()) -> list[dict[str, object]]:
    """The records of the time asked that say the act done (and name the thing); with `mine`
    (the owner's names, for an activity asked of "I"), only the owner's own."""
    # A record may tell of a day in the time asked a little after it ("Sunday (31 May) I ran …",
    # written on 2 June): read those too, and keep what tells of a day inside.
    wider = replace(filters, until=filters.until + TOLD_AFTER) if filters.until is not None and question.times \
        else filters
    # A thing bought may be told in a list written any time later ("Books bought in 2026",
    # written in May, has March's): such a note counts for the entries it dates inside.
    lists_later = not question.times and filters.until is not None
    where, args = (replace(filters, until=None) if lists_later else wider).sql("c")
    catalog = store.catalog
    rows = catalog.db.execute(
        "SELECT DISTINCT c.record_id, c.thread, c.start_ts, c.end_ts, c.id FROM chunks_fts JOIN chunks c"
        f" ON c.rowid = chunks_fts.rowid WHERE chunks_fts MATCH ? AND {where} LIMIT ?",
        [_fts_match(question), *args, LIMIT],
    ).fetchall()
    record_ids: dict[str, str] = {}
    for record_id, thread, lo, hi, chunk_id in rows:
        if thread and "#w" in chunk_id:
            for member in catalog.window_members(thread, lo, hi, record_id):
                record_ids.setdefault(member.id, chunk_id)
        else:
            record_ids.setdefault(record_id, chunk_id)
    words = frozenset(w for alias in mine for w in re.findall(r"[^\W\d_]+", alias.split("<")[0]))
    does, mail = says_done(question, owner=words), says_done(question, mail=True)
    found = []
    for record_id, chunk_id in record_ids.items():
        row = catalog.record_row(record_id)
        if row is None or (filters.since is not None and row["ts"] < filters.since):
            continue
        late = wider.until is not None and row["ts"] >= wider.until
        if late and not (lists_later and row["kind"] == "note"):
            continue
        if question.times and mine and row["kind"] not in ("note", "event") and str(row["author"]).lower() not in mine:
            continue  # what I did, I tell (a note, my calendar, my lines), not a race's newsletter
        shop = row["kind"] == "email" and is_automated(str(row["author"]))
        if (told := _told_row(row, question, mail if shop else does, filters)) is not None:
            found.append({**told, "chunk_id": chunk_id, "late": late})
    return sorted(found, key=lambda r: (int(str(r["ts"])), str(r["id"])))


def _fts_match(question: CountQuestion) -> str:
    """The text-index query for a count's candidates: the thing and the act, or the activity."""
    if root := question.activity:  # "go running": "ran", "running", "a run", not "go"
        return " OR ".join(f'"{a}"' for a in sorted(set(ACTS.get(root, ())) | _activity_forms(root)))
    terms = [f'"{w}"*' if len(w) > 3 else f'"{w}"' for w in question.thing_forms[:1]]
    acts = " OR ".join(f'"{a}"' for a in question.act_forms)
    return f"({' OR '.join(terms)}) AND ({acts})" if terms else f"({acts})"


def _told_row(row: dict[str, object], question: CountQuestion, does: Callable[[str], bool],
              filters: Filters) -> dict[str, object] | None:
    """The record with when it was written and the days it tells of the act done, or None when it
    tells of none (in the time asked)."""
    root = question.activity
    text = f"{row['title']}\n{row['text']}"
    # A bookshop tells of books bought there; a bookshelf finished is no book read.
    if question.thing_forms and not root and not _names_thing(text, question.thing_forms, question.commerce):
        return None
    # An activity is told in sentences, not in a title or heading ("## Running: where I stand").
    sentences = _SENTENCES.split(str(row["text"]) if root else text)
    done = [sentence for sentence in sentences if not sentence.lstrip().startswith("#") and does(sentence)]
    if not question.times and row["kind"] != "email":
        # What one wrote of a thing bought names it where it says the act, or just before: "(Tom's
        # orders)" in a route plan that elsewhere mentions a book is no book ordered. (A shop's
        # mail names it anywhere.)
        before = {after: first for first, after in pairwise(sentences)}
        done = [sentence for sentence in done if _names_it(sentence, question) or (
            _BACK_TO_IT.search(sentence) and sentence in before and _names_it(before[sentence], question))]
        # ("… recommended a book. I bought it on the spot.")
    if not done or (row["kind"] == "email" and is_automated(str(row["author"])) and not question.commerce):
        return None
    when = row_time(row)
    # The days an activity was done, read from its sentences; a thing bought is the record's
    # day, or the one day its sentence names ("Kitchen, which I'd ordered on 16 March").
    days = _days_told(done, when, does)
    if not question.times and len(days) != 1:
        days = {when.date().isoformat()}
    if question.times and (filters.since is not None or filters.until is not None) and not any(
            _inside(day, filters) for day in days):
        return None  # written in the time asked or after it, of a day outside it: that time's
    day = min(days) if not question.times else when.date().isoformat()
    return {**row, "when": when, "day": day, "days": days, "told": done[0]}


TOLD_AFTER = 14 * 86400
"""Seconds after a counted time in which a record may still tell of a day inside it."""


def _inside(day: str, filters: Filters) -> bool:
    moment = datetime.fromisoformat(day).replace(hour=12).astimezone().timestamp()
    return (filters.since is None or moment >= filters.since) and (filters.until is None or moment < filters.until)


_CLAUSE = re.compile(r",\s+(?=(?:and\s+)?(?:then|which|but|when|after|before|while|and\s+in)\b)|;\s+|\s+[–-]\s+")
"""Where a sentence goes on to another act ("Long run in the morning, then Kiezbuch to pick up
the book I'd ordered on 16 March"): a day named there is not the run's."""


def _days_told(sentences: list[str], written: datetime, does: Callable[[str], bool]) -> set[str]:
    """The days the clauses that say the act tell of: a day or a few they name ("yesterday",
    "Kyoto (6–9 May)"), else the day they were written."""
    days: set[str] = set()
    for sentence in sentences:
        clauses = [clause for clause in _CLAUSE.split(sentence) if does(clause)]
        told = when_said(" ".join(clauses) if clauses else sentence, written)
        if told is None or told.since is None or told.until is None or told.until - told.since > timedelta(days=4):
            days.add(written.date().isoformat())
            continue
        day = told.since.date()
        while day < told.until.date() or day == told.since.date():
            days.add(day.isoformat())
            day += timedelta(days=1)
    if len(days) > 1 and (date.fromisoformat(max(days)) - date.fromisoformat(min(days))).days > 8:
        # Times far apart ("started running on 1 February", "the race on 31 May"): a report of
        # several, not one event to join others by: its own day.
        return {written.date().isoformat()}
    return days


def asked_time(understood: Understood, filters: Filters) -> Filters:
    """The filters with the question's time range, unless the caller gave one."""
    time_range = understood.time_range
    if time_range is None or filters.since is not None or filters.until is not None:
        return filters
    return Filters(
        since=int(time_range.since.timestamp()) if time_range.since else None,
        until=int(time_range.until.timestamp()) if time_range.until else None,
        sources=filters.sources, kinds=filters.kinds, person=filters.person, aliases=filters.aliases,
    )


def _root(word: str) -> str:
    """The start every form of an activity shares: "running" → "run" (ran aside), "hiking" → "hik"."""
    word = word.lower()
    if word.endswith("ing") and len(word) >= 6:
        word = word[:-3]
        if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeiouls":
            word = word[:-1]
    return stem(word) if len(word) > 6 else word


def names_of(store: Store, person: str) -> set[str]:
    """How records write a person: each alias's name part and their first name."""
    said = {a.split("<")[0].strip() for a in store.catalog.people.aliases_of(person)} | {person.split(maxsplit=1)[0]}
    return {n for n in said if n}


def names_in(names: Iterable[str], text: str) -> bool:
    """Whether `text` has one of `names` as a whole word, any case: "Lena" is not in "Magdalena"
    (SQL's LIKE, which finds the candidates, cannot tell)."""
    return any(re.search(rf"(?<![\w]){re.escape(n.lower())}(?![\w])", text.lower()) for n in names if n)


class Members:
    """Who takes part in a record, in lower case: its author and participants, and for a chat
    message everyone who writes in its chat (a message's record names only its writer)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.threads: dict[str, str] = {}

    def __call__(self, row: dict[str, object]) -> str:
        people = f"{row['author']} {row['participants']}"
        thread = str(row["thread"])
        if row["kind"] == "message" and thread:
            if thread not in self.threads:
                authors = self.store.catalog.db.execute(
                    "SELECT DISTINCT author FROM records WHERE thread = ?", (thread,)).fetchall()
                self.threads[thread] = " ".join(a for (a,) in authors)
            people += " " + self.threads[thread]
        return people.lower()


def _involves(row: dict[str, object], members: str, names: set[str], says: Callable[[str], bool]) -> bool:
    """The record is the person's (they write it or take part in it: `members`), or one of its
    sentences names them and says what is asked (`says`): a diary's "Jonas came over for dal"
    does not make its morning run one with Jonas."""
    if names_in(names, members):
        return True
    return any(says(sentence) and names_in(names, sentence) for sentence in _SENTENCES.split(str(row["text"])))


def never_done(store: Store, question: str, understood: Understood, filters: Filters = Filters()) -> bool:
    """True for "how many times / how often did <people> <act> <activity>" when no record of
    those people in the time asked names the activity at all ("How many times did Jonas and I
    go climbing?" where nothing with Jonas says climb, climbing or climbed): the answer is that
    nothing was found, not the nearest quotes. An activity is said in its own words; a category
    ("how many cities") is not, so only the "times" form is judged."""
    asked = read_count_question(question)
    if asked is None or not asked.times or not asked.thing or not understood.people:
        return False
    word = asked.thing.split()[-1]
    if len(word) < 4 or not word.isalpha():
        return False
    root = _root(word)
    where, args = asked_time(understood, filters).sql("c")
    rows = store.catalog.db.execute(
        "SELECT DISTINCT r.* FROM chunks_fts JOIN chunks c ON c.rowid = chunks_fts.rowid JOIN records r"
        f" ON r.id = c.record_id WHERE chunks_fts MATCH ? AND {where} LIMIT ?", [f'"{root}"*', *args, LIMIT])
    columns = [d[0] for d in rows.description]
    names = [names_of(store, person) for person in understood.people]

    def says(sentence: str) -> bool:
        return any(w.startswith(root) for w in _words(sentence))

    members = Members(store)
    return not any(all(_involves(row, members(row), said, says) for said in names)
                   for row in (dict(zip(columns, values, strict=True)) for values in rows))


_AT_SHOP = re.compile(r"\b(?P<at>at|from)\s+(?:the\s+)?(?P<name>[A-ZÄÖÜ][\w'’-]*(?:\s+[A-ZÄÖÜ][\w'’-]*)*"
                      r"|[\w-]+\.(?:com|de|org|net|example|shop|eu|co\.uk))")
"""Where things were bought, by name: "at Kiezbuch", "from bookshop.example"."""


def shop_asked(question: str, understood: Understood) -> re.Pattern[str] | None:
    """The shop a question about things bought names ("at Kiezbuch", "from bookshop.example"),
    as a pattern; None when it names none: not a month ("from April"), nor a person it is
    "from" ("from Anna"; "at Kiezbuch" is a shop, though its newsletter is in the people table)."""
    match = _AT_SHOP.search(question)
    if match is None:
        return None
    name = match.group("name")
    people = {w.lower() for person in understood.people for w in person.split()}
    if calendar_words(name) or name.lower() in MONTHS or (match.group("at") == "from" and {
            w.lower() for w in name.split()} & people):
        return None
    return re.compile(rf"(?<![\w.]){re.escape(name)}(?![\w])", re.I)


def at_shop(shop: re.Pattern[str],
            events: list[tuple[str, list[dict[str, object]]]]) -> list[tuple[str, list[dict[str, object]]]]:
    """Of things bought, those a record of them tells as from `shop` ("Which books did I buy at
    Kiezbuch?": the shop's mail, or a line "Ordered at Kiezbuch")."""
    return [(label, rows) for label, rows in events
            if any(shop.search(f"{r['title']} {r['author']} {r.get('told', '')}") for r in rows)]


def count_answer(store: Store, question: str, understood: Understood, filters: Filters = Filters(),
                 me: str = "") -> Answer | None:
    """The counted answer, or None when the question is not a count this can read."""
    asked = read_count_question(question)
    if asked is None or understood.intent != "count":
        return None
    time_range = understood.time_range
    filters = asked_time(understood, filters)
    shop = shop_asked(question, understood) if asked.commerce else None
    # "at Kiezbuch": the shop, not someone the things were bought with.
    people = tuple(p for p in understood.people if shop is None or not shop.search(p))
    events = counted_events(store, asked, filters, people, me)
    if shop is not None:
        events = at_shop(shop, events)
    if not events:
        return None
    citations: list[Hit] = []
    lines = []
    for label, rows in events:
        numbers = [cite(store, row, citations) for row in rows]
        when = event_day(rows, asked)
        lines.append(f"- {label} ({when:%a} {when.day} {when:%B}) {' '.join(numbers)}")
    what = asked.thing
    if len(events) == 1 and asked.thing_forms:
        what = " ".join([*asked.thing.split()[:-1], asked.thing_forms[0]])  # "1 book", "1 climbing session"
    if asked.times or not asked.thing:
        what = f"{'time' if len(events) == 1 else 'times'} ({' '.join(filter(None, (asked.act, asked.thing)))})"
    span = f" {time_range.phrase}" if time_range is not None else ""
    records = len({str(r["id"]) for _, rows in events for r in rows})
    counted = f"Counted from {records} record{'s' if records != 1 else ''}:"
    return Answer(f"{len(events)} {what}{span}", tuple(citations), "\n".join([counted, *lines]))


def event_day(rows: Sequence[dict[str, object]], asked: CountQuestion) -> datetime:
    """The day of a counted event: an activity's day told ("Sunday (31 May) I ran", written 2
    June), a thing's own day (a list entry's)."""
    if not asked.times:
        return datetime.fromisoformat(min(str(r["day"]) for r in rows))
    when: datetime = rows[0]["when"]  # type: ignore[assignment]
    told: set[str] = set(rows[0].get("days") or ())  # type: ignore[call-overload]
    return datetime.fromisoformat(min(told)) if told and when.date().isoformat() not in told else when


def counted_events(store: Store, asked: CountQuestion, filters: Filters,
                   people: Sequence[str] = (), me: str = "") -> list[tuple[str, list[dict[str, object]]]]:
    """The distinct events of `filters`' records that name the thing and the act, and involve
    each of `people`: (name, records) each, in time order; listing uses them too ("which books
    did I buy in April")."""
    mine: frozenset[str] = frozenset()
    if not people and asked.who.lower() == "i" and (owner := store.catalog.people.me(me)):
        mine = frozenset(a.lower() for a in store.catalog.people.aliases_of(owner))
    rows = _candidates(store, filters, asked, mine)
    if mine:
        # What I did: a chat line of someone else's is theirs ("RUN MAYA" on a sign is no run of mine).
        rows = [row for row in rows if row["kind"] != "message" or str(row["author"]).lower() in mine]
    if people:
        words = {*asked.act_forms, *asked.thing_forms}
        root = _root(asked.thing.split()[-1]) if asked.times and asked.thing else ""
        names = [names_of(store, person) for person in people]

        def says(sentence: str) -> bool:
            if NOT_DONE.search(sentence):
                return False
            said = _words(sentence)
            if root:  # "go running": the activity, not "go", says it ("ran" too)
                return any(w.startswith(root) for w in said) or bool(said & set(ACTS.get(root, ())))
            return bool(said & words)

        members = Members(store)
        rows = [row for row in rows if all(_involves(row, members(row), said, says) for said in names)]
    if asked.times:  # an activity is named by what was said of it: "Out for the Kamo river run."
        return [(_told(event), event.rows) for event in _group(rows, by_day=True)]
    rows = [entry for row in rows for entry in _entries(row, asked, filters)]
    return _same_named([(_label(event, asked.act_forms), event.rows) for event in _group(rows)])


_ENTRY = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def _entries(row: dict[str, object], asked: CountQuestion, filters: Filters) -> list[dict[str, object]]:
    """A record that lists several things, each entry saying the act with its own day ("- **Kitchen**
    … Ordered at Kiezbuch on 16 March"; "Books bought in 2026", written in May): each entry is
    a record of its day, and those outside the time asked are none. Only entries that name the
    thing or a title and tell the act as done ("- bought milk", "- buy a book for Tom" are none).
    Any other record as it is."""
    acts = set(asked.act_forms)
    items = [_ENTRY.sub("", line) for line in str(row["text"]).split("\n") if _ENTRY.match(line)]
    said = [item for item in items if _words(item) & acts and _names_it(item, asked) and not NOT_DONE.search(item)
            and not re.match(rf"\W*(?:{re.escape(asked.act)})\b", item, re.I)]
    if len(said) < 2:  # one thing: as the record tells it, if on a day asked (see `_candidates`)
        return [row] if not row.get("late") or _inside(str(row["day"]), filters) else []
    written: datetime = row["when"]  # type: ignore[assignment]
    entries = []
    # A list of titles ("- *Piranesi* (book), bought 14 EUR"): an entry without one is no such
    # thing ("- a bookmark, bought 2 EUR").
    titles = any(_QUOTED.match(item) for item in said)
    for item in said:
        if titles and not _QUOTED.match(item):
            continue
        told = when_said(item, written)
        day = told.since.date().isoformat() if told is not None and told.since is not None and told.until is not None \
            and told.until - told.since <= timedelta(days=4) else str(row["day"])
        if (filters.since is None and filters.until is None) or _inside(day, filters):
            head = _spans({"kind": "note", "title": "", "text": item})
            entries.append({**row, "text": item, "day": day, "days": {day}, "told": item,
                            "head": head[0] if head and item.lstrip("*_\"“ ").startswith(head[0]) else ""})
    return entries


def _same_named(events: list[tuple[str, list[dict[str, object]]]]) -> list[tuple[str, list[dict[str, object]]]]:
    """Events of one titled thing told on different days (the book bought in Tokyo, and the trip's
    recap: "Books bought: one (*Strange Weather in Tokyo*)"): one event. Only the same name (an
    author in brackets aside: "Braiding Sweetgrass (Robin Wall Kimmerer)"), written as a title
    by one of them (a list entry's head, a quoted or emphasised title, a shop mail's item): not a
    shop ("Hamburg Hauptbahnhof") nor a longer title ("The Book of Tea Ceremony")."""
    merged: list[tuple[str, list[dict[str, object]]]] = []
    for label, rows in events:
        key = _bare(label)
        home = next((i for i, (other, others) in enumerate(merged) if key and key == _bare(other)
                     and (_titled(key, rows) or _titled(key, others))), None)
        if home is None:
            merged.append((label, list(rows)))
        else:
            merged[home][1].extend(rows)
            merged[home][1].sort(key=lambda r: (int(str(r["ts"])), str(r["id"])))
    return merged


def _bare(name: str) -> str:
    return re.sub(r"\s*\([^()]*\)\s*$", "", name).strip().lower()


def _titled(key: str, rows: list[dict[str, object]]) -> bool:
    """Whether one of `rows` writes the thing `key` names as a title."""
    for row in rows:
        if str(row.get("head") or "").lower() == key:
            return True
        if row["kind"] == "email" and (item := _SUBJECT_ITEM.search(str(row["title"]))) and _bare(item.group(1)) == key:
            return True
        if any(next(g for g in m.groups() if g).strip().lower() == key for m in _QUOTED.finditer(str(row["text"]))):
            return True
    return False


def _names_it(sentence: str, asked: CountQuestion) -> bool:
    """Whether a sentence names the thing, a title, or a name of more than one word."""
    return (_names_thing(sentence, asked.thing_forms) or _QUOTED.search(sentence) is not None
            or any(" " in run.group(0) for run in _TITLE_RUN.finditer(sentence)))


def _told(event: _Event) -> str:
    """An activity's name: its calendar entry's title, else the sentence of its first record
    that tells of it."""
    if entry := next((r for r in event.rows if r["kind"] == "event" and r["title"]), None):
        return str(entry["title"])
    line = " ".join(re.sub(r"^[\s\-*>#]+|\*\*", "", str(event.rows[0]["told"])).split())
    return line if len(line) <= 70 else line[:67].rsplit(" ", 1)[0] + " …"


def row_time(row: dict[str, object]) -> datetime:
    """When a row of the records table was written, in its own offset."""
    return from_epoch(int(str(row["ts"])), int(str(row["ts_offset"])))


def cite(store: Store, row: dict[str, object], citations: list[Hit]) -> str:
    """The record's number among `citations` ("[2]"), added when new. A row read from the
    records table gets its record's first chunk and its local time first."""
    if "chunk_id" not in row:
        first = store.catalog.db.execute(
            "SELECT id FROM chunks WHERE record_id = ? ORDER BY seq LIMIT 1", (row["id"],)).fetchone()
        row["chunk_id"] = first[0] if first else f"{row['id']}#0"
    if "when" not in row:
        row["when"] = row_time(row)
    same = next((n for n, cited in enumerate(citations, 1) if cited.record_id == str(row["id"])), None)
    if same is not None:
        return f"[{same}]"  # one record however many of its entries count
    citations.append(hit_of(row))
    return f"[{len(citations)}]"


def hit_of(row: dict[str, object]) -> Hit:
    """A catalog row (with its `chunk_id` and `when`) as a citation."""
    text = str(row["text"])
    return Hit(
        text=text if len(text) <= 600 else text[:600] + " …",
        score=1.0,
        record_id=str(row["id"]),
        chunk_id=str(row["chunk_id"]),
        source=str(row["source"]),
        kind=str(row["kind"]),
        timestamp=row["when"],  # type: ignore[arg-type]
        title=str(row["title"]),
        participants=tuple(json.loads(str(row["participants"]))),
        location=str(row["location"]),
    )
