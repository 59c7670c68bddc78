"""Progress drawn on stderr with rich, for the CLI's long commands (stdout stays clean for --json)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from ingest.pipeline import Event, Summary
    from twin.cli import App
    from twin.schema import Source

__all__ = ["embedding_progress", "run_ingest"]


def _console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def run_ingest(app: App, paths: list[Path], *, connector: str | None = None, source: str | None = None,
               sync: list[Source] | None = None) -> Summary:
    """Ingest paths (or sync configured sources) with a live line of counts, and one line per skipped item."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from ingest import Ingester
    from twin.plugins import Registry

    counts = {"records": 0, "embedded": 0, "skipped": 0}
    console = _console()
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task("starting")

        def on_event(event: Event) -> None:
            if event.kind == "skipped" and event.skipped is not None:
                # Whole lines, never wrapped or read as markup: they name paths people grep for.
                progress.console.print(str(event.skipped), style="yellow", markup=False, soft_wrap=True)
                counts["skipped"] += 1
            elif event.kind in counts:
                counts[event.kind] += event.count
            where = f" · {event.source.path}" if event.source is not None else ""
            progress.update(task, description=(
                f"{counts['records']} records read · {counts['embedded']} chunks embedded · "
                f"{counts['skipped']} skipped{where}"
            ))

        with app.store(writer=True) as store, _said(progress.console, "connectors.media"):
            ingester = Ingester(store, app.embedder(), Registry(), app.config.ingest, on_event=on_event)
            if sync is not None:
                return ingester.sync(sync)
            return ingester.ingest(paths, connector=connector, source=source)


@contextmanager
def _said(console: Console, name: str) -> Iterator[None]:
    """What a connector reports as it works (a recording transcribed: its minutes and the speed
    against real time) shown as one line each, whatever the log level."""
    import logging

    class Say(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            console.print(record.getMessage(), style="dim", markup=False, soft_wrap=True)

    logger = logging.getLogger(name)
    handler, level, propagate = Say(logging.INFO), logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(min(level or logging.INFO, logging.INFO))
    logger.propagate = False  # said once here, not again by the stderr log
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


@contextmanager
def embedding_progress(total: int) -> Iterator[Callable[[int], None]]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    console = _console()
    with Progress("embedding", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task("embedding", total=total)
        yield lambda n: progress.advance(task, n)
