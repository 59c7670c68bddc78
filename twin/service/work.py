"""The writer's to-do list: sources to sync, changed files per watched source, inbox drops."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Job", "Work"]


@dataclass(frozen=True)
class Job:
    """One unit of writing: `kind` is `sync` (a whole source), `files` (changed and deleted
    paths of one watched folder) or `inbox` (one dropped export)."""

    kind: str
    source: str = ""
    changed: tuple[Path, ...] = ()
    deleted: tuple[Path, ...] = ()
    path: Path | None = None


class Work:
    """Pending jobs, merged as they come in (a file changed twice is read once) and taken in
    order: whole-source syncs, then changed files, then inbox drops."""

    def __init__(self, batch_paths: int = 1000) -> None:
        self.batch_paths = batch_paths
        self._syncs: dict[str, None] = {}
        self._files: dict[str, dict[Path, bool]] = {}
        self._inbox: dict[Path, None] = {}
        self._cond = threading.Condition()

    def sync(self, name: str) -> None:
        with self._cond:
            self._syncs[name] = None
            # A whole sync reads the changed files too, but does not forget the deleted ones.
            deleted = {p: False for p, exists in self._files.pop(name, {}).items() if not exists}
            if deleted:
                self._files[name] = deleted
            self._cond.notify_all()

    def files(self, name: str, paths: dict[Path, bool]) -> None:
        """`paths`: each changed path, True when it exists now, False when it was deleted."""
        if not paths:
            return
        with self._cond:
            if name in self._syncs:
                deleted = {p: False for p, exists in paths.items() if not exists}
                if not deleted:
                    return
                paths = deleted  # a full sync does not forget deleted files: keep those
            self._files.setdefault(name, {}).update(paths)
            self._cond.notify_all()

    def inbox(self, path: Path) -> None:
        with self._cond:
            self._inbox[path] = None
            self._cond.notify_all()

    def pending(self) -> bool:
        with self._cond:
            return bool(self._syncs or self._files or self._inbox)

    def wake(self) -> None:
        with self._cond:
            self._cond.notify_all()

    def take(self, timeout: float) -> Job | None:
        """The next job, waiting up to `timeout` seconds for one."""
        with self._cond:
            if not (self._syncs or self._files or self._inbox):
                self._cond.wait(timeout)
            if self._syncs:
                name = next(iter(self._syncs))
                del self._syncs[name]
                return Job("sync", name)
            if self._files:
                return self._take_files()
            if self._inbox:
                path = next(iter(self._inbox))
                del self._inbox[path]
                return Job("inbox", path=path)
            return None

    def _take_files(self) -> Job:
        name = next(iter(self._files))
        paths = self._files[name]
        chosen = list(paths)[: self.batch_paths]
        batch = {p: paths.pop(p) for p in chosen}
        if not paths:
            del self._files[name]
        changed = tuple(sorted(p for p, exists in batch.items() if exists))
        deleted = tuple(sorted(p for p, exists in batch.items() if not exists))
        return Job("files", name, changed=changed, deleted=deleted)
