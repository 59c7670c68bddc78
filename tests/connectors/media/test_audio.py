"""AudioConnector on real files: every container by content, dates, the cache, bad input, the real model."""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from connectors.files import FilesConnector
from connectors.media import AudioConnector, TranscriptConnector
from connectors.media.cache import TranscriptCache
from connectors.media.decoding import sniff_media
from ingest import Event, Ingester
from twin.errors import SourceError
from twin.models.embedder import HashEmbedder
from twin.models.whisper import Segment
from twin.plugins import Registry
from twin.schema import Record, Skipped, Source
from twin.store import Store

from .conftest import (
    DEMO_MEETING,
    FakeTranscriber,
    ffmpeg,
    needs_espeak,
    needs_ffmpeg,
    silent_wav,
    speak,
    tone_wav,
    video_without_audio,
)

pytestmark = [needs_espeak, needs_ffmpeg]


def connector(transcriber: FakeTranscriber, home: Path) -> AudioConnector:
    return AudioConnector(transcriber=transcriber, cache=TranscriptCache(home / "transcripts"))


def read(conn: AudioConnector, path: Path) -> list[Record | Skipped]:
    return list(conn.read(Source("meetings", "audio", path), None))


def read_one(conn: AudioConnector, path: Path) -> Record:
    items = read(conn, path)
    assert len(items) == 1 and isinstance(items[0], Record), items
    return items[0]


def skipped_one(conn: AudioConnector, path: Path) -> Skipped:
    items = read(conn, path)
    assert len(items) == 1 and isinstance(items[0], Skipped), items
    return items[0]


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return speak(tmp_path_factory.mktemp("speech") / "hello.wav", "Hello, I am Anna. The budget is cut.", lead=0.5)


# Recognised by content.


