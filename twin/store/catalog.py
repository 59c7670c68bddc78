"""The SQLite catalog: the system of record (records, chunks, FTS5, sync state, vector outbox)."""

from __future__ import annotations

import itertools
import json
import logging
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from twin.errors import StoreError
from twin.schema import Chunk, Record, Source, from_epoch, offset_minutes, to_epoch
from twin.store.enrichment import ENRICHMENT_SCHEMA, EnrichmentTable
from twin.store.people import PEOPLE_SCHEMA, People

__all__ = ["Catalog", "ChunkRow", "Filters", "MessageRow", "PendingChunk"]

logger = logging.getLogger(__name__)

SCHEMA_VERSION = "1"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    ts INTEGER NOT NULL,
    ts_offset INTEGER NOT NULL,
    end_ts INTEGER,
    end_offset INTEGER,
    title TEXT NOT NULL,
    author TEXT NOT NULL,
    participants TEXT NOT NULL,
    thread TEXT NOT NULL,
    location TEXT NOT NULL,
    text TEXT NOT NULL,
    metadata TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS records_source ON records(source);
CREATE INDEX IF NOT EXISTS records_ts ON records(ts);
CREATE INDEX IF NOT EXISTS records_thread ON records(thread, ts) WHERE thread != '';
CREATE TABLE IF NOT EXISTS chunks (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    record_id TEXT NOT NULL REFERENCES records(id),
    seq INTEGER NOT NULL,
    text TEXT NOT NULL,
    header TEXT NOT NULL,
    start_ts INTEGER NOT NULL,
    end_ts INTEGER NOT NULL,
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    participants TEXT NOT NULL,
    thread TEXT,
    embedded INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS chunks_record ON chunks(record_id);
CREATE INDEX IF NOT EXISTS chunks_time ON chunks(start_ts, end_ts, id);
CREATE INDEX IF NOT EXISTS chunks_by_source ON chunks(source, start_ts, end_ts, id);
CREATE INDEX IF NOT EXISTS chunks_thread ON chunks(thread, start_ts) WHERE thread IS NOT NULL;
CREATE INDEX IF NOT EXISTS chunks_pending ON chunks(embedded) WHERE embedded = 0;
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    header, text, content='chunks', content_rowid='rowid',
    tokenize='porter unicode61 remove_diacritics 2'
);
-- The outbox of vector deletions: written in the same transaction as the catalog change,
-- cleared only after Chroma has applied it, so a crash in between repeats it, never loses it.
CREATE TABLE IF NOT EXISTS vector_deletes (chunk_id TEXT PRIMARY KEY);
-- Threads whose conversation windows must be rebuilt from `since` on; written with the
-- records that changed them, cleared after the rebuild, so a crash in between repeats it.
CREATE TABLE IF NOT EXISTS dirty_threads (thread TEXT PRIMARY KEY, since INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    name TEXT PRIMARY KEY, connector TEXT NOT NULL, path TEXT, options TEXT NOT NULL, added_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sync_state (
    source TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (source, key)
);
"""

TRIGGERS = """
-- Chat messages' own chunks (`<record>#m`) are for the meaning search only: the text index
-- keeps to windows, whose BM25 statistics single messages would skew.
DROP TRIGGER IF EXISTS chunks_ai;
CREATE TRIGGER chunks_ai AFTER INSERT ON chunks WHEN new.id NOT LIKE '%#m' BEGIN
    INSERT INTO chunks_fts(rowid, header, text) VALUES (new.rowid, new.header, new.text);
END;
DROP TRIGGER IF EXISTS chunks_ad;
CREATE TRIGGER chunks_ad AFTER DELETE ON chunks BEGIN
    INSERT OR IGNORE INTO vector_deletes(chunk_id) VALUES (old.id);
END;
DROP TRIGGER IF EXISTS chunks_ad_fts;
CREATE TRIGGER chunks_ad_fts AFTER DELETE ON chunks WHEN old.id NOT LIKE '%#m' BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, header, text) VALUES ('delete', old.rowid, old.header, old.text);
END;
DROP TRIGGER IF EXISTS chunks_au;
CREATE TRIGGER chunks_au AFTER UPDATE OF header, text ON chunks WHEN new.id NOT LIKE '%#m' BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, header, text) VALUES ('delete', old.rowid, old.header, old.text);
    INSERT INTO chunks_fts(rowid, header, text) VALUES (new.rowid, new.header, new.text);
END;
"""
TRIGGERS_MARK = "NOT LIKE '%#m'"
"""Present in the triggers' SQL once they are the current ones (stores made before get them on open)."""

