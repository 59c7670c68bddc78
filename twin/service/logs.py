"""The daemon's log: a rotating file in the home, and its last errors for `twin daemon status`."""

from __future__ import annotations

import logging
import logging.handlers
import re
from collections import deque
from pathlib import Path

__all__ = ["LOG_NAME", "last_errors", "log_path", "setup_logging"]

LOG_NAME = "daemon.log"
MAX_BYTES = 5 * 1024 * 1024
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_LINE = re.compile(r"^(\S+ \S+) (ERROR|WARNING|CRITICAL) (\S+): (.*)$")


def log_path(home: Path) -> Path:
    return home / "logs" / LOG_NAME


def setup_logging(home: Path, level: int = logging.INFO) -> Path:
    """Send every logger's records of `level` and above to `HOME/logs/daemon.log` (rotated at
    5 MiB, 3 kept); handlers already there (stderr) keep the level they had."""
    path = log_path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in root.handlers:
        if handler.level == logging.NOTSET:
            handler.setLevel(root.level)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(level)
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    for noisy in ("chromadb", "sentence_transformers", "transformers", "httpx", "watchdog", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return path


def last_errors(home: Path, n: int = 5) -> list[str]:
    """The last `n` warnings and errors of the log file (for a daemon that is not running)."""
    found: deque[str] = deque(maxlen=n)
    try:
        with open(log_path(home), encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if _LINE.match(line.rstrip("\n")):
                    found.append(line.rstrip("\n"))
    except OSError:
        return []
    return list(found)