@pytest.mark.parametrize(("head", "kind"), [
    (b"RIFF\x24\x00\x00\x00WAVEfmt ", "wav"),
    (b"RIFF\x24\x00\x00\x00AVI LIST", "avi"),
    (b"ID3\x04\x00\x00\x00\x00\x00\x00\x00\x00", "mp3"),
    (b"\xff\xfb\x90\x64" + bytes(8), "mp3"),
    (b"\xff\xf1\x50\x80" + bytes(8), "mp3"),  # AAC in ADTS frames: FFmpeg reads it all the same
    (b"OggS\x00\x02" + bytes(6), "ogg"),
    (b"fLaC\x00\x00\x00\x22" + bytes(4), "flac"),
    (b"\x00\x00\x00\x20ftypM4A \x00\x00", "mp4"),
    (b"\x00\x00\x00\x18ftypisom\x00\x00", "mp4"),
    (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81" + bytes(4), "matroska"),
    (b"\x00\x00\x00\x18ftypheic\x00\x00", None),  # an iPhone photo
    (b"\xff\xfe#\x00 \x00N\x00o\x00t\x00e\x00", None),  # UTF-16 text, not an MPEG frame
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\r", None),
    (b"WEBVTT\n\n00:00", None),
])
def test_sniff_media(head: bytes, kind: str | None) -> None:
    assert sniff_media(head) == kind


@pytest.mark.parametrize(("suffix", "codec"), [
    (".mp3", ["-c:a", "libmp3lame"]),
    (".m4a", ["-c:a", "aac"]),
    (".ogg", ["-c:a", "libopus"]),
    (".flac", ["-c:a", "flac"]),
    (".mkv", ["-c:a", "libopus"]),
    (".webm", ["-c:a", "libopus"]),
])
def test_every_container_is_read_by_content_not_name(tmp_path: Path, spoken: Path, fake: FakeTranscriber,
                                                     suffix: str, codec: list[str]) -> None:
    encoded = tmp_path / f"call{suffix}"
    ffmpeg("-i", str(spoken), *codec, str(encoded))
    disguised = encoded.rename(tmp_path / "call.bin")  # no telling suffix
    conn = connector(fake, tmp_path / "home")
    assert conn.can_read(disguised)
    record = read_one(conn, disguised)
    assert record.kind == "meeting"
    assert fake.calls == 1 and abs(fake.seconds[0] - 3.9) < 1.0  # decoded to 16 kHz: the clip's length
    assert record.metadata["duration"] == pytest.approx(fake.seconds[0], abs=0.1)


def test_video_with_sound_is_transcribed(tmp_path: Path, spoken: Path, fake: FakeTranscriber) -> None:
    video = tmp_path / "call.mp4"
    ffmpeg("-f", "lavfi", "-i", "color=c=blue:s=64x64:d=4", "-i", str(spoken), "-shortest", "-c:v", "libx264",
           "-pix_fmt", "yuv420p", "-c:a", "aac", str(video))
    record = read_one(connector(fake, tmp_path / "home"), video)
    assert "The budget is cut." in record.text


def test_can_read(tmp_path: Path, spoken: Path) -> None:
    conn = AudioConnector()
    assert conn.can_read(spoken)
    assert conn.can_read(silent_wav(tmp_path / "quiet.wav"))
    (tmp_path / "broken.mp3").write_bytes(b"not audio at all")  # claimed by name: it gets its Skipped line
    assert conn.can_read(tmp_path / "broken.mp3")
    (tmp_path / "notes.txt").write_text("Hello\n")
    assert not conn.can_read(tmp_path / "notes.txt")
    assert not conn.can_read(tmp_path)
    assert not conn.can_read(tmp_path / "missing.wav")


# The record.


def test_record_text_metadata_and_times(tmp_path: Path, spoken: Path) -> None:
    path = tmp_path / "2026-03-12 10.00 Budget review with Anna.wav"
    path.write_bytes(spoken.read_bytes())
    fake = FakeTranscriber([Segment(2.0, 4.5, " Hello, I am Anna. "), Segment(65.2, 70.0, "The budget is cut."),
                            Segment(3725.0, 3726.0, "Bye.")])
    record = read_one(connector(fake, tmp_path / "home"), path)
    resolved = path.resolve()
    assert record.id == f"audio:{resolved}"
    assert record.text == "[00:02] Hello, I am Anna.\n[01:05] The budget is cut.\n[1:02:05] Bye."
    assert record.title == "Budget review with Anna"
    assert record.timestamp == datetime(2026, 3, 12, 10, 0).astimezone()
    assert record.end == record.timestamp + timedelta(seconds=round(fake.seconds[0], 3))
    assert record.location == str(resolved)
    assert dict(record.metadata) == {"duration": round(fake.seconds[0], 1), "date_from": "file name",
                                     "path": str(resolved), "transcribed_by": "fake"}


def test_start_from_creation_time_metadata(tmp_path: Path, spoken: Path, fake: FakeTranscriber) -> None:
    tagged = tmp_path / "2020-01-01 Wrong date.m4a"
    ffmpeg("-i", str(spoken), "-c:a", "aac", "-metadata", "creation_time=2026-03-12T09:00:00.000000Z", str(tagged))
    record = read_one(connector(fake, tmp_path / "home"), tagged)
    assert record.timestamp == datetime(2026, 3, 12, 9, 0, tzinfo=UTC)
    assert record.metadata["date_from"] == "metadata"


@pytest.mark.parametrize(("name", "expected", "title"), [
    ("zoom_2026-03-12_1000.wav", datetime(2026, 3, 12, 10, 0).astimezone(), "zoom"),
    ("20260312_101530 Standup.wav", datetime(2026, 3, 12, 10, 15, 30).astimezone(), "Standup"),
    ("Recording 2026-03-12 at 10.00.15.wav", datetime(2026, 3, 12, 10, 0, 15).astimezone(), "Recording"),
    ("GMT20260312-090000_Recording.wav", datetime(2026, 3, 12, 9, 0, tzinfo=UTC), "Recording"),
    ("2026-03-12 Budget.wav", datetime(2026, 3, 12).astimezone(), "Budget"),
])
def test_start_from_file_name(tmp_path: Path, spoken: Path, fake: FakeTranscriber, name: str, expected: datetime,
                              title: str) -> None:
    path = tmp_path / name
    path.write_bytes(spoken.read_bytes())
    record = read_one(connector(fake, tmp_path / "home"), path)
    assert record.timestamp == expected
    assert record.metadata["date_from"] == "file name"
    assert record.title == title


def test_start_from_modified_time(tmp_path: Path, spoken: Path, fake: FakeTranscriber) -> None:
    path = tmp_path / "call.wav"
    path.write_bytes(spoken.read_bytes())
    os.utime(path, (1_773_309_600, 1_773_309_600))
    record = read_one(connector(fake, tmp_path / "home"), path)
    assert record.timestamp == datetime.fromtimestamp(1_773_309_600).astimezone()
    assert record.metadata["date_from"] == "modified time"


# The cache.


def test_cache_is_keyed_by_content(tmp_path: Path, spoken: Path, fake: FakeTranscriber) -> None:
    home = tmp_path / "home"
    path = tmp_path / "a.wav"
    path.write_bytes(spoken.read_bytes())
    first = read_one(connector(fake, home), path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    cached = json.loads((home / "transcripts" / f"{digest}.json").read_text())
    assert cached["model"] == "fake"
    assert cached["segments"][0] == {"start": 2.0, "end": 4.5, "text": "Hello, I am Anna."}
    again = FakeTranscriber()
    renamed = path.rename(tmp_path / "renamed.wav")
    second = read_one(connector(again, home), renamed)
    assert (again.loads, again.calls) == (0, 0)
    assert second.text == first.text and second.id != first.id


def test_another_model_transcribes_again(tmp_path: Path, spoken: Path) -> None:
    home = tmp_path / "home"
    read_one(connector(FakeTranscriber(name="fake"), home), spoken)
    other = FakeTranscriber([Segment(0.5, 1.0, "Better words.")], name="bigger")
    record = read_one(connector(other, home), spoken)
    assert other.calls == 1 and record.metadata["transcribed_by"] == "bigger"


def test_broken_cache_file_is_a_miss(tmp_path: Path, spoken: Path, fake: FakeTranscriber) -> None:
    home = tmp_path / "home"
    digest = hashlib.sha256(spoken.read_bytes()).hexdigest()
    (home / "transcripts").mkdir(parents=True)
    (home / "transcripts" / f"{digest}.json").write_text("{not json")
    read_one(connector(fake, home), spoken)
    assert fake.calls == 1
    assert json.loads((home / "transcripts" / f"{digest}.json").read_text())["model"] == "fake"


def test_a_cache_that_cannot_be_written_loses_nothing(tmp_path: Path, spoken: Path, fake: FakeTranscriber) -> None:
    (tmp_path / "transcripts").write_text("a file where the folder should be")
    record = read_one(connector(fake, tmp_path), spoken)
    assert "The budget is cut." in record.text


class CountingAudio(AudioConnector):
    """Registered directly, as the entry point would be; every instance shares one counting model."""

    model = FakeTranscriber()

    def __init__(self) -> None:
        super().__init__(transcriber=CountingAudio.model)


def test_second_ingest_transcribes_nothing(store: Store, tmp_path: Path, spoken: Path) -> None:
    CountingAudio.model = FakeTranscriber()
    folder = tmp_path / "meetings"
    folder.mkdir()
    (folder / "2026-03-12 10.00 Budget.wav").write_bytes(spoken.read_bytes())

    def ingest() -> tuple[int, int, int]:
        registry = Registry(discover=False)
        registry.register(CountingAudio)
        summary = Ingester(store, HashEmbedder(), registry).ingest([folder])
        return summary.added, summary.unchanged, CountingAudio.model.calls

    assert ingest() == (1, 0, 1)
    assert ingest() == (0, 1, 1)
    (folder / "2026-03-12 10.00 Budget.wav").rename(folder / "2026-03-12 10.00 Budget (copy).wav")
    assert ingest() == (1, 0, 1)  # a new record for the new path, no new transcription
    assert CountingAudio.model.loads == 1


# Bad input: one Skipped each, and reading goes on.


def test_empty_file(tmp_path: Path, fake: FakeTranscriber) -> None:
    (tmp_path / "empty.wav").write_bytes(b"")
    assert str(skipped_one(connector(fake, tmp_path), tmp_path / "empty.wav")) == f"skipped {tmp_path / 'empty.wav'}: empty file"


def test_silence_is_no_speech_without_asking_the_model(tmp_path: Path, fake: FakeTranscriber) -> None:
    quiet = silent_wav(tmp_path / "quiet.wav")
    assert skipped_one(connector(fake, tmp_path / "home"), quiet).why == "no speech found"
    assert (fake.loads, fake.calls) == (0, 0)


def test_model_finding_nothing_is_no_speech(tmp_path: Path) -> None:
    hum = tone_wav(tmp_path / "hum.wav")
    mute = FakeTranscriber([])
    assert skipped_one(connector(mute, tmp_path / "home"), hum).why == "no speech found"
    assert skipped_one(connector(mute, tmp_path / "home"), hum).why == "no speech found"
    assert mute.calls == 1  # the empty transcript is cached too


@pytest.mark.parametrize(("name", "content"), [
    ("garbage.mp3", b"this is not an mp3 file, only text that pretends" * 20),
    ("truncated.wav", b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00"),
    ("random.ogg", bytes(range(256)) * 8),
])
def test_corrupt_file(tmp_path: Path, fake: FakeTranscriber, name: str, content: bytes) -> None:
    (tmp_path / name).write_bytes(content)
    item = skipped_one(connector(fake, tmp_path), tmp_path / name)
    assert item.why.startswith(("not a readable audio or video file (", "cannot decode the audio (")), item.why
    assert "\n" not in str(item)
    assert fake.calls == 0


def test_video_without_audio_track(tmp_path: Path, fake: FakeTranscriber) -> None:
    video = video_without_audio(tmp_path / "screen.mp4")
    assert skipped_one(connector(fake, tmp_path), video).why == "no audio track"


def test_bad_files_in_a_folder_each_get_one_line(store: Store, tmp_path: Path, spoken: Path) -> None:
    folder = tmp_path / "meetings"
    folder.mkdir()
    (folder / "2026-03-12 10.00 Budget.wav").write_bytes(spoken.read_bytes())
    (folder / "empty.m4a").write_bytes(b"")
    (folder / "broken.mp3").write_bytes(b"nothing like an mp3" * 10)
    silent_wav(folder / "quiet.wav")
    video_without_audio(folder / "screen.mkv")
    CountingAudio.model = FakeTranscriber()
    registry = Registry(discover=False)
    for cls in (CountingAudio, TranscriptConnector, FilesConnector):
        registry.register(cls)
    events: list[Event] = []
    summary = Ingester(store, HashEmbedder(), registry, on_event=events.append).ingest([folder])
    lines = sorted(str(e.skipped) for e in events if e.kind == "skipped")
    assert summary.added == 1 and summary.skipped == 4 == len(lines)
    assert [re.sub(r"^skipped .*/", "", line) for line in lines] == [
        "broken.mp3: not a readable audio or video file (Invalid data found when processing input)",
        "empty.m4a: empty file",
        "quiet.wav: no speech found",
        "screen.mkv: no audio track",
    ]


def test_missing_model_is_one_source_error(tmp_path: Path, spoken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWIN_AUDIO__MODEL", str(tmp_path / "no-such-model"))
    conn = AudioConnector()
    with pytest.raises(SourceError, match=r"speech model not found at .*no-such-model"):
        read(conn, spoken)
    with pytest.raises(SourceError, match="speech model not found"):  # said again, not retried
        read(conn, spoken)


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file or folder"):
        read(AudioConnector(), tmp_path / "gone.wav")


# The bundled model on real speech.


@pytest.mark.slow
def test_real_model_hears_words_where_they_were_said(tmp_path: Path) -> None:
    clip = speak(tmp_path / "2026-03-12 10.00 Budget.wav",
                 "Hello, my name is Anna Schmidt. The research budget is cut to thirty two thousand euros.",
                 lead=2.0, tail=1.0)
    conn = AudioConnector()
    record = read_one(conn, clip)
    first = re.match(r"\[(\d\d):(\d\d)\]", record.text)
    assert first is not None
    segments = json.loads(next((Path(os.environ["TWIN_HOME"]) / "transcripts").glob("*.json")).read_text())["segments"]
    assert abs(segments[0]["start"] - 2.0) < 1.0
    words = record.text.lower()
    assert "anna" in words and "budget" in words and ("32,000" in words or "thirty" in words)
    assert record.metadata["transcribed_by"] == "tiny.en"


@pytest.mark.slow
def test_demo_meeting_has_the_key_facts(store: Store) -> None:
    registry = Registry()
    summary = Ingester(store, HashEmbedder(), registry).ingest([DEMO_MEETING])
    assert summary.added == 1
    row = store.catalog.record_row(f"audio:{DEMO_MEETING.resolve()}")
    assert row is not None
    text = row["text"]
    for fact in ("40,000", "32,000", "May", "budget", "Anna"):
        assert fact in text, (fact, text)
    assert row["title"] == "Atlas Q2 research planning"
    again = Registry()
    assert Ingester(store, HashEmbedder(), again).ingest([DEMO_MEETING]).unchanged == 1
    assert again.get("audio")._transcriber is None  # type: ignore[attr-defined]  # never made: cached


@pytest.mark.slow
def test_twin_ingest_says_minutes_and_speed(tmp_path: Path) -> None:
    """`twin ingest` of a recording prints one line with the audio minutes and the speed against real time."""
    from click.testing import CliRunner

    from twin.cli import cli

    folder = tmp_path / "rec"
    speak(folder / "2026-03-12 10.00 Call.wav", "Good morning Anna. The budget is cut to thirty two thousand euros.")
    result = CliRunner(env={"TWIN_EMBEDDER__MODEL": "hash"}).invoke(cli, ["ingest", str(folder)])
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.stderr.splitlines() if line.startswith("transcribed ")]
    assert "min of audio in" in line and "× real time" in line
    assert "1 added" in result.stderr
