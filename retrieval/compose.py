"""Generated answers from retrieved evidence, every sentence checked against that evidence and cited."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from retrieval.answer import NOTHING_FOUND
from retrieval.search import Ranked
from retrieval.terms import content_terms
from twin.errors import ModelError
from twin.models.generator import Generator
from twin.schema import Answer, Hit

__all__ = ["ABSTAIN", "Checker", "Composed", "compose", "compose_stream", "evidence_blocks", "prompt"]

logger = logging.getLogger(__name__)

ABSTAIN = "I don't know from your records."
"""What the generator is told to say when the evidence does not hold the answer."""
MAX_WORDS = 600
"""Evidence words in a prompt: SmolLM2-135M loses the question behind more."""
SYSTEM = (
    "You answer questions about the user's own life from numbered evidence taken from their records. "
    "Use only the evidence. Answer in one or two short sentences. "
    "After each fact put the number of the evidence it comes from in brackets, like [1]. "
    f"If the evidence does not contain the answer, reply exactly: {ABSTAIN}"
)
EXAMPLE = (
    "Today is 2025-06-10, Tuesday.\nEvidence:\n"
    "[1] 2025-06-01, Sunday · files/note: Bought bread and milk at the corner shop.\n"
    '[2] 2025-06-03, Tuesday · mail/email "Flight" · Tom: Your flight to Oslo leaves at 7:40 on Friday.\n\n'
    "Question: When does my flight to Oslo leave?",
    "Your flight to Oslo leaves at 7:40 on Friday [2].",
)
"""A made-up exchange that shows the form of an answer; its facts cannot pass the check."""
_NUMBERS = r"\[\d{1,3}(?:\s*[,;]\s*\d{1,3})*\]"
_CITE = re.compile(rf"\s*{_NUMBERS}(?:\s*{_NUMBERS})*")
"""A run of citations (`[2]`, `[1, 3]`, `[9][1]`) with the space before it."""
_SPLIT = re.compile(
    rf"(?P<end>[.!?…]+(?:\s*{_NUMBERS})*)(?P<gap>\s+)(?=[^\s\[])"  # after . ! ? and the citations that follow
    rf"|(?P<end2>(?:\s*{_NUMBERS})*)(?P<gap2>[ \t]*\n\s*)(?=[^\s\[])"  # at a line break
)
"""Where a sentence ends; it needs the next sentence's first character, so a streamed citation is never cut."""
_FINAL = re.compile(r"[.!?…:;,]+$")
_WORD = re.compile(r"\w+")
_MIN_WORDS = 3
"""A shorter 'sentence' (`Dr.`, `1.`) is joined to the next one."""
_ABBREVIATION = re.compile(r"(?:\b(?:Dr|Mr|Mrs|Ms|Prof|St|etc|vs|e\.g|i\.e|ca|approx)|\b[A-Z])\.$")
"""A full stop that ends no sentence: `Dr. Elena`, `J. Smith`."""
_ABSTAINING = re.compile(r"\bi\s+(?:do\s+not|don'?t)\s+know\b")


@dataclass(frozen=True)
class Composed:
    """The checked outcome of composing an answer."""

    answer: Answer
    generated: bool
    """The text is the generator's, every sentence cited; False: an extractive or nothing-found answer."""
    replaced: bool = False
    """The final text is not what was streamed: a terminal prints `answer.answer` after the stream."""
    warning: str = ""
    """One line for the user when the generator failed or was not (fully) trusted."""


def evidence_blocks(
    ranked: Sequence[Ranked], *, max_evidence: int = 8, max_words: int = MAX_WORDS
) -> list[tuple[Hit, str]]:
    """`[n] <date, weekday> · <source/kind "title"> · <speakers>: <text>` for the best hits,
    each cut to its share of `max_words`, so that "when" is answered by the evidence's date."""
    chosen = [r.hit for r in ranked[:max_evidence]]
    share = max(40, max_words // max(1, len(chosen)))
    blocks = []
    for n, hit in enumerate(chosen, 1):
        when = hit.timestamp
        stamp = f"{when:%Y-%m-%d}" + (f" {when:%H:%M}" if (when.hour, when.minute) != (0, 0) else "")
        what = f"{hit.source}/{hit.kind}" + (f' "{hit.title}"' if hit.title else "")
        who = f" · {', '.join(hit.participants)}" if hit.participants else ""
        words = hit.text.split()
        text = " ".join(words[:share]) + (" …" if len(words) > share else "")
        blocks.append((hit, f"[{n}] {stamp}, {when:%A} · {what}{who}: {text}"))
    return blocks


def prompt(question: str, blocks: Sequence[str], now: datetime) -> list[dict[str, str]]:
    """The chat messages: the rules, one worked example (SmolLM2-135M cites only when shown how),
    then today's date, the evidence and the question last (small models attend to the end)."""
    evidence = "\n".join(blocks)
    user = f"Today is {now:%Y-%m-%d}, {now:%A}.\nEvidence:\n{evidence}\n\nQuestion: {question}"
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": EXAMPLE[0]},
        {"role": "assistant", "content": EXAMPLE[1]},
        {"role": "user", "content": user},
    ]


