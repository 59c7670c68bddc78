"""When not to answer: the evidence must be about what, and whom, the question asks.

Retrieval always finds something; an unanswerable question that sounds answerable ("When did
Nora visit Lisbon?" when it was Sam who went) gets hits that look right. These checks catch the
common cases (all but the last without a model):

- a name the question stands on (a capitalised word that is not a known person, such as a
  place or a title) that no record contains at all;
- a question about one person of a conversation whose answering messages are all by the
  other person and neither name nor address the one asked about (the words of the question's
  time phrase aside: "in February" is when, not what);
- a question about a person's thing ("Sam's cat") where the conversation only ever gives
  that thing to someone else (the other says "my cat", or is asked about "your cat");
- a question about one person whose closest line in meaning is the other's, about the other:
  asked as of the person ("What did I realise after the charity race?"), the other's "I
  realised running is my thing" is clearly closer than anything the person says of themselves.
  A question in the first person ("When did I go skiing?") is about the owner of the records;
- a question about someone other than the owner whom none of the best hits involves: they
  neither write nor take part in it, and it does not name them ("When did Mattis move to
  Leipzig?" answered by Nora's line about her own move).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator, Sequence

from retrieval.focus import HIT_LINE
from retrieval.places import longer_names, other_names
from retrieval.search import Ranked
from retrieval.terms import content_terms
from retrieval.when import WEEKDAYS, calendar_words
from twin.models.embedder import Embedder
from twin.store import Store
from twin.store.catalog import KIN_FORMS
from twin.store.people import parse_alias

__all__ = ["AGAINST_MARGIN", "AGAINST_SIMILARITY", "FIRST_PERSON", "NOTHING_FOUND", "RELATIONS", "asks_of_me_alone",
           "given_to_another", "not_involved", "owned_by_another", "said_of_another", "speaks_of_oneself",
           "unknown_names", "unsupported_person"]

NOTHING_FOUND = "Not mentioned in your records."
"""What `twin ask` says when the records hold no answer: plain to a reader, and the words
("not mentioned") that scorers of unanswerable questions commonly look for."""

# Measured on bench/personal's questions and the same questions with the two friends' names
# swapped (bench/RESULTS.md, "Abstention by meaning"): the other's closest line at 0.35 or more
# and 0.10 above the person's own.
AGAINST_SIMILARITY = 0.35
AGAINST_MARGIN = 0.10

RELATIONS = (r"(?:brother|sister|mum|mother|mom|dad|father|parents?|son|daughter|aunt|uncle|cousin|niece|nephew"
              r"|grandma|grandmother|grandpa|grandfather|grandparents?|partner|husband|wife|boyfriend|girlfriend"
              r"|fianc[ée]e?|friend|flatmate|roommate|neighbou?r|colleague|coworker|co-worker|boss|manager|lead"
              r"|landlord|landlady|teacher|coach|doctor|dentist|therapist|physio|trainer|tutor|student|client"
              r"|researcher|designer|engineer|developer|assistant|ex|godmother|godfather|in-law)")
"""Who someone is to one, in a word ("my brother Tom", "Lena is our neighbour")."""

_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-ZÄÖÜÀ-Þ][\w'’-]{2,})")
FIRST_PERSON = re.compile(r"\b(i|i'm|i've|i'd|i'll|me|my|mine|we|we're|we've|our|ours|us)\b", re.I)
# The asker's words in a question: not "mine" (a salt mine) nor "US" (the country).
_ASKER = re.compile(r"(?i:\b(?:i|i'm|i've|i'd|i'll|me|my|myself|we|we're|we've|our|ours|ourselves)\b(?![.-]))|\bus\b")
_ALONE = re.compile(r"(?i:\b(?:i|i'm|i've|i'd|i'll|me|myself)\b(?![.-]))")
_JOINT = re.compile(r"(?i:\b(?:we|we're|we've|we'd|we'll|our|ours|ourselves)\b|\b(?:and|&)\s+(?:i|me)\b"
                    r"|\b(?:i|me)\s+and\b|\bwith\s+me\b)|\bus\b")
# A request's "tell me" (at the start) is how it is asked; "What did Jonas help me with?" is not.
_ASKING_ME = re.compile(r"^\s*(?:please\s+|(?:can|could|would|will)\s+you\s+)?(?:tell|show|remind|give|let|help)"
                        r"\s+me\b|^\s*(?:can|may)\s+i\s+(?:ask|know)\b", re.I)
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|„[^“”]*[“”]')
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_SECOND_PERSON = re.compile(r"\b(you|your|yours|you're|you've|you'll|u|ur)\b", re.I)
_QUESTION_WORDS = frozenset({"What", "When", "Where", "Which", "Who", "Whom", "Whose", "Why", "How", "Did",
                             "Does", "Do", "Is", "Are", "Was", "Were", "Has", "Have", "Can", "Could", "Would",
                             "Should", "Will", "List", "Name", "Tell"})


def unknown_names(store: Store, question: str, people: Sequence[str]) -> list[str]:
    """Capitalised words of the question (after its first word) that no record contains."""
    known = {part for name in people for part in name.split()}
    # "Saxon Switzerland" is known as "Sächsische Schweiz".
    known |= {part for name, others in other_names(question)
              if any(store.catalog.contains_term(other, unless=longer_names(other)) for other in others)
              for part in name.split()}
    missing = []
    for word in _CAPITALISED.findall(question):
        base = re.sub(r"['’]s$", "", word)
        if base in _QUESTION_WORDS or base in known or calendar_words(base):  # "New Year's Eve"
            continue
        if not store.catalog.contains_term(base):
            missing.append(base)
    return missing


def speaks_of_oneself(question: str) -> bool:
    """The one asking is in the question ("What did I promise Jonas?", "our trip"): the person
    it names is the other party, not whom it is about. "Tell me" is only how it is asked, and
    a quote ('Who said "I will be late"?') is someone else's words."""
    return _ASKER.search(_spoken(question)) is not None


