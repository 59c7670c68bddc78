"""The Chroma side of the store: vectors with integer-epoch time, source and kind metadata."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlparse

from twin.errors import StoreError
from twin.store.gate import ChromaGate

if TYPE_CHECKING:
    import numpy as np

__all__ = ["VectorIndex"]

logger = logging.getLogger(__name__)
COLLECTION = "twin_chunks"
EF_SEARCH = 500
"""HNSW search breadth. Chroma's 100 found 95 % of the exact top 50 on bench/personal (86 % at
worst, and different hits from one process to the next); 500 finds 99.8 % for 2.5 ms more at
100k chunks (bench/RESULTS.md)."""
EXACT_BELOW = 2000
"""Collections with fewer vectors are searched exactly, in NumPy. Chroma keeps a collection
below its sync_threshold (1000) only in its log and builds the HNSW graph again, with threads,
in every process: its approximate search then missed a different few of the exact top 100 from
one run to the next (0 to 11 of 18,500 on bench/personal), and `twin eval` gave different
figures for the same store. Exact search over 2,000 vectors takes well under a millisecond."""
EXACT_TTL = 2.0
"""Seconds before the collection's size is looked at again (0.7 ms): another process may have
written. A reader then loads the index again (Chroma does not: a reader process kept answering
from the vectors it had loaded, 500 of 3,500, while counting 3,500) and the exact copy is read
again; this process's own writes drop the copy at once."""
EXACT_MAX_AGE = 300.0
"""Seconds after which the exact copy is read again even at the same size (another process
may have replaced vectors: a long-lived reader, the TUI, sees them within this time)."""
DERIVED = "twin_derived"
"""Summaries and hypothetical questions written by enrichment, each pointing to its chunk."""
READ_TRIES = 6
TRANSIENT = ("backfill", "compactor", "apply logs", "error finding id")
"""A reading process brings Chroma's segments up to date from its log before it answers; while
another process (the daemon) writes, that can fail once ("Error sending backfill request to
compactor: Failed to apply logs to the hnsw segment writer", seen in CI; "Error executing plan:
Internal error: Error finding id", the HNSW graph holding an id its metadata does not yet, seen
in CI on `twin search` during the daemon's ingest), and succeeds when tried again. Reads are
tried READ_TRIES times on such an error, waiting 0.2 s, then twice as long each time (6 s in all:
with 4 tries, 1.4 s, a `twin search` beside the daemon's ingest on a loaded CI machine still
failed once); any other error is reported at once."""
T = TypeVar("T")