# Words that carry no evidence; dropping them keeps BM25 on the content words and fast.
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves tell say said know""".split()  # noqa: SIM905
)
_TERM = re.compile(r"\w+", re.UNICODE)
_IRREGULAR = """buy bought|bring brought|teach taught|catch caught|fight fought|meet met|eat ate eaten
    |give gave given|lose lost|fly flew flown|swim swam swum|sell sold
    |break broke broken|choose chose chosen|drink drank drunk|sing sang sung|wear wore worn
    |forget forgot forgotten|sleep slept|spend spent|build built|ride rode ridden
    |drive drove driven|speak spoke spoken|steal stole stolen|throw threw thrown|grow grew grown
    |draw drew drawn|pay paid|lend lent|hang hung|feed fed|hide hid hidden|shake shook shaken
    |wake woke woken|freeze froze frozen|dig dug|ring rang rung"""
FORMS: dict[str, tuple[str, ...]] = {
    form: tuple(group.split()) for group in _IRREGULAR.split("|") for form in group.split()}
"""The forms of an irregular verb, each to all: a question asks "did Nora buy", she wrote "bought"
(the text index's Porter stemmer joins "buying" and "buys" to "buy", never "bought"). Not the
light verbs (go/went, get/got, see/saw, run/ran: noise), nor forms other words share: "wrote" of
every quoted mail's "X wrote:", "won" of "won't", "bit" of "a bit", "sent" of "Sent from my
iPhone"."""
KIN_FORMS: dict[str, tuple[str, ...]] = {
    form: tuple(group.split()) for group in
    ["mother mum mom mama", "father dad papa daddy", "grandmother grandma granny oma",
     "grandfather grandpa granddad opa"]
    for form in group.split()}
"""A relation's names, each to all: "When did Sam's mother arrive?" and his "my mum lands on Tuesday"."""
SHORT_FORMS: dict[str, tuple[str, ...]] = {
    short: tuple(group.split()) for group in
    ["ref reference", "refs references", "appt appointment", "appts appointments", "bday birthday",
     "mtg meeting", "mtgs meetings", "approx approximately", "dept department", "pics pictures photos",
     "pic picture photo"]
    for short in group.split()[:1]}
"""Words as people shorten them in a question, to the words the records write ("whats the booking
ref": "Booking reference: FX7K2Q"); one way only: "reference" in a question is not "ref"."""
SAME_WORDS = {**FORMS, **KIN_FORMS, **SHORT_FORMS}
"""The words a query's word matches as itself: its verb's forms, its relation's names, its long form."""
COMMON_SHARE = 0.02
"""A term in more than this share of the chunks only matches together with another term."""
COMMON_MIN = 2000
"""... and never below this many chunks: small archives keep plain OR matching."""
DF_TTL = 600.0
"""Seconds a term's chunk count is reused; counts move slowly, and only this pruning uses them."""


@dataclass(frozen=True)
class Filters:
    """Restrictions shared by dense and lexical search; times are epoch seconds, end exclusive."""

    since: int | None = None
    until: int | None = None
    sources: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    person: str = ""
    aliases: tuple[str, ...] = ()
    """Every name and address of `person` (from the people table); empty: `person` alone."""

    @property
    def who(self) -> tuple[str, ...]:
        """What a participant must contain to be the person asked for."""
        return self.aliases or ((self.person,) if self.person else ())

    def record_clauses(self) -> tuple[list[str], list[Any]]:
        """WHERE clauses over records (time by `ts`, sources) and their arguments; always one."""
        clauses, args = ["1"], list[Any]()
        if self.since is not None:
            clauses.append("ts >= ?")
            args.append(self.since)
        if self.until is not None:
            clauses.append("ts < ?")
            args.append(self.until)
        if self.sources:
            clauses.append(f"source IN ({','.join('?' * len(self.sources))})")
            args.extend(self.sources)
        return clauses, args

    def sql(self, alias: str = "c", max_span: int | None = None) -> tuple[str, list[Any]]:
        """A WHERE clause over chunks; `max_span` (the longest chunk, in seconds) lets the
        start-time index find the chunks that overlap `since`."""
        clauses: list[str] = []
        args: list[Any] = []
        if self.since is not None:
            clauses.append(f"{alias}.end_ts >= ?")
            args.append(self.since)
            if max_span is not None:
                clauses.append(f"{alias}.start_ts >= ?")
                args.append(self.since - max_span)
        if self.until is not None:
            clauses.append(f"{alias}.start_ts < ?")
            args.append(self.until)
        for column, values in (("source", self.sources), ("kind", self.kinds)):
            if values:
                clauses.append(f"{alias}.{column} IN ({','.join('?' * len(values))})")
                args.extend(values)
        if self.who:
            clauses.append("(" + " OR ".join(
                f"{alias}.participants LIKE ? OR {alias}.header LIKE ?" for _ in self.who) + ")")
            args.extend(f"%{name}%" for name in self.who for _ in range(2))
        return (" AND ".join(clauses) or "1"), args


@dataclass(frozen=True)
class PendingChunk:
    rowid: int
    id: str
    embed_text: str
    metadata: dict[str, str | int]


@dataclass(frozen=True)
class ChunkRow:
    """A chunk joined with its record, as search needs it to build a Hit."""

    chunk_id: str
    record_id: str
    text: str
    source: str
    kind: str
    timestamp: Any
    title: str
    participants: tuple[str, ...]
    location: str
    header: str
    thread: str = ""
    start_ts: int = 0
    end_ts: int = 0
    author: str = ""
    """Who wrote the record (a window's: its first message's writer)."""


@dataclass(frozen=True)
class MessageRow:
    """One record of a conversation window, as focusing a hit on its best line needs it."""

    id: str
    timestamp: Any
    author: str
    text: str


def query_terms(text: str) -> list[str]:
    """The content words of `text`, in order, once each."""
    terms: list[str] = []
    for term in _TERM.findall(text.lower()):
        if term not in STOPWORDS and term not in terms and (len(term) > 1 or term.isdigit()):
            terms.append(term)
    return terms


_MONTH_NAMES = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                          "october", "november", "december"})
"""Months, the names a two-word phrase may hold ("the April rent"; `Catalog.phrases`). The store
does not import `retrieval.when.MONTHS`: retrieval builds on the store, not the other way."""
KIND_ENDINGS: dict[str, tuple[str, ...]] = {"race": ("lauf", "marathon", "triathlon"),
                                            "races": ("lauf", "marathon", "triathlon")}
