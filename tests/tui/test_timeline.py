"""Timeline and People over the demo home: a month, zooming, a person's filter, a citation's place and back."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Select

from tests.tui.conftest import ask, settle
from tui.period import Period
from tui.screens.ask import AskScreen
from tui.screens.people import PeopleScreen
from tui.screens.record import RecordScreen
from tui.screens.timeline import TimelineScreen
from tui.widgets.chip import Chip
from tui.widgets.hit_list import HitList


async def test_a_month_then_a_week_then_the_month_before(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        assert screen.period is not None and screen.period.label == "June 2026"
        assert screen.entries and all(e.timestamp.month == 6 for e in screen.entries)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.period.label == "May 2026" and len(screen.entries) > 50
        await pilot.press("w")
        await settle(pilot)
        assert screen.period.zoom == "week" and screen.entries
        assert all(screen.period.since <= e.timestamp < screen.period.until for e in screen.entries)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        await pilot.press("escape")
        assert app.screen is screen


async def test_filter_by_source_and_text(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        await settle(pilot)
        screen = app.screen
        await pilot.press("left_square_bracket", "left_square_bracket")  # April
        await settle(pilot)
        select = screen.query_one(Select)
        for _ in screen.sources:  # s goes through the sources
            await pilot.press("s")
            await settle(pilot)
            if select.value == "mbox":
                break
        assert screen.entries and {e.source for e in screen.entries} == {"mbox"}
        for _ in screen.sources:  # and round to all of them again
            if select.value == Select.NULL:
                break
            await pilot.press("s")
        await settle(pilot)
        assert len({e.source for e in screen.entries}) > 2
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"radiator")
        await pilot.pause(0.5)
        await settle(pilot)
        assert screen.entries
        for entry in screen.entries:  # a chat message says it; a mail or note has it in its text
            record = app.backend.record(entry.record_id)
            assert record is not None and "radiator" in f"{record.title} {record.text}".lower(), entry
        assert len(screen.entries) < 15


async def test_pick_a_person_filters_the_timeline(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await settle(pilot)
        people = app.screen
        assert isinstance(people, PeopleScreen) and len(people.everyone) > 10
        await pilot.press("slash", *"lena", "enter", "enter")
        await settle(pilot)
        assert app.person == "Lena Fischer"
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")  # March
        await settle(pilot)
        assert timeline.entries
        assert all("Lena" in " ".join([e.author, *e.participants, e.title]) for e in timeline.entries)
        assert [c.label for c in timeline.query(Chip)] == ["☺ Lena Fischer"]
        timeline.query_one(Chip).focus()
        await pilot.press("enter")  # removing the chip shows everyone again
        await settle(pilot)
        assert app.person is None
        assert any("Lena" not in " ".join([e.author, *e.participants, e.title]) for e in timeline.entries)


async def test_jump_from_a_citation_to_the_timeline_and_back(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ask(pilot, "Where did I go hiking with Lena in March?")
        hits = app.screen.query_one(HitList)
        hits.focus()
        await pilot.press("down", "t")
        await settle(pilot)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        cited = hits.hits[1]
        assert timeline.period == Period.containing(cited.timestamp.date(), "week")
        table = timeline.query_one(DataTable)
        assert timeline.entries[table.cursor_row].record_id == cited.record_id
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AskScreen)
        assert app.screen.query_one(HitList).hits == hits.hits
