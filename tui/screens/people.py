"""People: everyone in the records with their aliases across sources; pick one to filter by them."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Input

from tui.backend import PersonInfo
from tui.screens.base import TwinScreen

__all__ = ["PeopleScreen"]


class PeopleScreen(TwinScreen):
    MODE = "people"
    AUTO_FOCUS = "#people-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filter", "Find", key_display="/"),
        Binding("escape", "clear", "Clear filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.everyone: list[PersonInfo] = []
        self.shown: list[PersonInfo] = []

    def compose(self) -> ComposeResult:
        yield self.nav_bar()
        yield Input(placeholder="/ find a person by name, address or number…", compact=True, id="people-find")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="people-table")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Person", key="name")
        table.add_column("Records", key="records")
        table.add_column("Also known as", key="aliases")
        table.focus()
        self._load()

    @work(thread=True, exclusive=True, group="people", exit_on_error=False)
    def _load(self) -> None:
        everyone = self.twin.backend.people()
        self.app.call_from_thread(self._loaded, everyone)

    def _loaded(self, everyone: list[PersonInfo]) -> None:
        self.everyone = everyone
        self._fill()

    def _fill(self) -> None:
        needle = self.query_one("#people-find", Input).value.strip().lower()
        self.shown = [p for p in self.everyone
                      if not needle or needle in p.name.lower() or any(needle in a.lower() for a in p.aliases)]
        table = self.query_one(DataTable)
        table.clear()
        for person in self.shown:
            others = [a for a in person.aliases if a != person.name]
            table.add_row(person.name, str(person.records), _aliases(others), key=str(person.id))

    @on(Input.Changed, "#people-find")
    def find_changed(self) -> None:
        self._fill()

    @on(Input.Submitted, "#people-find")
    def find_submitted(self) -> None:
        self.query_one(DataTable).focus()

    def action_focus_filter(self) -> None:
        self.query_one("#people-find", Input).focus()

    def action_clear(self) -> None:
        self.query_one("#people-find", Input).value = ""
        self.query_one(DataTable).focus()

    @on(DataTable.RowSelected, "#people-table")
    def picked(self, event: DataTable.RowSelected) -> None:
        """Filter everything by this person, and show their timeline."""
        if 0 <= event.cursor_row < len(self.shown):
            person = self.shown[event.cursor_row]
            self.twin.person = person.name
            self.notify(f"everything is now filtered by {person.name} (remove the ☺ chip to stop)")
            self.app.switch_mode("timeline")


def _aliases(aliases: list[str]) -> str:
    """Addresses and numbers as written; names shortened: `anna@x.example; +49 160 …`."""
    shown = "; ".join(aliases[:3])
    more = f" +{len(aliases) - 3}" if len(aliases) > 3 else ""
    return (shown[:70] + "…" if len(shown) > 70 else shown) + more