"""The ends of compound names that tell a kind the records do not say: "Kreuzberger Frühlingslauf"
is a race (German event names: a "Lauf" is a run). A question's "race" also searches the words of
the records that end so, but for everyday compounds that are none (`NOT_KINDS`)."""
NOT_KINDS = frozenset({
    "ablauf", "verlauf", "lebenslauf", "kreislauf", "umlauf", "durchlauf", "auslauf", "zulauf", "anlauf", "vorlauf",
    "rucklauf", "ruecklauf", "rücklauf", "einlauf", "ueberlauf", "uberlauf", "überlauf", "morgenlauf", "abendlauf",
    "testlauf", "probelauf", "leerlauf", "wasserlauf", "flusslauf", "zeitablauf", "tagesablauf", "arbeitsablauf",
    "krankheitsverlauf", "browserverlauf", "suchverlauf"})
"""Words ending in "lauf" that name no race: a course of events, a CV, a circulation, a run done
for training."""


def fts_query(text: str, common: frozenset[str] = frozenset(), absent: frozenset[str] = frozenset(),
              more: Mapping[str, tuple[str, ...]] | None = None) -> str:
    """An FTS5 query of the content words of `text`, each quoted (no syntax from users).

    Any word may match, except that the `common` ones (in many chunks) count only together
    with another word of the query: a chunk that has nothing but "week" is no lexical
    evidence, and scoring the tens of thousands of them made BM25 the slowest part of search.
    """
    # A verb's forms stand together: "buy" is no evidence of absence while "bought" is in the records;
    # so do a kind and the names that tell it (`more`: "race" and "frühlingslauf").
    groups = {t: [f for f in (*SAME_WORDS.get(t, (t,)), *(more or {}).get(t, ())) if f not in absent]
              for t in query_terms(text)}
    terms = [t for t, forms in groups.items() if forms]
    rare = [_quoted(groups[t]) for t in terms if t not in common]
    frequent = [_quoted(groups[t]) for t in terms if t in common]
    if not rare and len(frequent) == 1:
        return frequent[0]
    pairs = [f"({a} AND {b})" for i, a in enumerate(frequent) for b in frequent[i + 1:]]
    return " OR ".join(rare + pairs)


def _quoted(forms: Sequence[str]) -> str:
    """A term quoted for FTS5, or the group of its verb's forms ("buy" as `("buy" OR "bought")`)."""
    if len(forms) == 1:
        return f'"{forms[0]}"'
    return "(" + " OR ".join(f'"{f}"' for f in forms) + ")"


