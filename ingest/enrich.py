"""Enrichment: a summary, hypothetical questions and an importance for each chunk, by the generator.

The summary and the questions become extra ways into the store (embedded on their own and
folded onto their chunk by search); the importance (1-10, the generative-agents rating of
mundane to poignant) weighs "lately" questions and decides when to reflect. A small model
writes poor text, so every piece passes the guard in `ingest.guard` first, and what it
rejects is counted. Progress lives in the catalog, one chunk per transaction: an interrupted
run resumes where it stopped, and an unchanged chunk is never sent to the generator again.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ingest.guard import check_question, check_summary, clean_line
from twin.config import EnrichConfig
from twin.models.generator import Generator, GeneratorError, Message
from twin.store.enrichment import MAX_QUESTIONS, EnrichmentRow, text_hash

if TYPE_CHECKING:
    from twin.config import Config
    from twin.models.embedder import Embedder
    from twin.store import Store

__all__ = ["EnrichSummary", "Enricher", "Writer", "background_pass", "enrichment_generator"]

logger = logging.getLogger(__name__)

SYSTEM = "You write short, factual notes about one person's records. Use only what the record says."
SUMMARY_TASK = "Summarise the record in one sentence."
QUESTIONS_TASK = "Write {n} short questions that this record answers, one per line."
IMPORTANCE_TASK = (
    "On the scale of 1 to 10, where 1 is purely mundane (e.g., brushing teeth, making bed) and 10 is"
    " extremely poignant (e.g., a break up, college acceptance), rate the likely poignancy of this record."
    " Answer with one number."
)
MAX_RECORD_CHARS = 2400
"""A chunk longer than this is cut for the prompt (the bundled model has a 2k-token window in practice)."""
_NUMBER = re.compile(r"\b(10|[1-9])\b")
_CHAT_TIME = re.compile(r"^([^\n():]{1,40}) \(\d{1,2}:\d{2}\): ", re.M)


def plain_record(header: str, text: str) -> str:
    """The chunk as the prompt shows it: chat lines as `Name: text`, without the times, which a
    small model otherwise continues as a chat (and reads as ratings)."""
    lines = _CHAT_TIME.sub(r"\1: ", text)
    return f"{header}\n{lines}".strip()[:MAX_RECORD_CHARS]


@dataclass(frozen=True)
class Written:
    summary: str
    questions: tuple[str, ...]
    importance: int | None
    rejected: tuple[str, ...]
    """Why each rejected piece was rejected (`empty`, `repeats the prompt`, `unrelated`, ...)."""


class Writer:
    """Asks the generator for one chunk's summary, questions and importance. The record comes
    first in every prompt, so that llama.cpp reuses its evaluated prefix for the next task."""

    def __init__(self, generator: Generator, config: EnrichConfig = EnrichConfig()) -> None:
        self.generator = generator
        self.config = config

    def write(self, header: str, text: str) -> Written:
        record = plain_record(header, text)
        rejected: list[str] = []
        summary = ""
        if self.config.summaries:
            summary = clean_line(self._ask(record, SUMMARY_TASK, 60).split("\n")[0])
            if reason := check_summary(summary, record, SUMMARY_TASK):
                rejected.append(f"summary: {reason}")
                summary = ""
        questions = self._questions(record, rejected) if self.config.questions > 0 else ()
        importance = self._importance(record, rejected) if self.config.importance else None
        return Written(summary, questions, importance, tuple(rejected))

    def _questions(self, record: str, rejected: list[str]) -> tuple[str, ...]:
        n = min(self.config.questions, MAX_QUESTIONS)
        task = QUESTIONS_TASK.format(n=n)
        kept: list[str] = []
        for line in self._ask(record, task, 24 * n).split("\n"):
            question = clean_line(line)
            if not question:
                continue
            if reason := check_question(question, record, task, kept):
                rejected.append(f"question: {reason}")
                continue
            kept.append(question)
            if len(kept) == n:
                break
        return tuple(kept)

    def _importance(self, record: str, rejected: list[str]) -> int | None:
        reply = self._ask(record, IMPORTANCE_TASK, 6)
        # "1. 7" or "Rating: 7": the last number said, not a list number in front of it.
        numbers = _NUMBER.findall(re.sub(r"^\s*\d+[.)]\s+(?=\S)", "", reply))
        if not numbers:
            rejected.append("importance: no number")
            return None
        return int(numbers[0])

    def _ask(self, record: str, task: str, max_tokens: int) -> str:
        messages: list[Message] = [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"Record:\n{record}\n\n{task}"},
        ]
        return self.generator.complete(messages, max_tokens=max_tokens, temperature=0.0)


@dataclass
class EnrichSummary:
    enriched: int = 0
    rejected: int = 0
    failed: int = 0
    waiting: int = 0
    """Chunks still without an entry when the run stopped (a limit, the budget, or a stop)."""
    seconds: float = 0.0
    reasons: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        parts = [f"enriched {self.enriched} chunk{'s' if self.enriched != 1 else ''} in {self.seconds:.0f} s"]
        if self.rejected:
            top = ", ".join(f"{n} {r}" for r, n in sorted(self.reasons.items(), key=lambda x: -x[1])[:3])
            parts.append(f"{self.rejected} generated pieces rejected ({top})")
        if self.failed:
            parts.append(f"{self.failed} failed (see the log)")
        if self.waiting:
            parts.append(f"{self.waiting} still to do (run again to go on)")
        return "; ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {"enriched": self.enriched, "rejected": self.rejected, "failed": self.failed,
                "waiting": self.waiting, "seconds": round(self.seconds, 1), "reasons": self.reasons}


class Enricher:
    """Runs the Writer over the chunks that need it and keeps the entries in the catalog."""

    def __init__(self, store: Store, writer: Writer, *, model: str,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.writer = writer
        self.model = model
        self.clock = clock

    def run(self, *, limit: int | None = None, since: int | None = None, until: int | None = None,
            budget_seconds: float | None = None, should_stop: Callable[[], bool] = lambda: False,
            progress: Callable[[int, int], None] | None = None) -> EnrichSummary:
        """Enrich at most `limit` chunks (newest first) between `since` and `until` (epochs),
        stopping when `budget_seconds` have passed or `should_stop()` says so."""
        table = self.store.catalog.enrichment
        table.purge()
        start = self.clock()
        summary = EnrichSummary()
        total = min(limit, table.count_candidates()) if limit is not None else table.count_candidates()
        for chunk in table.candidates(limit if limit is not None else 10**9, since=since, until=until):
            if should_stop() or (budget_seconds is not None and self.clock() - start >= budget_seconds):
                break
            try:
                written = self.writer.write(chunk["header"], chunk["text"])
            except GeneratorError as exc:
                logger.warning("enriching %s failed: %s", chunk["id"], exc)
                summary.failed += 1
                if summary.failed >= 3 and summary.enriched == 0:
                    break  # the generator is down, not this chunk
                continue
            row = EnrichmentRow(chunk["id"], text_hash(chunk["header"], chunk["text"]), written.summary,
                                written.questions, written.importance, len(written.rejected), self.model)
            reasons = [r.split(": ", 1)[1] for r in written.rejected]
            table.save(row, int(time.time()), reasons)
            summary.enriched += 1
            summary.rejected += len(reasons)
            for reason in reasons:
                summary.reasons[reason] = summary.reasons.get(reason, 0) + 1
            if progress:
                progress(summary.enriched, total)
        summary.waiting = table.count_candidates()
        summary.seconds = self.clock() - start
        return summary


def enrichment_generator(config: Config) -> Generator | None:
    """The generator `[enrich] generator` names (`local`, `remote`), or None for `none`."""
    from dataclasses import replace

    from twin.models.generator import make_generator

    return make_generator(replace(config.generator, kind=config.enrich.generator), config.home)


def background_pass(store: Store, embedder: Embedder, config: Config, *, budget_seconds: float,
                    should_stop: Callable[[], bool],
                    progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """One idle-time pass for the daemon: enrich pending chunks, then reflect if due, within
    `budget_seconds`, returning early when `should_stop()` is true. `store` is open as writer.
    Returns counts: `enriched`, `rejected`, `reflections`. `progress(done, total)` as it goes."""
    from ingest.reflect import reflect_if_due

    generator = enrichment_generator(config)
    if generator is None:
        return {"enriched": 0, "rejected": 0, "reflections": 0}
    began = time.monotonic()
    done = Enricher(store, Writer(generator, config.enrich), model=generator.name).run(
        budget_seconds=budget_seconds, should_stop=should_stop, progress=progress)
    store.sync_vectors(embedder)
    reflections = 0
    left = budget_seconds - (time.monotonic() - began)
    if left > 0 and not should_stop():
        reflections = reflect_if_due(store, embedder, generator, config, should_stop=should_stop)
        store.sync_vectors(embedder)
    return {"enriched": done.enriched, "rejected": done.rejected, "reflections": reflections}
