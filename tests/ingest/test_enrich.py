"""Enrichment on a real store (SQLite + Chroma in tmp): resumable, guarded, re-done on change, searchable."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest import Ingester
from ingest.enrich import Enricher, Writer, plain_record
from ingest.guard import check_question, check_summary, clean_line
from retrieval import Searcher
from twin.config import EnrichConfig, SearchConfig
from twin.models.embedder import HashEmbedder
from twin.models.generator import Message
from twin.plugins import Registry
from twin.store import Filters, Store

from ..conftest import write


class TaskGenerator:
    """Answers each enrichment task from the record in the prompt, the way a good model would:
    a summary from the record's words, questions about them, a rating. Counts the records it saw."""

    name = "task"

    def __init__(self, *, bad: bool = False) -> None:
        self.bad = bad
        self.records: list[str] = []

    def chat(self, messages: list[Message], *, max_tokens: int, temperature: float,
             stop: list[str] | None = None) -> Iterator[str]:
        prompt = messages[-1]["content"]
        record = prompt[prompt.index("\n") + 1:prompt.rindex("\n\n")]
        body = record.split("\n", 1)[-1]  # after the header
        words = list(dict.fromkeys(w.lower() for w in re.findall(r"[A-Za-z]{5,}", body)))
        if "Summarise" in prompt:
            self.records.append(record)
            yield "Summarise the record in one sentence." if self.bad else f"Summary: about {' '.join(words[:6])}."
        elif "questions" in prompt:
            if self.bad:
                yield "1. What is the weather on Mars?\n2. Write short questions\n3. Write short questions"
            else:
                yield "\n".join(f"{n}. What about the {w}?" for n, w in enumerate(words[:3], 1))
        else:
            yield "banana" if self.bad else "7"

    def complete(self, messages: list[Message], *, max_tokens: int, temperature: float,
                 stop: list[str] | None = None) -> str:
        return "".join(self.chat(messages, max_tokens=max_tokens, temperature=temperature))


@pytest.fixture
def diary(tmp_path: Path) -> Path:
    folder = tmp_path / "diary"
    write(folder / "2026-03-01.md", "# Pottery\n\nFirst pottery class: the teacher Ilse showed centering clay on the wheel.\n")
    write(folder / "2026-03-08.md", "# Climbing\n\nBouldering with Tom at the Ostbloc hall, finally topped the overhang.\n")
    write(folder / "2026-03-15.md", "# Garden\n\nPlanted tomatoes and basil on the balcony; the neighbour lent soil.\n")
    return folder


def ingest(store: Store, folder: Path) -> None:
    Ingester(store, HashEmbedder(), Registry()).ingest([folder], connector="files", source="diary")


def derived_ids(store: Store) -> set[str]:
    return set(store.derived.collection().get()["ids"])


def test_guard_rejects_what_a_small_model_gets_wrong() -> None:
    record = "Anna said the research budget is cut from 40,000 to 32,000 EUR."
    task = "Write 3 short questions that this record answers, one per line."
    assert check_question("", record, task, []) == "empty"
    assert check_question("Write 3 short questions?", record, task, []) == "repeats the prompt"
    assert check_question("What is the weather on Mars?", record, task, []) == "unrelated"
    assert check_question("How did the research budget change?", record, task, []) is None
    assert check_question("How was the research budget changed?", record, task,
                          ["How did the research budget change?"]) == "duplicate"
    assert check_question("The budget is cut", record, task, []) == "not a question"
    assert check_summary("Anna likes climbing mountains in Nepal with friends.", record, "Summarise.") == "invented"
    assert check_summary("Anna said the research budget is cut from 40,000 to 32,000 EUR.", record,
                         "Summarise.") == "copies the record"
    assert check_summary("Anna cut the research budget to 32,000 EUR.", record, "Summarise.") is None
    assert clean_line("2. Summary: The record is a rent increase") == "A rent increase"


def test_prompt_shows_chat_lines_without_times() -> None:
    text = "Jonas (10:00): Picnic later?\nMaya Berg (10:05): Yes!"
    assert plain_record("Jonas · chat", text) == "Jonas · chat\nJonas: Picnic later?\nMaya Berg: Yes!"


def test_enrich_interrupted_and_resumed_does_each_chunk_once(store: Store, diary: Path) -> None:
    ingest(store, diary)
    generator = TaskGenerator()
    enricher = Enricher(store, Writer(generator), model="task")
    first = enricher.run(should_stop=lambda: len(generator.records) >= 2)
    assert first.enriched == 2 and first.waiting == 1
    second = enricher.run()
    assert second.enriched == 1 and second.waiting == 0
    assert len(generator.records) == 3 == len(set(generator.records))
    assert enricher.run().enriched == 0  # nothing changed: the generator is not asked again
    assert len(generator.records) == 3
    stats = store.catalog.enrichment.stats()
    assert stats["enriched"] == 3 and stats["questions"] == 9 and stats["rated"] == 3


def test_enrich_limit_and_time_range(store: Store, diary: Path) -> None:
    from retrieval.timefilter import parse_bound

    ingest(store, diary)
    generator = TaskGenerator()
    done = Enricher(store, Writer(generator), model="task").run(
        limit=5, since=parse_bound("2026-03-08", end=False), until=parse_bound("2026-03-08", end=True))
    assert done.enriched == 1 and "Climbing" in generator.records[0]
    assert Enricher(store, Writer(generator), model="task").run(limit=1).enriched == 1


