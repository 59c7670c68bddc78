"""Detection by content through the registry, and the files connector leaving documents alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.docs import CalendarConnector, CsvConnector, DocxConnector, HtmlConnector, OdtConnector, PdfConnector
from connectors.files import FilesConnector
from twin.plugins import Registry
from twin.schema import Record, Source

from .conftest import build_docx, build_odt, build_pdf, read, write

DOCS = (PdfConnector, DocxConnector, OdtConnector, HtmlConnector, CsvConnector, CalendarConnector)
DATA = Path(__file__).resolve().parents[3] / "data"


def test_entry_points_name_every_document_connector() -> None:
    infos = {info.name: info for info in Registry().infos()}
    for cls in DOCS:
        assert infos[cls.name].value == f"{cls.__module__}:{cls.__name__}"
        assert cls.priority > FilesConnector.priority


@pytest.fixture
def samples(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "mixed"
    return {
        "pdf": write(folder / "scan.bin", build_pdf(["a PDF named .bin"])),
        "docx": build_docx(folder / "letter", paragraphs=["a Word file without a suffix"]),
        "odt": build_odt(folder / "notes.zip", "<text:p>an ODT named .zip</text:p>"),
        "html": write(folder / "saved page.txt", "<!DOCTYPE html>\n<html><body><p>HTML in a .txt</p></body></html>"),
        "csv": write(folder / "transactions", "date;amount;to\n2026-04-01;860;Kowalski\n2026-05-01;980;Kowalski\n"),
        "calendar": write(folder / "invite.txt", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"),
        "files": write(folder / "note.md", "# Kyoto\n\nRyokan Hanaya, three nights.\n"),
    }


def test_each_file_is_detected_by_its_content(samples: dict[str, Path]) -> None:
    registry = Registry()
    for name, path in samples.items():
        found = registry.detect(path)
        assert found is not None and found.name == name, (path.name, found and found.name)
    assert registry.detect(samples["pdf"].parent) is None, "a folder of documents is walked, not claimed"


def test_each_connector_claims_only_its_own(samples: dict[str, Path]) -> None:
    for cls in DOCS:
        claimed = {name for name, path in samples.items() if cls().can_read(path)}
        assert claimed == {cls.name}, (cls.name, claimed)


def test_the_files_connector_leaves_documents_to_their_connectors(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    write(folder / "note.md", "A note.\n")
    write(folder / "page.html", "<p>web page</p>\n")
    write(folder / "old.htm", "<p>old page</p>\n")
    write(folder / "table.csv", "a,b\n1,2\n")
    write(folder / "table.tsv", "a\tb\n1\t2\n")
    write(folder / "cal.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    files = FilesConnector()
    items = read(files, folder)
    assert [Path(item.location).name for item in items if isinstance(item, Record)] == ["note.md"]
    assert not files.can_read(folder / "page.html")
    assert not files.can_read(folder / "table.csv")
    assert Registry().detect(folder / "table.csv").name == "csv"  # type: ignore[union-attr]


def test_the_demo_corpus_keeps_its_connectors() -> None:
    registry = Registry()
    for path in sorted((DATA / "notes").rglob("*")):
        if path.is_file():
            assert registry.detect(path).name == "files", path  # type: ignore[union-attr]
    assert registry.detect(DATA / "mail" / "maya.mbox").name == "mbox"  # type: ignore[union-attr]
    assert registry.detect(DATA / "calendar" / "maya.ics").name == "calendar"  # type: ignore[union-attr]
    assert registry.detect(DATA / "chats" / "WhatsApp Chat with Jonas.txt").name == "whatsapp"  # type: ignore[union-attr]


def test_a_named_connector_reads_a_folder_of_mixed_files_taking_only_its_own(samples: dict[str, Path]) -> None:
    folder = samples["pdf"].parent
    for cls in DOCS:
        items = list(cls().read(Source("mixed", cls.name, folder), None))
        assert all(not isinstance(item, Record) or item.id.startswith(f"{cls.name}:") for item in items)
        assert any(isinstance(item, Record) for item in items) or cls is CalendarConnector, cls.name
