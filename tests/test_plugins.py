"""Registry: connectors from the entry point and registered directly, detection by priority, unknown names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from connectors.files import FilesConnector
from twin.errors import SourceError
from twin.plugins import Connector, Registry
from twin.schema import Record, Skipped, Source


class ShoutConnector:
    """Reads files whose first line is `SHOUT`; asked before the files connector."""

    name: ClassVar[str] = "shout"
    priority: ClassVar[int] = 10

    def can_read(self, path: Path) -> bool:
        return path.is_file() and path.read_bytes().startswith(b"SHOUT\n")

    def read(self, source: Source, since: str | None) -> Iterator[Record | Skipped]:
        yield Skipped(str(source.path), "not implemented")


class AnythingConnector:
    """Reads any existing path, but only as a last resort."""

    name: ClassVar[str] = "anything"
    priority: ClassVar[int] = -5

    def can_read(self, path: Path) -> bool:
        return path.exists()

    def read(self, source: Source, since: str | None) -> Iterator[Record | Skipped]:
        return iter(())


OURS = {"files", "shout", "anything"}  # other installed plugins may sit in between


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "note": tmp_path / "note.md",
        "shout": tmp_path / "loud.md",
        "png": tmp_path / "image.png",
    }
    paths["note"].write_text("# Note\n\nQuiet text.\n", encoding="utf-8")
    paths["shout"].write_text("SHOUT\nLOUD TEXT\n", encoding="utf-8")
    paths["png"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return paths


def test_files_connector_is_discovered_through_the_entry_point() -> None:
    registry = Registry()
    assert "files" in registry.names()
    info = {i.name: i for i in registry.infos()}["files"]
    assert info.value == "connectors.files:FilesConnector"
    assert info.package == "twin"
    connector = registry.get("files")
    assert isinstance(connector, FilesConnector)
    assert isinstance(connector, Connector)
    assert registry.get("files") is connector


def test_without_discovery_only_registered_connectors() -> None:
    registry = Registry(discover=False)
    assert registry.names() == []
    registry.register(ShoutConnector)
    assert registry.names() == ["shout"]
    assert registry.infos()[0].value == f"{__name__}:ShoutConnector"
    assert registry.infos()[0].package == "direct"


def test_detect_asks_higher_priority_first(files: dict[str, Path]) -> None:
    registry = Registry()
    registry.register(ShoutConnector)
    # Both can read loud.md; the registered one has the higher priority.
    assert FilesConnector().can_read(files["shout"])
    assert isinstance(registry.detect(files["shout"]), ShoutConnector)
    assert isinstance(registry.detect(files["note"]), FilesConnector)
    assert registry.detect(files["png"]) is None


def test_lower_priority_connector_is_the_fallback(files: dict[str, Path]) -> None:
    registry = Registry()
    registry.register(AnythingConnector)
    assert isinstance(registry.detect(files["note"]), FilesConnector)
    assert isinstance(registry.detect(files["png"]), AnythingConnector)
    assert [c.name for c in registry.by_priority() if c.name in OURS] == ["files", "anything"]


def test_by_priority_orders_all(files: dict[str, Path]) -> None:
    registry = Registry()
    registry.register(AnythingConnector)
    registry.register(ShoutConnector)
    assert [c.name for c in registry.by_priority() if c.name in OURS] == ["shout", "files", "anything"]


def test_unknown_name_lists_the_installed_connectors() -> None:
    registry = Registry()
    registry.register(ShoutConnector)
    with pytest.raises(SourceError) as info:
        registry.get("no-such-format")
    message = str(info.value)
    assert "'no-such-format'" in message
    installed = message.split("installed: ", 1)[1].rstrip(")").split(", ")
    assert installed == registry.names()
    assert {"files", "shout"} <= set(installed)


def test_unknown_name_with_nothing_installed() -> None:
    with pytest.raises(SourceError, match=r"installed: none"):
        Registry(discover=False).get("files")


def test_a_broken_plugin_is_reported_once(caplog: pytest.LogCaptureFixture) -> None:
    from twin.plugins import ConnectorInfo, Registry

    registry = Registry()
    registry._info["broken"] = ConnectorInfo("broken", "nowhere.at.all:Connector", "thirdparty")
    for _ in range(3):
        registry.by_priority()
    warnings = [r for r in caplog.records if "broken" in r.getMessage()]
    assert len(warnings) == 1
    with pytest.raises(SourceError, match="no connector named 'broken'"):
        registry.get("broken")
