"""Transcripts kept by the audio's content: `<home>/transcripts/<sha256 of the file>.json`.

Transcribing is the slow part of ingesting a recording. Keyed by the bytes, not the path, a
re-ingest, a renamed or moved file and a copy all find the transcript already made; a
different model (`audio.model`) transcribes again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from twin.models.whisper import Segment

__all__ = ["Cached", "TranscriptCache", "file_digest"]

logger = logging.getLogger(__name__)

VERSION = 1
_BLOCK = 1 << 20


def file_digest(path: Path) -> str:
    """sha256 of the file's bytes, read a block at a time (a recording can be gigabytes)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Cached:
    model: str
    duration: float
    """Seconds of audio transcribed."""
    segments: tuple[Segment, ...]


class TranscriptCache:
    """One JSON file per transcribed recording; a broken file counts as missing."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, digest: str) -> Path:
        return self.folder / f"{digest}.json"

    def get(self, digest: str, model: str) -> Cached | None:
        path = self.path(digest)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            cached = Cached(
                model=str(raw["model"]),
                duration=float(raw["duration"]),
                segments=tuple(Segment(float(s["start"]), float(s["end"]), str(s["text"])) for s in raw["segments"]),
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            logger.warning("ignoring broken transcript cache %s: %s", path, exc)
            return None
        if cached.model != model:
            logger.info("cached transcript %s was made by %s, not %s: transcribing again",
                        path.name, cached.model, model)
            return None
        return cached

    def put(self, digest: str, cached: Cached, *, name: str = "") -> Path:
        """Write atomically (a killed run leaves no half file)."""
        payload = {
            "version": VERSION,
            "model": cached.model,
            "duration": round(cached.duration, 3),
            "name": name,
            "segments": [{"start": s.start, "end": s.end, "text": s.text} for s in cached.segments],
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.path(digest)
        handle, tmp = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(payload, out, ensure_ascii=False, indent=1)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    def remove(self, digest: str) -> None:
        self.path(digest).unlink(missing_ok=True)
