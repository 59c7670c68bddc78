"""DocxConnector and OdtConnector on documents written in the test (python-docx, zipfile)."""

from __future__ import annotations

import os
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from connectors.docs import DocxConnector, OdtConnector
from twin.schema import Skipped

from .conftest import build_docx, build_odt, local, read, records, write

DOCX = DocxConnector()
ODT = OdtConnector()


# Word.


def test_docx_paragraphs_headings_and_tables_in_order(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "plan.docx", title="Revised study plan", created=datetime(2026, 3, 18, 16, 45, tzinfo=UTC),
                      heading="Usability study", paragraphs=["12 participants instead of 16.", "19–21 May."],
                      table=[["Item", "EUR"], ["Usability study", "10,500"], ["Reserve", "4,000"]])
    [record] = read(DOCX, path)
    assert record.text == (  # type: ignore[union-attr]
        "Usability study\n\n12 participants instead of 16.\n\n19–21 May.\n\n"
        "Item | EUR\nUsability study | 10,500\nReserve | 4,000"
    )
    assert record.title == "Revised study plan"  # type: ignore[union-attr]
    assert record.timestamp == datetime(2026, 3, 18, 16, 45, tzinfo=UTC)  # type: ignore[union-attr]
    assert record.metadata == {"path": str(path.resolve()), "date_from": "document properties"}  # type: ignore[union-attr]
    assert record.id == f"docx:{path.resolve()}"  # type: ignore[union-attr]
    assert record.kind == "document"  # type: ignore[union-attr]
    assert record.author == "python-docx"  # type: ignore[union-attr]


def test_docx_title_from_the_first_heading_then_the_stem(tmp_path: Path) -> None:
    headed = build_docx(tmp_path / "a.docx", heading="Kyoto plans", paragraphs=["Ryokan Hanaya."])
    assert records(read(DOCX, headed))[0].title == "Kyoto plans"
    plain = build_docx(tmp_path / "shopping list.docx", paragraphs=["milk"])
    assert records(read(DOCX, plain))[0].title == "shopping list"


def test_docx_merged_cells_appear_once(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Q2 budget"
    for c, value in enumerate(["40,000", "32,000", "-20%"]):
        table.cell(1, c).text = value
    document.save(str(tmp_path / "merged.docx"))
    assert records(read(DOCX, tmp_path / "merged.docx"))[0].text == "Q2 budget\n40,000 | 32,000 | -20%"


def test_docx_without_core_properties_falls_back_to_file_name_date(tmp_path: Path) -> None:
    source = build_docx(tmp_path / "src.docx", paragraphs=["Radiator replaced."])
    path = tmp_path / "2026-03-20 radiator.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "docProps/core.xml":
                continue
            if item.filename == "_rels/.rels":
                data = re.sub(rb"<Relationship [^>]*core-properties[^>]*/>", b"", data)
            new.writestr(item, data)
    record = records(read(DOCX, path))[0]
    assert record.timestamp == local(2026, 3, 20)
    assert record.metadata["date_from"] == "file name"
    assert record.title == "2026-03-20 radiator"  # not python-docx's invented "Word Document"


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"this is not a zip file at all", "corrupt Word document: not a readable zip file"),
        (b"PK\x03\x04" + b"\x00" * 40, "corrupt Word document: not a readable zip file"),
        (b"", "empty file"),
    ],
    ids=["text", "cut-zip", "zero-bytes"],
)
def test_docx_corrupt_file_is_one_skip(tmp_path: Path, content: bytes, why: str) -> None:
    path = write(tmp_path / "report.docx", content)
    assert DOCX.can_read(path)  # claimed by name, so that the problem is reported
    assert read(DOCX, path) == [Skipped(str(path), why)]


def test_docx_zip_with_a_mangled_document_part_is_one_skip(tmp_path: Path) -> None:
    path = tmp_path / "mangled.docx"
    source = build_docx(tmp_path / "src.docx", paragraphs=["x"])
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            new.writestr(item, b"<w:document><unclosed" if item.filename == "word/document.xml" else old.read(item))
    [skipped] = read(DOCX, path)
    assert isinstance(skipped, Skipped)
    assert skipped.why.startswith("corrupt Word document: ")


def test_docx_without_text_is_one_skip(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "blank.docx")
    assert read(DOCX, path) == [Skipped(str(path), "no text in the document")]


