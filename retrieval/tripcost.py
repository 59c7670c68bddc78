"""What a trip cost: "How much did the Japan trip cost?", "How much did I spend in Japan?".

No record need hold a total, and search alone answered with the nearest amount: the route
plan's estimate ("Accommodation around 2,400 EUR"), the cash on a packing list, a JR Pass
"each". This reads the trip's records instead and lists the costs they tell, each cited, one
amount once however many records repeat it (the booking mail's "1,380.00 EUR" and the note's
"1,380 EUR" are one flight). A line that names the trip's own total ("the whole trip came to
3,100 EUR") answers with it.

A trip's records are those whose title or text names its place, or a city of the calendar entry
that spans it ("Japan with Jonas", 2–16 May: Tokyo, Kyoto, Nara, …), or that were written
during that entry. Their costs are the sentences that tell money paid, booked, bought, spent,
owed or totalled. Not an estimate or a budget ("around", "up to"), a plan's or a packing list's
line, a deposit (part of a total the same record names), nor an amount for one of several when
its sentence names the whole ("¥50,000 each, so ¥100,000 for both").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.count import cite, row_time
from retrieval.gazetteer import countries_of, country_code
from retrieval.when import MONTHS, calendar_words
from twin.schema import Answer, Hit
from twin.store import Store

__all__ = ["FOR_ONE", "HEDGED", "MONEY_FOUND", "PARTIAL", "PLAN_TITLE", "money_value", "read_trip_cost", "trip_cost"]

LIMIT = 2000
"""Records read at most: a trip is told in tens of records, not thousands."""

_TRIP_WORDS = r"(?:trip|holiday|holidays|vacation|journey|travels?|tour|honeymoon|getaway)"
_ASKED = re.compile(
    r"^\s*(?:how\s+much|what)\s+(?:money\s+)?(?:did|does|do|has|have|was|were|is)\s+(?P<rest>.+?)\s*\??\s*$", re.I)
_TRIP_NAMED = re.compile(
    rf"\b(?P<a>[A-Z][\w'’-]+)\s+{_TRIP_WORDS}\b|\b{_TRIP_WORDS}\s+(?:to|in)\s+(?P<b>[A-Z][\w'’-]+)"
    r"|\b(?:in|to)\s+(?P<c>[A-Z][\w'’-]+)")
"""Where the trip was, as asked: "the Japan trip", "our trip to Lisbon", "spend in Japan"."""
_COST_ASKED = re.compile(r"\b(?:cost|costs|spend|spent|pay|paid)\b", re.I)
_FILLER = re.compile(rf"\b(?:i|we|my|our|the|a|an|to|in|on|for|during|of|cost|costs|spend|spent|pay|paid|money"
                     rf"|altogether|overall|all|together|total|in\s+total|all\s+in\s+all|whole|entire|{_TRIP_WORDS})\b",
                     re.I)
"""The words of a trip cost question that are not its place: "the whole Japan trip cost in total"."""
MONEY_FOUND = re.compile(r"(?:(?P<pre>[€$£¥])\s?(?P<n>\d[\d.,]*\d|\d)|(?P<m>\d[\d.,]*\d|\d)\s?(?P<unit>EUR|euros?|USD|"
                          r"dollars?|GBP|pounds?|CHF|JPY|yen|[€$£¥]))(?![\w])", re.I)
"""An amount of money: "¥2,420", "1,380.00 EUR", "95 euros"."""
_SPENT = re.compile(r"\b(?:paid|pay|booked|bought|ordered|spent|spend|owe[sd]?|sent|charged|cost|costs|total|in\s+all"
                    r"|came\s+to)\b", re.I)
"""A sentence that tells money gone: paid, booked, bought, owed, totalled."""
_PLANNED = re.compile(r"\b(?:maybe|probably|might|would|could|should|if|plan\w*|want\w*|hope\w*|will|budget\w*"
                      r"|estimate\w*|not|no|never|didn['’]?t|nearly|almost|refund\w*|instead\s+of|max\w*"
                      r"|too\s+much|at\s+least)\b|['’]ll\b|\?", re.I)
"""A sentence that tells no money gone: a plan, a wish, a question, a budget, a refund, a price
not paid ("Nearly bought a ¥12,000 kimono", "Instead of the ¥72,000 room …")."""
HEDGED = re.compile(r"(?:\b(?:around|about|approx(?:\.|imately)?|roughly|circa|ca\.|some|up\s+to|at\s+most|under"
                    r"|budget(?:ed)?|estimated?|expect(?:ed)?|maybe|probably|likely)\b|~)[^.;:\d]{0,12}$", re.I)
"""An amount guessed or a limit: "about 615 EUR at today's rate", "up to 150 EUR", "budget: 150 EUR"."""
_LIMIT = re.compile(r"\b(?:max\w*|less\s+than)\W*$", re.I)
PARTIAL = re.compile(r"\b(?:deposit|balance|down\s+payment|instal?lments?|advance|the\s+rest)\b[^.;\d]{0,20}$", re.I)
"""A part of a sum: "a deposit of ¥30,000"."""
FOR_ONE = re.compile(r"\s*(?:\)\s*)?(?:each|apiece|pp\b|per\b|a\s+(?:night|day|person|pack|piece|month|week)\b"
                     r"|/\s*(?:night|day|person|pp|pax|month|week|year|h|hour|kg|km|piece)\b)", re.I)
"""An amount for one of several ("¥50,000 each", "95 EUR/night"); not "¥138,000 / about 850 EUR"."""
PLAN_TITLE = re.compile(r"\b(?:plans?|planning|to-?dos?|ideas|wish\s*list|packing|checklist|itinerary|agenda)\b",
                        re.I)
"""A record that lists what is to be done ("Japan trip – route plan", "Packing list"): the day it
was written is no day any of it happened."""
_TOTAL_TOLD = re.compile(rf"\b{_TRIP_WORDS}(?:\s+(?:to|in)\s+[\w'’-]+)?\s+(?:in\s+total\s+|altogether\s+|overall\s+)?"
                         r"(?:cost|came\s+to|added\s+up\s+to|totall?ed)\b", re.I)
"""A sentence whose subject is the trip's cost: "the whole trip came to 3,150 EUR"."""
_HEADING = re.compile(r"^\s*#{1,6}\s+(.+?)\s*$")
_TRAVEL = re.compile(r"\b(?:flights?|flew|fly|hotels?|hostel|ryokan|inn|b&b|airbnb|booking|booked|trains?|rail"
                     r"|pass|passes|tickets?|ferry|bus|car\s+hire|rental|trip|travel\w*|holiday|vacation"
                     r"|stay(?:ed)?|nights?|tour)\b", re.I)
