"""The Ask screen over the demo home: cited answers, opening a citation, "I don't know", history, chips."""

from __future__ import annotations

from datetime import datetime

from tests.tui.conftest import ask, settle
from tui.backend import Scope
from tui.screens.ask import AskScreen
from tui.screens.record import RecordScreen
from tui.widgets.answer_view import AnswerView
from tui.widgets.chip import Chip
from tui.widgets.hit_list import HitList
from tui.widgets.question_input import QuestionInput


async def test_question_shows_the_cited_note(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ask(pilot, "Where did I go hiking with Lena in March?")
        answer = app.screen.query_one(AnswerView)
        assert "Sächsische Schweiz" in answer.text and "[1]" in answer.text
        hits = app.screen.query_one(HitList).hits
        assert any(h.title.startswith("Hike with Lena") and h.kind == "note" for h in hits)
        chips = [c.label for c in app.screen.query(Chip)]
        assert "⏱ 1 Mar 2026 – 31 Mar 2026" in chips and "☺ Lena Fischer" in chips


async def test_open_a_citation_and_come_back(make_app, opened) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ask(pilot, "Where did I go hiking with Lena in March?")
        hits = app.screen.query_one(HitList)
        assert hits.hits
        hits.focus()
        await pilot.press("1")  # the digit opens citation 1
        await settle(pilot)
        record = app.screen
        assert isinstance(record, RecordScreen) and record.record is not None
        assert record.record.record_id == hits.hits[0].record_id
        await pilot.press("o")
        await settle(pilot)
        assert opened.paths and opened.paths[0].exists()
        await pilot.press("escape")
        assert isinstance(app.screen, AskScreen)


async def test_a_chat_message_opens_with_the_conversation_around_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        may = app.backend.timeline(datetime(2026, 5, 18).astimezone(), datetime(2026, 5, 19).astimezone(),
                                   scope=Scope(sources=("whatsapp",)))
        chat = next(e for e in may if "212" in e.summary)
        app.open_record(chat.record_id)
        await settle(pilot)
        record = app.screen
        assert isinstance(record, RecordScreen)
        assert len(record.messages) > 10, "messages before and after the cited one"
        body = record.query_one("#record-body")
        assert record.messages[body.highlighted].record_id == chat.record_id
        # Scrolling to the top of what is loaded loads earlier messages.
        first = record.messages[0].record_id
        body.highlighted = 0
        await settle(pilot)
        assert record.messages[0].record_id != first and chat.record_id in [m.record_id for m in record.messages]


async def test_unanswerable_question_says_i_dont_know(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ask(pilot, "What is my passport number?")
        answer = app.screen.query_one(AnswerView)
        assert answer.has_class("-unknown")
        assert "I don't know" in str(answer.render())
        assert not app.screen.query_one(HitList).hits


async def test_history_and_removing_the_time_chip(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ask(pilot, "Where did I go hiking with Lena in March?")
        await ask(pilot, "What is my passport number?")
        box = app.screen.query_one(QuestionInput)
        box.value = ""
        await pilot.press("up")
        assert box.value == "What is my passport number?"
        await pilot.press("up")
        assert box.value == "Where did I go hiking with Lena in March?"
        await pilot.press("enter")
        await settle(pilot)
        chip = next(c for c in app.screen.query(Chip) if c.key == "time")
        chip.focus()
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AskScreen) and screen.ignore_time
        assert [c.label for c in screen.query(Chip) if c.key == "time"] == ["⏱ all time"]
        assert screen.query_one(HitList).hits


async def test_a_day_to_come_shows_its_repeating_entry_and_no_all_time_note(make_app) -> None:
    """"whats on next tuesday": the weekly pottery class of that Tuesday; the search found no
    stored record of that day, but the answer is read from it, so the chip says no "all time"."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ask(pilot, "whats on next tuesday")
        assert "Pottery" in app.screen.query_one(AnswerView).text
        chips = [c.label for c in app.screen.query(Chip) if c.key == "time"]
        assert chips == ["⏱ Tue 23 Jun 2026"], chips