class VectorIndex:
    """One Chroma collection, embedded (`PersistentClient`) or on a server (`HttpClient`).

    Chroma's own embedding function is never used: the collection is created with
    `embedding_function=None` and every call passes vectors that twin computed.
    """

    def __init__(self, path: Path, url: str = "", name: str = COLLECTION) -> None:
        self.path = path
        self.url = url
        self.name = name
        self._client: Any = None
        self._collection: Any = None
        self._opened = -1
        """The client generation `_collection` came from (a reopened client has a new one)."""
        self._generation = 0
        self._owner: VectorIndex | None = None
        self._exact: _Exact | None = None
        self._exact_checked = -1e9
        self._exact_loaded = -1e9
        self._exact_from = -1
        """The client generation the exact copy was read through (a reopened client: read again)."""
        self._seen: int | None = None
        """The size last counted, None after this index wrote."""
        self._gate = None if url else ChromaGate.for_path(path)

    def _inside(self) -> Any:
        """The Chroma gate of an embedded index (a server keeps its own order)."""
        return nullcontext() if self._gate is None else self._gate.held()

    def sibling(self, name: str) -> VectorIndex:
        """Another collection in the same place, sharing this one's client (closed with it)."""
        other = VectorIndex(self.path, self.url, name)
        other._owner = self
        return other

    @property
    def where(self) -> str:
        return self.url or str(self.path)

    @property
    def identity(self) -> str:
        """What the catalog remembers its vectors by: the server URL, or `embedded` (the home may move)."""
        return self.url or "embedded"

    @property
    def _root(self) -> VectorIndex:
        return self._owner or self

    def _client_now(self) -> Any:
        if self._owner is not None:
            return self._owner._client_now()
        if self._client is None:
            import chromadb  # noqa: F401 - imported outside the gate: it takes 0.6 s, others wait for the gate

            with self._inside(), self._opening():
                if self._client is None:
                    self._client = self._open()
                    if self._gate is not None:
                        self._gate.roots.add(self)
        return self._client

    def _opening(self) -> Any:
        """The gate's lock for opening and closing clients (inside the gate), if embedded."""
        return nullcontext() if self._gate is None else self._gate.lock

    def _open(self) -> Any:
        import chromadb
        from chromadb.config import Settings

        settings = Settings(anonymized_telemetry=False)
        try:
            if self.url:
                parsed = urlparse(self.url)
                if not parsed.hostname:
                    raise StoreError(f"store.chroma_url {self.url!r} is not a URL like http://host:8000")
                return chromadb.HttpClient(
                    host=parsed.hostname,
                    port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                    ssl=parsed.scheme == "https",
                    settings=settings,
                )
            self.path.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(self.path), settings=settings)
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"cannot open the vector index at {self.where}: {exc}") from exc

    def close(self) -> bool:
        """Release the client: Chroma shares one system per path within a process until closed.
        False when the gate could not be had (the client stays open, to be closed later)."""
        if self._client is None:
            return True
        try:
            with self._inside(), self._opening():
                try:
                    self._client.close()
                except Exception as exc:  # noqa: BLE001 - closing must not hide the error that led here
                    logger.debug("closing the Chroma client failed: %s", exc)
        except StoreError as exc:
            logger.warning("%s; the Chroma client stays open", exc)
            return False
        if self._gate is not None:
            self._gate.roots.discard(self)
        self._generation += 1
        self._client = None
        self._collection = None
        return True

    def forget_handle(self) -> None:
        """Drop the cached collection (its owner's client was closed or reset)."""
        self._collection = None

    def collection(self) -> Any:
        if self._collection is None or self._opened != self._root._generation:
            client = self._client_now()
            with self._inside():
                try:
                    collection = client.get_or_create_collection(
                        self.name, embedding_function=None,
                        configuration={"hnsw": {"space": "cosine", "ef_search": EF_SEARCH}},
                    )
                except Exception as exc:
                    raise StoreError(f"cannot open collection {self.name} at {self.where}: {exc}") from exc
                self._widen_search(collection)
            self._collection = collection
            self._opened = self._root._generation
        return self._collection

    def _widen_search(self, collection: Any) -> None:
        """Raise the search breadth of a collection made before EF_SEARCH (once per store)."""
        try:
            current = int((collection.configuration or {}).get("hnsw", {}).get("ef_search") or 0)
            if current < EF_SEARCH:
                collection.modify(configuration={"hnsw": {"ef_search": EF_SEARCH}})
        except Exception as exc:  # noqa: BLE001 - a narrower search still works
            logger.debug("cannot raise ef_search of %s: %s", self.name, exc)

    def warm(self, dim: int) -> None:
        """Import Chroma, open the collection and load its index (the first query does that):
        run in a thread while the query is embedded, a cold search pays for both only once."""
        import numpy as np

        if self.count() and dim > 0:  # a model not loaded yet has no known size: open only
            self.query(np.full(dim, dim ** -0.5, dtype=np.float32), 1)

    def upsert(self, ids: Sequence[str], vectors: np.ndarray, metadatas: Sequence[dict[str, Any]]) -> None:
        if not ids:
            return
        self._forget_exact()
        collection = self.collection()
        try:
            with self._inside():
                collection.upsert(ids=list(ids), embeddings=vectors, metadatas=list(metadatas))
        except Exception as exc:
            raise StoreError(f"writing {len(ids)} vectors to {self.where} failed: {exc}") from exc

    def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        self._forget_exact()
        collection = self.collection()
        try:
            with self._inside():
                collection.delete(ids=list(ids))
        except Exception as exc:
            raise StoreError(f"deleting {len(ids)} vectors from {self.where} failed: {exc}") from exc

    def query(
        self,
        vector: np.ndarray,
        n: int,
        where: dict[str, Any] | None = None,
        ids: Sequence[str] | None = None,
    ) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity), best first (exactly, ties by id, in a small collection)."""
        exact = self._exact_copy()
        if exact is not None:
            found = exact.query(vector, n, where, ids)
            if found is not None:
                return found
        kwargs: dict[str, Any] = {"query_embeddings": [vector], "n_results": n, "include": ["distances"]}
        if where:
            kwargs["where"] = where
        if ids is not None:
            if not ids:
                return []
            kwargs["ids"] = list(ids)
        result = self._read(lambda c: c.query(**kwargs), f"vector search at {self.where} failed")
        return [(cid, 1.0 - float(d)) for cid, d in zip(result["ids"][0], result["distances"][0], strict=True)]

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of `ids` (those that exist)."""
        import numpy as np

        if not ids:
            return {}
        exact = self._exact_copy()
        if exact is not None:
            return {cid: exact.raw[exact.position[cid]] for cid in ids if cid in exact.position}
        got = self._read(lambda c: c.get(ids=list(ids), include=["embeddings"]),
                         f"reading vectors from {self.where} failed")
        return {cid: np.asarray(vec, dtype=np.float32) for cid, vec in zip(got["ids"], got["embeddings"], strict=True)}

    def _forget_exact(self) -> None:
        self._exact = None
        self._exact_checked = -1e9
        self._seen = None

    def _exact_copy(self) -> _Exact | None:
        """The collection in memory while it is small (EXACT_BELOW), else None."""
        if time.monotonic() - self._exact_checked > EXACT_TTL:
            self._exact_checked = time.monotonic()
            count = self.count()
            if self._seen is not None and count != self._seen:
                self._reopen_alone()  # another process wrote: its vectors are in no index loaded here
            self._seen = count
            if count >= EXACT_BELOW or count == 0:
                self._exact = None
            elif (self._exact is None or self._exact.size != count or self._exact_from != self._root._generation
                  or time.monotonic() - self._exact_loaded > EXACT_MAX_AGE):
                got = self._read(lambda c: c.get(include=["embeddings", "metadatas"]),
                                 f"reading vectors from {self.where} failed")
                self._exact = _Exact(got["ids"], got["embeddings"], got["metadatas"])
                self._exact_loaded = time.monotonic()
                self._exact_from = self._root._generation
        return self._exact

    def count(self) -> int:
        return int(self._read(lambda c: c.count(), f"cannot count vectors at {self.where}"))

    def _read(self, call: Callable[[Any], T], failed: str) -> T:
        """`call` on the collection, tried again after a transient error of Chroma's log (TRANSIENT)
        or, in a reader alone, after another process's reindex dropped the collection it had open."""
        for attempt in range(1, READ_TRIES + 1):
            try:
                with self._inside():  # opening and reading at one log position
                    return call(self.collection())
            except StoreError:
                raise
            except Exception as exc:
                text = str(exc).lower()
                # Another process's reindex dropped the collection this handle names.
                if attempt < READ_TRIES and "does not exist" in text and self._collection is not None:
                    logger.debug("%s (attempt %d, opening the collection again): %s", failed, attempt, exc)
                    if not self._reopen_alone():
                        self._collection = None  # the process's shared system knows the new one
                    continue
                if attempt < READ_TRIES and any(mark in text for mark in TRANSIENT):
                    logger.debug("%s (attempt %d, trying again): %s", failed, attempt, exc)
                    self._reopen_alone()
                    time.sleep(0.1 * 2**attempt)
                    continue
                raise StoreError(f"{failed}: {exc}") from exc
        raise AssertionError("unreachable")  # the last attempt returns or raises

    def reload(self) -> None:
        """Load the index again in every client of this process (a process that has just become
        the writer: what it loaded may be older than another writer's work, and writing on top
        of it would drop that work from the on-disk index)."""
        if self._gate is not None and set(self._gate.roots) - {self._root}:
            self._gate.reload()

    def _reopen_alone(self) -> bool:
        """Close the client, so that the next call loads the segments from disk again: a reader
        that loaded them before another process wrote answers from what it loaded, and can hold an
        index the log no longer reaches ("Error finding id" on every try, 1 in 30 fresh readers
        beside a writer). Only where this process has no other client of the path: Chroma shares
        one system per path, and the daemon's readers and writer use it (and see its writes; one
        that had to wait for another writer loads the index again when it starts, `ChromaGate.reload`)."""
        root = self._root
        gate = root._gate
        if gate is None or root._client is None:
            return False
        with gate.held(), gate.lock:
            return set(gate.roots) == {root} and root.close()

    def exists(self) -> bool:
        """Whether the collection is there, without creating it (a reader must not write)."""
        if self._collection is not None:
            return True
        client = self._client_now()
        try:
            with self._inside():
                names = [c if isinstance(c, str) else c.name for c in client.list_collections()]
        except Exception as exc:
            raise StoreError(f"cannot list the collections at {self.where}: {exc}") from exc
        return self.name in names

    def reset(self) -> None:
        """Drop the collection (reindex rebuilds it from the catalog)."""
        client = self._client_now()
        try:
            with self._inside():
                if self.name in [c if isinstance(c, str) else c.name for c in client.list_collections()]:
                    client.delete_collection(self.name)
        except Exception as exc:
            raise StoreError(f"cannot reset the vector index at {self.where}: {exc}") from exc
        self._collection = None