"""A word of travel: a city named with one is of the trip ("Ryokan in Kyoto", "Booking confirmed: … Tokyo")."""
_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z¥€$£\d*])|\n+|;\s+")
_MARKUP = re.compile(r"\*\*|__|`|^\s*[-*•]\s+|^#+\s*")


@dataclass(frozen=True)
class TripCostQuestion:
    place: str
    """The place the trip was to, as asked ("Japan")."""


def read_trip_cost(question: str) -> TripCostQuestion | None:
    """The trip a question asks the cost of, or None: "How much did the Japan trip cost (in
    total)?", "How much did I spend in Japan?", "What did our trip to Lisbon cost?". The place is
    named as a trip's ("the Japan trip", "trip to Lisbon") or as where money went ("in Japan": a
    country or city the gazetteer knows, not a month); every other word must be one of asking
    for a trip's cost ("How much did the JR Pass cost in Japan?" is a thing bought there)."""
    asked = _ASKED.match(question)
    if asked is None or not _COST_ASKED.search(asked.group("rest")):
        return None
    rest = asked.group("rest")
    named = _TRIP_NAMED.search(rest)
    if named is None:
        return None
    place = re.sub(r"['’]s$", "", named.group("a") or named.group("b") or named.group("c"))
    others = re.findall(r"[\w'’-]+", _FILLER.sub(" ", rest.replace(named.group(0), " ")))
    if others or place.lower() in MONTHS or calendar_words(place):
        return None
    if named.group("c") and country_code(place) is None and not countries_of(place):
        return None  # "How much did I spend on Piranesi?": a book, no trip
    return TripCostQuestion(place)


