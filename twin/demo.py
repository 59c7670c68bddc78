"""`twin demo`: the bundled corpus ingested into a throwaway home, and its questions answered."""

from __future__ import annotations

import os
import tempfile
import tomllib
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from twin.errors import ConfigError

if TYPE_CHECKING:
    from twin.cli import App

__all__ = ["default_data", "demo_now", "load_questions", "run_demo"]


def default_data() -> Path:
    """`data/` beside the `twin` package: the checkout the project was installed from."""
    return Path(__file__).resolve().parent.parent / "data"


def corpus_paths(data: Path) -> list[Path]:
    """The corpus is every folder in `data/`; its README and questions describe it and stay out."""
    return sorted(p for p in data.iterdir() if p.is_dir() and not p.name.startswith("."))


def _questions_file(data: Path) -> dict[str, Any]:
    path = data / "questions.toml"
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the demo questions: {exc}") from exc


def load_questions(data: Path) -> list[dict[str, object]]:
    return list(_questions_file(data).get("question", []))


def demo_now(data: Path) -> datetime | None:
    """The day the demo's questions are asked on (`now` in questions.toml), as local time."""
    value = _questions_file(data).get("now")
    return datetime.fromisoformat(str(value)) if value else None


def run_demo(app: App, data: Path | None, home: Path | None) -> None:
    from retrieval import Answerer, Searcher
    from twin.cli import App as CliApp
    from twin.cli import print_answer
    from twin.cli_progress import run_ingest

    data = data or default_data()
    if not data.is_dir():
        raise ConfigError(f"no demo corpus at {data}; pass --data DIR")
    home = home or Path(tempfile.mkdtemp(prefix="twin-demo-"))
    os.environ["TWIN_HOME"] = str(home)  # connectors' caches (transcripts) belong to the demo home
    demo_app = CliApp(home)
    demo_app._config = app.config.__class__(**{**app.config.__dict__, "home": home})
    click.secho(f"Ingesting the demo corpus {data} into {home}", bold=True, err=True)
    summary = run_ingest(demo_app, corpus_paths(data))
    click.echo(summary.line(), err=True)
    with demo_app.store() as store:
        answerer = Answerer(Searcher(store, demo_app.embedder(), demo_app.config.search))
        for question in load_questions(data):
            if question.get("needs"):
                continue  # a kind of question twin cannot answer yet (see questions.toml)
            click.echo()
            click.secho(f"Q: {question['text']}", bold=True)
            print_answer(answerer.ask(str(question["text"]), now=demo_now(data)))
    click.echo()
    click.echo(f"The demo store stays in {home}; ask it more:")
    click.echo(f"  twin --home {home} ask \"What did Anna say about the budget?\"")
    click.echo(f"  twin --home {home} tui --now 2026-06-20      # the terminal UI: ask, timeline, people")
