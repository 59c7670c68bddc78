"""An export as a folder or a zip file, read the same way: its files by relative path."""

from __future__ import annotations

import json
import lzma
import os
import zipfile
import zlib
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from twin.errors import SourceError

__all__ = ["READ_ERRORS", "Archive", "head_text", "is_zip", "load_json"]

SNIFF_BYTES = 64 * 1024
READ_ERRORS = (OSError, EOFError, zipfile.BadZipFile, zlib.error, lzma.LZMAError, NotImplementedError, RuntimeError)
"""What reading a file or zip member raises: I/O, a cut or corrupt zip or stream, an unsupported
compression, an encrypted member (zipfile raises RuntimeError for a missing password)."""


def is_zip(path: Path) -> bool:
    """A readable zip file (judged by its central directory, not its suffix)."""
    try:
        return path.is_file() and zipfile.is_zipfile(path)
    except OSError:
        return False


def head_text(data: bytes) -> str:
    """The start of a file as text for sniffing: UTF-8 with a cut multibyte tail tolerated."""
    return data.decode("utf-8-sig", errors="replace")


def load_json(handle: IO[bytes], where: str) -> Any:
    """Parsed JSON of a whole member; SourceError naming `where` if it is not JSON."""
    try:
        return json.loads(handle.read().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise SourceError(f"{where}: not UTF-8 (byte at {exc.start})") from None
    except (json.JSONDecodeError, RecursionError) as exc:
        raise SourceError(f"{where}: not valid JSON ({exc})") from None
    except READ_ERRORS as exc:
        raise SourceError(f"{where}: cannot read: {exc}") from None


class Archive:
    """A folder or a zip file; `names` are posix paths relative to its root, files only."""

    def __init__(self, path: Path) -> None:
        self.path = path.resolve()
        self._zip: zipfile.ZipFile | None = None
        if self.path.is_dir():
            self.names = sorted(self._walk())
        elif is_zip(self.path):
            try:
                self._zip = zipfile.ZipFile(self.path)
            except (OSError, zipfile.BadZipFile) as exc:
                raise SourceError(f"{self.path}: not a readable zip file: {exc}") from None
            self.names = sorted(n for n in self._zip.namelist() if not n.endswith("/") and "__MACOSX" not in n)
        else:
            raise SourceError(f"{self.path}: neither a folder nor a zip file")

    def _walk(self) -> list[str]:
        found: list[str] = []
        for root, dirs, files in os.walk(self.path):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            rel = Path(root).relative_to(self.path)
            found.extend((rel / name).as_posix() for name in files if not name.startswith("."))
        return found

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def open(self, name: str) -> IO[bytes]:
        """The member as a binary stream; one of READ_ERRORS if it cannot be read."""
        if self._zip is not None:
            return self._zip.open(name)
        return open(self.path / name, "rb")

    def json(self, name: str) -> Any:
        """A member's parsed JSON; SourceError naming it if it is not JSON."""
        try:
            with self.open(name) as handle:
                return load_json(handle, self.location(name))
        except READ_ERRORS as exc:
            raise SourceError(f"{self.location(name)}: cannot read: {exc}") from None

    def head(self, name: str, size: int = SNIFF_BYTES) -> str:
        """The first `size` bytes of a member as text ("" if unreadable)."""
        try:
            with self.open(name) as handle:
                return head_text(handle.read(size))
        except READ_ERRORS:
            return ""

    def location(self, name: str) -> str:
        """How to find a member again: `<folder or zip>/<member>`."""
        return f"{self.path}/{name}"

    def find(self, suffix: str) -> str | None:
        """The shortest member path equal to `suffix` or ending in `/suffix` (exports nest a folder)."""
        lowered = suffix.lower()
        hits = [n for n in self.names if n.lower() == lowered or n.lower().endswith("/" + lowered)]
        return min(hits, key=len) if hits else None