def asks_of_me_alone(question: str) -> bool:
    """The asker alone did what is asked ("When did I go skiing?"): not only something of
    theirs ("my brother's new number" is the brother's to say), nor with others ("we", "Jonas
    and I", "with me"), where anyone's line may answer."""
    spoken = _spoken(question)
    return _ALONE.search(spoken) is not None and _JOINT.search(spoken) is None


def _who(person_aliases: Sequence[str]) -> tuple[set[str], set[str]]:
    """(each alias as a line's writer may show it, its first name if it is a name), lower-case:
    a number or an address is matched whole, never by its first part ("+49")."""
    names = {alias.split("<")[0].strip().lower() for alias in person_aliases if alias.strip()}
    firsts = {name.split()[0].lower() for alias in person_aliases if (name := parse_alias(alias)[0].strip())}
    return names, firsts


def _spoken(question: str) -> str:
    return _ASKING_ME.sub(" ", _QUOTED.sub(" ", question))


def unsupported_person(person_aliases: Sequence[str], relevant: Sequence[Ranked],
                       terms: frozenset[str]) -> bool:
    """True when the question asks about one person who takes part in the conversations found,
    and every message line that shares the question's words (`terms`, the asked-about words) is
    by someone else, neither naming nor addressing them ("When did Nora visit Lisbon?" where only
    Sam writes of Lisbon), or is the person's own line to the other about the other ("did you eat
    pierogi?"), and those lines together hold at least half of the words. A person who only comes
    up in others' lines ("When did Freya get married?") is not judged: the lines about them are
    all by someone else. Evidence that is not a conversation never counts against."""
    names, firsts = _who(person_aliases)
    terms = terms - firsts - {n for name in names for n in name.split()}
    if not terms or not any(_takes_part(ranked, names, firsts) for ranked in relevant):
        return False
    against: set[str] = set()
    for ranked in relevant:
        if ranked.hit.kind != "message":
            return False
        for line in ranked.hit.text.split("\n"):
            match = HIT_LINE.match(line)
            if match is None:
                continue
            author = match.group("author").strip().lower()
            # Judged by sentence: "I painted a lake last week. what do you think?" is about the writer.
            for text in _SENTENCE_END.split(match.group("text").lower()):
                shared = terms & content_terms(text)
                if not shared:
                    continue
                if author in names or author.split()[0] in firsts:
                    if FIRST_PERSON.search(text) or not _SECOND_PERSON.search(text):
                        return False
                    # Asking or telling the other about it ("did you eat pierogi?", "so proud of
                    # you for finishing the race") says nothing of oneself.
                    against |= shared
                    continue
                if any(first in text for first in firsts) or _SECOND_PERSON.search(text):
                    return False
                against |= shared
    # The lines against must be about what is asked (half its words), not share a stray word:
    # "Which part of Berlin did Sam move to?" is not answered against by Nora's "the ICE to Berlin".
    return len(against) >= len(terms) / 2


