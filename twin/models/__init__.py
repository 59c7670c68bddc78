"""The bundled models, loaded by path from their packages."""

from twin.models.embedder import (
    Embedder,
    HashEmbedder,
    SentenceEmbedder,
    bundled_embedder_path,
    make_embedder,
)

__all__ = ["Embedder", "HashEmbedder", "SentenceEmbedder", "bundled_embedder_path", "make_embedder"]
