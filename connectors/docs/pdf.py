"""PDF files: the text layer, one record per page, read with pypdf."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from pypdf import PdfReader
from pypdf.errors import DependencyError, PyPdfError

from connectors.docs.document import DocumentConnector, file_date, head, local
from twin.schema import Inventory, Item, Record, Skipped

__all__ = ["PdfConnector"]

logger = logging.getLogger(__name__)
_PYPDF = logging.getLogger("pypdf")
_WORD_PREFIX = re.compile(r"^Microsoft (?:Word|PowerPoint|Excel) - ", re.I)
_BLANK_LINES = re.compile(r"\n\s*\n(?:\s*\n)+")


@contextmanager
def _quiet() -> Iterator[None]:
    """pypdf logs a warning for every repair it makes to a sloppy file: keep only its errors.

    Held only while pypdf works, never across a yield, so the caller's logging is left as it was.
    """
    level = _PYPDF.level
    _PYPDF.setLevel(logging.ERROR)
    try:
        yield
    finally:
        _PYPDF.setLevel(level)


def _clean(text: str) -> str:
    lines = (line.rstrip() for line in text.replace("\x00", "").replace("\r\n", "\n").split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


class _Info:
    """The document information dictionary: title, author and creation date, each if readable."""

    def __init__(self, reader: PdfReader, path: Path) -> None:
        self.title = self.author = ""
        created: datetime | None = None
        try:
            with _quiet():
                meta = reader.metadata
                if meta is not None:
                    self.title = _WORD_PREFIX.sub("", str(meta.title or "")).strip()
                    self.author = str(meta.author or "").strip()
                    created = meta.creation_date
        except (PyPdfError, ValueError, KeyError, TypeError, OverflowError) as exc:  # fall back to the file
            logger.debug("unreadable PDF metadata in %s: %s", path, exc)
        self.title = self.title or path.stem
        self.dated = (local(created), "PDF metadata") if created is not None else file_date(path)


class PdfConnector(DocumentConnector):
    """PDFs by their `%PDF-` header; each page with text becomes a record opened at `file#page=n`."""

    name: ClassVar[str] = "pdf"

    def can_read(self, path: Path) -> bool:
        if not path.is_file():
            return False
        # A file named .pdf that is not one is still ours, so that its problem is reported by name.
        return b"%PDF-" in head(path) or path.suffix.lower() == ".pdf"

    def read_file(self, path: Path, source: str) -> Iterator[Item]:
        if b"%PDF-" not in head(path):
            yield Skipped(str(path), "not a PDF (no %PDF- header)")
            return
        with _quiet():
            opened = self._open(path)
        if isinstance(opened, Skipped):
            yield opened
        else:
            yield from self._pages(path, source, *opened)

    def _pages(self, path: Path, source: str, reader: PdfReader, total: int) -> Iterator[Item]:
        """A record per page with text, a Skipped per page that fails, then the pages there are."""
        resolved = path.resolve()
        info = _Info(reader, path)
        prefix = f"{self.name}:{resolved}/page/"
        listed: set[str] = set()
        for number in range(1, total + 1):
            text = self._page_text(reader, number, str(path))
            if isinstance(text, Skipped):
                listed.add(f"{prefix}{number}")  # the page is there, only unreadable this time
                yield text
            elif text:
                listed.add(f"{prefix}{number}")
                yield Record(
                    id=f"{prefix}{number}",
                    source=source,
                    kind="document",
                    timestamp=info.dated[0],
                    text=text,
                    title=f"{info.title} · p. {number}",
                    author=info.author,
                    location=f"{resolved}#page={number}",
                    metadata={"path": str(resolved), "page": number, "pages": total, "date_from": info.dated[1]},
                )
        if not listed:
            yield Skipped(str(path), "no text layer (image-only PDF?)")
        yield Inventory(prefix, frozenset(listed))

    def _open(self, path: Path) -> tuple[PdfReader, int] | Skipped:
        """The reader, decrypted with the empty password if need be, and its page count."""
        where = str(path)
        try:
            reader = PdfReader(path, strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                return Skipped(where, "encrypted PDF, no text readable without the password")
            return reader, len(reader.pages)
        except DependencyError as exc:
            return Skipped(where, f"encrypted PDF that needs a missing library: {exc}")
        except PyPdfError as exc:
            return Skipped(where, f"corrupt PDF: {exc}")
        except OSError as exc:
            return Skipped(where, f"cannot read: {exc.strerror or exc}")
        except Exception as exc:  # pypdf raises anything (KeyError, TypeError, ...) on a mangled file
            logger.debug("pypdf failed to open %s", path, exc_info=True)
            return Skipped(where, f"corrupt PDF: {type(exc).__name__}: {exc}")

    @staticmethod
    def _page_text(reader: PdfReader, number: int, where: str) -> str | Skipped:
        """The cleaned text of page `number` (1-based); a page pypdf chokes on is a Skipped naming it."""
        try:
            with _quiet():
                return _clean(reader.pages[number - 1].extract_text())
        except Exception as exc:  # one mangled page must not cost the others
            logger.debug("pypdf failed on page %d of %s", number, where, exc_info=True)
            why = f"cannot extract the text of page {number} ({type(exc).__name__}: {exc})"
            return Skipped(f"{where}#page={number}", why)
