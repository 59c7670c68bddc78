"""When a trip began or ended, from the calendar entry that spans it."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from ingest import Ingester
from retrieval import Answerer, Searcher
from retrieval.retrieve import two_events
from retrieval.trip import event_length, event_when, events_left, trip_when
from twin.config import SearchConfig
from twin.models.embedder import HashEmbedder
from twin.plugins import Registry
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


ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:pottery@test\r
DTSTAMP:20260301T080000Z\r
DTSTART;TZID=Europe/Berlin:20260317T190000\r
DTEND;TZID=Europe/Berlin:20260317T213000\r
RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20260414T170000Z\r
SUMMARY:Pottery: wheel-throwing for beginners\r
LOCATION:Studio Tonhaus\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:vet@test\r
DTSTAMP:20260301T080000Z\r
DTSTART;TZID=Europe/Berlin:20260410T090000\r
DTEND;TZID=Europe/Berlin:20260410T100000\r
SUMMARY:Dog to the vet\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tom@test\r
DTSTAMP:20260301T080000Z\r
DTSTART;VALUE=DATE:20260418\r
RRULE:FREQ=YEARLY\r
SUMMARY:Tom's birthday\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:race@test\r
DTSTAMP:20260301T080000Z\r
DTSTART;TZID=Europe/Berlin:20260531T100000\r
DTEND;TZID=Europe/Berlin:20260531T120000\r
SUMMARY:Kreuzberger Frühlingslauf, 10 km\r
END:VEVENT\r
END:VCALENDAR\r
"""


def calendar_of(store: Store, tmp_path: Path, ics: str) -> Answerer:
    """The calendar written as a real .ics file and read by the calendar connector."""
    (tmp_path / "cal").mkdir()
    (tmp_path / "cal" / "calendar.ics").write_text(ics, encoding="utf-8")
    Ingester(store, HashEmbedder(), Registry()).ingest([tmp_path / "cal"])
    return Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))


@pytest.fixture
def calendar(store: Store, tmp_path: Path) -> Answerer:
    """A real .ics through the calendar connector: a weekly class over the change to summer
    time (29 March), a yearly birthday, a race."""
    return calendar_of(store, tmp_path, ICS)


@pytest.mark.parametrize(("question", "now", "answer"), [
    ("When is my next pottery class?", datetime(2026, 3, 20, tzinfo=CET), "Tuesday 24 March 2026, 19:00"),
    # A week after the change to summer time (29 March).
    ("When is my next pottery class?", datetime(2026, 3, 30, tzinfo=CET), "Tuesday 31 March 2026, 19:00"),
    ("When was my last pottery class?", datetime(2026, 4, 2, tzinfo=CET), "Tuesday 31 March 2026, 19:00"),
    # "is my last": the course's final one, still to come.
    ("When is my last pottery class?", datetime(2026, 4, 2, tzinfo=CET), "Tuesday 14 April 2026, 19:00"),
    ("When does the pottery course start?", datetime(2026, 4, 2, tzinfo=CET), "Tuesday 17 March 2026, 19:00"),
    ("When does my pottery course end?", datetime(2026, 3, 20, tzinfo=CET), "Tuesday 14 April 2026, 19:00"),
    # All day, every year: the next one, no time of day.
    ("When is Tom's birthday?", NOW, "Sunday 18 April 2027"),
    ("When is Tom's birthday?", datetime(2026, 4, 1, tzinfo=CET), "Saturday 18 April 2026"),
    # Once, and past: that day.
    ("When is the Frühlingslauf?", NOW, "Sunday 31 May 2026, 10:00"),
])
def test_an_event_asked_by_name_is_read_from_the_calendar(calendar: Answerer, question: str, now: datetime,
                                                          answer: str) -> None:
    found = calendar.ask(question, now=now)
    assert found.answer == answer, found.text
    assert found.quotes.startswith("In your calendar: ")
    assert [h.kind for h in found.citations] == ["event"]


