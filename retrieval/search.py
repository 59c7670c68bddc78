"""Hybrid search: dense (MiniLM over Chroma) and lexical (FTS5 BM25), fused by reciprocal rank."""

from __future__ import annotations

import logging
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from retrieval.focus import focus_message, focus_messages, focus_window
from retrieval.places import with_other_names
from retrieval.terms import content_terms
from twin.config import SearchConfig
from twin.errors import StoreError
from twin.models.embedder import Embedder
from twin.schema import Hit
from twin.store import Filters, Store
from twin.store.catalog import SAME_WORDS, ChunkRow, MessageRow, query_terms

if TYPE_CHECKING:
    import numpy as np

__all__ = ["MODES", "Ranked", "Searcher"]

MODES = ("fused", "dense", "lexical")

logger = logging.getLogger(__name__)
ID_LIMIT = 50000
"""A filtered dense search names the chunks that pass the filter (from the catalog's indexes)
when there are at most this many: Chroma scans those ids in tens of milliseconds, where its
own metadata filter took 400 ms on 100k chunks. Beyond, Chroma's filter (and, for a person,
filtering after) does it."""

INDEX_TTL = 30.0


@dataclass(frozen=True)
class Ranked:
    """A hit with the signals that placed it, for answering and abstaining."""

    hit: Hit
    similarity: float | None
    """Cosine similarity of the chunk to the query (None only when nothing is embedded)."""
    lexical_rank: int | None
    header: str


