"""Record: the full email, the chat around a message, the transcript around a minute, the document."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tui.backend import ContextLine, RecordDetail
from tui.labels import date_label, kind_colour, kind_icon, kind_label, people_label
from tui.screens.base import TwinScreen

__all__ = ["RecordScreen", "anchor_line"]

PAGE = 30
"""Messages loaded at a time above and below, as the conversation is scrolled."""
_OFFSET = re.compile(r"\[(\d{1,2}:\d{2}(?::\d{2})?)\]")


@dataclass(frozen=True)
class Loaded:
    record: RecordDetail
    messages: list[ContextLine]
    before: int
    after: int


class RecordScreen(TwinScreen):
    """One record, opened from a citation or the timeline; escape goes back."""

    AUTO_FOCUS = "#record-body"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace", "app.pop_screen", "Back"),
        Binding("o", "open_original", "Open original"),
        Binding("t", "locate", "In timeline"),
    ]

    def __init__(self, record_id: str, anchor: str = "") -> None:
        super().__init__()
        self.record_id = record_id
        self.cited = anchor
        self.record: RecordDetail | None = None
        self.messages: list[ContextLine] = []
        self.before = PAGE
        self.after = PAGE
        self.more_before = False
        self.more_after = False

    def compose(self) -> ComposeResult:
        yield Static("Opening…", id="record-head")
        yield OptionList(id="record-body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._load(self.before, self.after)

    @work(thread=True, exclusive=True, group="record", exit_on_error=False)
    def _load(self, before: int, after: int) -> None:
        backend = self.twin.backend
        record = backend.record(self.record_id)
        if record is None:
            self.app.call_from_thread(self._missing)
            return
        messages = backend.context(self.record_id, before, after) if record.kind == "message" else []
        self.app.call_from_thread(self._show, Loaded(record, messages, before, after))

    def _missing(self) -> None:
        self.query_one("#record-head", Static).update(f"No record {self.record_id} (forgotten since?)")

    def _show(self, loaded: Loaded) -> None:
        self.record = loaded.record
        self.query_one("#record-head", Static).update(_head(loaded.record))
        body = self.query_one(OptionList)
        if loaded.record.kind == "message" and loaded.messages:
            self._show_conversation(loaded)
            return
        lines = _lines(loaded.record)
        body.set_options(Option(Content(line) if line else Content(" ")) for line in lines)
        body.highlighted = anchor_line(lines, self.cited, loaded.record.kind)
        self.call_after_refresh(body.scroll_to_highlight, top=True)

    def _show_conversation(self, loaded: Loaded) -> None:
        ids = [m.record_id for m in loaded.messages]
        at = ids.index(self.record_id) if self.record_id in ids else 0
        self.messages = loaded.messages
        self.before, self.after = loaded.before, loaded.after
        self.more_before = at >= loaded.before
        self.more_after = len(ids) - at - 1 >= loaded.after
        body = self.query_one(OptionList)
        body.set_options(Option(_message(m, m.record_id == self.record_id), id=m.record_id) for m in self.messages)
        body.highlighted = at
        self.call_after_refresh(body.scroll_to_highlight)

    @on(OptionList.OptionHighlighted, "#record-body")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """At the first or last message of a conversation, load the next page of it."""
        if not self.messages:
            return
        if event.option_index == 0 and self.more_before:
            self.more_before = False
            self._load(self.before + PAGE, self.after)
        elif event.option_index == len(self.messages) - 1 and self.more_after:
            self.more_after = False
            self._load(self.before, self.after + PAGE)

    def action_open_original(self) -> None:
        if self.record is not None:
            self.twin.open_original(self.record.location)

    def action_locate(self) -> None:
        if self.record is not None:
            self.twin.show_in_timeline(self.record.record_id, self.record.timestamp)


def _head(record: RecordDetail) -> Content:
    who = people_label([record.author], 1)
    others = people_label([p for p in record.participants if p != record.author], 4)
    people = f"{who} → {others}" if who and others else who or others
    where = record.location.rsplit("/", 1)[-1]
    when = date_label(record.timestamp) + ("" if (record.timestamp.hour, record.timestamp.minute) == (0, 0)
                                          else f" {record.timestamp:%H:%M}")
    return Content.from_markup(
        f"[{kind_colour(record.kind)}]$icon $label[/] [b]$title[/b]\n[dim]$when[/dim]"
        + ("  $people" if people else "") + "\n[dim]$source · $where · o opens the original[/dim]",
        icon=kind_icon(record.kind), label=kind_label(record.kind), title=record.title or record.kind,
        when=when, people=people, source=record.source, where=where,
    )


def _lines(record: RecordDetail) -> list[str]:
    """The record as lines to read: an email with its headers, anything else as written."""
    lines: list[str] = []
    if record.kind == "email":
        others = ", ".join(p for p in record.participants if p != record.author)
        lines += [f"From:    {record.author}", f"To:      {others}",
                  f"Date:    {record.timestamp:%a, %d %b %Y %H:%M %z}", f"Subject: {record.title}"]
        if record.metadata.get("attachments"):
            lines.append(f"Attached: {record.metadata['attachments']}")
        lines.append("")
    return lines + record.text.splitlines()


def anchor_line(lines: list[str], anchor: str, kind: str) -> int:
    """The line where the cited part starts: a transcript's minute, else the anchor's first line."""
    if not anchor.strip():
        return 0
    if kind == "meeting" and (offset := _OFFSET.search(anchor)):
        mark = f"[{offset.group(1)}]"
        return next((i for i, line in enumerate(lines) if line.lstrip().startswith(mark)), 0)
    first = next((line.strip() for line in anchor.splitlines() if len(line.strip()) > 8), "")
    probe = first[:40]
    if not probe:
        return 0
    return next((i for i, line in enumerate(lines) if probe in line), 0)


def _message(message: ContextLine, target: bool) -> Content:
    when = f"{message.timestamp:%a %d %b %H:%M}"
    style = "b $accent" if target else "b"
    text = Content.from_markup(f"[dim]$when[/dim] [{style}]$who[/]\n$text", when=when,
                               who=people_label([message.author], 1), text=message.text)
    return text.stylize("on $boost") if target else text
