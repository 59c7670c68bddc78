"""Totals from the catalog: "How many km did I run in May?", "How much did I spend on books in April?".

A total is a count whose events each carry an amount: the runs of the time asked (count.py's
activity events: one per day told, however many records tell it) with the distance each tells,
or the things bought (count.py's purchases: one per thing, a shop's mail and a diary's line
joined) with the price each tells. Each event's amount is the one its records agree on (the
receipt's total and the diary's "9 EUR" are one price, not two), read from the sentences that
say the act, or the one right after ("First run since November. 5 km along the canal."). The
answer adds them up, per unit, lists every event with its amount and citations, and says so
when some events tell no amount ("at least"): a sum of what the records say, not a guess.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from retrieval.abstain import NOTHING_FOUND
from retrieval.count import (
    CountQuestion,
    asked_time,
    cite,
    counted_events,
    event_day,
    names_in,
    names_of,
    says_done,
)
from retrieval.understand import Understood
from retrieval.when import MONTHS, calendar_words
from twin.schema import Answer, Hit
from twin.store import Filters, Store

__all__ = ["TotalQuestion", "read_total_question", "total_answer"]

_WHO = r"(?:i|we|you|he|she|they|[\w'’]+(?:\s+(?:and|&)\s+(?:i|me|[\w'’]+))?)"
_GERUNDS = {"run": "running", "ran": "running", "hike": "hiking", "hiked": "hiking", "walk": "walking",
            "walked": "walking", "cycle": "cycling", "cycled": "cycling", "bike": "biking", "biked": "biking",
            "ride": "riding", "rode": "riding", "swim": "swimming", "swam": "swimming", "row": "rowing",
            "rowed": "rowing", "ski": "skiing", "skied": "skiing", "drive": "driving", "drove": "driving"}
_GERUNDS |= {gerund: gerund for gerund in set(_GERUNDS.values())}  # "go running"
_DISTANCE_ASKED = re.compile(
    rf"^\s*(?:how\s+(?:many|much)\s+(?:km|kms|kilomet(?:re|er)s?|miles?)|how\s+far)\s+(?:did|have|has)\s+"
    rf"(?P<who>{_WHO})\s+(?:\w+ly\s+)?(?:(?:go|gone|been)\s+)?(?P<act>{'|'.join(_GERUNDS)})\b", re.I)
_SPENT_ASKED = re.compile(
    rf"^\s*how\s+much\s+(?:money\s+)?(?:did|have|has)\s+(?P<who>{_WHO})\s+(?:spend|spent|pay|paid)\s+"
    r"(?:\w+\s+)?(?:on|for)\s+(?:my\s+|our\s+|the\s+|all\s+(?:the\s+|my\s+)?)?(?P<thing>[\w-]+(?:\s+[\w-]+){0,2}?)"
    r"\s*(?:\b(?:in|during|last|this|since|before|after|at|from|with|so|altogether|overall|in\s+total)\b|\?|$)", re.I)
"""Money spent on things bought, as a plural ("books", "concert tickets"): "the Japan trip" is
no count of purchases."""

_NUMBER = r"\d{1,3}(?:[,.]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?"
_DISTANCE = re.compile(rf"(?<![\w:.,])(?P<n>{_NUMBER})\s?"
                       r"(?P<unit>km|kms|kilomet(?:re|er)s?|k|miles?|mi|m|metres|meters)\b(?!\s*/)"
                       r"(?P<of>\s+(?:steps?|people|views|words|likes|followers)\b)?"
                       r"(?P<climb>\s+(?:up|down|of\s+climbing|elevation|ascent|descent|high|deep)\b)?", re.I)
"""A distance told: "7 km", "5.5 km", "a 10k"; not a pace ("6:40 per km", "km 7") nor a speed,
nor "12k steps" or "600 m up"."""
_METRES_COUNT = frozenset({"swimming", "rowing"})
"""Activities whose distance is told in metres ("1500 m"); a run's "800 m" is a climb or a stretch."""
_RACES = re.compile(r"\b(?P<half>half[\s-]+)?marathon\b", re.I)
_CODES = {"eur": "EUR", "euro": "EUR", "euros": "EUR", "€": "EUR", "usd": "USD", "dollar": "USD", "dollars": "USD",
          "$": "USD", "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "£": "GBP", "chf": "CHF", "jpy": "JPY",
          "yen": "JPY", "¥": "JPY"}
_MONEY = re.compile(rf"(?P<pre>[€$£¥])\s?(?P<n1>{_NUMBER})|(?P<n2>{_NUMBER})\s?(?P<post>[€$£¥]|(?i:eur|euros?|usd"
                    r"|dollars?|gbp|pounds?|chf|jpy|yen)\b)")
