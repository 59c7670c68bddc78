"""Saved web pages and HTML documents: readable text, title and the page's own date; one record each."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from connectors.dates import parse_date
from connectors.docs.document import DocumentConnector, file_date, head
from connectors.mail.htmltext import html_to_text
from twin.schema import Item, Skipped

__all__ = ["HtmlConnector", "looks_like_html"]

SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
MAX_BYTES = 50 * 1024 * 1024
DATE_METAS = ("date", "dc.date", "dcterms.date", "dc.date.created", "dcterms.created", "article:published_time",
              "og:published_time", "datepublished", "pubdate", "publish-date", "publish_date", "created")
"""`<meta name|property|itemprop=...>` that date a page, most specific first."""
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_MARKUP_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<")


def looks_like_html(data: bytes) -> bool:
    """Markup from the first byte on, and an HTML doctype or `<html` element in the head."""
    if not _MARKUP_START.match(data):
        return False
    lowered = data.lower()
    return b"<!doctype html" in lowered or b"<html" in lowered


def decode_html(data: bytes) -> str:
    """By BOM, else the `<meta charset>` of the head, else UTF-8; Windows-1252 if UTF-8 fails."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    declared = _CHARSET.search(data[:4096])
    if declared:
        try:
            codec = codecs.lookup(declared.group(1).decode("ascii")).name
            if not codec.startswith("utf-16"):  # a declared UTF-16 without a BOM is a lie: the bytes are ASCII
                return data.decode(codec, errors="replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


class _Head(HTMLParser):
    """Title, first `<h1>`, dating `<meta>`s, the author and the first `<time datetime>`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: list[str] = []
        self.h1: list[str] = []
        self.metas: dict[str, str] = {}
        self.time = ""
        self._in: str | None = None
        self._done: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "").strip() for k, v in attrs}
        if tag == "meta":
            key = (values.get("name") or values.get("property") or values.get("itemprop") or "").lower()
            if key and "content" in values:
                self.metas.setdefault(key, values["content"])
        elif tag == "time" and not self.time and values.get("datetime"):
            self.time = values["datetime"]
        elif tag in ("title", "h1") and tag not in self._done:
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._done.add(tag)
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title.append(data)
        elif self._in == "h1":
            self.h1.append(data)

    def page_title(self) -> str:
        return " ".join("".join(self.title).split()) or " ".join("".join(self.h1).split())

    def date(self) -> tuple[datetime, str] | None:
        for key in DATE_METAS:
            if key in self.metas and (moment := parse_date(self.metas[key])) is not None:
                return moment, f"meta {key}"
        if self.time and (moment := parse_date(self.time)) is not None:
            return moment, "time element"
        return None


class HtmlConnector(DocumentConnector):
    """HTML by content (a doctype or `<html>` up front), or any text file named .html/.htm/.xhtml."""

    name: ClassVar[str] = "html"
    max_bytes: ClassVar[int | None] = MAX_BYTES

    def can_read(self, path: Path) -> bool:
        if not path.is_file():
            return False
        data = head(path)
        if looks_like_html(data):
            return True
        return path.suffix.lower() in SUFFIXES and (
            b"\x00" not in data or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)))

    def read_file(self, path: Path, source: str) -> Iterator[Item]:
        where = str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield Skipped(where, f"cannot read: {exc.strerror or exc}")
            return
        markup = decode_html(data)
        if "\x00" in markup:
            yield Skipped(where, "binary content (NUL bytes), not HTML")
            return
        page = _Head()
        page.feed(markup)
        page.close()
        text = html_to_text(markup)
        if not text.strip():
            yield Skipped(where, "no text in the page")
            return
        author = page.metas.get("author", "")
        yield self.record(path, source, text, title=page.page_title(), author=author,
                          dated=page.date() or file_date(path))
