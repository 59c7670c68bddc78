"""The daemon backend against a fake client (the contract's JSON), the in-process sync, and `twin tui` itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from tests.tui.fakes import HIT
from tui.backend import Asked, Notice, Reading, Scope, Token
from tui.browse import Browser
from tui.daemon_backend import DaemonBackend


class FakeClient:
    pid = 4242

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def status(self) -> dict[str, Any]:
        return {
            "daemon": {"pid": 4242, "started": "2026-06-20T10:00:00+02:00", "version": "0.1.0", "uptime_s": 60},
            "store": {"records": 375, "chunks": 525, "pending_vectors": 3, "sources": {}},
            "sources": {"notes": {"connector": "files", "last_sync": "2026-06-20T10:01:00+02:00", "records": 28,
                                  "errors": 1, "last_error": "skipped x.md: not UTF-8", "state": "watching"}},
            "progress": {"ingest": {"phase": "embedding", "done": 5, "total": 10, "source": "notes"},
                         "enrich": {"done": 1, "total": 4}},
            "errors": [{"time": "2026-06-20T10:01:00+02:00", "source": "notes", "message": "skipped x.md: not UTF-8"}],
        }

    def search(self, query: str, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(("search", kwargs))
        return {"query": query, "hits": [HIT.to_json()]}

    def ask_stream(self, question: str, **kwargs: Any):
        self.calls.append(("ask_stream", kwargs))
        yield {"token": "We hiked "}
        yield {"warning": "left out 1 generated sentence(s)"}
        yield {"answer": {"answer": "the Bastei", "quotes": "2 March 2026, Hike: We hiked to the Bastei. [1]",
                          "citations": [HIT.to_json()],
                          "time_range": {"since": "2026-03-01T00:00:00+01:00", "until": "2026-04-01T00:00:00+02:00",
                                         "phrase": "in March", "applied": True},
                          "people": ["Lena Fischer"], "intent": "lookup"}}

    def sync(self, names=()) -> dict[str, Any]:
        return {"queued": list(names) or ["notes"]}

    def add_folder(self, path, name=None, connector="files") -> dict[str, Any]:
        return {"name": name or "docs", "connector": connector, "path": str(path), "queued": [name or "docs"]}


def test_daemon_backend_speaks_the_contract(tmp_path: Path) -> None:
    client = FakeClient()
    backend = DaemonBackend(client, Browser(tmp_path))
    assert backend.label == "daemon pid 4242"
    events = list(backend.ask_stream("Where did I hike?", scope=Scope(person="Lena Fischer"), now=None))
    assert [type(e) for e in events] == [Token, Notice, Reading, Asked]
    asked = events[-1]
    assert isinstance(asked, Asked) and asked.answer.citations == (HIT,)
    assert asked.answer.text == "the Bastei\n2 March 2026, Hike: We hiked to the Bastei. [1]"  # its quotes kept
    assert asked.reading.time is not None and asked.reading.time.label == "1 Mar 2026 – 31 Mar 2026"
    assert client.calls[0][1]["filters"] == {"since": None, "until": None, "person": "Lena Fischer", "sources": []}
    assert backend.search("hike", scope=Scope(), now=None) == [HIT]
    view = backend.status()
    assert view.ingest is not None and (view.ingest.done, view.ingest.total) == (5, 10)
    assert view.enrich == (1, 4) and view.pending_vectors == 3
    assert view.sources[0].state == "watching" and view.sources[0].errors == 1
    assert view.errors == ("2026-06-20 10:01:00 notes: skipped x.md: not UTF-8",)
    assert backend.sync(("notes",)) == "the daemon is syncing notes"
    assert backend.add_folder(tmp_path, "docs").startswith(f"added {tmp_path} as docs")


def test_open_backend_prefers_a_running_daemon(tmp_path: Path, monkeypatch) -> None:
    import twin.client
    from tui.backend import open_backend
    from tui.inprocess import InProcessBackend
    from twin.config import load_config

    config = load_config(home=tmp_path / "home", path=tmp_path / "none.toml")
    monkeypatch.setattr(twin.client, "connect", lambda home: FakeClient())
    assert isinstance(open_backend(config), DaemonBackend)
    assert isinstance(open_backend(config, daemon=False), InProcessBackend)
    monkeypatch.setattr(twin.client, "connect", lambda home: None)
    assert isinstance(open_backend(config), InProcessBackend)


def test_in_process_add_folder_ingests_it(tmp_path: Path, monkeypatch) -> None:
    from tui.inprocess import InProcessBackend
    from twin.config import load_config
    from twin.models.embedder import HashEmbedder

    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "2026-04-02.md").write_text("# Kyoto\n\nWe booked a ryokan in Kyoto.\n", encoding="utf-8")
    config = load_config(home=tmp_path / "home", path=tmp_path / "none.toml")
    backend = InProcessBackend(config, embedder=HashEmbedder())
    line = backend.add_folder(folder)
    assert line.startswith(f"added folder {folder} as notes; 1 added"), line
    view = backend.status()
    assert [(s.name, s.connector, s.records) for s in view.sources] == [("notes", "files", 1)]
    assert view.sources[0].last_sync is not None and view.ingest is None
    assert backend.sync(("nope",)) == "no source named 'nope'"
    assert backend.sync().startswith("0 added, 0 updated, 1 unchanged")
    backend.close()


def test_twin_without_a_terminal_prints_the_help_and_tui_runs_the_app(tmp_path: Path, monkeypatch) -> None:
    from tui.app import TwinApp
    from twin.cli import cli

    env = {"TWIN_CONFIG": str(tmp_path / "none.toml"), "TWIN_HOME": str(tmp_path / "home")}
    result = CliRunner(env=env).invoke(cli, [], prog_name="twin")
    assert result.exit_code == 0 and "Usage: twin" in result.output and "tui" in result.output
    ran: list[TwinApp] = []

    def fake_run(self: TwinApp) -> None:
        ran.append(self)

    monkeypatch.setattr(TwinApp, "run", fake_run)
    monkeypatch.setattr("twin.client.connect", lambda home: None)
    result = CliRunner(env=env).invoke(cli, ["tui", "--now", "2026-06-20", "--theme", "light"])
    assert result.exit_code == 0, result.output
    assert ran and ran[0].now is not None and ran[0].now.date().isoformat() == "2026-06-20"
    assert ran[0].theme == "textual-light" and ran[0].backend.label == "in-process"
