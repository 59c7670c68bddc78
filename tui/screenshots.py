"""Export SVG screenshots of the main screens: `python -m tui.screenshots HOME OUTDIR [--now DATE]`.

The README's pictures come from the demo home (`twin demo --home HOME`); `--now` keeps the
time words of the sample question and the timeline's month the same on every run.
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import datetime
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from tui.app import TwinApp
from tui.inprocess import InProcessBackend
from twin.config import load_config

__all__ = ["export_screenshots"]

QUESTION = "Where did I go hiking with Lena in March?"
SIZE = (100, 30)


async def _settle(pilot: Pilot[None]) -> None:
    for _ in range(2):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()


async def export_screenshots(home: Path, out: Path, now: datetime | None) -> list[Path]:
    """Ask, a cited record, the timeline of March, sources and people, as SVG files in `out`."""
    out.mkdir(parents=True, exist_ok=True)
    app = TwinApp(InProcessBackend(load_config(home=home)), now=now)
    saved: list[Path] = []

    def shot(name: str) -> None:
        saved.append(Path(app.save_screenshot(f"{name}.svg", str(out))))

    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        app.screen.query_one("#question", Input).value = QUESTION
        await pilot.press("enter")
        await _settle(pilot)
        shot("ask")
        await pilot.press("tab", "tab", "down", "enter")
        await _settle(pilot)
        shot("record")
        await pilot.press("escape", "f2")
        await _settle(pilot)
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        await _settle(pilot)
        shot("timeline")
        await pilot.press("f3")
        await _settle(pilot)
        shot("sources")
        await pilot.press("f4")
        await _settle(pilot)
        shot("people")
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--now", help="e.g. 2026-06-20 (the demo's questions are asked then)")
    args = parser.parse_args()
    now = datetime.fromisoformat(args.now) if args.now else None
    for path in asyncio.run(export_screenshots(args.home, args.out, now)):
        print(path)


if __name__ == "__main__":
    main()