class Checker:
    """Checks a generated answer sentence by sentence as it streams in.

    A sentence keeps the citations whose evidence shares its words, if together they hold a third
    of its content words and all its numbers; a citation of evidence that does not exist, or does
    not say it, is dropped. A sentence left with none is cited to the evidence holding half of its
    content words and all its numbers (small models rarely cite, or cite [1] out of habit), or
    else left out as unsupported. Citations are renumbered in order of first appearance, so
    `[n]` is the n-th distinct cited evidence; `[1, 3]` becomes `[1][2]`. The output does not
    depend on how the text is cut into pieces.
    """

    def __init__(self, hits: Sequence[Hit], blocks: Sequence[str]) -> None:
        # What supports a sentence: the block without its `[n]` label (the "3" of "[3]" supports
        # nothing), plus the date spelled out ("7 February").
        self.terms = [
            content_terms(f"{block.split(' ', 1)[-1]} {hit.timestamp:%B} {hit.timestamp.day}")
            for hit, block in zip(hits, blocks, strict=True)
        ]
        self.cited: list[int] = []
        """Evidence numbers (1-based) in the order of the renumbered citations."""
        self.left_out: list[str] = []
        """Generated sentences no evidence supports."""
        self.raw = ""
        self._kept: list[int] = []
        self._held = ""
        self._gap = ""
        self._emitted = False

    def feed(self, piece: str) -> str:
        self.raw += piece
        text = self._held + piece
        out, start = [], 0
        for match in _SPLIT.finditer(text):
            end = match.group("end") or match.group("end2") or ""
            sentence = text[start:match.start()] + end
            if len(_WORD.findall(_CITE.sub("", sentence))) < _MIN_WORDS or _ABBREVIATION.search(sentence):
                continue
            out.append(self._emit(sentence))
            self._gap = match.group("gap") or match.group("gap2")
            start = match.end()
        self._held = text[start:]
        return "".join(out)

    def finish(self) -> str:
        # A citation cut off by the token limit is not one.
        text, self._held = re.sub(r"\s*\[[\d\s,;]*$", "", self._held), ""
        return self._emit(text) if text.strip() else ""

    def check_all(self, text: str) -> str:
        return self.feed(text) + self.finish()

    def _emit(self, sentence: str) -> str:
        checked = self._check(sentence.strip())
        if checked is None:
            self.left_out.append(sentence.strip())
            return ""
        separator = ("\n" if "\n" in self._gap else " ") if self._emitted else ""
        self._emitted = True
        return separator + checked

    def _check(self, sentence: str) -> str | None:
        body = _CITE.sub("", sentence).strip()
        terms = content_terms(body)
        given = [int(k) for run in _CITE.findall(sentence) for k in re.findall(r"\d+", run)]
        # Small models cite [1] out of habit: a citation stays only if its evidence shares words
        # with the sentence, and together they hold a third of its words and all its numbers.
        self._kept = [k for k in dict.fromkeys(given) if 1 <= k <= len(self.terms) and terms & self.terms[k - 1]]
        if self._kept and self._covers(terms, self._kept, 1 / 3):
            return _CITE.sub(self._renumber, sentence)
        support = self._support(terms)
        if not support:
            return None
        final = _FINAL.search(body)
        cut = final.start() if final else len(body)
        return f"{body[:cut]} {''.join(f'[{self._number(k)}]' for k in support)}{body[cut:]}"

    def _renumber(self, run: re.Match[str]) -> str:
        numbers = [int(k) for k in re.findall(r"\d+", run.group()) if int(k) in self._kept]
        if not numbers:
            return ""
        space = run.group()[: len(run.group()) - len(run.group().lstrip())]
        return space + "".join(f"[{self._number(k)}]" for k in dict.fromkeys(numbers))

    def _number(self, k: int) -> int:
        if k not in self.cited:
            self.cited.append(k)
        return self.cited.index(k) + 1

    def _covers(self, terms: frozenset[str], evidence: list[int], share: float) -> bool:
        """The evidence holds `share` of the sentence's content words (two at least) and all its numbers."""
        held = terms & set().union(*(self.terms[k - 1] for k in evidence))
        numbers = {t for t in terms if t.isdigit()}
        return bool(terms) and len(held) >= max(min(2, len(terms)), share * len(terms)) and numbers <= held

    def _support(self, terms: frozenset[str]) -> list[int]:
        """The evidence for an uncited sentence: the block sharing most of its words, plus any
        that adds two more; it must hold half of them and all the numbers."""
        order = sorted(range(len(self.terms)), key=lambda i: (-len(terms & self.terms[i]), i))
        chosen: list[int] = []
        covered: set[str] = set()
        for i in order[:3]:
            gain = (terms & self.terms[i]) - covered
            if len(gain) >= (1 if not chosen else 2):
                chosen.append(i + 1)
                covered |= gain
        return chosen if chosen and self._covers(terms, chosen, 1 / 2) else []


