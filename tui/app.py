"""TwinApp: the terminal UI. Screens are modes (Ask, Timeline, Sources, People); a record opens over them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen

from tui.backend import Backend
from tui.original import Opener, original_path, system_open
from tui.screens.ask import AskScreen
from tui.screens.people import PeopleScreen
from tui.screens.record import RecordScreen
from tui.screens.sources import SourcesScreen
from tui.screens.timeline import TimelineScreen

__all__ = ["TwinApp"]

THEMES = {"dark": "textual-dark", "light": "textual-light"}


class TwinApp(App[None]):
    """The twin in a terminal; everything slow runs in workers against `backend`."""

    CSS_PATH = "twin.tcss"
    TITLE = "twin"
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "ask": AskScreen, "timeline": TimelineScreen, "sources": SourcesScreen, "people": PeopleScreen,
    }
    DEFAULT_MODE = "ask"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "switch_mode('ask')", "Ask", show=False),
        Binding("f2", "switch_mode('timeline')", "Timeline", show=False),
        Binding("f3", "switch_mode('sources')", "Sources", show=False),
        Binding("f4", "switch_mode('people')", "People", show=False),
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    person: reactive[str | None] = reactive(None)
    """Everything is filtered by this person (picked on the People screen) when set."""

    def __init__(self, backend: Backend, *, now: datetime | None = None, theme: str = "dark",
                 opener: Opener = system_open) -> None:
        super().__init__()
        self.backend = backend
        self.now = now
        """Time words in questions are read as of this moment (`--now`); None: the clock."""
        self.opener = opener
        self.theme = THEMES.get(theme, theme)

    def on_mount(self) -> None:
        self._warm()

    @work(thread=True, group="warm", exit_on_error=False)
    def _warm(self) -> None:
        self.backend.warm()

    def on_unmount(self) -> None:
        self.backend.close()

    # -- going places ---------------------------------------------------------------------

    def open_record(self, record_id: str, anchor: str = "") -> None:
        """Open a record over the current screen; `anchor` is the cited text to scroll to."""
        self.push_screen(RecordScreen(record_id, anchor))

    def show_in_timeline(self, record_id: str, when: datetime) -> None:
        """The week of a record in the timeline, the record under the cursor; escape comes back."""
        came_from = self.current_mode
        self.switch_mode("timeline")
        self.timeline_screen().locate(record_id, when, came_from if came_from != "timeline" else None)

    def timeline_screen(self) -> TimelineScreen:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, TimelineScreen):
            self.pop_screen()
        screen = self.screen
        assert isinstance(screen, TimelineScreen)
        return screen

    def open_original(self, location: str) -> None:
        self._open_original(location)

    @work(thread=True, group="open", exit_on_error=False)
    def _open_original(self, location: str) -> None:
        try:
            path = original_path(location)
        except (FileNotFoundError, OSError) as exc:
            self.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.opener(path)
        self.call_from_thread(self.notify, f"opened {path.name}")

    # -- themes and commands --------------------------------------------------------------

    def action_toggle_theme(self) -> None:
        self.theme = THEMES["light"] if self.theme == THEMES["dark"] else THEMES["dark"]

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Ask", "Ask a question (F1)", lambda: self.switch_mode("ask"))
        yield SystemCommand("Timeline", "Browse by day, week and month (F2)", lambda: self.switch_mode("timeline"))
        yield SystemCommand("Sources", "Sources, sync status and progress (F3)", lambda: self.switch_mode("sources"))
        yield SystemCommand("People", "Everyone, and filtering by them (F4)", lambda: self.switch_mode("people"))
        yield SystemCommand("Light or dark", "Switch between the light and the dark theme (ctrl+t)",
                            self.action_toggle_theme)
        yield SystemCommand("Sync now", "Bring every configured source up to date", self._sync_all)
        yield SystemCommand("Add a folder", "Keep a folder of notes or documents in sync", self._add_folder)
        if self.person:
            yield SystemCommand(f"Stop filtering by {self.person}", "Show everyone again", self._clear_person)

    def _clear_person(self) -> None:
        self.person = None

    def _sync_all(self) -> None:
        self.switch_mode("sources")
        self.call_later(self._on_sources, "action_sync_all")

    def _add_folder(self) -> None:
        self.switch_mode("sources")
        self.call_later(self._on_sources, "action_add_folder")

    def _on_sources(self, action: str) -> None:
        screen = self.screen
        if isinstance(screen, SourcesScreen):
            getattr(screen, action)()


