"""`store.chroma_url`: the same store against a real `chroma run` server on loopback."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from twin.cli import cli

CHROMA = Path(sys.executable).parent / "chroma"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def chroma_url(tmp_path: Path) -> Iterator[str]:
    if not CHROMA.exists():
        pytest.fail(f"{CHROMA} missing: chromadb ships the server binary")
    port = free_port()
    log = open(tmp_path / "chroma.log", "w")  # noqa: SIM115 - the server writes to it until the end
    server = subprocess.Popen([str(CHROMA), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1",
                               "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "chroma.log").read_text()
                time.sleep(0.2)
        else:
            pytest.fail("chroma server did not start in 30 s")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def test_ingest_search_forget_against_a_chroma_server(chroma_url: str, notes: Path, home: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWIN_EMBEDDER__MODEL", "hash")
    monkeypatch.setenv("TWIN_STORE__CHROMA_URL", chroma_url)
    run = CliRunner().invoke
    assert run(cli, ["ingest", str(notes)]).exit_code == 0
    assert not (home / "chroma").exists()  # nothing embedded locally
    status = json.loads(run(cli, ["status", "--json"]).stdout)
    assert (status["vectors"], status["pending_vectors"]) == (3, 0)
    hits = json.loads(run(cli, ["search", "ryokan Kyoto", "--json"]).stdout)["hits"]
    assert hits[0]["title"] == "Kyoto plans"
    assert run(cli, ["forget", "--source", "files"]).stdout == "forgot 3 records\n"
    assert json.loads(run(cli, ["status", "--json"]).stdout)["vectors"] == 0


def test_switching_to_a_server_asks_for_reindex(chroma_url: str, notes: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWIN_EMBEDDER__MODEL", "hash")
    run = CliRunner().invoke
    assert run(cli, ["ingest", str(notes)]).exit_code == 0
    monkeypatch.setenv("TWIN_STORE__CHROMA_URL", chroma_url)
    result = run(cli, ["search", "Kyoto"])
    assert result.exit_code == 1
    assert "built with vectors_at 'embedded'" in result.stderr and "twin reindex" in result.stderr
    assert run(cli, ["reindex"]).stdout == "reindexed 3 chunks with hash-384\n"
    assert json.loads(run(cli, ["search", "Kyoto", "--json"]).stdout)["hits"]


def test_unreachable_server_is_one_line(notes: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWIN_EMBEDDER__MODEL", "hash")
    monkeypatch.setenv("TWIN_STORE__CHROMA_URL", f"http://127.0.0.1:{free_port()}")
    result = CliRunner().invoke(cli, ["ingest", str(notes)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot open the vector index at http://127.0.0.1:")
    assert len(result.stderr.strip().splitlines()) == 1
