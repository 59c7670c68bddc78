"""The Textual terminal UI (not built yet: see the TUI issue)."""

__all__: list[str] = []
