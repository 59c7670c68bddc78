"""`twin record`: record a meeting from the microphone, transcribe it window by window and keep
it searchable while it runs."""

from __future__ import annotations

import logging
import queue
import re
import signal
import threading
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

import click

from twin.errors import TwinError

if TYPE_CHECKING:
    import numpy as np

    from twin.cli import App
    from twin.models.whisper import Segment, Transcriber

__all__ = ["record"]

logger = logging.getLogger(__name__)

RATE = 16_000
"""Recorded as Whisper hears: 16 kHz mono 16-bit (about 2 MB a minute)."""
BLOCK = 0.1
"""Seconds per block taken from the microphone or the input file."""
QUIET_SEARCH = 3.0
"""A full window is cut at the quietest moment of its last seconds (at most 30% of it), not inside a word."""
_UNSAFE = re.compile(r"[\\/:*?\"<>|\x00-\x1f]+")

Block = Any
"""A 1-D int16 NumPy array of samples, or None when the input has ended."""


class Input(Protocol):
    """Where the audio comes from; puts blocks on the queue, then None when it ends."""

    def start(self, sink: queue.Queue[Block]) -> None: ...

    def stop(self) -> None: ...


class Microphone:
    """A PortAudio input device through sounddevice."""

    def __init__(self, device: str | None) -> None:
        try:
            import sounddevice
        except (ImportError, OSError) as exc:
            raise click.ClickException(
                f"cannot record: PortAudio is not available ({exc}); use --input-wav FILE") from exc
        self._sd = sounddevice
        self.device: int | str | None = int(device) if device and device.isdigit() else device
        try:
            info = sounddevice.query_devices(self.device, kind="input")
        except (ValueError, sounddevice.PortAudioError) as exc:
            which = f"microphone {device!r}" if device else "microphone"
            raise click.ClickException(
                f"no {which} found ({exc}); see `python -m sounddevice`, or use --input-wav FILE") from exc
        self.name = str(info["name"])
        self.native_rate = int(info.get("default_samplerate") or RATE)
        self._stream: Any = None
        self._sink: queue.Queue[Block] | None = None

    def start(self, sink: queue.Queue[Block]) -> None:
        """Open at 16 kHz, or at the device's own rate (resampled) if it refuses 16 kHz."""
        self._sink = sink
        rates = dict.fromkeys([RATE, self.native_rate])
        for n, rate in enumerate(rates):
            try:
                self._stream = self._open(rate, sink)
                self._stream.start()
                return
            except self._sd.PortAudioError as exc:
                if n == len(rates) - 1:
                    raise click.ClickException(f"cannot open microphone {self.name!r}: {exc}") from exc
                logger.info("microphone %s refuses %d Hz (%s): recording at %d Hz", self.name, rate, exc,
                            self.native_rate)

    def _open(self, rate: int, sink: queue.Queue[Block]) -> Any:
        def callback(data: Any, frames: int, when: Any, status: Any) -> None:
            if status:
                logger.warning("microphone: %s", status)
            block = data[:, 0]
            sink.put(block.copy() if rate == RATE else _resample(block, rate))

        return self._sd.InputStream(samplerate=rate, channels=1, dtype="int16", device=self.device,
                                    blocksize=int(rate * BLOCK), callback=callback)

    def stop(self) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None
            if self._sink is not None:
                self._sink.put(None)


