"""Retrieval evaluation (`twin eval BENCH`): a bench's questions through search and answer, scored.

A bench is a folder with `corpus/` (what gets ingested) and `questions.jsonl`, one question a line:
`{"id", "kind", "question", "answer", "evidence": [{"speaker", "timestamp", "text"}], "now"}`, with
`"unanswerable": true` (or no evidence and an empty answer) for a question the records cannot answer.

A hit holds an evidence message when its text holds the message's first 12 words (case and
spacing aside), or when its record id is the message's record (resolved through the catalog by
time, speaker and text). Word budgets count the words of the hits in order: a hit counts only for
its words inside the budget, so a big chunk earns nothing by itself. Timestamps in a bench are
wall-clock times, compared as such (chat exports have no zone).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import shutil
import string
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from retrieval.answer import NOTHING_FOUND
from retrieval.retrieve import retrieve
from retrieval.search import Searcher
from twin.errors import TwinError
from twin.models.embedder import Embedder
from twin.schema import Answer, Hit
from twin.store import Filters, Store

__all__ = [
    "BUDGETS", "HEADLINE", "KINDS", "AnswerFn", "BenchError", "Evidence", "Outcome", "Question", "Report",
    "SearchFn", "abstains", "answer_f1", "build_home", "compare", "dense_search", "evaluate", "fused_search",
    "lexical_search", "load_questions", "resolve_evidence",
]

logger = logging.getLogger(__name__)

KINDS = ("single-hop", "multi-hop", "temporal", "open-domain", "adversarial")
BUDGETS = (200, 500)
DEPTHS = (1, 5, 10)
NEEDLE_WORDS = 12
"""Words of an evidence message that must appear in a hit: windows cut long messages short."""
FINGERPRINT = "eval-corpus.json"

SearchFn = Callable[[str, datetime], Sequence[Hit]]
AnswerFn = Callable[[str, datetime], "Answer | str"]


class BenchError(TwinError):
    """A bench folder or its questions cannot be read."""


class Ingests(Protocol):
    def ingest(self, paths: Iterable[Path]) -> Any: ...


# -- the bench -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    speaker: str
    timestamp: datetime
    text: str

    @property
    def wall(self) -> datetime:
        """The wall-clock minute, as the export shows it."""
        return self.timestamp.replace(tzinfo=None, second=0, microsecond=0)

    @property
    def needle(self) -> str:
        return " ".join(normalize(self.text).split(" ")[:NEEDLE_WORDS])


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    question: str
    answer: str
    evidence: tuple[Evidence, ...]
    now: datetime
    unanswerable: bool


def normalize(text: str) -> str:
    return " ".join(text.lower().split())


def load_questions(path: Path) -> list[Question]:
    questions = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise BenchError(f"{path}: cannot read the questions: {exc.strerror or exc}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            evidence = tuple(Evidence(e["speaker"], datetime.fromisoformat(e["timestamp"]), e["text"])
                             for e in row.get("evidence", []))
            now = datetime.fromisoformat(row["now"]) if row.get("now") else datetime.now()
            questions.append(Question(
                str(row["id"]), row["kind"], row["question"], str(row.get("answer", "")), evidence,
                now if now.tzinfo else now.astimezone(),
                bool(row.get("unanswerable", not evidence and not row.get("answer"))),
            ))
        except (ValueError, KeyError, TypeError) as exc:
            raise BenchError(f"{path}:{number}: not a question: {exc!r}") from exc
    return questions


def build_home(corpus: Path, home: Path, ingester: Callable[[Store], Ingests], *, identity: str = "",
               rebuild: bool = False) -> bool:
    """Ingest `corpus` into `home` unless the home already holds exactly this corpus (same files,
    same `identity`: embedder and settings); True when it was (re)built.

    A home is wiped only when it was made here (it has the fingerprint file); any other non-empty
    folder is refused rather than touched.
    """
    stamp = _fingerprint(corpus, identity)
    mark = home / FINGERPRINT
    if home.exists() and any(home.iterdir()):
        if not mark.exists():
            raise BenchError(f"{home}: not a bench home made by twin eval (no {FINGERPRINT}); give a new folder")
        if not rebuild and json.loads(mark.read_text(encoding="utf-8")).get("fingerprint") == stamp:
            return False
        shutil.rmtree(home)
    home.mkdir(parents=True, exist_ok=True)
    with Store(home, writer=True) as store:
        ingester(store).ingest([corpus])
    mark.write_text(json.dumps({"fingerprint": stamp, "corpus": str(corpus)}), encoding="utf-8")
    return True


def _fingerprint(corpus: Path, identity: str) -> str:
    digest = hashlib.sha256(identity.encode())
    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(corpus)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def resolve_evidence(store: Store, questions: Iterable[Question]) -> dict[Evidence, frozenset[str]]:
    """The record ids of each evidence message: same minute, speaker and text in the catalog."""
    found: dict[Evidence, frozenset[str]] = {}
    for evidence in {e for q in questions for e in q.evidence}:
        moment = evidence.timestamp if evidence.timestamp.tzinfo else evidence.timestamp.astimezone()
        window = Filters(since=int((moment - timedelta(days=1)).timestamp()),
                         until=int((moment + timedelta(days=1)).timestamp()))
        ids = []
        for row in store.catalog.timeline(window, 10000):
            when = datetime.fromisoformat(row["timestamp"]).replace(tzinfo=None, second=0, microsecond=0)
            if when != evidence.wall or evidence.speaker.lower() not in str(row["author"]).lower():
                continue
            record = store.catalog.record_row(row["record_id"])
            if record is not None and normalize(record["text"]).startswith(evidence.needle):
                ids.append(row["record_id"])
        found[evidence] = frozenset(ids)
    return found


# -- searching without fusion, from the store's public pieces ------------------------------


def _hits(store: Store, ranking: Sequence[tuple[str, float]]) -> list[Hit]:
    rows = store.catalog.chunk_rows([cid for cid, _ in ranking])
    return [Hit(r.text, score, r.record_id, cid, r.source, r.kind, r.timestamp, r.title, r.participants, r.location)
            for cid, score in ranking if (r := rows.get(cid)) is not None]


def fused_search(searcher: Searcher, k: int, mode: str = "fused") -> SearchFn:
    """What `twin search` does: the question read for time and people as of `now`, then dense
    and BM25 fused (or one of them, `mode`), windows focused on their best message."""
    return lambda query, now: [r.hit for r in retrieve(searcher, query, k=k, now=now, mode=mode).ranked]


def lexical_search(store: Store, k: int) -> SearchFn:
    """BM25 alone over the FTS5 index."""
    return lambda query, now: _hits(store, [(cid, -s) for cid, s in store.catalog.lexical(query, k, Filters())])


def dense_search(store: Store, embedder: Embedder, k: int) -> SearchFn:
    """Cosine similarity alone over the vector index."""
    def search(query: str, now: datetime) -> list[Hit]:
        store.check_index(embedder)
        return _hits(store, store.vectors.query(embedder.embed([query])[0], k))
    return search


# -- scoring -------------------------------------------------------------------------------


def budget_view(hits: Sequence[Hit], budget: int) -> list[tuple[Hit, str, int]]:
    """(hit, its normalised text inside the budget, words inside) for the hits that start inside."""
    used, view = 0, []
    for hit in hits:
        if used >= budget:
            break
        words = hit.text.split()
        inside = words[:budget - used]
        view.append((hit, " ".join(inside).lower(), len(inside)))
        used += len(words)
    return view


def _holds(hit: Hit, text: str, words: int, evidence: Evidence, ids: frozenset[str]) -> bool:
    if evidence.needle and evidence.needle in text:
        return True
    # By record: the hit's own words inside the budget must be enough to read (its first 12).
    return hit.record_id in ids and words >= min(NEEDLE_WORDS, len(hit.text.split()))


_ABSTAIN = re.compile(
    r"\b(?:i|we) (?:do not|don't|dont|cannot|can't) (?:know|tell|say)|found nothing|nothing (?:about|on) (?:that|this)"
    r"|no (?:information|record|mention|evidence)|not (?:mentioned|in (?:your|the) (?:records|chats?|messages))"
    r"|(?:do|does|did) not (?:mention|say)|(?:don't|doesn't|didn't) (?:mention|say)"
    r"|(?:can't|cannot|couldn't|could not) find|unanswerable|not enough information|no answer",
    re.I,
)


def abstains(answer: str) -> bool:
    """Whether an answer says it does not know: empty, NOTHING_FOUND, or such a phrase in its first
    line when that line cites nothing (a quote of a message saying "I don't know" is no abstention)."""
    text = answer.strip()
    if not text or text.startswith(NOTHING_FOUND):
        return True
    first = text.split("\n")[0][:200]
    return re.search(r"\[\d+\]", first) is None and _ABSTAIN.search(first) is not None


def _answer_tokens(text: str) -> list[str]:
    text = "".join(" " if c in string.punctuation or c in "–—‘’“”…" else c for c in text.lower())
    return [t for t in text.split() if t not in {"a", "an", "the"}]


def answer_f1(prediction: str, gold: str) -> float:
    """SQuAD's token F1: lower case, no punctuation or articles, overlap of the token bags."""
    pred, truth = _answer_tokens(prediction), _answer_tokens(gold)
    if not pred or not truth:
        return float(pred == truth)
    same = sum((Counter(pred) & Counter(truth)).values())
    if same == 0:
        return 0.0
    precision, recall = same / len(pred), same / len(truth)
    return 2 * precision * recall / (precision + recall)


