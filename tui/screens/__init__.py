"""The TUI's screens: Ask, Timeline, Record, Sources, People."""