class Searcher:
    """Searches one store; collaborators are passed in so that tests use the real ones."""

    def __init__(self, store: Store, embedder: Embedder, config: SearchConfig = SearchConfig()) -> None:
        self.store = store
        self.embedder = embedder
        self.config = config
        self._warm = False
        self._warm_error: StoreError | None = None
        self._last: tuple[str, np.ndarray] | None = None
        """The last query and its vector: a question read for a time range is searched twice."""
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="twin-lexical")
        self._has_derived = False
        self._has_index = False
        self._index_checked = -1e9
        self._derived_checked = -1e9

    def search(self, query: str, *, k: int | None = None, filters: Filters = Filters(),
               mode: str = "fused") -> list[Hit]:
        return [r.hit for r in self.rank(query, k=k, filters=filters, mode=mode)]

    def rank(self, query: str, *, k: int | None = None, filters: Filters = Filters(),
             mode: str = "fused", dense_weight: float | None = None,
             authors: tuple[str, ...] = (), compact: bool = True) -> list[Ranked]:
        """The best `k` hits, fused from dense and lexical rankings (`mode` `dense` or `lexical`
        uses one alone, for comparison; `dense_weight` overrides the configured one);
        conversation windows come focused on their best line. `compact`: a message's context
        lines only where they bear on the query (`[search] context_similarity`); an answer reads
        them all."""
        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r}: one of {', '.join(MODES)}")
        k = k or self.config.k
        n = max(self.config.candidates, k)
        # BM25 runs in SQLite while the query is embedded: both let go of the GIL.
        # "Munich" finds "München" by its words; the query's meaning is its own.
        words = with_other_names(query)
        phrases = mode == "fused" and self.config.phrase_weight > 0
        lexical_future = self._pool.submit(self._by_words, words, n, filters, phrases) if mode != "dense" else None
        try:
            vector = self._query_vector(query)
            dense = self._dense(vector, n, filters) if vector is not None and mode != "lexical" else []
            derived = self._derived(vector, n, filters) if vector is not None and mode != "lexical" else []
        except BaseException:
            # The lexical search still runs on the catalog's connection: a caller that closes the
            # store on this error (the CLI) must not pull it from under that thread (a segfault).
            if lexical_future is not None:
                wait([lexical_future])
            raise
        lexical, phrased = lexical_future.result() if lexical_future is not None else ([], [])
        scores: dict[str, float] = {}
        dense_weight = self.config.dense_weight if dense_weight is None else dense_weight
        for ranking, weight in ((dense, dense_weight), (lexical, self.config.lexical_weight),
                                (derived, self.config.derived_weight), (phrased, self.config.phrase_weight)):
            for rank, (cid, _) in enumerate(ranking):
                scores[cid] = scores.get(cid, 0.0) + weight / (self.config.rrf_k + rank + 1)
        rows = self.store.catalog.chunk_rows(list(scores))
        lexical_rank = {cid: rank for rank, (cid, _) in enumerate(lexical)}
        terms = _with_forms(words)
        self._credit_messages(scores, rows, lexical_rank, terms)
        self._credit_writers(scores, rows, authors)
        # The messages close enough to bear on the query as context lines: among the meaning
        # search's own candidates, so that no vector is read again per hit.
        close = frozenset(cid for cid, sim in dense if sim >= self.config.context_similarity) \
            if compact and self.config.context_similarity > 0 else None
        shown: list[set[str]] = []
        kept: list[tuple[str, Hit, str]] = []
        pending = sorted(scores, key=lambda c: -scores[c])
        days: set[int] = set()
        while pending and len(kept) < k:
            cid = self._next(pending, scores, rows, days)
            pending.remove(cid)
            row = rows.get(cid)
            if row is None:  # a vector whose chunk is gone from the catalog: the catalog wins
                continue
            if filters.who and not _mentions(row, filters.who):
                continue
            unshown = self._unshown(self._hit(row, scores[cid], terms, close), shown)
            if unshown is None:
                continue
            hit = unshown
            shown.append(set(hit.record_ids))
            kept.append((cid, hit, row.header))
            days.add(row.start_ts // 86400)
        similarity = dict(dense)
        missing = [cid for cid, _, _ in kept if cid not in similarity]
        if vector is not None and missing:  # lexical-only hits: their similarity from the stored vectors
            similarity.update((cid, float(vec @ vector)) for cid, vec in self.store.vectors.vectors(missing).items())
        return [Ranked(hit, similarity.get(cid), lexical_rank.get(cid), header) for cid, hit, header in kept]

    def _by_words(self, words: str, n: int, filters: Filters,
                  phrases: bool) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
        """BM25 of the query's words, and of its two-word phrases ("the April rent": a chunk with
        the words side by side) when `phrases`: both on the lexical thread."""
        lexical = self.store.catalog.lexical(words, n, filters)
        return lexical, self.store.catalog.phrases(words, n, filters) if phrases else []

    def ranked_chunks(self, chunk_ids: list[str], bearing: frozenset[str] | None = None) -> list[Ranked]:
        """Chunks named by id, as hits with no score (context the ranking did not choose); with
        `bearing` (a query's words), a chat message's context lines only where they share one."""
        rows = self.store.catalog.chunk_rows(chunk_ids)
        close: frozenset[str] | None = None if bearing is None else frozenset()
        return [Ranked(self._hit(rows[cid], 0.0, bearing or frozenset(), close), None, None, rows[cid].header)
                for cid in chunk_ids if cid in rows]

    def _next(self, pending: list[str], scores: dict[str, float], rows: dict[str, ChunkRow], days: set[int]) -> str:
        """The next hit: the best score, a hit from a day already shown counting `diversity` less
        (so that ten hits are not ten pieces of one evening)."""
        if self.config.diversity <= 0 or not days:
            return pending[0]

        def value(cid: str) -> float:
            row = rows.get(cid)
            seen = row is not None and row.start_ts // 86400 in days
            return scores[cid] * (1 - self.config.diversity if seen else 1.0)

        return max(pending[:50], key=value)

    def _credit_messages(self, scores: dict[str, float], rows: dict[str, ChunkRow],
                         lexical_rank: dict[str, int], terms: frozenset[str]) -> None:
        """A chat message found by meaning that shares the query's words also gets the word
        score of the best window holding it: the two rankings name one piece of evidence by
        different chunks, and fusion must see it once, not half in each."""
        windows: dict[str, list[ChunkRow]] = {}
        for cid in lexical_rank:
            row = rows.get(cid)
            if row is not None and row.thread and "#w" in cid:
                windows.setdefault(row.thread, []).append(row)
        for cid, row in rows.items():
            if not cid.endswith("#m") or row.thread not in windows or not terms & content_terms(row.text):
                continue
            ranks = [lexical_rank[w.chunk_id] for w in windows[row.thread] if w.start_ts <= row.start_ts <= w.end_ts]
            if ranks:
                scores[cid] += self.config.lexical_weight / (self.config.rrf_k + min(ranks) + 1)

    def _credit_writers(self, scores: dict[str, float], rows: dict[str, ChunkRow], authors: tuple[str, ...]) -> None:
        """A chat line counts `author_weight` more when the person the question names wrote it
        (a window by the share of its lines they wrote): what Sam did, Sam mostly tells."""
        if not authors or self.config.author_weight <= 0:
            return
        writers = {a.lower() for a in authors}
        for cid, row in rows.items():
            if cid in scores:
                scores[cid] *= 1 + self.config.author_weight * _written_by(row, writers)

    def _unshown(self, hit: Hit, shown: list[set[str]]) -> Hit | None:
        """`hit` without what the hits before it show: a chat hit cut to its lines not shown yet
        (an evidence line next to a better hit's lines is kept, and repeated lines cost no words;
        bench/personal: 3.2 points more of all evidence within 500 words than dropping such
        hits), another hit dropped when it overlaps them where it matched.
        None when nothing new is left."""
        members = set(hit.record_ids)
        if not members:
            return hit
        if any(members <= earlier for earlier in shown):
            return None
        seen = set().union(*shown) if shown else set()
        if not members & seen:
            return hit
        if hit.kind != "message":
            return None if hit.record_id in seen else hit
        fresh = [rid for rid in hit.record_ids if rid not in seen]
        if not fresh:
            return None
        chosen = hit.record_id if hit.record_id in fresh else fresh[0]
        focused = focus_messages(self.store.catalog, fresh, chosen, hit.participants)
        if focused is None:
            return None
        return replace(hit, text=focused.text, record_id=focused.record_id, timestamp=focused.timestamp,
                       record_ids=focused.record_ids)

    def _hit(self, row: ChunkRow, score: float, terms: frozenset[str], close: frozenset[str] | None = None) -> Hit:
        """`row` as a hit; with `close` (the message chunks close in meaning to the query), a
        chat message's context lines only where they bear on it (`focus._bearing`)."""
        hit = Hit(row.text, score, row.record_id, row.chunk_id, row.source, row.kind, row.timestamp,
                  row.title, row.participants, row.location)
        if row.kind == "meeting" and row.start_ts:
            # A stretch of a recording: the moment it was said, not the start of the meeting.
            hit = replace(hit, timestamp=row.timestamp + timedelta(seconds=row.start_ts - row.timestamp.timestamp()))
        if row.chunk_id.endswith("#m"):
            bearing = None if close is None else partial(_bears_on, close=close, terms=terms)
            focused = focus_message(row, self.store.catalog, self.config.focus_lines, self.config.focus_words, bearing)
        else:
            focused = focus_window(row, self.store.catalog, terms, self.config.focus_lines)
        if focused is None:
            return hit
        return replace(hit, text=focused.text, record_id=focused.record_id, timestamp=focused.timestamp,
                       record_ids=focused.record_ids, participants=focused.people or hit.participants)

    def _indexed(self) -> bool:
        """Whether there are vectors, of this searcher's model (checked again after INDEX_TTL:
        the catalog's connection is busy with the lexical search meanwhile, and waiting for it
        would undo running the two side by side)."""
        if time.monotonic() - self._index_checked > INDEX_TTL:
            self._has_index = self.store.catalog.get_meta("embedder") is not None
            if self._has_index:
                self.store.check_index(self.embedder)
            self._index_checked = time.monotonic()
        return self._has_index

    def _query_vector(self, query: str) -> np.ndarray | None:
        if not self._indexed():
            return None  # nothing embedded yet: lexical search alone
        if self._last is not None and self._last[0] == query:
            return self._last[1]
        warming = None
        if not self._warm:
            # Loading Chroma and its index costs about as much as loading the model: overlap them.
            warming = threading.Thread(target=self._warm_index, daemon=True)
            warming.start()
        vector: np.ndarray = self.embedder.embed([query])[0]
        if warming is not None:
            warming.join()
            self._warm = True
            if self._warm_error is not None:
                raise self._warm_error
        self._last = (query, vector)
        return vector

    def _warm_index(self) -> None:
        try:
            self.store.vectors.warm(self.embedder.dim)
        except StoreError as exc:
            self._warm_error = exc

    def _dense(self, vector: np.ndarray, n: int, filters: Filters) -> list[tuple[str, float]]:
        ids = None
        if filters != Filters():
            ids = self.store.catalog.chunk_ids(filters, ID_LIMIT)
            if len(ids) >= ID_LIMIT:
                ids = None
            elif not ids:
                return []
        if self.config.dense_windows:
            return self.store.vectors.query(vector, n, where=_where(filters) if ids is None else None, ids=ids)
        # Chat windows are found by their messages' own vectors; fetch enough to fill n without them.
        found = self.store.vectors.query(vector, 2 * n, where=_where(filters) if ids is None else None, ids=ids)
        chats = self.store.catalog.chat_windows([cid for cid, _ in found if "#w" in cid])
        return [(cid, sim) for cid, sim in found if cid not in chats][:n]


    def _derived_ready(self) -> bool:
        """Whether there are derived vectors to search (asked again after a minute while there
        are none: a warm searcher in the daemon sees enrichment arrive)."""
        if self.config.derived_weight <= 0:
            return False
        if not self._has_derived and time.monotonic() - self._derived_checked > 60:
            derived = self.store.derived
            self._has_derived = derived.exists() and derived.count() > 0
            self._derived_checked = time.monotonic()
        return bool(self._has_derived)

    def _derived(self, vector: np.ndarray, n: int, filters: Filters) -> list[tuple[str, float]]:
        """Chunks found through what enrichment wrote about them (a summary, a question the
        chunk answers): each chunk once, at its best derived similarity."""
        if not self._derived_ready():
            return []
        best: dict[str, float] = {}  # the person filter, if any, applies to the parents later
        for vid, sim in self.store.derived.query(vector, 2 * n, where=_where(filters)):
            parent = vid.rsplit("~", 1)[0]
            if sim > best.get(parent, -1.0):
                best[parent] = sim
        return sorted(best.items(), key=lambda x: -x[1])[:n]


_WRITER = re.compile(r"^(.{1,60}?) \((?:\d{1,2} \w{3} )?\d{2}:\d{2}\):? ")
"""A window line's writer, as ingest stores it: `Nora (Uni) (20:02): `, `+49 170 1234567 (3 May 20:02): `."""


def _with_forms(query: str) -> frozenset[str]:
    """The query's content words with their other forms, as its BM25 query has them (an irregular
    verb's, "give" with "gave"; a relation's names, "mother" with "mum"): a line shares the
    query's words by those too."""
    terms = content_terms(query)
    forms = {form for term in query_terms(query) for form in SAME_WORDS.get(term, ())}
    return terms | content_terms(" ".join(forms)) if forms else terms


def _bears_on(messages: list[MessageRow], *, close: frozenset[str], terms: frozenset[str]) -> list[bool]:
    """Per message, whether it bears on the query: it shares a word with it, or its own chunk
    is among the `close` ones (at least `context_similarity` close, among the meaning search's
    candidates)."""
    return [bool(terms & content_terms(m.text)) or f"{m.id}#m" in close for m in messages]


def _written_by(row: ChunkRow, writers: set[str]) -> float:
    """The share of a chunk's chat lines that `writers` (lower-case names) wrote: 0 or 1 for
    a message, a fraction for a window (of its lines that name a writer)."""
    if row.kind != "message":
        return 0.0
    part = row.chunk_id.rsplit("#", 1)[-1]
    if part == "m":
        return 1.0 if row.author.lower() in writers else 0.0
    if not part.startswith("w"):
        return 0.0
    names = [m.group(1).lower() for line in row.text.split("\n") if (m := _WRITER.match(line))]
    return sum(name in writers for name in names) / len(names) if names else 0.0


def _mentions(row: Any, names: tuple[str, ...]) -> bool:
    for name in names:
        needle = name.lower()
        if any(needle in p.lower() for p in row.participants) or needle in row.header.lower():
            return True
    return False


def _where(filters: Filters) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = []
    if filters.since is not None:
        clauses.append({"end": {"$gte": filters.since}})
    if filters.until is not None:
        clauses.append({"start": {"$lt": filters.until}})
    if filters.sources:
        clauses.append({"source": {"$in": list(filters.sources)}})
    if filters.kinds:
        clauses.append({"kind": {"$in": list(filters.kinds)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}
