"""The exclusive writer lock of a home: one ingest or daemon at a time."""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

from twin.errors import StoreError, TwinError

__all__ = ["PidLock", "WriterLock"]


def _busy(home: Path, holder: str) -> str:
    """The one line for a held lock; the daemon holds it for its whole life, so say so."""
    try:
        daemon = json.loads((home / "daemon.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        daemon = {}
    if str(daemon.get("pid")) == holder:
        return (f"the twin daemon (pid {holder}) keeps {home} up to date and is its only writer: add folders with"
                " `twin sources add` before `twin daemon start`, or run `twin daemon stop` first")
    return f"another twin process (pid {holder}) is writing to {home}; try again when it ends"


class PidLock:
    """An exclusive flock on a file holding the holder's pid; the kernel drops it when the
    holder dies, so it never goes stale. `busy(pid)` makes the error when another holds it."""

    def __init__(self, path: Path, busy: Callable[[str], TwinError]) -> None:
        self.path = path
        self._busy = busy
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+")  # noqa: SIM115 - held open for as long as the lock
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            handle.close()
            raise self._busy(holder) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None


class WriterLock(PidLock):
    """The writer lock of a home, `<home>/writer.lock`: one ingest or daemon at a time."""

    def __init__(self, home: Path) -> None:
        super().__init__(home / "writer.lock", lambda holder: StoreError(_busy(home, holder)))
