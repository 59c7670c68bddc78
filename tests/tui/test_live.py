"""What must never block: typing while an answer streams in, and progress arriving while it is watched."""

from __future__ import annotations

from textual.widgets import ProgressBar

from tests.tui.conftest import settle
from tests.tui.fakes import FakeBackend
from tui.app import TwinApp
from tui.screens.sources import SourcesScreen
from tui.widgets.answer_view import AnswerView
from tui.widgets.hit_list import HitList
from tui.widgets.question_input import QuestionInput


async def test_a_slow_generator_does_not_freeze_input() -> None:
    backend = FakeBackend(tokens=40, delay=0.15)  # six seconds of streaming
    app = TwinApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        box = app.screen.query_one(QuestionInput)
        box.value = "Where did I go hiking?"
        await pilot.press("enter")
        await pilot.pause(0.5)
        box.value = ""
        await pilot.press(*"next question")
        await pilot.press("f2", "f1")  # and away to the timeline and back
        # Keys were handled while the stream went on: a blocked UI would have handled them after it.
        assert box.value == "next question"
        assert 0 < backend.streamed < 40, "the answer was still streaming while we typed"
        shown = app.screen.query_one(AnswerView).text
        assert shown.startswith("word0 ") and "Bastei" not in shown  # tokens show as they come
        await settle(pilot)
        assert app.screen.query_one(AnswerView).text == "We hiked to the Bastei [1]."
        assert app.screen.query_one(HitList).hits[0].title == "Hike with Lena"


async def test_progress_updates_arrive() -> None:
    backend = FakeBackend()
    app = TwinApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        bar = screen.query_one("#ingest-bar", ProgressBar)
        seen = set()
        for _ in range(40):
            await pilot.pause(0.1)
            seen.add(bar.progress)
            if backend.polls >= 4:
                break
        await settle(pilot)
        assert {10, 20} <= seen or {20, 30} <= seen, seen  # the bar moved with each poll
        assert screen.view is not None and screen.view.ingest is None  # and the ingest finished
        await pilot.press("S")
        await settle(pilot)
        assert backend.synced == [()]
