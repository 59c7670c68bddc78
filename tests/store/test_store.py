"""The store on real SQLite and Chroma in a temp dir: upserts, the vector outbox, forget, reindex, lock."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest.chunking import split_record
from twin.errors import StoreError
from twin.models.embedder import HashEmbedder
from twin.schema import Record
from twin.store import Filters, Store

T0 = datetime(2026, 4, 2, 9, 30, tzinfo=UTC)


def record(n: int, text: str = "", **kw: object) -> Record:
    return Record(id=f"test:{n}", source=str(kw.pop("source", "test")), kind="note", timestamp=T0,
                  text=text or f"note number {n} about topic{n}", title=f"t{n}", **kw)  # type: ignore[arg-type]


def put(store: Store, *records: Record, embedder: HashEmbedder | None = None) -> None:
    store.write([(r, split_record(r)) for r in records])
    store.sync_vectors(embedder or HashEmbedder())


def fts_count(store: Store, word: str) -> int:
    return int(store.catalog.db.execute("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", (word,)).fetchone()[0])


def test_catalog_is_wal(store: Store) -> None:
    assert store.catalog.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_write_then_vectors_then_search_both_ways(store: Store) -> None:
    put(store, record(1, "the radiator in the kitchen is broken"), record(2, "lunch with Anna"))
    assert store.vectors.count() == 2
    assert store.catalog.count_pending() == 0
    assert [cid for cid, _ in store.catalog.lexical("radiator", 5)] == ["test:1#0"]
    vec = HashEmbedder().embed(["radiator kitchen broken"])[0]
    assert store.vectors.query(vec, 1)[0][0] == "test:1#0"


def test_changed_record_replaces_its_chunks_everywhere(store: Store) -> None:
    long_text = " ".join(f"word{i}." for i in range(400))
    put(store, record(1, long_text))
    old = store.vectors.count()
    assert old > 1
    put(store, record(1, "now a short note about pottery"))
    assert store.vectors.count() == 1
    assert fts_count(store, "word5") == 0
    assert fts_count(store, "pottery") == 1
    assert store.catalog.stats()["chunks"] == 1


def test_forget_removes_from_catalog_fts_and_chroma(store: Store) -> None:
    put(store, record(1, "alpha text"), record(2, "beta text", source="other"))
    assert store.forget(["test:1"]) == 1
    assert store.catalog.hashes(["test:1", "test:2"]).keys() == {"test:2"}
    assert fts_count(store, "alpha") == 0
    assert store.vectors.vectors(["test:1#0"]) == {}
    assert store.vectors.count() == 1


def test_crash_between_catalog_and_chroma_is_finished_by_next_sync(home: Path) -> None:
    with Store(home, writer=True) as store:
        r = record(1, "written but never embedded")
        store.write([(r, split_record(r))])  # then the process "dies": no sync_vectors
    with Store(home, writer=True) as store:
        assert store.catalog.count_pending() == 1
        assert store.sync_vectors(HashEmbedder()) == 1
        assert store.vectors.count() == 1
        assert store.sync_vectors(HashEmbedder()) == 0


def test_crash_before_vector_delete_is_repeated(home: Path) -> None:
    with Store(home, writer=True) as store:
        put(store, record(1, "soon forgotten"))
        store.catalog.delete_records(["test:1"])  # committed; Chroma not yet told
        assert store.vectors.count() == 1
    with Store(home, writer=True) as store:
        store.sync_vectors(HashEmbedder())
        assert store.vectors.count() == 0
        assert store.catalog.stats()["pending_vector_deletes"] == 0


def test_failed_batch_writes_nothing(store: Store) -> None:
    good = record(1, "good")
    clash = [(good, split_record(good)), (record(2, "x"), split_record(good))]  # same chunk id twice
    with pytest.raises(Exception):
        store.write(clash)
    assert store.catalog.stats()["records"] == 0


def test_reindex_rebuilds_a_lost_index(home: Path) -> None:
    with Store(home, writer=True) as store:
        put(store, record(1), record(2), record(3))
    shutil.rmtree(home / "chroma")
    with Store(home, writer=True) as store:
        assert store.reindex(HashEmbedder()) == 3
        assert store.vectors.count() == 3


def test_another_embedder_needs_reindex(store: Store) -> None:
    put(store, record(1))

    class Other(HashEmbedder):
        name = "other-model"

    with pytest.raises(StoreError, match="reindex"):
        store.sync_vectors(Other())
    assert store.reindex(Other()) == 1


def test_second_writer_is_refused_and_lock_dies_with_its_process(home: Path) -> None:
    with Store(home, writer=True):
        with pytest.raises(StoreError, match="another twin process"):
            Store(home, writer=True)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from twin.store import Store;"
        f"s = Store(Path({str(home)!r}), writer=True); print('locked', flush=True); time.sleep(60)"
    )], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreError):
            Store(home, writer=True)
    finally:
        holder.kill()
        holder.wait()
    Store(home, writer=True).close()  # the kernel released the dead holder's lock


def test_readers_do_not_need_the_lock(home: Path) -> None:
    with Store(home, writer=True) as writer:
        put(writer, record(1, "visible to readers"))
        with Store(home) as reader:
            assert reader.catalog.lexical("readers", 3)


def test_filters_on_time_source_and_person(store: Store) -> None:
    early = Record(id="test:e", source="mail", kind="email", timestamp=datetime(2026, 1, 5, tzinfo=UTC),
                   text="invoice for the flat", participants=("Anna Schmidt",))
    late = Record(id="test:l", source="notes", kind="note", timestamp=datetime(2026, 6, 5, tzinfo=UTC),
                  text="invoice for the bike")
    put(store, early, late)
    ids = lambda f: [c for c, _ in store.catalog.lexical("invoice", 5, f)]  # noqa: E731
    june = int(datetime(2026, 6, 1, tzinfo=UTC).timestamp())
    assert ids(Filters(since=june)) == ["test:l#0"]
    assert ids(Filters(until=june)) == ["test:e#0"]
    assert ids(Filters(sources=("mail",))) == ["test:e#0"]
    assert ids(Filters(person="anna")) == ["test:e#0"]


def test_lexical_ignores_query_syntax_and_stopwords(store: Store) -> None:
    put(store, record(1, "the budget AND the NEAR thing"))
    assert store.catalog.lexical('budget" OR (', 5)
    assert store.catalog.lexical("the and of", 5) == []


def test_phrases_find_the_words_side_by_side(store: Store) -> None:
    """"How much was the April rent?": the chunk that says "the April rent", not the one that
    has both words apart (BM25 of single words ranks that one first: it has them twice)."""
    put(store, record(1, "The April rent will be 860 EUR instead of 980 EUR."),
        record(2, "Rent paid on 1 April. In April the rent goes to a new account, rent as always."),
        record(3, "lunch with Anna"))
    assert [cid for cid, _ in store.catalog.phrases("How much was the April rent?", 5)] == ["test:1#0"]
    assert store.catalog.lexical("How much was the April rent?", 5)[0][0] == "test:2#0"
    june = int(datetime(2026, 6, 1, tzinfo=UTC).timestamp())
    assert store.catalog.phrases("the April rent", 5, Filters(since=june)) == []
    assert store.catalog.phrases("rent", 5) == []  # one word is no phrase
    put(store, record(4, "Dear Herr Kowalski, about the rent"))
    assert store.catalog.phrases("When did I email Herr Kowalski?", 5) == []  # a name is no phrase
    assert store.catalog.phrases('April" rent (', 5)  # no query syntax from users


def test_fts_query_counts_common_words_only_together() -> None:
    from twin.store.catalog import fts_query

    assert fts_query("the Kyoto ryokan") == '"kyoto" OR "ryokan"'
    assert fts_query("anna budget week", common=frozenset({"anna", "week"})) == '"budget" OR ("anna" AND "week")'
    assert fts_query("anna week", common=frozenset({"anna", "week"})) == '("anna" AND "week")'
    assert fts_query("meeting landlord", common=frozenset({"meeting"}), absent=frozenset({"landlord"})) == '"meeting"'


def test_a_verb_is_found_in_its_irregular_forms(store: Store) -> None:
    """"Did Nora buy" finds "I bought a cargo bike" (Porter joins "buying" to "buy", never
    "bought"), also when no record has "buy" itself; light verbs ("go", "went") stay apart."""
    from twin.store.catalog import fts_query

    put(store, record(1, "also: I bought a cargo bike, second-hand"), record(2, "we went to the lake"))
    assert [c for c, _ in store.catalog.lexical("What did Nora buy to replace her car?", 5)] == ["test:1#0"]
    assert [c for c, _ in store.catalog.lexical("Where did Sam and Jules meet?", 5)] == []
    assert fts_query("buy bike") == '("buy" OR "bought") OR "bike"'
    assert fts_query("met Jules", absent=frozenset({"meet"})) == '"met" OR "jules"'
    assert fts_query("go lake") == '"go" OR "lake"'


def test_a_relation_is_found_by_its_other_names(store: Store) -> None:
    """"Sam's mother" finds "my mum lands on Tuesday", and "dad" finds "my father"; not the
    museum's "mummy"."""
    from twin.store.catalog import fts_query

    put(store, record(1, "my mum lands on Tuesday, she is staying ten days"), record(2, "my father called"),
        record(3, "a mummy in the museum"))
    assert [c for c, _ in store.catalog.lexical("When did Sam's mother arrive?", 5)] == ["test:1#0"]
    assert [c for c, _ in store.catalog.lexical("What did dad say?", 5)] == ["test:2#0"]
    assert fts_query("mother") == '("mother" OR "mum" OR "mom" OR "mama")'


