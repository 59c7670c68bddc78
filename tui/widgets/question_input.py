"""The question box: an input that remembers what was asked (up and down go through it)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

__all__ = ["QuestionInput"]


class QuestionInput(Input):
    """An `Input` with a shell-like history: up for older questions, down for newer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "older", "Older question", show=False),
        Binding("down", "newer", "Newer question", show=False),
    ]

    def __init__(self, history: list[str] | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.history: list[str] = list(history or [])
        self._at = len(self.history)
        self._draft = ""

    def remember(self, question: str) -> None:
        """Keep `question` as the newest entry (moved there when asked before)."""
        if question in self.history:
            self.history.remove(question)
        self.history.append(question)
        self._at = len(self.history)

    def action_older(self) -> None:
        if not self.history or self._at == 0:
            return
        if self._at == len(self.history):
            self._draft = self.value
        self._at -= 1
        self._show(self.history[self._at])

    def action_newer(self) -> None:
        if self._at >= len(self.history):
            return
        self._at += 1
        self._show(self.history[self._at] if self._at < len(self.history) else self._draft)

    def _show(self, text: str) -> None:
        self.value = text
        self.cursor_position = len(text)
