"""Watched folders: filesystem events (watchdog), debounced, turned into the writer's jobs."""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from twin.errors import TwinError
from twin.plugins import Registry
from twin.schema import Source
from twin.service.files import per_file, watched
from twin.service.state import ServiceState
from twin.service.work import Work

__all__ = ["Watcher"]

logger = logging.getLogger(__name__)
TICK = 0.2


@dataclass(frozen=True)
class _Route:
    root: Path
    source: str | None
    """None: the inbox."""
    per_file: bool
    single: bool = False
    """The source is one file: only events on that path count."""


@dataclass
class _Pending:
    last: float
    writing: bool
    """Changed and not yet closed: a file still being written waits for its close."""


class Watcher:
    """Schedules a watchdog observer on every path source and on the inbox. A path is handed to
    the writer once no event touched it for `debounce_seconds`, and, where the platform reports
    closes (inotify), once the writer of the file has closed it."""

    def __init__(self, registry: Registry, work: Work, state: ServiceState, *, inbox: Path,
                 debounce: float, max_write_wait: float) -> None:
        try:
            from watchdog.observers import Observer
        except ImportError:
            raise TwinError("the daemon watches folders with watchdog: pip install 'twin[daemon]'") from None
        self.registry = registry
        self.work = work
        self.state = state
        self.inbox = inbox
        self.debounce = debounce
        self.max_write_wait = max_write_wait
        self.observer: Any = Observer()
        self._closes = type(self.observer).__name__ == "InotifyObserver"
        self._routes: list[_Route] = []
        self._pending: dict[Path, _Pending] = {}
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._ticker = threading.Thread(target=self._tick, name="twin-debounce", daemon=True)

    def start(self, sources: list[Source]) -> None:
        self.inbox.mkdir(parents=True, exist_ok=True)
        self.watch(sources)
        self.observer.start()
        self._ticker.start()

    def stop(self) -> None:
        self._stopped.set()
        self.observer.stop()
        self.observer.join(timeout=5)
        if self._ticker.is_alive():
            self._ticker.join(timeout=2)

    def watch(self, sources: list[Source]) -> None:
        """(Re)schedule the observer on the inbox and the paths of `sources`."""
        routes = [_Route(self.inbox.resolve(), None, False)]
        for source in sources:
            if source.path is None:
                continue
            if not source.path.exists():
                self.state.error(source.name, f"{source.path}: no such file or folder; not watched", broken=True)
                continue
            single = source.path.is_file()
            routes.append(_Route(source.path, source.name, per_file(self.registry, source), single))
        handler = _Handler(self)
        self.observer.unschedule_all()
        scheduled: set[tuple[Path, bool]] = set()
        for route in routes:
            where, recursive = (route.root.parent, False) if route.single else (route.root, True)
            if (where, recursive) in scheduled:
                continue
            try:
                self.observer.schedule(handler, str(where), recursive=recursive)
                scheduled.add((where, recursive))
            except OSError as exc:  # e.g. the inotify watch limit
                self.state.error(route.source or "inbox", f"cannot watch {where}: {exc}", broken=True)
                continue
            if route.source is not None:
                self.state.set_base(route.source, "watching")
        with self._lock:
            self._routes = routes

    # -- events --------------------------------------------------------------------------

    def note(self, path: Path, *, writing: bool = False, closed: bool = False) -> None:
        now = time.monotonic()
        with self._lock:
            pending = self._pending.get(path)
            if pending is None:
                self._pending[path] = _Pending(now, writing and self._closes)
                return
            pending.last = now
            if closed:
                pending.writing = False
            elif writing and self._closes:
                pending.writing = True

    def _tick(self) -> None:
        while not self._stopped.wait(TICK):
            try:
                self._settle()
            except Exception:
                logger.exception("watcher: settling changes failed")

    def _settle(self) -> None:
        now = time.monotonic()
        with self._lock:
            due = [p for p, pending in self._pending.items()
                   if now - pending.last >= self.debounce
                   and (not pending.writing or now - pending.last >= self.max_write_wait)]
            for path in due:
                del self._pending[path]
            routes = list(self._routes)
        if not due:
            return
        files: dict[str, dict[Path, bool]] = {}
        for path in due:
            exists = path.exists()
            for route in routes:
                self._route(route, path, exists, files)
        for name, paths in files.items():
            self.work.files(name, paths)

    def _route(self, route: _Route, path: Path, exists: bool, files: dict[str, dict[Path, bool]]) -> None:
        if route.single:
            if path == route.root and route.source is not None:
                self.work.sync(route.source)
            return
        if path == route.root or not watched(route.root, path):
            return
        if route.source is None:
            entry = route.root / path.relative_to(route.root).parts[0]
            if entry.exists():
                self.work.inbox(entry)
        elif route.per_file:
            files.setdefault(route.source, {})[path] = exists
        else:
            self.work.sync(route.source)


def _path(raw: str | bytes) -> Path:
    return Path(os.fsdecode(raw))


class _Handler:
    """A watchdog event handler (duck-typed: `dispatch` is all the observer calls)."""

    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher

    def dispatch(self, event: Any) -> None:
        kind = event.event_type
        if kind in ("opened", "closed_no_write") or (event.is_directory and kind == "modified"):
            return  # reads (ours included) and folder timestamps say nothing new
        note = self.watcher.note
        src = _path(event.src_path)
        if kind == "moved":
            note(src)
            note(_path(event.dest_path))
        elif kind == "closed":
            note(src, closed=True)
        elif kind in ("created", "modified"):
            note(src, writing=not event.is_directory)
        else:
            note(src)
