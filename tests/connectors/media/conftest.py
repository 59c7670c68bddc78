"""Real audio for the media tests: speech by espeak-ng, containers by ffmpeg, a counting fake model."""

from __future__ import annotations

import shutil
import subprocess
import wave
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from twin.models.whisper import Segment

REPO = Path(__file__).resolve().parents[3]
DEMO_MEETING = REPO / "data" / "meetings" / "2026-03-12 10.00 Atlas Q2 research planning.ogg"

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
needs_ffmpeg = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")


def speak(path: Path, text: str, *, lead: float = 0.0, tail: float = 0.0, voice: str = "en-us",
          speed: int = 150) -> Path:
    """A WAV of `text` spoken by espeak-ng, after `lead` seconds of silence."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = path.with_name(f"{path.stem}.raw.wav")
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), text], check=True)
    with wave.open(str(raw), "rb") as source:
        params = source.getparams()
        frames = source.readframes(source.getnframes())
    raw.unlink()
    silence = bytes(params.sampwidth * params.nchannels)
    with wave.open(str(path), "wb") as out:
        out.setparams(params)
        out.writeframes(silence * int(params.framerate * lead) + frames + silence * int(params.framerate * tail))
    return path


def silent_wav(path: Path, seconds: float = 3.0, rate: int = 16_000) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(2 * int(rate * seconds)))
    return path


def tone_wav(path: Path, seconds: float = 2.0, rate: int = 16_000) -> Path:
    """Not silence (the model is asked), but no words either."""
    t = np.arange(int(rate * seconds)) / rate
    pcm = (0.3 * np.sin(2 * np.pi * 440 * t) * 32767).astype(np.int16)
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return path


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args], check=True)


def video_without_audio(path: Path) -> Path:
    ffmpeg("-f", "lavfi", "-i", "color=c=blue:s=64x64:d=1", "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path))
    return path


class FakeTranscriber:
    """Counts what it is asked; says the same segments every time."""

    def __init__(self, segments: Sequence[Segment] = (Segment(2.0, 4.5, "Hello, I am Anna."),
                                                      Segment(5.0, 7.0, "The budget is cut.")),
                 name: str = "fake") -> None:
        self.name = name
        self.segments = list(segments)
        self.loads = 0
        self.calls = 0
        self.seconds: list[float] = []

    def load(self) -> None:
        self.loads += 1

    def transcribe(self, audio: np.ndarray) -> list[Segment]:
        self.calls += 1
        self.seconds.append(len(audio) / 16_000)
        return list(self.segments)


@pytest.fixture
def fake() -> FakeTranscriber:
    return FakeTranscriber()
