"""Reflections: insights the generator draws from many memories, each citing its evidence.

The generative-agents rule: when the summed importance of memories since the last reflection
passes a threshold, take the recent memories, ask which questions they raise (per topic, and
one per close contact), retrieve the memories that bear on each (recency, importance and
relevance), and ask for insights that name the numbers of the statements they rest on. An
insight is kept only if it cites real statements and its words are theirs (the guard), and it
becomes a record of kind `reflection` from source `twin`, its evidence in its metadata:
searchable and cited like any record, never shown as one the person wrote.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ingest.chunking import split_record
from ingest.guard import clean_line, grounded_in, parse_cited
from twin.models.generator import Generator, GeneratorError, Message
from twin.schema import Record, from_epoch

if TYPE_CHECKING:
    import numpy as np

    from twin.config import Config
    from twin.models.embedder import Embedder
    from twin.store import Store

__all__ = ["Memory", "ReflectSummary", "Reflector", "evidence_of", "recent_memories", "reflect_if_due"]

logger = logging.getLogger(__name__)

SOURCE = "twin"
KIND = "reflection"
RECENT = 100
"""How many recent memories a reflection looks at (as in generative agents)."""
PER_QUESTION = 8
SYSTEM = "You find patterns in one person's records. Use only the numbered statements."
QUESTIONS_TASK = ("Given only the statements above, what are the 3 most salient high-level questions we can"
                  " answer about the people and topics in them? One per line.")
INSIGHT_TASK = ("What 3 high-level insights can you infer from the statements above? Write one per line,"
                " each followed by the numbers of the statements it rests on, like: insight (because of 1, 3)")


@dataclass(frozen=True)
class Memory:
    chunk_id: str
    record_id: str
    text: str
    """The summary enrichment wrote, else the start of the chunk."""
    ts: int
    importance: int
    people: tuple[str, ...]


@dataclass
class ReflectSummary:
    reflections: int = 0
    questions: int = 0
    rejected: int = 0
    due: bool = True

    def line(self) -> str:
        if not self.due:
            return "no reflection due yet (not enough new important memories; --force reflects anyway)"
        return (f"wrote {self.reflections} reflection{'s' if self.reflections != 1 else ''} from"
                f" {self.questions} questions; {self.rejected} generated insights rejected")


def recent_memories(store: Store, limit: int = RECENT, since: int = 0) -> list[Memory]:
    rows = store.catalog.db.execute(
        "SELECT c.id, c.record_id, c.text, c.end_ts, coalesce(e.importance, 3), coalesce(e.summary, ''),"
        " c.participants FROM chunks c LEFT JOIN enrichment e ON e.chunk_id = c.id"
        " WHERE c.id NOT LIKE '%#m' AND c.kind NOT IN ('reflection', 'profile') AND c.end_ts > ?"
        " ORDER BY c.end_ts DESC LIMIT ?", (since, limit)).fetchall()
    return [Memory(cid, rid, summary or " ".join(text.split()[:60]), ts, importance, tuple(json.loads(people)))
            for cid, rid, text, ts, importance, summary, people in rows]


def due(store: Store, threshold: int) -> bool:
    since = int(store.catalog.get_meta("reflected_until") or 0)
    total = store.catalog.db.execute(
        "SELECT coalesce(sum(e.importance), 0) FROM enrichment e JOIN chunks c ON c.id = e.chunk_id"
        " WHERE c.end_ts > ?", (since,)).fetchone()[0]
    return int(total) >= threshold


class Reflector:
    def __init__(self, store: Store, embedder: Embedder, generator: Generator, *,
                 now: Callable[[], float] = time.time) -> None:
        self.store = store
        self.embedder = embedder
        self.generator = generator
        self.now = now

    def run(self, *, should_stop: Callable[[], bool] = lambda: False) -> ReflectSummary:
        summary = ReflectSummary()
        memories = recent_memories(self.store)
        if not memories:
            return summary
        vectors = self._vectors(memories)
        known = self._existing()
        for question, about in self._questions(memories, summary):
            if should_stop():
                break
            chosen = self._relevant(question, memories, vectors, about)
            for record in self._insights(question, chosen, known, summary):
                self.store.write([(record, split_record(record))])
                known.add(record.id)
                summary.reflections += 1
        self.store.catalog.set_meta("reflected_until", str(max(m.ts for m in memories)))
        return summary

    def _questions(self, memories: list[Memory], summary: ReflectSummary) -> list[tuple[str, str]]:
        """Salient questions from the generator (kept if grounded), then one per close contact."""
        statements = _numbered(memories[:40])
        reply = self._ask(statements, QUESTIONS_TASK, 90)
        out: list[tuple[str, str]] = []
        for line in reply.split("\n"):
            question = clean_line(line)
            if question.endswith("?") and grounded_in(question, [statements]):
                out.append((question, ""))
            elif question:
                summary.rejected += 1
        owner = _owner(memories)
        contacts = Counter(p for m in memories for p in m.people if p != owner)
        for person, _ in contacts.most_common(2):
            out.append((f"What matters between me and {person}?", person))
        summary.questions = len(out)
        return out[:5]

    def _relevant(self, question: str, memories: list[Memory], vectors: dict[str, np.ndarray],
                  about: str) -> list[Memory]:
        """Generative agents' retrieval: recency (decay per hour), importance and relevance, each 0-1."""
        query = self.embedder.embed([question])[0]
        newest = max(m.ts for m in memories)

        def score(m: Memory) -> float:
            recency = float(0.995 ** ((newest - m.ts) / 3600))
            vec = vectors.get(m.chunk_id)
            relevance = float(vec @ query) if vec is not None else 0.0
            return recency + m.importance / 10 + relevance + (1.0 if about and about in m.people else 0.0)

        return sorted(memories, key=score, reverse=True)[:PER_QUESTION]

    def _insights(self, question: str, chosen: list[Memory], known: set[str],
                  summary: ReflectSummary) -> list[Record]:
        reply = self._ask(_numbered(chosen), f"Question: {question}\n{INSIGHT_TASK}", 150)
        records = []
        for line in reply.split("\n"):
            text, cited = parse_cited(clean_line(line), len(chosen))
            if not text:
                continue
            evidence = [chosen[i - 1] for i in cited]
            if not grounded_in(text, [m.text for m in evidence]):
                summary.rejected += 1
                continue
            record = _record(text, question, evidence, self.generator.name)
            if record.id not in known:
                records.append(record)
        return records

    def _vectors(self, memories: list[Memory]) -> dict[str, np.ndarray]:
        return self.store.vectors.vectors([m.chunk_id for m in memories])

    def _existing(self) -> set[str]:
        return set(self.store.catalog.record_ids(source=SOURCE))

    def _ask(self, statements: str, task: str, max_tokens: int) -> str:
        messages: list[Message] = [{"role": "system", "content": SYSTEM},
                                   {"role": "user", "content": f"Statements:\n{statements}\n\n{task}"}]
        return self.generator.complete(messages, max_tokens=max_tokens, temperature=0.0)


