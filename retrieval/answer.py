"""Answers without a generator: the sentences of the evidence that best answer the question, cited."""

from __future__ import annotations

import re
from dataclasses import dataclass

from twin.schema import Answer, Hit
from twin.store import Filters
from twin.store.catalog import STOPWORDS

from retrieval.search import Ranked, Searcher

__all__ = ["NOTHING_FOUND", "Answerer"]

NOTHING_FOUND = "I found nothing about that in your records."
_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")


def content_terms(text: str) -> set[str]:
    """Lower-cased content words cut to 5 letters: a cheap stemmer for overlap (books/book, cities/city)."""
    return {w[:5] for w in _WORD.findall(text.lower()) if w not in STOPWORDS and (len(w) > 2 or w.isdigit())}


def coverage(question: set[str], text: str) -> float:
    return len(question & content_terms(text)) / len(question) if question else 0.0


@dataclass(frozen=True)
class Sentence:
    text: str
    ranked: Ranked
    score: float


class Answerer:
    """Extractive answers: retrieval picks the evidence, sentence scoring picks what to quote."""

    def __init__(self, searcher: Searcher, *, evidence: int = 4, quotes: int = 3) -> None:
        self.searcher = searcher
        self.evidence = evidence
        self.quotes = quotes

    def ask(self, question: str, *, filters: Filters = Filters()) -> Answer:
        terms = content_terms(question)
        ranked = self.searcher.rank(question, k=8, filters=filters)
        floor = self.searcher.config.min_similarity
        relevant = [r for r in ranked if self._relevant(r, terms, floor)][: self.evidence]
        if not relevant:
            return Answer(NOTHING_FOUND)
        sentences = self._score(question, terms, relevant)
        best = sentences[0].score
        if best < floor:
            return Answer(NOTHING_FOUND)
        chosen = [s for s in sentences if s.score >= 0.8 * best][: self.quotes]
        return self._compose(chosen)

    @staticmethod
    def _relevant(r: Ranked, terms: set[str], floor: float) -> bool:
        if r.similarity is not None and r.similarity >= floor:
            return True
        return r.lexical_rank is not None and coverage(terms, f"{r.header} {r.hit.text}") >= 0.5

    def _score(self, question: str, terms: set[str], relevant: list[Ranked]) -> list[Sentence]:
        pieces: list[tuple[str, Ranked]] = []
        for r in relevant:
            for sentence in _SENTENCE.split(r.hit.text):
                sentence = sentence.strip(" \t-*#>")
                if len(_WORD.findall(sentence)) >= 3:
                    pieces.append((sentence, r))
        if not pieces:
            return [Sentence(r.hit.text[:300], r, r.similarity or 0.0) for r in relevant]
        # One embedding call for the question and all candidate sentences.
        vectors = self.searcher.embedder.embed([question, *[f"{r.hit.title}: {s}" for s, r in pieces]])
        sims = vectors[1:] @ vectors[0]
        scored = [
            Sentence(s, r, 0.7 * float(sim) + 0.3 * coverage(terms, f"{r.hit.title} {s}") + 0.02 * (len(relevant) - i))
            for (s, r), sim, i in zip(pieces, sims, [relevant.index(r) for _, r in pieces])
        ]
        return sorted(scored, key=lambda s: -s.score)

    @staticmethod
    def _compose(chosen: list[Sentence]) -> Answer:
        citations: list[Hit] = []
        lines = []
        for sentence in chosen:
            hit = sentence.ranked.hit
            if hit not in citations:
                citations.append(hit)
            number = citations.index(hit) + 1
            when = f"{hit.timestamp.day} {hit.timestamp:%B %Y}"
            lines.append(f"{when}, {hit.title or hit.kind}: {sentence.text} [{number}]")
        return Answer("\n".join(lines), tuple(citations))
