"""The top line: where you are, where else to go (clickable), and what everything is filtered by."""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

__all__ = ["SCREENS", "NavBar"]

SCREENS = (("ask", "F1", "Ask"), ("timeline", "F2", "Timeline"), ("sources", "F3", "Sources"),
           ("people", "F4", "People"))


class NavBar(Widget):
    """`twin  F1 Ask  F2 Timeline  F3 Sources  F4 People` with the current screen marked."""

    DEFAULT_CSS = """
    NavBar {
        height: 1;
        width: 1fr;
        background: $panel;
        color: $text-muted;
    }
    """

    current: reactive[str] = reactive("ask")
    backend: reactive[str] = reactive("")

    def __init__(self, current: str) -> None:
        super().__init__()
        self.set_reactive(NavBar.current, current)

    def render(self) -> RenderResult:
        parts = [Content.from_markup("[b $accent] twin [/]")]
        for mode, key, label in SCREENS:
            shown = f"[reverse $accent] {label} [/]" if mode == self.current else f" {label} "
            parts.append(Content.from_markup(f" [@click=app.switch_mode('{mode}')][dim]{key}[/dim]{shown}[/]"))
        if self.backend:
            parts.append(Content.from_markup("  [dim]· $backend[/dim]", backend=self.backend))
        return Content("").join(parts)
