"""Which files of a watched source to read, which records a deleted file leaves, and inbox stamps."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from twin.plugins import Registry
from twin.schema import Source
from twin.walk import visible, walk_files

__all__ = ["inbox_stamp", "per_file", "readable_files", "record_prefixes", "stale_records", "watched"]


def per_file(registry: Registry, source: Source) -> bool:
    """Whether changes to the source are read file by file: a folder its connector does not
    claim as a whole (notes, documents); a maildir, an export or a single file is synced whole."""
    path = source.path
    if path is None or not path.is_dir():
        return False
    try:
        return not registry.get(source.connector).can_read(path)
    except Exception:  # noqa: BLE001 - an unloadable connector: a whole sync reports it
        return False


def watched(root: Path, path: Path) -> bool:
    """`path` is under `root` and neither it nor a folder on the way is hidden or build junk."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return False
    return all(visible(part, folder=n < len(parts) - 1) for n, part in enumerate(parts))


def readable_files(registry: Registry, source: Source, paths: Iterable[Path]) -> list[Path]:
    """The files among `paths` (folders walked) that the source's connector reads, as a folder sync would."""
    assert source.path is not None
    connector = registry.get(source.connector)
    found: dict[Path, None] = {}
    for path in paths:
        candidates = walk_files(path) if path.is_dir() else [path]
        for file in candidates:
            if watched(source.path, file) and file.is_file() and connector.can_read(file):
                found[file] = None
    return sorted(found)


def record_prefixes(connector: str, path: Path) -> list[str]:
    """The id of a file's record, `<connector>:<resolved path>`; its parts (`.../page/3`,
    `...#2`) and, for a folder, the records of its files are under it."""
    return [f"{connector}:{path.resolve()}"]


def stale_records(ids: Sequence[str], prefixes: Sequence[str]) -> list[str]:
    """Those of `ids` at or under one of `prefixes` whose file is gone: the nearest existing
    path on the way up from the id is a folder (or nothing)."""
    stale = []
    for record_id in ids:
        if not any(record_id == p or record_id.startswith((p + "/", p + "#")) for p in prefixes):
            continue
        _, _, rest = record_id.partition(":")
        if not _file_exists(rest):
            stale.append(record_id)
    return stale


def _file_exists(id_path: str) -> bool:
    path = Path(id_path.split("#", 1)[0])
    while True:
        if path.exists():
            return path.is_file()
        if path.parent == path:
            return False
        path = path.parent


def inbox_stamp(path: Path) -> str | None:
    """Size and modification time of a dropped file (or of every file of a dropped folder):
    an import is repeated only when this changes. None when the path is gone."""
    try:
        if path.is_file():
            st = path.stat()
            return f"{st.st_size}:{st.st_mtime_ns}"
        if path.is_dir():
            total, latest, count = 0, 0, 0
            for root, _dirs, names in os.walk(path):
                for name in names:
                    st = os.stat(os.path.join(root, name))
                    total, latest, count = total + st.st_size, max(latest, st.st_mtime_ns), count + 1
            return f"{count}:{total}:{latest}"
    except OSError:
        return None
    return None