def abstains(text: str) -> bool:
    """The reply says it does not know (in the words asked for, or close to them)."""
    return bool(_ABSTAINING.search(text.lower().replace("’", "'")))


def compose_stream(
    question: str,
    ranked: Sequence[Ranked],
    generator: Generator,
    *,
    now: datetime,
    fallback: Callable[[], Answer],
    min_similarity: float = 0.0,
    vouched: Collection[str] = (),
    max_evidence: int = 8,
    max_words: int = MAX_WORDS,
    max_tokens: int = 400,
    temperature: float = 0.2,
) -> Iterator[str | Composed]:
    """The checked sentences of the generated answer as they come, then one `Composed`.

    Args:
        ranked: the search results, best first; those below `min_similarity` are not evidence,
            unless their chunk id is `vouched` for (the extractive answer quoted them: a long
            note close to the question in one sentence).
        fallback: the extractive answer (`Answerer`), used when the generator fails or nothing
            it says is supported by the evidence.
    """
    evidence = [r for r in ranked if (r.similarity or 0.0) >= min_similarity or r.hit.chunk_id in vouched]
    blocks = evidence_blocks(evidence, max_evidence=max_evidence, max_words=max_words)
    if not blocks:
        yield Composed(Answer(NOTHING_FOUND), generated=False)
        return
    hits = [hit for hit, _ in blocks]
    checker = Checker(hits, [block for _, block in blocks])
    streamed: list[str] = []
    try:
        for piece in generator.chat(prompt(question, [b for _, b in blocks], now),
                                    max_tokens=max_tokens, temperature=temperature):
            out = checker.feed(piece)
            if out:
                streamed.append(out)
                yield out
    except ModelError as exc:
        logger.debug("generator %s failed", generator.name, exc_info=True)
        yield _fallback(fallback, f"{exc}; answering with quotes from your records instead")
        return
    rest = checker.finish()
    if rest:
        streamed.append(rest)
        yield rest
    text = "".join(streamed)
    if checker.cited:
        left_out = len(checker.left_out)
        warning = f"left out {left_out} generated sentence(s) that your records do not support" if left_out else ""
        yield Composed(Answer(text, tuple(hits[k - 1] for k in checker.cited)), generated=True, warning=warning)
    elif abstains(checker.raw):
        yield Composed(Answer(ABSTAIN), generated=True, replaced=True)
    else:
        why = "was empty" if not checker.raw.strip() else "is not supported by your records"
        yield _fallback(fallback, f"the generated answer {why}; answering with quotes from them instead")


def _fallback(fallback: Callable[[], Answer], warning: str) -> Composed:
    logger.info("%s", warning)
    return Composed(fallback(), generated=False, replaced=True, warning=warning)


def compose(
    question: str,
    ranked: Sequence[Ranked],
    generator: Generator,
    *,
    now: datetime,
    fallback: Callable[[], Answer],
    min_similarity: float = 0.0,
    vouched: Collection[str] = (),
    max_evidence: int = 8,
    max_words: int = MAX_WORDS,
    max_tokens: int = 400,
    temperature: float = 0.2,
) -> Composed:
    """`compose_stream` without the stream (for `--json`, the daemon, the TUI)."""
    for event in compose_stream(question, ranked, generator, now=now, fallback=fallback,
                                min_similarity=min_similarity, vouched=vouched, max_evidence=max_evidence,
                                max_words=max_words, max_tokens=max_tokens, temperature=temperature):
        if isinstance(event, Composed):
            return event
    raise AssertionError("compose_stream ends with a Composed")  # pragma: no cover
