"""PdfConnector on PDFs built in the test: pages, dates, titles, and every kind of bad PDF."""

from __future__ import annotations

import inspect
import logging
import os
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from connectors.docs import PdfConnector
from twin.schema import Inventory, Skipped, Source

from .conftest import (
    BROKEN,
    IMAGE_ONLY,
    build_pdf,
    encrypt_pdf,
    inventories,
    local,
    read,
    records,
    skips,
    stream,
    write,
)

PDF = PdfConnector()


def test_one_record_per_page_with_text(tmp_path: Path) -> None:
    path = write(tmp_path / "report.pdf", build_pdf(["Budget cut to 32,000 EUR\nsecond line", "Study moves to May"]))
    items = read(PDF, path)
    pages = records(items)
    resolved = path.resolve()
    assert [r.id for r in pages] == [f"pdf:{resolved}/page/1", f"pdf:{resolved}/page/2"]
    assert pages[0].text == "Budget cut to 32,000 EUR\nsecond line"
    assert pages[1].text == "Study moves to May"
    assert pages[0].title == "report · p. 1"
    assert pages[1].location == f"{resolved}#page=2"
    assert pages[0].kind == "document"
    assert pages[0].source == "docs"
    assert pages[1].metadata == {"path": str(resolved), "page": 2, "pages": 2, "date_from": pages[1].metadata["date_from"]}
    assert skips(items) == []
    assert inventories(items) == [Inventory(f"pdf:{resolved}/page/", frozenset(r.id for r in pages))]


def test_title_author_and_date_from_the_document_info(tmp_path: Path) -> None:
    info = {"Title": "Microsoft Word - Rent increase", "Author": "Dieter Kowalski",
            "CreationDate": "D:20260403091500+02'00'"}
    path = write(tmp_path / "2025-01-01 letter.pdf", build_pdf(["Dear Ms Berg"], info))
    page = records(read(PDF, path))[0]
    assert page.title == "Rent increase · p. 1"
    assert page.author == "Dieter Kowalski"
    assert page.timestamp == datetime(2026, 4, 3, 9, 15, tzinfo=timezone(timedelta(hours=2)))
    assert page.metadata["date_from"] == "PDF metadata"


def test_date_from_file_name_then_modified_time(tmp_path: Path) -> None:
    named = write(tmp_path / "scan_20260312.pdf", build_pdf(["text"]))
    assert records(read(PDF, named))[0].timestamp == local(2026, 3, 12)
    assert records(read(PDF, named))[0].metadata["date_from"] == "file name"
    plain = write(tmp_path / "plain.pdf", build_pdf(["text"], {"CreationDate": "D:garbage"}))
    os.utime(plain, (1_600_000_000, 1_600_000_000))
    page = records(read(PDF, plain))[0]
    assert page.timestamp == datetime.fromtimestamp(1_600_000_000).astimezone()
    assert page.metadata["date_from"] == "modified time"


def test_empty_pages_are_left_out_silently(tmp_path: Path) -> None:
    path = write(tmp_path / "gaps.pdf", build_pdf(["one", "", "three"]))
    items = read(PDF, path)
    assert [r.metadata["page"] for r in records(items)] == [1, 3]
    assert skips(items) == []


def test_a_broken_page_is_one_skip_and_the_other_pages_come_back(tmp_path: Path) -> None:
    path = write(tmp_path / "mixed.pdf", build_pdf(["first page", BROKEN, "third page"]))
    items = read(PDF, path)
    assert [r.text for r in records(items)] == ["first page", "third page"]
    [skipped] = skips(items)
    assert skipped.where == f"{path}#page=2"
    assert "page 2" in skipped.why and "PdfStreamError" in skipped.why
    # The unreadable page stays listed, so that what was stored of it is not forgotten.
    assert f"pdf:{path.resolve()}/page/2" in inventories(items)[0].ids


