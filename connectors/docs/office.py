"""Word (.docx, with python-docx) and OpenDocument text (.odt, with the standard library): one record each."""

from __future__ import annotations

import logging
import re
import zipfile
import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar
from xml.etree import ElementTree

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.table import Table
from docx.text.paragraph import Paragraph

from connectors.dates import parse_date
from connectors.docs.document import DocumentConnector, file_date, is_zip, local, zip_members
from twin.schema import Item, Skipped

__all__ = ["DocxConnector", "OdtConnector", "odt_text"]

logger = logging.getLogger(__name__)

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_ODT_HIDDEN = frozenset({
    f"{_OFFICE}annotation", f"{_OFFICE}annotation-end", f"{_TEXT}tracked-changes", f"{_TEXT}sequence-decls",
    f"{_TEXT}variable-decls", f"{_TEXT}user-field-decls", f"{_TEXT}note-citation", f"{_OFFICE}forms",
})
"""Not the document's text: comments, deleted text kept for change tracking, declarations."""
_SPACES = re.compile(r"[ \t\r\n]+")
ZIP_ERRORS = (OSError, EOFError, zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, ValueError)
"""What reading a member of a cut, corrupt or encrypted zip raises."""


def _rows(cells_of_rows: Iterator[list[str]]) -> str:
    """Table rows as lines, cells joined by ` | `; empty rows and trailing empty cells dropped."""
    lines = []
    for cells in cells_of_rows:
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            lines.append(" | ".join(cells))
    return "\n".join(lines)


# Word


def _docx_table(table: Table) -> str:
    def cells(row: Any) -> list[str]:
        out: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # a merged cell is returned once per grid column it spans
                continue
            previous = cell._tc
            out.append(" ".join(cell.text.split()))
        return out

    return _rows(cells(row) for row in table.rows)


def _docx_blocks(document: Any) -> tuple[list[str], str]:
    """Paragraphs and tables in document order, and the first heading (a title if the properties have none)."""
    blocks: list[str] = []
    heading = ""
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text.strip()
            if not text:
                continue
            style = block.style.name if block.style is not None else ""
            if not heading and (style or "").startswith(("Heading", "Title")):
                heading = text
            blocks.append(text)
        elif isinstance(block, Table) and (rows := _docx_table(block)):
            blocks.append(rows)
    return blocks, heading


class DocxConnector(DocumentConnector):
    """Word documents by content: a zip holding `word/document.xml`."""

    name: ClassVar[str] = "docx"

    def can_read(self, path: Path) -> bool:
        if not path.is_file():
            return False
        members = zip_members(path) if is_zip(path) else None
        if members is not None:
            return "word/document.xml" in members
        # A .docx that is no zip at all is still ours, so that its problem is reported by name.
        return path.suffix.lower() == ".docx"

    def read_file(self, path: Path, source: str) -> Iterator[Item]:
        where = str(path)
        members = zip_members(path)
        if members is None:
            yield Skipped(where, "corrupt Word document: not a readable zip file")
            return
        if "word/document.xml" not in members:
            yield Skipped(where, "not a Word document (no word/document.xml)")
            return
        try:
            document = docx.Document(str(path))
            blocks, heading = _docx_blocks(document)
            props = self._properties(document)
        except Exception as exc:  # python-docx passes on whatever zipfile and lxml raise on a mangled part
            logger.debug("python-docx failed on %s", path, exc_info=True)
            yield Skipped(where, f"corrupt Word document: {type(exc).__name__}: {exc}")
            return
        if not blocks:
            yield Skipped(where, "no text in the document")
            return
        title, author, created = props
        dated = (created, "document properties") if created is not None else file_date(path)
        yield self.record(path, source, "\n\n".join(blocks), title=title or heading, author=author, dated=dated)

    @staticmethod
    def _properties(document: Any) -> tuple[str, str, datetime | None]:
        """Title, author and date from docProps/core.xml, if the file has one (python-docx would
        otherwise invent defaults: "Word Document", modified now)."""
        try:
            document.part.package.part_related_by(RELATIONSHIP_TYPE.CORE_PROPERTIES)
        except KeyError:
            return "", "", None
        props = document.core_properties
        moment = props.created or props.modified
        return (props.title or "").strip(), (props.author or "").strip(), local(moment) if moment else None


# OpenDocument


