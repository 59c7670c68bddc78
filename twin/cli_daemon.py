"""`twin daemon start|stop|status|run`: the background service (issue 8, being built)."""

from __future__ import annotations

import click

__all__ = ["daemon"]


@click.group()
def daemon() -> None:
    """The background service: watched folders, mail push, enrichment, a warm query API."""
