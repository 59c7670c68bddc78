"""Add a folder: a small dialog for its path and an optional source name."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

__all__ = ["AddFolderScreen"]


class AddFolderScreen(ModalScreen[tuple[Path, str | None] | None]):
    """Dismissed with (path, name or None), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="add-folder"):
            yield Label("Add a folder to keep in sync (notes, documents, exports)")
            yield Input(placeholder="~/Documents/notes", id="folder-path")
            yield Input(placeholder="name (default: the folder's name)", id="folder-name")
            with Horizontal(id="add-folder-buttons"):
                yield Button("Add", variant="primary", id="add")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#add")
    def add(self) -> None:
        path = self.query_one("#folder-path", Input).value.strip()
        if not path:
            self.notify("type the folder's path", severity="warning")
            return
        name = self.query_one("#folder-name", Input).value.strip() or None
        self.dismiss((Path(path).expanduser(), name))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
