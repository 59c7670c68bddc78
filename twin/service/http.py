"""The local API's transport: HTTP/1.1 with JSON over a Unix socket (mode 0600), or loopback TCP with a token."""

from __future__ import annotations

import hmac
import json
import logging
import os
import secrets
import socket
import socketserver
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, Protocol

from twin.errors import TwinError

__all__ = ["Listening", "NotFound", "Routes", "listen"]

logger = logging.getLogger(__name__)
MAX_BODY = 1 << 20
SOCKET_NAME = "daemon.sock"


class NotFound(TwinError):
    """No such endpoint."""


class Routes(Protocol):
    """What the server calls: a JSON object back, or an iterator of them (streamed as NDJSON)."""

    def handle(self, method: str, path: str, body: dict[str, Any]) -> dict[str, Any] | Iterator[dict[str, Any]]: ...


@dataclass(frozen=True)
class Listening:
    server: socketserver.BaseServer
    socket: str | None
    port: int | None
    token: str | None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Serving  # type: ignore[assignment]

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def address_string(self) -> str:
        return "local"  # a Unix socket's peer has no address

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("api: " + format, *args)

    def _dispatch(self, method: str) -> None:
        token = self.server.token
        if token is not None and not _authorized(self.headers.get("Authorization", ""), token):
            self._send(401, {"error": "missing or wrong token (see daemon.json in the home)"})
            return
        try:
            body = self._body()
            result = self.server.routes.handle(method, self.path.split("?", 1)[0], body)
            if isinstance(result, dict):
                self._send(200, result)
                return
            first = next(result, None)  # errors before the first event get a status code
        except NotFound as exc:
            self._send(404, {"error": str(exc)})
            return
        except TwinError as exc:
            self._send(400, {"error": str(exc)})
            return
        except Exception as exc:
            logger.exception("api: %s %s failed", method, self.path)
            self._send(500, {"error": f"unexpected error in the daemon: {exc!r} (see its log)"})
            return
        self._stream(first, result)

    def _body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise TwinError(f"request body too large ({length} bytes)")
        if not length:
            return {}
        try:
            data = json.loads(self.rfile.read(length))
        except ValueError as exc:
            raise TwinError(f"request body is not JSON: {exc}") from None
        if not isinstance(data, dict):
            raise TwinError("request body must be a JSON object")
        return data

    def _send(self, status: int, data: dict[str, Any]) -> None:
        payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _stream(self, first: dict[str, Any] | None, rest: Iterator[dict[str, Any]]) -> None:
        """NDJSON over chunked encoding, one event a line, flushed as it comes."""
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            if first is not None:
                self._chunk(first)
            for event in rest:
                self._chunk(event)
        except (BrokenPipeError, ConnectionResetError):
            logger.info("api: the client left during a streamed answer")
            return
        except TwinError as exc:
            self._chunk({"error": str(exc)})
        except Exception as exc:
            logger.exception("api: stream %s failed", self.path)
            self._chunk({"error": f"unexpected error in the daemon: {exc!r} (see its log)"})
        finally:
            close = getattr(rest, "close", None)
            if close is not None:
                close()  # gives the query handle back at once, even when the client left
        self.wfile.write(b"0\r\n\r\n")

    def _chunk(self, event: dict[str, Any]) -> None:
        line = json.dumps(event, ensure_ascii=False).encode("utf-8") + b"\n"
        self.wfile.write(f"{len(line):x}\r\n".encode() + line + b"\r\n")
        self.wfile.flush()


def _authorized(header: str, token: str) -> bool:
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


class _Serving(socketserver.ThreadingMixIn):
    daemon_threads = True
    routes: Routes
    token: str | None = None


class _UnixServer(_Serving, socketserver.UnixStreamServer):
    def verify_request(self, request: Any, client_address: Any) -> bool:
        """Besides the socket's mode: only this user (or root) may talk to the daemon."""
        if not hasattr(socket, "SO_PEERCRED"):
            return True
        creds = request.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
        _pid, uid, _gid = struct.unpack("3i", creds)
        if uid in (os.getuid(), 0):
            return True
        logger.warning("api: refused a connection from uid %d", uid)
        return False


class _TcpServer(_Serving, socketserver.TCPServer):
    allow_reuse_address = True


def listen(home: Path, routes: Routes, transport: str = "auto") -> Listening:
    """Bind the API: `HOME/daemon.sock` (mode 0600), else (or with `tcp`) 127.0.0.1 on a
    random port with a token. Never another interface."""
    if transport not in ("auto", "unix", "tcp"):
        raise TwinError(f"daemon.transport must be auto, unix or tcp, not {transport!r}")
    if transport != "tcp" and hasattr(socket, "AF_UNIX"):
        try:
            return _listen_unix(home / SOCKET_NAME, routes)
        except OSError as exc:
            if transport == "unix":
                raise TwinError(f"cannot listen on {home / SOCKET_NAME}: {exc}") from exc
            logger.warning("cannot listen on %s (%s): using loopback TCP with a token", home / SOCKET_NAME, exc)
    server = _TcpServer(("127.0.0.1", 0), _Handler)
    server.routes = routes
    server.token = secrets.token_urlsafe(32)
    return Listening(server, None, int(server.server_address[1]), server.token)


def _listen_unix(path: Path, routes: Routes) -> Listening:
    path.unlink(missing_ok=True)  # left by a killed daemon: the caller holds the daemon lock
    old = os.umask(0o177)  # created 0600: no window in which another user could connect
    try:
        server = _UnixServer(str(path), _Handler)
    finally:
        os.umask(old)
    os.chmod(path, 0o600)
    server.routes = routes
    return Listening(server, str(path), None, None)
