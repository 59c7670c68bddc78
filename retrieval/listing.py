"""Listing from the catalog: "which cities did I visit in Japan?" as distinct items, each dated and cited.

Search ranks chunks; a list question wants the items that many records name. The question is
read for its thing (cities), its act (visit) and its scope: a time range, people ("with Lena")
and other words ("in Japan"), which name a calendar event whose span becomes the range, or else
must appear in the records ("in Kyoto", which the trip's event only mentions: the trip's records
that say Kyoto, and of a record not titled by it only the lines that do). When the records of
the scope name the thing and the act together ("bought" a "book"), the counted events
(count.py) are the items. Otherwise every record of the scope is a candidate, decided by rule:
a note's subject (the head of its title) and the heads of a list that the act or the thing
introduces ("## Where we went") weigh 2, a name in a clause that says the act or the thing
weighs 1. Items weighing at least 2 and half the best are listed, dated by the first record
that decides for them, every deciding record cited. The cities or countries one person went
to are also read from their own chat lines that tell of going or staying ("booked flights to
Lisbon"); of the two, the list with more places answers. When nothing is decided, the caller
answers as usual: no list is better than a wrong one.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from retrieval.count import NOT_DONE, CountQuestion, at_shop, cite, counted_events, names_of, shop_asked, singular
from retrieval.gazetteer import countries_of, country_code, country_name, is_city, is_country
from retrieval.terms import content_terms
from retrieval.understand import Understood
from retrieval.when import when_said
from twin.schema import Answer, Hit, from_epoch
from twin.store import Filters, Store

__all__ = ["ListQuestion", "list_answer", "places_count", "read_list_question"]

_WHO = r"i|we|you|he|she|they|the\s+two\s+of\s+them|[\w'’]+(?:\s+and\s+[\w'’]+)?"
_WHICH = re.compile(
    r"^\s*(?:which|what)\s+(?:all\s+(?:the\s+)?|the\s+|of\s+the\s+)?"
    r"(?!(?:did|do|does|is|are|was|were|has|have|had|will|would|can|could)\b)(?P<thing>[\w'-]+(?:\s+[\w'-]+)?)"
    rf"\s+(?:did|do|does|have|has|had|were|was)\s+(?P<who>{_WHO})\s+(?:\w+ly\s+)?(?P<act>\w+)(?P<rest>[^?]*)",
    re.I)
_LIST = re.compile(
    r"^\s*(?:list|name)\s+(?:all\s+)?(?:of\s+)?(?:the\s+|my\s+|our\s+)?(?P<thing>[\w'-]+(?:\s+[\w'-]+)??)"
    r"\s+(?:that\s+|which\s+)?(?P<who>i|we|you|he|she|they)\s+(?:have\s+|had\s+)?(?P<act>\w+)(?P<rest>[^?.]*)",
    re.I)
_PLURAL_IRREGULAR = frozenset({"people", "children", "men", "women", "feet", "teeth", "mice"})
_NAME = re.compile(r"[A-ZÄÖÜÀ-Þ][\w'’-]+(?:\s+(?:of|the|and|in|de|von|der|la|le)?\s*[A-ZÄÖÜÀ-Þ][\w'’-]+)*")
_MARKUP = re.compile(r"\*\*|__|\*|`")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s*)?")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")
_CLAUSE = re.compile(r"[,;()]|\s[–—-]\s")
_TIME_WORDS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                         "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
                         "saturday", "sunday", "today", "yesterday", "tomorrow", "week", "month", "year", "last",
                         "this", "next", "spring", "summer", "autumn", "fall", "winter", "ago", "together",
                         "trip", "during", "since", "before", "after"})
_NOT_ITEMS = frozenset({"the", "a", "an", "i", "we", "you", "he", "she", "they", "it", "my", "our", "your", "his",
                        "her", "their", "its", "these", "those", "this", "that",
                        "then", "there", "here", "and", "but", "so", "yes", "no", "ok", "okay", "media omitted",
                        "media", "photo", "re", "fwd", "hi", "hey", "thanks", "thank", "dear"})
_PLACE_KINDS = frozenset({"city", "cities", "place", "places", "country", "countries", "town", "towns", "village",
                          "villages", "island", "islands", "region", "regions", "sight", "sights"})
"""Things a note is about by its title without saying their kind ("Kyoto", not "the city of Kyoto")."""
_LIGHT_ACTS = frozenset({"go", "went", "gone", "get", "got", "have", "had", "do", "did", "be", "was", "were"})
"""Acts that say little of their own: what "go" to says is in the thing ("restaurants")."""
_PAST_ASKED = re.compile(r"^\s*(?:which|what|list|name)\b[^?]*?\b(?:did|have|has|had|was|were)\b", re.I)
LIMIT = 3000
"""Candidate records looked at, at most: a list over more records than this is a report."""
SHOWN = 12
"""Items listed at most; the rest are counted."""


@dataclass(frozen=True)
class ListQuestion:
    thing: str
    """The listed noun as asked ("cities")."""
    act: str
    """The verb as asked ("visit")."""
    rest: str
    """What follows the act ("in Japan", "to with Anna")."""

    @property
    def forms(self) -> frozenset[str]:
        """The words that say the thing or the act in a record; not a light act ("go" to
        restaurants: "where we went" lists cities) unless the things are places."""
        return self._things if self.support else self._things | set(CountQuestion(self.thing, self.act).act_forms)

    @property
    def support(self) -> frozenset[str]:
        """A light act's words, when they only support items the thing's words found."""
        if self.act.lower() in _LIGHT_ACTS and not self._things & _PLACE_KINDS:
            return frozenset(CountQuestion(self.thing, self.act).act_forms)
        return frozenset()

    @property
    def _things(self) -> frozenset[str]:
        return frozenset(f for word in self.thing.split() for f in CountQuestion(word, self.act).thing_forms)


def read_list_question(question: str) -> ListQuestion | None:
    """A list question's parts, or None: "which city did ..." asks for one, not a list."""
    if match := _LIST.match(question):
        return ListQuestion(match.group("thing"), match.group("act"), match.group("rest").strip())
    match = _WHICH.match(question)
    if match is None:
        return None
    thing = match.group("thing")
    last = thing.split()[-1].lower()
    if not (last in _PLURAL_IRREGULAR or (last.endswith("s") and not last.endswith(("ss", "us", "is")))):
        return None
    return ListQuestion(thing, match.group("act"), match.group("rest").strip())


