"""What happened in a span of time, told day by day from the catalog, every record cited."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ingest.chunking import split_record
from retrieval import NOTHING_FOUND, Answerer, Searcher
from retrieval.understand import asks_for_a_period, understand
from twin.models.embedder import HashEmbedder
from twin.schema import Record
from twin.store import Filters, Store

from .records import CET, NOW, answerer_over, dated


def rec(n: str, month: int, day: int, hour: int, kind: str, title: str, text: str, **more: object) -> Record:
    return dated(n, month, day, kind, title, text, hour=hour, **more)


def chat(n: str, month: int, day: int, hour: int, author: str, text: str) -> Record:
    return rec(n, month, day, hour, "message", "Lena Fischer", text, author=author, participants=(author,),
               thread="telegram:lena")


@pytest.fixture
def answerer(store: Store) -> Answerer:
    records = [
        rec("n:hike", 6, 13, 20, "note", "Hike in the Harz", "Long day, 24 km, sore feet."),
        rec("e:hike", 6, 13, 7, "event", "Hike in the Harz", "Train at 06:40.", end=datetime(2026, 6, 13, 20,
                                                                                           tzinfo=CET)),
        rec("m:news", 6, 13, 9, "email", "June newsletter", "Ten new books in store.",
            author="Kiezbuch <newsletter@kiezbuch.example>"),
        chat("c:1", 6, 14, 10, "Lena Fischer", "picnic on the Feld later?"),
        chat("c:2", 6, 14, 10, "Maya Berg", "yes! I'll bring strawberries and the blanket"),
        rec("n:fri", 6, 12, 18, "note", "Friday", "Worked late on the report."),  # before the weekend
        rec("n:march", 3, 21, 20, "note", "Saxon Switzerland", "Hiked with Lena from Rathen to the Bastei."),
        rec("n:alone", 3, 22, 20, "note", "Sunday", "Slept until noon, then laundry."),
    ]
    return answerer_over(store, records)


def test_last_weekend_is_told_day_by_day(answerer: Answerer) -> None:
    answer = answerer.ask("What did I do last weekend?", now=NOW)
    head, sat, sun = answer.answer.splitlines()
    assert head == "13 June 2026 – 14 June 2026: 5 records on 2 days:", answer.answer
    # The note and the calendar event of one title are said once, citing both; a machine's
    # newsletter comes last.
    assert sat == "- Sat 13 June: Hike in the Harz [1] [2]; mail from Kiezbuch: June newsletter [3]"
    assert sun.startswith("- Sun 14 June: chat with Lena Fischer (2 messages): yes! I'll bring strawberries")
    assert "Friday" not in answer.text
    assert {h.record_id for h in answer.citations} == {"n:hike", "e:hike", "m:news", "c:2"}


def test_with_someone_keeps_to_what_they_are_part_of(answerer: Answerer) -> None:
    answer = answerer.ask("What did I do with Lena in March?", now=NOW)
    assert answer.answer.startswith("March 2026: 1 record on 1 day:"), answer.answer
    assert "Saxon Switzerland" in answer.answer and "laundry" not in answer.text and "Sunday" not in answer.text


def test_a_span_without_records_says_so(answerer: Answerer) -> None:
    answer = answerer.ask("What happened in January?", now=NOW)
    assert answer.answer.startswith(NOTHING_FOUND) and "January 2026" in answer.answer
    assert answer.citations == ()


def test_a_long_span_shows_its_fullest_days(store: Store) -> None:
    records = [rec(f"n:{d}", 4, d, 12, "note", f"Day {d}", "words " * d) for d in range(1, 16)]
    records += [chat(f"c:{d}:{i}", 4, d, 13, "Lena Fischer", f"message {i}") for d in (12, 14) for i in range(12)]
    store.write([(r, split_record(r)) for r in records])
    answer = Answerer(Searcher(store, HashEmbedder())).ask("What happened in April?", now=NOW)
    head, *days = answer.answer.splitlines()
    assert head == "April 2026: 39 records on 15 days, the 10 fullest shown:"
    assert len(days) == 10
    # The two days with a chat beside their note are the fullest.
    assert any(d.startswith("- Sun 12 April") for d in days) and any(d.startswith("- Tue 14 April") for d in days)
    dates = [int(d.split()[2]) for d in days]
    assert dates == sorted(dates)


@pytest.mark.parametrize(("question", "period"), [
    ("What did I do last weekend?", True),
    ("What happened in May?", True),
    ("What did I get up to in April?", True),
    ("What did I do with Lena in March?", True),
    ("What did Anna say about the budget last week?", False),
    ("What did I buy in April?", False),
    ("Which books did I read in May?", False),
    ("What did I do?", False),  # no time: nothing to tell by
    ("What did I do lately?", False),  # a vague span prefers, it does not bound
    ("whats on next tuesday", True),  # typed as people type
    ("whats on my calendar next week", True),  # the calendar is where, not what
    ("What's on my schedule in July?", True),
    ("What did I do in the first week of June?", True),
])
def test_which_questions_ask_for_a_period(question: str, period: bool) -> None:
    read = understand(question, now=NOW, people=lambda text: ["Lena Fischer"] if "Lena" in text else [])
    assert asks_for_a_period(question, read.time_range, read.people) is period
    assert (read.intent == "period") is period


def test_a_filter_narrows_the_span_and_days_are_the_questions(store: Store) -> None:
    """--since narrows the asked span (an April note is not told as 1 May); --person keeps to
    them; a mail written late on 30 April in New York is 1 May in the question's zone; "Lena"
    is not "Magdalena"."""
    ny = timezone(timedelta(hours=-4))
    records = [
        dated("n:apr", 4, 14, "note", "Birthday", "Cake at the office."),
        dated("n:may", 5, 10, "note", "Sunday", "Lena and I cycled to the lake."),
        dated("n:may2", 5, 20, "note", "Wednesday", "Worked from home."),
        Record(id="m:ny", source="test", kind="email", title="Hello from New York", text="Landed.",
               timestamp=datetime(2026, 4, 30, 20, tzinfo=ny), author="Bob <bob@ny.example>"),
        dated("c:mag", 5, 12, "message", "Magdalena Ruiz", "running again tomorrow?", author="Magdalena Ruiz",
              participants=("Magdalena Ruiz",), thread="whatsapp:magdalena"),
        dated("c:lena", 5, 11, "message", "Lena Fischer", "that lake!", author="Lena Fischer",
              participants=("Lena Fischer",), thread="telegram:lena"),
    ]
    answerer = answerer_over(store, records)
    may = answerer.ask("What happened in May?", now=NOW, filters=Filters(since=int(datetime(2026, 4, 1).timestamp())))
    assert "14 April" not in may.text and "Fri 1 May: mail from Bob" in may.answer, may.answer
    late = answerer.ask("What happened in May?", now=NOW, filters=Filters(since=int(datetime(2026, 5, 15,
                                                                                       tzinfo=CET).timestamp())))
    assert late.answer.startswith("May 2026: 1 record on 1 day:"), late.answer
    lena = answerer.ask("What did I do with Lena in May?", now=NOW)
    assert "Magdalena" not in lena.text and "Sun 10 May: Sunday" in lena.answer and "that lake" in lena.answer
    person = answerer.ask("What happened in May?", now=NOW, filters=Filters(person="Bob"))
    assert person.answer.startswith("May 2026: 1 record on 1 day:"), person.answer


def test_an_answer_from_outside_the_time_asked_says_so(store: Store) -> None:
    """"What did Anna say about the budget last week?" quoted 22 May, three weeks before, as if
    it were last week's; it still quotes it, and says nothing of last week says it."""
    answerer = answerer_over(store, [
        dated("n:1", 5, 22, "note", "Debrief", "Anna said the budget held: we're about 600 EUR under."),
        dated("n:2", 6, 10, "note", "Wednesday", "Bought bread and walked home along the canal."),
    ])
    answer = answerer.ask("What did Anna say about the budget last week?", now=NOW)
    assert answer.citations[0].record_id == "n:1", answer.text
    assert answer.quotes.startswith(
        "(Nothing dated last week (8 June 2026 – 14 June 2026) says it; this is from 22 May 2026.)"), answer.text
    assert "Nothing dated" not in answerer.ask("What did Anna say about the budget in May?", now=NOW).text


