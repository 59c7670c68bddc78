"""`twin enrich`, `twin reflect` and `twin profile` end to end with the bundled SmolLM2 through llama.cpp."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from twin.cli import cli

from ..conftest import write


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.slow
def test_enrich_and_reflect_with_the_bundled_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWIN_EMBEDDER__MODEL", "hash")  # the generator is what this test is about
    monkeypatch.setenv("TWIN_SEARCH__DERIVED_WEIGHT", "1")  # off by default: search the entries too
    notes = tmp_path / "notes"
    write(notes / "2026-04-02.md", "# Kyoto\n\nWe booked a ryokan in Kyoto for three nights. The JR pass cost 50,000 yen.\n")
    write(notes / "2026-04-09.md", "# Budget\n\nAnna said the research budget is cut from 40,000 to 32,000 EUR.\n")
    run("ingest", str(notes))
    done = json.loads(run("enrich", "--json", "--limit", "5"))
    # Structure, not wording: both chunks done once, every generated piece kept or counted.
    assert done["enriched"] == 2 and done["waiting"] == 0 and done["failed"] == 0
    assert done["rejected"] == sum(done["reasons"].values())
    assert json.loads(run("enrich", "--json"))["enriched"] == 0  # resumable: nothing left, nothing redone
    status = json.loads(run("status", "--json"))
    assert status["records"] == 2
    reflected = json.loads(run("reflect", "--force", "--json"))
    assert reflected["due"] is True and reflected["reflections"] >= 0 and reflected["questions"] >= 0
    hits = json.loads(run("search", "ryokan in Kyoto", "--json"))["hits"]
    assert hits and all(h["chunk_id"].count("~") == 0 for h in hits)  # derived entries fold onto chunks
