"""`twin tui`: the terminal UI (issue 9, being built)."""

from __future__ import annotations

import click

__all__ = ["tui_command"]


@click.command("tui")
def tui_command() -> None:
    """The terminal UI: ask, browse the timeline, open the evidence, watch ingestion."""
    raise click.ClickException("the terminal UI is not built yet")
