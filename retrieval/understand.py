"""What a question asks beyond its words: when (a time range), who (people the store knows),
and whether it wants a count or a list. Search uses it; `--json` shows it."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from retrieval.terms import content_terms
from retrieval.when import MONTHS, SEASONS, TimeRange, calendar_words, parse_time
from twin.store.catalog import SHORT_FORMS

__all__ = ["FROM_CATALOG", "WHO_IS", "Understood", "asks_for_a_period", "spelled_out", "understand"]

_RACE_KM = re.compile(r"\b(\d{1,2}(?:[.,]\d)?)\s?k\b(?=\s+(?:race|run|runs|running|trail|course|loop|route)\b)"
                      r"|(\b(?:my|the)\s+(?:first\s+|last\s+|next\s+)?)(\d{1,2}(?:[.,]\d)?)\s?k(?=\s*\??\s*$)", re.I)


def spelled_out(question: str) -> str:
    """The question in the words records use: "my 10k race", "my first 5k?" as "my 10 km race",
    "my first 5 km?" (a race's distance as runners say it; not "10k EUR" nor "Was my raise
    5k?", which are no distance)."""
    question = _RACE_KM.sub(lambda m: f"{m.group(1)} km" if m.group(1) else f"{m.group(2)}{m.group(3)} km", question)
    # "whats the name of …", "when's", as typed in haste: "what is", "when is".
    question = _CONTRACTED.sub(r"\1\2 is", question)
    # "the booking ref": "reference", as the records write it (and as MiniLM reads it).
    return _SHORT.sub(_long_form, question)


_CONTRACTED = re.compile(r"^(\s*)(what|when|where|who|how)['’]?s\b", re.I)


def _long_form(match: re.Match[str]) -> str:
    long = SHORT_FORMS[match.group(0).lower()][1]
    return long.capitalize() if match.group(0)[0].isupper() else long


_SHORT = re.compile(r"\b(?:" + "|".join(SHORT_FORMS) + r")\b(?!['’.]\w)", re.I)


FROM_CATALOG = frozenset({"count", "list", "period", "total", "who"})
"""Intents answered from the catalog's records, not by quoting or generating from hits."""

_COUNT = re.compile(r"^\s*(?:how\s+many(?!\s+(?:days|weeks|months|years|nights|hours|minutes)\s+(?:after|before"
                    r"|between|ago|since|until|till|from|passed|went\s+by|(?:were|are|was|is)\s+(?:there|it)\b))"
                    r"|how\s+often|number\s+of)\b", re.I)
"""Things counted: "how many books", not a time between two days ("how many days after the trip")."""
_LIST = re.compile(
    r"^\s*(?:which|what|list|name)\s+(?:all\s+(?:the\s+)?|the\s+)?(\w+(?:\s+\w+)?)\s+(?:did|have|has|do|were|was)\b"
    r"|^\s*list\b|^\s*what\s+are\s+(?:all\s+)?the\b",
    re.I,
)
_TOTAL = re.compile(r"^\s*how\s+(?:(?:many|much)\s+(?:km|kms|kilomet(?:re|er)s?|miles?)|far)\s+(?:did|have|has)\b"
                    r"|^\s*how\s+much\s+(?:money\s+)?(?:did|have|has)\s+[\w'’]+(?:\s+(?:and|&)\s+[\w'’]+)?"
                    r"\s+(?:spend|spent|pay|paid)\b", re.I)
"""A total: "How many km did I run in May?", "How much did I spend on books?" (retrieval/total.py)."""
_WHEN = re.compile(r"^\s*(?:when|what\s+(?:date|day|time|year|month))\b", re.I)
WHO_IS = re.compile(r"^\s*(?i:who)(?:\s+(?i:is|was)|['’]s)\s+"
                    r"(?P<name>[A-ZÄÖÜÀ-Þ][\w'’-]+(?:\s+[A-ZÄÖÜÀ-Þ][\w'’-]+){0,2})\s*\??\s*$")
"""'Who is Ines?': a name and nothing else."""
_LAST = re.compile(r"\bwhen\s+did\s+(?:i|we)\s+last\b|\bthe\s+last\s+time\b"
                   r"|\bwhen\s+did\s+(?:i|we)\s+(?:see|meet|talk\s+to|speak\s+to|hear\s+from)\s+.{1,40}?\s+last\s*\??\s*$",
                   re.I)
"""When did I last ...: "When did I last see Lena?", "When did I see Lena last?"."""


@dataclass(frozen=True)
class Understood:
    question: str
    time_range: TimeRange | None = None
    people: tuple[str, ...] = ()
    """Names the people table knows, as the question wrote them."""
    intent: str = "lookup"
    """`count` (how many), `total` (how far, how much spent), `list` (which ...s), `when`, `last`
    (when did I last), `period` (what happened in a time, nothing else asked), `who` (who is
    <Name>?), or `lookup`."""
    month: str = ""
    """A month that names the payment asked of ("the April rent"), read as no time range: the
    answer must be a line that names it."""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = {
            "time_range": self.time_range.to_json() if self.time_range else None,
            "people": list(self.people),
            "intent": self.intent,
        }
        if self.month:
            data["month"] = self.month  # what became of the month the question names
        return data


def intent_of(question: str) -> str:
    if WHO_IS.match(question):
        return "who"
    if _LAST.search(question):
        return "last"
    if _TOTAL.search(question):
        return "total"
    if _COUNT.search(question):
        return "count"
    if _WHEN.search(question):
        return "when"
    if _LIST.search(question):
        return "list"
    return "lookup"


def understand(question: str, *, now: datetime | None = None,
               anchor: Callable[[str, bool], datetime | None] | None = None,
               people: Callable[[str], Sequence[str]] | None = None) -> Understood:
    """Read the time range (against `now`), the people (through the `people` lookup, which
    returns the known names found in a text) and the intent of `question`."""
    time_range = _coming(question, now, parse_time(question, now, anchor, open_ended=True)) or _tomorrow(question, now)
    month = ""
    if time_range is not None and _names_a_payment(question, time_range.phrase):
        # "the April rent" was settled in March: the month names the rent, not when it was
        # written; the answer must say it ("The April rent will be 860 EUR").
        month, time_range = time_range.phrase.strip(), None
    named = tuple(people(question)) if people is not None else ()
    intent = "period" if asks_for_a_period(question, time_range, named) else intent_of(question)
    return Understood(question, time_range, named, intent, month)


def _names_a_payment(question: str, phrase: str) -> bool:
    """Whether a month alone names a payment of it ("How much was the April rent?", "the June
    bill"), paid or settled in other months, not the time asked ("in April", "the April
    books", "the April rent last year": a year named is the time asked)."""
    month = phrase.strip()
    if month.lower() not in MONTHS or _YEAR.search(question) or _A_YEAR.search(question):
        return False
    said = re.search(rf"\b(?i:the|my|our|his|her|their|your)\s+{re.escape(month)}\s+([a-z]+)", question)
    return said is not None and said.group(1) in _PAYMENTS


_A_YEAR = re.compile(r"\b(?:last|this|next)\s+year\b", re.I)
_PAYMENTS = frozenset({"rent", "salary", "pay", "paycheck", "paycheque", "wage", "wages", "bill", "invoice", "payment",
                       "instalment", "installment", "pension", "allowance", "fee", "fees"})


_AHEAD_ASKED = re.compile(
    r"^(?!.*\b(?:did|was|were|had|last|ago|since|before|until|till|said|told|came|went|ate|bought|got|met|saw|made"
    r"|took|gave|sent|paid|(?!need\b)[a-z]+ed)\b)"
    r"(?:.*\b(?:will|shall|going\s+to|gonna|am\s+i|are\s+(?:we|you|they)|is\s+(?:there|on))\b"
    r"|.*\b(?:is|are)\s+(?:(?-i:[A-Z][a-z]+)(?!['’])|he|she|they)(?:\s+and\s+(?-i:[A-Z][a-z]+))?\s+(?!thing\b)[a-z]+ing\b"
    r"|\s*(?:what|who)['’]?s\s+on\b|.*\b(?:do|does)\s+(?:i|we)\s+(?:have|need)\b)", re.I)
"""A question of what is to come: "What am I doing on 1 July?", "Where will we be on 3 August?",
"What's on 1 July?", "Do I have anything on 30 June?", "What do I have to do on July 1?", "What is
Lena doing in September?"; not one
of the past ("What did I do on 1 July?", "What was on last July 1?"), nor one with a past verb
in it ("What is the budget Anna announced on 12 March?", "Who is the plumber who came on 6
March?"), nor "is" alone ("What is the rent in April?")."""
_YEAR = re.compile(r"\b(?:1[89]|2\d)\d{2}\b")


def _coming(question: str, now: datetime | None, found: TimeRange | None) -> TimeRange | None:
    """A day or month named without its year ("1 July", "in July") is the latest that has
    begun; a question of what is to come asks of the next one: read again as of a year on,
    less a day. Only a time wholly past that names no year and no "last"."""
    if found is None or found.until is None or _YEAR.search(found.phrase) or not _AHEAD_ASKED.search(question):
        return found
    moment = (now or datetime.now()).astimezone(now.tzinfo if now is not None else None)
    if found.until > moment or not any(w in MONTHS or w in SEASONS
                                       for w in re.findall(r"[a-z]+", found.phrase.lower())):
        return found
    ahead = parse_time(found.phrase, moment + timedelta(days=364))
    return ahead if ahead is not None and ahead.since is not None and ahead.since >= found.until else found


_TOMORROW_ASKED = re.compile(
    r"^(?!.*\b(?:did|was|were|had|said|say|says|told|promised|planned|mention\w*|text\w*|wr[io]te|writes|message\w*"
    r"|word|words)\b)(?!.*\b(?:day\s+after|after|from|before|until|till|to)\s+tomorrow\b)"
    r"(?!.*['\"“‘]\s*(?:see\s+you\s+)?tomorrow)(?:.*\s)?tomorrow\b")
"""A question of what is to come tomorrow ("What am I doing tomorrow?", "Do I have anything
tomorrow?"); not one of a past line that named it ("What did Jonas say he would do tomorrow?"),
of the word itself ("Which messages mention tomorrow?", "Who wrote 'see you tomorrow'?"), of
another day counted from it ("the day after tomorrow", "a week from tomorrow"), nor a title
("Tomorrow, and Tomorrow, and Tomorrow": only a lower-case "tomorrow" after the first word)."""


def _tomorrow(question: str, now: datetime | None) -> TimeRange | None:
    """The day after `now` for a question asking what is on tomorrow. Only here: a line's
    "tomorrow" is read by the answer that quotes it (a plan is not its day; `retrieval.answer`)."""
    if not _TOMORROW_ASKED.search(question):
        return None
    today = parse_time("today", now)
    if today is None or today.since is None or today.until is None:
        return None
    return TimeRange(today.since + timedelta(days=1), today.until + timedelta(days=1), "tomorrow")


_OPEN = content_terms("do did done doing happen happened happening up get got going go went on new anything "
                      "everything all else there my me we us life have calendar schedule agenda diary plans planned "
                      "whats")
"""Words of a question that ask for nothing in particular ("what did I get up to")."""
_WHAT = re.compile(r"^\s*(?:what|how)(?:['’]?s)?\b", re.I)


def asks_for_a_period(question: str, time_range: TimeRange | None, people: Sequence[str] = ()) -> bool:
    """A question that asks what happened in the time it names, and for nothing in particular:
    "What did I do last weekend?", "What happened in May?", "What did I do with Lena in March?"."""
    if time_range is None or not time_range.exact or time_range.since is None or time_range.until is None \
            or not _WHAT.match(question):
        return False
    rest = question.replace(time_range.phrase, " ")
    names = {w.lower() for name in people for w in name.split()}
    # The people asked about are no topic, however written ("with Lena" for Lena Fischer).
    words = [w for w in re.findall(r"[\w'’]+", rest) if re.sub(r"['’]s$", "", w.lower()) not in names]
    terms = content_terms(" ".join(words)) - content_terms(calendar_words(time_range.phrase))
    return terms <= _OPEN
