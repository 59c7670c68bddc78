"""`twin record`: windows transcribed as they come, searchable while running, Ctrl-C ends it cleanly."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import types
import wave
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner, Result

from connectors.media.transcripts import RECORDED_NOTE
from ingest import Ingester
from twin.cli import App
from twin.models.embedder import HashEmbedder
from twin.models.whisper import Segment
from twin.plugins import Registry
from twin.record import Progress, Recorder, record
from twin.store import Store

from .conftest import FakeTranscriber, needs_espeak, speak

SCRIPT = ("Good morning, my name is Anna Schmidt. Our research budget goes down from forty thousand euros "
          "to thirty two thousand euros. The usability study must move from April to May. "
          "Thank you, Maya. Talk soon.")


@pytest.fixture(autouse=True)
def hash_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWIN_EMBEDDER__MODEL", "hash")  # the speech model is real; the embedder need not be


def run(*args: str) -> Result:
    return CliRunner().invoke(record, list(args), obj=App(None), catch_exceptions=False)


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as handle:
        return handle.getnframes() / handle.getframerate()


def recorded_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as handle:
        assert (handle.getframerate(), handle.getnchannels(), handle.getsampwidth()) == (16_000, 1, 2)
    return wav_seconds(path)


# The recorder with a fake model: windows, offsets, the VTT and the cache.


def test_recorder_windows_offsets_vtt_and_cache(tmp_path: Path) -> None:
    fake = FakeTranscriber([Segment(1.0, 2.0, "Hello."), Segment(3.0, 9.0, "Past the window end.")])
    ingested: list[Path] = []
    reports: list[float] = []

    def ingest(path: Path) -> str:
        ingested.append(path)
        return "1 added"

    def report(progress: Progress) -> None:
        reports.append(progress.seconds)

    wav = tmp_path / "2026-03-12 10.00 Call.wav"
    recorder = Recorder(wav, fake, window=5, cache_dir=tmp_path / "transcripts", ingest=ingest, report=report)
    blocks: queue.Queue[np.ndarray | None] = queue.Queue()
    rng = np.random.default_rng(0)
    for _ in range(120):  # 12 s of noise in 0.1 s blocks
        blocks.put((rng.standard_normal(1600) * 3000).astype(np.int16))
    blocks.put(None)
    recorder.run(blocks)
    assert recorder.error is None
    assert recorded_seconds(wav) == pytest.approx(12.0)
    windows = fake.seconds
    assert sum(windows) == pytest.approx(12.0)
    assert all(3.5 <= s <= 5.0 for s in windows[:-1])  # cut at a quiet moment near the window's end
    assert len(reports) == len(windows) and reports[-1] == pytest.approx(12.0)
    assert ingested == [wav] * len(windows)
    offsets = np.cumsum([0.0, *windows[:-1]])
    assert [s.start for s in recorder.progress.segments] == pytest.approx(
        [o + t for o in offsets for t in (1.0, 3.0)], abs=0.01)
    assert recorder.progress.segments[1].end == pytest.approx(windows[0], abs=0.01)  # clipped to its window
    vtt = wav.with_suffix(".vtt").read_text()
    assert vtt.startswith(f"WEBVTT\n\n{RECORDED_NOTE}{wav.name}\n\n00:00:01.000 --> 00:00:02.000\nHello.\n")
    [cached] = (tmp_path / "transcripts").glob("*.json")  # the partial transcripts are gone
    data = json.loads(cached.read_text())
    assert data["model"] == "fake" and len(data["segments"]) == 2 * len(windows)
    assert data["duration"] == pytest.approx(12.0)


# Errors: one line, exit 1, no file left behind.


def test_fast_needs_an_input_file() -> None:
    result = CliRunner().invoke(record, ["--fast"], obj=App(None))
    assert result.exit_code == 2 and "--fast needs --input-wav" in result.output


def test_no_portaudio(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", None)
    result = CliRunner().invoke(record, [], obj=App(None))
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot record: PortAudio is not available (")
    assert result.output.count("\n") == 1
    assert not (home / "recordings").exists()


def test_no_microphone(home: Path) -> None:
    import sounddevice

    if any(d["max_input_channels"] > 0 for d in sounddevice.query_devices()):  # type: ignore[union-attr]
        pytest.skip("this machine has a microphone")
    result = CliRunner().invoke(record, [], obj=App(None))
    assert result.exit_code == 1
    assert re.fullmatch(r"Error: no microphone found \(.*\); see `python -m sounddevice`, or use --input-wav FILE\n",
                        result.output)
    unknown = CliRunner().invoke(record, ["--device", "Studio Mic"], obj=App(None))
    assert unknown.exit_code == 1 and unknown.output.startswith("Error: no microphone 'Studio Mic' found (")
    assert not (home / "recordings").exists()


@needs_espeak
def test_missing_speech_model(tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWIN_AUDIO__MODEL", str(tmp_path / "nowhere"))
    clip = speak(tmp_path / "in.wav", "Hello.")
    result = CliRunner().invoke(record, ["--input-wav", str(clip), "--fast"], obj=App(None))
    assert result.exit_code == 1
    assert result.output == f"Error: speech model not found at {tmp_path / 'nowhere'}\n"
    assert not (home / "recordings").exists()


# The real model end to end.


@pytest.mark.slow
@needs_espeak
def test_record_from_a_file_is_searchable(tmp_path: Path, home: Path) -> None:
    clip = speak(tmp_path / "meeting.wav", SCRIPT, lead=1.0, speed=140)
    result = run("--input-wav", str(clip), "--fast", "--window", "8", "--title", "Budget review")
    assert result.exit_code == 0, result.output
    [wav] = (home / "recordings").glob("*.wav")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d\.\d\d Budget review\.wav", wav.name)
    assert re.fullmatch(rf"recorded 0:{int(recorded_seconds(wav)):02d} to {re.escape(str(wav))}: \d+ segments?, "
                        rf"searchable as audio:{re.escape(str(wav.resolve()))}\n", result.stdout)
    progress = [line for line in result.stderr.splitlines() if re.search(r" segments? · ", line)]
    assert len(progress) >= 3, result.stderr  # one line per window
    assert recorded_seconds(wav) == pytest.approx(wav_seconds(clip), abs=0.05)
    assert wav.with_suffix(".vtt").read_text().startswith(f"WEBVTT\n\n{RECORDED_NOTE}{wav.name}\n")
    assert len(list((home / "transcripts").glob("*.json"))) == 1
    with Store(home, writer=True) as store:
        row = store.catalog.record_row(f"audio:{wav.resolve()}")
        assert row is not None and row["kind"] == "meeting" and row["title"] == "Budget review"
        assert "budget" in row["text"].lower() and "May" in row["text"]
        assert store.catalog.lexical("budget euros", 5)
        # Ingesting the recordings folder later finds the same meeting: no new record, no transcribing.
        registry = Registry()
        summary = Ingester(store, HashEmbedder(), registry).ingest([home / "recordings"])
        assert (summary.added, summary.updated, summary.unchanged, summary.skipped) == (0, 0, 1, 0)
        assert registry.get("audio")._transcriber is None  # type: ignore[attr-defined]


@pytest.mark.slow
@needs_espeak
def test_ctrl_c_finishes_the_window_and_exits_0(tmp_path: Path, home: Path) -> None:
    clip = speak(tmp_path / "long.wav", f"{SCRIPT} {SCRIPT} {SCRIPT}", speed=140)  # about 40 s, played in real time
    env = {**os.environ, "TWIN_HOME": str(home), "TWIN_EMBEDDER__MODEL": "hash"}
    code = "import sys; from twin.record import record; record(sys.argv[1:], prog_name='twin record')"
    process = subprocess.Popen([sys.executable, "-c", code, "--input-wav", str(clip), "--window", "5"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    started = time.monotonic()
    for line in process.stderr:  # wait until one window is transcribed and searchable
        if re.search(r" segments? · searchable", line) or time.monotonic() - started > 60:
            break
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "stopping: transcribing the last window" in err
    [line] = out.splitlines()
    assert line.startswith("recorded 0:") and ", searchable as audio:" in line
    [wav] = (home / "recordings").glob("*.wav")
    assert 5 <= recorded_seconds(wav) < wav_seconds(clip) - 5  # stopped early, and what was heard is kept
    with Store(home) as store:
        row = store.catalog.record_row(f"audio:{wav.resolve()}")
        assert row is not None and row["text"]


# The microphone path, through a stand-in for sounddevice that plays a file at 48 kHz.


def fake_sounddevice(pcm: np.ndarray, rate: int) -> types.ModuleType:
    """A device that refuses 16 kHz, plays `pcm` at `rate`, then presses Ctrl-C (as a user would)."""
    module = types.ModuleType("sounddevice")

    class PortAudioError(Exception):
        pass

    class InputStream:
        def __init__(self, *, samplerate: int, channels: int, dtype: str, device: Any, blocksize: int,
                     callback: Any) -> None:
            if samplerate != rate:
                raise PortAudioError("Invalid sample rate [PaErrorCode -9997]")
            self.blocksize, self.callback, self.running = blocksize, callback, False

        def start(self) -> None:
            self.running = True
            threading.Thread(target=self.play, daemon=True).start()

        def play(self) -> None:
            for start in range(0, len(pcm), self.blocksize):
                if not self.running:
                    return
                block = pcm[start:start + self.blocksize]
                self.callback(block.reshape(-1, 1), len(block), None, None)
            import _thread

            _thread.interrupt_main()

        def stop(self) -> None:
            self.running = False

        def close(self) -> None:
            pass

    module.PortAudioError = PortAudioError  # type: ignore[attr-defined]
    module.InputStream = InputStream  # type: ignore[attr-defined]
    module.query_devices = lambda device=None, kind=None: {  # type: ignore[attr-defined]
        "name": "Fake USB Mic", "default_samplerate": float(rate), "max_input_channels": 1}
    return module


@pytest.mark.slow
@needs_espeak
def test_microphone_at_48_khz_is_resampled_and_ctrl_c_ends_it(tmp_path: Path, home: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    clip = speak(tmp_path / "speech.wav", "Good morning, my name is Anna Schmidt. The budget is cut.", lead=1.0)
    with wave.open(str(clip), "rb") as handle:
        rate = handle.getframerate()
        pcm = np.frombuffer(handle.readframes(handle.getnframes()), dtype=np.int16)
    at_48k = np.interp(np.arange(round(len(pcm) * 48_000 / rate)) * rate / 48_000, np.arange(len(pcm)), pcm)
    monkeypatch.setitem(sys.modules, "sounddevice", fake_sounddevice(at_48k.astype(np.int16), 48_000))
    result = run("--device", "Fake", "--title", "Mic test")
    assert result.exit_code == 0, result.output
    assert "stopping: transcribing the last window" in result.stderr
    [wav] = (home / "recordings").glob("*.wav")
    assert recorded_seconds(wav) == pytest.approx(wav_seconds(clip), abs=0.15)
    with Store(home) as store:
        row = store.catalog.record_row(f"audio:{wav.resolve()}")
        assert row is not None and "budget" in row["text"].lower() and "Anna" in row["text"]