def test_tomorrow_is_told_by_its_entries_and_by_the_plans_made_the_day_before(store: Store) -> None:
    """"What am I doing tomorrow?" read no time; then only the records dated tomorrow. Today's
    "Climbing tomorrow at 10" is tomorrow's too; a plan asked or refused is not ("See you
    tomorrow?", "Can't do the dentist tomorrow")."""
    answerer = answerer_over(store, [
        chat("c:1", 6, 20, 9, "Maya Berg", "Climbing tomorrow at 10 at the Magic Mountain hall"),
        chat("c:2", 6, 20, 9, "Lena Fischer", "See you tomorrow?"),
        chat("c:3", 6, 20, 10, "Maya Berg", "Can't do the dentist tomorrow, sorry"),
        rec("e:1", 6, 21, 15, "event", "Tea with Jonas", "At his place."),
        rec("n:old", 6, 18, 9, "note", "Thursday", "Swimming tomorrow."),  # not the day before
    ])
    answer = answerer.ask("What am I doing tomorrow?", now=NOW)
    assert answer.answer.startswith("Sunday 21 June 2026: 1 record on 1 day:"), answer.answer
    assert "planned the day before (Maya): Climbing tomorrow at 10 at the Magic Mountain hall" in answer.answer
    assert "Tea with Jonas" in answer.answer
    assert "See you" not in answer.answer and "dentist" not in answer.answer and "Swimming" not in answer.answer
    assert {h.record_id for h in answer.citations} == {"c:1", "e:1"}


