"""Opening a record's original with the system opener: the file, the page, or the mail as an .eml."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["Opener", "original_path", "system_open"]

Opener = Callable[[Path], None]
"""Opens a file with what the desktop uses for it (tests pass a recorder)."""
_FROM = re.compile(rb"^From \S+ ")


def system_open(path: Path) -> None:
    """`open` on macOS, `xdg-open` elsewhere; detached, its output discarded."""
    command = ["open", str(path)] if sys.platform == "darwin" else ["xdg-open", str(path)]
    subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True)


def original_path(location: str, scratch: Path | None = None) -> Path:
    """The file that shows a record's original: the path of `location` (a `#page=` or `#line`
    suffix dropped), or, for a message in an mbox (`<path>#<byte offset>`), that message
    written out as an .eml that a mail client opens.

    Raises:
        FileNotFoundError: the original is gone (moved, deleted, or a mail only on a server).
    """
    path_text, _, fragment = location.partition("#")
    path = Path(path_text)
    if not path.is_file():
        raise FileNotFoundError(f"the original is not at {path_text or location}")
    if fragment.isdigit() and path.suffix.lower() in {".mbox", ""} | {".mbx"} and _is_mbox(path):
        return _message_file(path, int(fragment), scratch or Path(tempfile.gettempdir()))
    return path


def _is_mbox(path: Path) -> bool:
    with open(path, "rb") as handle:
        return bool(_FROM.match(handle.readline()))


def _message_file(mbox: Path, offset: int, scratch: Path) -> Path:
    """The message at `offset` of `mbox`, up to the next From line, unescaped (mboxrd)."""
    lines: list[bytes] = []
    with open(mbox, "rb") as handle:
        handle.seek(offset)
        handle.readline()  # its own From line
        for line in handle:
            if _FROM.match(line):
                break
            lines.append(line[1:] if re.match(rb"^>+From ", line) else line)
    target = scratch / f"twin-{mbox.stem}-{offset}.eml"
    target.write_bytes(b"".join(lines))
    return target
