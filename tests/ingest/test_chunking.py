"""split_record and header_for: chunks keep every word, stay bounded, overlap, and carry the record's context."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.chunking import header_for, split_record
from twin.schema import Chunk, Record

CEST = timezone(timedelta(hours=2))


def make_record(text: str, **fields: object) -> Record:
    values: dict[str, object] = {
        "id": "files:/notes/kyoto.md",
        "source": "notes",
        "kind": "note",
        "timestamp": datetime(2026, 4, 2, 9, 30, tzinfo=CEST),
        "text": text,
        "title": "Kyoto plans",
    }
    values.update(fields)
    return Record(**values)  # type: ignore[arg-type]


def sentences(count: int, words: int = 6) -> str:
    """Sentences with words unique across the text, so that positions can be checked exactly."""
    return " ".join(
        " ".join([f"S{i}w0", *(f"s{i}w{j}" for j in range(1, words - 1)), f"s{i}w{words - 1}."])
        for i in range(count)
    )


def assert_covers(text: str, chunks: list[Chunk]) -> None:
    """Each chunk is a run of the text's words, starting no later than the previous one ended,
    the first at the start and the last at the end: together they hold every word in order."""
    words = text.split()
    if not words:
        assert chunks == []
        return
    ends = {0}  # where the chunks so far may have ended; ambiguous when words repeat
    for chunk in chunks:
        part = chunk.text.split()
        assert part, f"chunk {chunk.id} has no words"
        reach = max(ends)
        ends = {
            start + len(part)
            for start in range(reach + 1)
            if words[start:start + len(part)] == part and any(start <= end < start + len(part) for end in ends)
        }
        assert ends, f"chunk {chunk.id} is not a continuation of the text"
    assert len(words) in ends


def units_of(chunk: Chunk) -> list[str]:
    return chunk.text.split("\n\n")


def assert_bounded(chunks: list[Chunk], chunk_words: int) -> None:
    """No unit is over the limit, and a chunk goes over it only by its last unit."""
    for chunk in chunks:
        units = units_of(chunk)
        assert all(len(unit.split()) <= chunk_words for unit in units), chunk.id
        assert sum(len(unit.split()) for unit in units[:-1]) <= chunk_words, chunk.id


def test_every_word_and_sentence_is_kept() -> None:
    text = sentences(60)
    record = make_record(text)
    chunks = split_record(record, chunk_words=30, overlap_words=10)
    assert len(chunks) > 1
    assert_covers(text, chunks)
    for i in range(60):
        sentence = " ".join([f"S{i}w0", *(f"s{i}w{j}" for j in range(1, 6))]) + "."
        assert any(sentence in chunk.text for chunk in chunks), sentence


def test_paragraphs_and_list_items_are_kept() -> None:
    text = (
        "# Trip\n\nWe booked a ryokan in Kyoto. The JR pass cost 50,000 yen!\n\n"
        "- pack the rail pass\n- buy yen\n- book the Nara day trip\n\n"
        + "Long paragraph sentence number one is here. " * 30
    )
    chunks = split_record(make_record(text), chunk_words=25, overlap_words=5)
    assert_covers(text, chunks)
    assert_bounded(chunks, 25)


@pytest.mark.parametrize(("chunk_words", "overlap_words"), [(30, 10), (50, 0), (120, 20), (12, 6)])
def test_chunks_are_bounded(chunk_words: int, overlap_words: int) -> None:
    text = "\n\n".join(sentences(n, words=w) for n, w in [(5, 6), (1, 40), (8, 9), (3, 3), (2, 150)])
    chunks = split_record(make_record(text), chunk_words, overlap_words)
    assert_covers(text, chunks)
    assert_bounded(chunks, chunk_words)
    assert all(len(chunk.text.split()) <= chunk_words + overlap_words for chunk in chunks)


def shared_edge(a: Chunk, b: Chunk) -> int:
    """How many words end `a` and also start `b`."""
    left, right = a.text.split(), b.text.split()
    return max((k for k in range(1, min(len(left), len(right)) + 1) if left[-k:] == right[:k]), default=0)


def test_consecutive_chunks_overlap() -> None:
    chunks = split_record(make_record(sentences(60)), chunk_words=30, overlap_words=10)
    assert len(chunks) > 2
    for a, b in itertools.pairwise(chunks):
        assert 0 < shared_edge(a, b) <= 10, (a.id, b.id)


def test_no_overlap_when_overlap_is_zero() -> None:
    text = sentences(60)
    chunks = split_record(make_record(text), chunk_words=30, overlap_words=0)
    assert all(shared_edge(a, b) == 0 for a, b in itertools.pairwise(chunks))
    assert [w for chunk in chunks for w in chunk.text.split()] == text.split()


@pytest.mark.parametrize(
    "text", [sentences(30, words=10), " ".join(f"w{i}" for i in range(1000))], ids=["long-sentences", "no-punctuation"]
)
def test_consecutive_chunks_overlap_with_long_units(text: str) -> None:
    chunks = split_record(make_record(text), chunk_words=30, overlap_words=5)
    assert len(chunks) > 2
    assert all(shared_edge(a, b) > 0 for a, b in itertools.pairwise(chunks))


def test_chunk_ids_and_sequence() -> None:
    record = make_record(sentences(40))
    chunks = split_record(record, chunk_words=30, overlap_words=10)
    assert [chunk.seq for chunk in chunks] == list(range(len(chunks)))
    assert [chunk.id for chunk in chunks] == [f"files:/notes/kyoto.md#{i}" for i in range(len(chunks))]
    assert {chunk.record_id for chunk in chunks} == {record.id}


def test_chunks_carry_the_records_context() -> None:
    start = datetime(2026, 4, 2, 9, 30, tzinfo=CEST)
    end = start + timedelta(hours=1)
    record = make_record(
        sentences(40), source="mail", kind="email", end=end, author="Anna", participants=("Ben", "Anna", "Cho")
    )
    chunks = split_record(record, chunk_words=30, overlap_words=10)
    assert len(chunks) > 1
    for chunk in chunks:
        assert (chunk.start, chunk.end) == (start, end)
        assert (chunk.source, chunk.kind) == ("mail", "email")
        assert chunk.participants == ("Anna", "Ben", "Cho")
        assert chunk.header == header_for(record)
        assert chunk.embed_text == f"{header_for(record)}\n{chunk.text}"


def test_chunk_of_an_instant_ends_when_it_starts() -> None:
    record = make_record("One short note.")
    [chunk] = split_record(record)
    assert chunk.start == chunk.end == record.timestamp
    assert chunk.text == "One short note."
    assert chunk.participants == ()


def test_header_names_title_kind_source_date_and_people() -> None:
    record = make_record("x", author="Anna", participants=("Ben", "Anna"))
    assert header_for(record) == "Kyoto plans · note from notes · Thursday 2 April 2026 09:30 · with Anna, Ben"


def test_header_without_title_people_or_time() -> None:
    record = make_record("x", title="", timestamp=datetime(2026, 3, 14, tzinfo=CEST), kind="message", source="chat")
    assert header_for(record) == "message from chat · Saturday 14 March 2026"


def test_header_leaves_out_a_time_that_is_only_the_files_mtime() -> None:
    record = make_record("x", metadata={"date_from": "modified time"})
    assert header_for(record) == "Kyoto plans · note from notes · Thursday 2 April 2026"


def test_header_uses_the_records_own_offset() -> None:
    late = datetime(2026, 4, 2, 23, 30, tzinfo=timezone(timedelta(hours=-7)))  # already Friday in UTC
    assert "Thursday 2 April 2026 23:30" in header_for(make_record("x", timestamp=late))


def test_twenty_thousand_words_without_punctuation_are_cut() -> None:
    text = " ".join(f"w{i}" for i in range(20_000))
    chunks = split_record(make_record(text), chunk_words=120, overlap_words=20)
    assert len(chunks) >= 20_000 // 140
    assert max(len(chunk.text.split()) for chunk in chunks) <= 140
    assert_bounded(chunks, 120)
    words = [w for chunk in chunks for w in chunk.text.split()]
    assert set(words) == set(text.split())
    assert words[0] == "w0" and words[-1] == "w19999"


@pytest.mark.parametrize("text", ["", "   ", "\n\n\n", " \t\n \n\r\n ", "\u00a0\u2003\n\n"])
def test_empty_ish_record_gives_no_chunks(text: str) -> None:
    assert split_record(make_record(text)) == []


def test_blank_paragraphs_make_no_empty_chunks() -> None:
    text = "first\n\n\n\n   \n\t\n\nsecond\n\n \n"
    chunks = split_record(make_record(text), chunk_words=1, overlap_words=0)
    assert [chunk.text for chunk in chunks] == ["first", "second"]


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab .!?\n\t-#*1A")) | st.characters(), max_size=400),
    chunk_words=st.integers(1, 40),
    overlap_words=st.integers(0, 40),
)
def test_random_text_is_covered(text: str, chunk_words: int, overlap_words: int) -> None:
    chunks = split_record(make_record(text), chunk_words, overlap_words)
    assert all(chunk.text.strip() for chunk in chunks)
    assert_covers(text, chunks)
