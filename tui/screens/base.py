"""What every screen shares: the typed app, the top line, and failed workers shown as notifications."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, cast

from textual import on
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from tui.widgets.nav_bar import NavBar

if TYPE_CHECKING:
    from tui.app import TwinApp

__all__ = ["TwinScreen"]

logger = logging.getLogger(__name__)


class TwinScreen(Screen[None]):
    """A screen of the TwinApp; `MODE` names it in the top line."""

    MODE = ""

    @property
    def twin(self) -> TwinApp:
        return cast("TwinApp", self.app)

    def nav_bar(self) -> NavBar:
        bar = NavBar(self.MODE)
        bar.backend = self.twin.backend.label
        return bar

    @on(Worker.StateChanged)
    def worker_failed(self, event: Worker.StateChanged) -> None:
        """A worker that raised: one line to the user (as posting does), the traceback to the log."""
        worker: Worker[Any] = event.worker
        if event.state == WorkerState.ERROR and worker.error is not None:
            logger.error("%s failed", worker.name, exc_info=worker.error)
            self.notify(_one_line(worker.error), severity="error", timeout=8)


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text or error.__class__.__name__