def test_the_calendar_line_tells_the_repeat(calendar: Answerer) -> None:
    found = calendar.ask("When is my next pottery class?", now=datetime(2026, 3, 20, tzinfo=CET))
    assert found.quotes == ('In your calendar: "Pottery: wheel-throwing for beginners", from 17 March 2026, '
                            "repeats weekly on Tuesday, until Tuesday 14 April 2026 [1]")


def test_no_entry_or_no_last_time_is_left_to_search(store: Store, calendar: Answerer) -> None:
    assert event_when(store, "When is my next Spanish class?", NOW) is None  # no entry has "Spanish"
    assert event_when(store, "When does Tom's birthday end?", NOW) is None  # yearly, with no end
    assert event_when(store, "When is my next class?", NOW) is None  # only the kind of thing
    assert event_when(store, "When did I meet Tom?", NOW) is None  # not a name of an entry
    assert event_when(store, "When was my last pottery class?", datetime(2026, 3, 1, tzinfo=CET)) is None


RULES = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:yoga@test\r
DTSTAMP:20260301T080000Z\r
DTSTART;TZID=Europe/Berlin:20260602T190000\r
DTEND;TZID=Europe/Berlin:20260602T200000\r
RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=8\r
EXDATE;TZID=Europe/Berlin:20260623T190000\r
SUMMARY:Yoga class\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:yoga@test\r
DTSTAMP:20260301T080000Z\r
RECURRENCE-ID;TZID=Europe/Berlin:20260630T190000\r
DTSTART;TZID=Europe/Berlin:20260701T200000\r
DTEND;TZID=Europe/Berlin:20260701T210000\r
SUMMARY:Yoga class\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:dentist@test\r
DTSTAMP:20260301T080000Z\r
DTSTART;TZID=Europe/Berlin:20260624T090000\r
STATUS:CANCELLED\r
SUMMARY:Dentist\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:market@test\r
DTSTAMP:20260301T080000Z\r
DTSTART;VALUE=DATE:20260606\r
RRULE:FREQ=WEEKLY;UNTIL=20260905\r
SUMMARY:Farmers market\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:anna@test\r
DTSTAMP:20260301T080000Z\r
DTSTART;VALUE=DATE:19890418\r
RRULE:FREQ=YEARLY\r
SUMMARY:Anna's birthday\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:out@test\r
DTSTAMP:20260301T080000Z\r
DTSTART;TZID=Europe/Berlin:20260502T100500\r
DTEND;TZID=Europe/Berlin:20260503T080000\r
SUMMARY:Flight Berlin → Helsinki → Tokyo Haneda\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:back@test\r
DTSTAMP:20260301T080000Z\r
DTSTART;TZID=Asia/Tokyo:20260516T104000\r
DTEND;TZID=Europe/Berlin:20260516T190500\r
SUMMARY:Flight Tokyo Haneda → Helsinki → Berlin\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:hike@test\r
DTSTAMP:20260301T080000Z\r
DTSTART;TZID=Europe/Berlin:20260321T063800\r
DTEND;TZID=Europe/Berlin:20260321T203000\r
SUMMARY:Hike with Lena\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.fixture
def rules(store: Store, tmp_path: Path) -> Answerer:
    """Left-out and moved occurrences, a cancelled entry, an all-day rule ending on a date, a
    birthday since 1989, the two flights of one trip, a day's hike."""
    return calendar_of(store, tmp_path, RULES)


