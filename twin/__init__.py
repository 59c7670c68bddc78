"""twin: a personal digital twin that runs on one person's own machine."""

__version__ = "0.1.0"
