"""Content words of questions and texts, crudely stemmed, for overlap scores that need no model."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from functools import lru_cache

from twin.store.catalog import STOPWORDS

__all__ = ["content_terms", "coverage", "stem"]

_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude English stemmer, enough to match books/book, cities/city, passes/pass, booked/book,
    and a short verb's forms: moved/moving/move, running/run, planned/plan, cried/cry."""
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("ses", "xes", "zes", "ches", "shes")) and len(word) > 4:
        word = word[:-2]
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    if word.endswith("ied") and len(word) > 4:
        return (word[:-3] + "y")[:6]  # "cried", "studied", "married"
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and _VOWEL.search(word[: -len(suffix)]):
            word = word[: -len(suffix)]
            if len(word) >= 3 and word[-1] == word[-2] and word[-1] not in "lsz" and word[-1] not in "aeiou":
                word = word[:-1]  # "running", "planned": "run", "plan"
            elif len(word) == 3 and _SHORT_CVC.fullmatch(word):
                word += "e"  # "moved", "hiking": "move", "hike"
            break
    return word[:6]


_VOWEL = re.compile(r"[aeiouy]")
_SHORT_CVC = re.compile(r"[^aeiou][aeiou][^aeiouwxy]")
"""A stem of three letters that lost its "e" to "-ed" or "-ing": "mov", "hik", "com"."""


@lru_cache(maxsize=1 << 14)
def content_terms(text: str) -> frozenset[str]:
    """Stemmed content words, for overlap between a question and a sentence (cached: search
    reads the same chat lines for query after query)."""
    return frozenset(stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS and (len(w) > 1 or w.isdigit()))


def coverage(question: AbstractSet[str], text: str) -> float:
    return len(question & content_terms(text)) / len(question) if question else 0.0