_TOTAL_LINE = re.compile(r"^.*\btotal\b.*$", re.I | re.M)
_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY"}
_SENTENCES = re.compile(r"(?<=[.!?…])\s+|\n+")


@dataclass(frozen=True)
class TotalQuestion:
    counted: CountQuestion
    """The events to add up: an activity ("go running") or a thing bought ("buy books")."""
    measure: str
    """"distance" or "money"."""
    unit: str = "km"
    """The distance unit asked for ("km" or "miles"); money keeps each currency."""
    rest: str = ""
    """The question after what it asks for ("in Japan in May"): where, when."""


def read_total_question(question: str) -> TotalQuestion | None:
    if match := _DISTANCE_ASKED.match(question):
        unit = "miles" if re.search(r"\bmiles?\b", question[:match.end()], re.I) else "km"
        gerund = _GERUNDS[match.group("act").lower()]
        return TotalQuestion(CountQuestion(gerund, "go", times=True, who=match.group("who")), "distance", unit,
                             question[match.end():])
    if (match := _SPENT_ASKED.match(question)) and _plural(match.group("thing").split()[-1]):
        return TotalQuestion(CountQuestion(match.group("thing"), "buy", who=match.group("who")), "money",
                             rest=question[match.end("thing"):])
    return None


def _plural(word: str) -> bool:
    return word.islower() and len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _number(text: str, money: bool = True) -> float:
    """"1,380" is thousands, and of money "1.380" and "1.380,50" too; "5,5" and "5.5" are five and
    a half, and of a distance "21.097" (km) is 21 and a bit."""
    if (match := re.fullmatch(r"(\d{1,3}(?:([,.])\d{3})+)(?:[.,](\d{1,2}))?", text)) and (
            money or match.group(2) == ","):
        whole = match.group(1).replace(match.group(2), "")
        return float(f"{whole}.{match.group(3) or 0}")
    return float(text.replace(",", "."))


_LEG_JOIN = re.compile(r"^[^.;!?A-ZÄÖÜ]{0,40}?\b(?:then|and|plus)\b[^.;!?A-ZÄÖÜ]{0,25}$|^\s*\+\s*$")
"""What joins two legs of one outing: "2 km warm-up, then 8 km tempo", "5 km to the lake and 5 km
back", "3 + 2 km"; not a name ("and Jonas 8 km") nor a new sentence."""


def _distances(text: str, unit: str, activity: str = "") -> list[float]:
    """The distances a sentence tells, in `unit` (km: metres converted; miles kept apart); the legs
    of one outing joined by "then", "and" or "+" added up ("2 km warm-up, then 8 km tempo": 10)."""
    found: list[float] = []
    end: int | None = None
    for match in _DISTANCE.finditer(text):
        if (value := _distance(match, unit, activity)) is None:
            continue
        if end is not None and _LEG_JOIN.match(text[end:match.start()]):
            found[-1] += value
        else:
            found.append(value)
        end = match.end()
    if not found and (race := _RACES.search(text)):
        km = 21.0975 if race.group("half") else 42.195
        found.append(km if unit == "km" else km / 1.609344)
    return found


def _distance(match: re.Match[str], unit: str, activity: str) -> float | None:
    """The distance `match` tells, in `unit`; None for steps, a climb, a run's metres, "40k"."""
    told = match.group("unit").lower()
    value = _number(match.group("n"), money=False)
    if match.group("of"):
        return None  # "12k steps"
    if told in ("m", "metres", "meters"):
        if activity not in _METRES_COUNT or match.group("climb"):
            return None  # a run's "800 m" is a climb or a stretch of it; a swim's "1500 m" counts
        value, told = value / 1000, "km"
    if told == "k" and value > 100:
        return None  # "40k" is money or a crowd
    if (unit == "miles") == told.startswith("mi"):
        return value
    return value * 1.609344 if unit == "km" else value / 1.609344


def _prices(text: str, currency: str) -> list[tuple[float, str]]:
    found = []
    for match in _MONEY.finditer(text):
        code = _CODES[(match.group("pre") or match.group("post")).lower()]
        found.append((_number(match.group("n1") or match.group("n2")), code))
    if not found and currency and (total := _total(text)) is not None:
        found.append((total, currency))
    return found


