"""`twin enrich`, `twin reflect`, `twin profile`: what the generator adds to the store."""

from __future__ import annotations

import click

__all__ = ["add_enrich_commands"]


def add_enrich_commands(group: click.Group) -> None:
    """Register the commands (filled in as they are built)."""