class FileInput:
    """An audio file played as if it were the microphone: in real time, or as fast as it decodes."""

    def __init__(self, path: Path, *, realtime: bool) -> None:
        self.path = path
        self.realtime = realtime
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, sink: queue.Queue[Block]) -> None:
        import numpy as np

        from connectors.media.decoding import decode

        try:
            samples = decode(self.path)
        except ValueError as exc:
            raise click.ClickException(f"{self.path}: {exc}") from exc
        pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype(np.int16)

        def play() -> None:
            step = int(RATE * BLOCK)
            began = time.monotonic()
            for n, start in enumerate(range(0, len(pcm), step)):
                if self._stop.is_set():
                    break
                if self.realtime:
                    time.sleep(max(0.0, began + n * BLOCK - time.monotonic()))
                sink.put(pcm[start:start + step])
            sink.put(None)

        self._thread = threading.Thread(target=play, name="twin-record-input", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


@dataclass
class Progress:
    seconds: float = 0.0
    segments: list[Segment] = field(default_factory=list)
    ingested: str = ""
    """The last ingest's summary line, or why it failed."""
    searchable: bool = False


class Recorder:
    """Writes the WAV as blocks arrive; every window: transcribe, write the VTT and the transcript
    cache for the WAV so far, ingest the WAV (the audio connector finds the transcript cached)."""

    def __init__(self, wav: Path, transcriber: Transcriber, *, window: float, cache_dir: Path,
                 ingest: Callable[[Path], str], report: Callable[[Progress], None]) -> None:
        self.wav = wav
        self.vtt = wav.with_suffix(".vtt")
        self.transcriber = transcriber
        self.window = int(window * RATE)
        self.cache_dir = cache_dir
        self.ingest = ingest
        self.report = report
        self.progress = Progress()
        self.error: BaseException | None = None
        self.finished = threading.Event()
        self._done_samples = 0
        self._digest = ""

    def run(self, blocks: queue.Queue[Block]) -> None:
        """The worker thread: runs until the input sends None, then transcribes what is left."""
        import numpy as np

        try:
            pending: list[np.ndarray] = []
            size = 0
            with open(self.wav, "wb") as raw, wave.open(raw, "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(RATE)
                while (block := blocks.get()) is not None:
                    out.writeframes(block.tobytes())
                    pending.append(block)
                    size += len(block)
                    if size >= self.window:
                        audio = np.concatenate(pending)
                        cut = _quiet_cut(audio, len(audio) - int(min(QUIET_SEARCH * RATE, 0.3 * self.window)))
                        self._step(audio[:cut], raw)
                        pending, size = [audio[cut:]], len(audio) - cut
                if size:
                    self._step(np.concatenate(pending), raw)
        except Exception as exc:  # noqa: BLE001 - the main thread raises it; the WAV so far stays valid
            self.error = exc
        finally:
            self.finished.set()

    def _step(self, audio: np.ndarray, raw: BinaryIO) -> None:
        from connectors.media.cache import Cached, TranscriptCache, file_digest
        from twin.models.whisper import Segment

        offset, length = self._done_samples / RATE, len(audio) / RATE
        said = self.transcriber.transcribe(audio.astype("float32") / 32768.0) if len(audio) >= RATE // 2 else []
        self._done_samples += len(audio)
        self.progress.seconds = self._done_samples / RATE
        self.progress.segments += [  # Whisper's last end can run past the window; the next one starts there
            Segment(round(s.start + offset, 2), round(min(s.end, length) + offset, 2), s.text) for s in said]
        _write_vtt(self.vtt, self.wav.name, self.progress.segments)
        raw.flush()  # wave has patched the header on each write: the file is a whole WAV now
        cache = TranscriptCache(self.cache_dir)
        digest = file_digest(self.wav)
        cache.put(digest, Cached(self.transcriber.name, self._done_samples / RATE, tuple(self.progress.segments)),
                  name=self.wav.name)
        if self._digest and self._digest != digest:
            cache.remove(self._digest)  # the transcript of the shorter recording is not needed again
        self._digest = digest
        if self.progress.segments:
            self.progress.ingested = self.ingest(self.wav)
            self.progress.searchable = not self.progress.ingested.startswith("not ingested")
        self.report(self.progress)


def _resample(block: np.ndarray, rate: int) -> np.ndarray:
    """Linear interpolation to 16 kHz: plenty for speech recognition."""
    import numpy as np

    count = round(len(block) * RATE / rate)
    resampled: np.ndarray = np.interp(np.arange(count) * rate / RATE, np.arange(len(block)), block).astype(np.int16)
    return resampled


def _quiet_cut(audio: np.ndarray, after: int) -> int:
    """The start of the quietest 100 ms after sample `after` (the end if there is none)."""
    import numpy as np

    frame = int(RATE * BLOCK)
    after = max(0, after)
    tail = audio[after:len(audio) - (len(audio) - after) % frame].astype(np.float32)
    if len(tail) < frame:
        return len(audio)
    energy = (tail.reshape(-1, frame) ** 2).mean(axis=1)
    return after + int(energy.argmin()) * frame


def _stamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def _write_vtt(path: Path, audio_name: str, segments: list[Segment]) -> None:
    from connectors.media.transcripts import RECORDED_NOTE

    cues = [f"{_stamp(s.start)} --> {_stamp(s.end)}\n{s.text}\n" for s in segments]
    text = "\n".join([f"WEBVTT\n\n{RECORDED_NOTE}{audio_name}\n", *cues])
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _wav_path(folder: Path, title: str, now: datetime) -> Path:
    clean = _UNSAFE.sub(" ", title).strip(" .") or "Recording"
    base = f"{now:%Y-%m-%d %H.%M} {clean}"
    path, n = folder / f"{base}.wav", 2
    while path.exists() or path.with_suffix(".vtt").exists():
        path, n = folder / f"{base} ({n}).wav", n + 1
    return path


def _ingester(app: App) -> Callable[[Path], str]:
    """Ingest the recording through the audio connector; a busy store is retried next window."""
    from ingest import Ingester
    from twin.plugins import Registry

    def ingest(wav: Path) -> str:
        try:
            with app.store(writer=True) as store:
                summary = Ingester(store, app.embedder(), Registry(), app.config.ingest).ingest(
                    [wav], connector="audio")
        except TwinError as exc:
            logger.warning("%s", exc)
            return f"not ingested: {exc}"
        return summary.line()

    return ingest


def _segments(n: int) -> str:
    return f"{n} segment{'' if n == 1 else 's'}"


def _duration(seconds: float) -> str:
    """`1:15`, or `1:02:03` from an hour on."""
    hours, rest = divmod(int(seconds), 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


@click.command("record")
@click.option("--device", help="Microphone name (or part of it) or index, as `python -m sounddevice` lists them.")
@click.option("--input-wav", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Take the audio from this file instead of a microphone (any format FFmpeg reads).")
@click.option("--fast", is_flag=True, help="With --input-wav: as fast as it transcribes, not in real time.")
@click.option("--title", default="Recording", show_default=True, help="Names the file and the meeting.")
@click.option("--window", type=click.FloatRange(5, 600), default=30.0, show_default=True,
              help="Seconds of audio transcribed at a time; the meeting is searchable after each.")
@click.pass_context
def record(ctx: click.Context, device: str | None, input_wav: Path | None, fast: bool, title: str,  # noqa: PLR0917
           window: float) -> None:
    """Record a meeting, transcribe it as it goes and keep it searchable; Ctrl-C ends it."""
    if fast and input_wav is None:
        raise click.UsageError("--fast needs --input-wav")
    try:
        _record(_app(ctx), device=device, input_wav=input_wav, fast=fast, title=title, window=window)
    except TwinError as exc:
        raise click.ClickException(str(exc)) from exc


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _app(ctx: click.Context) -> App:
    from twin.cli import App

    return ctx.obj if isinstance(ctx.obj, App) else App(None)


def _record(app: App, *, device: str | None, input_wav: Path | None, fast: bool, title: str,
            window: float) -> None:
    from twin.models.whisper import make_transcriber

    source: Input = FileInput(input_wav, realtime=not fast) if input_wav else Microphone(device)
    transcriber = make_transcriber(app.config.audio)
    folder = app.config.home / "recordings"
    wav = _wav_path(folder, title, datetime.now())

    def report(progress: Progress) -> None:
        state = "searchable" if progress.searchable else progress.ingested or "no speech yet"
        click.echo(f"{_duration(progress.seconds)}  {_segments(len(progress.segments))} · {state}", err=True)

    recorder = Recorder(wav, transcriber, window=window, cache_dir=app.config.home / "transcripts",
                        ingest=_ingester(app), report=report)
    blocks: queue.Queue[Block] = queue.Queue()
    worker = threading.Thread(target=recorder.run, args=(blocks,), name="twin-record", daemon=True)
    transcriber.load()  # a missing model is said now, not after the first window
    # Ctrl-C from here on asks to stop (it must not land as KeyboardInterrupt between two lines
    # of setup); the previous handler comes back when recording ends.
    stop = threading.Event()
    previous = signal.getsignal(signal.SIGINT) if _main_thread() else None
    if previous is not None:
        signal.signal(signal.SIGINT, lambda signum, frame: stop.set())
    try:
        source.start(blocks)  # before the WAV exists: a microphone that fails leaves no empty file
        folder.mkdir(parents=True, exist_ok=True)
        worker.start()
        click.echo(f"recording to {wav} (Ctrl-C to stop)", err=True)
        # Not worker.join(timeout): on 3.11 a Ctrl-C inside join() marks a running thread stopped.
        while not recorder.finished.wait(0.2):
            if stop.is_set():
                click.echo("stopping: transcribing the last window", err=True)
                break
    except KeyboardInterrupt:
        click.echo("stopping: transcribing the last window", err=True)
    except BaseException:
        blocks.put(None)
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
        source.stop()
    blocks.put(None)
    recorder.finished.wait()
    worker.join()
    if recorder.error is not None:
        raise recorder.error
    progress = recorder.progress
    where = f"searchable as audio:{wav.resolve()}" if progress.searchable else (
        progress.ingested or "no speech found")
    click.echo(f"recorded {_duration(progress.seconds)} to {wav}: {_segments(len(progress.segments))}, {where}")