@dataclass
class _Item:
    names: dict[str, int] = field(default_factory=dict)
    """Each way it is written, with how often."""
    rows: list[dict[str, object]] = field(default_factory=list)
    """The records that decide for it, in time order."""
    score: int = 0
    """The decisions' weights, summed over its records."""

    @property
    def name(self) -> str:
        return max(self.names, key=lambda n: (self.names[n], -len(n)))

    def first(self) -> datetime:
        """When it first comes up: a record of the day rather than an event spanning days, and
        one that tells of it rather than a plan naming it ("Plan for the hike: Rathen, …",
        weeks before the hike), and a record titled by it rather than one naming it among others
        (the Nara note of 8 May, not the route plan of 15 March)."""
        dated = [r for r in self.rows if r["kind"] != "event"] or self.rows
        told = [r for r in dated if not self._planned(str(r["text"]))] or dated
        names = [n.lower() for n in self.names]
        titled = [r for r in told if any(n in str(r["title"]).lower() for n in names)] or told
        when: datetime = titled[0]["when"]  # type: ignore[assignment]
        return when

    def told(self) -> bool:
        """Whether a record tells of it, not only of a plan or a wish ("she might move to Leipzig")."""
        return any(not self._planned(str(r["text"])) for r in self.rows)

    def _planned(self, text: str) -> bool:
        """Whether every sentence of `text` that names the item tells of a plan, a wish or a question."""
        names = [n.lower() for n in self.names]
        naming = [s for s in _SENTENCE.split(text) if any(n in s.lower() for n in names)]
        return bool(naming) and all(NOT_DONE.search(s) for s in naming)


