"""Helpers for the mail tests: raw messages built from headers and a body, parsed as the connectors do."""

from __future__ import annotations

from pathlib import Path

from connectors.mail.parse import parse_message
from twin.schema import Record, Skipped

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "mail"

HEADERS = {
    "From": "Anna Schmidt <anna.schmidt@atlas-labs.example>",
    "To": "Maya Berg <maya.berg@mailbox.example>",
    "Subject": "Q2 research budget",
    "Date": "Thu, 12 Mar 2026 11:30:00 +0100",
    "Message-ID": "<budget@atlas-labs.example>",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=utf-8",
}


def mail(body: str | bytes = "The budget is cut to 32,000 EUR.\n", **headers: str | None) -> bytes:
    """A raw message: HEADERS with `Header_Name="value"` replacing (None removing) one, then the body."""
    fields = dict(HEADERS)
    for key, value in headers.items():
        name = next((k for k in fields if k.lower() == key.replace("_", "-").lower()), key.replace("_", "-"))
        if value is None:
            fields.pop(name, None)
        else:
            fields[name] = value
    head = "".join(f"{k}: {v}\n" for k, v in fields.items()).encode("utf-8")
    return head + b"\n" + (body.encode("utf-8") if isinstance(body, str) else body)


def multipart(parts: list[tuple[str, bytes | str]], subtype: str = "mixed", boundary: str = "b0undary",
              **headers: str | None) -> bytes:
    """A multipart message of (part headers, part body) pairs."""
    body = b""
    for head, content in parts:
        data = content.encode("utf-8") if isinstance(content, str) else content
        body += f"--{boundary}\n{head.strip()}\n\n".encode() + data + b"\n"
    body += f"--{boundary}--\n".encode()
    return mail(body, Content_Type=f'multipart/{subtype}; boundary="{boundary}"', **headers)


def parse(raw: bytes, **kw: object) -> list[Record] | Skipped:
    options: dict[str, object] = {"connector": "mbox", "source": "mail", "native_id": None,
                                  "location": "inbox.mbox#0"}
    options.update(kw)
    return parse_message(raw, **options)  # type: ignore[arg-type]


def one(raw: bytes, **kw: object) -> Record:
    """The mail record of a message that must parse."""
    records = parse(raw, **kw)
    assert isinstance(records, list), records
    return records[0]
