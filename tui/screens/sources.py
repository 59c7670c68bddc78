"""Sources and status: what is configured, when it was synced, counts, errors, live progress."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.widgets import DataTable, Footer, Label, ProgressBar, Static

from tui.backend import StatusView
from tui.screens.add_folder import AddFolderScreen
from tui.screens.base import TwinScreen

__all__ = ["POLL_SECONDS", "SourcesScreen"]

POLL_SECONDS = 1.0
"""How often the status is asked for while the screen shows (the daemon answers from memory)."""


class SourcesScreen(TwinScreen):
    MODE = "sources"
    AUTO_FOCUS = "#sources-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "sync_selected", "Sync source"),
        Binding("S", "sync_all", "Sync all"),
        Binding("a", "add_folder", "Add folder"),
        Binding("r", "refresh_status", "Refresh", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: StatusView | None = None

    def compose(self) -> ComposeResult:
        yield self.nav_bar()
        yield Static(id="store-line")
        with Grid(id="progress"):
            yield Label("Ingest", classes="progress-label")
            yield ProgressBar(id="ingest-bar", show_eta=False)
            yield Label("Enrich", classes="progress-label")
            yield ProgressBar(id="enrich-bar", show_eta=False)
        yield DataTable(cursor_type="row", id="sources-table")
        with Vertical(id="errors-box"):
            yield Static(id="errors")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, key in (("Source", "name"), ("Connector", "connector"), ("State", "state"),
                           ("Last sync", "last"), ("Records", "records"), ("Errors", "errors")):
            table.add_column(label, key=key)
        self.query_one("#errors-box").border_title = "Errors"
        self.action_refresh_status()
        self.set_interval(POLL_SECONDS, self.action_refresh_status)

    def action_refresh_status(self) -> None:
        if self.app.screen is self or not self.view:
            self._poll()

    @work(thread=True, exclusive=True, group="status", exit_on_error=False)
    def _poll(self) -> None:
        view = self.twin.backend.status()
        self.app.call_from_thread(self.show_status, view)

    def show_status(self, view: StatusView) -> None:
        """Draw a status: the store line, both progress bars, the sources, the errors."""
        self.view = view
        self.query_one("#store-line", Static).update(
            f"{view.records} records · {view.chunks} chunks"
            + (f" · {view.pending_vectors} awaiting embedding" if view.pending_vectors else "")
            + f" · {view.backend}"
        )
        self._draw_progress(view)
        self._draw_sources(view)
        errors = "\n".join(view.errors[-8:]) if view.errors else "none"
        self.query_one("#errors", Static).update(errors)

    def _draw_progress(self, view: StatusView) -> None:
        ingest = self.query_one("#ingest-bar", ProgressBar)
        labels = list(self.query(".progress-label").results(Label))
        if view.ingest is None:
            ingest.update(total=1, progress=0)
            labels[0].update("Ingest  idle")
        else:
            ingest.update(total=view.ingest.total, progress=view.ingest.done)
            labels[0].update(f"Ingest  {view.ingest.phase} {view.ingest.source}"[:30])
        enrich = self.query_one("#enrich-bar", ProgressBar)
        if view.enrich is None:
            enrich.update(total=1, progress=0)
            labels[1].update("Enrich  idle")
        else:
            done, total = view.enrich
            enrich.update(total=max(total, 1), progress=done)
            labels[1].update(f"Enrich  {done}/{total}")

    def _draw_sources(self, view: StatusView) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for source in view.sources:
            last = (source.last_sync or "never")[:16].replace("T", " ")
            table.add_row(source.name, source.connector, source.state, last, str(source.records),
                          str(source.errors) if source.errors else "", key=source.name)
        if view.sources:
            table.move_cursor(row=min(row, len(view.sources) - 1), animate=False)

    # -- actions --------------------------------------------------------------------------

    def action_sync_selected(self) -> None:
        table = self.query_one(DataTable)
        if self.view is None or not self.view.sources:
            self.action_sync_all()
            return
        self._sync((self.view.sources[table.cursor_row].name,))

    def action_sync_all(self) -> None:
        self._sync(())

    @work(thread=True, group="sync", exit_on_error=False)
    def _sync(self, names: tuple[str, ...]) -> None:
        self.app.call_from_thread(self.notify, f"syncing {', '.join(names) or 'every source'}…")
        line = self.twin.backend.sync(names)
        self.app.call_from_thread(self.notify, line, timeout=8)

    def action_add_folder(self) -> None:
        self.app.push_screen(AddFolderScreen(), self._folder_chosen)

    def _folder_chosen(self, chosen: tuple[Path, str | None] | None) -> None:
        if chosen is not None:
            self._add(*chosen)

    @work(thread=True, group="sync", exit_on_error=False)
    def _add(self, path: Path, name: str | None) -> None:
        self.app.call_from_thread(self.notify, f"adding {path}…")
        line = self.twin.backend.add_folder(path, name)
        self.app.call_from_thread(self.notify, line, timeout=8)

    @on(DataTable.RowSelected, "#sources-table")
    def row_selected(self) -> None:
        self.action_sync_selected()
