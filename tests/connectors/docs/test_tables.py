"""CsvConnector: rows with their header, date columns, encodings, ragged and bad files, the row cap."""

from __future__ import annotations

import inspect
import os
from datetime import datetime
from pathlib import Path

import pytest

from connectors.docs import CsvConnector
from twin.schema import Inventory, Skipped, Source

from .conftest import inventories, local, read, records, skips, write

CSV = CsvConnector()


def test_rows_with_their_header_and_a_date_column(tmp_path: Path) -> None:
    path = write(tmp_path / "books.csv", "Title,Shop,Date,EUR\nBraiding Sweetgrass,Kiezbuch,2026-02-07,18\n"
                                         "Kitchen,Kiezbuch,2026-03-28,14\n")
    items = read(CSV, path)
    rows = records(items)
    resolved = path.resolve()
    assert [r.text for r in rows] == [
        "Title: Braiding Sweetgrass · Shop: Kiezbuch · Date: 2026-02-07 · EUR: 18",
        "Title: Kitchen · Shop: Kiezbuch · Date: 2026-03-28 · EUR: 14",
    ]
    assert [r.timestamp for r in rows] == [local(2026, 2, 7), local(2026, 3, 28)]
    assert rows[0].id == f"csv:{resolved}/row/1"
    assert rows[1].title == "books row 2"
    assert rows[0].kind == "row"
    assert rows[0].metadata == {"path": str(resolved), "row": 1, "date_from": "column Date", "encoding": "utf-8"}
    assert inventories(items) == [Inventory(f"csv:{resolved}/row/", frozenset(r.id for r in rows))]


def test_semicolons_german_dates_and_a_date_column_found_by_its_values(tmp_path: Path) -> None:
    path = write(tmp_path / "konto.csv", "Empfänger;Wann genau;Betrag\nKowalski;01.04.2026;860,00\n"
                                         "Studio Tonhaus;27.05.2026;320,00\n")
    rows = records(read(CSV, path))
    assert rows[0].text == "Empfänger: Kowalski · Wann genau: 01.04.2026 · Betrag: 860,00"
    assert [r.timestamp for r in rows] == [local(2026, 4, 1), local(2026, 5, 27)]
    assert rows[1].metadata["date_from"] == "column Wann genau"


def test_without_a_date_column_rows_get_the_file_date(tmp_path: Path) -> None:
    path = write(tmp_path / "people.tsv", "Name\tCity\nLena\tLeipzig\nTom\tHamburg\n")
    os.utime(path, (1_600_000_000, 1_600_000_000))
    rows = records(read(CSV, path))
    assert rows[1].text == "Name: Tom · City: Hamburg"
    assert rows[1].timestamp == datetime.fromtimestamp(1_600_000_000).astimezone()
    assert rows[1].metadata["date_from"] == "modified time"


def test_a_row_whose_date_does_not_parse_falls_back(tmp_path: Path) -> None:
    path = write(tmp_path / "2026-01-01 log.csv", "date,what\n2026-03-01,run\nsoon,plan\n2026-03-03,run\n")
    rows = records(read(CSV, path))
    assert [r.metadata["date_from"] for r in rows] == ["column date", "file name", "column date"]
    assert rows[1].timestamp == local(2026, 1, 1)


def test_ragged_rows_are_padded_and_extra_cells_kept_by_position(tmp_path: Path) -> None:
    path = write(tmp_path / "ragged.csv", 'a,b,c\n1\n1,2,3,4,5\n"x, quoted",,\n\n,,\n7,8,9\n')
    rows = records(read(CSV, path))
    assert [r.text for r in rows] == ["a: 1", "a: 1 · b: 2 · c: 3 · column 4: 4 · column 5: 5", "a: x, quoted",
                                      "a: 7 · b: 8 · c: 9"]
    assert [r.metadata["row"] for r in rows] == [1, 2, 3, 4]  # blank and empty rows are not rows


def test_latin1_is_read_with_a_note(tmp_path: Path) -> None:
    path = write(tmp_path / "alt.csv", "Straße;Größe\nWiener Straße;groß\n", encoding="latin-1")
    [row] = records(read(CSV, path))
    assert row.text == "Straße: Wiener Straße · Größe: groß"
    assert row.metadata["encoding"] == "cp1252"


def test_excel_exports_utf8_bom_and_utf16(tmp_path: Path) -> None:
    bom = write(tmp_path / "bom.csv", "\ufeffName,Ort\nMaya,Berlin\n", encoding="utf-8")
    assert records(read(CSV, bom))[0].text == "Name: Maya · Ort: Berlin"
    wide = write(tmp_path / "wide.csv", "\ufeffName\tOrt\r\nMaya\tKreuzberg\r\n", encoding="utf-16-le")
    assert records(read(CSV, wide))[0].text == "Name: Maya · Ort: Kreuzberg"


@pytest.mark.parametrize(
    ("content", "why"),
    [(b"", "empty file"), (b"Date,Amount\n", "header only, no rows"), (b"\n \n\n", "no rows (blank file)")],
    ids=["zero-bytes", "header-only", "blank"],
)
def test_files_without_rows_are_one_skip(tmp_path: Path, content: bytes, why: str) -> None:
    path = write(tmp_path / "t.csv", content)
    assert read(CSV, path) == [Skipped(str(path), why)]


def test_a_bad_line_is_one_skip_and_reading_goes_on(tmp_path: Path) -> None:
    huge = "x" * 200_000  # over the csv module's field limit
    path = write(tmp_path / "big.csv", f'a,b\n1,2\n"{huge}",3\n4,5\n')
    items = read(CSV, path)
    assert [r.text for r in records(items)] == ["a: 1 · b: 2", "a: 4 · b: 5"]
    [skipped] = skips(items)
    assert skipped.where == f"{path}#line=3"
    assert "field larger than field limit" in skipped.why


def test_rows_stream_and_stop_at_the_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("connectors.docs.tables.MAX_ROWS", 1000)
    path = tmp_path / "many.csv"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("n,when\n")
        for n in range(5000):
            handle.write(f"{n},2026-01-01\n")
    items = CSV.read(Source("t", "csv", path), None)
    lazy = inspect.isgenerator(items)
    assert lazy
    assert next(items).text == "n: 0 · when: 2026-01-01"  # type: ignore[union-attr]
    rest = list(items)
    assert len(records(rest)) == 999
    assert skips(rest) == [Skipped(str(path), "only the first 1,000 rows were read; the rest was not")]
    assert len(inventories(rest)[0].ids) == 1000


def test_can_read(tmp_path: Path) -> None:
    assert CSV.can_read(write(tmp_path / "a.csv", "x,y\n1,2\n"))
    assert CSV.can_read(write(tmp_path / "one-column.csv", "name\nMaya\n"))
    assert CSV.can_read(write(tmp_path / "UPPER.CSV", "x;y\n1;2\n"))
    assert CSV.can_read(write(tmp_path / "export", "date|amount|to\n2026-04-01|860|Kowalski\n2026-05-01|980|K\n"))
    assert not CSV.can_read(write(tmp_path / "prose", "Hello, world\nThis is prose.\nReally, it is, yes.\n"))
    assert not CSV.can_read(write(tmp_path / "list.txt", "a,b\n1,2\n3,4\n"))  # .txt is a note
    assert not CSV.can_read(write(tmp_path / "page.csv", "<!DOCTYPE html><html>404</html>"))
    assert not CSV.can_read(write(tmp_path / "blob.csv", b"PK\x03\x04\x00\x00"))
    assert not CSV.can_read(tmp_path)
