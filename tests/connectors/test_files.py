"""FilesConnector on real files in tmp_path: dates, titles, decoding, bad files and folder walks."""

from __future__ import annotations

import inspect
import os
from datetime import datetime
from pathlib import Path

import pytest

from connectors.files import FilesConnector
from twin.errors import SourceError
from twin.schema import Record, Skipped, Source

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def read(path: Path, name: str = "notes") -> list[Record | Skipped]:
    return list(FilesConnector().read(Source(name, "files", path), None))


def read_one(path: Path) -> Record:
    items = read(path)
    assert len(items) == 1
    assert isinstance(items[0], Record), items[0]
    return items[0]


def skipped_one(path: Path) -> Skipped:
    items = read(path)
    assert len(items) == 1
    assert isinstance(items[0], Skipped), items[0]
    return items[0]


def local(*args: int) -> datetime:
    return datetime(*args).astimezone()  # type: ignore[misc]


def test_entry_point_name() -> None:
    assert FilesConnector.name == "files"


# Dates: front matter, then a leading date line or heading, then the file name, then mtime.


def test_date_from_front_matter_beats_heading_and_file_name(tmp_path: Path) -> None:
    note = write(
        tmp_path / "2023-04-02.md",
        "---\ndate: 2024-01-05\ntitle: Budget\n---\n# 3 March 2025\n\nThe budget is cut.\n",
    )
    record = read_one(note)
    assert record.timestamp == local(2024, 1, 5)
    assert record.metadata["date_from"] == "front matter"


def test_date_from_leading_heading_beats_file_name(tmp_path: Path) -> None:
    note = write(tmp_path / "2023-04-02.md", "# Thursday, 2 April 2026\n\nRan 7 km.\n")
    record = read_one(note)
    assert record.timestamp == local(2026, 4, 2)
    assert record.metadata["date_from"] == "heading"


def test_date_from_leading_plain_line(tmp_path: Path) -> None:
    note = write(tmp_path / "run.txt", "\n02.04.2026\n\nRan 7 km along the canal.\n")
    record = read_one(note)
    assert record.timestamp == local(2026, 4, 2)
    assert record.metadata["date_from"] == "heading"


def test_a_date_later_in_the_note_is_not_its_date(tmp_path: Path) -> None:
    note = write(tmp_path / "2023-04-02.md", "# Plans\n\n2 April 2026\n")
    record = read_one(note)
    assert record.timestamp == local(2023, 4, 2)
    assert record.metadata["date_from"] == "file name"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2023-04-02.md", (2023, 4, 2)),
        ("journal_20230402.txt", (2023, 4, 2)),
        ("meeting 2023_11_30 notes.md", (2023, 11, 30)),
    ],
)
def test_date_from_file_name(tmp_path: Path, name: str, expected: tuple[int, int, int]) -> None:
    note = write(tmp_path / name, "Nothing dated in here.\n")
    record = read_one(note)
    assert record.timestamp == local(*expected)
    assert record.metadata["date_from"] == "file name"


def test_date_from_modified_time(tmp_path: Path) -> None:
    note = write(tmp_path / "ideas.md", "Ideas without a date.\n")
    when = 1_600_000_000  # 2020-09-13
    os.utime(note, (when, when))
    record = read_one(note)
    assert record.timestamp == datetime.fromtimestamp(when).astimezone()
    assert record.timestamp.tzinfo is not None
    assert record.metadata["date_from"] == "modified time"


def test_invalid_front_matter_date_falls_through(tmp_path: Path) -> None:
    note = write(tmp_path / "2023-04-02.md", "---\ndate: someday\n---\nText.\n")
    record = read_one(note)
    assert record.timestamp == local(2023, 4, 2)
    assert record.metadata["date_from"] == "file name"


# Titles and text.


def test_title_from_front_matter(tmp_path: Path) -> None:
    note = write(tmp_path / "b.md", "---\ntitle: 'Budget: Q2'\n---\n# A heading\n\nText.\n")
    assert read_one(note).title == "Budget: Q2"


def test_title_from_first_heading_that_is_not_a_date(tmp_path: Path) -> None:
    note = write(tmp_path / "trip.md", "# 2 April 2026\n\n## Kyoto plans ##\n\n# Later heading\n")
    record = read_one(note)
    assert record.title == "Kyoto plans"
    assert record.metadata["date_from"] == "heading"


def test_title_falls_back_to_file_stem(tmp_path: Path) -> None:
    note = write(tmp_path / "shopping list.txt", "milk\neggs\n")
    assert read_one(note).title == "shopping list"


