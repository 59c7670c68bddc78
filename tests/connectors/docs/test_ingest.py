"""Documents end to end: a folder ingested through the discovered connectors, then found by search."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest import Event, Ingester
from retrieval import Searcher
from twin.cli import cli
from twin.models.embedder import HashEmbedder
from twin.plugins import Registry
from twin.store import Store

from .conftest import BROKEN, build_docx, build_pdf, write

DEMO_CALENDAR = Path(__file__).resolve().parents[3] / "data" / "calendar" / "maya.ics"


def documents(folder: Path) -> dict[str, Path]:
    return {
        "pdf": write(folder / "rent letter.pdf", build_pdf(
            ["Dear Ms Berg,\nthe rent of your flat on Wiener Strasse is adjusted.",
             "From 1 July 2026 the monthly rent rises from 980 EUR to 1,040 EUR."],
            {"Title": "Rent increase", "CreationDate": "D:20260403090000+02'00'"})),
        "docx": build_docx(folder / "study plan.docx", title="Revised study plan",
                           paragraphs=["Twelve participants at UX Lab Mitte, 19 to 21 May."]),
        "calendar": Path(shutil.copy(DEMO_CALENDAR, folder / "maya.ics")),
    }


def test_a_folder_of_documents_is_ingested_and_searchable(tmp_path: Path, store: Store,
                                                           embedder: HashEmbedder) -> None:
    folder = tmp_path / "documents"
    paths = documents(folder)
    events: list[Event] = []
    summary = Ingester(store, embedder, Registry(), on_event=events.append).ingest([folder])
    assert [str(e.skipped) for e in events if e.skipped] == []
    assert (summary.added, summary.skipped, dict(summary.unsupported)) == (2 + 1 + 12, 0, {})
    ids = store.catalog.record_ids()
    assert {i.split(":", 1)[0] for i in ids} == {"pdf", "docx", "calendar"}

    searcher = Searcher(store, embedder)
    hits = searcher.search("monthly rent rises to 1,040 EUR", k=5)
    assert hits[0].location == f"{paths['pdf'].resolve()}#page=2", [h.location for h in hits]
    assert hits[0].title == "Rent increase · p. 2"
    hits = searcher.search("research planning meeting with Anna", k=5)
    assert hits[0].kind == "event" and hits[0].title == "Atlas Q2 research planning with Anna"
    assert "Anna Schmidt <anna.schmidt@atlas-labs.example>" in hits[0].participants

    again = Ingester(store, embedder, Registry()).ingest([folder])
    assert (again.added, again.updated, again.removed) == (0, 0, 0)


def test_pages_and_rows_no_longer_in_a_file_are_forgotten(tmp_path: Path, store: Store,
                                                           embedder: HashEmbedder) -> None:
    pdf = write(tmp_path / "a.pdf", build_pdf(["one", "two", "three"]))
    table = write(tmp_path / "t.csv", "what,date\nrun,2026-03-01\nswim,2026-03-02\n")
    ingester = Ingester(store, embedder, Registry())
    assert ingester.ingest([pdf, table]).added == 5
    write(pdf, build_pdf(["one", BROKEN]))  # page 2 unreadable now: kept; page 3 gone: forgotten
    write(table, "what,date\nrun,2026-03-01\n")
    summary = ingester.ingest([pdf, table])
    assert (summary.removed, summary.skipped) == (2, 1)
    assert sorted(store.catalog.record_ids(prefix="pdf:")) == [f"pdf:{pdf.resolve()}/page/1",
                                                               f"pdf:{pdf.resolve()}/page/2"]


def test_twin_ingest_and_search_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWIN_EMBEDDER__MODEL", "hash")  # the real model has its own tests
    folder = tmp_path / "documents"
    paths = documents(folder)
    home = ["--home", str(tmp_path / "home")]
    result = CliRunner().invoke(cli, [*home, "ingest", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().splitlines()[-1].startswith("15 added, 0 updated, 0 unchanged, 0 skipped;")
    result = CliRunner().invoke(cli, [*home, "search", "Japan with Jonas", "--json", "--k", "3"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    top = json.loads(result.stdout)["hits"][0]
    assert (top["kind"], top["title"], top["location"]) == ("event", "Japan with Jonas", str(paths["calendar"].resolve()))
