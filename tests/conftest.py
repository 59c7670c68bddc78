"""Shared fixtures: every test gets its own home and config in tmp_path (like llm's LLM_USER_PATH)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from twin.models.embedder import HashEmbedder, SentenceEmbedder
from twin.plugins import Registry
from twin.store import Store

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def twin_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("TWIN_HOME", str(home))
    monkeypatch.setenv("TWIN_CONFIG", str(tmp_path / "config.toml"))
    for var in list(os.environ):
        if var.startswith("TWIN_") and "__" in var:
            monkeypatch.delenv(var)
    return home


@pytest.fixture
def home(twin_env: Path) -> Path:
    return twin_env


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    with Store(home, writer=True) as s:
        yield s


@pytest.fixture
def embedder() -> HashEmbedder:
    """The fast stand-in; the tests marked for the real model use `minilm`."""
    return HashEmbedder()


@pytest.fixture(scope="session")
def minilm() -> SentenceEmbedder:
    return SentenceEmbedder()


@pytest.fixture
def registry() -> Registry:
    return Registry()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    """A small folder of dated notes with distinct topics."""
    folder = tmp_path / "notes"
    write(folder / "2026-04-02.md", "# Kyoto plans\n\nWe booked a ryokan in Kyoto for three nights. The JR pass cost 50,000 yen.\n")
    write(folder / "budget.md", "---\ndate: 2026-03-12\ntitle: Budget meeting\n---\nAnna said the research budget is cut from 40,000 to 32,000 EUR.\n")
    write(folder / "run.txt", "# 2026-02-07\n\nRan 7 km along the canal in the cold. Legs heavy, mood good.\n")
    return folder


@pytest.fixture
def berlin_time() -> Iterator[None]:
    """This machine in Berlin: all-day dates are local midnight, an hour apart across summer time."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Berlin"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()
