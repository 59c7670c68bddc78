"""The `twin` command through click's CliRunner: exit codes, exact lines, the --json contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from twin.cli import cli

HIT_KEYS = {"text", "score", "record_id", "chunk_id", "source", "kind", "timestamp", "title", "participants", "location",
            "record_ids"}


@pytest.fixture(autouse=True)
def hash_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWIN_EMBEDDER__MODEL", "hash")  # the real model has its own tests
    monkeypatch.setenv("TWIN_SEARCH__MIN_SIMILARITY", "0.1")


def twin(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def ingested(notes: Path) -> Path:
    result = twin("ingest", str(notes))
    assert result.exit_code == 0, result.output
    return notes


def test_ingest_reports_and_is_idempotent(notes: Path) -> None:
    first = twin("ingest", str(notes))
    assert first.exit_code == 0
    assert "3 added, 0 updated, 0 unchanged, 0 skipped; 3 chunks embedded" in first.stderr
    second = twin("ingest", str(notes))
    assert "0 added, 0 updated, 3 unchanged, 0 skipped; 0 chunks embedded" in second.stderr


def test_ingest_bad_file_one_line_and_exit_0(notes: Path) -> None:
    (notes / "latin1.txt").write_bytes(b"Gr\xfc\xdfe aus Berlin")
    result = twin("ingest", str(notes))
    assert result.exit_code == 0
    lines = [line for line in result.stderr.splitlines() if "latin1.txt" in line]
    assert len(lines) == 1 and lines[0].endswith("latin1.txt: not UTF-8 (byte 0xfc at 2)")
    assert "3 added, 0 updated, 0 unchanged, 1 skipped" in result.stderr


def test_search_json_contract(ingested: Path) -> None:
    result = twin("search", "Kyoto ryokan", "--json", "--k", "2")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["query"] == "Kyoto ryokan"
    assert 1 <= len(data["hits"]) <= 2
    assert all(set(hit) == HIT_KEYS for hit in data["hits"])
    assert data["hits"][0]["title"] == "Kyoto plans"
    assert data["hits"][0]["timestamp"].startswith("2026-04-02T00:00:00")


def test_search_filters_from_the_command_line(ingested: Path) -> None:
    result = twin("search", "budget Kyoto canal", "--since", "2026-03", "--until", "2026-03", "--json")
    assert [h["title"] for h in json.loads(result.stdout)["hits"]] == ["Budget meeting"]
    none = twin("search", "budget", "--source", "mail", "--json")
    assert json.loads(none.stdout)["hits"] == []


def test_ask_json_contract(ingested: Path) -> None:
    data = json.loads(twin("ask", "How much did the JR pass cost?", "--json").stdout)
    assert set(data) == {"answer", "quotes", "citations", "time_range", "people", "intent"}
    assert "50,000 yen" in data["answer"]
    assert data["time_range"] is None
    assert all(set(hit) == HIT_KEYS for hit in data["citations"])


def test_json_shows_the_time_range_read_from_the_question(ingested: Path) -> None:
    data = json.loads(twin("search", "Where did I sleep in Kyoto in April?", "--json", "--now", "2026-11-26").stdout)
    assert data["time_range"]["phrase"] == "in April"
    assert data["time_range"]["since"].startswith("2026-04-01T00:00:00")
    assert data["time_range"]["until"].startswith("2026-05-01T00:00:00")
    assert data["time_range"]["applied"] is True
    assert data["hits"][0]["title"] == "Kyoto plans"  # dated 2 April
    # Asked as of early 2026, "April" is April 2025: no records then, so the search is not narrowed.
    early = json.loads(twin("search", "Where did I sleep in Kyoto in April?", "--json", "--now", "2026-02-01").stdout)
    assert early["time_range"]["since"].startswith("2025-04-01") and early["time_range"]["applied"] is False
    assert early["hits"][0]["title"] == "Kyoto plans"


def test_the_time_read_says_when_nothing_of_it_was_found(capsys: pytest.CaptureFixture[str]) -> None:
    """"(no records then; searched all)" for a search that found nothing of that time; not for a
    question of what happened then, which that time's records answer (repeating entries too)."""
    from twin.cli import _print_understood_json

    time_range = {"label": "Tue 23 Jun 2026", "applied": False}
    _print_understood_json({"time_range": time_range, "people": [], "intent": "lookup"})
    assert "(time: Tue 23 Jun 2026 (no records then; searched all))" in capsys.readouterr().err
    _print_understood_json({"time_range": time_range, "people": [], "intent": "period"})
    assert capsys.readouterr().err.strip() == "(time: Tue 23 Jun 2026)"


def test_ask_nothing_relevant(ingested: Path) -> None:
    result = twin("ask", "What is my blood type?")
    assert result.exit_code == 0
    assert result.stdout.strip() == "Not mentioned in your records."


def test_bad_date_is_one_line_exit_1(ingested: Path) -> None:
    result = twin("search", "x", "--since", "last tuesday-ish")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: cannot read the date 'last tuesday-ish': use 2026-04-02, 2026-04, 2026, an ISO time, 7d, 2w or today"
    ]


