"""The daemon's one writer thread: holds the writer lock, runs the jobs, enriches when the machine is idle."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from twin.errors import StoreError, TwinError
from twin.schema import Source
from twin.service.files import inbox_stamp, per_file, readable_files, record_prefixes, stale_records
from twin.service.state import ServiceState
from twin.service.work import Job, Work
from twin.store import Store, WriterLock

if TYPE_CHECKING:
    from ingest import Event, Ingester, Summary
    from twin.config import Config
    from twin.models.embedder import Embedder
    from twin.plugins import Registry

__all__ = ["INBOX", "Stopping", "Writer"]

logger = logging.getLogger(__name__)
INBOX = "inbox"
"""The name the inbox goes by in the status."""
LOCK_RETRY = 2.0


class Stopping(BaseException):  # like KeyboardInterrupt: not an error, never caught as one
    """Raised from the ingest callbacks after a committed batch when the daemon is told to stop."""


class Writer(threading.Thread):
    """Takes jobs from `work` one at a time; between batches it checks `stop`, so SIGTERM waits
    for the batch in hand only. Killed anywhere, the next start finishes what was left (the
    store's outbox) and the syncs it queues redo the rest."""

    def __init__(self, config: Config, embedder: Embedder, registry: Registry, *, store: Store, work: Work,
                 state: ServiceState, stop: threading.Event) -> None:
        super().__init__(name="twin-writer", daemon=True)
        self.config = config
        self.embedder = embedder
        self.registry = registry
        self.work = work
        self.state = state
        self.stop = stop
        self.ready = threading.Event()
        """Set once the writer lock is held and leftovers are finished."""
        self.inbox = Path(config.daemon.inbox).expanduser() if config.daemon.inbox else config.home / "inbox"
        self.store = store
        """Opened by the caller without the writer lock, which this thread takes (waiting for a
        one-shot `twin ingest` to end) before writing anything."""
        self._last_work = time.monotonic()
        self._enrich_due = True
        self._load_checked = 0.0

    def run(self) -> None:
        lock = self._acquire()
        try:
            if lock is None:
                return
            self._startup()
            self.ready.set()
            while not self.stop.is_set():
                job = self.work.take(timeout=1.0)
                if self.stop.is_set():
                    break
                if job is not None:
                    self._run(job)
                else:
                    self._maybe_enrich()
        except Stopping:
            logger.info("writer stopped after a committed batch")
        except Exception:
            logger.exception("the writer failed; the daemon stops")
            self.state.error("daemon", "the writer failed (traceback in the log); the daemon stops")
            self.stop.set()
        finally:
            self.state.end_ingest()
            self.store.close()
            if lock is not None:
                lock.release()

    def _acquire(self) -> WriterLock | None:
        """The writer lock, waiting while a one-shot `twin ingest` holds it."""
        lock = WriterLock(self.config.home)
        said = False
        while not self.stop.is_set():
            try:
                lock.acquire()
                if said:  # another writer wrote meanwhile: the readers' index is older than its work
                    self.store.vectors.reload()
                return lock
            except StoreError as exc:
                if not said:
                    logger.warning("%s; the daemon waits for it", exc)
                    said = True
                self.stop.wait(LOCK_RETRY)
        return None

    # -- jobs ----------------------------------------------------------------------------

    def _startup(self) -> None:
        """Finish what a killed run left, forget files deleted while the daemon was down, and
        queue a sync of every source and every inbox entry (changes made meanwhile)."""
        self.state.start_ingest("resuming", "daemon")
        self._ingester("daemon").sync([])  # pending windows and vectors first
        self.state.end_ingest()
        for source in self.store.catalog.sources():
            if source.path is not None and per_file(self.registry, source):
                self._forget(source, stale_records(self.store.catalog.record_ids(source=source.name),
                                                   record_prefixes(source.connector, source.path)))
            self.work.sync(source.name)
        if self.inbox.is_dir():
            for entry in sorted(self.inbox.iterdir()):
                self.work.inbox(entry)

    def _run(self, job: Job) -> None:
        name = job.source or INBOX
        self.state.set_state(name, "syncing")
        try:
            if job.kind == "inbox" and job.path is not None:
                self._import(job.path)
            else:
                self._sync(job)
        except Stopping:
            raise
        except TwinError as exc:
            logger.warning("%s: %s", name, exc)
            self.state.error(name, str(exc), broken=True)
        except Exception as exc:
            logger.exception("job %s of %s failed", job.kind, name)
            self.state.error(name, f"unexpected error: {exc!r} (traceback in the log)", broken=True)
        finally:
            self.state.end_ingest()
            self._last_work = time.monotonic()
        self.state.back_to_base(name)

    def _sync(self, job: Job) -> None:
        sources = {s.name: s for s in self.store.catalog.sources()}
        source = sources.get(job.source)
        if source is None:
            logger.info("source %s is gone; nothing to sync", job.source)
            return
        if job.kind == "sync":
            self.state.start_ingest("reading", source.name)
            summary = self._ingester(source.name).sync([source])
        else:
            assert source.path is not None
            if job.deleted:
                prefixes = [p for path in job.deleted for p in record_prefixes(source.connector, path)]
                self._forget(source, stale_records(self.store.catalog.record_ids(source=source.name), prefixes))
            files = readable_files(self.registry, source, job.changed)
            self.state.start_ingest("reading", source.name, len(files))
            summary = self._ingester(source.name).sync(
                [Source(source.name, source.connector, path, source.options) for path in files])
        self._done(source.name, summary)

    def _import(self, path: Path) -> None:
        stamp = inbox_stamp(path)
        key = f"daemon.inbox:{path}"
        if stamp is None or self.store.catalog.get_meta(key) == stamp:
            return
        self.state.start_ingest("reading", INBOX)
        summary = self._ingester(INBOX).ingest([path])
        for suffix, n in summary.unsupported.items():
            self.state.error(INBOX, f"{path.name}: no connector reads {n} file(s) of type {suffix or 'no suffix'}")
        self.store.catalog.set_meta(key, stamp)
        self._done(INBOX, summary)

    def _done(self, name: str, summary: Summary) -> None:
        self.state.synced(name)
        self.store.catalog.set_meta(f"daemon.last_sync:{name}", self.state.last_sync(name) or "")
        if summary.added or summary.updated or summary.removed:
            self._enrich_due = True
            logger.info("%s: %s", name, summary.line())

    def _forget(self, source: Source, ids: list[str]) -> None:
        if ids:
            n = self.store.forget(ids)
            self.store.catalog.people.rebuild()
            logger.info("%s: forgot %d records of deleted files", source.name, n)

    def _ingester(self, name: str) -> Ingester:
        from ingest import Ingester

        return Ingester(self.store, self.embedder, self.registry, self.config.ingest, on_event=self._on_event(name))

    def _on_event(self, name: str) -> Callable[[Event], None]:
        reading: list[str] = [name]
        """Where the source being read is (a whole source that fails is skipped under it)."""

        def on_event(event: Event) -> None:
            if event.kind == "source" and event.source is not None:
                reading[0] = str(event.source.path or event.source.name)
            elif event.kind == "skipped" and event.skipped is not None:
                self.state.error(name, str(event.skipped), broken=event.skipped.where == reading[0])
                logger.warning("%s: %s", name, event.skipped)
                return
            if event.kind in ("record", "embedded"):
                self.state.advance_ingest("reading" if event.kind == "record" else "embedding", event.count)
                if self.stop.is_set():
                    raise Stopping  # after a committed batch: nothing is half-written
        return on_event

    # -- enrichment when idle --------------------------------------------------------------

    def _maybe_enrich(self) -> None:
        cfg = self.config.daemon
        now = time.monotonic()
        if not cfg.idle_enrich or not self._enrich_due or now - self._last_work < cfg.idle_seconds:
            return
        if now - self._load_checked < 10.0:
            return
        self._load_checked = now
        if os.getloadavg()[0] / (os.cpu_count() or 1) >= cfg.idle_load:
            return
        from ingest.enrich import background_pass

        logger.info("idle: enriching for at most %.0f minutes", cfg.enrich_budget_minutes)
        try:
            counts = background_pass(self.store, self.embedder, self.config,
                                     budget_seconds=cfg.enrich_budget_minutes * 60,
                                     should_stop=lambda: self.stop.is_set() or self.work.pending(),
                                     progress=self.state.set_enrich)
        except TwinError as exc:
            self.state.error("enrich", str(exc))
            counts = {}
        finally:
            self.state.end_enrich()
            self._last_work = time.monotonic()
        logger.info("idle enrichment: %s", ", ".join(f"{k} {v}" for k, v in counts.items()) or "nothing")
        self._enrich_due = any(counts.values())
