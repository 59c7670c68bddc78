"""A readable sample of the questions a mode missed within 500 words: what was asked, where the
evidence was, and what came back instead (for deciding what to tune)."""

from __future__ import annotations

from retrieval.evaluate import KINDS, Question, Report
from twin.store import Store

__all__ = ["describe_misses"]


def _short(text: str, words: int = 24) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def describe_misses(store: Store, questions: list[Question], report: Report, per_kind: int) -> str:
    by_id = {q.id: q for q in questions}
    lines = [f"\n## Misses of {report.name} at 500 words (up to {per_kind} per kind)"]
    for kind in KINDS:
        missed = [o for o in report.outcomes if o.kind == kind and not o.unanswerable and not all(o.in_budget[500])]
        if not missed:
            continue
        lines.append(f"\n### {kind}: {len(missed)} missed")
        for outcome in missed[:per_kind]:
            question = by_id[outcome.id]
            lines.append(f"- {question.id} {question.question!r} -> {question.answer!r}")
            for evidence, at, inside in zip(question.evidence, outcome.found_at, outcome.in_budget[500], strict=True):
                where = "in budget" if inside else f"hit {at + 1}" if at is not None else "not in hits"
                lines.append(f"    evidence ({where}) {evidence.wall:%d %b}: {_short(evidence.text)}")
            rows = store.catalog.chunk_rows(list(outcome.chunk_ids[:3]))
            for n, cid in enumerate(outcome.chunk_ids[:3], 1):
                row = rows.get(cid)
                if row is not None:
                    size = len(row.text.split())
                    lines.append(f"    hit {n} {row.timestamp:%d %b} ({size} w): {_short(row.text, 30)}")
    return "\n".join(lines)
