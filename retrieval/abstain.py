"""When not to answer: the evidence must be about what, and whom, the question asks.

Retrieval always finds something; an unanswerable question that sounds answerable ("When did
Nora visit Lisbon?" when it was Sam who went) gets hits that look right. Two checks catch the
common cases without a model:

- a name the question stands on (a capitalised word that is not a known person, such as a
  place or a title) that no record contains at all;
- a question about one person of a conversation whose answering messages are all by the
  other person and neither name nor address the one asked about;
- a question about a person's thing ("Sam's cat") where the conversation only ever gives
  that thing to someone else (the other says "my cat", or is asked about "your cat").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from retrieval.search import Ranked
from retrieval.terms import content_terms
from twin.store import Store

__all__ = ["owned_by_another", "unknown_names", "unsupported_person"]

_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-ZÄÖÜÀ-Þ][\w'’-]{2,})")
_FIRST_PERSON = re.compile(r"\b(i|i'm|i've|i'd|i'll|me|my|mine|we|we're|we've|our|ours|us)\b", re.I)
_SECOND_PERSON = re.compile(r"\b(you|your|yours|you're|you've|you'll|u|ur)\b", re.I)
_QUESTION_WORDS = frozenset({"What", "When", "Where", "Which", "Who", "Whom", "Whose", "Why", "How", "Did",
                             "Does", "Do", "Is", "Are", "Was", "Were", "Has", "Have", "Can", "Could", "Would",
                             "Should", "Will", "List", "Name", "Tell"})


def unknown_names(store: Store, question: str, people: Sequence[str]) -> list[str]:
    """Capitalised words of the question (after its first word) that no record contains."""
    known = {part for name in people for part in name.split()}
    missing = []
    for word in _CAPITALISED.findall(question):
        base = re.sub(r"['’]s$", "", word)
        if base in _QUESTION_WORDS or base in known:
            continue
        if not store.catalog.contains_term(base):
            missing.append(base)
    return missing


_LINE = re.compile(r"^(?P<author>[^()\n]{1,60}?) \((?:\d{1,2} \w{3} )?\d{2}:\d{2}\): (?P<text>.*)$")


def unsupported_person(person_aliases: Sequence[str], relevant: Sequence[Ranked],
                       terms: set[str]) -> bool:
    """True when the question asks about one person who writes in the conversations found, and
    every message line that shares the question's words is by someone else, neither naming
    nor addressing them ("When did Nora visit Lisbon?" where only Sam writes of Lisbon), or is
    the person's own question without a word about themselves ("did you eat pierogi?").
    Evidence that is not a conversation never counts against."""
    names = {alias.split("<")[0].strip().lower() for alias in person_aliases if alias.strip()}
    firsts = {name.split()[0] for name in names if name}
    terms = terms - firsts - {n for name in names for n in name.split()}
    if not terms:
        return False
    judged = 0
    for ranked in relevant:
        if ranked.hit.kind != "message":
            return False
        for line in ranked.hit.text.split("\n"):
            match = _LINE.match(line)
            if match is None or not (terms & content_terms(match.group("text"))):
                continue
            author = match.group("author").strip().lower()
            text = match.group("text").lower()
            if author in names or author.split()[0] in firsts:
                if _FIRST_PERSON.search(text) or not text.rstrip().endswith("?"):
                    return False
                judged += 1  # asking the other about it ("did you eat pierogi?") says nothing of oneself
                continue
            if any(first in text for first in firsts) or _SECOND_PERSON.search(text):
                return False
            judged += 1
    return judged > 0


_POSSESSIVE = re.compile(r"\b([A-ZÄÖÜÀ-Þ][\w-]+)['’]s\s+((?:[a-z][\w-]*\s+){0,2}?)([a-z][\w-]{2,})\b")


def owned_by_another(question: str, person_aliases: Sequence[str], relevant: Sequence[Ranked]) -> bool:
    """True when the question asks about a person's thing ("Sam's cat") and the conversation
    lines found say whose it is, always someone else's: its owner says "my cat" or is told
    "your cat", and no line gives it to the person asked ("Sam's cat", Sam's "my cat")."""
    names = {alias.split("<")[0].strip().lower() for alias in person_aliases if alias.strip()}
    firsts = {name.split()[0] for name in names if name}
    match = next((m for m in _POSSESSIVE.finditer(question) if m.group(1).lower() in firsts), None)
    if match is None:
        return False
    thing = match.group(3).lower()
    owners: set[str] = set()
    for ranked in relevant:
        for line in ranked.hit.text.split("\n"):
            said = _LINE.match(line)
            if said is None or not re.search(rf"\b{re.escape(thing)}\b", said.group("text"), re.I):
                continue
            author = said.group("author").strip().lower()
            mine = author in names or author.split()[0] in firsts
            text = said.group("text").lower()
            if any(re.search(rf"\b{re.escape(first)}['’]s\s+(?:\w+\s+)?{re.escape(thing)}\b", text)
                   for first in firsts):
                return False
            if re.search(rf"\b(?:my|our)\s+(?:\w+\s+)?{re.escape(thing)}\b", text):
                if mine:
                    return False
                owners.add(author)
            elif re.search(rf"\b(?:your|ur)\s+(?:\w+\s+)?{re.escape(thing)}\b", text):
                if not mine:
                    return False
                owners.add(f"not {author}")
    return bool(owners)
