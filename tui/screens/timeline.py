"""Timeline: everything by day, week or month, filtered by source, person and text."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Select, Static

from tui.backend import Scope, TimelineEntry
from tui.labels import kind_colour, kind_icon, kind_label, people_label
from tui.period import ZOOMS, Period
from tui.screens.base import TwinScreen
from tui.widgets.chip import Chip

__all__ = ["TimelineScreen"]

ALL = "*"


class TimelineScreen(TwinScreen):
    MODE = "timeline"
    AUTO_FOCUS = "#timeline"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "earlier", "Earlier", key_display="["),
        Binding("right_square_bracket", "later", "Later", key_display="]"),
        Binding("d", "zoom('day')", "Day"),
        Binding("w", "zoom('week')", "Week"),
        Binding("m", "zoom('month')", "Month"),
        Binding("s", "next_source", "Source"),
        Binding("slash", "focus_filter", "Filter", key_display="/"),
        Binding("o", "open_original", "Original", show=False),
        Binding("escape", "back", "Back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.period: Period | None = None
        self.sources: list[str] = []
        self.entries: list[TimelineEntry] = []
        self.came_from: str | None = None
        """The screen a citation was located from: escape goes back there."""
        self._focus_id: str | None = None
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        yield self.nav_bar()
        with Horizontal(id="tl-bar"):
            yield Static(id="tl-period")
            yield Static(id="tl-zoom")
            yield Static(id="tl-count")
        with Horizontal(id="tl-filters"):
            yield Select[str]([], prompt="all sources", compact=True, id="tl-source")
            yield Input(placeholder="/ filter text…", compact=True, id="tl-text")
            yield Horizontal(id="tl-chips")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="timeline")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("When", key="when", width=12)
        table.add_column("", key="kind", width=6)
        table.add_column("Title", key="title")
        table.add_column("People", key="people")
        table.add_column("Source", key="source")
        self.watch(self.twin, "person", lambda _: self._person_changed(), init=False)
        self._draw_chips()
        self._start()

    @work(thread=True, exclusive=True, group="timeline", exit_on_error=False)
    def _start(self) -> None:
        """The month of `now` (or of the last record, when nothing happened then), and the sources."""
        backend = self.twin.backend
        now = (self.twin.now or datetime.now()).astimezone()
        span = backend.span()
        day = now.date()
        if span is not None and not span[0].date() <= day <= span[1].date():
            day = span[1].astimezone().date()
        sources = sorted(s.name for s in backend.status().sources if s.records)
        self.app.call_from_thread(self._started, Period.containing(day, "month"), sources)

    def _started(self, period: Period, sources: list[str]) -> None:
        self.sources = sources
        self.query_one(Select).set_options((name, name) for name in sources)
        if self.period is None:  # a jump may have placed it already
            self.period = period
        self.reload()

    # -- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        if self.period is None:
            return
        self._draw_bar()
        source = self.query_one(Select).value
        scope = Scope(person=self.twin.person, sources=(str(source),) if isinstance(source, str) else ())
        self._load(self.period, scope, self.query_one("#tl-text", Input).value)

    @work(thread=True, exclusive=True, group="timeline", exit_on_error=False)
    def _load(self, period: Period, scope: Scope, text: str) -> None:
        entries = self.twin.backend.timeline(period.since, period.until, scope=scope, text=text)
        self.app.call_from_thread(self._fill, entries)

    def _fill(self, entries: list[TimelineEntry]) -> None:
        self.entries = entries
        table = self.query_one(DataTable)
        table.clear()
        previous: date | None = None
        zoom = self.period.zoom if self.period else ""
        title_width = max(20, self.app.size.width - 57)
        for entry in entries:
            day = entry.timestamp.date()
            table.add_row(*_cells(entry, show_day=day != previous, zoom=zoom, title_width=title_width),
                          key=entry.record_id)
            previous = day
        self._draw_count()
        if self._focus_id is not None and self._focus_id in {e.record_id for e in entries}:
            table.move_cursor(row=table.get_row_index(self._focus_id), animate=False)
            table.focus()
        self._focus_id = None

    def locate(self, record_id: str, when: datetime, came_from: str | None) -> None:
        """Show the week of `when` with `record_id` under the cursor (from a citation)."""
        self.came_from = came_from
        self._focus_id = record_id
        self.period = Period.containing(when.date(), "week")
        if self.is_mounted:
            self.query_one("#tl-text", Input).value = ""
            self.reload()

    # -- drawing --------------------------------------------------------------------------

    def _draw_bar(self) -> None:
        assert self.period is not None
        self.query_one("#tl-period", Static).update(Content.from_markup(
            "[@click=screen.earlier] ◂ [/][b]$label[/b][@click=screen.later] ▸ [/]", label=self.period.label))
        zooms = [f"[@click=screen.zoom('{z}')]" + (f"[reverse]{z}[/reverse]" if z == self.period.zoom else z) + "[/]"
                 for z in ZOOMS]
        self.query_one("#tl-zoom", Static).update(Content.from_markup(" · ".join(zooms)))

    def _draw_count(self) -> None:
        kinds = Counter(kind_icon(e.kind) for e in self.entries)
        detail = " ".join(f"{icon}{n}" for icon, n in kinds.most_common(4)) if self.app.size.width >= 100 else ""
        total = f"{len(self.entries)} record{'s' if len(self.entries) != 1 else ''}"
        self.query_one("#tl-count", Static).update(f"{detail}  {total}" if detail else total)

    def _draw_chips(self) -> None:
        row = self.query_one("#tl-chips", Horizontal)
        row.remove_children()
        if self.twin.person:
            row.mount(Chip(f"☺ {self.twin.person}", "person"))

    # -- actions --------------------------------------------------------------------------

    def action_earlier(self) -> None:
        self._shift(-1)

    def action_later(self) -> None:
        self._shift(1)

    def _shift(self, steps: int) -> None:
        if self.period is not None:
            self.period = self.period.shift(steps)
            self.reload()

    def action_zoom(self, zoom: str) -> None:
        if self.period is not None:
            self.period = self.period.zoomed(zoom, self._cursor_day())
            self.reload()

    def _cursor_day(self) -> date | None:
        entry = self._current()
        return entry.timestamp.date() if entry is not None else None

    def _current(self) -> TimelineEntry | None:
        table = self.query_one(DataTable)
        if not self.entries or not 0 <= table.cursor_row < len(self.entries):
            return None
        return self.entries[table.cursor_row]

    def action_next_source(self) -> None:
        select = self.query_one(Select)
        choices: list[str | None] = [None, *self.sources]
        current = select.value if isinstance(select.value, str) else None
        chosen = choices[(choices.index(current) + 1) % len(choices)] if current in choices else None
        if chosen is None:
            select.clear()
        else:
            select.value = chosen

    def action_focus_filter(self) -> None:
        self.query_one("#tl-text", Input).focus()

    def action_back(self) -> None:
        if self.focused is not self.query_one(DataTable):
            self.query_one(DataTable).focus()
        elif self.came_from is not None:
            origin, self.came_from = self.came_from, None
            self.app.switch_mode(origin)

    def action_open_original(self) -> None:
        if (entry := self._current()) is not None:
            self.twin.open_original(entry.location)

    @on(Select.Changed, "#tl-source")
    def source_changed(self) -> None:
        self.reload()

    @on(Input.Changed, "#tl-text")
    def text_changed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(0.3, self.reload)

    @on(Input.Submitted, "#tl-text")
    def text_submitted(self) -> None:
        self.query_one(DataTable).focus()

    @on(DataTable.RowSelected, "#timeline")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.twin.open_record(str(event.row_key.value))

    @on(Chip.Removed)
    def chip_removed(self, event: Chip.Removed) -> None:
        if event.chip.key == "person":
            self.twin.person = None

    def _person_changed(self) -> None:
        self._draw_chips()
        self.reload()


def _cells(entry: TimelineEntry, *, show_day: bool, zoom: str, title_width: int) -> tuple[Content | str, ...]:
    moment = entry.timestamp
    clock = "" if (moment.hour, moment.minute) == (0, 0) else f"{moment:%H:%M}"
    day = f"{moment:%a} {moment.day:>2}" if zoom != "day" else ""
    when = f"{day if show_day else '':<6} {clock}".rstrip()
    kind = Content.from_markup(f"[{kind_colour(entry.kind)}]$icon $label[/]", icon=kind_icon(entry.kind),
                               label=kind_label(entry.kind))
    people = people_label([entry.author] if entry.summary and entry.author else [entry.author, *entry.participants],
                          limit=2)
    title = f"{entry.title}: {entry.summary}" if entry.summary else entry.title or entry.kind
    return when, kind, _cut(title, title_width), _cut(people, 16), _cut(entry.source, 10)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
