"""The store: SQLite catalog (system of record, FTS5) and the Chroma vector index."""

from twin.store.catalog import Catalog, ChunkRow, Filters
from twin.store.lock import WriterLock
from twin.store.store import Store
from twin.store.vectors import VectorIndex

__all__ = ["Catalog", "ChunkRow", "Filters", "Store", "VectorIndex", "WriterLock"]
