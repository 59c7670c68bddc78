"""The local API's endpoints: status, search, ask (whole or streamed), sync, add a folder."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from twin.errors import TwinError
from twin.schema import Source
from twin.service.http import NotFound
from twin.service.queries import (
    Generators,
    Readers,
    ask_events,
    generator_config,
    make_filters,
    parse_now,
    search_json,
    store_status,
)
from twin.service.state import ServiceState
from twin.service.work import Work

if TYPE_CHECKING:
    from twin.config import Config
    from twin.plugins import Registry

__all__ = ["Api", "version"]


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        return package_version("twin")
    except PackageNotFoundError:
        return "unknown"


@dataclass
class Api:
    """Routes requests to the warm readers, the service state and the writer's work list."""

    config: Config
    readers: Readers
    generators: Generators
    state: ServiceState
    work: Work
    registry: Registry
    sources_changed: Callable[[list[Source]], None]
    """Called after a source is added, with every configured source (the watchers follow)."""
    started: datetime
    listening: dict[str, Any]

    def handle(self, method: str, path: str, body: dict[str, Any]) -> dict[str, Any] | Iterator[dict[str, Any]]:
        routes: dict[tuple[str, str], Callable[[dict[str, Any]], Any]] = {
            ("GET", "/ping"): lambda _: {"twin": "daemon", "pid": os.getpid()},
            ("GET", "/status"): lambda _: self.status(),
            ("POST", "/search"): self.search,
            ("POST", "/ask"): self.ask,
            ("POST", "/ask/stream"): self.ask_stream,
            ("POST", "/sync"): self.sync,
            ("POST", "/sources"): self.add_folder,
            ("POST", "/ingest"): self.ingest,
        }
        route = routes.get((method, path))
        if route is None:
            raise NotFound(f"no endpoint {method} {path}")
        result: dict[str, Any] | Iterator[dict[str, Any]] = route(body)
        return result

    def status(self) -> dict[str, Any]:
        with self.readers.reader() as reader:
            store = store_status(reader.store, self.config.home)
        records = {name: int(info.get("records", 0)) for name, info in store["sources"].items()}
        daemon = {"pid": os.getpid(), "started": self.started.isoformat(timespec="seconds"), "version": version(),
                  "uptime_s": round((datetime.now().astimezone() - self.started).total_seconds(), 1),
                  **self.listening}
        return {"daemon": daemon, "store": store, **self.state.snapshot(records)}

    def search(self, body: dict[str, Any]) -> dict[str, Any]:
        query = _text(body, "query")
        k = body.get("k")
        if k is not None and (not isinstance(k, int) or not 1 <= k <= 1000):
            raise TwinError(f"k must be a whole number from 1 to 1000, not {k!r}")
        filters = make_filters(body.get("filters"))
        now = parse_now(body.get("now"))
        with self.readers.reader() as reader:
            return search_json(reader.searcher, query, k=k, filters=filters, now=now,
                               mode=str(body.get("mode") or "fused"))

    def ask(self, body: dict[str, Any]) -> dict[str, Any]:
        final: dict[str, Any] = {}
        for event in self.ask_stream(body):
            if "answer" in event:
                final = event["answer"]
        return final

    def ask_stream(self, body: dict[str, Any]) -> Iterator[dict[str, Any]]:
        question = _text(body, "question")
        kind = body.get("generator")
        if kind not in (None, "local", "remote", "none"):
            raise TwinError(f"generator must be local, remote or none, not {kind!r}")
        filters = make_filters(body.get("filters"))
        now = parse_now(body.get("now"))
        config = generator_config(self.config.generator, kind)
        return self._ask(question, filters, now, config)

    def _ask(self, question: str, filters: Any, now: datetime | None, config: Any) -> Iterator[dict[str, Any]]:
        with self.readers.reader() as reader:
            yield from ask_events(reader.answerer, question, filters=filters, now=now, config=config,
                                  home=self.config.home, min_similarity=self.config.search.min_similarity,
                                  generators=self.generators)

    def sync(self, body: dict[str, Any]) -> dict[str, Any]:
        names = [str(n) for n in body.get("names") or []]
        with self.readers.reader() as reader:
            known = [s.name for s in reader.store.catalog.sources()]
        unknown = [n for n in names if n not in known]
        if unknown:
            raise TwinError(f"no source named {unknown[0]!r} (see `twin sources list`)")
        chosen = names or known
        for name in chosen:
            self.work.sync(name)
        return {"queued": chosen}

    def ingest(self, body: dict[str, Any]) -> dict[str, Any]:
        """`twin ingest PATH...` while the daemon runs: each path is imported once, like an export
        dropped into the inbox (the writer thread does it; `twin status` shows the progress)."""
        paths = [Path(str(p)).expanduser().resolve() for p in body.get("paths") or []]
        if missing := [p for p in paths if not p.exists()]:
            raise TwinError(f"{missing[0]}: no such file or folder")
        for path in paths:
            self.work.inbox(path)
        return {"queued": [str(p) for p in paths]}

    def add_folder(self, body: dict[str, Any]) -> dict[str, Any]:
        from twin.store import Catalog

        path = Path(_text(body, "path")).expanduser().resolve()
        if not path.exists():
            raise TwinError(f"{path}: no such file or folder")
        connector = str(body.get("connector") or "files")
        self.registry.get(connector)  # an unknown connector is an error now
        catalog = Catalog(self.config.home / "twin.db")  # its own connection: the writer's is busy
        try:
            existing = {s.name: s for s in catalog.sources()}
            name = _free_name(str(body.get("name") or path.name or "folder"), path, existing)
            if name not in existing:
                catalog.add_source(Source(name, connector, path, {}))
            sources = catalog.sources()
        finally:
            catalog.close()
        self.state.ensure(name, connector)
        self.sources_changed(sources)
        self.work.sync(name)
        return {"name": name, "connector": connector, "path": str(path), "queued": [name]}


def _text(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value.strip():
        raise TwinError(f"the request needs a non-empty {key!r}")
    return value


def _free_name(wanted: str, path: Path, existing: dict[str, Source]) -> str:
    """`wanted`, or `wanted-2`...; the name of a source that already reads `path` is reused."""
    for name, source in existing.items():
        if source.path == path and (name == wanted or name.startswith(f"{wanted}-")):
            return name
    name, n = wanted, 1
    while name in existing:
        n += 1
        name = f"{wanted}-{n}"
    return name
