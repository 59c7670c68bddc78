"""One demo home for every TUI test, built once per session from `data/`, and apps over it.

The corpus is copied first so that the one note dated by its file time (recipes.md) has the
same date in every checkout: the snapshots stay the same.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from tui.app import TwinApp
from tui.backend import AskEvent, Scope
from tui.inprocess import InProcessBackend
from twin.config import load_config
from twin.demo import default_data
from twin.models.embedder import SentenceEmbedder
from twin.models.generator import Generator
from twin.store import Store

NOW = datetime(2026, 6, 20, 12, 0)
"""The day the demo questions are asked on (questions.toml), so that "in March" means March 2026."""
RECIPES_DATE = datetime(2026, 4, 26, 12, 0).timestamp()


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run the `async def` tests here on a fresh event loop (Pilot needs one; no plugin needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture(scope="session")
def tui_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus ingested with the real MiniLM (and the meeting transcribed by Whisper)."""
    from twin.cli import cli

    root = tmp_path_factory.mktemp("tui")
    data = root / "data"
    folders = [p for p in sorted(default_data().iterdir()) if p.is_dir() and not p.name.startswith(".")]
    for folder in folders:
        shutil.copytree(folder, data / folder.name, ignore=shutil.ignore_patterns(".*"))
    recipes = data / "notes" / "personal" / "recipes.md"
    os.utime(recipes, (RECIPES_DATE, RECIPES_DATE))
    home = root / "home"
    env = {"TWIN_CONFIG": str(root / "none.toml"), "TWIN_HOME": str(home)}
    result = CliRunner(env=env).invoke(cli, ["--home", str(home), "ingest", *map(str, sorted(data.iterdir()))],
                                       catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return home


@pytest.fixture(scope="session")
def tui_store(tui_home: Path) -> Iterator[Store]:
    with Store(tui_home) as store:
        yield store


class RememberingBackend(InProcessBackend):
    """The in-process backend, but a question asked before in this session (same scope) is
    answered with the events it gave then: retrieval takes 10-50 s a question on the shared
    test machine, and these tests are about the screens, not about retrieval (tests/retrieval)."""

    asked: ClassVar[dict[tuple[str, Scope, bool], list[AskEvent]]] = {}

    def ask_stream(self, question: str, *, scope: Scope, now: datetime | None) -> Iterator[AskEvent]:
        key = (question, scope, self._generator is not None)
        if key in self.asked:
            yield from self.asked[key]
            return
        events = []
        for event in super().ask_stream(question, scope=scope, now=now):
            events.append(event)
            yield event
        self.asked[key] = events


@pytest.fixture
def backend_factory(tui_home: Path, tui_store: Store, minilm: SentenceEmbedder, tmp_path: Path):
    """In-process backends over the shared demo store; `generator` None quotes (the default config)."""

    def make(generator: Generator | None = None) -> InProcessBackend:
        config = load_config(home=tui_home, path=tmp_path / "none.toml")
        cls = InProcessBackend if generator is not None else RememberingBackend
        return cls(config, store=tui_store, embedder=minilm, generator=generator)

    return make


class Opened:
    """Records what the app asked the system opener to open."""

    def __init__(self) -> None:
        self.paths: list[Path] = []

    def __call__(self, path: Path) -> None:
        self.paths.append(path)


@pytest.fixture
def opened() -> Opened:
    return Opened()


@pytest.fixture
def make_app(backend_factory, opened: Opened):
    def make(generator: Generator | None = None, theme: str = "dark") -> TwinApp:
        return TwinApp(backend_factory(generator), now=NOW, theme=theme, opener=opened)

    return make


async def settle(pilot) -> None:
    """Wait until every worker is done and the screen has caught up."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def ask(pilot, question: str) -> None:
    from tui.widgets.question_input import QuestionInput

    box = pilot.app.screen.query_one(QuestionInput)
    box.focus()
    box.value = question
    await pilot.press("enter")
    await settle(pilot)
