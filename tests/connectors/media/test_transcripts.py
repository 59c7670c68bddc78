"""TranscriptConnector on real files: SRT, Zoom and Teams VTT, `Speaker: text` notes, and what exports get wrong."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from connectors.files import FilesConnector
from connectors.media import AudioConnector, TranscriptConnector
from connectors.media.transcripts import RECORDED_NOTE
from twin.plugins import Registry
from twin.schema import Record, Skipped, Source

REPO = Path(__file__).resolve().parents[3]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def read(path: Path) -> list[Record | Skipped]:
    return list(TranscriptConnector().read(Source("meetings", "transcript", path), None))


def read_one(path: Path) -> Record:
    items = read(path)
    assert len(items) == 1 and isinstance(items[0], Record), items
    return items[0]


def skipped_one(path: Path) -> Skipped:
    items = read(path)
    assert len(items) == 1 and isinstance(items[0], Skipped), items
    return items[0]


def registry() -> Registry:
    found = Registry(discover=False)
    for cls in (TranscriptConnector, AudioConnector, FilesConnector):
        found.register(cls)
    return found


# SubRip: numbering, order, spacing and encoding as real files get them wrong.

BROKEN_SRT = (
    "\ufeff1\r\n00:00:01,000 --> 00:00:04,000\r\nGood morning, everyone.\r\n\r\n"
    "7\r\n00:01:10,500 --> 00:01:15,000\r\n<i>The study moves to May.</i>\r\n"  # no blank line after it
    "3\r\n00:00:05,000 --> 00:00:09,000\r\nThe budget is cut\r\nfrom 40,000 to 32,000 EUR.\r\n\r\n"
    "\r\n00:00:08,000 --> 00:00:12,500\r\nOverlapping cue, no number at all.\r\n\r\n"
    "x\r\n00:00:20,000 --> 00:00:21,000\r\n\r\n"  # a cue with no text
)


def test_srt_with_broken_numbering_unsorted_overlapping_times(tmp_path: Path) -> None:
    record = read_one(write(tmp_path / "2026-03-12 10.00 Budget.srt", BROKEN_SRT.encode("utf-8")))
    assert record.text == (
        "[00:01] Good morning, everyone.\n"
        "[00:05] The budget is cut from 40,000 to 32,000 EUR.\n"
        "[00:08] Overlapping cue, no number at all.\n"
        "[01:10] The study moves to May."
    )
    assert record.kind == "meeting"
    assert record.participants == ()
    assert record.metadata["duration"] == 75.0
    assert record.metadata["format"] == "srt"
    assert record.timestamp == datetime(2026, 3, 12, 10, 0).astimezone()
    assert record.end == record.timestamp + timedelta(seconds=75)
    assert record.title == "Budget"


def test_srt_is_detected_without_its_suffix(tmp_path: Path) -> None:
    path = write(tmp_path / "captions.txt", BROKEN_SRT)
    assert TranscriptConnector().can_read(path)
    assert registry().detect(path).name == "transcript"  # type: ignore[union-attr]


# WebVTT from Zoom (`Name: text` payloads) and Teams (`<v Name>` voice tags).

ZOOM_VTT = """WEBVTT

1
00:00:02.140 --> 00:00:06.880
Anna Schmidt: Good morning. The Q2 research budget is cut to 32,000 EUR.

2
00:00:07.300 --> 00:00:10.020
Maya Berg: That hurts. Can the study move to May?

3
00:00:10.500 --> 00:00:12.000
Anna Schmidt: Yes, it has to.

4
00:12:40.000 --> 00:12:44.500
Maya Berg: Then 19 to 21 May.
"""

TEAMS_VTT = """WEBVTT
Kind: captions
Language: en-US

NOTE
This transcript was generated automatically.

3f2a1c5e-8d7b-4e21-9c3a-1b2c3d4e5f60/12-0
00:00:01.000 --> 00:00:03.000
<v Anna Schmidt>Finance cut every discretionary budget</v>

3f2a1c5e-8d7b-4e21-9c3a-1b2c3d4e5f60/12-1
00:00:03.200 --> 00:00:05.000
<v Anna Schmidt>by 20 percent.</v>

