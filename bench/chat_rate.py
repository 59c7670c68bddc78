"""Benchmark: WhatsApp export ingest throughput in messages/s, parsing alone and through Ingester.

Run from the repository root: `HF_HUB_OFFLINE=1 .venv/bin/python bench/chat_rate.py [--messages 50000]`.

Generates an Android WhatsApp export (three people and a group's worth of chatter, every tenth
message on two lines, some media placeholders), then times:

- **parse**: `WhatsAppConnector.read` alone (both passes: date order, then messages);
- **ingest, hash embedder**: `Ingester(...).ingest([export])` into a fresh store with
  `HashEmbedder`: parsing + chunking + catalog + Chroma, without the model;
- **re-ingest**: the same export again (nothing may be added).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # `bench` is not an installed package
for _var, _value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"), ("ANONYMIZED_TELEMETRY", "False")):
    os.environ.setdefault(_var, _value)

from bench.corpus import FOODS, PLACES, ROUTES  # noqa: E402
from connectors.chats.whatsapp import WhatsAppConnector  # noqa: E402
from ingest import Ingester  # noqa: E402
from twin.models.embedder import HashEmbedder  # noqa: E402
from twin.plugins import Registry  # noqa: E402
from twin.schema import Source  # noqa: E402
from twin.store import Store  # noqa: E402

PEOPLE = ("Maya Berg", "Jonas", "Lena Fischer")
TEMPLATES = (
    "shall we have {food} tonight?", "I ran {route} this morning, 7 km", "what about {place} in May?",
    "ok", "on my way", "can you bring the charger", "haha yes", "I booked the train to {place}",
    "{food} again? fine by me", "see you at 7 under the departure board",
)


def write_export(path: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    moment = datetime(2023, 1, 1, 8, 0)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("01/01/2023, 08:00 - Messages and calls are end-to-end encrypted.\n")
        for n in range(count):
            moment += timedelta(minutes=rng.choice((0, 0, 1, 2, 5, 30, 240)))
            text = rng.choice(TEMPLATES).format(food=rng.choice(FOODS), route=rng.choice(ROUTES),
                                                place=rng.choice(PLACES))
            if n % 25 == 0:
                text = "<Media omitted>"
            handle.write(f"{moment:%d/%m/%Y, %H:%M} - {rng.choice(PEOPLE)}: {text}\n")
            if n % 10 == 0:
                handle.write("and one more line about it\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "WhatsApp Chat with Jonas.txt"
        write_export(export, args.messages)
        size = export.stat().st_size
        started = time.perf_counter()
        parsed = sum(1 for _ in WhatsAppConnector().read(Source("bench", "whatsapp", export), None))
        parse_s = time.perf_counter() - started
        registry = Registry(discover=False)
        registry.register(WhatsAppConnector)
        with Store(Path(folder) / "home", writer=True) as store:
            ingester = Ingester(store, HashEmbedder(), registry)
            first = ingester.ingest([export])
            second = ingester.ingest([export])
    print(f"export: {parsed} messages, {size / 2**20:.1f} MiB")
    print(f"parse:                 {parse_s:6.1f} s  {parsed / parse_s:8.0f} messages/s")
    print(f"ingest, hash embedder: {first.seconds:6.1f} s  {first.added / first.seconds:8.0f} messages/s"
          f"  ({first.added} added, {first.chunks} chunks)")
    print(f"re-ingest:             {second.seconds:6.1f} s  {parsed / second.seconds:8.0f} messages/s"
          f"  ({second.added} added, {second.unchanged} unchanged)")


if __name__ == "__main__":
    main()
