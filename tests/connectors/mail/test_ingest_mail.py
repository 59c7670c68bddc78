"""Mail end to end: mbox, maildir and .eml through Ingester into a real store, then searched."""

from __future__ import annotations

import shutil
from pathlib import Path

from ingest import Event, Ingester
from retrieval import Searcher
from twin.config import SearchConfig
from twin.models.embedder import HashEmbedder
from twin.plugins import Registry
from twin.store import Filters, Store

from .conftest import FIXTURES, mail


def ingest(store: Store, paths: list[Path], events: list[Event] | None = None):  # type: ignore[no-untyped-def]
    ingester = Ingester(store, HashEmbedder(), Registry(), on_event=events.append if events is not None else None)
    return ingester.ingest(paths)


def test_mbox_twice_adds_nothing_the_second_time(tmp_path: Path) -> None:
    with Store(tmp_path / "home", writer=True) as store:
        first = ingest(store, [FIXTURES / "gmail.mbox"])
        assert (first.added, first.updated, first.skipped) == (6, 0, 0)
        chunks = store.vectors.count()
        second = ingest(store, [FIXTURES / "gmail.mbox"])
        assert (second.added, second.updated, second.unchanged, second.chunks) == (0, 0, 6, 0)
        assert store.vectors.count() == chunks


def test_search_finds_a_mail_by_content_and_by_sender(tmp_path: Path) -> None:
    with Store(tmp_path / "home", writer=True) as store:
        ingest(store, [FIXTURES / "gmail.mbox"])
        searcher = Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1))
        hits = searcher.search("Yilmaz Haustechnik melden")
        assert hits[0].record_id == "mbox:k-0212@kowalski-immobilien.example"
        assert hits[0].kind == "email"
        assert hits[0].location == f"{(FIXTURES / 'gmail.mbox').resolve()}#1742"
        assert "Dieter Kowalski <d.kowalski@kowalski-immobilien.example>" in hits[0].participants
        by_sender = searcher.search("Heizung", filters=Filters(person="Kowalski"))
        assert {h.record_id for h in by_sender} == {"mbox:k-0212@kowalski-immobilien.example",
                                                    "mbox:radiator-1@mailbox.example"}
        invite = searcher.search("usability study calendar UX Lab Mitte", k=3)
        assert "mbox:study-slot@atlas-labs.example/attachment/1" in {h.record_id for h in invite}


def test_all_three_formats_and_a_bad_mailbox_in_one_run(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mbox"
    bad.write_bytes(b"From x@x Thu Mar 12 10:30:00\n" + mail("No date", Date=None) +  # no year: no date at all
                    b"\nFrom x@x Thu Mar 12 10:31:00 2026\n" + mail("Good", Message_ID="<good@x>"))
    emls = tmp_path / "saved"
    emls.mkdir()
    shutil.copy(FIXTURES / "ryokan-hanaya.eml", emls / "hanaya.eml")
    events: list[Event] = []
    with Store(tmp_path / "home", writer=True) as store:
        summary = ingest(store, [bad, FIXTURES / "maildir", emls], events)
        ids = store.catalog.record_ids()
    assert summary.added == 1 + 4 + 1
    assert "mbox:good@x" in ids and "maildir:party-18@mailbox.example" in ids
    assert f"eml:{(emls / 'hanaya.eml').resolve()}" in ids
    assert [str(e.skipped) for e in events if e.kind == "skipped"] == [
        f"skipped {bad.resolve()}#0: no Date header and no Received header with a date"]


def test_data_folder_of_mail_files_is_detected_per_file(tmp_path: Path) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    shutil.copy(FIXTURES / "gmail.mbox", folder / "takeout.mbox")
    shutil.copy(FIXTURES / "kowalski-outlook.eml", folder / "letter.eml")
    with Store(tmp_path / "home", writer=True) as store:
        summary = ingest(store, [folder])
        prefixes = sorted({rid.split(":", 1)[0] for rid in store.catalog.record_ids()})
    assert (summary.added, summary.skipped, prefixes) == (7, 0, ["eml", "mbox"])
