"""New mail reaches the running daemon through IDLE on a real Dovecot, and again after the server went away."""

from __future__ import annotations

import imaplib
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import pytest

from twin.client import DaemonClient

from .. import imap_server
from .conftest import DaemonProcess, twin, wait_for

pytestmark = pytest.mark.skipif(not imap_server.available(), reason="dovecot-imapd is not installed (.ci/run installs it)")
PASSWORD = "s3cret-Pa55"


@pytest.fixture
def dovecot() -> Iterator[imap_server.Dovecot]:
    with imap_server.running(PASSWORD) as server:
        yield server


def append(server: imap_server.Dovecot, subject: str, body: str) -> None:
    msg = EmailMessage()
    msg["From"] = "Anna Schmidt <anna.schmidt@atlas-labs.example>"
    msg["To"] = "Maya Berg <maya.berg@posteo.example>"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime(2026, 3, 9, 9, 30, tzinfo=timezone(timedelta(hours=1))))
    msg["Message-ID"] = make_msgid(domain="atlas-labs.example")
    msg.set_content(body)
    conn = imaplib.IMAP4("127.0.0.1", server.port)
    conn.login(server.user, server.password)
    conn.append("INBOX", "", imaplib.Time2Internaldate(time.time()), bytes(msg))
    conn.logout()


def _has(client: DaemonClient, word: str) -> bool:
    return any(word in hit["text"] for hit in client.search(word)["hits"])


def test_new_mail_arrives_through_idle_and_after_reconnecting(dovecot: imap_server.Dovecot, daemon: DaemonProcess,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMAP_PW", PASSWORD)
    append(dovecot, "Budget", "The research budget is cut to 32,000 EUR.")
    added = twin("sources", "add", "imap", "mail", "--host", "127.0.0.1", "--port", str(dovecot.port),
                 "--security", "none", "--user", "alice", "--password-env", "IMAP_PW")
    assert added.exit_code == 0, added.output
    daemon.env.update(IMAP_PW=PASSWORD, TWIN_DAEMON__POLL_MINUTES="30", TWIN_DAEMON__RECONNECT_MAX_SECONDS="1")
    client = daemon.start()
    assert client is not None
    wait_for(lambda: _has(client, "32,000"), what="the first sync")
    wait_for(lambda: client.status()["sources"]["mail"]["state"] == "watching", what="IDLE")

    started = time.monotonic()
    append(dovecot, "Kyoto", "The ryokan in Kyoto is booked for three nights.")
    wait_for(lambda: _has(client, "ryokan"), timeout=10, what="the mail pushed through IDLE")
    assert time.monotonic() - started < 5  # polling is set to 30 minutes: only IDLE explains this

    dovecot.stop()  # the network goes away
    wait_for(lambda: client.status()["sources"]["mail"]["state"] == "error", what="the lost connection")
    assert "mail" in {e["source"] for e in client.status()["errors"]}
    dovecot.start()
    wait_for(lambda: client.status()["sources"]["mail"]["state"] == "watching", timeout=20, what="reconnecting")
    append(dovecot, "Canal", "Ran 7 km along the canal in the cold.")
    wait_for(lambda: _has(client, "canal"), timeout=10, what="mail after reconnecting")
    assert client.status()["sources"]["mail"]["records"] == 3
    code, seconds = daemon.terminate()
    assert code == 0 and seconds < 5, (code, seconds)  # IDLE does not hold up SIGTERM