@pytest.mark.parametrize(("question", "now", "answer"), [
    # 23 June is left out, 30 June moved to Wednesday 1 July at 20:00.
    ("When is my next yoga class?", datetime(2026, 6, 17, tzinfo=CET), "Wednesday 1 July 2026, 20:00"),
    ("When is my next yoga class?", datetime(2026, 6, 24, tzinfo=CET), "Wednesday 1 July 2026, 20:00"),
    ("When does the yoga class end?", NOW, "Tuesday 21 July 2026, 19:00"),  # COUNT=8 less the left-out one
    # All day, weekly until a date: the next Saturday, and the last.
    ("When is the next farmers market?", NOW, "Saturday 20 June 2026"),  # today, all day
    ("When does the farmers market end?", NOW, "Saturday 5 September 2026"),
    # Every year since 1989: the next is next year's, however long ago it began.
    ("When is Anna's birthday?", NOW, "Sunday 18 April 2027"),
    # Of a route, the one that goes there; of a single entry, its end.
    ("When was the flight to Tokyo?", NOW, "Saturday 2 May 2026, 10:05"),
    ("When was the flight from Tokyo?", NOW, "Saturday 16 May 2026, 10:40"),
    ("When does the hike with Lena end?", NOW, "Saturday 21 March 2026, 20:30"),
    # Leaving and landing: a start and an end, a place after them one end of the route; an end
    # in the zone it is written in (19:05 in Berlin, not 02:05 the next day in Tokyo).
    ("What time did our flight to Tokyo leave Berlin?", NOW, "Saturday 2 May 2026, 10:05"),
    ("what time did the flight to tokyo leave", NOW, "Saturday 2 May 2026, 10:05"),
    ("When did the flight from Tokyo land?", NOW, "Saturday 16 May 2026, 19:05"),
    ("When did our flight land in Berlin?", NOW, "Saturday 16 May 2026, 19:05"),
    # "Next" of what is all past says so.
    ("When is the next hike with Lena?", NOW, "None to come in your calendar; the last: Saturday 21 March 2026, 06:38"),
])
def test_rules_as_the_calendar_writes_them(rules: Answerer, question: str, now: datetime, answer: str) -> None:
    found = rules.ask(question, now=now)
    assert found.answer == answer, found.text


def test_a_cancelled_entry_is_none(store: Store, rules: Answerer) -> None:
    assert event_when(store, "When is my dentist appointment?", NOW) is None
    assert event_when(store, "What time did our flight leave early?", NOW) is None  # "early" is no place


@pytest.mark.parametrize(("question", "now", "answer"), [
    # Eight Tuesdays from 2 June, 23 June left out, 30 June moved to Wednesday 1 July at 20:00.
    ("How many yoga classes do I still have left?", NOW,
     "4 left: Wednesday 1 July, Tuesday 7 July, Tuesday 14 July and Tuesday 21 July 2026"),
    ("How many yoga classes are left?", datetime(2026, 7, 15, tzinfo=CET), "1 left: Tuesday 21 July 2026"),
    ("How many yoga classes are still to come?", datetime(2026, 8, 1, tzinfo=CET),
     "None left in your calendar; the last: Tuesday 21 July 2026, 19:00"),
    # Within a time asked; a plural of the title's word.
    ("How many yoga classes are left before 10 July?", NOW, "2 left: Wednesday 1 July and Tuesday 7 July 2026"),
    ("How many farmers markets are left in August?", NOW,
     "5 left: Saturday 1 August, Saturday 8 August, Saturday 15 August, Saturday 22 August and Saturday 29 August 2026"),
])
def test_times_left_of_an_entry(rules: Answerer, question: str, now: datetime, answer: str) -> None:
    found = rules.ask(question, now=now)
    assert found.answer == answer, found.text
    assert [h.kind for h in found.citations] == ["event"]


def test_no_count_left_of_an_endless_rule_or_of_no_entry(store: Store, rules: Answerer) -> None:
    assert events_left(store, "How many of Anna's birthday are left?", NOW) is None  # yearly, no end
    assert events_left(store, "How many Spanish classes are left?", NOW) is None


