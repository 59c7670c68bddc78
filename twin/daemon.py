"""The background service: one per home, keeping sources in sync and serving warm queries.

    twin daemon run
      ├── DaemonLock        HOME/daemon.lock (flock: a killed daemon's lock goes with it)
      ├── Writer thread     the writer lock; syncs, changed files, inbox drops, idle enrichment
      ├── Watcher           watchdog on path sources and the inbox, debounced
      ├── ImapWatcher × n   IDLE per account, else polling; reconnects with backoff
      └── API               HTTP over HOME/daemon.sock (0600) or loopback TCP + token;
                            warm read handles (SQLite WAL readers never wait for the writer)
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import signal
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from twin.client import INFO_NAME
from twin.config import Config
from twin.errors import TwinError
from twin.store.lock import PidLock

__all__ = ["Daemon", "DaemonLock", "running_pid"]

logger = logging.getLogger(__name__)
LOCK_NAME = "daemon.lock"
WRITER_STOP_SECONDS = 20.0


class DaemonLock(PidLock):
    """An flock on `HOME/daemon.lock` holding the daemon's pid; the kernel drops it with the process."""

    def __init__(self, home: Path) -> None:
        super().__init__(home / LOCK_NAME,
                         lambda holder: TwinError(f"a twin daemon already runs for {home} (pid {holder})"))


def running_pid(home: Path) -> int | None:
    """The pid of the daemon of `home`, or None when none holds its lock."""
    try:
        handle = open(home / LOCK_NAME)  # noqa: SIM115 - closed below
    except OSError:
        return None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            text = handle.read().strip()
            return int(text) if text.isdigit() else -1
        fcntl.flock(handle, fcntl.LOCK_UN)
    return None


def _limit_blas(threads: int) -> None:
    """NumPy's BLAS threads (read when NumPy loads; torch has its own pool)."""
    if threads <= 0 or "OPENBLAS_NUM_THREADS" in os.environ:
        return
    if "numpy" in sys.modules:
        logger.warning("NumPy is loaded already: daemon.query_threads has no effect")
        return
    os.environ["OPENBLAS_NUM_THREADS"] = str(threads)