class Catalog:
    """One SQLite database in WAL mode; every write is one transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA busy_timeout=30000")
            self.db.executescript(SCHEMA + PEOPLE_SCHEMA + ENRICHMENT_SCHEMA)
            current = self.db.execute("SELECT sql FROM sqlite_master WHERE name = 'chunks_ai'").fetchone()
            if current is None or TRIGGERS_MARK not in current[0]:
                self.db.executescript(f"BEGIN IMMEDIATE; {TRIGGERS} COMMIT;")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open catalog {path}: {exc}") from exc
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        self._span: int | None = None
        self._span_time = 0.0
        self._df: dict[str, int] = {}
        self._df_time = -DF_TTL
        self._kinds: dict[str, tuple[str, ...]] = {}
        self._kinds_time = -DF_TTL
        self._chunk_count = 0
        self.people = People(self.db, self.transaction)
        self.enrichment = EnrichmentTable(self.db, self.transaction)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"catalog {self.path} is busy: {exc}") from exc
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    # -- meta and sync state -------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def get_state(self, source: str, key: str) -> str | None:
        row = self.db.execute(
            "SELECT value FROM sync_state WHERE source = ? AND key = ?", (source, key)
        ).fetchone()
        return row[0] if row else None

    def set_state(self, source: str, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO sync_state VALUES (?, ?, ?)", (source, key, value))

    # -- writing -------------------------------------------------------------------------

    def hashes(self, ids: Sequence[str]) -> dict[str, str]:
        """The stored content hash of each known id among `ids`."""
        found: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            part = list(ids[start:start + 500])
            rows = self.db.execute(
                f"SELECT id, content_hash FROM records WHERE id IN ({','.join('?' * len(part))})", part
            )
            found.update(dict(rows.fetchall()))
        return found

    def add_source(self, source: Source) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?)",
                (source.name, source.connector, str(source.path) if source.path else None,
                 json.dumps(dict(source.options), sort_keys=True), int(time.time())),
            )

    def sources(self) -> list[Source]:
        """The configured sources (`twin sources add`), by name."""
        return [
            Source(name, connector, Path(path) if path else None, json.loads(options))
            for name, connector, path, options in self.db.execute(
                "SELECT name, connector, path, options FROM sources ORDER BY name"
            )
        ]

    def remove_source(self, name: str) -> bool:
        """Drop a configured source and its cursors (its records stay unless forgotten)."""
        with self.transaction() as db:
            gone = db.execute("DELETE FROM sources WHERE name = ?", (name,)).rowcount
            db.execute("DELETE FROM sync_state WHERE source = ?", (name,))
        return bool(gone)

    def states(self, source: str) -> dict[str, str]:
        """Every saved cursor of a source."""
        return dict(self.db.execute("SELECT key, value FROM sync_state WHERE source = ?", (source,)).fetchall())

    def write(self, items: Sequence[tuple[Record, Sequence[Chunk]]],
              state: Sequence[tuple[str, str, str]] = ()) -> None:
        """Upsert records, replace their chunks and save (source, key, value) cursors, in one transaction."""
        now = int(time.time())
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO sync_state VALUES (?, ?, ?)", state)
            for record, chunks in items:
                if record.thread:
                    self._mark_dirty(db, record.thread, to_epoch(record.timestamp), record.id)
                self._upsert_record(db, record, now)
                db.execute("DELETE FROM chunks WHERE record_id = ?", (record.id,))
                self._insert_chunks(db, chunks)

    @staticmethod
    def _mark_dirty(db: sqlite3.Connection, thread: str, ts: int, record_id: str) -> None:
        old = db.execute("SELECT ts FROM records WHERE id = ?", (record_id,)).fetchone()
        since = min(ts, old[0]) if old else ts
        db.execute(
            "INSERT INTO dirty_threads VALUES (?, ?)"
            " ON CONFLICT(thread) DO UPDATE SET since = min(since, excluded.since)",
            (thread, since),
        )

    def rewindow(self, version: str) -> int:
        """Mark every chat thread for rebuilding once when the way they are cut changes (the
        catalog keeps the `windows` version it was cut with); returns the threads marked."""
        if self.get_meta("windows") == version:
            return 0
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM chunks WHERE kind = 'message' AND thread != '' LIMIT 1").fetchone() is None:
                db.execute("INSERT OR REPLACE INTO meta VALUES ('windows', ?)", (version,))
                return 0  # no chat was cut yet (a new store): nothing to cut again
            marked = db.execute(
                "INSERT INTO dirty_threads SELECT thread, min(ts) FROM records WHERE kind = 'message'"
                " AND thread != '' GROUP BY thread ON CONFLICT(thread) DO UPDATE SET since = min(since, excluded.since)"
            ).rowcount
            db.execute("INSERT OR REPLACE INTO meta VALUES ('windows', ?)", (version,))
        return max(marked, 0)

    def dirty_threads(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT thread, since FROM dirty_threads").fetchall())

    def clear_dirty(self, threads: dict[str, int]) -> None:
        """Clear what was rebuilt, unless a newer change moved a thread's mark in the meantime."""
        with self.transaction() as db:
            db.executemany("DELETE FROM dirty_threads WHERE thread = ? AND since = ?", list(threads.items()))

    @staticmethod
    def _insert_chunks(db: sqlite3.Connection, chunks: Sequence[Chunk]) -> None:
        db.executemany(
            "INSERT INTO chunks (id, record_id, seq, text, header, start_ts, end_ts, source, kind,"
            " participants, thread) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                (c.id, c.record_id, c.seq, c.text, c.header, to_epoch(c.start), to_epoch(c.end),
                 c.source, c.kind, json.dumps(list(c.participants), ensure_ascii=False), c.thread or None)
                for c in chunks
            ],
        )

    # -- conversations: windows of consecutive records of one thread ---------------------

    def thread_starts(self, ids: Sequence[str], kinds: Sequence[str]) -> dict[str, int]:
        """For records among `ids` of `kinds` with a thread: each thread's earliest time among them."""
        found: dict[str, int] = {}
        marks = ",".join("?" * len(kinds))
        for start in range(0, len(ids), 500):
            part = list(ids[start:start + 500])
            rows = self.db.execute(
                f"SELECT thread, min(ts) FROM records WHERE id IN ({','.join('?' * len(part))})"
                f" AND kind IN ({marks}) AND thread != '' GROUP BY thread",
                [*part, *kinds],
            )
            for thread, ts in rows:
                found[thread] = min(ts, found.get(thread, ts))
        return found

    def thread_kind(self, thread: str) -> str | None:
        row = self.db.execute("SELECT kind FROM records WHERE thread = ? LIMIT 1", (thread,)).fetchone()
        return row[0] if row else None

    def session_start(self, thread: str, kinds: Sequence[str], ts: int, gap: int) -> int:
        """The time of the first message of the session (no silence over `gap` s) that holds `ts`."""
        marks = ",".join("?" * len(kinds))
        start = ts
        for (earlier,) in self.db.execute(
            f"SELECT ts FROM records WHERE thread = ? AND kind IN ({marks}) AND ts < ? ORDER BY ts DESC",
            [thread, *kinds, ts],
        ):
            if start - earlier > gap:
                break
            start = earlier
        return start

    def thread_records(self, thread: str, kinds: Sequence[str], since: int) -> Iterator[dict[str, Any]]:
        """The records of a thread from `since` on, in time order, as dicts of their columns."""
        marks = ",".join("?" * len(kinds))
        cur = self.db.execute(
            "SELECT id, source, kind, ts, ts_offset, title, author, participants, location, text FROM records"
            f" WHERE thread = ? AND kind IN ({marks}) AND ts >= ? ORDER BY ts, rowid",
            [thread, *kinds, since],
        )
        names = [d[0] for d in cur.description]
        for row in cur:
            yield dict(zip(names, row, strict=True))

    def replace_windows(self, thread: str, since: int, chunks: Sequence[Chunk]) -> int:
        """Make the thread's window chunks from `since` on exactly `chunks`; unchanged ones stay
        embedded. Returns how many were (re)written."""
        with self.transaction() as db:
            old = {
                cid: (text, header)
                for cid, text, header in db.execute(
                    "SELECT id, text, header FROM chunks WHERE thread = ? AND start_ts >= ?", (thread, since)
                )
            }
            new = {c.id: c for c in chunks}
            stale = [cid for cid, value in old.items() if cid not in new or value != (new[cid].text, new[cid].header)]
            db.executemany("DELETE FROM chunks WHERE id = ?", [(cid,) for cid in stale])
            fresh = [c for c in chunks if c.id not in old or c.id in stale]
            # An id can also exist before `since` (a window that moved): replace it too.
            db.executemany("DELETE FROM chunks WHERE id = ?", [(c.id,) for c in fresh if c.id not in old])
            self._insert_chunks(db, fresh)
        return len(fresh)

    @staticmethod
    def _upsert_record(db: sqlite3.Connection, r: Record, now: int) -> None:
        db.execute(
            "INSERT INTO records (id, source, kind, ts, ts_offset, end_ts, end_offset, title, author,"
            " participants, thread, location, text, metadata, content_hash, added_at, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET source=excluded.source, kind=excluded.kind, ts=excluded.ts,"
            " ts_offset=excluded.ts_offset, end_ts=excluded.end_ts, end_offset=excluded.end_offset,"
            " title=excluded.title, author=excluded.author, participants=excluded.participants,"
            " thread=excluded.thread, location=excluded.location, text=excluded.text,"
            " metadata=excluded.metadata, content_hash=excluded.content_hash, updated_at=excluded.updated_at",
            (
                r.id, r.source, r.kind, to_epoch(r.timestamp), offset_minutes(r.timestamp),
                to_epoch(r.end) if r.end else None, offset_minutes(r.end) if r.end else None,
                r.title, r.author, json.dumps(list(r.participants), ensure_ascii=False), r.thread,
                r.location, r.text, json.dumps(dict(r.metadata), ensure_ascii=False, sort_keys=True),
                r.content_hash, now, now,
            ),
        )

    def delete_records(self, ids: Iterable[str]) -> int:
        ids = list(ids)
        with self.transaction() as db:
            for start in range(0, len(ids), 500):
                part = ids[start:start + 500]
                marks = ",".join("?" * len(part))
                # Their threads' windows are rebuilt later; the windows that quote them go now.
                db.execute(
                    "INSERT INTO dirty_threads SELECT thread, min(ts) FROM records"
                    f" WHERE id IN ({marks}) AND thread != '' GROUP BY thread"
                    " ON CONFLICT(thread) DO UPDATE SET since = min(since, excluded.since)",
                    part,
                )
                db.execute(
                    "DELETE FROM chunks WHERE thread IS NOT NULL AND EXISTS (SELECT 1 FROM records r"
                    f" WHERE r.id IN ({marks}) AND r.thread = chunks.thread"
                    " AND chunks.start_ts <= r.ts AND chunks.end_ts >= r.ts)",
                    part,
                )
                db.execute(f"DELETE FROM chunks WHERE record_id IN ({marks})", part)
                db.execute(f"DELETE FROM records WHERE id IN ({marks})", part)
        return len(ids)

    def record_ids(self, *, source: str | None = None, prefix: str | None = None) -> list[str]:
        sql, args = "SELECT id FROM records WHERE 1", list[Any]()
        if source is not None:
            sql += " AND source = ?"
            args.append(source)
        if prefix is not None:
            sql += " AND substr(id, 1, ?) = ?"
            args.extend([len(prefix), prefix])
        return [row[0] for row in self.db.execute(sql, args)]

    # -- the vector outbox ---------------------------------------------------------------

    def pending_chunks(self, limit: int) -> list[PendingChunk]:
        rows = self.db.execute(
            "SELECT rowid, id, header, text, start_ts, end_ts, source, kind, record_id FROM chunks"
            " WHERE embedded = 0 ORDER BY rowid LIMIT ?",
            (limit,),
        ).fetchall()
        return [
            PendingChunk(
                rowid, cid, f"{header}\n{text}" if header else text,
                {"start": start, "end": end, "source": source, "kind": kind, "record_id": record_id},
            )
            for rowid, cid, header, text, start, end, source, kind, record_id in rows
        ]

    def count_pending(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM chunks WHERE embedded = 0").fetchone()[0])

    def mark_embedded(self, rowids: Sequence[int]) -> None:
        with self.transaction() as db:
            db.executemany("UPDATE chunks SET embedded = 1 WHERE rowid = ?", [(r,) for r in rowids])

    def mark_all_pending(self) -> None:
        with self.transaction() as db:
            db.execute("UPDATE chunks SET embedded = 0")
            db.execute("UPDATE enrichment SET vectors = 0")
            db.execute("DELETE FROM vector_deletes")

    def vector_deletes(self, limit: int = 5000) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT chunk_id FROM vector_deletes LIMIT ?", (limit,))]

    def clear_vector_deletes(self, ids: Sequence[str]) -> None:
        with self.transaction() as db:
            db.executemany("DELETE FROM vector_deletes WHERE chunk_id = ?", [(i,) for i in ids])

    # -- reading -------------------------------------------------------------------------

    def term_classes(self, terms: Sequence[str]) -> tuple[frozenset[str], frozenset[str]]:
        """(common, absent): terms in more than COMMON_SHARE of the chunks, and terms in none
        (their chunk counts are cached for DF_TTL)."""
        if len(terms) < 2:
            return frozenset(), frozenset()
        now = time.monotonic()
        if now - self._df_time > DF_TTL:
            self._df.clear()
            self._df_time = now
            self._chunk_count = int(self.db.execute("SELECT max(rowid) FROM chunks").fetchone()[0] or 0)
        cap = max(COMMON_MIN, COMMON_SHARE * self._chunk_count)
        common, absent = set(), set()
        for term in terms:
            if term not in self._df:
                self._df[term] = int(self.db.execute(
                    "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", (f'"{term}"',)
                ).fetchone()[0])
            if self._df[term] > cap:
                common.add(term)
            elif self._df[term] == 0:
                absent.add(term)
        return frozenset(common), frozenset(absent)

    def lexical(self, query: str, limit: int, filters: Filters = Filters()) -> list[tuple[str, float]]:
        """Chunk ids by BM25 (best first) with their bm25 scores (lower is better in SQLite)."""
        terms = query_terms(query)
        more = {t: found for t in terms if t in KIND_ENDINGS and (found := self.kind_names(t))}
        forms = [f for t in terms for f in (*SAME_WORDS.get(t, (t,)), *more.get(t, ()))]
        match = fts_query(query, *self.term_classes(forms), more=more)
        if not match:
            return []
        return self._ranked(match, limit, filters, query)

    def phrases(self, query: str, limit: int, filters: Filters = Filters()) -> list[tuple[str, float]]:
        """Chunk ids by BM25 of the query's two-word phrases (adjacent content words: "april
        rent" in "How much was the April rent?"), best first; [] when it has none."""
        words = _TERM.findall(query)
        # Words in common use only, or a month's name ("the April rent"): a name's words are rare
        # enough alone, and as a phrase "Herr Kowalski" ranks every mail signed so, "booked UX"
        # the plan to book UX Lab Mitte, above the one asked of.
        pairs = [f'"{a.lower()} {b.lower()}"' for a, b in itertools.pairwise(words)
                 if all(w.lower() not in STOPWORDS and len(w) > 1 and (w.islower() or w.lower() in _MONTH_NAMES)
                        for w in (a, b))]
        if not pairs:
            return []
        return self._ranked(" OR ".join(pairs), limit, filters, query)

    def _ranked(self, match: str, limit: int, filters: Filters, query: str) -> list[tuple[str, float]]:
        """Chunk ids and BM25 scores for an FTS5 `match`, best first, within `filters`."""
        where, args = filters.sql("c")
        if filters == Filters():
            # Rank inside the text index, then join only the best: 40 % faster at 100k chunks.
            sql = ("SELECT c.id, s.score FROM (SELECT rowid, bm25(chunks_fts, 2.0, 1.0) AS score FROM chunks_fts"
                   " WHERE chunks_fts MATCH ? ORDER BY score LIMIT ?) s JOIN chunks c ON c.rowid = s.rowid"
                   " ORDER BY s.score")
            args = []
        else:
            sql = (
                "SELECT c.id, bm25(chunks_fts, 2.0, 1.0) AS score FROM chunks_fts"
                " JOIN chunks c ON c.rowid = chunks_fts.rowid"
                f" WHERE chunks_fts MATCH ? AND {where} ORDER BY score LIMIT ?"
            )
        try:
            return [(cid, float(score)) for cid, score in self.db.execute(sql, [match, *args, limit])]
        except sqlite3.OperationalError as exc:
            raise StoreError(f"text search failed for {query!r}: {exc}") from exc

    def kind_names(self, kind: str) -> tuple[str, ...]:
        """The words of the records that name a `kind` by their end (`KIND_ENDINGS`: "race" →
        "fruhlingslauf", as the text index keeps it; not the end alone, "marathon", which MiniLM
        and the question's own words find; nor `NOT_KINDS`), at most 40; cached like the term
        counts (a scan of the vocabulary: about 0.5 s at 400,000 distinct words, once per
        `DF_TTL`, and only for a question with the kind's word)."""
        now = time.monotonic()
        if now - self._kinds_time > DF_TTL:
            self._kinds.clear()
            self._kinds_time = now
        ends = KIND_ENDINGS.get(kind, ())
        key = "|".join(ends)  # "race" and "races" are one lookup
        if key not in self._kinds:
            try:
                self.db.execute(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.chunks_vocab USING fts5vocab(main, chunks_fts, row)")
                found = [str(r[0]) for r in self.db.execute(
                    "SELECT term FROM temp.chunks_vocab WHERE (" + " OR ".join(["term GLOB ?"] * len(ends))
                    + f") AND term NOT IN ({','.join('?' * len(NOT_KINDS))}) ORDER BY doc DESC LIMIT 40",
                    [*(f"?*{end}" for end in ends), *sorted(NOT_KINDS)])] if ends else []
            except sqlite3.Error:
                found = []  # no kind names is no worse than before
            self._kinds[key] = tuple(found)
        return self._kinds[key]

    def chat_windows(self, ids: Sequence[str]) -> set[str]:
        """Those of `ids` that are windows of a chat (not of a mail thread)."""
        if not ids:
            return set()
        marks = ",".join("?" * len(ids))
        return {r[0] for r in self.db.execute(
            f"SELECT id FROM chunks WHERE id IN ({marks}) AND kind = 'message'", list(ids))}

    def contains_term(self, word: str, unless: Sequence[str] = ()) -> bool:
        """Whether any chunk has `word` (as the text index tokenises and stems it; words in a row
        when it is several), other than the chunks that have one of `unless` ("Schweiz" but not
        "Sächsische Schweiz")."""
        term = word.replace('"', "")
        if not term.strip():
            return False
        query = f'"{term}"'
        if others := [o.replace('"', "") for o in unless if o.replace('"', "").strip()]:
            query += " NOT (" + " OR ".join(f'"{o}"' for o in others) + ")"
        try:
            return self.db.execute("SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT 1",
                                   (query,)).fetchone() is not None
        except sqlite3.OperationalError:
            return True  # a term FTS cannot read is no evidence of absence

    def max_span(self) -> int:
        """The longest time span of a chunk, in seconds (cached like the term counts)."""
        now = time.monotonic()
        if self._span is None or now - self._span_time > DF_TTL:
            self._span = int(self.db.execute("SELECT max(end_ts - start_ts) FROM chunks").fetchone()[0] or 0)
            self._span_time = now
        return self._span

    def chunk_ids(self, filters: Filters, limit: int) -> list[str]:
        """Ids of embedded chunks passing `filters`, at most `limit` (for narrowing a dense
        search). Not those still waiting for their vectors (an ingest under way, or cut short):
        Chroma fails a search naming an id it does not hold ("Error finding id")."""
        where, args = filters.sql("c", self.max_span() if filters.since is not None else None)
        return [r[0] for r in self.db.execute(
            f"SELECT c.id FROM chunks c WHERE {where} AND c.embedded = 1 LIMIT ?", [*args, limit])]

    def chunk_rows(self, ids: Sequence[str]) -> dict[str, ChunkRow]:
        """The chunks named, joined with their records; a chat message's own chunk gives the
        message's text (its stored text, what was embedded, also holds its neighbours)."""
        found: dict[str, ChunkRow] = {}
        for start in range(0, len(ids), 500):
            part = list(ids[start:start + 500])
            rows = self.db.execute(
                "SELECT c.id, c.record_id, CASE WHEN c.id LIKE '%#m' THEN r.text ELSE c.text END,"
                " c.source, c.kind, r.ts, r.ts_offset, r.title,"
                " c.participants, r.location, c.header, c.thread, c.start_ts, c.end_ts, r.author"
                " FROM chunks c JOIN records r ON r.id = c.record_id"
                f" WHERE c.id IN ({','.join('?' * len(part))})",
                part,
            )
            for cid, rid, text, source, kind, ts, off, title, parts, loc, header, thread, lo, hi, author in rows:
                found[cid] = ChunkRow(
                    cid, rid, text, source, kind, from_epoch(ts, off), title,
                    tuple(json.loads(parts)), loc, header, thread or "", lo, hi, author,
                )
        return found

    def window_members(self, thread: str, start_ts: int, end_ts: int, first_id: str) -> list[MessageRow]:
        """The records a window of `thread` shows, in its line order (time, then id, from its first record)."""
        rows = self.db.execute(
            "SELECT id, ts, ts_offset, author, text FROM records WHERE thread = ? AND ts >= ? AND ts <= ?"
            " AND kind IN ('message', 'email') AND (author != '' OR kind = 'email') ORDER BY ts, rowid",
            (thread, start_ts, end_ts),
        ).fetchall()
        ids = [r[0] for r in rows]
        if first_id in ids:
            rows = rows[ids.index(first_id):]
        return [MessageRow(rid, from_epoch(ts, off), author, text) for rid, ts, off, author, text in rows]

    def around(self, record_id: str, before: int, after: int) -> list[MessageRow]:
        """A message with up to `before` and `after` messages of its thread around it, in order."""
        row = self.db.execute("SELECT thread, ts, rowid FROM records WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            return []
        thread, ts, rowid = row
        columns = "SELECT id, ts, ts_offset, author, text FROM records WHERE thread = ? AND kind = 'message'"
        earlier = self.db.execute(
            f"{columns} AND author != '' AND (ts, rowid) < (?, ?) ORDER BY ts DESC, rowid DESC LIMIT ?",
            (thread, ts, rowid, before)).fetchall()
        later = self.db.execute(
            f"{columns} AND author != '' AND (ts, rowid) >= (?, ?) ORDER BY ts, rowid LIMIT ?",
            (thread, ts, rowid, after + 1)).fetchall()
        return [MessageRow(rid, from_epoch(t, off), author, text)
                for rid, t, off, author, text in [*reversed(earlier), *later]]

    def messages(self, ids: Sequence[str]) -> list[MessageRow]:
        """The chat messages named, in their thread's order (time, then arrival)."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f"SELECT id, ts, ts_offset, author, text FROM records WHERE id IN ({marks}) AND kind = 'message'"
            " ORDER BY ts, rowid", list(ids)).fetchall()
        return [MessageRow(rid, from_epoch(ts, off), author, text) for rid, ts, off, author, text in rows]

    def first_chunk(self, record_id: str) -> str | None:
        """The id of a record's first chunk (a mail's opening), None for an unknown record."""
        row = self.db.execute("SELECT id FROM chunks WHERE record_id = ? ORDER BY rowid LIMIT 1",
                              (record_id,)).fetchone()
        return None if row is None else str(row[0])

    def record_row(self, record_id: str) -> dict[str, Any] | None:
        cur = self.db.execute("SELECT * FROM records WHERE id = ?", (record_id,))
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cur.description], row, strict=True))

    def timeline(self, filters: Filters, limit: int) -> list[dict[str, Any]]:
        clauses, args = filters.record_clauses()
        if filters.who:
            clauses.append("(" + " OR ".join("participants LIKE ? OR author LIKE ?" for _ in filters.who) + ")")
            args.extend(f"%{name}%" for name in filters.who for _ in range(2))
        cur = self.db.execute(
            "SELECT id, source, kind, ts, ts_offset, title, author, participants, location FROM records"
            f" WHERE {' AND '.join(clauses)} ORDER BY ts LIMIT ?",
            [*args, limit],
        )
        out = []
        for rid, source, kind, ts, off, title, author, parts, loc in cur:
            out.append({
                "record_id": rid, "source": source, "kind": kind,
                "timestamp": from_epoch(ts, off).isoformat(), "title": title, "author": author,
                "participants": json.loads(parts), "location": loc,
            })
        return out

    def stats(self) -> dict[str, Any]:
        sources = {
            source: {"records": n, "first": from_epoch(lo).isoformat(), "last": from_epoch(hi).isoformat()}
            for source, n, lo, hi in self.db.execute(
                "SELECT source, count(*), min(ts), max(ts) FROM records GROUP BY source ORDER BY source"
            )
        }
        for source, n in self.db.execute("SELECT source, count(*) FROM chunks GROUP BY source"):
            sources.setdefault(source, {})["chunks"] = n
        return {
            "records": int(self.db.execute("SELECT count(*) FROM records").fetchone()[0]),
            "chunks": int(self.db.execute("SELECT count(*) FROM chunks").fetchone()[0]),
            "pending_vectors": self.count_pending(),
            "pending_vector_deletes": int(self.db.execute("SELECT count(*) FROM vector_deletes").fetchone()[0]),
            "enrichment": self.enrichment.stats(),
            "sources": sources,
        }