def test_front_matter_is_removed_from_text(tmp_path: Path) -> None:
    note = write(
        tmp_path / "b.md", "---\ndate: 2024-01-05\ntitle: Budget\nauthor: Anna\n---\nThe budget is cut.\n"
    )
    record = read_one(note)
    assert record.text == "The budget is cut."
    assert record.author == "Anna"


def test_crlf_becomes_lf(tmp_path: Path) -> None:
    note = write(tmp_path / "w.txt", b"# Title\r\n\r\nline one\r\nline two\r\n")
    record = read_one(note)
    assert record.text == "# Title\n\nline one\nline two"
    assert record.title == "Title"


def test_id_and_location_are_the_resolved_path(tmp_path: Path) -> None:
    note = write(tmp_path / "note.md", "Text.\n")
    (tmp_path / "sub").mkdir()
    roundabout = tmp_path / "sub" / ".." / "note.md"
    record = read_one(roundabout)
    resolved = note.resolve()
    assert record.id == f"files:{resolved}"
    assert record.location == str(resolved)
    assert record.source == "notes"
    assert record.kind == "note"


def test_reading_twice_gives_the_same_record(tmp_path: Path) -> None:
    note = write(tmp_path / "2023-04-02.md", "Text.\n")
    first, second = read_one(note), read_one(note)
    assert first.id == second.id
    assert first.content_hash == second.content_hash


# Encodings.


def test_utf8_with_bom(tmp_path: Path) -> None:
    note = write(tmp_path / "bom.md", b"\xef\xbb\xbf---\ntitle: Caf\xc3\xa9\n---\nBody \xe2\x82\xac.\n")
    record = read_one(note)
    assert record.title == "Café"
    assert record.text == "Body €."