def _total(text: str) -> float | None:
    """A bill's total: on its "Total" lines the first amount with a currency ("Total: €26.00
    (incl. €4.15 VAT)"), else the last number of the last one ("Total (2 items): 26.00")."""
    lines = _TOTAL_LINE.findall(text)
    for line in lines:
        if priced := _MONEY.search(line):
            return _number(priced.group("n1") or priced.group("n2"))
    for line in reversed(lines):
        if numbers := re.findall(_NUMBER, line):
            return _number(numbers[-1])
    return None


def _currency(text: str) -> str:
    """The currency a text writes its prices in: that of its Total line, else the one it names
    most ("€26.00", "26,00 EUR"; an ad's "$5 off" once is not it)."""
    for line in _TOTAL_LINE.findall(text):
        if found := _currencies(line):
            return found.most_common(1)[0][0]
    found = _currencies(text)
    return found.most_common(1)[0][0] if found else ""


def _currencies(text: str) -> Counter[str]:
    return Counter(_CODES[m.group(0).lower()] for m in re.finditer(
        r"[€$£¥]|\b(?:eur|euros?|usd|dollars?|gbp|pounds?|chf|jpy|yen)\b", text, re.I))


def _telling(row: dict[str, object], says: Callable[[str], bool], going_on: bool = True) -> list[str]:
    """The sentences of a record that say the act, each with the one after it (`going_on`: where
    a distance or a price is often told, "First run since November. 5 km along the canal.")."""
    sentences = [s for s in _SENTENCES.split(str(row["text"])) if s.strip()]
    told = []
    for first, after in pairwise([*sentences, ""]):
        if says(first):
            told.append(f"{first} {after}" if going_on and after and not says(after) else first)
    return told or [str(row.get("told") or "")]


def _amount(rows: Sequence[dict[str, object]], asked: TotalQuestion,
            says: Callable[[str], bool]) -> tuple[float, str] | None:
    """The amount the event's records agree on: each record votes once for each amount it tells."""
    votes: Counter[tuple[float, str]] = Counter()
    first: dict[tuple[float, str], int] = {}
    for row in rows:
        # In the order told (dict keys, not a set): ties go to the first amount, in every run.
        if asked.measure == "distance":
            told = list(dict.fromkeys((round(v, 3), asked.unit) for text in _telling(row, says)
                                      for v in _distances(text, asked.unit, asked.counted.thing)))
        else:
            text = str(row["text"])
            currency = _currency(text)
            # A shop's mail: its total. A note or a list entry: the price where it says the act.
            source = text if row["kind"] == "email" else " ".join(_telling(row, says))
            told = list(dict.fromkeys((round(v, 2), c) for v, c in _prices(source, currency)))
            if row["kind"] == "email" and currency and (total := _total(text)) is not None:
                told = [(round(total, 2), currency)]
        if len(told) > 3:
            continue  # a week's log ("Tuesday 5.5 km, Thursday 5.5 km, today 10 km") names no one amount
        for amount in told:
            votes[amount] += 1
            first.setdefault(amount, len(first))
    if not votes:
        return None
    return max(votes, key=lambda amount: (votes[amount], -first[amount]))


def _spelled(value: float, unit: str) -> str:
    if unit == "JPY":
        return f"¥{value:,.0f}"
    number = f"{value:,.0f}" if abs(value - round(value)) < 0.005 else f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit in ("km", "miles") and "." in number:
        number = f"{value:,.1f}"
    return f"{number} {unit}"


def total_answer(store: Store, question: str, understood: Understood, filters: Filters = Filters(), *,
                 me: str = "", abstain: bool = True) -> Answer | None:
    """The total, or None when the question asks for none this can read or no event is found.
    With `abstain`, a distance of an activity no record tells of in the time asked is "not
    mentioned" ("How far did I swim this year?"), not the nearest lines about running."""
    asked = read_total_question(question)
    if asked is None:
        return None
    filters = asked_time(understood, filters)
    events = counted_events(store, asked.counted, filters, understood.people, me)
    says = says_done(asked.counted)
    if not re.search(r"\b(?:i|me|we|us)\b", asked.counted.who, re.I):
        # Someone else's runs or purchases: what they did, not what the owner did with them.
        if not understood.people:
            return None  # a name no record has: search answers (and refuses)
        names = [names_of(store, person) for person in understood.people]
        events = [(label, kept) for label, rows in events if (kept := [r for r in rows if _theirs(r, names, says)])]
    if places := _places(asked.rest, understood):
        events = _in_place(store, events, places, says, asked.counted)
    if not events:
        return Answer(NOTHING_FOUND) if abstain and asked.measure == "distance" else None
    citations: list[Hit] = []
    sums: dict[str, float] = {}
    lines = []
    untold = 0
    for label, rows in events:
        numbers = " ".join(cite(store, row, citations) for row in rows)
        when = event_day(rows, asked.counted)
        amount = _amount(rows, asked, says)
        if amount is None:
            untold += 1
            lines.append(f"- {label} ({when:%a} {when.day} {when:%B}): not told {numbers}")
            continue
        value, unit = amount
        sums[unit] = sums.get(unit, 0.0) + value
        lines.append(f"- {label} ({when:%a} {when.day} {when:%B}): {_spelled(value, unit)} {numbers}")
    if not sums:
        return None  # events without an amount: the count answers better than "0 km"
    what = _what(asked, len(events))
    span = f" {understood.time_range.phrase}" if understood.time_range is not None else ""
    total = " and ".join(_spelled(value, unit) for unit, value in sums.items())
    head = f"{'At least ' if untold else ''}{total}{span} ({what})"
    records = len({str(r["id"]) for _, rows in events for r in rows})
    added = f"Added up from {records} record{'s' if records != 1 else ''}"
    if untold:
        added += f"; {untold} of {len(events)} tell{'s' if untold == 1 else ''} no {asked.measure}"
    return Answer(head, tuple(citations), "\n".join([added + ":", *lines]))