def trip_cost(store: Store, question: str) -> Answer | None:
    """The costs the trip's records tell, listed and cited, or its total where a line names it;
    None when the question asks no trip's cost or no record of the trip tells an amount."""
    asked = read_trip_cost(question)
    if asked is None:
        return None
    country = country_code(asked.place) is not None
    if not country and not countries_of(asked.place) and store.catalog.people.named_in(asked.place):
        return None  # a person's name, not a place
    rows, spans, places = _trip_records(store, asked.place)
    costs: list[_Cost] = []
    known: set[tuple[float, str]] = set()
    total: tuple[str, _Cost] | None = None
    for row in rows:
        during = any(lo <= int(str(row["ts"])) < hi for lo, hi in spans)
        for said, where, line in _sentences(row):
            context = f"{row['title']}\n{where}\n{said}"
            if not _of_trip(said, line, context, during=during, place=asked.place, country=country, places=places):
                continue
            amounts = _told_costs(said)
            if amounts and total is None and (whole := _whole_trip(said, amounts, asked.place, row)):
                total = (whole, _Cost(said, where, row))
            keys = {(value, currency) for value, currency, _ in amounts}
            if keys and not keys & known:  # one cost once: "¥100,000 (615 EUR)" in two records
                costs.append(_Cost(said, where, row))
            known |= keys
    citations: list[Hit] = []
    if total is not None:
        amount, cost = total
        number = cite(store, cost.row, citations)
        return Answer(amount, tuple(citations), f"{_day(cost.row)}, {cost.where}: {cost.said} {number}")
    if not costs:
        return None
    lines = [f"- {_day(c.row)}, {c.where}: {_cut(c.said)} {cite(store, c.row, citations)}"
             for c in sorted(costs, key=lambda c: int(str(c.row["ts"])))]
    head = (f"No total for the {asked.place} trip in your records; the {len(lines)} cost"
            f"{'s' * (len(lines) != 1)} they name:")
    return Answer(head, tuple(citations), "\n".join(lines))


def _of_trip(said: str, line: str, context: str, *, during: bool, place: str, country: bool,
             places: set[str]) -> bool:
    """Whether a sentence is of the trip: it (with its line, heading and the record's title)
    names the country asked, or a city of the trip with a word of travel in the sentence,
    heading or title ("Ryokan in Kyoto", "Booking confirmed: … Tokyo"; "Booked today, 2 × 59.90 EUR
    return" after a sentence naming Hamburg; not the book "Hiroshima" ordered from a shop, nor a
    book bought before a train whose next sentence names "Hiroshima"); or it
    was written during the trip's calendar entry and names a word of travel or a place of it
    (not the rent paid meanwhile). Never a sentence that names only other places."""
    travel = _TRAVEL.search(context) is not None
    named = {w.lower() for w in re.findall(r"[A-Z][\w'’-]+", said) if country_code(w) or countries_of(w)}
    if named and not named & (places | {place.lower()}):
        return False  # "The whole Lisbon trip came to 900 EUR", written in Kyoto
    if country and _names(f"{context}\n{line}", {place.lower()}):
        return True
    if _names(f"{context}\n{line}", places) and travel:
        return True
    return during and (travel or _names(said, places) or "¥" in said)


@dataclass(frozen=True)
class _Cost:
    said: str
    where: str
    """The heading the sentence is under, else its record's title."""
    row: dict[str, object]


def _trip_records(store: Store, place: str) -> tuple[list[dict[str, object]], list[tuple[int, int]], set[str]]:
    """The records that name the place or one of the cities of a calendar entry named by it
    ("Japan with Jonas", 2–16 May: Tokyo, Kyoto, …) or that were written during such an entry;
    the entries' spans; the names (the place and the cities)."""
    db = store.catalog.db
    spans, places = [], {place.lower()}
    for ts, end, title, text in db.execute("SELECT ts, end_ts, title, text FROM records WHERE kind = 'event'"
                                           " AND end_ts > ts AND title LIKE ?", (f"%{place}%",)):
        if _names(str(title), {place.lower()}) and int(end) - int(ts) >= 86400:
            spans.append((int(ts), int(end)))
            places |= {w.lower() for w in re.findall(r"[A-Z][\w'’-]+", str(text)) if countries_of(w)}
    clauses = " OR ".join(["title LIKE ? OR text LIKE ?"] * len(places) + ["(ts >= ? AND ts < ?)"] * len(spans))
    params = [p for name in places for p in (f"%{name}%", f"%{name}%")] + [t for span in spans for t in span]
    cur = db.execute(f"SELECT * FROM records WHERE kind NOT IN ('attachment', 'event') AND ({clauses})"
                     " ORDER BY ts LIMIT ?", [*params, LIMIT])
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, values, strict=True)) for values in cur], spans, places