def _key(name: str) -> str:
    """One item however written: "Kyōto" and "Kyoto", "the Bastei" and "Bastei"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    plain = re.sub(r"^(?:the|a|an)\s+", "", plain)
    return re.sub(r"['’]s$", "", plain).strip()


def _names(text: str, common: frozenset[str]) -> list[str]:
    """Capitalised runs that name something. A lone capitalised word is a name only if the
    records never write it in lower case ("Osaka", not "Last" or "Where"), and not an
    abbreviation ("EUR")."""
    found = []
    for match in _NAME.finditer(text):
        span = re.sub(r"^(?:The|A|An)\s+", "", match.group(0).strip())
        if " " not in span and (span.lower() in common or (span.isupper() and len(span) <= 4)):
            continue
        if re.match(r"I['’]", span):
            continue
        found.append(span)
    return found


def _head(item: str, common: frozenset[str]) -> str | None:
    """The name an entry of a list (or a title) is about: its first name, within its first three words."""
    for match in _NAME.finditer(item):
        if len(item[:match.start()].split()) > 3:
            return None
        if names := _names(match.group(0), common):
            return names[0]
    return None


def _says(text: str, forms: frozenset[str]) -> bool:
    return bool({w.lower() for w in re.findall(r"\w+", text)} & forms)


def decided(row: dict[str, object], forms: frozenset[str], common: frozenset[str],
            scope: frozenset[str] = frozenset(), titled: bool = True) -> list[tuple[str, int]]:
    """The names a record gives as items, with the weight of the decision: a note's subject (its
    title's head) and the heads of a list that the act or thing introduces weigh 2; a name in a
    clause that says the act or thing weighs 1. A note about something else than the scope's
    words ("Day trip to Nara", for places in Kyoto) gives no subject."""
    title = _MARKUP.sub("", str(row["title"]))
    text = _MARKUP.sub("", str(row["text"]))
    found: list[tuple[str, int]] = []
    if not scope <= content_terms(title):
        # Only the lines of it that name the scope speak of it.
        text = "\n\n".join(s for line in text.split("\n") for s in _SENTENCE.split(line)
                           if scope & content_terms(s))
    elif row["kind"] not in ("email", "message", "event", "meeting") and (titled or _says(title, forms)):
        # A note's subject is an item when `titled` (places: "Kyoto: arrival at the ryokan" for
        # cities) or its title says the thing: notes about Japan are no list of restaurants.
        found += [(h, 2) for part in re.split(r"[:,–—]", title) if (h := _head(part, common))]
    intro = title
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.split("\n") if line.strip()]
        items = [line for line in lines if _ITEM.match(line)]
        if len(items) >= 2:
            lead = " ".join(line for line in lines if not _ITEM.match(line)) or intro
            if _says(lead, forms) or _says(title, forms):
                found += [(h, 2) for line in items if (h := _head(_ITEM.sub("", line), common))]
                continue
        for sentence in _SENTENCE.split(_ITEM.sub("", block)):
            for clause in _CLAUSE.split(sentence):
                if _says(clause, forms):
                    found += [(n, 1) for n in _names(clause, common)]
        intro = lines[-1] if lines else intro
    return found


def _entries(row: dict[str, object], acts: frozenset[str], common: frozenset[str]) -> list[str]:
    """The names that a record's list entries give, of the entries that say the act."""
    lines = _MARKUP.sub("", str(row["text"])).split("\n")
    return [head for line in lines if _ITEM.match(line) and _says(line, acts)
            and (head := _head(_ITEM.sub("", line), common))]


def _common(rows: Sequence[dict[str, object]]) -> frozenset[str]:
    """Words the records write in lower case: a capitalised one of them is a sentence's first word."""
    return frozenset(w for row in rows for w in re.findall(r"\b[a-zäöüß][\w'’-]*", str(row["text"])))


def _scope(store: Store, question: ListQuestion, understood: Understood,
           filters: Filters) -> tuple[Filters, frozenset[str]]:
    """The records' time range and sources (`filters`, as given) and the words they must hold."""
    scope, terms = _asked_scope(store, question, understood)
    if filters.since is not None or filters.until is not None:
        scope = Filters(since=filters.since, until=filters.until)
    if scope.since is None and scope.until is None and not terms and not understood.people \
            and question.forms & _PLACE_KINDS:
        # "Which cities did I visit?": neither a time, a place nor a person; all the records' time
        # is the scope, as "this year" is (not only the records that say "city").
        scope = Filters(since=0, until=2 ** 40)
    return Filters(since=scope.since, until=scope.until, sources=filters.sources), terms


