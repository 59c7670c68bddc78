"""Connector discovery through the `twin.connectors` entry-point group."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import ClassVar, Protocol, runtime_checkable

from twin.errors import SourceError
from twin.schema import Item, Source

__all__ = ["GROUP", "Connector", "ConnectorInfo", "Registry"]

GROUP = "twin.connectors"
logger = logging.getLogger(__name__)


@runtime_checkable
class Connector(Protocol):
    """A plugin that turns one kind of source into Records, lazily, one at a time."""

    name: ClassVar[str]
    """The entry-point name; also the prefix of every record id it makes."""
    priority: ClassVar[int]
    """Detection order: higher is asked first (a generic text reader is the fallback, 0)."""

    def can_read(self, path: Path) -> bool:
        """Whether this connector reads `path` (a file or a folder), judged by its content."""
        ...

    def read(self, source: Source, since: str | None) -> Iterator[Item]:
        """Yield records (and Skipped for bad items, Cursor and Inventory for sync state);
        raise SourceError only if nothing is readable. `since` holds the source's saved
        cursors as a JSON object, or None on a first run."""
        ...


@dataclass(frozen=True)
class ConnectorInfo:
    name: str
    value: str
    """`module:Class` as the entry point gives it."""
    package: str


class Registry:
    """The connectors found through entry points, plus any registered directly (tests)."""

    def __init__(self, *, discover: bool = True) -> None:
        self._classes: dict[str, type[Connector]] = {}
        self._info: dict[str, ConnectorInfo] = {}
        self._instances: dict[str, Connector] = {}
        self._broken: dict[str, SourceError] = {}
        """Plugins that failed to load, tried once per run (not once per file)."""
        if discover:
            for ep in entry_points(group=GROUP):
                dist = ep.dist.name if ep.dist is not None else "?"
                self._info[ep.name] = ConnectorInfo(ep.name, ep.value, dist)

    def register(self, cls: type[Connector], package: str = "direct") -> None:
        self._classes[cls.name] = cls
        self._info[cls.name] = ConnectorInfo(cls.name, f"{cls.__module__}:{cls.__qualname__}", package)
        self._instances.pop(cls.name, None)

    def infos(self) -> list[ConnectorInfo]:
        return sorted(self._info.values(), key=lambda info: info.name)

    def names(self) -> list[str]:
        return sorted(self._info)

    def get(self, name: str) -> Connector:
        """The connector instance for `name`; SourceError if unknown or broken."""
        if name in self._instances:
            return self._instances[name]
        if name in self._broken:
            raise self._broken[name]
        if name not in self._info:
            known = ", ".join(self.names()) or "none"
            raise SourceError(f"no connector named {name!r} (installed: {known})")
        try:
            cls = self._classes.get(name) or self._load(name)
        except SourceError as exc:
            self._broken[name] = exc
            raise
        instance = cls()
        self._instances[name] = instance
        return instance

    def _load(self, name: str) -> type[Connector]:
        for ep in entry_points(group=GROUP, name=name):
            try:
                cls: type[Connector] = ep.load()
            except Exception as exc:  # a broken third-party plugin must not stop twin
                raise SourceError(f"connector {name!r} ({ep.value}) failed to load: {exc}") from exc
            self._classes[name] = cls
            return cls
        raise SourceError(f"no connector named {name!r}")

    def by_priority(self) -> list[Connector]:
        connectors = []
        for name in self.names():
            if name in self._broken:
                continue  # said once already
            try:
                connectors.append(self.get(name))
            except SourceError as exc:
                logger.warning("%s", exc)
        return sorted(connectors, key=lambda c: (-c.priority, c.name))

    def detect(self, path: Path) -> Connector | None:
        """The first connector, by priority, that reads `path`."""
        for connector in self.by_priority():
            if connector.can_read(path):
                return connector
        return None
