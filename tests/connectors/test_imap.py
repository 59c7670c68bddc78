"""IMAP sync against a real Dovecot on loopback: new mail, server deletions, UIDVALIDITY, bad password."""

from __future__ import annotations

import imaplib
import json
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import pytest
from click.testing import CliRunner, Result

from twin.cli import cli

from .. import imap_server

pytestmark = pytest.mark.skipif(not imap_server.available(), reason="dovecot-imapd is not installed (.ci/run installs it)")
PASSWORD = "s3cret-Pa55"


@pytest.fixture
def dovecot() -> Iterator[imap_server.Dovecot]:
    with imap_server.running(PASSWORD) as server:
        yield server


@pytest.fixture(autouse=True)
def hash_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWIN_EMBEDDER__MODEL", "hash")
    monkeypatch.setenv("IMAP_PW", PASSWORD)


def client(server: imap_server.Dovecot) -> imaplib.IMAP4:
    conn = imaplib.IMAP4("127.0.0.1", server.port)
    conn.login(server.user, server.password)
    return conn


def mail(subject: str, body: str, day: int, sender: str = "Anna Schmidt <anna.schmidt@atlas-labs.example>") -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "Maya Berg <maya.berg@posteo.example>"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime(2026, 3, day, 9, 30, tzinfo=timezone(timedelta(hours=1))))
    msg["Message-ID"] = make_msgid(domain="atlas-labs.example")
    msg.set_content(body)
    return bytes(msg)


def append(server: imap_server.Dovecot, folder: str, *messages: bytes) -> None:
    conn = client(server)
    if folder != "INBOX":
        conn.create(folder)
    for raw in messages:
        conn.append(folder, "", imaplib.Time2Internaldate(time.time()), raw)
    conn.logout()


def delete_first(server: imap_server.Dovecot, folder: str) -> None:
    conn = client(server)
    conn.select(folder)
    _typ, data = conn.uid("SEARCH", "ALL")
    conn.uid("STORE", data[0].split()[0], "+FLAGS", r"(\Deleted)")
    conn.expunge()
    conn.logout()


def twin(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def add_source(server: imap_server.Dovecot, *extra: str) -> Result:
    return twin("sources", "add", "imap", "work", "--host", "127.0.0.1", "--port", str(server.port),
                "--security", "none", "--user", server.user, "--password-env", "IMAP_PW", *extra)


def status() -> dict[str, object]:
    return json.loads(twin("status", "--json").stdout)  # type: ignore[no-any-return]


def test_sync_new_mail_deletions_and_uidvalidity(dovecot: imap_server.Dovecot) -> None:
    append(dovecot, "INBOX", mail("Budget", "The Q2 research budget is cut to 32,000 EUR.", 12),
           mail("Lunch", "Lunch on Friday at the canteen?", 13), mail("Lab", "UX Lab Mitte booked for 19-21 May.", 14))
    append(dovecot, "Archive", mail("Old", "An archived note about the kickoff.", 2))
    assert add_source(dovecot).exit_code == 0

    first = twin("sync")
    assert "4 added, 0 updated, 0 unchanged, 0 skipped" in first.stderr
    hits = json.loads(twin("search", "research budget 32,000", "--json").stdout)["hits"]
    assert hits[0]["title"] == "Budget" and hits[0]["kind"] == "email"
    assert hits[0]["location"].startswith("imap://alice@127.0.0.1/INBOX;UIDVALIDITY=")
    assert hits[0]["timestamp"] == "2026-03-12T09:30:00+01:00"

    again = twin("sync", "work")
    assert "0 added, 0 updated, 0 unchanged, 0 skipped; 0 chunks embedded" in again.stderr  # nothing fetched

    append(dovecot, "INBOX", mail("New", "A fresh message about the usability study.", 15))
    delete_first(dovecot, "INBOX")
    third = twin("sync")
    assert "1 added, 0 updated, 0 unchanged, 1 removed, 0 skipped" in third.stderr
    assert status()["records"] == 4
    assert json.loads(twin("search", "budget 32,000", "--json").stdout)["hits"][0]["title"] != "Budget"

    dovecot.doveadm("mailbox", "update", "-u", dovecot.user, "--uid-validity", "777", "INBOX")
    fourth = twin("sync")
    assert "3 added, 0 updated, 0 unchanged, 3 removed, 0 skipped" in fourth.stderr
    assert status()["records"] == 4  # resynced, nothing duplicated
    ids = [h["record_id"] for h in json.loads(twin("search", "usability study", "--json").stdout)["hits"]]
    assert any("/INBOX/777/" in i for i in ids)


def test_folders_included_and_excluded(dovecot: imap_server.Dovecot) -> None:
    append(dovecot, "INBOX", mail("In", "inbox mail", 3))
    append(dovecot, "Spam", mail("Win", "you won a prize", 4))
    assert add_source(dovecot, "--exclude", "Spam").exit_code == 0
    assert "1 added" in twin("sync").stderr
    bad = add_source(dovecot, "--folder", "Nope")
    assert bad.exit_code == 1
    assert bad.stderr.startswith("Error: no folder 'Nope' on the server (it has: INBOX, Spam)")


def test_wrong_password_is_one_line_and_never_shown(dovecot: imap_server.Dovecot,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMAP_PW", "wrong-Pa55word")
    result = CliRunner().invoke(cli, ["--debug", "sources", "add", "imap", "work", "--host", "127.0.0.1",
                                      "--port", str(dovecot.port), "--security", "none", "--user", "alice",
                                      "--password-env", "IMAP_PW"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"Error: source work: login failed for alice at 127.0.0.1:{dovecot.port}"
    assert "wrong-Pa55word" not in result.output
    # A source added without the check fails the same way at sync time, and the run still ends cleanly.
    assert add_source(dovecot, "--no-check").exit_code == 0
    synced = twin("sync")
    assert synced.exit_code == 0
    assert "skipped None: source work: login failed" not in synced.stderr
    assert "login failed for alice" in synced.stderr and "wrong-Pa55word" not in synced.output
    assert "0 added, 0 updated, 0 unchanged, 1 skipped" in synced.stderr


def test_missing_password_env_is_one_line(dovecot: imap_server.Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IMAP_PW")
    result = add_source(dovecot)
    assert result.exit_code == 1
    assert result.stderr == "Error: source work: environment variable IMAP_PW is not set\n"


def test_sources_list_and_remove(dovecot: imap_server.Dovecot) -> None:
    append(dovecot, "INBOX", mail("One", "just one message", 5))
    add_source(dovecot)
    twin("sync")
    listed = json.loads(twin("sources", "list", "--json").stdout)
    assert [(s["name"], s["connector"], s["records"]) for s in listed] == [("work", "imap", 1)]
    assert "password" not in json.dumps(listed).replace("password_env", "")
    assert twin("sources", "remove", "work", "--forget").stdout == "removed source work and forgot 1 records\n"
    assert status()["records"] == 0
    assert twin("sync").stderr.startswith("Error: no sources configured")