@dataclass(frozen=True)
class Outcome:
    """One question's result: where each evidence message was found, and the answer's scores."""

    id: str
    kind: str
    unanswerable: bool
    found_at: tuple[int | None, ...]
    """Per evidence message, the index of the first hit holding it (any depth), or None."""
    in_budget: dict[int, tuple[bool, ...]]
    """Per word budget, per evidence message: found inside it."""
    date_ok: bool | None
    """The first hit inside the largest budget holding evidence carries that message's day."""
    hit_count: int
    search_ms: float
    answer: str | None = None
    f1: float | None = None
    abstained: bool | None = None
    answer_ms: float | None = None
    chunk_ids: tuple[str, ...] = ()


def score(question: Question, hits: Sequence[Hit], ids: Mapping[Evidence, frozenset[str]]) -> Outcome:
    """The retrieval part of an outcome (times and answer are filled in by `evaluate`)."""
    found_at: list[int | None] = []
    for evidence in question.evidence:
        at = next((i for i, h in enumerate(hits)
                   if _holds(h, normalize(h.text), len(h.text.split()), evidence, ids.get(evidence, frozenset()))),
                  None)
        found_at.append(at)
    in_budget: dict[int, tuple[bool, ...]] = {}
    date_ok: bool | None = None
    for budget in BUDGETS:
        view = budget_view(hits, budget)
        holding = [[_holds(h, text, n, e, ids.get(e, frozenset())) for e in question.evidence] for h, text, n in view]
        in_budget[budget] = tuple(any(row[j] for row in holding) for j in range(len(question.evidence)))
        if budget == max(BUDGETS) and question.evidence:
            first = next(((h, row) for (h, _, _), row in zip(view, holding, strict=True) if any(row)), None)
            date_ok = first is not None and first[0].timestamp.date() == question.evidence[
                first[1].index(True)].wall.date()
    return Outcome(question.id, question.kind, question.unanswerable, tuple(found_at), in_budget, date_ok,
                   len(hits), 0.0, chunk_ids=tuple(h.chunk_id for h in hits))


