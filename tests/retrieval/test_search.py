"""Hybrid search and extractive answers on a real store (hash embedder; MiniLM in its own tests)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest import Ingester
from ingest.chunking import split_record
from retrieval import NOTHING_FOUND, Answerer, Searcher, retrieve
from retrieval.abstain import unknown_names
from retrieval.answer import _amount_in, _anothers_day, quotable_units
from twin.config import SearchConfig
from twin.models.embedder import HashEmbedder, SentenceEmbedder
from twin.plugins import Registry
from twin.schema import Hit, Record
from twin.store import Filters, Store
from twin.store import vectors as vectors_module

from ..conftest import write


@pytest.fixture
def searcher(store: Store, notes: Path) -> Searcher:
    Ingester(store, HashEmbedder(), Registry()).ingest([notes])
    return Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1))  # hash vectors are sparse


def test_hits_carry_the_contract_fields(searcher: Searcher, notes: Path) -> None:
    hits = searcher.search("research budget Anna")
    top = hits[0]
    assert isinstance(top, Hit)
    assert top.title == "Budget meeting"
    assert top.record_id == f"files:{(notes / 'budget.md').resolve()}"
    assert top.chunk_id == top.record_id + "#0"
    assert top.location == str((notes / "budget.md").resolve())
    assert top.timestamp.date().isoformat() == "2026-03-12"
    assert (top.source, top.kind) == ("files", "note")
    assert "32,000" in top.text
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_rrf_puts_a_hit_on_both_lists_first(searcher: Searcher) -> None:
    ranked = searcher.rank("ryokan Kyoto nights", k=3)
    assert ranked[0].hit.title == "Kyoto plans"
    assert ranked[0].lexical_rank == 0
    assert ranked[0].similarity is not None and ranked[0].similarity > 0.3


def test_every_hit_has_a_similarity_even_lexical_only(searcher: Searcher) -> None:
    assert all(r.similarity is not None for r in searcher.rank("canal", k=3))


def test_filters(searcher: Searcher) -> None:
    march = Filters(since=int(datetime(2026, 3, 1, tzinfo=UTC).timestamp()),
                    until=int(datetime(2026, 4, 1, tzinfo=UTC).timestamp()))
    assert {h.title for h in searcher.search("budget Kyoto canal", filters=march)} == {"Budget meeting"}
    assert searcher.search("budget", filters=Filters(sources=("nowhere",))) == []
    assert searcher.search("Kyoto", filters=Filters(person="Nobody")) == []


def test_person_filter(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "people"
    write(folder / "a.md", "---\ndate: 2026-01-01\nauthor: Anna Schmidt\n---\nThe flat on Wiener Straße is ours.\n")
    write(folder / "b.md", "---\ndate: 2026-01-02\nauthor: Tom Berg\n---\nThe flat in Hamburg is too small.\n")
    Ingester(store, HashEmbedder(), Registry()).ingest([folder])
    hits = Searcher(store, HashEmbedder()).search("flat", filters=Filters(person="anna"))
    assert [h.participants for h in hits] == [("Anna Schmidt",)]


def test_my_birthday_is_not_someone_elses(store: Store, tmp_path: Path) -> None:
    """"The day before my birthday" is anchored on a record of one's own birthday, never on
    one that names the birthday only as someone else's ("Tom's birthday")."""
    folder = tmp_path / "birthdays"
    write(folder / "tom.md", "---\ndate: 2026-04-05\ntitle: Tom's birthday\n---\nTom's birthday is on 18 April.\n")
    write(folder / "run.md", "---\ndate: 2026-04-12\n---\nCake at Tom's birthday the day before a long run.\n")
    write(folder / "mum.md", "---\ndate: 2026-05-02\ntitle: Birthday\n---\nFlowers for mum's 70th birthday.\n")
    Ingester(store, HashEmbedder(), Registry()).ingest([folder])
    searcher = Searcher(store, HashEmbedder())
    now = datetime(2026, 6, 20, tzinfo=UTC)
    assert retrieve(searcher, "What did I do the day before my birthday?", now=now).understood.time_range is None
    tom = retrieve(searcher, "What did I do the day before Tom's birthday?", now=now).understood.time_range
    assert tom is not None  # Tom's own records anchor his
    write(folder / "mine.md", "---\ndate: 2026-02-10\n---\nMy birthday! 38 and a cake from Lena.\n")
    Ingester(store, HashEmbedder(), Registry()).ingest([folder])
    mine = retrieve(searcher, "What did I do the day before my birthday?", now=now).understood.time_range
    assert mine is not None and mine.since is not None and mine.since.date() == datetime(2026, 2, 9).date()