def not_involved(person_aliases: Sequence[str], relevant: Sequence[Ranked], owner: Sequence[str] = ()) -> bool:
    """True when no hit of `relevant` involves the person: none has them among its participants
    or writers, nor names them (a name, first name or surname as a whole word, in the text or
    the title).
    Then the hits answer a question about them with someone else's doings."""
    names, firsts = _who(person_aliases)
    # A surname too: "Ms Schmidt approved the budget" is about Anna Schmidt.
    # Not one the owner shares ("Berg" of Tom Berg is in every "Maya Berg" line of the owner's).
    owned = {w for alias in owner for w in parse_alias(alias)[0].lower().split()}
    lasts = {name.split()[-1] for name in names if len(name.split()) > 1 and len(name.split()[-1]) > 2} - owned
    said = {n for n in names | firsts | lasts if re.fullmatch(r"[^\W\d_][\w .'’-]*", n)}  # not numbers, addresses
    if not said:
        return False
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(n) for n in sorted(said, key=len, reverse=True))
                         + r")(?![\w])", re.I)
    return not any(_takes_part(ranked, names, firsts) or pattern.search(ranked.hit.text)
                   or pattern.search(ranked.hit.title) for ranked in relevant)


def _takes_part(ranked: Ranked, names: set[str], firsts: set[str]) -> bool:
    """The person is one of the hit's participants or writes one of its lines."""
    authors = {p.strip().lower() for p in ranked.hit.participants}
    lines = (HIT_LINE.match(line) for line in ranked.hit.text.split("\n"))
    authors |= {m.group("author").strip().lower() for m in lines if m}
    return any(a in names or (a.split() and a.split()[0] in firsts) for a in authors)


_POSSESSIVE = re.compile(r"\b([A-ZÄÖÜÀ-Þ][\w-]+)['’]s\s+((?:[a-z][\w-]*\s+){0,2}?)([a-z][\w-]{2,})\b")