def evaluate(questions: Sequence[Question], search: SearchFn, *, answer: AnswerFn | None = None,
             record_ids: Mapping[Evidence, frozenset[str]] | None = None, name: str = "",
             progress: Callable[[int, int], None] | None = None) -> Report:
    """Runs every question through `search` (and `answer`), after one untimed warm-up call each."""
    ids = record_ids or {}
    if questions:
        search(questions[0].question, questions[0].now)
        if answer is not None:
            answer(questions[0].question, questions[0].now)
    outcomes = []
    for n, question in enumerate(questions, 1):
        started = time.perf_counter()
        hits = search(question.question, question.now)
        elapsed = (time.perf_counter() - started) * 1000
        outcome = score(question, hits, ids)
        extra: dict[str, Any] = {"search_ms": elapsed}
        if answer is not None:
            started = time.perf_counter()
            given = answer(question.question, question.now)
            extra["answer_ms"] = (time.perf_counter() - started) * 1000
            text = given.answer if isinstance(given, Answer) else given
            extra.update(answer=text, abstained=abstains(text),
                         f1=None if question.unanswerable else answer_f1(text, question.answer))
        outcomes.append(replace(outcome, **extra))
        if progress is not None:
            progress(n, len(questions))
    return Report(name, outcomes)


# -- reports -------------------------------------------------------------------------------


def _share(values: Iterable[bool]) -> float | None:
    flags = list(values)
    return 100.0 * sum(flags) / len(flags) if flags else None


def _mean(values: Iterable[float]) -> float | None:
    found = list(values)
    return sum(found) / len(found) if found else None


def _percentile(values: Iterable[float | None], q: float) -> float | None:
    found = sorted(v for v in values if v is not None)
    return found[max(0, math.ceil(q * len(found)) - 1)] if found else None


def _answerable(outcomes: list[Outcome]) -> list[Outcome]:
    return [o for o in outcomes if not o.unanswerable and o.found_at]


def _in_budget(outcomes: list[Outcome], budget: int, test: Callable[[Iterable[bool]], bool]) -> float | None:
    return _share(test(o.in_budget[budget]) for o in _answerable(outcomes))