def test_a_yearless_month_with_no_records_yet_is_the_last_one_that_has_them(store: Store, tmp_path: Path) -> None:
    """"in January", asked on 15 January before anything of this January is written: the
    January of last year, shown so; a year named, a day, or a relative time is never moved."""
    folder = tmp_path / "theatre"
    write(folder / "tech.md", "---\ndate: 2025-01-15\n---\nTech week for Woyzeck, I do the sound.\n")
    write(folder / "later.md", "---\ndate: 2025-09-28\n---\nThe sound for Hamlet at my old theatre was fine.\n")
    Ingester(store, HashEmbedder(), Registry()).ingest([folder])
    searcher = Searcher(store, HashEmbedder())
    now = datetime(2026, 1, 15, tzinfo=UTC)
    found = retrieve(searcher, "Which play did I do the sound for in January?", now=now)
    span = found.understood.time_range
    assert span is not None and span.since is not None and (span.since.year, span.since.month) == (2025, 1)
    assert found.narrowed and [r.hit.title for r in found.ranked][:1] == ["tech"]
    assert found.to_json()["time_range"]["since"].startswith("2025-01-01")
    for question in ("Which play did I do the sound for in January 2026?", "What did I do this January?",
                     "What did I do last week?", "What did I do on 15 January?", "What did I do in early January?"):
        assert not retrieve(searcher, question, now=now).narrowed, question
    assert span.phrase == "in January 2025"  # answers say which January
    # A January whose records say nothing of it is passed over for one that does.
    write(folder / "dentist.md", "---\ndate: 2025-01-08\n---\nDentist appointment, a filling replaced.\n")
    write(folder / "ski.md", "---\ndate: 2024-01-20\n---\nSkiing in Zermatt with Lena, a week on the slopes.\n")
    Ingester(store, HashEmbedder(), Registry()).ingest([folder])
    ski = retrieve(searcher, "Where did I go skiing in January?", now=now)
    assert ski.understood.time_range is not None and ski.understood.time_range.phrase == "in January 2024"
    assert [r.hit.title for r in ski.ranked][:1] == ["ski"]
    # A time to come is never moved back: "in August" asked in June is the coming August.
    write(folder / "aug.md", "---\ndate: 2025-08-10\n---\nCamping by the lake.\n")
    Ingester(store, HashEmbedder(), Registry()).ingest([folder])
    june = datetime(2026, 6, 20, tzinfo=UTC)
    assert not retrieve(searcher, "What am I doing in August?", now=june).narrowed
    # Each year back is read as of its end: Easter 2025 (20 April) for Easter 2026 asked on 10
    # April 2026, not Easter 2024, the last one before 10 April 2025.
    write(folder / "e25.md", "---\ndate: 2025-04-19\n---\nEaster with Mum in Lübeck, we painted eggs.\n")
    write(folder / "e24.md", "---\ndate: 2024-03-30\n---\nEaster in Hamburg with Tom, an egg hunt.\n")
    Ingester(store, HashEmbedder(), Registry()).ingest([folder])
    easter = retrieve(searcher, "What did I do at Easter?", now=datetime(2026, 4, 10, tzinfo=UTC))
    assert easter.understood.time_range is not None and easter.understood.time_range.phrase == "at Easter 2025"
    assert [r.hit.title for r in easter.ranked][:1] == ["e25"]
    # Records of this January: it stays this January.
    write(folder / "now.md", "---\ndate: 2026-01-10\n---\nSound check for the new play.\n")
    Ingester(store, HashEmbedder(), Registry()).ingest([folder])
    span = retrieve(searcher, "Which play did I do the sound for in January?", now=now).understood.time_range
    assert span is not None and span.since is not None and span.since.year == 2026