def test_unknown_connector_exit_1(notes: Path) -> None:
    result = twin("ingest", str(notes), "--connector", "fax")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no connector named 'fax' (installed: ")
    assert ", files, " in result.stderr and ", whatsapp" in result.stderr


def test_forget_record_and_source(ingested: Path) -> None:
    record_id = f"files:{(ingested / 'run.txt').resolve()}"
    result = twin("forget", "--record", record_id)
    assert (result.exit_code, result.stdout) == (0, "forgot 1 record\n")
    assert json.loads(twin("status", "--json").stdout)["records"] == 2
    missing = twin("forget", "--record", "files:/nope")
    assert missing.exit_code == 1 and "no record files:/nope" in missing.stderr
    assert twin("forget", "--source", "files").stdout == "forgot 2 records\n"
    status = json.loads(twin("status", "--json").stdout)
    assert (status["records"], status["chunks"], status["vectors"]) == (0, 0, 0)


def test_reindex_and_status(ingested: Path) -> None:
    assert twin("reindex").stdout == "reindexed 3 chunks with hash-384\n"
    status = json.loads(twin("status", "--json").stdout)
    assert (status["records"], status["chunks"], status["vectors"], status["pending_vectors"]) == (3, 3, 3, 0)
    assert status["sources"]["files"]["records"] == 3


def test_timeline_in_time_order(ingested: Path) -> None:
    lines = twin("timeline").stdout.splitlines()
    assert [line[:10] for line in lines] == ["2026-02-07", "2026-03-12", "2026-04-02"]


def test_connectors_and_config_path(tmp_path: Path) -> None:
    assert "files        connectors.files:FilesConnector  (twin)\n" in twin("connectors").stdout
    assert twin("config", "path").stdout == f"{tmp_path / 'config.toml'}\n"


def test_bad_config_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("[search]\nk = 'ten'\n")
    result = twin("status")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'config.toml'}: search.k = 'ten' is not a valid int\n"


def test_unexpected_error_goes_to_the_log(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import twin.store.catalog as catalog

    def boom(self: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(catalog.Catalog, "stats", boom)
    result = CliRunner().invoke(cli, ["status"])
    assert result.exit_code == 1
    log = home / "logs" / "twin.log"
    assert result.stderr == f"Error: unexpected error: RuntimeError('disk on fire') (traceback in {log})\n"
    assert "Traceback" in log.read_text()


def test_ask_with_an_unreachable_generator_falls_back_to_quotes(ingested: Path) -> None:
    """The remote endpoint's notice once, one line saying it failed, then the extractive answer; exit 0."""
    env = {"TWIN_GENERATOR__BASE_URL": "http://127.0.0.1:9/v1", "TWIN_GENERATOR__RETRIES": "0"}
    result = CliRunner(env=env).invoke(cli, ["ask", "How much did the JR pass cost?", "--generator", "remote"])
    assert result.exit_code == 0, result.output
    assert "sends your question and the excerpts" in result.stderr
    assert "is unreachable" in result.stderr and "answering with quotes" in result.stderr
    assert "50,000 yen" in result.stdout
    again = CliRunner(env=env).invoke(cli, ["ask", "How much did the JR pass cost?", "--generator", "remote"])
    assert "sends your question" not in again.stderr  # said once per endpoint


def test_ask_generator_none_and_counting_never_call_a_model(ingested: Path) -> None:
    result = twin("ask", "How much did the JR pass cost?", "--generator", "none", "--json")
    assert result.exit_code == 0 and "50,000 yen" in json.loads(result.stdout)["answer"]


def test_an_answer_read_from_the_calendar_is_never_rewritten(tmp_path: Path) -> None:
    """"When is my next pottery class?" is the calendar entry's next Tuesday, read from its rule; a
    configured generator (here unreachable, so any call would say so) is not asked to rewrite it
    from search hits, as it is not for counts."""
    folder = tmp_path / "cal"
    folder.mkdir()
    (folder / "maya.ics").write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:p@t\r\nDTSTAMP:20260501T000000Z\r\n"
        "DTSTART;TZID=Europe/Berlin:20260602T190000\r\nDTEND;TZID=Europe/Berlin:20260602T213000\r\n"
        "RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20260721T170000Z\r\nSUMMARY:Pottery: Drehen für Anfänger\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    assert twin("ingest", str(folder)).exit_code == 0
    env = {"TWIN_GENERATOR__BASE_URL": "http://127.0.0.1:9/v1", "TWIN_GENERATOR__RETRIES": "0"}
    result = CliRunner(env=env).invoke(cli, ["ask", "When is my next pottery class?", "--now", "2026-06-20",
                                             "--generator", "remote", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["answer"] == "Tuesday 23 June 2026, 19:00"
    assert "unreachable" not in result.stderr


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`twin connectors | head -0`: the reader is gone before twin writes; no error line, no log."""
    env = {**os.environ, "TWIN_CONFIG": str(tmp_path / "none.toml"), "TWIN_HOME": str(tmp_path / "home")}
    process = subprocess.Popen([Path(sys.executable).parent / "twin", "connectors"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    error = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1
    assert error == ""
    assert not (tmp_path / "home" / "logs" / "twin.log").exists()
