"""SVG snapshots of the main screens over the demo home, at 80x24 and 120x40.

`pytest tests/tui --snapshot-update` rewrites them; review the diff like code.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tests.tui.conftest import ask, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
QUESTION = "Where did I go hiking with Lena in March?"


async def steady(pilot) -> None:
    """Workers done, no blinking cursor: the same picture every run."""
    await settle(pilot)
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_ask(snap_compare, make_app, size) -> None:
    async def run_before(pilot) -> None:
        await ask(pilot, QUESTION)
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_record(snap_compare, make_app, size) -> None:
    async def run_before(pilot) -> None:
        await ask(pilot, QUESTION)
        await pilot.press("tab", "tab", "down", "enter")  # past the chip to citation 2: the journal note
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_timeline(snap_compare, make_app, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")  # March 2026
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_sources(snap_compare, make_app, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("f3")
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_people(snap_compare, make_app, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("f4")
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


def test_light_theme(snap_compare, make_app) -> None:
    async def run_before(pilot) -> None:
        await ask(pilot, QUESTION)
        await steady(pilot)

    assert snap_compare(make_app(theme="light"), terminal_size=(80, 24), run_before=run_before)