def _asked_scope(store: Store, question: ListQuestion, understood: Understood) -> tuple[Filters, frozenset[str]]:
    """The records' time range (asked, or the span of an event the scope names) and the words
    they must hold otherwise."""
    people = {w.lower() for name in understood.people for w in name.split()}
    words = [w for w in re.findall(r"[\w'’-]+", question.rest) if w.lower() not in people]
    terms = content_terms(" ".join(w for w in words if w.lower() not in _TIME_WORDS and not w.isdigit()))
    if understood.time_range is not None and understood.time_range.exact:
        time_range = understood.time_range
        return Filters(since=int(time_range.since.timestamp()) if time_range.since else None,
                       until=int(time_range.until.timestamp()) if time_range.until else None), terms
    capitals = [w for w in words if w[:1].isupper()]
    if capitals:
        match = " OR ".join(f'"{w}"' for w in capitals)
        event = store.catalog.db.execute(
            "SELECT r.ts, r.end_ts, r.title FROM chunks_fts JOIN chunks c ON c.rowid = chunks_fts.rowid"
            " JOIN records r ON r.id = c.record_id WHERE chunks_fts MATCH ? AND r.kind = 'event'"
            " AND r.end_ts > r.ts ORDER BY r.end_ts - r.ts DESC LIMIT 1", [match]).fetchone()
        if event is not None:
            # "in Japan" names the trip ("Japan with Jonas"): its span is the scope. "in Kyoto",
            # which the trip only mentions, is a part of it: its records must still say Kyoto.
            titled = {_key(w) for w in re.findall(r"[\w'’-]+", str(event[2]))}
            named = all(_key(w) in titled for w in capitals)
            return Filters(since=int(event[0]), until=int(event[1])), frozenset() if named else terms
    return Filters(), terms


def _candidates(store: Store, question: ListQuestion, understood: Understood, filters: Filters,
                terms: frozenset[str]) -> list[dict[str, object]]:
    clauses, args = filters.record_clauses()
    for person in understood.people:
        said = names_of(store, person)
        clauses.append("(" + " OR ".join("participants LIKE ? OR author LIKE ? OR text LIKE ?" for _ in said) + ")")
        args.extend(f"%{n}%" for n in said for _ in range(3))
    if filters.since is None and filters.until is None and not terms and not understood.people:
        # Neither a time, a place nor a person: the records that name the thing.
        things = CountQuestion(question.thing, question.act).thing_forms
        clauses.append("(" + " OR ".join(["text LIKE ?"] * len(things) or ["1"]) + ")")
        args.extend(f"%{f}%" for f in things)
    cur = store.catalog.db.execute(
        f"SELECT * FROM records WHERE {' AND '.join(clauses)} AND kind != 'attachment' ORDER BY ts LIMIT ?",
        [*args, LIMIT])
    columns = [d[0] for d in cur.description]
    rows = []
    for values in cur:
        row = dict(zip(columns, values, strict=True))
        if terms and not terms & content_terms(f"{row['title']} {row['text']}"):
            continue
        when = from_epoch(int(row["ts"]), int(row["ts_offset"]))
        rows.append({**row, "when": when})
    return rows


BOOKED_DAYS = 183
"""How long before an event's span a booking for it is looked for."""


def _booked(store: Store, asked: ListQuestion, scope: Filters) -> list[_Item]:
    """The things of the kind asked ("hotels") that records written before the scope's span
    name by their kind ("Hotel Namba Garden") in a clause of the thing or the act, when the
    record's title names days within the span ("Booking confirmed: Hotel Namba Garden, Osaka,
    11–14 May 2026"): a booking dated before the trip it is for."""
    assert scope.since is not None and scope.until is not None
    kinds = {_key(singular(w)) for w in asked.thing.split()}
    cur = store.catalog.db.execute(
        "SELECT * FROM records WHERE ts >= ? AND ts < ? AND kind IN ('email', 'note') AND title GLOB '*[0-9]*'"
        " ORDER BY ts LIMIT ?",  # a title that names days has a digit
        (scope.since - BOOKED_DAYS * 86400, scope.since, LIMIT))
    columns = [d[0] for d in cur.description]
    items: dict[str, _Item] = {}
    for values in cur:
        row = dict(zip(columns, values, strict=True))
        named = when_said(str(row["title"]), from_epoch(int(row["ts"]), int(row["ts_offset"])))
        if named is None or named.since is None or named.until is None \
                or not scope.since <= named.since.timestamp() < scope.until:
            continue
        row["when"] = named.since  # the day it is for
        for name, _ in decided(row, asked.forms, frozenset()):
            if kinds & {_key(w) for w in name.split()} and len(name.split()) > 1:
                item = items.setdefault(_key(name), _Item({name: 1}))
                if row not in item.rows:
                    item.rows.append(row)
    return list(items.values())