def test_a_race_is_found_by_the_name_that_tells_it(store: Store) -> None:
    """"What was my race time?" and the result mail "Kreuzberger Frühlingslauf 2026 – 10 km, Net
    time: 53:40": no "race" in it, and MiniLM does not read a "Lauf" as one. A kind's word also
    searches the records' words that end as its names do; not the ending alone ("marathon")."""
    from twin.store.catalog import fts_query

    put(store, record(1, "Kreuzberger Frühlingslauf 2026 – 10 km. Net time: 53:40"),
        record(2, "a marathon on TV"), record(3, "my time at the office"),
        record(4, "Ablauf der Woche, Lebenslauf geschickt, Morgenlauf 8 km"))  # no race: a course, a CV, a run
    assert store.catalog.kind_names("race") == ("fruhlingslauf",)
    assert store.catalog.kind_names("races") == ("fruhlingslauf",)
    assert [c for c, _ in store.catalog.lexical("What was my race?", 5)] == ["test:1#0"]
    assert store.catalog.kind_names("time") == ()
    assert fts_query("race time", more={"race": ("fruhlingslauf",)}) == '("race" OR "fruhlingslauf") OR "time"'


def test_common_and_absent_terms_from_chunk_counts(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import twin.store.catalog as catalog

    monkeypatch.setattr(catalog, "COMMON_MIN", 4)  # "week" is in 6 of 10 chunks, "budget" in 4
    put(store, *(record(i, f"week {i} with anna" if i < 6 else f"budget line {i}") for i in range(10)))
    common, absent = store.catalog.term_classes(["week", "budget", "ryokan"])
    assert (common, absent) == (frozenset({"week"}), frozenset({"ryokan"}))
    # "week" alone no longer pulls in every weekly note once a rarer word is asked for too
    assert {cid for cid, _ in store.catalog.lexical("budget week", 20)} == {f"test:{i}#0" for i in range(6, 10)}
