"""Benchmark: mbox ingest throughput in messages/s, parsing alone and through Ingester.

Run from the repository root: `.venv/bin/python bench/mbox_rate.py [--messages 5000]`.

Generates a Gmail-Takeout-like mbox (CRLF, X-GM-THRID, X-Gmail-Labels; plain, quoted-printable
and HTML-alternative bodies, quoted replies, some PDF and .ics attachments), then times:

- **parse**: `MboxConnector.read` alone (splitting, MIME parsing, quote stripping);
- **ingest, hash embedder**: `Ingester(...).ingest([mbox])` into a fresh store with
  `HashEmbedder`: parsing + chunking + catalog + Chroma, without the model;
- **ingest, MiniLM**: the same with the bundled `SentenceEmbedder()` (warm), i.e. what a user gets;
- **re-ingest**: the same mbox again into the MiniLM store (nothing may be added).

There is no enrichment step in the pipeline, so "enrichment off" is the default.
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # `bench` is not an installed package
for _var, _value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"), ("ANONYMIZED_TELEMETRY", "False")):
    os.environ.setdefault(_var, _value)

from bench.corpus import PEOPLE, note_text  # noqa: E402
from bench.machine import Busy, describe, load_average  # noqa: E402
from connectors.mail.mbox import MboxConnector  # noqa: E402
from ingest import Ingester  # noqa: E402
from twin.models.embedder import Embedder, HashEmbedder, SentenceEmbedder  # noqa: E402
from twin.plugins import Registry  # noqa: E402
from twin.schema import Record, Source  # noqa: E402
from twin.store import Store  # noqa: E402

START = datetime(2023, 1, 1, tzinfo=UTC)
LABELS = ["Inbox", "Inbox,Important", "Sent", "Inbox,Category Updates", "Archived", "Inbox,Travel"]


def _address(name: str) -> str:
    return f"{name} <{name.lower().replace(' ', '.')}@mail.example>"


def _body(rng: random.Random) -> str:
    """One to four paragraphs of a generated note, the heading dropped: 40-400 words."""
    paragraphs = [p for p in note_text(rng).split("\n\n")[1:] if p.strip()]
    return "\n\n".join(paragraphs[:rng.randint(1, 4)]) + "\n"


def _message(rng: random.Random, i: int, previous: list[tuple[str, str, str]]) -> bytes:
    """Message `i`: a reply to an earlier one a third of the time; headers as Gmail Takeout writes them."""
    sender, to = rng.sample(PEOPLE, 2)
    when = START + timedelta(minutes=37 * i + rng.randint(0, 30))
    date = format_datetime(when.astimezone(timezone(timedelta(hours=rng.choice([1, 2, -5, 9])))))
    message_id = f"<{i}.{rng.getrandbits(40):x}@mail.example>"
    subject, body, refs, thread = f"Note {i}", _body(rng), "", f"{1800000000000000000 + i}"
    if previous and rng.random() < 0.33:
        parent_id, parent_subject, thread = rng.choice(previous[-50:])
        subject, refs = f"Re: {parent_subject}", f"In-Reply-To: {parent_id}\r\nReferences: {parent_id}\r\n"
        quoted = "\n".join("> " + line for line in _body(rng).split("\n"))
        body += f"\nOn {when:%a, %d %b %Y} at 10:00, {_address(to)} wrote:\n{quoted}\n"
    previous.append((message_id, subject, thread))
    head = (f"X-GM-THRID: {thread}\r\nX-Gmail-Labels: {rng.choice(LABELS)}\r\nFrom: {_address(sender)}\r\n"
            f"To: {_address(to)}\r\nSubject: {subject}\r\nDate: {date}\r\n"
            f"Message-ID: {message_id}\r\n{refs}MIME-Version: 1.0\r\n")
    text_part = "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body
    roll = rng.random()
    if roll < 0.6:
        return (head + text_part).encode()
    parts = [text_part]
    if roll < 0.85:
        html = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
        parts = ["Content-Type: multipart/alternative; boundary=alt\r\n\r\n--alt\r\n" + text_part +
                 "\r\n--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>" + html +
                 "</body></html>\r\n--alt--\r\n"]
    if roll >= 0.85 or rng.random() < 0.1:
        data = base64.encodebytes(rng.randbytes(rng.randint(2000, 40000))).decode()
        parts.append(f"Content-Type: application/pdf; name=doc{i}.pdf\r\nContent-Disposition: attachment; "
                     f"filename=doc{i}.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n{data}")
    if rng.random() < 0.02:
        parts.append(f"Content-Type: text/calendar; charset=utf-8\r\nContent-Disposition: attachment; "
                     f"filename=invite{i}.ics\r\n\r\nBEGIN:VCALENDAR\r\nSUMMARY:Meeting {i}\r\nEND:VCALENDAR\r\n")
    mixed = "".join(f"--mix\r\n{p}\r\n" for p in parts) + "--mix--\r\n"
    return (head + "Content-Type: multipart/mixed; boundary=mix\r\n\r\n" + mixed).encode()


def write_mbox(path: Path, count: int, seed: int = 7) -> int:
    """The mbox with `count` messages; returns its size in bytes."""
    rng = random.Random(seed)
    previous: list[tuple[str, str, str]] = []
    with open(path, "wb") as handle:
        for i in range(count):
            raw = _message(rng, i, previous).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
            raw = raw.replace(b"\r\nFrom ", b"\r\n>From ")
            stamp = START + timedelta(minutes=37 * i)
            handle.write(f"From {1800000000000000000 + i}@xxx {stamp:%a %b %d %H:%M:%S} +0000 {stamp:%Y}\r\n".encode())
            handle.write(raw + b"\r\n")
    return path.stat().st_size


@dataclass
class Timed:
    label: str
    seconds: float
    messages: int
    records: int
    chunks: int = 0
    added: int = 0

    @property
    def rate(self) -> float:
        return self.messages / self.seconds


def time_parse(path: Path) -> Timed:
    started = time.perf_counter()
    records = [item for item in MboxConnector().read(Source("bench", "mbox", path), None) if isinstance(item, Record)]
    seconds = time.perf_counter() - started
    return Timed("parse (MboxConnector.read)", seconds, sum(r.kind == "email" for r in records), len(records))


def time_ingest(label: str, home: Path, path: Path, embedder: Embedder, messages: int) -> Timed:
    with Store(home, writer=True) as store:
        started = time.perf_counter()
        summary = Ingester(store, embedder, Registry()).ingest([path])
        seconds = time.perf_counter() - started
    if summary.skipped:
        raise SystemExit(f"{label}: {summary.skipped} skipped; the generated mbox should read cleanly")
    return Timed(label, seconds, messages, summary.added + summary.unchanged, summary.chunks, summary.added)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=5000)
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=FutureWarning)
    load_before, busy = load_average(), Busy().start()
    with tempfile.TemporaryDirectory(prefix="twin-mbox-bench-") as tmp:
        work = Path(tmp)
        mbox = work / "All mail Including Spam and Trash.mbox"
        size = write_mbox(mbox, args.messages)
        print(f"mbox: {args.messages} messages, {size / 2**20:.1f} MiB", file=sys.stderr, flush=True)
        parse = time_parse(mbox)
        hashed = time_ingest("ingest, HashEmbedder", work / "hash", mbox, HashEmbedder(), parse.messages)
        minilm = SentenceEmbedder()
        minilm.embed(["warm up the model"] * 8)
        real = time_ingest("ingest, MiniLM (SentenceEmbedder)", work / "minilm", mbox, minilm, parse.messages)
        again = time_ingest("re-ingest, MiniLM (nothing new)", work / "minilm", mbox, minilm, parse.messages)
    print(f"\n{describe()}; load average {load_before[0]:.2f} before, {load_average()[0]:.2f} after; "
          f"other work kept {busy.others_cores():.2f} cores busy\n")
    print("| step | messages | records | chunks embedded | seconds | messages/s |")
    print("|---|---:|---:|---:|---:|---:|")
    for t in (parse, hashed, real, again):
        print(f"| {t.label} | {t.messages} | {t.records} | {t.chunks} | {t.seconds:.1f} | {t.rate:.0f} |")
    if again.added or again.chunks:
        raise SystemExit(f"re-ingest added {again.added} records and embedded {again.chunks} chunks")


if __name__ == "__main__":
    main()
