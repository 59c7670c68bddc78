"""CSV and TSV tables read as rows with their header: one record per row, streamed."""

from __future__ import annotations

import codecs
import csv
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import chain, islice
from pathlib import Path
from typing import ClassVar

from connectors.dates import parse_date
from connectors.docs.document import DocumentConnector, file_date, head
from twin.schema import Inventory, Item, Record, Skipped

__all__ = ["CsvConnector", "sniff_delimiter"]

logger = logging.getLogger(__name__)

SUFFIXES = frozenset({".csv", ".tsv"})
SNIFF_SUFFIXES = frozenset({"", ".dat", ".tab", ".psv"})
"""Names a table may have without saying it is CSV; `.txt` stays a note (see connectors.files)."""
DELIMITERS = ",;\t|"
SAMPLE_BYTES = 1024 * 1024
"""The head that decides the encoding and the delimiter; the rest is streamed."""
SNIFF_ROWS = 50
MIN_SNIFF_ROWS = 3
"""A table recognised by content alone: a header and at least two rows of the same width."""
LOOKAHEAD = 20
"""Rows held back to find the date column before the first record is made."""
MAX_ROWS = 100_000
MAX_BAD_LINES = 100
_DATE_NAME = re.compile(
    r"date|datum|time|zeit|created|booked|buchung|valuta|wertstellung|posted|modified|updated|when|\bday\b|\btag\b",
    re.I)


