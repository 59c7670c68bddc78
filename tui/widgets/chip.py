"""A filter shown as a chip: `⏱ Mar 2026 ×`; enter, delete or a click removes it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.widgets import Static

__all__ = ["Chip"]


class Chip(Static, can_focus=True):
    """One filter in effect; `key` says which (`time`, `person`, `source`)."""

    DEFAULT_CSS = """
    Chip {
        width: auto;
        height: 1;
        padding: 0 1;
        margin-right: 1;
        background: $boost;
        color: $text;
        &.-fixed { color: $text-muted; }
        &:focus { background: $accent; color: $text-accent; text-style: bold; }
        &:hover { background: $accent 50%; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter,delete,backspace,x", "remove", "Remove filter")]

    @dataclass
    class Removed(Message):
        chip: Chip

    def __init__(self, label: str, key: str, *, removable: bool = True, id: str | None = None) -> None:
        text = Content(label) + (Content.from_markup(" [b]×[/b]") if removable else Content(""))
        super().__init__(text, id=id, classes="" if removable else "-fixed")
        self.key = key
        self.label = label
        self.removable = removable
        self.can_focus = removable

    def action_remove(self) -> None:
        if self.removable:
            self.post_message(self.Removed(self))

    def on_click(self, event: Click) -> None:
        event.stop()
        self.action_remove()
