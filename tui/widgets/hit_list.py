"""Numbered citations (or search hits): source icon and label, date, people, a snippet."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.labels import kind_colour, kind_icon, kind_label, people_label, snippet, when_label
from twin.schema import Hit

__all__ = ["HitList", "hit_prompt"]


def hit_prompt(n: int, hit: Hit, width: int = 120) -> Content:
    """Three lines of at most `width` cells: `[1] ✎ note 2026-03-21  Hike with Lena`, the people
    and the source, and a snippet of the text."""
    colour = kind_colour(hit.kind)
    when = when_label(hit.timestamp)
    title = _cut(hit.title or hit.kind, width - len(when) - 16)
    head = Content.from_markup(
        f"[b]\\[{n}][/b] [{colour}]$icon $label[/] [dim]$when[/dim]  [b]$title[/b]",
        icon=kind_icon(hit.kind), label=f"{kind_label(hit.kind):<4}", when=when, title=title,
    )
    people = people_label(hit.participants)
    about = _cut(f"{people} · {hit.source}" if people else hit.source, width - 5)
    text = snippet(hit.text, width - 5)
    return head + Content.from_markup("\n     $about\n     [dim]$text[/dim]", about=about, text=text)


def _cut(text: str, width: int) -> str:
    width = max(width, 8)
    return text if len(text) <= width else text[: width - 1] + "…"


class HitList(OptionList):
    """The citations under an answer; enter opens one, `t` shows it in the timeline, `o` opens the original."""

    DEFAULT_CSS = """
    HitList {
        height: auto;
        max-height: 1fr;
        border: none;
        padding: 0;
        background: transparent;
        & > .option-list--option { padding: 0 1 0 0; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "locate", "In timeline"),
        Binding("o", "open_original", "Open original"),
    ]

    @dataclass
    class Opened(Message):
        hit: Hit

    @dataclass
    class Located(Message):
        hit: Hit

    @dataclass
    class OriginalWanted(Message):
        hit: Hit

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hits: list[Hit] = []

    def show(self, hits: list[Hit]) -> None:
        self.hits = list(hits)
        self._draw()
        self.highlighted = 0 if self.hits else None

    def _draw(self) -> None:
        width = max(40, (self.size.width or self.app.size.width) - 3)
        self.set_options(Option(hit_prompt(n, hit, width), id=f"hit-{n}") for n, hit in enumerate(self.hits, 1))

    def on_resize(self) -> None:
        if self.hits:
            at = self.highlighted
            self._draw()
            self.highlighted = at

    def current(self) -> Hit | None:
        if self.highlighted is None or not 0 <= self.highlighted < len(self.hits):
            return None
        return self.hits[self.highlighted]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.hits):
            self.post_message(self.Opened(self.hits[event.option_index]))

    def action_locate(self) -> None:
        if (hit := self.current()) is not None:
            self.post_message(self.Located(hit))

    def action_open_original(self) -> None:
        if (hit := self.current()) is not None:
            self.post_message(self.OriginalWanted(hit))

    def open_number(self, n: int) -> None:
        """Open citation `n` (1-based), as the digit keys do."""
        if 1 <= n <= len(self.hits):
            self.highlighted = n - 1
            self.post_message(self.Opened(self.hits[n - 1]))