def test_docx_can_read_by_content(tmp_path: Path) -> None:
    build_docx(tmp_path / "doc", paragraphs=["x"])
    assert DOCX.can_read(tmp_path / "doc")
    odt = build_odt(tmp_path / "misnamed.docx", "<text:p>x</text:p>")
    assert not DOCX.can_read(odt)  # a readable zip without word/document.xml is someone else's
    assert not DOCX.can_read(write(tmp_path / "a.txt", "text"))
    assert not DOCX.can_read(tmp_path)


# OpenDocument.

META = ("<dc:title>Trip plan</dc:title><meta:initial-creator>Maya Berg</meta:initial-creator>"
        "<meta:creation-date>2026-03-15T10:30:00.123456789</meta:creation-date><dc:date>2026-04-01T08:00:00</dc:date>")


def test_odt_paragraphs_headings_lists_tables_and_meta(tmp_path: Path) -> None:
    body = (
        '<text:sequence-decls><text:sequence-decl text:name="Table"/></text:sequence-decls>'
        '<text:h text:outline-level="1">Japan, 2–16 May</text:h>'
        "<text:p>Tokyo<text:s text:c=\"2\"/>then <text:span>Kyoto</text:span>.<text:line-break/>Ryokan Hanaya</text:p>"
        "<text:list><text:list-item><text:p>JR Pass</text:p></text:list-item></text:list>"
        "<text:p>With a note<text:note><text:note-citation>1</text:note-citation><text:note-body>"
        "<text:p>booked 2 April</text:p></text:note-body></text:note> and a comment"
        "<office:annotation><text:p>private remark</text:p></office:annotation>.</text:p>"
        "<table:table><table:table-row><table:table-cell><text:p>City</text:p></table:table-cell>"
        "<table:table-cell><text:p>Nights</text:p></table:table-cell><table:table-cell/></table:table-row>"
        "<table:table-row><table:table-cell><text:p>Kyoto</text:p></table:table-cell>"
        "<table:table-cell><text:p>3</text:p></table:table-cell></table:table-row></table:table>"
    )
    path = build_odt(tmp_path / "trip.odt", body, META)
    [record] = read(ODT, path)
    assert record.text == (  # type: ignore[union-attr]
        "Japan, 2–16 May\n\nTokyo  then Kyoto.\nRyokan Hanaya\n\nJR Pass\n\n"
        "With a note (booked 2 April) and a comment.\n\nCity | Nights\nKyoto | 3"
    )
    assert record.title == "Trip plan"  # type: ignore[union-attr]
    assert record.author == "Maya Berg"  # type: ignore[union-attr]
    assert record.timestamp.replace(microsecond=0) == local(2026, 3, 15, 10, 30)  # type: ignore[union-attr]
    assert record.id == f"odt:{path.resolve()}"  # type: ignore[union-attr]
    assert "private remark" not in record.text  # type: ignore[union-attr]


def test_odt_title_from_heading_and_date_from_mtime_without_meta(tmp_path: Path) -> None:
    path = build_odt(tmp_path / "notes.odt", "<text:h>Packing list</text:h><text:p>passport</text:p>")
    os.utime(path, (1_600_000_000, 1_600_000_000))
    record = records(read(ODT, path))[0]
    assert record.title == "Packing list"
    assert record.metadata["date_from"] == "modified time"
    assert record.timestamp == datetime.fromtimestamp(1_600_000_000).astimezone()


def test_odt_bad_files(tmp_path: Path) -> None:
    broken_xml = build_odt(tmp_path / "a.odt", "<text:p>unclosed")
    assert read(ODT, broken_xml)[0].why.startswith("corrupt OpenDocument: bad XML")  # type: ignore[union-attr]
    junk = write(tmp_path / "b.odt", b"not a zip")
    assert ODT.can_read(junk)
    assert read(ODT, junk)[0].why.startswith("corrupt OpenDocument")  # type: ignore[union-attr]
    empty = build_odt(tmp_path / "c.odt", "<text:p>  </text:p>")
    assert read(ODT, empty) == [Skipped(str(empty), "no text in the document")]


def test_odt_can_read_by_mimetype(tmp_path: Path) -> None:
    assert ODT.can_read(build_odt(tmp_path / "x.zip", "<text:p>x</text:p>"))
    sheet = build_odt(tmp_path / "y.odt", "<text:p>x</text:p>", mimetype=b"application/vnd.oasis.opendocument.spreadsheet")
    assert not ODT.can_read(sheet)
    assert not ODT.can_read(build_docx(tmp_path / "z.docx", paragraphs=["x"]))