def _at_depth(outcomes: list[Outcome], depth: int, test: Callable[[Iterable[bool]], bool]) -> float | None:
    return _share(test(a is not None and a < depth for a in o.found_at) for o in _answerable(outcomes))


def _evidence_share(outcomes: list[Outcome], budget: int) -> float | None:
    return _mean(100.0 * sum(o.in_budget[budget]) / len(o.in_budget[budget]) for o in _answerable(outcomes))


def _metrics() -> dict[str, Callable[[list[Outcome]], float | None]]:
    table: dict[str, Callable[[list[Outcome]], float | None]] = {}
    for mode, test in (("all", all), ("any", any)):
        for budget in BUDGETS:
            table[f"R@{budget}w {mode}"] = partial(_in_budget, budget=budget, test=test)
        for depth in DEPTHS:
            table[f"R@{depth} {mode}"] = partial(_at_depth, depth=depth, test=test)
    for budget in BUDGETS:
        table[f"ev@{budget}w"] = partial(_evidence_share, budget=budget)
    table[f"date@{max(BUDGETS)}w"] = lambda os: _share(bool(o.date_ok) for o in _answerable(os))
    table["answer F1"] = lambda os: _mean(100.0 * o.f1 for o in _answerable(os) if o.f1 is not None)
    table["abstain"] = lambda os: _share(bool(o.abstained) for o in os if o.unanswerable and o.abstained is not None)
    table["false abstain"] = lambda os: _share(
        bool(o.abstained) for o in _answerable(os) if o.abstained is not None)
    table["search p50 ms"] = lambda os: _percentile((o.search_ms for o in os), 0.5)
    table["search p95 ms"] = lambda os: _percentile((o.search_ms for o in os), 0.95)
    table["answer p50 ms"] = lambda os: _percentile((o.answer_ms for o in os), 0.5)
    table["answer p95 ms"] = lambda os: _percentile((o.answer_ms for o in os), 0.95)
    table["questions"] = lambda os: float(len(os)) if os else None
    return table


METRICS = _metrics()
ROWS = ["R@200w all", "R@500w all", "R@200w any", "R@500w any", "ev@200w", "ev@500w", "date@500w",
        "R@1 all", "R@5 all", "R@10 all", "R@1 any", "R@5 any", "R@10 any",
        "answer F1", "abstain", "false abstain",
        "search p50 ms", "search p95 ms", "answer p50 ms", "answer p95 ms", "questions"]
HEADLINE = ["R@200w all", "R@500w all", "R@500w any", "ev@500w", "date@500w", "R@10 all", "search p50 ms"]


def _cell(value: float | None, metric: str) -> str:
    return "–" if value is None else f"{value:.0f}" if metric == "questions" else f"{value:.1f}"


@dataclass
class Report:
    """The outcomes of one mode; `metrics()` is metric -> column (all, then each kind) -> value."""

    name: str
    outcomes: list[Outcome]

    def columns(self) -> list[str]:
        present = {o.kind for o in self.outcomes}
        return ["all", *[k for k in KINDS if k in present], *sorted(present - set(KINDS))]

    def metrics(self) -> dict[str, dict[str, float | None]]:
        groups = {c: [o for o in self.outcomes if c in ("all", o.kind)] for c in self.columns()}
        return {m: {c: METRICS[m](group) for c, group in groups.items()} for m in ROWS}

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "metrics": self.metrics(),
                "questions": [{**asdict(o), "in_budget": {str(b): v for b, v in o.in_budget.items()}}
                              for o in self.outcomes]}

    def table(self) -> str:
        columns, values = self.columns(), self.metrics()
        lines = [f"| {self.name or 'metric'} | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
        for metric, row in values.items():
            if any(v is not None for v in row.values()):
                lines.append(f"| {metric} | " + " | ".join(_cell(row[c], metric) for c in columns) + " |")
        return "\n".join(lines)


def compare(reports: Sequence[Report], metrics: Sequence[str] = HEADLINE) -> str:
    """Several modes side by side: a row per metric and column (all, each kind), a column per mode."""
    values = [r.metrics() for r in reports]
    columns = list(dict.fromkeys(c for r in reports for c in r.columns()))
    lines = ["| metric | questions | " + " | ".join(r.name for r in reports) + " |",
             "|---" * (len(reports) + 2) + "|"]
    for metric in metrics:
        for column in columns:
            cells = [v[metric].get(column) for v in values]
            if any(c is not None for c in cells):
                lines.append(f"| {metric} | {column} | " + " | ".join(_cell(c, metric) for c in cells) + " |")
    return "\n".join(lines)