ODD = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
X-WR-TIMEZONE:Europe/Berlin\r
BEGIN:VEVENT\r
UID:gym@test\r
DTSTAMP:20260101T080000Z\r
DTSTART;VALUE=DATE:20260105\r
RRULE:FREQ=WEEKLY\r
EXDATE;VALUE=DATE:20260622\r
SUMMARY:Gym day\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:choir@test\r
DTSTAMP:20260101T080000Z\r
DTSTART;TZID=Europe/Berlin:20260106T190000\r
RRULE:FREQ=WEEKLY;UNTIL=20261229T190000\r
SUMMARY:Choir rehearsal\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:broken@test\r
DTSTAMP:20260101T080000Z\r
DTSTART;TZID=Europe/Berlin:20260106T190000\r
RRULE:FREQ=WEEKLY;INTERVAL=0\r
SUMMARY:Broken rule\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:jonas@test\r
DTSTAMP:20260101T080000Z\r
DTSTART;VALUE=DATE:19900314\r
RRULE:FREQ=YEARLY\r
SUMMARY:Jonas birthday\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.mark.parametrize(("question", "answer"), [
    ("When is my next gym day?", "Monday 29 June 2026"),  # 22 June left out, on a date across summer time
    ("When is the next choir rehearsal?", "Tuesday 23 June 2026, 19:00"),  # UNTIL in local time
    ("When is the next broken rule?", "None to come in your calendar; the last: Tuesday 6 January 2026, 19:00"),
    ("When is Jonas's next birthday?", "Sunday 14 March 2027"),
    ("When is Jonas's birthday?", "Sunday 14 March 2027"),
])
def test_rules_read_as_written(store: Store, tmp_path: Path, question: str, answer: str) -> None:
    found = calendar_of(store, tmp_path, ODD).ask(question, now=datetime(2026, 6, 17, tzinfo=CET))
    assert found.answer == answer, found.text


RECUR = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:swim@test\r
DTSTAMP:20260501T080000Z\r
DTSTART;TZID=Europe/Berlin:20260602T190000\r
DTEND;TZID=Europe/Berlin:20260602T200000\r
RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=4\r
RRULE:FREQ=WEEKLY;BYDAY=TH;COUNT=5\r
SUMMARY:Swimming class\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:orchestra@test\r
DTSTAMP:20260501T080000Z\r
DTSTART;TZID=Europe/Berlin:20260603T190000\r
RRULE:FREQ=WEEKLY;COUNT=3\r
RRULE:FREQ=SECONDLY;COUNT=3\r
SUMMARY:Orchestra rehearsal\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:drawing@test\r
DTSTAMP:20260501T080000Z\r
DTSTART;TZID=Europe/Berlin:20260601T180000\r
DTEND;TZID=Europe/Berlin:20260601T200000\r
RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20260629T160000Z\r
RDATE;TZID=Europe/Berlin:20260606T100000\r
RDATE;VALUE=PERIOD:20260613T080000Z/PT3H\r
SUMMARY:Drawing class\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:concert@test\r
DTSTAMP:20260501T080000Z\r
DTSTART;TZID=Europe/Berlin:20260605T200000\r
RDATE;TZID=Europe/Berlin:20260612T200000,20260619T200000\r
SUMMARY:Concert series\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.mark.parametrize(("question", "now", "answer"), [
    # Two rules, Tuesdays (4 times) and Thursdays (5 times): the next of either, the last of both.
    ("When is my next swimming class?", datetime(2026, 6, 3, tzinfo=CET), "Thursday 4 June 2026, 19:00"),
    ("When is my next swimming class?", datetime(2026, 6, 10, tzinfo=CET), "Thursday 11 June 2026, 19:00"),
    ("When does my swimming class end?", datetime(2026, 6, 3, tzinfo=CET), "Thursday 2 July 2026, 19:00"),
    # A rule no reader follows (SECONDLY) next to a weekly one: the weekly one still says when.
    ("When is the next orchestra rehearsal?", datetime(2026, 6, 5, tzinfo=CET), "Wednesday 10 June 2026, 19:00"),
    # Mondays, and two Saturdays added (one a PERIOD in UTC: its start, in the entry's zone).
    ("When is my next drawing class?", datetime(2026, 6, 2, tzinfo=CET), "Saturday 6 June 2026, 10:00"),
    ("When is my next drawing class?", datetime(2026, 6, 9, tzinfo=CET), "Saturday 13 June 2026, 10:00"),
    ("When does my drawing class end?", datetime(2026, 6, 9, tzinfo=CET), "Monday 29 June 2026, 18:00"),
    # RDATE and no rule: the start, then the added ones.
    ("When is the next concert?", datetime(2026, 6, 1, tzinfo=CET), "Friday 5 June 2026, 20:00"),
    ("When is the next concert?", datetime(2026, 6, 10, tzinfo=CET), "Friday 12 June 2026, 20:00"),
    ("When was the last concert?", datetime(2026, 6, 15, tzinfo=CET), "Friday 12 June 2026, 20:00"),
    ("When does the concert end?", datetime(2026, 6, 1, tzinfo=CET), "Friday 19 June 2026, 20:00"),
])
def test_every_rule_and_added_date_is_read(store: Store, tmp_path: Path, question: str, now: datetime,
                                          answer: str) -> None:
    found = calendar_of(store, tmp_path, RECUR).ask(question, now=now)
    assert found.answer == answer, found.text
    assert [h.kind for h in found.citations] == ["event"]


