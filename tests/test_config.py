"""load_config: defaults, the TOML file, TWIN_<SECTION>__<KEY> overrides, and errors that name key and place."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from twin.config import (
    Config,
    EmbedderConfig,
    IngestConfig,
    SearchConfig,
    StoreConfig,
    _coerce,
    config_path,
    load_config,
)
from twin.errors import ConfigError, TwinError


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No real user config or TWIN_ override leaks in: TWIN_CONFIG points at a file in tmp_path."""
    for var in list(os.environ):
        if var.startswith("TWIN_"):
            monkeypatch.delenv(var)
    path = tmp_path / "conf" / "config.toml"
    monkeypatch.setenv("TWIN_CONFIG", str(path))
    monkeypatch.setenv("TWIN_HOME", str(tmp_path / "home"))
    return path


def write_config(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(isolated: Path, tmp_path: Path) -> None:
    assert not isolated.exists()
    config = load_config()
    assert config == Config(home=tmp_path / "home", path=isolated)
    assert (config.store, config.embedder, config.ingest, config.search) == (
        StoreConfig(), EmbedderConfig(), IngestConfig(), SearchConfig()
    )
    assert config.embedder.model == "bundled"
    assert config.store.chroma_url == ""  # embedded Chroma unless a server is configured


def test_config_path_is_twin_config(isolated: Path) -> None:
    assert config_path() == isolated


def test_file_named_by_twin_config_is_read(isolated: Path) -> None:
    write_config(
        isolated,
        '[store]\nchroma_url = "http://localhost:8000"\n\n'
        "[ingest]\nchunk_words = 200\n\n"
        "[search]\nk = 7\nmin_similarity = 0.4\n",
    )
    config = load_config()
    assert config.path == isolated
    assert config.store == StoreConfig(chroma_url="http://localhost:8000")
    assert config.ingest == IngestConfig(chunk_words=200)  # overlap keeps its default
    assert config.search == SearchConfig(k=7, min_similarity=0.4)
    assert config.embedder == EmbedderConfig()


def test_an_int_is_accepted_for_a_float(isolated: Path) -> None:
    write_config(isolated, "[search]\nmin_similarity = 1\n")
    value = load_config().search.min_similarity
    assert value == 1.0 and isinstance(value, float)


def test_environment_overrides_win_over_the_file(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(isolated, "[search]\nk = 7\ncandidates = 30\n")
    monkeypatch.setenv("TWIN_SEARCH__K", "5")
    monkeypatch.setenv("TWIN_SEARCH__MIN_SIMILARITY", "0.5")
    monkeypatch.setenv("TWIN_STORE__CHROMA_URL", "http://chroma:8000")
    config = load_config()
    assert config.search == SearchConfig(k=5, candidates=30, min_similarity=0.5)
    assert config.store.chroma_url == "http://chroma:8000"


def test_environment_override_without_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWIN_EMBEDDER__THREADS", "2")
    assert load_config().embedder == EmbedderConfig(threads=2)


def test_unknown_section_names_it_and_the_file(isolated: Path) -> None:
    write_config(isolated, "[serch]\nk = 5\n")
    with pytest.raises(ConfigError) as info:
        load_config()
    assert str(isolated) in str(info.value)
    assert "serch" in str(info.value)


def test_unknown_key_names_it_and_the_file(isolated: Path) -> None:
    write_config(isolated, "[search]\nkk = 5\n")
    with pytest.raises(ConfigError) as info:
        load_config()
    assert str(isolated) in str(info.value)
    assert "search.kk" in str(info.value)


def test_unknown_top_level_key(isolated: Path) -> None:
    write_config(isolated, "colour = 'blue'\n")
    with pytest.raises(ConfigError, match="colour") as info:
        load_config()
    assert str(isolated) in str(info.value)


def test_section_that_is_not_a_table(isolated: Path) -> None:
    write_config(isolated, "search = 5\n")
    with pytest.raises(ConfigError, match=r"\[search\] must be a table") as info:
        load_config()
    assert str(isolated) in str(info.value)


@pytest.mark.parametrize(
    ("section", "key", "value"),
    [
        ("search", "k", '"ten"'),
        ("search", "min_similarity", '"high"'),
        ("ingest", "chunk_words", "true"),
        ("store", "chroma_url", "8000"),
        ("embedder", "batch_size", "[32]"),
    ],
)
def test_wrong_type_names_key_and_file(isolated: Path, section: str, key: str, value: str) -> None:
    write_config(isolated, f"[{section}]\n{key} = {value}\n")
    with pytest.raises(ConfigError) as info:
        load_config()
    message = str(info.value)
    assert str(isolated) in message
    assert f"{section}.{key}" in message


@pytest.mark.parametrize("value", ['"10"', "5.7"])
def test_wrong_toml_type_for_an_int_is_refused(isolated: Path, value: str) -> None:
    write_config(isolated, f"[search]\nk = {value}\n")
    with pytest.raises(ConfigError, match=r"search\.k"):
        load_config()


@pytest.mark.parametrize("value", ["maybe", "2", ""])
def test_bad_bool_is_a_config_error(value: str) -> None:
    # No field is a bool yet, so this checks the coercion every field goes through.
    with pytest.raises(ConfigError) as info:
        _coerce("daemon.watch", value, bool, "environment TWIN_DAEMON__WATCH")
    assert "daemon.watch" in str(info.value)
    assert "TWIN_DAEMON__WATCH" in str(info.value)


@pytest.mark.parametrize(("value", "expected"), [("yes", True), ("TRUE", True), ("0", False), ("no", False)])
def test_bool_strings(value: str, expected: bool) -> None:
    assert _coerce("daemon.watch", value, bool, "environment TWIN_DAEMON__WATCH") is expected


@pytest.mark.parametrize(
    ("var", "value", "named"),
    [
        ("TWIN_SEARCH__K", "ten", "search.k"),
        ("TWIN_SEARCH__KK", "5", "search.kk"),
        ("TWIN_SERCH__K", "5", "serch"),
        ("TWIN_SEARCH__MIN_SIMILARITY", "high", "search.min_similarity"),
    ],
)
def test_bad_environment_override_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, var: str, value: str, named: str
) -> None:
    monkeypatch.setenv(var, value)
    with pytest.raises(ConfigError) as info:
        load_config()
    assert var in str(info.value)
    assert named in str(info.value)


def test_invalid_toml_names_the_file(isolated: Path) -> None:
    write_config(isolated, "[search\nk = 5\n")
    with pytest.raises(ConfigError) as info:
        load_config()
    assert str(isolated) in str(info.value)
    assert isinstance(info.value, TwinError)


def test_twin_home_chooses_the_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWIN_HOME", str(tmp_path / "elsewhere"))
    assert load_config().home == tmp_path / "elsewhere"


def test_home_argument_beats_twin_home(tmp_path: Path) -> None:
    assert load_config(home=tmp_path / "explicit").home == tmp_path / "explicit"


def test_home_argument_beats_home_in_the_file(isolated: Path, tmp_path: Path) -> None:
    write_config(isolated, f'home = "{tmp_path / "from-file"}"\n')
    assert load_config(home=tmp_path / "explicit").home == tmp_path / "explicit"


def test_home_from_the_file_when_no_environment(isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TWIN_HOME")
    write_config(isolated, f'home = "{tmp_path / "from-file"}"\n')
    assert load_config().home == tmp_path / "from-file"


def test_home_expands_the_user(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("TWIN_HOME", "~/twin-data")
    assert load_config().home == tmp_path / "twin-data"


def test_twin_home_beats_home_in_the_file(isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(isolated, f'home = "{tmp_path / "from-file"}"\n')
    monkeypatch.setenv("TWIN_HOME", str(tmp_path / "from-env"))
    assert load_config().home == tmp_path / "from-env"


def test_explicit_path_argument(tmp_path: Path) -> None:
    other = write_config(tmp_path / "other.toml", "[search]\nk = 3\n")
    config = load_config(path=other)
    assert config.path == other
    assert config.search.k == 3
