"""Reflections and profiles on a real store: cited, guarded, searchable, shown as what they are."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest import Ingester
from ingest.enrich import Enricher, Writer
from ingest.profile import build_profiles, load_profiles
from ingest.reflect import Reflector, due, evidence_of, recent_memories
from retrieval import Searcher
from twin.models.embedder import HashEmbedder
from twin.models.generator import Message
from twin.plugins import Registry
from twin.store import Store

from ..conftest import write


class Thinker:
    """Salient questions, then insights citing the statements that mention climbing, then a profile."""

    name = "thinker"

    def __init__(self) -> None:
        self.prompts: list[str] = []

    def chat(self, messages: list[Message], *, max_tokens: int, temperature: float,
             stop: list[str] | None = None) -> Iterator[str]:
        prompt = messages[-1]["content"]
        self.prompts.append(prompt)
        if "most salient" in prompt:
            yield "1. How often do I go bouldering with Tom?\n2. What is the capital of Peru?"
        elif "insights" in prompt.lower() and "Insights:" not in prompt:
            cited = [n for n, line in _statements(prompt) if "climb" in line.lower() or "boulder" in line.lower()]
            yield (f"I go bouldering with Tom every week (because of {', '.join(map(str, cited))})\n"
                   "Maya secretly plans to move to Mars (because of 1)\n"
                   "Tom likes the overhang wall (because of 99)")
        elif "Insights:" in prompt:
            yield ("interests: bouldering with Tom every week (because of 1)\n"
                   "traits: loves opera (because of 1)\n"
                   "habits: something without a citation")
        else:
            yield "7" if "poignancy" in prompt else "What did Maya do?"

    def complete(self, messages: list[Message], *, max_tokens: int, temperature: float,
                 stop: list[str] | None = None) -> str:
        return "".join(self.chat(messages, max_tokens=max_tokens, temperature=temperature))


def _statements(prompt: str) -> list[tuple[int, str]]:
    return [(int(m.group(1)), m.group(2)) for m in re.finditer(r"^(\d+)\. (.*)$", prompt, re.M)]


@pytest.fixture
def weeks(tmp_path: Path) -> Path:
    folder = tmp_path / "weeks"
    for day, text in [("03-02", "Bouldering with Tom at the Ostbloc hall, we climbed the overhang."),
                      ("03-09", "Climbing with Tom again, bouldering until the hall closed."),
                      ("03-10", "Dentist appointment, one filling."),
                      ("03-16", "Bouldering with Tom, new routes on the overhang wall.")]:
        write(folder / f"2026-{day}.md", f"# Week\n\n{text}\n")
    return folder


@pytest.fixture
def reflected(store: Store, weeks: Path) -> tuple[Store, Thinker]:
    Ingester(store, HashEmbedder(), Registry()).ingest([weeks], connector="files", source="weeks")
    thinker = Thinker()
    Enricher(store, Writer(thinker), model="thinker").run()
    store.sync_vectors(HashEmbedder())
    summary = Reflector(store, HashEmbedder(), thinker).run()
    store.sync_vectors(HashEmbedder())
    assert summary.reflections == 1  # the Mars insight is invented, the 99 cites nothing
    assert summary.rejected >= 3     # ... and the Peru question is not about these memories
    return store, thinker


def test_reflection_cites_its_evidence_and_is_a_record_of_its_own(reflected: tuple[Store, Thinker]) -> None:
    store, _ = reflected
    ids = store.catalog.record_ids(source="twin")
    assert len(ids) == 1 and ids[0].startswith("twin:reflection:")
    row = store.catalog.record_row(ids[0])
    assert row is not None and row["kind"] == "reflection"
    assert "go bouldering with Tom every week" in row["text"]
    evidence = evidence_of(json.loads(row["metadata"]))
    assert len(evidence) == 3 and all("2026-03-1" in e or "2026-03-0" in e for e in evidence)
    assert not any("03-10" in e for e in evidence)  # the dentist is not evidence of climbing


def test_reflections_are_searchable_and_shown_as_reflections(reflected: tuple[Store, Thinker]) -> None:
    store, _ = reflected
    hits = Searcher(store, HashEmbedder()).search("how often bouldering with Tom", k=5)
    kinds = {h.kind for h in hits}
    assert "reflection" in kinds
    reflection = next(h for h in hits if h.kind == "reflection")
    assert reflection.source == "twin" and reflection.location.startswith("reflection on 3 records")


def test_reflection_is_due_by_summed_importance(store: Store, weeks: Path) -> None:
    Ingester(store, HashEmbedder(), Registry()).ingest([weeks], connector="files", source="weeks")
    assert not due(store, 10)  # nothing rated yet
    Enricher(store, Writer(Thinker()), model="thinker").run()
    assert due(store, 28) and not due(store, 29)  # four memories rated 7
    Reflector(store, HashEmbedder(), Thinker()).run()
    assert not due(store, 1)  # counted again only from what comes after


def test_reflecting_twice_does_not_duplicate(reflected: tuple[Store, Thinker]) -> None:
    store, thinker = reflected
    Reflector(store, HashEmbedder(), thinker).run()
    assert len(store.catalog.record_ids(source="twin")) == 1
    assert all(m.chunk_id.split("#")[0] != "twin" for m in recent_memories(store))


def test_profile_statements_cite_reflections(reflected: tuple[Store, Thinker]) -> None:
    store, thinker = reflected
    profiles = build_profiles(store, thinker)
    me = next(p for p in profiles if p.person == "me")
    assert [s.category for s in me.statements] == ["interests"]  # opera is not in the insight; one has no citation
    assert me.statements[0].evidence == tuple(store.catalog.record_ids(source="twin")[:1])
    assert load_profiles(store)[0].statements == me.statements
    hits = Searcher(store, HashEmbedder()).search("what does Maya enjoy bouldering", k=8)
    assert any(h.kind == "profile" for h in hits)