def test_the_calendar_line_tells_both_rules_and_the_added_dates(store: Store, tmp_path: Path) -> None:
    calendar_of(store, tmp_path, RECUR)
    swim = event_when(store, "When is my next swimming class?", datetime(2026, 6, 3, tzinfo=CET))
    assert swim is not None and swim.quotes == (
        'In your calendar: "Swimming class", from 2 June 2026, repeats weekly on Tuesday, 4 times; '
        "and weekly on Thursday, 5 times [1]")
    concert = event_when(store, "When is the next concert?", datetime(2026, 6, 10, tzinfo=CET))
    assert concert is not None and concert.quotes == (
        'In your calendar: "Concert series", from 5 June 2026, also on Friday 12 June 2026, 20:00; '
        "Friday 19 June 2026, 20:00 [1]")


MARKET = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:flea@test\r
DTSTAMP:20260201T080000Z\r
DTSTART;VALUE=DATE:20260307\r
RRULE:FREQ=WEEKLY;UNTIL=20260328\r
RDATE;VALUE=DATE:20260401,20260411\r
EXDATE;VALUE=DATE:20260321\r
SUMMARY:Flea market\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.mark.usefixtures("berlin_time")
@pytest.mark.parametrize(("question", "now", "answer"), [
    # Saturdays in March (21 March left out), and two days added after the change to summer time.
    ("When is the next flea market?", datetime(2026, 3, 18, tzinfo=CET), "Saturday 28 March 2026"),
    ("When is the next flea market?", datetime(2026, 3, 30, 12, tzinfo=CET), "Wednesday 1 April 2026"),
    ("When is the next flea market?", datetime(2026, 4, 1, 23, tzinfo=CET), "Wednesday 1 April 2026"),  # its day
    ("When was the last flea market?", datetime(2026, 4, 5, tzinfo=CET), "Wednesday 1 April 2026"),
    ("When does the flea market end?", datetime(2026, 3, 1, tzinfo=CET), "Saturday 11 April 2026"),
])
def test_added_dates_of_an_all_day_rule_stay_on_their_day(store: Store, tmp_path: Path, question: str,
                                                         now: datetime, answer: str) -> None:
    found = calendar_of(store, tmp_path, MARKET).ask(question, now=now)
    assert found.answer == answer, found.text


BROKEN = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:choir@test\r
DTSTAMP:20260501T080000Z\r
DTSTART;TZID=Europe/Berlin:20260602T190000\r
RRULE:FREQ=WEEKLY;BYDAY=TU\r
EXDATE;TZID=Europe/Berlin:20260609T190000,garbage\r
RDATE;TZID=Europe/Berlin:20260611T190000,31/06/2026\r
SUMMARY:Choir rehearsal\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_a_malformed_exdate_or_rdate_is_one_line_and_the_rest_is_kept(
        store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        answerer = calendar_of(store, tmp_path, BROKEN)
    where = f"{tmp_path / 'cal' / 'calendar.ics'}#choir@test"
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        f"{where}: left out of RDATE, not a date or time: '31/06/2026' (the event is kept)",
        f"{where}: left out of EXDATE, not a date or time: 'garbage' (the event is kept)",
    ]
    # The event is stored, with the good values beside the bad ones: 9 June left out, 11 June added.
    found = answerer.ask("When is the next choir rehearsal?", now=datetime(2026, 6, 3, tzinfo=CET))
    assert found.answer == "Thursday 11 June 2026, 19:00", found.text
    found = answerer.ask("When is the next choir rehearsal?", now=datetime(2026, 6, 12, tzinfo=CET))
    assert found.answer == "Tuesday 16 June 2026, 19:00", found.text