def test_encrypted_pdf_is_one_skip(tmp_path: Path) -> None:
    path = write(tmp_path / "locked.pdf", encrypt_pdf(build_pdf(["secret salary"]), "hunter2"))
    assert read(PDF, path) == [Skipped(str(path), "encrypted PDF, no text readable without the password")]


def test_encrypted_with_an_empty_user_password_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "owner-only.pdf", encrypt_pdf(build_pdf(["printable text"]), ""))
    assert [r.text for r in records(read(PDF, path))] == ["printable text"]


def test_image_only_pdf_is_one_skip(tmp_path: Path) -> None:
    path = write(tmp_path / "scan.pdf", build_pdf([IMAGE_ONLY, IMAGE_ONLY]))
    items = read(PDF, path)
    assert skips(items) == [Skipped(str(path), "no text layer (image-only PDF?)")]
    assert records(items) == []


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "empty file"),
        (b"%PDF-1.4\n" + b"\x00garbage" * 50, "corrupt PDF"),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "corrupt PDF"),
        (b"<!doctype html><title>404</title>", "not a PDF (no %PDF- header)"),
    ],
    ids=["zero-bytes", "garbage", "truncated", "html-named-pdf"],
)
def test_bad_files_give_one_skip_and_never_raise(tmp_path: Path, content: bytes, why: str) -> None:
    path = write(tmp_path / "bad.pdf", content)
    [skipped] = read(PDF, path)
    assert isinstance(skipped, Skipped)
    assert skipped.where == str(path)
    assert skipped.why.startswith(why)


def test_a_wrong_xref_offset_is_repaired_and_a_cut_file_is_one_skip(tmp_path: Path) -> None:
    data = build_pdf(["page one text", "page two text"])
    moved = write(tmp_path / "moved.pdf", re.sub(rb"startxref\n\d+", b"startxref\n999999", data))
    assert [r.text for r in records(read(PDF, moved))] == ["page one text", "page two text"]
    cut = write(tmp_path / "cut.pdf", data[: data.index(b"xref")])  # no xref table, no trailer
    [skipped] = read(PDF, cut)
    assert isinstance(skipped, Skipped) and skipped.why.startswith("corrupt PDF: ")


def test_pypdf_warnings_do_not_reach_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            caplog: pytest.LogCaptureFixture) -> None:
    bad_flate = stream(b"not zlib at all", b"/Filter /FlateDecode ")
    path = write(tmp_path / "sloppy.pdf", build_pdf(["one", bad_flate, "three"]))
    with caplog.at_level(logging.DEBUG, logger="twin"):
        items = read(PDF, path)
    assert [r.text for r in records(items)] == ["one", "three"]
    assert capsys.readouterr().err == ""
    assert not [r for r in caplog.records if r.name.startswith("pypdf") and r.levelno < logging.ERROR]
    assert logging.getLogger("pypdf").level == logging.NOTSET  # restored after reading


def test_folder_takes_pdfs_by_content_and_streams(tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    write(folder / "a.pdf", build_pdf(["alpha"]))
    write(folder / "b-no-suffix", build_pdf(["beta"]))
    write(folder / "notes.md", "# not a pdf\n")
    write(folder / ".hidden.pdf", build_pdf(["hidden"]))
    items = PDF.read(Source("papers", "pdf", folder), None)
    lazy = inspect.isgenerator(items)
    assert lazy
    assert [r.text for r in records(items)] == ["alpha", "beta"]


def test_can_read(tmp_path: Path) -> None:
    assert PDF.can_read(write(tmp_path / "doc.bin", build_pdf(["x"])))
    assert PDF.can_read(write(tmp_path / "broken.pdf", b"junk"))  # ours by name, so its skip names it
    assert not PDF.can_read(write(tmp_path / "note.txt", "text"))
    assert not PDF.can_read(tmp_path)
    assert not PDF.can_read(tmp_path / "missing.pdf")