def _inline(element: ElementTree.Element) -> str:
    """The text of a paragraph or heading: spans followed, `text:s`/`tab`/`line-break` honoured."""
    parts = [_SPACES.sub(" ", element.text or "")]
    for child in element:
        tag = child.tag
        if tag == f"{_TEXT}s":
            parts.append(" " * int(child.get(f"{_TEXT}c", "1") or 1))
        elif tag == f"{_TEXT}tab":
            parts.append("\t")
        elif tag == f"{_TEXT}line-break":
            parts.append("\n")
        elif tag == f"{_TEXT}note":
            body = child.find(f"{_TEXT}note-body")
            if body is not None and (note := " ".join(_inline(p) for p in body.iter() if p.tag == f"{_TEXT}p")):
                parts.append(f" ({note.strip()})")
        elif tag not in _ODT_HIDDEN:
            parts.append(_inline(child))
        parts.append(_SPACES.sub(" ", child.tail or ""))
    return "".join(parts)


def _odt_table(table: ElementTree.Element) -> str:
    def cells(row: ElementTree.Element) -> list[str]:
        return [" ".join(" ".join(_inline(p) for p in cell.iter() if p.tag in (f"{_TEXT}p", f"{_TEXT}h")).split())
                for cell in row if cell.tag == f"{_TABLE}table-cell"]

    return _rows(cells(row) for row in table.iter(f"{_TABLE}table-row"))


def odt_text(element: ElementTree.Element, headings: list[str]) -> Iterator[str]:
    """The blocks of an ODF body in order: paragraphs, headings (also collected in `headings`), tables."""
    for child in element:
        tag = child.tag
        if tag in (f"{_TEXT}p", f"{_TEXT}h"):
            if text := _inline(child).strip():
                if tag == f"{_TEXT}h":
                    headings.append(text)
                yield text
        elif tag == f"{_TABLE}table":
            if rows := _odt_table(child):
                yield rows
        elif tag not in _ODT_HIDDEN:
            yield from odt_text(child, headings)  # lists, sections, frames, indexes


def _odt_meta(root: ElementTree.Element | None) -> tuple[str, str, datetime | None]:
    """Title, author and creation (else last saved) date from meta.xml."""
    if root is None:
        return "", "", None

    def field(tag: str) -> str:
        found = root.find(f"{_OFFICE}meta/{tag}")
        return (found.text or "").strip() if found is not None else ""

    moment = parse_date(field(f"{_META}creation-date")) or parse_date(field(f"{_DC}date"))
    return field(f"{_DC}title"), field(f"{_META}initial-creator") or field(f"{_DC}creator"), moment


class OdtConnector(DocumentConnector):
    """OpenDocument text by content: a zip whose `mimetype` member says so."""

    name: ClassVar[str] = "odt"

    def can_read(self, path: Path) -> bool:
        if not path.is_file():
            return False
        if is_zip(path) and zip_members(path) is not None:
            try:
                with zipfile.ZipFile(path) as archive:
                    return archive.read("mimetype").strip() == ODT_MIMETYPE
            except (KeyError, *ZIP_ERRORS):
                return False
        # An .odt that is no zip at all is still ours, so that its problem is reported by name.
        return path.suffix.lower() == ".odt"

    def read_file(self, path: Path, source: str) -> Iterator[Item]:
        where = str(path)
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                if "content.xml" not in names:
                    yield Skipped(where, "not an OpenDocument text (no content.xml)")
                    return
                with archive.open("content.xml") as handle:
                    content = ElementTree.parse(handle).getroot()
                meta = None
                if "meta.xml" in names:
                    with archive.open("meta.xml") as handle:
                        meta = ElementTree.parse(handle).getroot()
        except ElementTree.ParseError as exc:
            yield Skipped(where, f"corrupt OpenDocument: bad XML ({exc})")
            return
        except ZIP_ERRORS as exc:
            yield Skipped(where, f"corrupt OpenDocument: {exc}")
            return
        body = content.find(f"{_OFFICE}body/{_OFFICE}text")
        headings: list[str] = []
        blocks = list(odt_text(body, headings)) if body is not None else []
        if not blocks:
            yield Skipped(where, "no text in the document")
            return
        title, author, created = _odt_meta(meta)
        dated = (created, "document properties") if created is not None else file_date(path)
        title = title or (headings[0] if headings else "")
        yield self.record(path, source, "\n\n".join(blocks), title=title, author=author, dated=dated)
