"""Audio and video files: recognised by their first bytes, probed and decoded with PyAV (FFmpeg)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

__all__ = ["MEDIA_SUFFIXES", "Media", "decode", "is_media", "probe", "sniff_media"]

logger = logging.getLogger(__name__)

MEDIA_SUFFIXES = frozenset({
    ".wav", ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac",
    ".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi",
})
"""Claimed by name too, so that a broken one gets its Skipped line instead of going unnoticed."""
_MPEG_SYNC = frozenset({0xFB, 0xFA, 0xF3, 0xF2, 0xE3, 0xE2, 0xFD, 0xFC, 0xF5, 0xF4, 0xF1, 0xF9})
"""Second bytes of an MP3 / MP2 frame or an AAC ADTS header after 0xFF (not 0xFE: a UTF-16 BOM)."""
_IMAGE_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1",
                           b"avif", b"avis", b"crx "})
"""ISO base media files that are pictures (HEIC, AVIF, Canon raw), not recordings."""
_EARLIEST = datetime(1990, 1, 1).astimezone()
"""Before this a creation time is a zero a recorder wrote (1904, 1970), not a date."""


def sniff_media(head: bytes) -> str | None:
    """The container the first bytes announce (`wav`, `mp3`, `ogg`, `flac`, `mp4`, `matroska`, `avi`), or None."""
    if len(head) >= 12 and head[:4] == b"RIFF":
        return {b"WAVE": "wav", b"AVI ": "avi"}.get(head[8:12])
    if head[:3] == b"ID3" or (len(head) >= 2 and head[0] == 0xFF and head[1] in _MPEG_SYNC):
        return "mp3"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:4] == b"fLaC":
        return "flac"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return None if head[8:12] in _IMAGE_BRANDS else "mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "matroska"
    return None


def is_media(path: Path) -> bool:
    """An audio or video file by its content, or by its name when the content says nothing."""
    try:
        if not path.is_file():
            return False
        with open(path, "rb") as handle:
            head = handle.read(12)
    except OSError:
        return False
    return sniff_media(head) is not None or path.suffix.lower() in MEDIA_SUFFIXES


@dataclass(frozen=True)
class Media:
    has_audio: bool
    duration: float | None
    """Seconds, as the container says (None if it does not)."""
    created: datetime | None
    """The `creation_time` tag (what `ffprobe` shows as format_tags.creation_time), if plausible."""


def _av() -> Any:
    try:
        import av
    except ImportError as exc:
        from twin.errors import ModelError
        from twin.models.whisper import INSTALL

        raise ModelError(f"reading audio needs PyAV: {INSTALL}") from exc
    return av


def probe(path: Path) -> Media:
    """Open the container and read its streams and tags; ValueError with the reason if it cannot."""
    av = _av()
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            audio = list(container.streams.audio)
            duration = container.duration / 1_000_000 if container.duration else None
            tags = dict(container.metadata)
            for stream in audio:
                tags = {**dict(stream.metadata), **tags}
    except (OSError, ValueError, av.FFmpegError) as exc:
        raise ValueError(f"not a readable audio or video file ({_reason(exc)})") from None
    return Media(bool(audio), duration, _created(tags.get("creation_time", "")))


def _reason(exc: Exception) -> str:
    text = getattr(exc, "strerror", None) or str(exc)
    return str(text).split(": '")[0].strip() or type(exc).__name__


def _created(value: str) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    moment = moment.astimezone()  # naive means local; shown in local time either way
    return moment if moment >= _EARLIEST else None


def decode(path: Path) -> np.ndarray:
    """The first audio track as 16 kHz mono float32 (faster-whisper's PyAV decoder); ValueError if broken."""
    av = _av()
    from twin.models.whisper import INSTALL, SAMPLE_RATE

    try:
        from faster_whisper.audio import decode_audio
    except ImportError as exc:
        from twin.errors import ModelError

        raise ModelError(f"speech-to-text needs faster-whisper: {INSTALL}") from exc

    try:
        audio: np.ndarray = decode_audio(str(path), sampling_rate=SAMPLE_RATE)
    except (OSError, ValueError, av.FFmpegError) as exc:
        raise ValueError(f"cannot decode the audio ({_reason(exc)})") from None
    return audio