def test_rejected_pieces_are_counted_not_kept(store: Store, diary: Path) -> None:
    ingest(store, diary)
    done = Enricher(store, Writer(TaskGenerator(bad=True)), model="task").run()
    assert done.enriched == 3
    assert done.reasons["repeats the prompt"] >= 3 and done.reasons["no number"] == 3
    assert done.reasons["unrelated"] == 3
    entries = store.catalog.enrichment.entries(store.catalog.chunk_ids(Filters(), 100))
    assert all(e.summary == "" and e.questions == () and e.importance is None for e in entries.values())
    assert store.catalog.enrichment.stats()["rejected"]["repeats the prompt"] >= 3


def test_changed_chunk_is_enriched_again_and_its_old_questions_leave_chroma(store: Store, diary: Path) -> None:
    ingest(store, diary)
    Enricher(store, Writer(TaskGenerator()), model="task").run()
    store.sync_vectors(HashEmbedder())
    before = derived_ids(store)
    assert len(before) == 12  # three chunks: a summary and three questions each
    write(diary / "2026-03-08.md", "# Climbing\n\nRain all day, so we stayed in and baked bread.\n")
    ingest(store, diary)
    generator = TaskGenerator()
    again = Enricher(store, Writer(generator), model="task").run()
    assert again.enriched == 1 and "baked bread" in generator.records[0]
    store.sync_vectors(HashEmbedder())
    texts = store.derived.collection().get()["documents"] or []
    entries = store.catalog.enrichment.entries(list(store.catalog.enrichment.importance(
        [i.rsplit("~", 1)[0] for i in derived_ids(store)])))
    questions = {q for e in entries.values() for q in e.questions}
    assert not any("Bouldering" in q or "overhang" in q for q in questions)
    assert len(derived_ids(store)) == 12
    assert all("Bouldering" not in (t or "") for t in texts)


def test_a_rebuilt_chunk_with_the_same_text_keeps_its_entry(store: Store, diary: Path) -> None:
    ingest(store, diary)
    Enricher(store, Writer(TaskGenerator()), model="task").run()
    store.sync_vectors(HashEmbedder())
    ids = store.catalog.record_ids(source="diary")
    with store.catalog.transaction() as db:  # as a window rebuild does: delete, insert the same text
        rows = db.execute("SELECT * FROM chunks WHERE record_id = ?", (ids[0],)).fetchall()
        db.execute("DELETE FROM chunks WHERE record_id = ?", (ids[0],))
        db.executemany(f"INSERT INTO chunks VALUES ({','.join('?' * len(rows[0]))})", rows)
    generator = TaskGenerator()
    assert Enricher(store, Writer(generator), model="task").run().enriched == 0
    store.sync_vectors(HashEmbedder())
    assert len(derived_ids(store)) == 12 and not generator.records


def test_forget_removes_what_was_written_about_a_record(store: Store, diary: Path) -> None:
    ingest(store, diary)
    Enricher(store, Writer(TaskGenerator()), model="task").run()
    store.sync_vectors(HashEmbedder())
    climbing = [r for r in store.catalog.record_ids(source="diary") if "03-08" in r]
    store.forget(climbing)
    assert store.catalog.enrichment.stats()["enriched"] == 2
    assert len(derived_ids(store)) == 8
    assert not any("Bouldering" in (t or "") for t in store.derived.collection().get()["documents"] or [])


def test_search_folds_a_question_hit_onto_its_chunk(store: Store, diary: Path) -> None:
    ingest(store, diary)

    class Asker(TaskGenerator):
        def chat(self, messages: list[Message], **kw: object) -> Iterator[str]:  # type: ignore[override]
            prompt = messages[-1]["content"]
            if "questions" in prompt and "tomatoes" in prompt:
                yield "Which vegetables did I plant on the balcony?"
            else:
                yield from super().chat(messages, **kw)  # type: ignore[arg-type]

    Enricher(store, Writer(Asker()), model="task").run()
    store.sync_vectors(HashEmbedder())
    query = "which vegetables did i plant"
    off = Searcher(store, HashEmbedder(), SearchConfig(derived_weight=0.0)).rank(query, mode="dense", k=3)
    on = Searcher(store, HashEmbedder(), SearchConfig(derived_weight=1.0)).rank(query, mode="dense", k=3)
    assert "03-15" in on[0].hit.record_id
    assert on[0].hit.chunk_id.count("~") == 0  # the parent chunk, never the derived entry
    assert "03-15" not in off[0].hit.record_id or off[0].hit.score < on[0].hit.score


def test_enrich_config_turns_pieces_off(store: Store, diary: Path) -> None:
    ingest(store, diary)
    generator = TaskGenerator()
    Enricher(store, Writer(generator, EnrichConfig(summaries=False, questions=0, importance=False)),
             model="task").run()
    stats = store.catalog.enrichment.stats()
    assert stats["summaries"] == 0 and stats["questions"] == 0 and stats["rated"] == 0