class _Exact:
    """A small collection's vectors and metadata, searched by brute force like Chroma would by
    cosine (the `where` forms search uses: $gte, $lt, $in, equality, $and)."""

    def __init__(self, ids: Sequence[str], vectors: Any, metadatas: Sequence[dict[str, Any] | None]) -> None:
        import numpy as np

        self.ids = list(ids)
        self.size = len(self.ids)
        self.raw = np.asarray(vectors, dtype=np.float32).reshape(self.size, -1)
        norms = np.linalg.norm(self.raw, axis=1, keepdims=True)
        self.matrix = self.raw / np.maximum(norms, 1e-12)
        self.meta = [m or {} for m in metadatas]
        self.position = {cid: i for i, cid in enumerate(self.ids)}
        self.order = np.argsort(np.asarray(self.ids, dtype=object))
        """Positions by id: equal similarities come out in id order, the same in every run."""

    def query(self, vector: np.ndarray, n: int, where: dict[str, Any] | None,
              ids: Sequence[str] | None) -> list[tuple[str, float]] | None:
        """Best first; None for a `where` this cannot read (Chroma answers it then)."""
        import numpy as np

        rows = self.order
        if ids is not None:
            wanted = np.zeros(self.size, dtype=bool)
            wanted[[self.position[cid] for cid in ids if cid in self.position]] = True
            rows = rows[wanted[rows]]
        if where:
            verdicts = [_matches(self.meta[i], where) for i in rows]
            if any(v is None for v in verdicts):
                return None
            rows = rows[np.asarray(verdicts, dtype=bool)]
        if len(rows) == 0:
            return []
        norm = float(np.linalg.norm(vector)) or 1.0
        sims = self.matrix[rows] @ (np.asarray(vector, dtype=np.float32) / norm)
        best = np.argsort(-sims, kind="stable")[:n]
        return [(self.ids[rows[i]], float(sims[i])) for i in best]


_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "$gte": lambda a, b: a is not None and a >= b,
    "$gt": lambda a, b: a is not None and a > b,
    "$lte": lambda a, b: a is not None and a <= b,
    "$lt": lambda a, b: a is not None and a < b,
    "$eq": lambda a, b: a == b,
    "$ne": lambda a, b: a != b,
    "$in": lambda a, b: a in b,
    "$nin": lambda a, b: a not in b,
}


def _matches(meta: dict[str, Any], where: dict[str, Any]) -> bool | None:
    """Whether `meta` passes a Chroma `where`; None when it uses a form not known here."""
    results: list[bool | None] = []
    for key, value in where.items():
        if key in ("$and", "$or"):
            parts = [_matches(meta, part) for part in value]
            if any(p is None for p in parts):
                return None
            results.append(all(parts) if key == "$and" else any(parts))
        elif key.startswith("$"):
            return None
        elif isinstance(value, dict):
            for op, operand in value.items():
                if op not in _OPS:
                    return None
                results.append(_OPS[op](meta.get(key), operand))
        else:
            results.append(meta.get(key) == value)
    return all(r for r in results)