def _with(chosen: list[_Item], booked: list[_Item]) -> list[_Item]:
    """The items chosen and the booked ones they do not hold, in time order when any is added."""
    keys = {_key(i.name) for i in chosen}
    added = [i for i in booked if _key(i.name) not in keys]
    return sorted([*chosen, *added], key=_Item.first)[:SHOWN] if added else chosen


def _excluded_key(key: str, excluded: set[str]) -> bool:
    """Whether an item is one of `excluded`, or only time words ("Tuesday and Thursday")."""
    words = key.split()
    return key in excluded or all(w in _TIME_WORDS or w in ("and", "or", "&") for w in words)


def _excluded(store: Store, understood: Understood, question: ListQuestion) -> set[str]:
    """Keys that are no items: the people, the scope's own words, the thing and the act."""
    keys = {_key(w) for w in re.findall(r"[\w'’-]+", f"{question.rest} {question.thing} {question.act}")}
    for person in understood.people:
        for alias in store.catalog.people.aliases_of(person):
            name = alias.split("<")[0].strip()
            keys |= {_key(name), *(_key(part) for part in name.split())}
    return keys | _NOT_ITEMS | _TIME_WORDS


def list_answer(store: Store, question: str, understood: Understood, filters: Filters = Filters()) -> Answer | None:
    """The listed answer, or None when the question is no list this can read or nothing is decided."""
    asked = read_list_question(question)
    if asked is None:
        return None
    scope, terms = _scope(store, asked, understood, filters)
    # Things counted as events: in a time asked, or things bought at any time ("what books did I
    # buy?": the purchases, not the places the notes about them are titled by).
    counted = CountQuestion(asked.thing, asked.act)
    # Of an event's span ("in Japan"): the bookings made before it that name their kind ("Hotel
    # Namba Garden", booked in April for 11–14 May).
    booked = _booked(store, asked, scope) if understood.time_range is None and filters.since is None \
        and filters.until is None and scope.since is not None and scope.until is not None else []
    events = _counted(store, question, counted, understood, scope=scope, terms=terms)
    if events:
        # Of cities or countries, only those the gazetteer knows: "flew into the city" and a
        # book bought there name no city.
        told = _of_kind({_key(i.name): i for i in _event_items(store, asked, understood, events)}, asked, terms)
        if items := _with(list(told.values()), booked):
            return _compose(store, asked, items)
    went = _places_gone(store, asked, understood, scope, terms)
    listed = _listed(store, question, asked, understood, scope=scope, terms=terms, booked=booked)
    # The pass that finds more: Jonas's own lines name Helsinki, the trip's notes four cities.
    chosen = went if len(went) >= len(listed) else listed
    return _compose(store, asked, chosen) if chosen else None