def _numbered(memories: Sequence[Memory]) -> str:
    return "\n".join(f"{n}. {m.text}" for n, m in enumerate(memories, 1))


def _owner(memories: Sequence[Memory]) -> str:
    """The person in most of the memories: the one whose records these are."""
    counts = Counter(p for m in memories for p in set(m.people))
    return counts.most_common(1)[0][0] if counts else ""


def _record(text: str, question: str, evidence: list[Memory], model: str) -> Record:
    ids = list(dict.fromkeys(m.record_id for m in evidence))
    digest = hashlib.sha1(text.lower().encode()).hexdigest()[:12]
    people = tuple(dict.fromkeys(p for m in evidence for p in m.people))
    meta: dict[str, Any] = {"evidence": json.dumps(ids), "question": question, "model": model,
                            "written": datetime.now(UTC).isoformat(timespec="seconds")}
    return Record(f"{SOURCE}:reflection:{digest}", SOURCE, KIND, from_epoch(max(m.ts for m in evidence)),
                  text.rstrip(".") + ".", title=f"Reflection: {question}", participants=people,
                  location=f"reflection on {len(ids)} records", metadata=meta)


def reflect_if_due(store: Store, embedder: Embedder, generator: Generator, config: Config, *,
                   should_stop: Callable[[], bool] = lambda: False) -> int:
    """Reflect when the importance summed since the last reflection passes the threshold."""
    if not due(store, config.enrich.reflect_threshold):
        return 0
    try:
        return Reflector(store, embedder, generator).run(should_stop=should_stop).reflections
    except GeneratorError as exc:
        logger.warning("reflecting failed: %s", exc)
        return 0


def evidence_of(metadata: dict[str, Any]) -> list[str]:
    """The record ids a reflection rests on."""
    try:
        return [str(i) for i in json.loads(str(metadata.get("evidence", "[]")))]
    except ValueError:
        return []

