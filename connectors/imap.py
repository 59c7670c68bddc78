"""IMAP accounts kept in sync: new mail by UIDVALIDITY + UID per folder, server deletions mirrored."""

from __future__ import annotations

import json
import logging
import re
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote

from connectors.mail.parse import parse_message
from twin.errors import SourceError
from twin.schema import Cursor, Inventory, Item, Skipped, Source
from twin.secrets import password_for

__all__ = ["ImapConnector", "check_login", "connect"]

logger = logging.getLogger(__name__)
FETCH_BATCH = 50
_LIST_LINE = re.compile(rb'\((?P<flags>[^)]*)\) (?P<sep>"[^"]*"|NIL) (?P<name>.+)$')
SKIP_FLAGS = (b"\\Noselect", b"\\NonExistent")


def _ca_file() -> str | None:
    paths = ssl.get_default_verify_paths()
    if paths.cafile and Path(paths.cafile).exists():
        return paths.cafile
    try:
        import certifi
    except ImportError:
        return None
    return str(certifi.where())


def _hostname_check(host: str) -> Any:
    """imaplib2 checks the chain against the CA file but not the name: this does the name."""

    def check(cert: dict[str, Any], _hostname: str) -> str | None:
        names = [value for kind, value in cert.get("subjectAltName", ()) if kind in {"DNS", "IP Address"}]
        for name in names:
            if name.lower() == host.lower():
                return None
            if name.startswith("*.") and host.lower().endswith(name[1:].lower()) and host.count(".") == name.count("."):
                return None
        return f"certificate is for {', '.join(names) or 'no name'}, not {host}"

    return check


def connect(options: dict[str, Any], password: str, name: str) -> Any:
    """A logged-in imaplib2 connection; SourceError (without the password) when that fails."""
    import imaplib2

    host = str(options["host"])
    security = str(options.get("security", "tls"))
    port = int(options.get("port") or (993 if security == "tls" else 143))
    verify = bool(options.get("verify", True))
    tls: dict[str, Any] = {}
    if verify:
        tls = {"ca_certs": options.get("ca_file") or _ca_file(), "cert_verify_cb": _hostname_check(host)}
    try:
        if security == "tls":
            conn = imaplib2.IMAP4_SSL(host, port, timeout=60, **tls)
        else:
            conn = imaplib2.IMAP4(host, port, timeout=60)
            if security == "starttls":
                conn.starttls(**tls)
    except Exception as exc:  # noqa: BLE001 - socket, TLS and protocol errors all mean: cannot connect
        raise SourceError(f"source {name}: cannot connect to {host}:{port} ({security}): {exc}") from None
    try:
        conn.login(str(options["user"]), password)
    except Exception:  # noqa: BLE001 - the server's words may echo what was sent; never show them
        _close(conn)
        raise SourceError(f"source {name}: login failed for {options['user']} at {host}:{port}") from None
    return conn


def check_login(source: Source) -> None:
    """Log in, list the folders, log out: `twin sources add` reports a wrong host, password or
    folder name at once."""
    options = dict(source.options)
    conn = connect(options, password_for(source), source.name)
    try:
        _folders(conn, list(options.get("folders", [])), list(options.get("exclude", [])))
    finally:
        _close(conn)


def _close(conn: Any) -> None:
    try:
        conn.logout()
    except Exception as exc:  # noqa: BLE001 - a dead connection is closed either way
        logger.debug("logout failed: %s", exc)


def _folders(conn: Any, include: list[str], exclude: list[str]) -> list[str]:
    typ, data = conn.list()
    if typ != "OK":
        raise SourceError(f"LIST failed: {data!r}")
    names = []
    for line in data or []:
        if not isinstance(line, bytes) or not (match := _LIST_LINE.match(line)):
            continue
        if any(flag in match.group("flags") for flag in SKIP_FLAGS):
            continue
        raw = match.group("name").strip()
        names.append(raw[1:-1].decode("utf-8", "replace") if raw.startswith(b'"') else raw.decode("utf-8", "replace"))
    chosen = [n for n in names if (not include or n in include) and n not in exclude]
    missing = [n for n in include if n not in names]
    if missing:
        raise SourceError(f"no folder {missing[0]!r} on the server (it has: {', '.join(sorted(names))})")
    return sorted(chosen)


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


class ImapConnector:
    """An IMAP account, read-only. Record ids are `imap:<source>/<folder>/<uidvalidity>/<uid>`."""

    name: ClassVar[str] = "imap"
    priority: ClassVar[int] = 0

    def can_read(self, path: Path) -> bool:
        return False  # an account is added with `twin sources add imap`, never detected from a path

    def read(self, source: Source, since: str | None) -> Iterator[Item]:
        options = dict(source.options)
        conn = connect(options, password_for(source), source.name)
        cursors: dict[str, str] = json.loads(since) if since else {}
        try:
            for folder in _folders(conn, list(options.get("folders", [])), list(options.get("exclude", []))):
                yield from self._folder(conn, source, folder, cursors.get(f"folder:{folder}"))
        finally:
            _close(conn)

    def _folder(self, conn: Any, source: Source, folder: str, cursor: str | None) -> Iterator[Item]:
        typ, data = conn.select(_quoted(folder), readonly=True)
        if typ != "OK":
            yield Skipped(f"{source.name}/{folder}", f"cannot select folder: {data!r}")
            return
        validity = int(conn.response("UIDVALIDITY")[1][0])
        typ, data = conn.uid("SEARCH", "ALL")
        if typ != "OK":
            yield Skipped(f"{source.name}/{folder}", f"UID SEARCH failed: {data!r}")
            return
        uids = sorted(int(u) for u in (data[0] or b"").split())
        known_validity, _, last = (cursor or "").partition(":")
        last_uid = int(last) if known_validity == str(validity) and last else 0
        prefix = f"imap:{source.name}/{quote(folder, safe='')}/"
        # What the server has now; anything else stored under this folder (deleted mail, or
        # every message of an older UIDVALIDITY) is forgotten before new mail is fetched.
        yield Inventory(prefix, frozenset(f"{prefix}{validity}/{uid}" for uid in uids))
        new = [uid for uid in uids if uid > last_uid]
        host, user = source.options.get("host"), source.options.get("user")
        for start in range(0, len(new), FETCH_BATCH):
            part = new[start:start + FETCH_BATCH]
            typ, data = conn.uid("FETCH", ",".join(map(str, part)), "(UID RFC822)")
            if typ != "OK":
                yield Skipped(f"{source.name}/{folder} UIDs {part[0]}-{part[-1]}", f"FETCH failed: {data!r}")
                continue
            for uid, raw in _fetched(data):
                native = f"{source.name}/{quote(folder, safe='')}/{validity}/{uid}"
                parsed = parse_message(raw, connector=self.name, source=source.name, native_id=native,
                                       location=f"imap://{user}@{host}/{folder};UIDVALIDITY={validity}/;UID={uid}")
                yield from ([parsed] if isinstance(parsed, Skipped) else parsed)
            yield Cursor(f"folder:{folder}", f"{validity}:{part[-1]}")


def _fetched(data: list[Any]) -> Iterator[tuple[int, bytes]]:
    """(uid, raw message) pairs from a UID FETCH response."""
    for item in data:
        if not isinstance(item, tuple) or len(item) < 2:
            continue
        match = re.search(rb"UID (\d+)", item[0])
        if match:
            yield int(match.group(1)), item[1]