def _listed(store: Store, question: str, asked: ListQuestion, understood: Understood, *, scope: Filters,
            terms: frozenset[str], booked: list[_Item]) -> list[_Item]:
    """Every record of the scope a candidate, decided by rule (`decided`): the items, in time order."""
    rows = _candidates(store, asked, understood, scope, terms)
    excluded = _excluded(store, understood, asked)
    common = _common(rows)
    people = store.catalog.people
    items: dict[str, _Item] = {}
    forms = asked.forms
    # A light act ("go" to restaurants) finds no items by itself ("where we went" lists cities);
    # it supports those that records saying the thing found ("we went to Boulderwelt again").
    passes = [(forms, True)] + ([(asked.support, False)] if asked.support else [])
    places = bool(forms & _PLACE_KINDS)
    timed = scope.since is not None or scope.until is not None
    for said, finds in passes:
        for row in rows:
            weights: dict[str, int] = {}
            # A place note's title names an item in the time asked, or when the note says the act:
            # "Japan packing list" and "Decision – pottery course" name Lena, not places hiked.
            titled = places and (timed or _says(f"{row['title']} {row['text']}", forms))
            for name, weight in decided(row, said, common, terms, titled):
                key = _key(name)
                if len(key) < 3 or _excluded_key(key, excluded) or people.named_in(name) \
                        or (not finds and key not in items):
                    continue
                item = items.setdefault(key, _Item())
                item.names[name] = item.names.get(name, 0) + 1
                weights[key] = max(weights.get(key, 0), weight)
            for key, weight in weights.items():
                if row not in items[key].rows:
                    items[key].rows.append(row)
                    items[key].score += weight
    if _PAST_ASKED.search(question):  # a thing asked of the past is not one only planned or wished for
        items = {key: item for key, item in items.items() if item.told()}
    items = _of_kind(items, asked, terms)
    if not items:
        return []
    best = max(i.score for i in items.values())
    # Items as well supported as half the best: a city named in six notes lists its sights in one.
    floor = max(2.0, best / 2)
    chosen = sorted((i for i in items.values() if i.score >= floor), key=lambda i: -i.score)[:SHOWN]
    return sorted(_with(chosen, booked), key=_Item.first)


_GOING_ACTS = frozenset({"travel", "travelled", "traveled", "visit", "visited", "go", "gone", "went", "been", "fly",
                         "flown", "flew", "tour", "toured", "trip"})
"""Acts of going somewhere: "Which cities did Sam travel to?"."""
_GOING = re.compile(r"\b(?:fl(?:y|ew|ying|ights?)|train|trip|journey|off\s+to|land(?:ed|ing)?|arriv\w*|back\s+from"
                    r"|visit\w*|holidays?|vacation|weekend|hotel|hostel|airbnb|stay(?:ing|ed)?|travel\w*|tour\w*)\b",
                    re.I)
"""Words that tell of being away somewhere: "booked flights to Lisbon", "stag weekend: Kraków"."""
_WISHED = re.compile(r"\b(?:wants?|wanted|wish\w*|hop(?:e|es|ing)|might|maybe|would|could|should|dream\w*|someday"
                     r"|one\s+day|if)\b|\?\s*$", re.I)
"""A going only wished for or asked about, not told: "wants to go to Lisbon", "should visit"."""
_VIA = re.compile(r"\b(?:via|through|change\s+(?:trains?\s+)?in|stop(?:over)?\s+in|layover\s+in)\s+(?:the\s+)?$", re.I)
"""Before a place one only passes through: "flights via Helsinki"."""
_AT_PLACE = re.compile(r"\b(?:to|in|from|at|into|near|around)\s+(?:the\s+)?$", re.I)
"""Before a place one is at or goes to: "in Vienna", "train up to Porto"."""