class Daemon:
    """`run()` blocks until SIGTERM/SIGINT (or `stop()`), then stops within seconds."""

    def __init__(self, config: Config, *, transport: str | None = None) -> None:
        self.config = config
        self.home = config.home
        self.transport = transport or config.daemon.transport
        self.stop_event = threading.Event()
        self._parts: dict[str, Any] = {}

    def stop(self) -> None:
        self.stop_event.set()

    def run(self) -> None:
        lock = DaemonLock(self.home)
        lock.acquire()
        _limit_blas(self.config.daemon.query_threads)
        try:
            if threading.current_thread() is threading.main_thread():
                for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                    signal.signal(sig, lambda *_: self.stop_event.set())
            self._info_path.unlink(missing_ok=True)  # left by a killed daemon
            self._start()
            logger.info("daemon %d ready for %s", os.getpid(), self.home)
            while not self.stop_event.wait(0.5):
                pass
            logger.info("daemon %d stopping", os.getpid())
        finally:
            self._shutdown()
            lock.release()
        logger.info("daemon %d stopped", os.getpid())

    @property
    def _info_path(self) -> Path:
        return self.home / INFO_NAME

    def _start(self) -> None:
        from twin.models.embedder import make_embedder
        from twin.plugins import Registry
        from twin.service.queries import Generators, Readers
        from twin.service.state import ServiceState
        from twin.service.work import Work
        from twin.service.writer import Writer
        from twin.store import Store

        cfg = self.config
        # Two instances of the model: queries stay on the small single-threaded path while the
        # writer's bulk embedding loads torch with its own threads.
        embedder = make_embedder(cfg.embedder.model, batch_size=cfg.embedder.batch_size, threads=cfg.embedder.threads)
        embedder.embed(["warm up"])
        bulk = make_embedder(cfg.embedder.model, batch_size=cfg.embedder.batch_size, threads=cfg.embedder.threads)
        registry = Registry()
        state = ServiceState()
        work = Work(cfg.daemon.batch_paths)
        readers = self._parts["readers"] = Readers(cfg, embedder, cfg.daemon.readers)
        readers.warm()
        sources = self._known_sources(readers, state)
        store = Store(self.home, chroma_url=cfg.store.chroma_url)
        store.vectors.collection()
        writer = self._parts["writer"] = Writer(cfg, bulk, registry, store=store, work=work, state=state,
                                                      stop=self.stop_event)
        writer.start()
        watcher = self._start_watcher(registry, work, state, writer.inbox, sources)
        self._start_imap(work, state, sources)

        def sources_changed(now: list[Any]) -> None:
            watcher.watch(now)
            self._start_imap(work, state, now)

        self._serve(readers, Generators(self.home), state=state, work=work, registry=registry,
                    changed=sources_changed)

    def _known_sources(self, readers: Any, state: Any) -> list[Any]:
        from twin.service.writer import INBOX

        with readers.reader() as reader:
            sources = reader.store.catalog.sources()
            state.ensure(INBOX, "inbox")
            for source in sources:
                state.ensure(source.name, source.connector)
            for name in [INBOX, *(s.name for s in sources)]:
                if last := reader.store.catalog.get_meta(f"daemon.last_sync:{name}"):
                    state.synced(name, last)
        return list(sources)

    def _start_watcher(self, registry: Any, work: Any, state: Any, inbox: Path, sources: list[Any]) -> Any:
        from twin.service.watcher import Watcher

        inbox.mkdir(parents=True, exist_ok=True)
        cfg = self.config.daemon
        watcher = self._parts["watcher"] = Watcher(registry, work, state, inbox=inbox, debounce=cfg.debounce_seconds,
                                                   max_write_wait=cfg.max_write_wait_seconds)
        watcher.start(sources)
        state.set_base("inbox", "watching")
        return watcher

    def _start_imap(self, work: Any, state: Any, sources: list[Any]) -> None:
        from twin.service.imap_idle import ImapWatcher

        idlers: dict[str, ImapWatcher] = self._parts.setdefault("imap", {})
        cfg = self.config.daemon
        for source in sources:
            if source.connector == "imap" and source.name not in idlers:
                idler = ImapWatcher(source, work, state, poll_seconds=cfg.poll_minutes * 60,
                                    reconnect_max=cfg.reconnect_max_seconds)
                idlers[source.name] = idler
                idler.start()

    def _serve(self, readers: Any, generators: Any, *, state: Any, work: Any, registry: Any, changed: Any) -> None:
        from twin.service.api import Api
        from twin.service.http import listen

        started = datetime.now().astimezone()
        api = Api(self.config, readers, generators, state, work, registry, changed, started, {})
        listening = listen(self.home, api, self.transport)
        api.listening.update({"socket": listening.socket, "port": listening.port})
        self._parts["server"] = listening
        thread = threading.Thread(target=listening.server.serve_forever, kwargs={"poll_interval": 0.2},
                                  name="twin-api", daemon=True)
        thread.start()
        self._write_info({"pid": os.getpid(), "socket": listening.socket, "port": listening.port,
                          "token": listening.token, "started": started.isoformat(timespec="seconds")})

    def _write_info(self, info: dict[str, Any]) -> None:
        """`daemon.json`, mode 0600 from the start, replaced atomically."""
        tmp = self.home / f".{INFO_NAME}.{os.getpid()}"
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(info, handle)
        os.replace(tmp, self._info_path)

    def _shutdown(self) -> None:
        """Stop listening first (clients fall back to in-process), then the sources, then the writer."""
        self.stop_event.set()
        self._info_path.unlink(missing_ok=True)
        listening = self._parts.get("server")
        if listening is not None:
            listening.server.shutdown()
            listening.server.server_close()
            if listening.socket:
                Path(listening.socket).unlink(missing_ok=True)
        if (watcher := self._parts.get("watcher")) is not None:
            watcher.stop()
        for idler in self._parts.get("imap", {}).values():
            idler.stop()
        writer = self._parts.get("writer")
        if writer is not None:
            writer.work.wake()
            writer.join(timeout=WRITER_STOP_SECONDS)
            if writer.is_alive():
                logger.warning("the writer did not stop within %.0f s; leaving it to the next start",
                               WRITER_STOP_SECONDS)
        if (readers := self._parts.get("readers")) is not None:
            readers.close()
