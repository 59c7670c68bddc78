"""IMAP push: one thread per account waits in IDLE and queues a sync when the server speaks.

The fetching is the connector's (`twin sync` reads the account from its cursors); this only
decides when. No IDLE on the server, or IDLE failing: polling every `poll_minutes`. A lost
connection is retried with a doubling wait, up to `reconnect_max_seconds`.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from twin.errors import SourceError
from twin.schema import Source
from twin.service.state import ServiceState
from twin.service.work import Work

__all__ = ["ImapWatcher"]

logger = logging.getLogger(__name__)


class ImapWatcher(threading.Thread):
    def __init__(self, source: Source, work: Work, state: ServiceState, *, poll_seconds: float,
                 reconnect_max: float) -> None:
        super().__init__(name=f"twin-imap-{source.name}", daemon=True)
        self.source = source
        self.work = work
        self.state = state
        self.poll_seconds = max(poll_seconds, 1.0)
        self.reconnect_max = max(reconnect_max, 1.0)
        self._stop = threading.Event()
        self._conn: Any = None
        self._lock = threading.Lock()

    def stop(self) -> None:
        """Leave IDLE (any other command ends it) and log out, in the background: a server that
        does not answer must not hold up the daemon's exit."""
        self._stop.set()
        with self._lock:
            conn = self._conn
        if conn is not None:
            threading.Thread(target=_logout, args=(conn, self.source.name), daemon=True).start()

    def run(self) -> None:
        wait = 1.0
        while not self._stop.is_set():
            try:
                self._session()
                wait = 1.0
            except Exception as exc:  # noqa: BLE001 - network, TLS, protocol: all mean reconnect
                if self._stop.is_set():
                    break
                message = str(exc) if isinstance(exc, SourceError) else f"connection lost: {exc!r}"
                logger.warning("imap %s: %s; retrying in %.0f s", self.source.name, message, wait)
                self.state.error(self.source.name, message, broken=True)
                self.state.set_base(self.source.name, "error")
                self._stop.wait(wait)
                wait = min(wait * 2, self.reconnect_max)
            finally:
                self._close()

    def _session(self) -> None:
        from connectors.imap import connect
        from twin.secrets import password_for

        conn = connect(dict(self.source.options), password_for(self.source), self.source.name)
        with self._lock:
            self._conn = conn
        if self._stop.is_set():
            return
        folder = _idle_folder(self.source)
        typ, data = conn.select(f'"{folder}"', readonly=True)
        if typ != "OK":
            raise SourceError(f"source {self.source.name}: cannot select {folder}: {data!r}")
        idle = "IDLE" in getattr(conn, "capabilities", ())
        self.state.set_base(self.source.name, "watching" if idle else "idle")
        logger.info("imap %s: connected, %s", self.source.name, f"IDLE on {folder}" if idle else "polling")
        self.work.sync(self.source.name)  # what came while we were away
        while not self._stop.is_set():
            if idle:
                typ, data = conn.idle(timeout=self.poll_seconds)
                if self._stop.is_set():
                    return
                if typ != "OK":
                    raise SourceError(f"source {self.source.name}: IDLE failed: {data!r}")
            else:
                if self._stop.wait(self.poll_seconds):
                    return
                conn.noop()  # a dead connection fails here, not in the sync
            # New mail, an expunge or the polling interval: the sync sees what changed.
            self.work.sync(self.source.name)

    def _close(self) -> None:
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None and not self._stop.is_set():
            _logout(conn, self.source.name)


def _logout(conn: Any, name: str) -> None:
    try:
        conn.logout()
    except Exception as exc:  # noqa: BLE001 - a dead connection is closed either way
        logger.debug("imap %s: logout: %s", name, exc)


def _idle_folder(source: Source) -> str:
    """IDLE watches one folder: INBOX unless the source names others (those are polled)."""
    folders = list(source.options.get("folders") or [])
    exclude = set(source.options.get("exclude") or [])
    if folders and "INBOX" not in folders:
        return str(folders[0])
    return "INBOX" if "INBOX" not in exclude else str(folders[0] if folders else "INBOX")