STUDY = """BEGIN:VEVENT\r
UID:study@test\r
DTSTAMP:20260101T080000Z\r
DTSTART;TZID=Europe/Berlin:20260519T083000\r
DTEND;TZID=Europe/Berlin:20260519T180000\r
RRULE:FREQ=DAILY;COUNT=3\r
SUMMARY:Atlas usability study\r
END:VEVENT\r
"""
"""A study on three days in a row (a daily rule of three)."""


PAST = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:hike@test\r
DTSTAMP:20260301T080000Z\r
DTSTART;TZID=Europe/Berlin:20260321T080000\r
DTEND;TZID=Europe/Berlin:20260321T180000\r
SUMMARY:Hike with Lena: Sächsische Schweiz\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:climb@test\r
DTSTAMP:20260301T080000Z\r
DTSTART;TZID=Europe/Berlin:20260305T190000\r
RRULE:FREQ=WEEKLY;BYDAY=TH\r
SUMMARY:Climbing with Jonas\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:race@test\r
DTSTAMP:20260301T080000Z\r
DTSTART;TZID=Europe/Berlin:20260531T100000\r
DTEND;TZID=Europe/Berlin:20260531T110000\r
SUMMARY:Kreuzberger Frühlingslauf, 10 km\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tom@test\r
DTSTAMP:20260301T080000Z\r
DTSTART;VALUE=DATE:20260411\r
SUMMARY:Tom's birthday\r
END:VEVENT\r
""" + STUDY + """END:VCALENDAR\r
"""


@pytest.mark.parametrize(("question", "answer"), [
    ("When did I go hiking with Lena?", "Saturday 21 March 2026, 08:00"),  # "hiking" is the title's "Hike"
    ("When did we go climbing with Jonas?", "Thursday 18 June 2026, 19:00"),  # the latest past one
    # What one did at an event its title names by the event alone.
    ("When did I run the Frühlingslauf?", "Sunday 31 May 2026, 10:00"),
    # An event over days in a row is all its days, as "When was the usability study?".
    ("When did I attend the usability study?", "Tuesday 19 May 2026 – Thursday 21 May 2026"),
])
def test_when_did_i_is_the_latest_past_entry_whose_title_says_it(store: Store, tmp_path: Path, question: str,
                                                                  answer: str) -> None:
    found = calendar_of(store, tmp_path, PAST).ask(question, now=datetime(2026, 6, 20, tzinfo=CET))
    assert found.answer == answer, found.text


def test_when_did_i_names_no_entry(store: Store, tmp_path: Path) -> None:
    calendar_of(store, tmp_path, PAST)
    # Every word must be in one title: swimming is in none, "with Anna" not in the hike's.
    assert event_when(store, "When did I go swimming?", datetime(2026, 6, 20, tzinfo=CET)) is None
    assert event_when(store, "When did I go hiking with Anna?", datetime(2026, 6, 20, tzinfo=CET)) is None
    # A person is no event, a taking part's verb or not; booking one is done on another day.
    assert event_when(store, "When did I meet Tom?", datetime(2026, 6, 20, tzinfo=CET)) is None
    assert event_when(store, "When did I run with Tom?", datetime(2026, 6, 20, tzinfo=CET)) is None
    assert event_when(store, "When did I register for the Frühlingslauf?", datetime(2026, 6, 20, tzinfo=CET)) is None
    # A taking part's verb is left out only before the event's name: "the dog" is no event.
    assert event_when(store, "When did I walk the dog?", datetime(2026, 6, 20, tzinfo=CET)) is None
    # "is my last" of a weekly entry with no end: the latest, as "was my last".
    last = event_when(store, "When is my last climbing with Jonas?", datetime(2026, 6, 20, tzinfo=CET))
    assert last is not None and last.answer == "Thursday 18 June 2026, 19:00"


DAYS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:kickoff@test\r
DTSTAMP:20260101T080000Z\r
DTSTART;TZID=Europe/Berlin:20260204T140000\r
DTEND;TZID=Europe/Berlin:20260204T150000\r
SUMMARY:Atlas research kickoff\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:planning@test\r
DTSTAMP:20260101T080000Z\r
DTSTART;TZID=Europe/Berlin:20260312T100000\r
DTEND;TZID=Europe/Berlin:20260312T104500\r
SUMMARY:Q2 planning with Anna\r
LOCATION:Video call\r
DESCRIPTION:The research budget and the timing of the study.\r
END:VEVENT\r
""" + STUDY + """BEGIN:VEVENT\r
UID:japan@test\r
DTSTAMP:20260101T080000Z\r
DTSTART;VALUE=DATE:20260502\r
DTEND;VALUE=DATE:20260517\r
SUMMARY:Japan with Jonas\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:offsite@test\r
DTSTAMP:20260101T080000Z\r
DTSTART;VALUE=DATE:20260518\r
DTEND;VALUE=DATE:20260523\r
SUMMARY:Atlas offsite week\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:conference@test\r
DTSTAMP:20260101T080000Z\r
DTSTART;TZID=Europe/Berlin:20260525T090000\r
DTEND;TZID=Europe/Berlin:20260527T000000\r
SUMMARY:UX conference\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:festival@test\r
DTSTAMP:20260101T080000Z\r
DTSTART;VALUE=DATE:20261023\r
DTEND;VALUE=DATE:20261026\r
SUMMARY:Harvest festival\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:standup@test\r
DTSTAMP:20260101T080000Z\r
DTSTART;TZID=Europe/Berlin:20260601T093000\r
DTEND;TZID=Europe/Berlin:20260601T094500\r
RRULE:FREQ=DAILY;COUNT=30\r
SUMMARY:Team standup\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.fixture
def days(store: Store, tmp_path: Path) -> Answerer:
    """A kickoff, a call named by its description, a study on three days in a row (a daily rule), a two-week trip (one all-day
    entry), a week of offsite that holds the study, a conference ending at midnight, a festival
    over the change from summer time, and a month of daily standups."""
    return calendar_of(store, tmp_path, DAYS)


@pytest.mark.parametrize(("question", "answer"), [
    # An event over days in a row is all of them, whether one entry or a short daily rule.
    ("When was the usability study?", "Tuesday 19 May 2026 – Thursday 21 May 2026"),
    ("When was the Japan trip?", "Saturday 2 May 2026 – Saturday 16 May 2026"),
    # One of its days, asked for, is that day.
    ("When was the last day of the usability study?", "Thursday 21 May 2026, 08:30"),
    ("When did the usability study start?", "Tuesday 19 May 2026, 08:30"),
    # A daily rule of a month is a habit, not one event: the latest one.
    ("When was the team standup?", "Saturday 20 June 2026, 09:30"),
    # A timed entry ending at midnight ends the day before.
    ("When was the UX conference?", "Monday 25 May 2026 – Tuesday 26 May 2026"),
    # All day, 23 to 25 October: it ends at midnight after the change from summer time.
    ("When is the harvest festival?", "Friday 23 October 2026 – Sunday 25 October 2026"),
])
def test_an_event_over_days_in_a_row_is_its_days(berlin_time: None, days: Answerer, question: str, answer: str) -> None:
    found = days.ask(question, now=NOW)
    assert found.answer == answer, found.text


@pytest.mark.parametrize(("question", "answer"), [
    ("How long was the Japan trip?", "15 days (about 2 weeks): Saturday 2 May – Saturday 16 May 2026"),
    ("How long was the usability study?", "3 days: Tuesday 19 May – Thursday 21 May 2026"),  # a daily rule
    ("How long was the kickoff?", "1 hour: Wednesday 4 February 2026, 14:00–15:00"),
    # A rule: each time, and how many times.
    ("How long is the team standup?", "15 minutes each time, 30 times: Monday 1 June – Tuesday 30 June 2026"),
    # A meeting named by its description and place, or by its day alone.
    ("How long was the budget call?", "45 minutes: Thursday 12 March 2026, 10:00–10:45"),
    ("how long was the meeting on 12 March", "45 minutes: Thursday 12 March 2026, 10:00–10:45"),
    ("How long did the planning meeting with Anna take?", "45 minutes: Thursday 12 March 2026, 10:00–10:45"),
])
def test_how_long_an_event_was_is_its_calendar_entry(berlin_time: None, days: Answerer, question: str,
                                                     answer: str) -> None:
    found = days.ask(question, now=NOW)
    assert found.answer == answer, found.text
    assert found.citations and found.citations[0].kind == "event"


def test_how_long_of_no_entry_is_left_to_search(store: Store, days: Answerer) -> None:
    assert event_length(store, "How long was the race?", NOW) is None  # no entry names it
    assert event_length(store, "When was the Japan trip?", NOW) is None  # not asked how long
    assert event_length(store, "How long is it until the Japan trip?", NOW) is None  # not its length
    assert event_length(store, "How long was the meeting on 13 March?", NOW) is None  # none that day
    assert event_length(store, "How long was the meeting in May?", NOW) is None  # which of several?
    assert event_length(store, "How long did it take?", NOW) is None


def test_two_events_are_times_not_distances() -> None:
    assert two_events("How many km between Kreuzberg and the lake?") == []
    assert two_events("How many days were there between the hike and the party?") == ["the hike", "the party"]


def test_the_time_between_events_over_days(days: Answerer) -> None:
    """From the end of the one to the start of the other; two that overlap have no order."""
    gap = days.ask("How long after the kickoff was the usability study?", now=NOW)
    assert gap.answer == "about 3 months", gap.text  # 4 February to 19 May, not to its last day, 21 May
    assert "Tuesday 19 May 2026 – Thursday 21 May 2026" in gap.quotes
    assert days.ask("How many days after the Japan trip was the usability study?", now=NOW).answer == "3 days"
    # "Between" the two, named in either order.
    assert days.ask("How many days were there between the Japan trip and the usability study?",
                    now=NOW).answer == "3 days"
    assert days.ask("How long between the usability study and the kickoff?", now=NOW).answer == "about 3 months"
    assert days.ask("Was the usability study before or after the Japan trip?", now=NOW).answer == "after"
    during = days.ask("Was the usability study before or after the offsite week?", now=NOW)
    assert during.answer not in ("before", "after"), during.text  # 19–21 May is inside 18–22 May


def test_a_day_asked_holds_each_time_of_a_repeating_entry(rules: Answerer) -> None:
    """"What did I do last Tuesday?" found nothing on the weekly class's later Tuesdays: a
    repeating entry is on each of its days (left-out and moved times aside), in the real .ics."""
    june_20 = datetime(2026, 6, 20, 12, tzinfo=CET)
    tuesday = rules.ask("What did I do last Tuesday?", now=june_20)
    assert tuesday.answer.startswith("Tuesday 16 June 2026: 1 record on 1 day:"), tuesday.answer
    assert "- Tue 16 June: Yoga class [1]" in tuesday.answer
    assert tuesday.citations[0].timestamp == datetime(2026, 6, 16, 19, tzinfo=CET)
    # Left out (EXDATE) and moved (RECURRENCE-ID: 1 July at 20:00): not on their Tuesdays.
    assert "Yoga" not in rules.ask("What am I doing on 23 June?", now=june_20).answer
    assert "Yoga" not in rules.ask("What am I doing on 30 June?", now=june_20).answer
    moved = rules.ask("What am I doing on 1 July?", now=june_20).answer
    assert moved.count("Yoga class") == 1, moved
    # A weekly all-day market, a yearly birthday begun in 1989.
    assert "Farmers market" in rules.ask("What did I do on 13 June?", now=june_20).answer
    assert "Anna's birthday" in rules.ask("What happened on 18 April?", now=june_20).answer
    week = rules.ask("What did I do last week?", now=june_20).answer
    assert week.count("Yoga class") == 1 and "Farmers market" in week, week
