"""The folder walk every reader of folders shares: sorted, hidden entries and build junk left out."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

__all__ = ["SKIP_DIRS", "visible", "walk_files"]

SKIP_DIRS = frozenset({"node_modules", "__pycache__"})


def visible(name: str, *, folder: bool) -> bool:
    return not name.startswith(".") and not (folder and name in SKIP_DIRS)


def walk_files(folder: Path) -> Iterator[Path]:
    """Every visible file under `folder`, sorted, without following folder symlinks."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if visible(d, folder=True))
        for name in sorted(files):
            if visible(name, folder=False):
                yield Path(root) / name
