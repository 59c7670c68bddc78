"""The answer: streamed in as it is generated, then replaced by the checked, cited text."""

from __future__ import annotations

import re

from textual.content import Content
from textual.widgets import Static

from retrieval.answer import NOTHING_FOUND
from retrieval.compose import ABSTAIN

__all__ = ["AnswerView", "is_unknown"]

_UNKNOWN = (NOTHING_FOUND, ABSTAIN)
_CITATION = re.compile(r"\[(\d{1,3})\]")


def is_unknown(text: str) -> bool:
    """The answer says twin does not know (nothing found, or the generator abstained)."""
    return text.strip() in _UNKNOWN


class AnswerView(Static):
    """Shows a placeholder, a stream, the final answer, or "I don't know" (styled as such)."""

    DEFAULT_CSS = """
    AnswerView {
        height: auto;
        padding: 0 1;
        &.-unknown { color: $warning; text-style: italic; }
        &.-waiting { color: $text-muted; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.text = ""

    def wait(self, question: str) -> None:
        self.text = ""
        self.set_classes("-waiting")
        self.update(Content.from_markup("[dim]Looking through your records for[/dim] $q …", q=question))

    def hint(self, message: str) -> None:
        self.text = ""
        self.set_classes("-waiting")
        self.update(Content(message))

    def append(self, piece: str) -> None:
        """One more piece of a streamed answer."""
        if not self.text:
            self.set_classes("")
        self.text += piece
        self.update(_cited(self.text + " ▍"))

    def final(self, text: str) -> None:
        self.text = text
        if is_unknown(text):
            self.set_classes("-unknown")
            self.update(Content.from_markup("[b]I don't know.[/b] $text", text=text))
            return
        self.set_classes("")
        self.update(_cited(text))

    def failed(self, message: str) -> None:
        self.text = ""
        self.set_classes("-unknown")
        self.update(Content.from_markup("[b]Could not answer:[/b] $m", m=message))


def _cited(text: str) -> Content:
    """The text with its `[n]` citation marks in the accent colour."""
    parts: list[Content] = []
    last = 0
    for match in _CITATION.finditer(text):
        parts.append(Content(text[last:match.start()]))
        parts.append(Content.from_markup("[b $accent]$n[/]", n=match.group()))
        last = match.end()
    parts.append(Content(text[last:]))
    return Content("").join(parts)