3f2a1c5e-8d7b-4e21-9c3a-1b2c3d4e5f60/13-0
00:00:06.000 --> 00:00:08.500
<v Maya Berg>OK. I&apos;m away 2 to 16 May &amp; back on the 19th.</v>
3f2a1c5e-8d7b-4e21-9c3a-1b2c3d4e5f60/14-0
00:01:02.000 --> 00:01:04.000 align:start position:10%
<v.loud Priya Nair>I can run recruiting.</v>
"""


def test_zoom_vtt(tmp_path: Path) -> None:
    record = read_one(write(tmp_path / "GMT20260312-090000_Recording.transcript.vtt", ZOOM_VTT))
    assert record.text == (
        "[00:02] Anna Schmidt: Good morning. The Q2 research budget is cut to 32,000 EUR.\n"
        "[00:07] Maya Berg: That hurts. Can the study move to May?\n"
        "[00:10] Anna Schmidt: Yes, it has to.\n"
        "[12:40] Maya Berg: Then 19 to 21 May."
    )
    assert record.participants == ("Anna Schmidt", "Maya Berg")
    assert record.metadata["duration"] == 764.5
    assert record.metadata["format"] == "vtt"
    assert record.title == "Recording"
    assert record.timestamp.utcoffset() is not None
    assert record.timestamp == datetime.fromisoformat("2026-03-12T09:00:00+00:00")


def test_teams_vtt_voices_ids_note_and_joined_turns(tmp_path: Path) -> None:
    record = read_one(write(tmp_path / "Atlas planning.vtt", TEAMS_VTT))
    assert record.text == (
        "[00:01] Anna Schmidt: Finance cut every discretionary budget by 20 percent.\n"
        "[00:06] Maya Berg: OK. I'm away 2 to 16 May & back on the 19th.\n"
        "[01:02] Priya Nair: I can run recruiting."
    )
    assert record.participants == ("Anna Schmidt", "Maya Berg", "Priya Nair")
    assert "generated automatically" not in record.text


def test_vtt_timestamps_without_hours(tmp_path: Path) -> None:
    record = read_one(write(tmp_path / "short.vtt", "WEBVTT\n\n00:01.000 --> 00:04.000\n- Anna: Hello.\n- Maya: Hi!\n"))
    assert record.text == "[00:01] Anna: Hello.\n[00:01] Maya: Hi!"


def test_the_demo_zoom_transcript() -> None:
    record = read_one(REPO / "data" / "meetings" / "2026-05-22 Study debrief.transcript.vtt")
    assert record.participants == ("Priya Nair", "Anna Schmidt", "Maya Berg")
    assert record.title == "Study debrief"
    assert record.timestamp == datetime(2026, 5, 22).astimezone()
    assert "3 June" in record.text and "600 euros under" in record.text


# Plain text: `Speaker: text` lines, by content.

SPEAKER_TXT = """Atlas Q2 research planning
Date: 12 March 2026