def _places_gone(store: Store, asked: ListQuestion, understood: Understood, scope: Filters,
                 terms: frozenset[str]) -> list[_Item]:
    """For "Which cities did Sam travel to?" (cities or countries, an act of going, one person):
    the cities of the gazetteer that his own chat lines in the time asked tell him going to or
    staying in ("flights to Lisbon", "stag weekend: Kraków", "off to Vienna next week"), each in
    a clause that says so (`_GOING`) at least once; other lines that put him there ("I'm in
    Vienna") are cited with them. Not a city he only names ("the half marathon in Berlin", at
    home), wishes for (`_WISHED`), passes through (`_VIA`) or goes back to, another's going
    (`_not_gone`), a word the records write in lower case, nor one the question names. The
    countries of them when countries are asked, in time order, at most `SHOWN`. [] when the
    question is not of that form or no place is found (the other passes answer)."""
    noun = singular(asked.thing.split()[-1].lower())
    if noun not in ("city", "country") or asked.act.lower() not in _GOING_ACTS or len(understood.people) != 1 \
            or terms:
        return []
    said = names_of(store, understood.people[0])
    clauses, args = scope.record_clauses()
    clauses.append("kind = 'message' AND (" + " OR ".join("author LIKE ?" for _ in said) + ")")
    args.extend(f"%{n}%" for n in said)
    cur = store.catalog.db.execute(f"SELECT * FROM records WHERE {' AND '.join(clauses)} ORDER BY ts LIMIT ?",
                                   [*args, LIMIT])
    columns = [d[0] for d in cur.description]
    excluded = {_key(w) for w in re.findall(r"[\w'’-]+", asked.rest)}
    rows = [dict(zip(columns, values, strict=True)) for values in cur]
    common = _common(rows)
    items: dict[str, _Item] = {}
    gone: set[str] = set()  # told as gone to, stayed in or going to ("off to Vienna next week")
    for row in rows:
        row["when"] = from_epoch(int(row["ts"]), int(row["ts_offset"]))
        for sentence in _SENTENCE.split(_MARKUP.sub("", str(row["text"]))):
            for clause in _CLAUSE.split(sentence):
                for start, name in _places_in(clause):
                    key = _key(name)
                    going, at = bool(_GOING.search(clause)), bool(_AT_PLACE.search(clause[:start]))
                    # Not a word the records write in lower case ("Klara and the Sun": "the sun").
                    if key in excluded or not (going or at) or _not_gone(clause[:start]) or name.lower() in common \
                            or _VIA.search(clause[:start]):
                        continue
                    item = items.setdefault(key, _Item())
                    item.names[name] = item.names.get(name, 0) + 1
                    if row not in item.rows:
                        item.rows.append(row)
                    # Up to the part that names it: "I'm in Vienna but something should arrive" is
                    # there; "Jules wants to go to Madrid" a wish, no going.
                    upto = re.search(rf"^.*?{re.escape(name)}.*?(?=\s+(?:but|and|so)\s+|$)", sentence)
                    if going and not _WISHED.search(upto.group(0) if upto else sentence):
                        gone.add(key)
    items = {key: item for key, item in items.items() if key in gone}
    if noun == "country":
        items = _of_kind(items, asked, frozenset())
    return sorted(items.values(), key=_Item.first)[:SHOWN]


_HOW_MANY_PLACES = re.compile(
    r"^\s*how\s+many\s+(?:different\s+)?(?P<thing>cities|countries)\s+(?:did|has|have|had)\s+(?P<who>[\w'’]+)"
    r"\s+(?:\w+ly\s+)?(?P<act>\w+)(?P<rest>[^?]*)", re.I)
"""'How many countries did Sam travel to last year?': counted as `_places_gone` lists them."""


def places_count(store: Store, question: str, understood: Understood, filters: Filters = Filters()) -> Answer | None:
    """"How many countries did Sam travel to?": the number of the places `_places_gone` lists, the
    list below it; None when the question is not of that form or no place is found."""
    asked = _HOW_MANY_PLACES.match(question)
    if asked is None:
        return None
    question_of = ListQuestion(asked.group("thing"), asked.group("act"), asked.group("rest").strip())
    scope, terms = _scope(store, question_of, understood, filters)
    gone = _places_gone(store, question_of, understood, scope, terms)
    if not gone:
        return None
    listed = _compose(store, question_of, gone)
    what = question_of.thing if len(gone) != 1 else singular(question_of.thing)
    return Answer(f"{len(gone)} {what}", listed.citations, listed.quotes)


def _not_gone(before: str) -> bool:
    """Whether the words before a place tell no going there of the writer's: "flying back to
    Leipzig" (home), "you visit Leipzig" (the other one's), "Klara and the Sun" (no town)."""
    return bool(re.search(r"\bback\s+(?:home\s+)?(?:to|in)\s+$|\bthe\s+$", before, re.I)
                or (re.search(r"\byou\b", before, re.I) and not re.search(r"\b(?:I|we)\b", before)))


def _places_in(text: str) -> list[tuple[int, str]]:
    """(where, name) of the cities and countries of the gazetteer a text names, the longest name
    at each place ("Rio de Janeiro", not "Rio")."""
    found: list[tuple[int, str]] = []
    words = list(re.finditer(r"[A-ZÄÖÜÀ-Þ][\w'’-]*(?:\s+(?:de|del|am)\s+[A-ZÄÖÜÀ-Þ][\w'’-]*)?", text))
    at = 0
    while at < len(words):
        for size in (3, 2, 1):
            run = words[at:at + size]
            if len(run) < size or any(text[a.end():b.start()].strip() for a, b in itertools.pairwise(run)):
                continue
            name = re.sub(r"['’]s$", "", text[run[0].start():run[-1].end()])
            if is_city(name) or is_country(name):
                found.append((run[0].start(), name))
                at += size
                break
        else:
            at += 1
    return found


