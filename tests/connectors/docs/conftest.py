"""Real document files made in tmp_path: PDFs written byte by byte, DOCX by python-docx, ODT by zipfile."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from twin.plugins import Connector
from twin.schema import Inventory, Item, Record, Skipped, Source


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_bytes(content.encode(encoding))
    else:
        path.write_bytes(content)
    return path


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute).astimezone()


def read(connector: Connector, path: Path, source: str = "docs") -> list[Item]:
    return list(connector.read(Source(source, connector.name, path), None))


def records(items: Iterable[Item]) -> list[Record]:
    return [item for item in items if isinstance(item, Record)]


def skips(items: Iterable[Item]) -> list[Skipped]:
    return [item for item in items if isinstance(item, Skipped)]


def inventories(items: Iterable[Item]) -> list[Inventory]:
    return [item for item in items if isinstance(item, Inventory)]


# PDF: a minimal valid file with a Helvetica text layer, correct xref and trailer.


def _escape(line: str) -> bytes:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")


def text_stream(text: str) -> bytes:
    """A content stream that shows `text`, one line per `'` operator."""
    ops = b"BT /F1 12 Tf 72 720 Td 14 TL " + b" ".join(b"(" + _escape(line) + b") '" for line in text.split("\n"))
    return stream(ops + b" ET")


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


IMAGE_ONLY = stream(b"0.5 g 72 72 200 200 re f")
"""A page that only paints a grey box: what a scan without OCR looks like to a text extractor."""
BROKEN = stream(b"\x00\xff garbage that is no LZW data at all \xfe", b"/Filter /LZWDecode ")
"""A content stream pypdf raises on (PdfStreamError) when asked for its text."""


def build_pdf(pages: list[str | bytes], info: dict[str, str] | None = None) -> bytes:
    """A PDF whose pages show the given text (str) or use the given content stream object (bytes)."""
    objects: list[bytes] = [b"", b""]  # 1: catalog, 2: page tree, filled in below
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")  # 3
    kids = []
    for page in pages:
        objects.append(text_stream(page) if isinstance(page, str) else page)
        content = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                       b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content)
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    trailer = b""
    if info:
        objects.append(b"<< " + b" ".join(b"/%s (%s)" % (k.encode(), _escape(v)) for k, v in info.items()) + b" >>")
        trailer = b" /Info %d 0 R" % len(objects)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def encrypt_pdf(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password, owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# DOCX and ODT.


def build_docx(path: Path, *, title: str = "", created: datetime | None = None, heading: str = "",
               paragraphs: Iterable[str] = (), table: list[list[str]] | None = None) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    if created is not None:
        document.core_properties.created = created
    if heading:
        document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)


def build_odt(path: Path, body: str, meta: str | None = None,
              mimetype: bytes = b"application/vnd.oasis.opendocument.text") -> Path:
    """An ODF package as LibreOffice writes one: `mimetype` first and stored, then the XML parts."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content '
                                        f'{ODT_NS}><office:body><office:text>{body}</office:text></office:body>'
                                        f"</office:document-content>", compress_type=zipfile.ZIP_DEFLATED)
        if meta is not None:
            archive.writestr("meta.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {ODT_NS}>'
                                         f"<office:meta>{meta}</office:meta></office:document-meta>")
    return path