def test_a_filtered_search_while_chunks_wait_for_their_vectors(searcher: Searcher, store: Store,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks written and not yet embedded (the daemon ingesting a mailbox, or an ingest cut
    short) are in the catalog and not in Chroma. A filtered meaning search names the chunks that
    pass the filter by id, and Chroma fails on an id it does not hold ("Error finding id"): every
    question with a time in it failed until the vectors were written."""
    monkeypatch.setattr(vectors_module, "EXACT_BELOW", 0)  # Chroma's own search, as in a large store
    waiting = Record(id="n:waiting", source="files", kind="note", title="Kyoto again",
                     timestamp=datetime(2026, 4, 3, 9, tzinfo=UTC), text="Booked the ryokan in Kyoto again, two nights.")
    store.write([(waiting, split_record(waiting))])
    assert store.catalog.count_pending() == 1
    april = Filters(since=int(datetime(2026, 4, 1, tzinfo=UTC).timestamp()),
                    until=int(datetime(2026, 5, 1, tzinfo=UTC).timestamp()))
    hits = searcher.search("ryokan Kyoto", filters=april)
    assert {h.title for h in hits} >= {"Kyoto plans", "Kyoto again"}  # by meaning, and by words while it waits


def test_a_vector_without_its_chunk_is_ignored(searcher: Searcher, store: Store) -> None:
    store.catalog.delete_records(store.catalog.record_ids())  # catalog says gone; Chroma not told
    assert store.vectors.count() == 3
    assert searcher.search("Kyoto ryokan budget canal") == []


def test_empty_store_answers_nothing(store: Store) -> None:
    assert Searcher(store, HashEmbedder()).search("anything") == []
    assert Answerer(Searcher(store, HashEmbedder())).ask("anything?").answer == NOTHING_FOUND


def test_extractive_answer_cites_its_sentence(searcher: Searcher) -> None:
    answer = Answerer(searcher).ask("How much did the JR pass cost?")
    assert answer.answer == "50,000 yen"  # the amount asked for is the answer ...
    assert answer.quotes.startswith("2 April 2026, Kyoto plans: The JR pass cost 50,000 yen. [1]")  # ... its line cites
    assert answer.citations[0].title == "Kyoto plans"
    numbers = {int(n) for n in __import__("re").findall(r"\[(\d+)\]", answer.text)}
    assert numbers == set(range(1, len(answer.citations) + 1))


def test_without_a_span_the_best_line_answers_and_the_others_support_it(store: Store, tmp_path: Path) -> None:
    """A question whose form asks for no span ("what did Anna say"): the best line is the
    answer, the other lines are its quotes; both cite."""
    folder = tmp_path / "budget"
    write(folder / "a.md", "---\ndate: 2026-03-12\ntitle: Budget meeting\n---\nAnna said the research budget is cut.\n")
    write(folder / "b.md", "---\ndate: 2026-03-19\ntitle: Budget again\n---\nAnna said the research budget cut is final.\n")
    Ingester(store, HashEmbedder(), Registry()).ingest([folder])
    answer = Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.05))).ask(
        "What did Anna say about the research budget?")
    assert "\n" not in answer.answer and re.search(r"Anna said .* \[1\]$", answer.answer), answer.text
    assert re.fullmatch(r"\d+ March 2026, Budget \w+: Anna said .* \[2\]", answer.quotes), answer.text
    assert len(answer.citations) == 2


def test_unrelated_question_says_so(searcher: Searcher) -> None:
    answer = Answerer(searcher).ask("What is my blood type?")
    assert answer.answer == NOTHING_FOUND
    assert answer.citations == ()


def test_a_name_no_record_holds_is_refused_but_not_a_calendar_word(searcher: Searcher) -> None:
    store = searcher.store
    assert unknown_names(store, "When did I visit Kyoto with Zebulon?", ()) == ["Zebulon"]
    assert unknown_names(store, "What did I do in Kyoto on New Year's Eve?", ()) == []


def test_quotable_units_skip_headings_and_keep_short_lists() -> None:
    text = "# Trip\n\nWhere we went:\n1. **Tokyo** (3 May)\n2. Kyoto\n3. Osaka\n\nIt rained. We loved the ryokan in Kyoto anyway."
    units = quotable_units(text)
    whole = "Where we went; Tokyo (3 May); Kyoto; Osaka"
    assert {judged for quote, judged in units if quote == whole} == {whole, "Where we went", "Tokyo (3 May)"}
    assert ("We loved the ryokan in Kyoto anyway.", "We loved the ryokan in Kyoto anyway.") in units
    assert not any(quote.startswith("Trip") for quote, _ in units)


def test_a_list_is_quoted_and_judged_with_its_section_heading() -> None:
    """"Who cooked dal?" of a recipes note: the list of ingredients is the dal's, and whose it is,
    by the heading above it; a note's title (its first heading) is no section."""
    text = ("# Recipes I cook\n\n- 2 aubergines\n- 2 tbsp miso\n\n## Lentil dal (Jonas's, learned from him)\n"
            "- 250 g red lentils, 1 onion\n- 1 tin coconut milk\n\nBest the next day, says everyone who tried it.")
    units = quotable_units(text)
    assert ("2 aubergines; 2 tbsp miso", "2 aubergines; 2 tbsp miso") in units
    dal = "Lentil dal (Jonas's, learned from him): 250 g red lentils, 1 onion; 1 tin coconut milk"
    assert {judged for quote, judged in units if quote == dal} == {
        dal, "Lentil dal (Jonas's, learned from him): 250 g red lentils, 1 onion",
        "Lentil dal (Jonas's, learned from him): 1 tin coconut milk"}
    assert ("Best the next day, says everyone who tried it.",) * 2 in units  # a sentence is its own
    # Headings with no blank line before their lists; a title ends a section; a code block's "#" is no heading.
    units = quotable_units("## Lentil dal\n- 250 g red lentils\n- 1 onion\n## Leek soup\n- 3 leeks\n- 2 potatoes\n"
                           "# Budget\n- flights 690 EUR\n- hotel 400 EUR\n\n```\n## install deps\n```\n\n"
                           "- buy milk today\n- call Anna back")
    quoted = {quote for quote, _ in units}
    assert {"Lentil dal: 250 g red lentils; 1 onion", "Leek soup: 3 leeks; 2 potatoes", "flights 690 EUR; hotel 400 EUR",
            "buy milk today; call Anna back"} <= quoted, quoted


def test_items_of_a_long_list_are_judged_under_their_section_and_offsets_are_no_words() -> None:
    """"What did Anna say about the budget?" of a meeting note: "## What Anna said" over items too
    long to quote as one list, for questions of what someone said; a transcript's "[00:32]" is no
    word of what is said."""
    items = "\n".join(f"- Item {n}: the finance team cut every discretionary budget of the quarter again." for n in range(8))
    text = f"# Planning\n\n## What Anna said\n\n{items}\n\nAttendees: Anna, Priya and me today."
    assert ("Item 0: the finance team cut every discretionary budget of the quarter again.",) * 2 in quotable_units(text)
    units = quotable_units(text, sections=True)  # asked what someone said
    assert ("Item 0: the finance team cut every discretionary budget of the quarter again.",
            "What Anna said: Item 0: the finance team cut every discretionary budget of the quarter again.") in units
    assert ("Attendees: Anna, Priya and me today.",) * 2 in units  # prose is judged by itself
    said = [quote for quote, _ in quotable_units("[00:32] Anna Schmidt: Interesting. So we should show why it is the fastest?")]
    # "Interesting." is too short to quote alone: only with the sentence after it.
    assert said == ["So we should show why it is the fastest?",
                    "[00:32] Anna Schmidt: Interesting. So we should show why it is the fastest?"]


def test_a_line_that_stands_for_a_photo_is_quoted_only_when_asked_what_was_sent() -> None:
    """"Lena (5 May): [photo]" has the words of a sentence ("Lena", "5", "May", "photo") and
    answered "What is Lena's phone number?" on the demo; it is quoted only for what was sent."""
    text = ("Lena (5 May): Tuesday watering done. The monstera survived the week.\nLena (5 May): [photo]\n"
            "Maya (6 May): <Media omitted>\nMaya (6 May): IMG-0042.jpg (file attached)\n"
            "Maya (6 May): <lena.fischer@mailbox.example>")
    quoted = [quote for quote, _ in quotable_units(text)]
    assert quoted == ["Lena (5 May): Tuesday watering done.", "The monstera survived the week.",
                      "Lena (5 May): Tuesday watering done. The monstera survived the week.",  # short: with its neighbour
                      "Maya (6 May): <lena.fischer@mailbox.example"]  # an address is no placeholder
    sent = [quote for quote, _ in quotable_units(text, media=True)]
    assert {"Lena (5 May): [photo]", "Maya (6 May): <Media omitted>", "Maya (6 May): IMG-0042.jpg (file attached)"} \
        <= set(sent)


def test_a_chat_quote_names_who_wrote_it_and_when() -> None:
    from retrieval.answer import Sentence
    from retrieval.search import Ranked

    hit = Hit("Sam Reyes (30 Dec 22:10): see you next year\n"
              "Nora Lindqvist (2 Jan 09:15): I passed the exam yesterday. 87 out of 100\n"
              "Sam Reyes (2 Jan 09:20): amazing", 1.0, "r2", "c#m", "whatsapp", "message",
              datetime(2026, 1, 2, 9, 15, tzinfo=UTC), "Sam Reyes", ("Nora Lindqvist",), "chat.txt",
              ("r1", "r2", "r3"))
    ranked = Ranked(hit, 0.8, None, "")
    answer = Answerer._compose([Sentence("87 out of 100", ranked, 1.0),
                                Sentence("Sam Reyes (30 Dec 22:10): see you next year", ranked, 0.9)])
    first, second = answer.answer.split("\n")
    # The chat is named after Sam; the words are Nora's.
    # The whole of her short message: the sentence before tells what the 87 is.
    assert first == ("2 January 2026, Nora Lindqvist: I passed the exam yesterday. 87 out of 100"
                     " (yesterday: Thursday 1 January 2026) [1]")
    assert second == "30 December 2025, Sam Reyes: see you next year (next year: 2026) [1]"  # as of its own day


def test_a_colon_inside_a_chat_line_is_not_its_writer() -> None:
    from retrieval.answer import Sentence
    from retrieval.search import Ranked

    hit = Hit("Sam (4 Feb): ok\nNora (5 Feb): ok important: your party. still on the 22nd?", 1.0, "r2", "c#m",
              "whatsapp", "message", datetime(2026, 2, 5, 9, 15, tzinfo=UTC), "Sam Reyes", (), "chat.txt",
              ("r1", "r2"))
    answer = Answerer._compose([Sentence("Nora (5 Feb): ok important: your party.", Ranked(hit, 0.8, None, ""), 1.0)])
    assert answer.answer == "5 February 2026, Nora: ok important: your party. still on the 22nd? [1]"


def test_a_short_chat_message_is_quoted_whole_a_long_one_by_its_sentence() -> None:
    """The closest sentence leads to the answer; the message's next sentence holds it."""
    from retrieval.answer import MESSAGE_QUOTE_WORDS, Sentence
    from retrieval.search import Ranked

    long = "and then " * MESSAGE_QUOTE_WORDS + "home."
    hit = Hit(f"Nora (18 May): and I swam in the harbour bath. 14 degrees. my soul left my body\n"
              f"Sam (18 May): brave. we went on. {long}", 1.0, "r1", "c#m", "whatsapp", "message",
              datetime(2025, 5, 18, 20, 0, tzinfo=UTC), "Sam Reyes", (), "chat.txt", ("r1", "r2"))
    ranked = Ranked(hit, 0.8, None, "")
    short = Answerer._compose([Sentence("Nora (18 May): and I swam in the harbour bath.", ranked, 1.0)])
    assert short.answer == "18 May 2025, Nora: and I swam in the harbour bath. 14 degrees. my soul left my body [1]"
    longer = Answerer._compose([Sentence("Sam (18 May): brave.", ranked, 1.0)])
    assert longer.answer == "18 May 2025, Sam: brave. [1]"


def test_search_without_k_fills_a_page_of_short_hits(store: Store, tmp_path: Path) -> None:
    """Without `--k`: 10 hits, and more while they hold fewer than 500 words (up to 40: chat
    hits cut to the lines that bear on the question are short, and 20 of them left the page
    unfilled); with `--k`, exactly that many."""
    from twin.service.queries import search_json

    lines = []
    for d in range(120):
        day = f"{1 + d // 4:02d}/01/2026, {10 + d % 4}:00"
        lines.append(f"{day} - Anna: the coffee at the {d}th place on the corner was fine" if d % 2 == 0 else
                     f"{day} - Ben: the weather today is grey and cold again in town")
    write(tmp_path / "chat" / "WhatsApp Chat with Anna.txt", "\n".join(lines) + "\n")
    Ingester(store, HashEmbedder(), Registry()).ingest([tmp_path / "chat"])
    searcher = Searcher(store, HashEmbedder(), SearchConfig())
    hits = search_json(searcher, "coffee")["hits"]
    words = [len(h["text"].split()) for h in hits]
    assert 20 < len(hits) <= 40  # ten short hits are not a page: more follow
    every = search_json(searcher, "coffee", k=40)["hits"]
    assert sum(words[:-1]) < 500 <= sum(words) or hits == every  # a page, or all there is
    assert len(search_json(searcher, "coffee", k=3)["hits"]) == 3  # asked for: exactly that many
    few = Searcher(store, HashEmbedder(), SearchConfig(fill_words=0))
    assert len(search_json(few, "coffee")["hits"]) == 10


def test_a_failing_search_waits_for_its_lexical_half(store: Store, notes: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI closes the store when a search fails (an index built by another model): the word
    search running beside the query's embedding must be over by then, or its thread reads a
    closed SQLite connection (seen once as a segfault in CI)."""
    import threading
    import time
    from collections.abc import Sequence

    import numpy as np

    from twin.errors import ModelError

    Ingester(store, HashEmbedder(), Registry()).ingest([notes])
    finished = threading.Event()
    lexical = store.catalog.lexical

    def slow_lexical(*args: object, **kwargs: object) -> list[tuple[str, float]]:
        time.sleep(0.5)
        found = lexical(*args, **kwargs)  # type: ignore[arg-type]
        finished.set()
        return found

    class Broken(HashEmbedder):
        def embed(self, texts: Sequence[str]) -> np.ndarray:
            raise ModelError("the model is gone")

    monkeypatch.setattr(store.catalog, "lexical", slow_lexical)
    with pytest.raises(ModelError):
        Searcher(store, Broken()).search("Kyoto ryokan")
    assert finished.is_set()


@pytest.mark.parametrize(
    ("line", "written", "resolved"),
    [
        ("my mum lands on Tuesday!! she's staying ten days", "2025-03-29", "(on Tuesday: Tuesday 1 April 2025)"),
        ("I'll take the train on Friday after school", "2025-02-10", "(on Friday: Friday 14 February 2025)"),
        ("Copenhagen on Wednesday! I'm running a workshop", "2025-05-10", "(on Wednesday: Wednesday 14 May 2025)"),
        ("premiere was on Friday btw!", "2025-01-27", "(on Friday: Friday 24 January 2025)"),
        ("how was the teacher training on Friday?", "2025-10-01", "(on Friday: Friday 26 September 2025)"),
        ("moved on Saturday!! 4th floor", "2025-11-17", "(on Saturday: Saturday 15 November 2025)"),
    ],
)
def test_a_weekday_in_a_message_is_read_by_its_tense(line: str, written: str, resolved: str) -> None:
    """"On Tuesday" in a chat is the coming Tuesday when the line speaks of what will happen,
    the last one when it tells what happened."""
    from retrieval.answer import _resolved

    assert _resolved(line, datetime.fromisoformat(written + "T12:00")).strip() == resolved


def test_list_questions_can_be_led_by_meaning(store: Store, tmp_path: Path, minilm: SentenceEmbedder) -> None:
    """The things a list asks for rarely share its words: with `list_dense_weight` 2, "which
    cities did I visit" is answered by "a weekend in Lisbon", not by a note that says "cities"
    and "visit"."""
    notes = tmp_path / "trips"
    write(notes / "lisbon.md", "Weekend in Lisbon: rode the old trams up to the castle and ate sardines.\n")
    write(notes / "krakow.md", "Took the night train to Kraków and walked around the old town square.\n")
    write(notes / "porto.md", "Three days in Porto: port cellars and blue tiles everywhere.\n")
    write(notes / "chores.md", "The plumber will visit on Tuesday; the cities tax form is due.\n")
    write(notes / "bank.md", "Groceries, laundry and a long call with the bank.\n")
    Ingester(store, minilm, Registry()).ingest([notes])
    question = "Which cities did I visit?"

    def first(config: SearchConfig) -> list[str]:
        # The ranking alone, not led by a list the catalog reads (`listed`).
        return [Path(r.hit.location).stem
                for r in retrieve(Searcher(store, minilm, config), question, k=2, listed=False).ranked]

    # Two from each ranking: Lisbon and Kraków by meaning, the chores note first by its words.
    assert first(SearchConfig(candidates=2, list_dense_weight=2.0)) == ["lisbon", "krakow"]
    assert "chores" in first(SearchConfig(candidates=2, list_dense_weight=1.0))  # equal weights


@pytest.mark.parametrize(("question", "text", "expected"), [
    ("What score did Nora get?", "87 out of 100", True),
    ("What score did Nora get?", "the exam was hard", False),
    ("How many people came?", "around 80 people came", True),
    ("Which city did Sam visit?", "he loved Porto", True),
    ("Which city did Sam visit?", "Sam loved it", False),  # the question's own name is no answer
    ("What game did they play?", "we played \"Azul\" all night", True),
    ("Why did Sam move?", "Tilda moved out", False),
    # "When": a line that names a time ("today, Friday 20 March", "yesterday"), not the question's.
    ("When was the radiator replaced?", "Today, Friday 20 March 2026, it was finally replaced", True),
    ("When did the gig happen?", "gig last night!! around 80 people came", True),
    ("When was the radiator replaced?", "I will pay for the complete replacement", False),
    ("When did Sam move in March?", "he moved in March", False),
])
def test_the_form_of_answer_a_question_asks_for(question: str, text: str, expected: bool) -> None:
    from retrieval.answer import has_asked_form

    known = {w.lower() for w in question.replace("?", "").split()}
    assert has_asked_form(question, text, known) is expected


@pytest.mark.parametrize(("question", "parts"), [
    ("How long after his knee started clicking did Sam run the half marathon?",
     ["his knee started clicking Sam", "Sam run the half marathon"]),
    ("Was Inés born before or after Nora's school trip started?", ["Nora's school trip started", "Inés born"]),
    ("Which came first, Sam's move or Nora's Portuguese exam?", ["Sam's move", "Nora's Portuguese exam"]),
    ("How long did I stay in Kyoto?", []),
    # What the act was for is the other event: "it", or an act named by itself.
    ("How long before the race did I sign up for it?", ["the race", "I sign up for the race"]),
    ("How long before the Frühlingslauf did I register?", ["the Frühlingslauf", "I register for the Frühlingslauf"]),
    ("How long after his band's gig did Sam move?", ["his band's gig Sam", "Sam move"]),
    ("How long after the concert did I buy that jacket?", ["the concert", "I buy that jacket"]),
    ("How long after I got the invoice did I pay?", ["I got the invoice", "I pay"]),  # a clause is no thing to pay for
    ("How long after I cleaned C:\\Temp did it fill up again?", ["I cleaned C:\\Temp", "it fill up again"]),
])
def test_a_question_about_two_events(question: str, parts: list[str]) -> None:
    from retrieval.retrieve import two_events

    assert two_events(question, ("Sam Reyes",)) == parts


def test_two_events_are_each_searched_and_taken_in_turn(store: Store, tmp_path: Path) -> None:
    """The question's own best hit first, then each event's best: the second event is found even
    when the whole question's words lead to the first one only."""
    folder = tmp_path / "knee"
    for day in range(1, 6):
        write(folder / f"2026-02-0{day}.md", f"# Knee\n\nMy knee started clicking again on day {day}, clicking all run.\n")
    write(folder / "2026-04-06.md", "# Race\n\nDONE. Half marathon in 1:54:12.\n")
    Ingester(store, HashEmbedder(), Registry()).ingest([folder])
    searcher = Searcher(store, HashEmbedder())
    question = "How long after my knee started clicking did I run the half marathon?"
    found = retrieve(searcher, question, k=2).ranked
    whole = searcher.rank(question, k=2)
    race = searcher.rank("I run the half marathon", k=1)[0]
    assert race.hit.chunk_id not in [r.hit.chunk_id for r in whole]  # the whole question's two: knees
    assert found[0].hit.chunk_id == whole[0].hit.chunk_id
    assert [r.hit.chunk_id for r in found][1] == race.hit.chunk_id


def test_the_person_a_question_names_leads_with_their_own_lines(store: Store, tmp_path: Path) -> None:
    """In a chat of two, what one friend did is mostly told by that friend: "Which mountain did
    Sam climb?" is led by Sam's own line, though Nora's repeats more of the question's words."""
    chat = tmp_path / "chat"
    lines = [
        "14/06/2026, 09:00 - Nora Lindqvist: the mountain I climbed last summer was the Brocken, what a mountain",
        "14/06/2026, 09:05 - Sam Reyes: nice",
        "14/06/2026, 09:06 - Nora Lindqvist: ok, off to school",
        *(f"{day:02d}/07/2026, 10:00 - Nora Lindqvist: the weather is grey again, day {day}" for day in range(1, 10)),
        "20/07/2026, 18:00 - Sam Reyes: climbed the Watzmann today, my legs are done",
        "20/07/2026, 18:02 - Nora Lindqvist: wow",
    ]
    write(chat / "WhatsApp Chat with Sam Reyes.txt", "\n".join(lines) + "\n")
    Ingester(store, HashEmbedder(), Registry()).ingest([chat])
    question = "Which mountain did Sam climb?"

    def first(config: SearchConfig) -> str:
        return retrieve(Searcher(store, HashEmbedder(), config), question, k=1).ranked[0].hit.text

    assert "Brocken" in first(SearchConfig(author_weight=0.0))  # by words alone, Nora's line
    assert "Watzmann" in first(SearchConfig())
    # Named by no one, the question is not pulled toward either writer.
    unnamed = retrieve(Searcher(store, HashEmbedder()), "Which mountain was climbed?", k=1).ranked[0]
    assert "Brocken" in unnamed.hit.text
    # Asked in the first person, the asker's own lines (who "I" is: `[search] me`).
    mine = retrieve(Searcher(store, HashEmbedder(), SearchConfig(me="Sam Reyes")), "Which mountain did I climb?", k=1)
    assert "Watzmann" in mine.ranked[0].hit.text
    plain = retrieve(Searcher(store, HashEmbedder(), SearchConfig(me="Sam Reyes", author_weight=0.0)),
                     "Which mountain did I climb?", k=1)
    assert "Brocken" in plain.ranked[0].hit.text


@pytest.mark.parametrize(("chunk_id", "text", "writers", "share"), [
    ("whatsapp:Uni#w1", "Nora (Uni) (20:02): hi\n+49 170 1234567 (20:03): hey\nNora (Uni) (20:04): ok",
     {"nora (uni)"}, 2 / 3),
    ("whatsapp:Uni#w1", "Nora (Uni) (20:02): hi\n+49 170 1234567 (20:03): hey\nNora (Uni) (20:04): ok",
     {"+49 170 1234567"}, 1 / 3),
    # Lines of several days carry the day; a time inside the text is not a writer.
    ("whatsapp:Sam#w2", "Sam Reyes (3 May 20:02): meet at (12:30): ok?\nNora (4 May 09:00): yes", {"sam reyes"}, 0.5),
    # A chat named "#weekend crew": its message chunks are messages, not windows.
    ("whatsapp:#weekend crew#m", "see you there", {"nora"}, 1.0),
    ("whatsapp:#weekend crew#m", "see you there", {"sam"}, 0.0),
])
def test_the_share_of_a_chunk_a_writer_wrote(chunk_id: str, text: str, writers: set[str], share: float) -> None:
    from retrieval.search import _written_by
    from twin.store.catalog import ChunkRow

    row = ChunkRow(chunk_id, "r", text, "whatsapp", "message", datetime(2026, 5, 3, tzinfo=UTC), "chat", (), "", "",
                   author="Nora")
    assert _written_by(row, writers) == pytest.approx(share)


def test_two_tiny_sentences_are_no_pair_and_a_pair_with_a_question_asks() -> None:
    """"Jonas (10 Mar): Ha! Told you" is no pair (neither half says anything alone, the speaker's
    name and day are no words of it); a short sentence pairs with a neighbour that is quotable."""
    assert "Jonas (10 Mar): Ha! Told you" not in [quote for quote, _ in quotable_units("Jonas (10 Mar): Ha! Told you")]
    quoted = [quote for quote, _ in quotable_units("Sam (31 Jul): last day at the theatre today. 7 years.")]
    assert "Sam (31 Jul): last day at the theatre today. 7 years." in quoted


def test_whose_birthday_a_line_tells() -> None:
    """Tom's own thanks for "your birthday wishes" is of his birthday; a line that names Mum and
    tells of Tom's birthday on 18 April is not hers; Nora's "your birthday party" is Sam's."""
    assert not _anothers_day("When is Tom's birthday?", "Tom: Thanks for your birthday wishes, the Polaroid!", "Tom")
    assert _anothers_day("When is mum's birthday?", "journal Called Mum - she asked about Tom's birthday in April."
                         " He turns 37 on 18 April.")
    assert _anothers_day("When is Nora's birthday?", "Sam ok important: your birthday party. still on the 22nd?",
                         "Nora Lindqvist")


def test_a_bare_sum_is_money_only_when_told_as_paid() -> None:
    """A sum with no currency answers "how much did X cost" when told as paid ("1,380 for both"),
    not as a cell of a table whose line writes its currency elsewhere."""
    known = {"how", "much", "did", "the", "flights", "cost"}
    assert _amount_in("Booking the flights now, 1,380 for both. Ok?", "much", "did", known, money=True) \
        == "1,380 for both"
    study = {"how", "much", "was", "the", "usability", "study"}
    assert _amount_in("Usability study, 14,000, 10,500", "much", "was", study, money=True) == ""