def owned_by_another(question: str, person_aliases: Sequence[str], relevant: Sequence[Ranked]) -> bool:
    """True when the question asks about a person's thing ("Sam's cat") and the conversation
    lines found say whose it is, always someone else's: its owner says "my cat" or is told
    "your cat", and no line gives it to the person asked ("Sam's cat", Sam's "my cat")."""
    names, firsts = _who(person_aliases)
    match = next((m for m in _POSSESSIVE.finditer(question)
                  if m.group(1).lower() in firsts and content_terms(m.group(3))), None)
    if match is None:
        return False  # no possessive, or one of a list ("Nora's and Sam's lives")
    thing = match.group(3).lower()
    owners: set[str] = set()
    for ranked in relevant:
        for line in ranked.hit.text.split("\n"):
            said = HIT_LINE.match(line)
            if said is None or not re.search(rf"\b{re.escape(thing)}\b", said.group("text"), re.I):
                continue
            author = said.group("author").strip().lower()
            mine = author in names or author.split()[0] in firsts
            text = said.group("text").lower()
            if any(re.search(rf"\b{re.escape(first)}\b", text) for first in firsts):
                return False  # "Sam's cat", "happy birthday Nora": the line gives it to them
            if re.search(rf"\b(?:my|our)\s+(?:\w+\s+)?{re.escape(thing)}\b", text):
                if mine:
                    return False
                owners.add(author)
            elif re.search(rf"\b(?:your|ur)\s+(?:\w+\s+)?{re.escape(thing)}\b", text):
                if not mine:
                    return False
                owners.add(f"not {author}")
    return bool(owners)


_NO_OWNERS = frozenset({"today", "tomorrow", "yesterday", "tonight", "it", "that", "this", "there", "here", "what",
                        "who", "everyone", "everybody", "someone", "somebody", "nobody", "year", "week", "month",
                        "christmas", "easter", *WEEKDAYS,
                        *(m.lower() for m in calendar.month_name[1:])})
"""Words before "'s" that own nothing: a time ("Sunday's birthday lunch"), "it's", "what's"."""


def given_to_another(question: str, person_aliases: Sequence[str], title: str, line: str) -> bool:
    """True when the question asks about a person's thing ("When is Jonas's birthday?") and the
    line that would answer it, read with its record's title, gives that thing to someone else
    by name ("Tom's birthday": "ICE 09:36 from Berlin Hbf with Jonas") and never to the person."""
    names, firsts = _who(person_aliases)
    match = next((m for m in _POSSESSIVE.finditer(question)
                  if m.group(1).lower() in firsts and content_terms(m.group(3))), None)
    if match is None:
        return False
    asked = re.escape(match.group(3))
    said = f"{title}\n{line}"
    if re.search(rf"\b(?:my|our)\s+(?:[\w-]+\s+)?{asked}s?\b", line, re.I):
        return False  # "btw my birthday is on 3 September": theirs, said by them
    own = {w for name in names for w in name.split()} | firsts
    owners = [run.lower().split() for run in re.findall(
        rf"\b((?:[A-ZÄÖÜÀ-Þ][\w-]+\s+)*[A-ZÄÖÜÀ-Þ][\w-]+)['’]s\s+(?i:(?:[\w-]+\s+){{0,2}}?{asked}s?)\b", said)]
    # "Today's birthday boy", "Next Sunday's lunch": a time or a word, no one's.
    owners = [o for o in owners if o[-1] not in _NO_OWNERS]
    return bool(owners) and not any(set(o) & own for o in owners)


