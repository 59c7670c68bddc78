"""A BERT encoder forward pass in NumPy, for sentence-transformers models such as MiniLM.

Importing torch and sentence-transformers costs 7 s on a laptop; NumPy and tokenizers cost
0.1 s. A cold `twin search` has to embed one query, so the bundled MiniLM runs here: same
weights, same tokenizer, mean pooling and normalisation as sentence-transformers (the tests
compare the two on real text).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["NumpyBert"]


_GELU_BLOCK = 1 << 16
"""Elements per slice of the GELU: its dozen element-wise steps run on a slice that stays in
the CPU cache instead of streaming the whole (batch, tokens, 1536) array a dozen times; three
times faster on a batch of answer sentences."""


def _gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU, as BERT was trained with. NumPy has no erf and scipy costs an import:
    Abramowitz and Stegun 7.1.26 (max error 1.5e-7)."""
    out = np.empty_like(x)
    flat, result = x.reshape(-1), out.reshape(-1)
    for start in range(0, flat.size, _GELU_BLOCK):
        v = flat[start:start + _GELU_BLOCK]
        a = np.abs(v) * np.float32(1 / np.sqrt(2.0))
        t = np.float32(1.0) / (np.float32(1.0) + np.float32(0.3275911) * a)
        poly = t * (np.float32(0.254829592) + t * (np.float32(-0.284496736) + t * (
            np.float32(1.421413741) + t * (np.float32(-1.453152027) + t * np.float32(1.061405429)))))
        erf = np.float32(1.0) - poly * np.exp(-a * a)
        result[start:start + _GELU_BLOCK] = np.float32(0.5) * v * (np.float32(1.0) + np.copysign(erf, v))
    return out


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    normed: np.ndarray = (x - mean) / np.sqrt(var + eps) * weight + bias
    return normed


class NumpyBert:
    """Embeds texts with a BERT model folder (config.json, model.safetensors, tokenizer.json)."""

    def __init__(self, folder: Path, *, max_length: int | None = None) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((folder / "config.json").read_text())
        if config.get("model_type") != "bert":
            raise ValueError(f"{folder}: model_type {config.get('model_type')!r} is not bert")
        st_config = folder / "sentence_bert_config.json"
        if max_length is None and st_config.exists():
            max_length = int(json.loads(st_config.read_text()).get("max_seq_length", 256))
        self.max_length = max_length or 256
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.dim = int(config["hidden_size"])
        weights = load_file(str(folder / "model.safetensors"))
        self.w = {k.removeprefix("bert."): v.astype(np.float32) for k, v in weights.items()}
        # Weights are stored (out, in); transpose once so that every matmul is x @ W.
        for key in list(self.w):
            if key.endswith("weight") and self.w[key].ndim == 2 and "embeddings" not in key:
                self.w[key] = np.ascontiguousarray(self.w[key].T)
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=self.max_length)
        self.tokenizer.no_padding()

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Unit-length mean-pooled embeddings, float32 (len(texts), dim)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(list(texts))
        # Similar lengths together: padding is wasted work.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.float32)
            for r, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[r, :n] = encodings[i].ids
                mask[r, :n] = 1.0
            out[rows] = self._forward(ids, mask)
        return out

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self.w
        width = ids.shape[1]
        x = w["embeddings.word_embeddings.weight"][ids]
        x = x + w["embeddings.position_embeddings.weight"][:width][None, :, :]
        x = x + w["embeddings.token_type_embeddings.weight"][0][None, None, :]
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        head = self.dim // self.heads
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}."
            x = self._attention(x, bias, p, head)
            hidden = _gelu(x @ w[p + "intermediate.dense.weight"] + w[p + "intermediate.dense.bias"])
            hidden = hidden @ w[p + "output.dense.weight"] + w[p + "output.dense.bias"]
            x = _layer_norm(hidden + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps)
        summed = (x * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: np.ndarray = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return unit

    def _attention(self, x: np.ndarray, bias: np.ndarray, p: str, head: int) -> np.ndarray:
        w = self.w
        batch, width, _ = x.shape

        def split(t: np.ndarray) -> Any:
            return t.reshape(batch, width, self.heads, head).transpose(0, 2, 1, 3)

        q = split(x @ w[p + "attention.self.query.weight"] + w[p + "attention.self.query.bias"])
        k = split(x @ w[p + "attention.self.key.weight"] + w[p + "attention.self.key.bias"])
        v = split(x @ w[p + "attention.self.value.weight"] + w[p + "attention.self.value.bias"])
        scores = (q @ k.transpose(0, 1, 3, 2)) / np.float32(np.sqrt(head)) + bias
        scores = scores - scores.max(axis=-1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=-1, keepdims=True)
        ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, width, self.dim)
        out = ctx @ w[p + "attention.output.dense.weight"] + w[p + "attention.output.dense.bias"]
        norm = p + "attention.output.LayerNorm."
        return _layer_norm(out + x, w[norm + "weight"], w[norm + "bias"], self.eps)
