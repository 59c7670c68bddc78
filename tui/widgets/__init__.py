"""The TUI's reusable widgets, one per module."""