@pytest.mark.parametrize(("question", "day"), [
    # A day or month without its year is the latest begun, unless the question asks what is to come.
    ("What am I doing on 1 July?", "2026-07-01"),
    ("What will I do on 1 July?", "2026-07-01"),
    ("What's on 1 July?", "2026-07-01"),
    ("Where will I be on 19 June?", "2027-06-19"),  # yesterday's date, asked ahead: next year's
    ("How much will the rent be in July?", "2026-07-01"),
    ("What is the rent in April?", "2026-04-01"),  # "is" alone: the latest April
    ("Who is the plumber who came on 6 March?", "2026-03-06"),  # a past verb in the question
    ("What's the name of the book I bought in May?", "2026-05-01"),
    ("Where's the place we ate okonomiyaki on 10 May?", "2026-05-10"),
    ("What am I doing on 20 June?", "2026-06-20"),  # today
    ("What is on in June?", "2026-06-01"),  # this month, begun
    ("What did I do on 1 July?", "2025-07-01"),
    ("How much was the rent in July?", "2025-07-01"),
    ("What am I doing on 1 July 2025?", "2025-07-01"),  # its year said
    ("What happens on 1 July?", "2025-07-01"),  # no tense of what is to come
    ("what do i have to do on july 1", "2026-07-01"),  # an obligation is to come
    ("What do I have on July 1st?", "2026-07-01"),
    ("What do I need to pay in July?", "2026-07-01"),  # "need" is no past verb
    ("What did I have to do on 1 July?", "2025-07-01"),
    # Someone's doing, in the present tense, is to come; a season too.
    ("what is Lena doing in September", "2026-09-01"),
    ("Where are Jonas and Lena going in the autumn?", "2026-09-01"),
    ("What is Jonas's wedding in September?", "2025-09-01"),  # no one doing: a thing's name
    ("What was Lena doing in September?", "2025-09-01"),
])
def test_a_yearless_day_asked_ahead_is_the_next_one(question: str, day: str) -> None:
    found = understand(question, now=NOW).time_range
    assert found is not None and found.since is not None
    assert found.since.date().isoformat() == day, (question, found)


def test_a_time_to_come_is_told_by_the_plans_that_name_it(store: Store) -> None:
    """"What is Lena doing in September?" said "nothing is dated September 2025": read as the
    coming September, nothing is dated in it yet, and the lines that name it tell the plans."""
    answerer = answerer_over(store, [
        chat("c:plan", 6, 10, 19, "Lena Fischer", "Malerweg in September before I go? That was the deal"),
        chat("c:run", 6, 11, 19, "Lena Fischer", "ran 10 km along the canal this morning"),
    ])
    plans = answerer.ask("What is Lena doing in September?", now=NOW)
    assert plans.answer.startswith("10 June 2026, Lena Fischer: Malerweg in September"), plans.text
    # Nothing names August: nothing is dated in it, and no line is quoted.
    assert answerer.ask("What am I doing in August?", now=NOW).answer.startswith(NOTHING_FOUND)
