"""The folder walk every reader of folders shares: sorted, hidden entries and build junk left out."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from twin.errors import SourceError
from twin.schema import Source

__all__ = ["SKIP_DIRS", "source_files", "visible", "walk_files"]

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


def source_files(source: Source, accept: Callable[[Path], bool]) -> Iterator[Path]:
    """The file a source names, or the files of its folder that `accept` takes; SourceError when
    the source has no path or the path does not exist (nothing of it is readable)."""
    if source.path is None:
        raise SourceError(f"source {source.name}: no path")
    root = source.path
    if root.is_dir():
        yield from (path for path in walk_files(root) if accept(path))
    elif root.exists():
        yield root
    else:
        raise SourceError(f"{root}: no such file or folder")