def _sentences(row: dict[str, object]) -> list[tuple[str, str, str]]:
    """(sentence, what it is under: its heading or the record's title, its line up to it) of a
    record; none of a plan's or a packing list's."""
    title, heading, found = str(row["title"]), "", []
    if PLAN_TITLE.search(title) or re.search(r"\bbudget", title, re.I):
        return []
    for line in str(row["text"]).split("\n"):
        if (head := _HEADING.match(line)) is not None:
            heading = head.group(1)
            continue
        told = ""  # the line up to the sentence: "… ICE to Hamburg. Booked today, 2 × 59.90 EUR"
        for said in _SENTENCES.split(line):
            said = " ".join(_MARKUP.sub("", said).split())
            told = f"{told} {said}"
            if said:
                found.append((said, heading or _title_of(row), told))
    return found


def _whole_trip(said: str, amounts: list[tuple[float, str, str]], place: str, row: dict[str, object]) -> str:
    """The amount of a sentence that tells the trip's own total, in the owner's note ("The whole
    trip came to 3,150 EUR"): the trip the subject of costing, no other place or year named, not
    per person; "" otherwise ("Paid 39 EUR for travel insurance covering the whole trip")."""
    told = _TOTAL_TOLD.search(said)
    if told is None or row["kind"] == "message" or re.search(r"\b(?:19|20)\d\d\b", said):
        return ""
    named = {w for w in re.findall(r"\b[A-Z][\w'’-]+", said[1:]) if countries_of(w) or country_code(w)}
    if named - {place}:
        return ""  # "The whole Lisbon trip came to 900 EUR"
    after = [a for a in amounts if said.find(a[2]) > told.start()]
    return after[0][2] if len(after) == 1 else ""


def _told_costs(said: str) -> list[tuple[float, str, str]]:
    """(value, currency, as written) of each amount a sentence tells spent: none of a sentence
    that tells no paying (a price list), a hedged or planned one, a deposit, or an amount for one
    where the sentence names another ("¥50,000 each, so ¥100,000 for both")."""
    if not _SPENT.search(said) or _PLANNED.search(said):
        return []
    found = []
    for money in MONEY_FOUND.finditer(said):
        before = said[max(0, money.start() - 25):money.start()]
        if PARTIAL.search(before) or HEDGED.search(before) or _LIMIT.search(before):
            continue
        value = money_value(money.group("n") or money.group("m"))
        if value is None:
            continue
        found.append((value, _currency(money), money.group(0), bool(FOR_ONE.match(said[money.end():]))))
    whole = [m for m in found if not m[3]]
    return [(v, c, w) for v, c, w, per_one in found if not per_one or not whole]


def money_value(number: str) -> float | None:
    """"1,380.00" and "1.380,00" as 1380.0, "95" as 95.0; None for what is no amount."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?", number):
        return float(number.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+,\d{1,2}", number):
        return float(number.replace(".", "").replace(",", "."))
    return None


def _currency(money: re.Match[str]) -> str:
    unit = (money.group("pre") or money.group("unit")).upper()
    return {"€": "EUR", "EURO": "EUR", "EUROS": "EUR", "$": "USD", "DOLLAR": "USD", "DOLLARS": "USD", "£": "GBP",
            "POUND": "GBP", "POUNDS": "GBP", "¥": "JPY", "YEN": "JPY"}.get(unit, unit)


def _names(text: str, places: set[str]) -> bool:
    return any(re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text, re.I) for p in places)


def _day(row: dict[str, object]) -> str:
    when = row_time(row)
    return f"{when.day} {when:%B %Y}"


def _title_of(row: dict[str, object]) -> str:
    return str(row["title"]) or str(row["kind"])


def _cut(said: str, words: int = 30) -> str:
    parts = said.split()
    return said if len(parts) <= words else " ".join(parts[:words]) + " …"
