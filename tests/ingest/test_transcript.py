"""Meeting windows: offsets in the header, chunk times at the moment in the meeting, speakers, limits."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import ClassVar

from ingest import Ingester
from ingest.chunking import header_for, split_record
from ingest.transcript import format_offset, split_transcript
from twin.models.embedder import HashEmbedder
from twin.plugins import Registry
from twin.schema import Record, Source
from twin.store import Store

START = datetime.fromisoformat("2026-03-12T10:00:00+01:00")


def meeting(lines: list[str], participants: tuple[str, ...] = (), duration: float | None = None,
            record_id: str = "audio:/m.wav") -> Record:
    metadata: dict[str, str | float] = {"date_from": "file name"}
    if duration is not None:
        metadata["duration"] = duration
    return Record(id=record_id, source="meetings", kind="meeting", timestamp=START, text="\n".join(lines),
                  title="Budget review", participants=participants, metadata=metadata,
                  end=START + timedelta(seconds=duration) if duration else None)


def test_format_offset() -> None:
    assert format_offset(0) == "00:00"
    assert format_offset(760.9) == "12:40"
    assert format_offset(3723) == "1:02:03"


def test_window_header_and_times_are_the_moment_in_the_meeting() -> None:
    record = meeting(["[12:40] Anna: The budget is cut to 32,000.", "[13:10] Maya: The study moves to May.",
                      "[14:05] Anna: Agreed."], ("Anna", "Maya"), duration=900)
    [chunk] = split_transcript(record)
    assert chunk.header == f"{header_for(record)} · at 12:40–15:00 into the recording"
    assert chunk.header.startswith("Budget review · meeting from meetings · Thursday 12 March 2026 10:00 · with Anna, Maya")
    assert chunk.start == START + timedelta(minutes=12, seconds=40)
    assert chunk.end == START + timedelta(minutes=15)
    assert chunk.text == record.text
    assert (chunk.id, chunk.record_id, chunk.seq, chunk.kind) == ("audio:/m.wav#0", "audio:/m.wav", 0, "meeting")


def test_windows_by_words_overlap_one_line() -> None:
    lines = [f"[{n:02d}:00] Anna: " + " ".join(["word"] * 38) for n in range(6)]  # 40 words a line
    chunks = split_transcript(meeting(lines, ("Anna",), duration=400), chunk_words=120)
    assert [c.text.count("\n") + 1 for c in chunks] == [3, 3, 2]
    assert [c.header.rsplit(" · ", 1)[1] for c in chunks] == [
        "at 00:00–03:00 into the recording",
        "at 02:00–05:00 into the recording",
        "at 04:00–06:40 into the recording",  # the last window ends with the recording
    ]
    assert chunks[1].text.split("\n")[0] == lines[2]  # the line before repeats
    assert all(len(c.text.split()) <= 120 for c in chunks)


def test_windows_by_time() -> None:
    lines = [f"[{n:02d}:00] Maya: short." for n in range(0, 10)]
    chunks = split_transcript(meeting(lines, ("Maya",)), chunk_words=120, max_seconds=180)
    spans = [(c.start - START, c.end - START) for c in chunks]
    assert spans[0] == (timedelta(0), timedelta(minutes=4))
    assert all(end - start <= timedelta(minutes=4) for start, end in spans)
    assert chunks[-1].end == START + timedelta(minutes=9)  # no duration known: the last line's start


def test_participants_are_who_speaks_in_the_window() -> None:
    lines = ["[00:00] Anna: " + "a " * 100, "[01:00] Priya: " + "b " * 100, "[02:00] Maya: " + "c " * 100]
    record = meeting(lines, ("Anna", "Priya", "Maya"))
    chunks = split_transcript(record, chunk_words=120, overlap_lines=0)
    assert [c.participants for c in chunks] == [("Anna",), ("Priya",), ("Maya",)]


def test_lines_without_a_known_speaker_fall_back_to_the_record() -> None:
    lines = ["[00:00] Note: the budget is cut.", "[00:05] and the study moves."]
    [chunk] = split_transcript(meeting(lines, ("Anna", "Maya")))
    assert chunk.participants == ("Anna", "Maya")
    [alone] = split_transcript(meeting(lines))
    assert alone.participants == ()


def test_a_long_turn_is_cut_and_keeps_stamp_and_speaker() -> None:
    long = "[03:20] Anna Schmidt: " + " ".join(f"w{n}" for n in range(250))
    chunks = split_transcript(meeting([long], ("Anna Schmidt",), duration=300), chunk_words=120)
    assert len(chunks) == 3
    assert all(c.text.startswith("[03:20] Anna Schmidt: ") for c in chunks)
    assert all(len(c.text.split()) <= 120 for c in chunks)
    assert " ".join(c.text.split(": ", 1)[1] for c in chunks).split() == [f"w{n}" for n in range(250)]
    assert {c.participants for c in chunks} == {("Anna Schmidt",)}


def test_an_hour_in() -> None:
    [chunk] = split_transcript(meeting(["[1:02:03] Anna: Late point."], ("Anna",), duration=3800))
    assert chunk.header.endswith("at 1:02:03–1:03:20 into the recording")
    assert chunk.start == START + timedelta(seconds=3723)


def test_speaker_lines_without_times() -> None:
    lines = ["Atlas planning", "Anna: Budget first.", "Maya: OK.", "Anna: 32,000 now."]
    [chunk] = split_transcript(meeting(lines, ("Anna", "Maya")))
    assert chunk.header == header_for(meeting(lines, ("Anna", "Maya")))  # no place in a recording to name
    assert chunk.start == START and chunk.text == "\n".join(lines)


def test_a_meeting_that_is_not_a_transcript_is_chunked_as_text() -> None:
    record = meeting(["Agenda for the planning call.", "", "Budget, study dates, recruiting."])
    assert split_transcript(record) == split_record(record)


class MeetingConnector:
    name: ClassVar[str] = "meetingtest"
    priority: ClassVar[int] = 100

    def can_read(self, path: Path) -> bool:
        return path.suffix == ".meeting"

    def read(self, source: Source, since: str | None) -> Iterator[Record]:
        yield meeting(["[00:10] Anna: The budget is cut to 32,000.", "[12:40] Maya: The study moves to May."],
                      ("Anna", "Maya"), duration=800, record_id="meetingtest:1")


def test_the_pipeline_chunks_meetings_by_their_timeline(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "x.meeting"
    path.write_text("x")
    registry = Registry(discover=False)
    registry.register(MeetingConnector)
    summary = Ingester(store, HashEmbedder(), registry).ingest([path])
    assert summary.added == 1
    [(chunk_id, _score)] = store.catalog.lexical("moves", 5)  # 12 minutes apart: two windows
    row = store.catalog.chunk_rows([chunk_id])[chunk_id]
    assert row.header.endswith("at 12:40–13:20 into the recording")
    assert row.start_ts == int((START + timedelta(minutes=12, seconds=40)).timestamp())
    assert row.participants == ("Maya",)
