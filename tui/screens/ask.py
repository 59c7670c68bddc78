"""Ask: a question box with history, the answer streaming in, its citations, and the filters as chips."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Input, Rule

from tui.backend import ALL_TIME, Asked, AskEvent, Notice, Reading, Scope, Token
from tui.screens.base import TwinScreen
from tui.widgets.answer_view import AnswerView
from tui.widgets.chip import Chip
from tui.widgets.hit_list import HitList
from tui.widgets.question_input import QuestionInput

__all__ = ["AskScreen"]

WELCOME = ("Ask anything about your records, e.g. “Which cities did I visit in Japan?”\n"
           "Enter asks · ↑↓ earlier questions · Tab to the citations · F2 timeline · ctrl+p commands")


class AskScreen(TwinScreen):
    MODE = "ask"
    AUTO_FOCUS = "#question"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_question", "Question", show=False),
        Binding("escape", "focus_question", "Question", show=False),
        *[Binding(str(n), f"open_citation({n})", f"Citation {n}", show=False) for n in range(1, 10)],
    ]

    def __init__(self) -> None:
        super().__init__()
        self.question = ""
        self.ignore_time = False
        self.reading: Reading | None = None

    def compose(self) -> ComposeResult:
        yield self.nav_bar()
        yield QuestionInput(placeholder="Ask a question about your life…", id="question")
        yield Horizontal(id="chips")
        with VerticalScroll(id="answer-area", can_focus=False):
            yield AnswerView(id="answer")
        yield Rule(id="citations-rule")
        yield HitList(id="citations")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(AnswerView).hint(WELCOME)
        self.query_one("#citations-rule").display = False
        self.watch(self.twin, "person", self._person_changed, init=False)
        self._draw_chips()

    def action_focus_question(self) -> None:
        self.query_one(QuestionInput).focus()

    def action_open_citation(self, n: int) -> None:
        self.query_one(HitList).open_number(n)

    # -- asking ---------------------------------------------------------------------------

    @on(Input.Submitted, "#question")
    def submitted(self, event: Input.Submitted) -> None:
        question = event.value.strip()
        if question:
            self.query_one(QuestionInput).remember(question)
            self.ask(question)

    def ask(self, question: str, *, ignore_time: bool = False) -> None:
        """Ask `question` (again, when a chip was removed) within the current scope."""
        self.question = question
        self.ignore_time = ignore_time
        self.reading = None
        self.query_one(AnswerView).wait(question)
        self.query_one(HitList).show([])
        self.query_one("#citations-rule").display = False
        self._draw_chips()
        scope = Scope(since=ALL_TIME if ignore_time else None, person=self.twin.person)
        self._ask(question, scope)

    @work(thread=True, exclusive=True, group="ask", exit_on_error=False)
    def _ask(self, question: str, scope: Scope) -> None:
        from textual.worker import get_current_worker

        worker = get_current_worker()
        for event in self.twin.backend.ask_stream(question, scope=scope, now=self.twin.now):
            if worker.is_cancelled:
                return
            self.app.call_from_thread(self._show, event)

    def _show(self, event: AskEvent) -> None:
        answer = self.query_one(AnswerView)
        if isinstance(event, Token):
            answer.append(event.text)
        elif isinstance(event, Notice):
            self.notify(event.text, severity="warning", timeout=6)
        elif isinstance(event, Reading):
            self.reading = event
            self._draw_chips()
        elif isinstance(event, Asked):
            self.reading = event.reading
            answer.final(event.answer.text)
            hits = self.query_one(HitList)
            hits.show(list(event.answer.citations))
            self.query_one("#citations-rule").display = bool(event.answer.citations)
            self._draw_chips()

    # -- chips ----------------------------------------------------------------------------

    def _draw_chips(self) -> None:
        row = self.query_one("#chips", Horizontal)
        row.remove_children()
        chips: list[Chip] = []
        reading = self.reading
        if self.ignore_time:
            chips.append(Chip("⏱ all time", "time", removable=False))
        elif reading is not None and reading.time is not None:
            # What happened then is answered from that time's records, whatever the search found.
            note = "" if reading.time.applied or reading.intent == "period" else " (nothing then: all time)"
            chips.append(Chip(f"⏱ {reading.time.label}{note}", "time"))
        if self.twin.person:
            chips.append(Chip(f"☺ {self.twin.person}", "person"))
        if reading is not None:
            chips.extend(Chip(f"☺ {name}", "named", removable=False) for name in reading.people
                         if name != self.twin.person)
        row.mount_all(chips)
        row.display = bool(chips)

    @on(Chip.Removed)
    def chip_removed(self, event: Chip.Removed) -> None:
        if event.chip.key == "time" and self.question:
            self.ask(self.question, ignore_time=True)
        elif event.chip.key == "person":
            self.twin.person = None  # re-asks through _person_changed

    def _person_changed(self, person: str | None) -> None:
        if self.question:
            self.ask(self.question, ignore_time=self.ignore_time)
        else:
            self._draw_chips()

    # -- citations ------------------------------------------------------------------------

    @on(HitList.Opened)
    def opened(self, event: HitList.Opened) -> None:
        self.twin.open_record(event.hit.record_id, anchor=event.hit.text)

    @on(HitList.Located)
    def located(self, event: HitList.Located) -> None:
        self.twin.show_in_timeline(event.hit.record_id, event.hit.timestamp)

    @on(HitList.OriginalWanted)
    def original(self, event: HitList.OriginalWanted) -> None:
        self.twin.open_original(event.hit.location)