def said_of_another(embedder: Embedder, question: str, person_aliases: Sequence[str],
                    relevant: Sequence[Ranked]) -> bool:
    """True when the question asks about one person of a conversation, and the line closest in
    meaning to it (asked as of that person: "What did Nora eat?" as "What did I eat?") is the
    other's, about the other, by a clear margin over every line in which the person speaks of
    themselves or is named or addressed. Questions, from either side, count for neither: "did you
    eat pierogi?" says nothing of what anyone ate. Evidence that is not a conversation never
    counts against, nor does a question about the person's relative ("Sam's mother"): what the
    other did is no answer to what she did, whoever is closer in meaning."""
    names, firsts = _who(person_aliases)
    if not names or any(r.hit.kind != "message" for r in relevant) or not any(
            _takes_part(r, names, firsts) for r in relevant):
        return False
    relative = rf"\b(?:{'|'.join(map(re.escape, firsts))})['’]s\s+(?:\w+\s+)?({RELATIONS})\b"
    if firsts and (kin := re.search(relative, question, re.I)):
        # "When did Sam's mother arrive?" asks of her: not the other's own arrival, but the
        # other's "my mum" is the other's mother.
        return _relative_of_another(_kin(kin.group(1)), names, firsts, relevant)
    sides: list[tuple[bool, str]] = []  # (for the person, sentence)
    for mine, said in _said_lines(relevant, names, firsts):
        for text in _SENTENCE_END.split(said):
            lowered = text.lower().rstrip()
            if len(lowered.split()) < 2:
                continue
            asks = lowered.endswith("?")
            if mine:
                # Of themselves, not a question or a word to the other ("did you eat pierogi?").
                if FIRST_PERSON.search(lowered) or not (asks or _SECOND_PERSON.search(lowered)):
                    sides.append((True, text))
            elif _SECOND_PERSON.search(lowered) or any(
                    re.search(rf"\b{re.escape(first)}\b", lowered) for first in firsts):
                sides.append((True, text))  # to them or of them
            elif not asks:
                sides.append((False, text))
    sides = list(dict.fromkeys(sides))  # hits share neighbours: each line is embedded once
    if not any(not mine for mine, _ in sides):
        return False
    vectors = embedder.embed([_as_of_oneself(question, names, firsts), *(text for _, text in sides)])
    sims = vectors[1:] @ vectors[0]
    best_for = max((float(s) for (mine, _), s in zip(sides, sims, strict=True) if mine), default=0.0)
    best_against = max(float(s) for (mine, _), s in zip(sides, sims, strict=True) if not mine)
    return best_against >= AGAINST_SIMILARITY and best_against - best_for > AGAINST_MARGIN


_KIN = {**{form: forms[0] for form, forms in KIN_FORMS.items()},
        "mummy": "mother", "nan": "grandmother", "grandparent": "grandparents"}
"""A relation's names, each to its first (the text index's `KIN_FORMS`, and names it leaves out:
"mummy" is the museum's as often)."""


def _kin(word: str) -> str:
    """A relation by one name: "mum" and "mother" are one."""
    word = word.lower()
    return _KIN.get(word, word)


def _said_lines(relevant: Sequence[Ranked], names: set[str], firsts: set[str]) -> Iterator[tuple[bool, str]]:
    """(written by the person, words) for each conversation line of the hits."""
    for ranked in relevant:
        for line in ranked.hit.text.split("\n"):
            said = HIT_LINE.match(line)
            if said is not None:
                author = said.group("author").strip().lower()
                yield author in names or author.split()[0] in firsts, said.group("text")


def _relative_of_another(kin: str, names: set[str], firsts: set[str], relevant: Sequence[Ranked]) -> bool:
    """True when the lines found speak of that relative only as the other's: the other writes
    "my mum", and the person neither writes "my mum" nor is told "your mum"."""
    against = False
    for mine, said in _said_lines(relevant, names, firsts):
        for whose, words in re.findall(r"\b(my|our|your|ur)\s+(\w+(?:\s+\w+)?)", said, re.I):
            if all(_kin(word) != kin for word in words.split()):  # "my mum", "my little sister"
                continue
            if mine == (whose.lower() in ("my", "our")):
                return False  # the person's own "my mum", or the other's "your mum" to them
            against = True
    return against


def _as_of_oneself(question: str, names: set[str], firsts: set[str]) -> str:
    """The question as the person would ask it: "When did Nora's knee start clicking?" as
    "When did my knee start clicking?", so that the name weighs on no line. A name is matched
    as a name is written (capitalised): "What will Will bring?" keeps its "will"."""
    def oneself(match: re.Match[str]) -> str:
        if match.group(0)[:1].islower():
            return match.group(0)  # "will", not Will
        return "my" if match.group(1) else "I"

    for name in sorted(names | firsts, key=len, reverse=True):
        question = re.sub(rf"(?<![\w+]){re.escape(name)}(['’]s)?\b", oneself, question, flags=re.I)
    return question