def _theirs(row: dict[str, object], names: list[set[str]], says: Callable[[str], bool]) -> bool:
    """Whether the record tells of the act as one of `names`' own: a chat line they wrote that
    names no one else as doing it, or a sentence with them as the one who does it ("Jonas ran
    the half marathon"; not "Jonas cheered at km 7")."""
    everyone = {n.lower() for said in names for n in said}

    def subjects(sentence: str) -> set[str]:  # "Maya ran 12 km" → {"maya"}
        return {name.lower() for name, verb in re.findall(r"\b([A-ZÄÖÜ][\w'’-]+)\s+(\w+)", sentence)
                if name != "I" and says(verb)}

    told = _telling(row, says, going_on=False)
    if row["kind"] == "message" and any(names_in(said, str(row["author"])) for said in names):
        return any(not subjects(s) or subjects(s) & everyone for s in told)  # theirs, not "Maya ran …"
    return any(subjects(s) & everyone for s in told)  # "Jonas ran 10 km", not "Jonas cheered at km 7"


def _in_place(store: Store, events: list[tuple[str, list[dict[str, object]]]], places: list[str],
              says: Callable[[str], bool], asked: CountQuestion) -> list[tuple[str, list[dict[str, object]]]]:
    """The events in the places asked ("in Japan"): on a day of a calendar entry whose title names
    them ("Japan with Jonas", 2–16 May), or told by a record whose title or telling sentence
    names them ("Tokyo: Shinjuku and my one book")."""
    def named(text: str) -> bool:
        return all(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text, re.I) for p in places)

    spans = [(int(ts), int(end)) for ts, end, title in store.catalog.db.execute(
        "SELECT ts, end_ts, title FROM records WHERE kind = 'event' AND end_ts > ts"
        " AND coalesce(json_extract(metadata, '$.status'), '') != 'cancelled'") if named(str(title))]
    kept = []
    for label, rows in events:
        day = event_day(rows, asked).timestamp()
        if any(lo <= day < hi for lo, hi in spans) or any(
                named(str(r["title"])) or any(named(t) for t in _telling(r, says, going_on=False)) for r in rows):
            kept.append((label, rows))
    return kept


def _places(rest: str, understood: Understood) -> list[str]:
    """The names of the question's rest that are neither a person nor the calendar ("Japan" in
    "in Japan in May")."""
    people = {w.lower() for name in understood.people for w in name.split()}
    phrase = understood.time_range.phrase if understood.time_range else ""
    when = {w.lower() for w in re.findall(r"[\w'’-]+", phrase)}
    words = [re.sub(r"['’]s?$", "", w) for w in re.findall(r"[\w'’-]+", rest)]  # "Nara's park" is Nara
    return [w for w in words if w[:1].isupper() and w.lower() not in people | when
            and w.lower() not in MONTHS and not calendar_words(w) and w != "I"]


def _what(asked: TotalQuestion, count: int) -> str:
    if asked.measure == "distance":
        noun = {"running": "run", "hiking": "hike", "walking": "walk", "swimming": "swim", "cycling": "ride",
                "biking": "ride", "riding": "ride", "rowing": "outing", "skiing": "day", "driving": "drive"}
        word = noun.get(asked.counted.thing, "time")
        return f"{count} {word}{'s' if count != 1 else ''}"
    forms = asked.counted.thing_forms
    thing = forms[0] if count == 1 and forms else asked.counted.thing
    return f"{count} {thing}"
