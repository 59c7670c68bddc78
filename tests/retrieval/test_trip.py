"""When a trip began or ended, from the calendar entry that spans it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from retrieval import Answerer
from retrieval.trip import trip_when
from twin.store import Store

from .records import CET, NOW, answerer_over
from .records import dated as rec


@pytest.fixture
def answerer(store: Store) -> Answerer:
    records = [
        # An all-day entry of 2-16 May ends at the midnight starting 17 May.
        rec("e:1", 5, 2, "event", "Japan with Jonas", "When: 2 to 16 May (all day)", hour=0,
            end=datetime(2026, 5, 17, tzinfo=CET)),
        rec("e:2", 9, 1, "event", "Japan again", "Autumn trip", hour=0),
        rec("e:3", 3, 4, "event", "Japanese class", "Evening class", hour=19),
        rec("c:1", 2, 7, "message", "Jonas", "Also I want to talk about Japan tonight", author="Jonas"),
    ]
    return answerer_over(store, records)


def test_the_last_day_for_coming_back_and_the_first_for_going(answerer: Answerer) -> None:
    back = answerer.ask("When did Jonas and I get back from Japan?", now=NOW)
    assert back.answer == "Saturday 16 May 2026", back.text
    assert back.quotes == 'In your calendar: "Japan with Jonas", 2–16 May 2026 [1]'
    assert [h.record_id for h in back.citations] == ["e:1"]
    assert answerer.ask("When did I fly to Japan?", now=NOW).answer == "Saturday 2 May 2026"
    assert answerer.ask("When did I return from my Japan trip?", now=NOW).answer == "Saturday 16 May 2026"


def test_a_trip_to_come_is_the_next_entry(answerer: Answerer) -> None:
    assert answerer.ask("When will I go to Japan?", now=NOW).answer == "Tuesday 1 September 2026"


def test_only_entries_whose_title_names_it(store: Store, answerer: Answerer) -> None:
    # Before May only "Japanese class" has the letters: no whole word, no answer from the calendar.
    assert trip_when(store, "When did I get back from Japan?", now=datetime(2026, 4, 1, tzinfo=CET)) is None
    assert trip_when(store, "When did I get back from Peru?", now=NOW) is None
    assert trip_when(store, "When did I meet Jonas?", now=NOW) is None  # not a going or a coming back
    assert trip_when(store, "When did Jonas return the Japan guide?", now=NOW) is None  # returned a thing
    assert trip_when(store, "When did I leave Japan?", now=NOW) is None  # its end, not its start: left to search
    assert trip_when(store, "When did I fly to Japan?", now=NOW + timedelta(days=400)) is not None


def test_routes_people_words_and_a_trip_under_way(store: Store) -> None:
    records = [
        rec("f:1", 5, 2, "event", "Flight Berlin → Helsinki → Tokyo Haneda", "", hour=10,
            end=datetime(2026, 5, 3, 8, tzinfo=CET)),
        rec("f:2", 5, 16, "event", "Flight Tokyo Haneda → Helsinki → Berlin", "", hour=10,
            end=datetime(2026, 5, 16, 19, tzinfo=CET)),
        rec("e:1", 6, 1, "event", "German course", "", hour=18),
        rec("e:2", 3, 1, "event", "Österreich mit Jonas", "", hour=0, end=datetime(2026, 3, 8, tzinfo=CET),
            participants=("Jonas Weber",)),
    ]
    answerer_over(store, records)
    # A route goes to where it ends; coming back, from where it starts.
    assert (trip := trip_when(store, "When did I fly to Tokyo?", now=NOW)) and trip.answer == "Saturday 2 May 2026"
    assert (trip := trip_when(store, "When did I get back from Tokyo?", now=NOW)) and trip.answer == "Saturday 16 May 2026"
    assert trip_when(store, "When did I get back from Germany?", now=NOW) is None  # no "German course"
    assert (trip := trip_when(store, "When did I get back from Österreich?", now=NOW)) and \
        trip.answer == "Saturday 7 March 2026"
    # Asked of someone else: only an entry with them in it.
    assert trip_when(store, "When did Anna get back from Österreich?", now=NOW) is None
    assert trip_when(store, "When did Jonas get back from Österreich?", now=NOW) is not None
    # Under way: not back yet, and coming back on its last day.
    may_10 = datetime(2026, 5, 10, 12, tzinfo=CET)
    assert trip_when(store, "When did I get back from Tokyo?", now=may_10) is None
    assert (trip := trip_when(store, "When do I get back from Tokyo?", now=may_10)) and \
        trip.answer == "Saturday 16 May 2026"
