"""Recordings (audio and video) transcribed offline by Whisper: one meeting record per file."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from connectors.media.cache import Cached, TranscriptCache, file_digest
from connectors.media.decoding import decode, is_media, probe
from connectors.media.naming import modified_time, name_date, name_title
from connectors.media.segments import Line, render
from twin.errors import ModelError, SourceError
from twin.schema import Record, Skipped, Source
from twin.walk import source_files

if TYPE_CHECKING:
    from twin.config import Config
    from twin.models.whisper import Transcriber

__all__ = ["AudioConnector", "recording_start"]

logger = logging.getLogger(__name__)

SILENCE = 0.003
"""Peak amplitude (about -50 dBFS) under which a file is silence: no model is asked."""


def recording_start(path: Path, created: datetime | None) -> tuple[datetime, str]:
    """When the recording began, and how that is known: its metadata, its file name, else mtime."""
    if created is not None:
        return created, "metadata"
    if (named := name_date(path)) is not None:
        return named, "file name"
    return modified_time(path), "modified time"


class AudioConnector:
    """Audio and video files by content (WAV, MP3, M4A/MP4, Ogg, FLAC, MKV/WebM), transcribed
    with the bundled Whisper tiny.en; each transcript is cached by the file's sha256."""

    name: ClassVar[str] = "audio"
    priority: ClassVar[int] = 30

    def __init__(self, *, transcriber: Transcriber | None = None, cache: TranscriptCache | None = None) -> None:
        self._transcriber = transcriber
        """Made from the config on the first file that needs it (a cached one does not)."""
        self._cache = cache
        self._config: Config | None = None
        self._broken: ModelError | None = None

    def _settings(self) -> Config:
        if self._config is None:
            from twin.config import load_config

            self._config = load_config()
        return self._config

    @property
    def cache(self) -> TranscriptCache:
        if self._cache is None:
            self._cache = TranscriptCache(self._settings().home / "transcripts")
        return self._cache

    @property
    def model_name(self) -> str:
        from twin.models.whisper import transcriber_name

        return self._transcriber.name if self._transcriber else transcriber_name(self._settings().audio.model)

    def can_read(self, path: Path) -> bool:
        return is_media(path)

    def read(self, source: Source, since: str | None) -> Iterator[Record | Skipped]:
        for path in source_files(source, is_media):
            yield self.read_file(path, source.name)

    def read_file(self, path: Path, source: str) -> Record | Skipped:
        """The meeting record of one recording, or why there is none. SourceError if the model is
        unusable (no file can be read then)."""
        try:
            if path.stat().st_size == 0:
                return Skipped(str(path), "empty file")
            media = probe(path)
            if not media.has_audio:
                return Skipped(str(path), "no audio track")
            digest = file_digest(path)
        except OSError as exc:
            return Skipped(str(path), f"cannot read: {exc.strerror or exc}")
        except ValueError as exc:
            return Skipped(str(path), str(exc))
        except ModelError as exc:  # PyAV missing: no recording can be read
            raise SourceError(str(exc)) from exc
        cached = self.cache.get(digest, self.model_name)
        if cached is None:
            try:
                cached = self._transcribe(path)
            except ValueError as exc:
                return Skipped(str(path), str(exc))
            except ModelError as exc:
                raise SourceError(str(exc)) from exc
            try:
                self.cache.put(digest, cached, name=path.name)
            except OSError as exc:  # the record is still good; the next run transcribes again
                logger.warning("cannot keep the transcript of %s in %s: %s", path, self.cache.folder, exc)
        if not cached.segments:
            return Skipped(str(path), "no speech found")
        start, date_from = recording_start(path, media.created)
        resolved = path.resolve()
        return Record(
            id=f"{self.name}:{resolved}",
            source=source,
            kind="meeting",
            timestamp=start,
            end=start + timedelta(seconds=cached.duration),
            text=render(Line(s.start, s.end, s.text) for s in cached.segments),
            title=name_title(path),
            location=str(resolved),
            metadata={
                "duration": round(cached.duration, 1),
                "date_from": date_from,
                "path": str(resolved),
                "transcribed_by": cached.model,
            },
        )

    def _transcriber_now(self) -> Transcriber:
        if self._broken is not None:
            raise self._broken
        if self._transcriber is None:
            from twin.models.whisper import make_transcriber

            try:
                self._transcriber = make_transcriber(self._settings().audio)
            except ModelError as exc:
                self._broken = exc
                raise
        return self._transcriber

    def _transcribe(self, path: Path) -> Cached:
        """Decode and transcribe; silence is cached as no segments without asking the model."""
        from twin.models.whisper import SAMPLE_RATE

        audio = decode(path)
        duration = round(len(audio) / SAMPLE_RATE, 3)  # as the cache keeps it: a re-read gives the same record
        if not len(audio) or float(abs(audio).max()) < SILENCE:
            logger.info("%s: %.1f s of silence, nothing to transcribe", path.name, duration)
            return Cached(self.model_name, duration, ())
        transcriber = self._transcriber_now()
        try:
            transcriber.load()
            started = time.monotonic()
            segments = tuple(transcriber.transcribe(audio))
        except ModelError as exc:
            self._broken = exc
            raise
        seconds = max(time.monotonic() - started, 1e-6)
        logger.info("transcribed %s: %.1f min of audio in %.1f s (%.1f× real time), %d segments",
                    path.name, duration / 60, seconds, duration / seconds, len(segments))
        return Cached(transcriber.name, duration, segments)
