"""The client of the local API: `twin search`/`twin ask` and the TUI talk to a running daemon through it.

Only the standard library: the CLI imports this on every query, and `connect` must answer in
milliseconds whether a daemon runs or not.
"""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from twin.errors import TwinError

__all__ = ["INFO_NAME", "DaemonClient", "DaemonError", "connect"]

INFO_NAME = "daemon.json"
"""In the home while the daemon runs: `{"pid", "socket", "port", "token", "started"}` (mode 0600)."""
PING_TIMEOUT = 1.0
"""A daemon that accepted the connection but does not answer a ping within this is taken as absent."""


class DaemonError(TwinError):
    """The daemon answered with an error, or stopped answering; the message is one line."""


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self._path)
        except OSError:
            sock.close()
            raise
        self.sock = sock


def connect(home: Path, timeout: float = 120.0) -> DaemonClient | None:
    """A client of the daemon of `home`, or None (quickly) when none answers; never raises for
    "not running". `timeout` applies to each later request."""
    try:
        info = json.loads((home / INFO_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict) or not (info.get("socket") or info.get("port")):
        return None
    client = DaemonClient(home, info, timeout=timeout)
    return client if client.ping() else None


class DaemonClient:
    """One HTTP request per call (a fresh connection each: safe from any thread)."""

    def __init__(self, home: Path, info: Mapping[str, Any], *, timeout: float = 120.0) -> None:
        self.home = home
        self.info = dict(info)
        self.timeout = timeout

    @property
    def pid(self) -> int:
        return int(self.info.get("pid") or 0)

    # -- the API -------------------------------------------------------------------------

    def ping(self) -> bool:
        try:
            data = self._call("GET", "/ping", timeout=PING_TIMEOUT)
        except DaemonError:
            return False
        return data.get("twin") == "daemon"

    def status(self) -> dict[str, Any]:
        return self._call("GET", "/status")

    def search(self, query: str, *, k: int | None = None, filters: Mapping[str, Any] | None = None,
               now: str | None = None, mode: str = "fused") -> dict[str, Any]:
        """Exactly what `twin search --json` prints."""
        return self._call("POST", "/search", {"query": query, "k": k, "filters": _filters(filters),
                                              "now": now, "mode": mode})

    def ask(self, question: str, *, filters: Mapping[str, Any] | None = None, now: str | None = None,
            generator: str | None = None) -> dict[str, Any]:
        """Exactly what `twin ask --json` prints."""
        return self._call("POST", "/ask", _ask_body(question, filters, now, generator))

    def ask_stream(self, question: str, *, filters: Mapping[str, Any] | None = None, now: str | None = None,
                   generator: str | None = None) -> Iterator[dict[str, Any]]:
        """`{"token": str}` as the generator writes, `{"warning": str}`, and last `{"answer": ...}`
        (the ask --json dict; with `replaced`: the final text differs from the streamed one)."""
        conn, response = self._open("POST", "/ask/stream", _ask_body(question, filters, now, generator))
        try:
            while line := response.readline():
                event = json.loads(line)
                if "error" in event:
                    raise DaemonError(_one_line(str(event["error"])))
                yield event
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise DaemonError(f"the daemon of {self.home} stopped answering: {exc}") from None
        finally:
            conn.close()

    def sync(self, names: Sequence[str] = ()) -> dict[str, Any]:
        """`{"queued": [names]}`: those sources (all when empty) are synced now."""
        return self._call("POST", "/sync", {"names": list(names)})

    def ingest(self, paths: Sequence[Path | str]) -> dict[str, Any]:
        """`{"queued": [paths]}`: each file or folder is imported once by the daemon's writer."""
        return self._call("POST", "/ingest", {"paths": [str(Path(p).expanduser().resolve()) for p in paths]})

    def add_folder(self, path: Path | str, name: str | None = None, connector: str = "files") -> dict[str, Any]:
        """Add a watched source: `{"name", "connector", "path", "queued": [name]}`."""
        return self._call("POST", "/sources", {"path": str(Path(path).expanduser().resolve()), "name": name,
                                               "connector": connector})

    # -- transport -----------------------------------------------------------------------

    def _connection(self, timeout: float) -> http.client.HTTPConnection:
        if self.info.get("socket"):
            return _UnixConnection(str(self.info["socket"]), timeout)
        return http.client.HTTPConnection("127.0.0.1", int(self.info["port"]), timeout=timeout)

    def _open(self, method: str, path: str, body: Mapping[str, Any] | None = None,
              timeout: float | None = None) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
        conn = self._connection(timeout or self.timeout)
        headers = {"Content-Type": "application/json"}
        if self.info.get("token"):
            headers["Authorization"] = f"Bearer {self.info['token']}"
        payload = json.dumps(body).encode("utf-8") if body is not None else None
        try:
            conn.request(method, path, body=payload, headers=headers)
            response = conn.getresponse()
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            raise DaemonError(f"the daemon of {self.home} did not answer: {exc}") from None
        if response.status != 200:
            try:
                message = str(json.loads(response.read()).get("error"))
            except (ValueError, AttributeError, OSError, http.client.HTTPException):
                message = f"HTTP {response.status} {response.reason}"
            conn.close()
            raise DaemonError(_one_line(message))
        return conn, response

    def _call(self, method: str, path: str, body: Mapping[str, Any] | None = None,
              timeout: float | None = None) -> dict[str, Any]:
        conn, response = self._open(method, path, body, timeout)
        try:
            data = json.loads(response.read())
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise DaemonError(f"the daemon of {self.home} sent a broken answer: {exc}") from None
        finally:
            conn.close()
        if not isinstance(data, dict):
            raise DaemonError(f"the daemon of {self.home} sent a broken answer")
        return data


def _filters(filters: Mapping[str, Any] | None) -> dict[str, Any]:
    filters = filters or {}
    return {"since": filters.get("since"), "until": filters.get("until"), "person": filters.get("person"),
            "sources": list(filters.get("sources") or ())}


def _ask_body(question: str, filters: Mapping[str, Any] | None, now: str | None,
              generator: str | None) -> dict[str, Any]:
    return {"question": question, "filters": _filters(filters), "now": now, "generator": generator}


def _one_line(message: str) -> str:
    return " ".join(message.split()) or "the daemon reported an error"
