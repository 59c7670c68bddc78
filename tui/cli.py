"""`twin tui`: the terminal UI (Ask, Timeline, Sources, People, and each record's original context)."""

from __future__ import annotations

from datetime import datetime

import click

__all__ = ["run_tui", "tui_command"]


@click.command("tui")
@click.option("--now", "now_text", metavar="DATE",
              help="Read time words in questions as of this date (reproducible runs; the timeline opens there).")
@click.option("--no-daemon", is_flag=True, help="Read the store in this process even when the daemon runs.")
@click.option("--theme", type=click.Choice(["dark", "light"]), default="dark", show_default=True)
@click.pass_context
def tui_command(ctx: click.Context, now_text: str | None, no_daemon: bool, theme: str) -> None:
    """The terminal UI: ask, browse the timeline, open the evidence, watch ingestion."""
    run_tui(ctx, now_text=now_text, daemon=not no_daemon, theme=theme)


def run_tui(ctx: click.Context, *, now_text: str | None = None, daemon: bool = True, theme: str = "dark") -> None:
    """Open the TUI for the home of the `twin` command in `ctx` (also what plain `twin` does in a terminal)."""
    from tui.app import TwinApp
    from tui.backend import open_backend
    from twin.cli import App

    app = ctx.find_object(App)
    if app is None:
        raise click.UsageError("run it as `twin tui`")
    TwinApp(open_backend(app.config, daemon=daemon), now=_now(now_text), theme=theme).run()


def _now(value: str | None) -> datetime | None:
    if value is None:
        return None
    from retrieval.timefilter import parse_bound

    return datetime.fromtimestamp(parse_bound(value, end=False))
