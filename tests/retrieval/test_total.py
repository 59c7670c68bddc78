"""Totals answered from the catalog: distances run, money spent, each event's amount once, all cited."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from ingest.chunking import split_record
from retrieval import Answerer, Searcher
from retrieval.answer import NOTHING_FOUND
from retrieval.total import read_total_question
from retrieval.understand import FROM_CATALOG, understand
from twin.config import SearchConfig
from twin.models.embedder import HashEmbedder
from twin.schema import Record
from twin.store import Store

CET = timezone(timedelta(hours=2))
NOW = datetime(2026, 6, 20, tzinfo=CET)
SHOP = "Buchhandlung Kiezbuch <info@kiezbuch.example>"


def rec(n: int, month: int, day: int, kind: str, title: str, text: str, author: str = "") -> Record:
    return Record(id=f"t:{n}", source="test", kind=kind, timestamp=datetime(2026, month, day, 12, tzinfo=CET),
                  title=title, text=text, author=author)


def answerer_of(store: Store, records: list[Record]) -> Answerer:
    store.write([(r, split_record(r)) for r in records])
    store.catalog.people.rebuild()
    store.sync_vectors(HashEmbedder())
    return Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))


@pytest.mark.parametrize(("question", "measure", "thing", "unit"), [
    ("How many km did I run in May?", "distance", "running", "km"),
    ("How far did I run last week?", "distance", "running", "km"),
    ("How many km did I go running in May?", "distance", "running", "km"),
    ("How many miles did Lena and I hike?", "distance", "hiking", "miles"),
    ("How much did I spend on books in April?", "money", "books", "km"),
    ("How much money did we spend on concert tickets this year?", "money", "concert tickets", "km"),
    ("How much did I pay for all my books?", "money", "books", "km"),
    # Not a sum of purchases: a trip, one thing, a distance of no activity.
    ("How much did I spend on the Japan trip?", None, "", ""),
    ("How much did I pay for the pottery course?", None, "", ""),
    ("How far is Kyoto from Tokyo?", None, "", ""),
    ("How many km is the race?", None, "", ""),
])
def test_reading_a_total_question(question: str, measure: str | None, thing: str, unit: str) -> None:
    asked = read_total_question(question)
    if measure is None:
        assert asked is None
        return
    assert asked is not None
    assert (asked.measure, asked.counted.thing) == (measure, thing)
    if measure == "distance":
        assert asked.unit == unit
    assert understand(question).intent == "total" and "total" in FROM_CATALOG  # no generator rewrites it


RUNS = [
    rec(1, 5, 8, "note", "Day trip to Nara", "Yesterday I did my river run (7 km, herons everywhere). Then Nara."),
    rec(2, 5, 7, "note", "Kyoto", "Out for the river run before breakfast."),
    rec(3, 6, 2, "note", "First pottery class", "Sunday (31 May) I ran the city race, 10 km in 53:40. Goal reached!"),
    rec(4, 5, 20, "note", "Plans", "Tomorrow I will run 12 km along the canal."),
    rec(5, 5, 12, "note", "Tuesday", "Ran with Jonas today. Legs heavy, no watch."),
    rec(6, 4, 26, "note", "April", "Ran 21 km today, my longest run."),  # April: outside
    rec(7, 5, 14, "note", "Canal", "Ran the canal loop at 5:35 per km, walked from km 7."),  # a pace, a marker
]


def test_distances_run_are_added_per_run(store: Store) -> None:
    answer = answerer_of(store, RUNS).ask("How many km did I run in May?", now=NOW)
    lines = answer.text.splitlines()[1:]
    assert answer.answer == "At least 17 km in May (4 runs)", answer.text
    assert lines[0] == "Added up from 5 records; 2 of 4 tell no distance:", answer.text
    assert lines[1].startswith("- Out for the river run before breakfast. (Thu 7 May): 7 km [1] [2]"), answer.text
    assert lines[2].startswith("- Ran with Jonas today.") and ": not told [3]" in lines[2], answer.text
    assert lines[3].startswith("- Ran the canal loop") and ": not told [4]" in lines[3], answer.text
    assert lines[4].startswith("- Sunday (31 May) I ran the city race") and ": 10 km [5]" in lines[4], answer.text
    assert [h.record_id for h in answer.citations] == ["t:2", "t:1", "t:5", "t:7", "t:3"]


def test_miles_and_a_race_told_by_name(store: Store) -> None:
    records = [rec(1, 5, 3, "note", "Sunday", "I ran the Leipzig half marathon today!"),
               rec(2, 5, 10, "note", "Sunday", "Ran 5 miles by the river.")]
    answer = answerer_of(store, records).ask("How many miles did I run in May?", now=NOW)
    assert answer.answer == "18.1 miles in May (2 runs)", answer.text  # 13.1 + 5


def test_no_run_of_the_activity_is_not_mentioned(store: Store) -> None:
    answerer = answerer_of(store, RUNS)
    assert answerer.ask("How far did I swim in May?", now=NOW).answer == NOTHING_FOUND
    assert answerer.ask("How far did I run in July?", now=NOW).answer == NOTHING_FOUND


def test_money_spent_is_one_price_per_thing(store: Store) -> None:
    records = [
        rec(1, 4, 4, "email", "Your receipt from Buchhandlung Kiezbuch: The Book of Tea",
            "Buchhandlung Kiezbuch – e-receipt\nItem EUR\nThe Book of Tea – Kakuzō Okakura 9.00\nTotal 9.00\n"
            "Paid by card. Thank you for your purchase!", author=SHOP),
        rec(2, 4, 4, "note", "Saturday", "Bought the book The Book of Tea at Kiezbuch, 9 EUR. Tea all afternoon."),
        rec(3, 4, 19, "note", "Hamburg", "Bought a book at the station: Convenience Store Woman, 12 EUR."),
        rec(4, 4, 22, "note", "Plans", "I want to buy the book Circe next week, 15 EUR."),  # a plan
        rec(5, 4, 25, "note", "Market", "Bought the book Piranesi at the market stall."),  # no price told
    ]
    answer = answerer_of(store, records).ask("How much did I spend on books in April?", now=NOW)
    lines = answer.text.splitlines()[1:]
    assert answer.answer == "At least 21 EUR in April (3 books)", answer.text
    assert lines[1] == "- The Book of Tea (Sat 4 April): 9 EUR [1] [2]", answer.text
    assert lines[2].startswith("- Convenience Store Woman (Sun 19 April): 12 EUR [3]"), answer.text
    assert lines[3].startswith("- Piranesi (Sat 25 April): not told [4]"), answer.text
    assert "Circe" not in answer.text


def test_currencies_are_kept_apart(store: Store) -> None:
    records = [rec(1, 5, 4, "note", "Tokyo", "Bought the book Strange Weather in Tokyo at Kinokuniya, ¥2,420."),
               rec(2, 5, 20, "note", "Berlin", "Bought the book Kitchen at Kiezbuch for 14 EUR.")]
    answer = answerer_of(store, records).ask("How much did I spend on books?", now=NOW)
    assert answer.answer == "¥2,420 and 14 EUR (2 books)", answer.text


def test_a_bill_is_its_total_line(store: Store) -> None:
    """The last number of the "Total" line, in the currency its symbol says, the same in every
    run (the amounts of one record vote in the order told)."""
    records = [
        rec(1, 4, 4, "email", "Your receipt: Piranesi", "Piranesi €14.00\nBookmark €2.00\nTotal (2 items): €16.00\n"
            "Thank you for your purchase!", author=SHOP),
        rec(2, 4, 11, "note", "Tokyo", 'Bought the book "Kitchen" at Kinokuniya for 1.380 Yen.'),
    ]
    answer = answerer_of(store, records).ask("How much did I spend on books in April?", now=NOW)
    assert answer.answer == "16 EUR and ¥1,380 in April (2 books)", answer.text


@pytest.mark.parametrize(("text", "answer"), [
    ("Walked 12k steps today, my legs!", NOTHING_FOUND),  # steps, not a distance: the walk tells none
    ("Hiked 14 km today, 600 m up.", "14 km in May (1 hike)"),  # the climb is no distance
])
def test_what_is_no_distance(store: Store, text: str, answer: str) -> None:
    records = [rec(1, 5, 9, "note", "Saturday", text)]
    question = "How far did I walk in May?" if "Walked" in text else "How far did I hike in May?"
    found = answerer_of(store, records).ask(question, now=NOW)
    assert found.answer == answer if answer != NOTHING_FOUND else not found.answer[0].isdigit(), found.text


def test_someone_elses_runs_are_theirs(store: Store) -> None:
    chat = {"participants": ("Maya Berg", "Jonas"), "thread": "whatsapp:jonas"}
    records = [
        Record(id="c:1", source="whatsapp", kind="message", timestamp=datetime(2026, 5, 3, 9, tzinfo=CET),
               title="Jonas", text="Ran 7 km along the canal", author="Maya Berg", **chat),  # type: ignore[arg-type]
        Record(id="c:2", source="whatsapp", kind="message", timestamp=datetime(2026, 5, 4, 9, tzinfo=CET),
               title="Jonas", text="Ran 5 km this morning, slow", author="Jonas", **chat),  # type: ignore[arg-type]
        rec(3, 5, 20, "note", "Wednesday", "Jonas ran 10 km with his club today."),
    ]
    answerer = answerer_of(store, records)
    assert answerer.ask("How many km did Jonas run in May?", now=NOW).answer == "15 km in May (2 runs)"
    # A name no record has is no one's total (search answers, and refuses).
    assert not answerer.ask("How many km did Mattis run in May?", now=NOW).answer[0].isdigit()


def test_a_place_asked_is_a_trip_of_the_calendar_or_named(store: Store) -> None:
    records = [
        rec(1, 5, 2, "event", "Japan with Jonas", "When: 2 to 16 May (all day)"),
        rec(2, 5, 7, "note", "Kyoto", "Out for the river run, 7 km along the Kamo."),
        rec(3, 5, 31, "note", "Berlin", "Ran the city race, 10 km in 53:40."),
        rec(4, 4, 20, "note", "Tokyo plans", "Ran 5 km and read about Japan."),  # names Japan: told there
    ]
    records[0] = replace(records[0], end=datetime(2026, 5, 17, tzinfo=CET))
    answer = answerer_of(store, records).ask("How far did I run in Japan?", now=NOW)
    assert answer.answer == "12 km (2 runs)", answer.text


@pytest.mark.parametrize(("texts", "question", "answer"), [
    # A distance's decimals are decimals; "up" a hill is no climb of metres.
    (["I ran the Berlin half marathon today: 21.097 km in 1:52."], "How many km did I run in May?",
     "21.1 km in May (1 run)"),
    (["Ran 8 km up to the Teufelsberg and back.", "Ran 10 km down the river path."],
     "How many km did I run in May?", "18 km in May (2 runs)"),
    # "Nara's park" is in Nara.
    (["Ran 7 km in Nara today, deer everywhere.", "Ran 10 km along the canal."],
     "How far did I run in Nara's park?", "7 km (1 run)"),
    # The legs of one run add up; another's distance in the same sentence does not.
    (["Ran 2 km warm-up, then 8 km tempo.", "Ran 5 km to the lake and 5 km back."],
     "How many km did I run in May?", "20 km in May (2 runs)"),
    (["I ran 12 km and Jonas 8 km, he was faster."], "How many km did I run in May?", "12 km in May (1 run)"),
])
def test_distances_as_written(store: Store, texts: list[str], question: str, answer: str) -> None:
    records = [rec(n, 5, 3 + 7 * n, "note", "Day", text) for n, text in enumerate(texts)]
    assert answerer_of(store, records).ask(question, now=NOW).answer == answer


@pytest.mark.parametrize(("text", "answer"), [
    ("Piranesi\nTotal: 26,00 EUR\nGet $5 off your next order with our app!", "26 EUR in April (1 book)"),
    ("Piranesi\nTotal: €26.00 (incl. €4.15 VAT)", "26 EUR in April (1 book)"),
    ("Piranesi\nTotal items: 1\nOrder total: €26.00", "26 EUR in April (1 book)"),
])
def test_the_total_of_a_bill(store: Store, text: str, answer: str) -> None:
    records = [rec(1, 4, 4, "email", "Your receipt: Piranesi (book)", text + "\nThank you for your purchase!",
                   author=SHOP)]
    assert answerer_of(store, records).ask("How much did I spend on books in April?", now=NOW).answer == answer


def test_someone_elses_run_is_theirs_as_subject(store: Store) -> None:
    chat = {"participants": ("Maya Berg", "Jonas"), "thread": "whatsapp:jonas"}
    records = [
        rec(1, 5, 3, "note", "Sunday", "Ran 10 km along the canal, Jonas cheered at km 7."),
        Record(id="c:1", source="whatsapp", kind="message", timestamp=datetime(2026, 5, 4, 9, tzinfo=CET),
               title="Jonas", text="Maya ran 12 km today, so proud", author="Jonas", **chat),  # type: ignore[arg-type]
        Record(id="c:2", source="whatsapp", kind="message", timestamp=datetime(2026, 5, 5, 9, tzinfo=CET),
               title="Jonas", text="I ran 5 km this morning.", author="Jonas", **chat),  # type: ignore[arg-type]
    ]
    assert answerer_of(store, records).ask("How many km did Jonas run in May?", now=NOW).answer == \
        "5 km in May (1 run)"
