"""What a trip cost: the costs its records tell, from a real catalog."""

from __future__ import annotations

from datetime import datetime

import pytest

from ingest.chunking import split_record
from retrieval.tripcost import read_trip_cost, trip_cost
from twin.store import Store

from .records import CET
from .records import dated as rec


@pytest.mark.parametrize(("question", "place"), [
    ("How much did I spend on the Japan trip in total?", "Japan"),
    ("How much did the Japan trip cost?", "Japan"),
    ("How much did I spend in Japan?", "Japan"),
    ("What did our trip to Lisbon cost?", "Lisbon"),
    ("How much did the whole Malerweg trip cost altogether?", "Malerweg"),  # a trip by any name
    ("How much did the JR Pass cost in Japan?", None),  # a thing bought there
    ("How much did I spend on books in April?", None),
    ("How much did I spend on Piranesi?", None),  # a name, no trip and no place
    ("When did I go to Japan?", None),
    ("How much did I spend in March?", None),  # a month, no place (a review's counter-examples)
    ("How much did I pay Anna?", None),
    ("How much did Jordan pay?", None),
])
def test_a_trip_cost_question_names_a_trip_or_a_place_and_nothing_else(question: str, place: str | None) -> None:
    asked = read_trip_cost(question)
    assert (asked.place if asked else None) == place


def test_a_trip_cost_lists_what_its_records_tell_spent_once_each(store: Store) -> None:
    """"How much did the Japan trip cost?" answered "2,400 EUR", the route plan's estimate. The
    trip's records name no total: their costs are listed, each once and cited; not a plan, an
    estimate, a deposit, an amount for one where the whole is named, nor a record that only
    shares a city's name (the book "Hiroshima") or the week's other news."""
    records = [
        rec("e:1", 5, 2, "event", "Japan with Jonas", "Tokyo 3–6 May, Kyoto 6–9 May, Hiroshima 9–11 May.",
            end=datetime(2026, 5, 17, tzinfo=CET)),
        rec("n:plan", 3, 15, "note", "Japan trip – route plan", "Accommodation around 2,400 EUR. Flights 1,380 EUR."),
        rec("m:fl", 3, 17, "email", "Booking confirmed: Berlin – Tokyo Haneda",
            "Total for 2 passengers: 1,380.00 EUR (paid by card)"),
        rec("n:book", 4, 2, "note", "April 2, 2026",
            "Japan booking evening.\n\n## JR Pass – done\n\nOrdered two Japan Rail Passes: ¥50,000 each, so "
            "¥100,000 for both, about 615 EUR at today's rate.\n\n## Ryokan in Kyoto – done\n\n¥46,000 per night, "
            "¥138,000 in total. Paid a deposit of ¥30,000, the rest on site.\n\nFlights were booked on 17 March, "
            "1,380 EUR for both of us."),
        rec("m:hir", 4, 11, "email", "Order confirmation: Hiroshima", "Book: Hiroshima, John Hersey. Total 13.00 EUR "
            "(paid by card). Read it on the train."),
        rec("n:week", 3, 28, "note", "Saturday", "- Kowalski paid for the radiator, after trying to charge me "
            "180 EUR.\n- The flights to Tokyo are booked."),
        rec("n:nara", 5, 8, "note", "Day trip to Nara", "Running total of yen spent on deer crackers: ¥400."),
        rec("c:1", 5, 18, "message", "Jonas", "Did the Japan maths: you owe me 212 EUR", author="Jonas Weber",
            thread="whatsapp:jonas"),
    ]
    store.write([(r, split_record(r)) for r in records])
    answer = trip_cost(store, "How much did the Japan trip cost?")
    assert answer is not None
    assert answer.answer == "No total for the Japan trip in your records; the 5 costs they name:", answer.text
    listed = answer.quotes.splitlines()
    assert [line.split(": ", 1)[0] for line in listed] == [
        "- 17 March 2026, Booking confirmed", "- 2 April 2026, JR Pass – done", "- 2 April 2026, Ryokan in Kyoto – done",
        "- 8 May 2026, Day trip to Nara", "- 18 May 2026, Jonas"]
    assert "1,380.00 EUR" in listed[0] and "¥138,000 in total" in listed[2] and "212 EUR" in listed[4]
    assert "2,400" not in answer.quotes and "13.00" not in answer.quotes and "180 EUR" not in answer.quotes
    assert {hit.record_id for hit in answer.citations} == {"m:fl", "n:book", "n:nara", "c:1"}
    # A line that names the trip's own total answers with it.
    store.write([(r, split_record(r)) for r in [
        rec("n:end", 5, 16, "note", "Last day", "The whole trip came to 3,150 EUR in the end, paid and split.")]])
    total = trip_cost(store, "How much did I spend on the Japan trip in total?")
    assert total is not None and total.answer == "3,150 EUR", total.text
    assert trip_cost(store, "How much did the Lisbon trip cost?") is None  # no record of it


def test_a_trip_cost_leaves_out_money_not_spent_and_totals_of_something_else(store: Store) -> None:
    """Counter-examples of a review: a refund, a thing nearly bought or not taken, a price too
    high, a limit, the rent paid during the trip; a total of the insurance, of a tour, of another
    trip or year, or per person, is no total of the trip."""
    records = [
        rec("e:1", 5, 2, "event", "Japan with Jonas", "Tokyo 3–6 May, Kyoto 6–9 May.",
            end=datetime(2026, 5, 17, tzinfo=CET)),
        rec("n:1", 5, 5, "note", "Kyoto", "They refunded the ¥2,200 I paid for the museum. Nearly bought a ¥12,000 "
            "kimono, but didn't. Instead of the ¥72,000 room we booked the ¥46,000 one. Kaiseki costs ¥15,000 per "
            "person, too much for us. Paid the May rent, 980 EUR. Paid 39 EUR for travel insurance covering the "
            "whole trip. The whole tour of Tōdai-ji cost ¥1,200. The whole Lisbon trip came to 900 EUR. Jonas says "
            "the whole trip costs at least 3,000 EUR each. Paid ¥3,000 for the ferry to Miyajima."),
    ]
    store.write([(r, split_record(r)) for r in records])
    answer = trip_cost(store, "How much did the Japan trip cost?")
    assert answer is not None and answer.answer.startswith("No total"), answer.text
    listed = answer.quotes.splitlines()
    assert len(listed) == 3, listed  # the insurance, the tour, the ferry: paid during the trip
    assert all(amount not in answer.quotes for amount in ("2,200", "12,000", "72,000", "15,000", "980", "900", "3,000 EUR"))
    assert "¥3,000 for the ferry" in answer.quotes