@pytest.mark.parametrize(("bom", "codec"), [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_utf16_with_bom(tmp_path: Path, bom: bytes, codec: str) -> None:
    note = write(tmp_path / "wide.txt", bom + "# Grüße\r\n\r\n2 April 2026 in Köln.\r\n".encode(codec))
    record = read_one(note)
    assert record.title == "Grüße"
    assert record.text == "# Grüße\n\n2 April 2026 in Köln."
    assert "\x00" not in record.text


# Bad files: exactly one Skipped each, with a specific reason.


def test_not_utf8_names_byte_and_offset(tmp_path: Path) -> None:
    note = write(tmp_path / "latin.md", b"note\x92s from the meeting\n")
    skipped = skipped_one(note)
    assert skipped.where == str(note)
    assert skipped.why == "not UTF-8 (byte 0x92 at 4)"
    assert str(skipped) == f"skipped {note}: not UTF-8 (byte 0x92 at 4)"


def test_not_utf8_offset_is_the_byte_position(tmp_path: Path) -> None:
    body = "é" * 100  # 200 bytes of valid UTF-8 first
    note = write(tmp_path / "late.txt", body.encode("utf-8") + b"\xe9t\xe9\n")
    assert skipped_one(note).why == "not UTF-8 (byte 0xe9 at 200)"


@pytest.mark.parametrize(
    "content", [b"", b"   \n\t\n  \r\n", b"---\ntitle: Only front matter\n---\n\n"], ids=["empty", "blank", "front-matter-only"]
)
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    note = write(tmp_path / "empty.md", content)
    skipped = skipped_one(note)
    assert skipped.where == str(note)
    assert skipped.why == "empty file"


def test_binary_file_with_nul_bytes_given_directly(tmp_path: Path) -> None:
    blob = write(tmp_path / "blob", b"abc\x00\x00\x00def\x00")
    skipped = skipped_one(blob)
    assert skipped.where == str(blob)
    assert "NUL" in skipped.why


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file(tmp_path: Path) -> None:
    note = write(tmp_path / "secret.md", "Private.\n")
    note.chmod(0)
    try:
        skipped = skipped_one(note)
    finally:
        note.chmod(0o644)
    assert skipped.where == str(note)
    assert skipped.why.startswith("cannot read")
    assert "ermission" in skipped.why


def test_bad_files_in_a_folder_each_give_one_skip_and_reading_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    write(folder / "a-good.md", "First good note.\n")
    write(folder / "b-latin.md", b"caf\xe9\n")
    write(folder / "c-empty.md", b"")
    write(folder / "d-blank.txt", b"  \n\n")
    write(folder / "e-nul.txt", b"x\x00y")
    write(folder / "f-good.md", "Second good note.\n")
    items = read(folder)
    assert [type(item).__name__ for item in items] == [
        "Record", "Skipped", "Skipped", "Skipped", "Skipped", "Record",
    ]
    whys = {Path(item.where).name: item.why for item in items if isinstance(item, Skipped)}
    assert whys["b-latin.md"] == "not UTF-8 (byte 0xe9 at 3)"
    assert whys["c-empty.md"] == "empty file"
    assert whys["d-blank.txt"] == "empty file"
    assert "NUL" in whys["e-nul.txt"]
    texts = [item.text for item in items if isinstance(item, Record)]
    assert texts == ["First good note.", "Second good note."]


def test_an_unparseable_extreme_date_does_not_stop_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    write(folder / "a.md", "---\ndate: 0001-01-01\n---\nTemplate placeholder date.\n")
    write(folder / "b.md", "Good note.\n")
    items = read(folder)
    assert len(items) == 2
    assert isinstance(items[1], Record) and items[1].text == "Good note."


def test_missing_path_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file or folder"):
        read(tmp_path / "nope")


def test_source_without_path_is_a_source_error() -> None:
    with pytest.raises(SourceError, match="no path"):
        list(FilesConnector().read(Source("notes", "files", None), None))


# Folders.


def test_folder_skips_hidden_and_non_text(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    write(folder / "visible.md", "Visible.\n")
    write(folder / "README", "Plain text without a suffix.\n")
    write(folder / ".hidden.md", "Hidden file.\n")
    write(folder / ".obsidian" / "workspace.md", "Hidden folder.\n")
    write(folder / ".git" / "notes" / "x.txt", "Hidden nested.\n")
    write(folder / "picture.png", PNG_HEADER)
    write(folder / "data.bin", b"\x00\x01\x02\x03")
    write(folder / "node_modules" / "pkg" / "README.md", "Dependency docs.\n")
    items = read(folder)
    assert all(isinstance(item, Record) for item in items)
    assert sorted(Path(item.location).name for item in items) == ["README", "visible.md"]  # type: ignore[union-attr]


def test_nested_folders_are_walked_in_sorted_order(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    for rel in ["b/2.md", "b/1.md", "a/z.md", "a/sub/x.md", "a/a.md", "c.md", "0/y.md"]:
        write(folder / rel, f"{rel}\n")
    items = read(folder)
    order = [item.text for item in items if isinstance(item, Record)]
    # Each folder's files in name order, then its subfolders in name order.
    assert order == ["c.md", "0/y.md", "a/a.md", "a/z.md", "a/sub/x.md", "b/1.md", "b/2.md"]


def test_ten_thousand_files_stream(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    count = 10_000
    for i in range(count):
        (folder / f"n{i:05d}.md").write_bytes(b"note %d\n" % i)
    items = FilesConnector().read(Source("many", "files", folder), None)
    assert inspect.isgenerator(items)
    first = next(items)
    assert isinstance(first, Record) and first.text == "note 0"
    # Records are made as they are taken: a file changed now shows up changed.
    (folder / f"n{count - 1:05d}.md").write_bytes(b"changed after the first record\n")
    rest = list(items)
    assert len(rest) == count - 1
    assert all(isinstance(item, Record) for item in rest)
    assert rest[-1].text == "changed after the first record"  # type: ignore[union-attr]
    assert len({item.id for item in rest} | {first.id}) == count  # type: ignore[union-attr]


# can_read.


def test_can_read(tmp_path: Path) -> None:
    connector = FilesConnector()
    assert connector.can_read(write(tmp_path / "a.md", "# Note\n"))
    assert connector.can_read(write(tmp_path / "b.txt", "Note\n"))
    assert connector.can_read(write(tmp_path / "NOTES", "Plain UTF-8 text, no suffix: café.\n"))
    assert not connector.can_read(tmp_path)
    assert not connector.can_read(write(tmp_path / "dir.md" / "x.md", "x\n").parent)
    assert not connector.can_read(write(tmp_path / "image.png", PNG_HEADER))
    assert not connector.can_read(write(tmp_path / "blob", b"abc\x00def"))
    assert not connector.can_read(write(tmp_path / "latin", b"caf\xe9 au lait\n"))
    assert not connector.can_read(tmp_path / "missing.md")


def test_can_read_allows_a_multibyte_character_cut_at_the_sniff_limit(tmp_path: Path) -> None:
    # 4095 ASCII bytes then a 3-byte euro sign: the 4 KiB sniff ends inside it.
    path = write(tmp_path / "long", ("x" * 4095 + "€ and more\n").encode("utf-8"))
    assert FilesConnector().can_read(path)