def sample_encoding(sample: bytes, complete: bool) -> str:
    """UTF-8 (or BOM-marked UTF-16) if the head decodes so, else Windows-1252, else Latin-1.

    Bytes after the head that break the choice become U+FFFD instead of stopping the read.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if not complete and exc.start >= len(sample) - 3:
            return "utf-8"  # the head ends inside a character
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _head_text(sample: bytes, encoding: str, complete: bool) -> str:
    text = sample.decode(encoding, errors="replace")
    return text if complete else text[: text.rfind("\n") + 1]


def sniff_delimiter(text: str) -> tuple[str, float, int] | None:
    """The delimiter that splits the head into the widest consistent rows: (delimiter, share of rows
    as wide as the header, that width); None if no candidate gives at least two columns."""
    best: tuple[str, float, int] | None = None
    for delimiter in DELIMITERS:
        try:
            rows = [row for row in islice(csv.reader(io.StringIO(text), delimiter=delimiter), SNIFF_ROWS) if row]
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        share = sum(len(row) == width for row in rows[1:]) / (len(rows) - 1) if len(rows) > 1 else 1.0
        if best is None or (share >= 0.8, share, width) > (best[1] >= 0.8, best[1], best[2]):
            best = (delimiter, share, width)
    return best


def _is_text(data: bytes) -> bool:
    return data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" not in data


def _date_column(header: list[str], rows: list[list[str]]) -> int | None:
    """The column whose values are dates: one named like a date if most of its values parse, else
    any whose values nearly all parse."""
    def parses(index: int, share: float) -> bool:
        values = [row[index].strip() for row in rows if index < len(row) and row[index].strip()]
        return bool(values) and sum(parse_date(v) is not None for v in values) >= share * len(values)

    named = [i for i, name in enumerate(header) if _DATE_NAME.search(name)]
    for index in named:
        if parses(index, 0.5):
            return index
    return next((i for i in range(len(header)) if i not in named and parses(i, 0.8)), None)


def _row_text(header: list[str], row: list[str]) -> str:
    """`Header: value · ...`; empty cells left out, cells beyond the header named by position."""
    pairs = []
    for index, value in enumerate(row):
        value = " ".join(value.replace("\x00", "").split())
        if value:
            name = header[index] if index < len(header) else f"column {index + 1}"
            pairs.append(f"{name}: {value}")
    return " · ".join(pairs)


class CsvConnector(DocumentConnector):
    """Files named .csv/.tsv, or unnamed text that splits into consistent columns."""

    name: ClassVar[str] = "csv"
    max_bytes: ClassVar[int | None] = None

    def can_read(self, path: Path) -> bool:
        if not path.is_file():
            return False
        suffix = path.suffix.lower()
        if suffix in SUFFIXES:
            data = head(path)
            return _is_text(data) and not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
        if suffix not in SNIFF_SUFFIXES:
            return False
        sample = head(path, 64 * 1024)
        if not sample.strip() or not _is_text(sample) or sample.lstrip().startswith((b"<", b"{", b"[", b"#")):
            return False
        complete = len(sample) < 64 * 1024
        text = _head_text(sample, sample_encoding(sample, complete), complete)
        rows = [row for row in text.splitlines() if row.strip()]
        found = sniff_delimiter(text)
        return found is not None and found[1] == 1.0 and len(rows) >= MIN_SNIFF_ROWS

    def read_file(self, path: Path, source: str) -> Iterator[Item]:
        sample = head(path, SAMPLE_BYTES)
        complete = len(sample) < SAMPLE_BYTES
        encoding = sample_encoding(sample, complete)
        if encoding in ("cp1252", "latin-1"):
            logger.info("%s: not UTF-8, read as %s", path, encoding)
        if path.suffix.lower() == ".tsv":
            delimiter = "\t"
        else:
            found = sniff_delimiter(_head_text(sample, encoding, complete))
            delimiter = found[0] if found else ","
        try:
            with open(path, encoding=encoding, errors="replace", newline="") as handle:
                yield from self._table(path, source, csv.reader(handle, delimiter=delimiter), encoding)
        except OSError as exc:
            yield Skipped(str(path), f"cannot read: {exc.strerror or exc}")

    def _table(self, path: Path, source: str, reader: Iterator[list[str]], encoding: str) -> Iterator[Item]:
        where = str(path)
        rows = _lines(reader, where)
        header: list[str] | None = None
        for item in rows:
            if isinstance(item, Skipped):
                yield item
                continue
            header = [" ".join(cell.replace("\ufeff", "").split()) or f"column {i + 1}" for i, cell in enumerate(item)]
            break
        if header is None:
            yield Skipped(where, "no rows (blank file)")
            return
        ahead = list(islice(rows, LOOKAHEAD))
        found = [item for item in ahead if isinstance(item, list)]
        if not found:
            yield from (item for item in ahead if isinstance(item, Skipped))
            yield Skipped(where, "header only, no rows")
            return
        sheet = _Sheet(f"{self.name}:{path.resolve()}/row/", path.resolve(), path.stem, source, header,
                       _date_column(header, found), file_date(path), encoding)
        seen: set[str] = set()
        for item in chain(ahead, rows):
            if isinstance(item, Skipped):
                yield item
            elif len(seen) == MAX_ROWS:
                yield Skipped(where, f"only the first {MAX_ROWS:,} rows were read; the rest was not")
                break
            else:
                record = sheet.record(len(seen) + 1, item)
                seen.add(record.id)
                yield record
        yield Inventory(sheet.prefix, frozenset(seen))


@dataclass(frozen=True)
class _Sheet:
    """One table being read: what the record of each of its rows needs."""

    prefix: str
    resolved: Path
    stem: str
    source: str
    header: list[str]
    column: int | None
    """The date column, if there is one."""
    fallback: tuple[datetime, str]
    encoding: str

    def record(self, number: int, row: list[str]) -> Record:
        moment, date_from = self.fallback
        if self.column is not None and self.column < len(row) and (found := parse_date(row[self.column])):
            moment, date_from = found, f"column {self.header[self.column]}"
        return Record(
            id=f"{self.prefix}{number}",
            source=self.source,
            kind="row",
            timestamp=moment,
            text=_row_text(self.header, row),
            title=f"{self.stem} row {number}",
            location=str(self.resolved),
            metadata={"path": str(self.resolved), "row": number, "date_from": date_from, "encoding": self.encoding},
        )


def _lines(reader: Iterator[list[str]], where: str) -> Iterator[list[str] | Skipped]:
    """Non-blank rows; a line the csv module refuses is a Skipped, and reading goes on after it."""
    bad = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            bad += 1
            line = getattr(reader, "line_num", "?")
            yield Skipped(f"{where}#line={line}", f"bad CSV line: {exc}")
            if bad >= MAX_BAD_LINES:
                yield Skipped(where, f"{MAX_BAD_LINES} bad lines: the rest was not read")
                return
            continue
        if any(cell.strip() for cell in row):
            yield row