def _counted(store: Store, question: str, counted: CountQuestion, understood: Understood, *, scope: Filters,
             terms: frozenset[str]) -> list[tuple[str, list[dict[str, object]]]]:
    """Things listed as counted events: in a time asked, or things bought at any time (at the
    shop asked: "Which books did I buy at Kiezbuch?"); [] when neither."""
    shop = shop_asked(question, understood) if counted.commerce else None
    if (terms and shop is None) or not (scope.since is not None or scope.until is not None or counted.commerce):
        return []
    people = tuple(p for p in understood.people if shop is None or not shop.search(p))
    events = counted_events(store, counted, scope, people)
    return at_shop(shop, events) if shop is not None else events


def _of_kind(items: dict[str, _Item], asked: ListQuestion, scope: frozenset[str]) -> dict[str, _Item]:
    """Of cities or countries asked, the items the gazetteer knows as such (in the country the
    scope names: "in Japan"), none when it knows none; the countries of the cities when it knows
    no country among them ("Which countries did I visit?": Japan, from Tokyo and Kyoto)."""
    noun = singular(asked.thing.split()[-1].lower())
    if noun not in ("city", "country"):
        return items
    # "in Japan": the country named after the act, whether or not a calendar event took it as the span.
    named = [*scope, *_NAME.findall(asked.rest)]
    country = next((code for word in named if (code := country_code(word))), None)
    cities = {key: item for key, item in items.items() if is_city(item.name, country)}
    if noun == "city":
        # None the gazetteer knows (every city of 15,000 people): no city list ("Convenience
        # Store Woman, Kinokuniya" for "Which cities did I fly to in May?").
        return cities
    countries = {key: item for key, item in items.items() if is_country(item.name)}
    if countries or not cities:
        return countries
    merged: dict[str, _Item] = {}
    for item in cities.values():
        code = countries_of(item.name)[0]  # the likeliest: Vienna is in Austria, not Virginia
        into = merged.setdefault(code, _Item({country_name(code): 1}))
        into.rows.extend(row for row in item.rows if row not in into.rows)
        into.score += item.score
    for into in merged.values():
        into.rows.sort(key=lambda row: row["when"])  # type: ignore[arg-type, return-value]
    return merged


def _event_items(store: Store, asked: ListQuestion, understood: Understood,
                 events: list[tuple[str, list[dict[str, object]]]]) -> list[_Item]:
    """The records name the thing and the act together ("bought" a "book"): their events are
    the items, and a record that lists several, each entry saying the act ("- **Kitchen**,
    Banana Yoshimoto. … Read: yes."), gives each of its entries."""
    common = _common([row for _, rows in events for row in rows])
    excluded = _excluded(store, understood, asked)
    acts = frozenset(CountQuestion(asked.thing, asked.act).act_forms)
    merged: dict[str, _Item] = {}
    for label, rows in events:
        entries = [(name, row) for row in rows for name in _entries(row, acts, common)
                   if not _excluded_key(_key(name), excluded) and len(_key(name)) >= 3]
        if len({_key(name) for name, _ in entries}) < 2:
            if _excluded_key(_key(label), excluded):
                continue  # "The plumber will visit on Tuesday; the cities tax form": no city "Tuesday"
            entries = [(label, row) for row in rows]  # one thing: the event is the item
        for name, row in entries:
            item = merged.setdefault(_key(name), _Item({name: 1}))
            if row not in item.rows:
                item.rows.append(row)
    return list(merged.values())


def _compose(store: Store, asked: ListQuestion, chosen: Sequence[_Item]) -> Answer:
    citations: list[Hit] = []
    lines = []
    for item in chosen:
        numbers = [cite(store, row, citations) for row in item.rows]
        when = item.first()
        lines.append(f"- {item.name} ({when:%a} {when.day} {when:%B %Y}) {' '.join(numbers)}")
    records = len({h.record_id for h in citations})
    what = asked.thing if len(chosen) != 1 else (CountQuestion(asked.thing, asked.act).thing_forms or ("",))[0]
    named = f"{len(chosen)} {what}, named in {records} record{'s' if records != 1 else ''}:"
    return Answer(", ".join(i.name for i in chosen), tuple(citations), "\n".join([named, *lines]))
