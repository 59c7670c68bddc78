"""HtmlConnector: saved pages as text, with their title, date and encoding."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from connectors.docs import HtmlConnector
from twin.schema import Skipped

from .conftest import local, read, records, write

HTML = HtmlConnector()

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Ryokan Hanaya – Kyoto</title>
<meta name="author" content="Ryokan Hanaya">
<meta property="article:published_time" content="2026-04-02T19:40:00+09:00">
<style>p { color: red }</style><script>var x = 1;</script></head>
<body><h1>Your stay</h1><p>Three nights, &yen;46,000 per night.</p><ul><li>Kaiseki dinner</li><li>Onsen</li></ul>
<p><time datetime="2020-01-01">old</time></p></body></html>
"""


def test_text_title_author_and_meta_date(tmp_path: Path) -> None:
    path = write(tmp_path / "booking.html", PAGE)
    [record] = read(HTML, path)
    assert record.text == "Your stay\n\nThree nights, ¥46,000 per night.\n\n- Kaiseki dinner\n- Onsen\n\nold"  # type: ignore[union-attr]
    assert record.title == "Ryokan Hanaya – Kyoto"  # type: ignore[union-attr]
    assert record.author == "Ryokan Hanaya"  # type: ignore[union-attr]
    assert record.timestamp == datetime(2026, 4, 2, 19, 40, tzinfo=timezone(timedelta(hours=9)))  # type: ignore[union-attr]
    assert record.metadata["date_from"] == "meta article:published_time"  # type: ignore[union-attr]
    assert record.id == f"html:{path.resolve()}"  # type: ignore[union-attr]
    assert record.kind == "document"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("head", "expected", "date_from"),
    [
        ('<meta name="date" content="2026-03-12">', (2026, 3, 12), "meta date"),
        ('<meta name="DC.date" content="12.03.2026">', (2026, 3, 12), "meta dc.date"),
        ("", (2026, 5, 4), "time element"),
    ],
)
def test_date_sources(tmp_path: Path, head: str, expected: tuple[int, int, int], date_from: str) -> None:
    path = write(tmp_path / "page.html", f"<html><head>{head}</head><body><time datetime='2026-05-04'>Mon</time>"
                                         "<p>Kinokuniya</p></body></html>")
    record = records(read(HTML, path))[0]
    assert record.timestamp == local(*expected)
    assert record.metadata["date_from"] == date_from


def test_date_and_title_fall_back_to_file_name_and_mtime(tmp_path: Path) -> None:
    named = write(tmp_path / "2026-04-04 receipt.htm", "<p>The Book of Tea, 9 EUR</p>")
    record = records(read(HTML, named))[0]
    assert (record.timestamp, record.metadata["date_from"], record.title) == (
        local(2026, 4, 4), "file name", "2026-04-04 receipt")
    plain = write(tmp_path / "page.html", "<html><body><h1>Heading title</h1><p>x</p></body></html>")
    os.utime(plain, (1_600_000_000, 1_600_000_000))
    record = records(read(HTML, plain))[0]
    assert record.metadata["date_from"] == "modified time"
    assert record.title == "Heading title"


def test_declared_charset_and_windows_1252_fallback(tmp_path: Path) -> None:
    declared = write(tmp_path / "a.html", '<html><head><meta http-equiv="Content-Type" content="text/html; '
                                          'charset=iso-8859-1"></head><body>Grüße</body></html>', encoding="latin-1")
    assert records(read(HTML, declared))[0].text == "Grüße"
    undeclared = write(tmp_path / "b.html", "<html><body>Preis: 9 € – Straße</body></html>", encoding="cp1252")
    assert records(read(HTML, undeclared))[0].text == "Preis: 9 € – Straße"


def test_bad_pages(tmp_path: Path) -> None:
    empty_body = write(tmp_path / "blank.html", "<html><head><title>t</title></head><body> </body></html>")
    assert read(HTML, empty_body) == [Skipped(str(empty_body), "no text in the page")]
    zero = write(tmp_path / "zero.html", b"")
    assert read(HTML, zero) == [Skipped(str(zero), "empty file")]
    binary = write(tmp_path / "bin.html", b"\x00\x01\x02<html>")
    assert read(HTML, binary) == [Skipped(str(binary), "binary content (NUL bytes), not HTML")]


def test_can_read_by_content_and_by_name(tmp_path: Path) -> None:
    assert HTML.can_read(write(tmp_path / "saved.txt", "<!DOCTYPE html>\n<html><body>x</body></html>"))
    assert HTML.can_read(write(tmp_path / "page", "  <?xml version='1.0'?>\n<html xmlns='x'><body/></html>"))
    assert HTML.can_read(write(tmp_path / "fragment.htm", "<p>just a fragment</p>"))
    assert not HTML.can_read(write(tmp_path / "note.md", "# About HTML\n\nWrite <html> first.\n"))
    assert not HTML.can_read(write(tmp_path / "bin.html", b"\x00\x01"))
    assert not HTML.can_read(tmp_path)