[00:00:05] Anna Schmidt: Thanks for joining. Finance cut the discretionary budgets.
[00:00:12] Anna Schmidt: Our Q2 research budget goes from 40,000 to 32,000 EUR.
[00:00:20] Maya: That hurts, but 12 participants instead of 16 can work.
It keeps the quality, too.
[00:01:02] Priya Nair: I'll ask Panelwerk for a quote.
[00:01:30] Anna Schmidt: And the usability study must move to May.
[00:01:41] Maya: I'm back on 16 May, so 19 to 21 May.
"""


def test_speaker_text_with_stamps_and_a_date_line(tmp_path: Path) -> None:
    path = write(tmp_path / "planning.txt", SPEAKER_TXT)
    assert TranscriptConnector().can_read(path)
    assert registry().detect(path).name == "transcript"  # type: ignore[union-attr]  # before the notes reader
    record = read_one(path)
    assert record.text.split("\n") == [
        "Atlas Q2 research planning",
        "Date: 12 March 2026",
        "[00:05] Anna Schmidt: Thanks for joining. Finance cut the discretionary budgets.",
        "[00:12] Anna Schmidt: Our Q2 research budget goes from 40,000 to 32,000 EUR.",
        "[00:20] Maya: That hurts, but 12 participants instead of 16 can work. It keeps the quality, too.",
        "[01:02] Priya Nair: I'll ask Panelwerk for a quote.",
        "[01:30] Anna Schmidt: And the usability study must move to May.",
        "[01:41] Maya: I'm back on 16 May, so 19 to 21 May.",
    ]
    assert record.participants == ("Anna Schmidt", "Maya", "Priya Nair")
    assert record.timestamp == datetime(2026, 3, 12).astimezone()
    assert record.metadata["date_from"] == "heading"
    assert record.metadata["duration"] == 101.0
    assert record.metadata["format"] == "txt"


def test_speaker_text_without_stamps_crlf_bom(tmp_path: Path) -> None:
    lines = ["Anna: Budget first.", "Maya: OK.", "Anna: It is 32,000 now.", "Maya: And the study?", "Anna: May."]
    path = write(tmp_path / "call 2026-03-12.txt", ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    record = read_one(path)
    assert record.text == "\n".join(lines)
    assert record.participants == ("Anna", "Maya")
    assert "duration" not in record.metadata and record.end is None
    assert record.metadata["date_from"] == "file name"


def test_timestamp_falls_back_to_mtime(tmp_path: Path) -> None:
    path = write(tmp_path / "call.vtt", ZOOM_VTT)
    os.utime(path, (1_773_309_600, 1_773_309_600))
    record = read_one(path)
    assert record.timestamp == datetime.fromtimestamp(1_773_309_600).astimezone()
    assert record.metadata["date_from"] == "modified time"


@pytest.mark.parametrize("text", [
    "# Meeting notes\n\nDate: 12 March\nAttendees: Anna, Priya\nLocation: Room 3\nAgenda: budget\nNotes: cut\n",
    "Anna: hello\nMaya: hi\nAnna: bye\n",  # too short to tell
    "Anna: one\nAnna: two\nAnna: three\nAnna: four\nAnna: five\n",  # a monologue of one speaker
    "Some prose about a meeting.\n" * 10 + "Anna: a\nMaya: b\nAnna: c\nMaya: d\nAnna: e\n",  # mostly prose
    "01/02/2026, 07:12 - Maya Berg: Run done\n" * 6 + "01/02/2026, 07:13 - Jonas: Nice\n" * 6,  # WhatsApp
])
def test_notes_that_are_not_transcripts(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "notes.txt", text)
    assert not TranscriptConnector().can_read(path)


def test_no_demo_note_or_chat_is_taken_for_a_transcript() -> None:
    connector = TranscriptConnector()
    claimed = [p for p in (REPO / "data").rglob("*") if p.is_file() and connector.can_read(p)]
    assert [p.name for p in claimed] == ["2026-05-22 Study debrief.transcript.vtt"]


def test_markdown_meeting_notes_in_that_form_become_a_meeting(tmp_path: Path) -> None:
    path = write(tmp_path / "standup.md", "Jonas: Garden plans.\nMaya: Japan plans.\nJonas: Flights?\n"
                                         "Maya: Via Helsinki.\nJonas: Book them.\n")
    assert registry().detect(path).name == "transcript"  # type: ignore[union-attr]


# Bad files.


def test_empty_vtt(tmp_path: Path) -> None:
    assert skipped_one(write(tmp_path / "empty.vtt", "")).why == "empty file"


def test_vtt_without_cues(tmp_path: Path) -> None:
    assert skipped_one(write(tmp_path / "header.vtt", "WEBVTT\n\nNOTE nothing was said\n")).why == "no cues with text found"


def test_not_utf8(tmp_path: Path) -> None:
    item = skipped_one(write(tmp_path / "latin.srt", b"1\n00:00:01,000 --> 00:00:02,000\nGr\xfc\xdfe\n"))
    assert item.why == "not UTF-8 (byte 0xfc at 34)"


def test_a_txt_that_is_not_a_transcript_when_named_explicitly(tmp_path: Path) -> None:
    assert skipped_one(write(tmp_path / "note.txt", "Just a note.\n")).why.startswith("not a transcript")


def test_folder_reads_transcripts_only(tmp_path: Path) -> None:
    write(tmp_path / "a.vtt", ZOOM_VTT)
    write(tmp_path / "b.srt", BROKEN_SRT)
    write(tmp_path / "note.md", "Just a note.\n")
    items = read(tmp_path)
    assert [Path(item.location).name for item in items if isinstance(item, Record)] == ["a.vtt", "b.srt"]


# The VTT `twin record` writes beside its WAV is that recording's: the audio connector reads it.


def test_recorded_vtt_beside_its_wav_is_left_to_the_audio(tmp_path: Path) -> None:
    vtt = write(tmp_path / "2026-03-12 10.00 Call.vtt",
                f"WEBVTT\n\n{RECORDED_NOTE}2026-03-12 10.00 Call.wav\n\n00:00:01.000 --> 00:00:02.000\nHello.\n")
    assert TranscriptConnector().can_read(vtt)  # claimed, so that no notes reader takes it
    write(tmp_path / "2026-03-12 10.00 Call.wav", b"RIFF")
    assert read(vtt) == []
    (tmp_path / "2026-03-12 10.00 Call.wav").unlink()
    assert read_one(vtt).text == "[00:01] Hello."  # the recording is gone: the transcript is all there is
