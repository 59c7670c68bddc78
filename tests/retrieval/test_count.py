"""Count questions answered from the catalog: candidates decided by rule, grouped into events, all cited."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ingest import Ingester
from retrieval import Answerer, Searcher
from retrieval.answer import NOTHING_FOUND
from retrieval.count import read_count_question
from twin.config import SearchConfig
from twin.models.embedder import HashEmbedder
from twin.plugins import Registry
from twin.schema import Record
from twin.store import Store

CET = timezone(timedelta(hours=2))


def rec(n: int, day: int, kind: str, title: str, text: str, month: int = 4) -> Record:
    return Record(id=f"t:{n}", source="test", kind=kind, timestamp=datetime(2026, month, day, 12, tzinfo=CET),
                  title=title, text=text)


@pytest.fixture
def answerer(store: Store) -> Answerer:
    records = [
        rec(1, 3, "email", "Order confirmation AB-10001: The Overstory",
            "Thanks for your order at bookshop.example. 1 x The Overstory (paperback) 14.00 EUR"),
        rec(2, 6, "email", "Shipped: your order AB-10001", "Your bookshop.example order AB-10001 is on its way."),
        rec(3, 12, "note", "Sunday", "Bought a book at the market: *Piranesi* by Susanna Clarke. Lovely cover."),
        rec(4, 12, "message", "Chat with Jo", "Bought Piranesi at the market book stall, finally"),
        rec(8, 14, "message", "Chat with Jo", "Bought new shoes"),  # bought, but no book
        rec(5, 20, "note", "Trip plans", "You can book the ferry online; we ordered lunch on the boat."),  # "book" the verb
        rec(6, 25, "email", "Booking confirmed: Hotel Aurora", "Your booking is confirmed. Paid by card."),
        rec(7, 2, "email", "Order confirmation AB-10002: Circe", "1 x Circe, a book, ordered.", month=5),  # May
    ]
    Ingester(store, HashEmbedder(), Registry()).ingest([])
    from ingest.chunking import split_record

    store.write([(r, split_record(r)) for r in records])
    store.sync_vectors(HashEmbedder())
    return Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))


def test_counts_distinct_events_in_the_month(answerer: Answerer) -> None:
    answer = answerer.ask("How many books did I buy in April?", now=datetime(2026, 6, 1))
    lines = answer.text.splitlines()
    assert answer.answer == "2 books in April"  # the count is the answer; what was counted, its quotes
    assert lines[1] == "Counted from 4 records:", answer.text
    lines = lines[1:]
    assert lines[1].startswith("- The Overstory (Fri 3 April) [1] [2]")
    assert lines[2].startswith("- Piranesi (Sun 12 April) [3] [4]")
    assert [h.record_id for h in answer.citations] == ["t:1", "t:2", "t:3", "t:4"]


def test_without_a_time_every_month_counts(answerer: Answerer) -> None:
    answer = answerer.ask("How many books did I buy?", now=datetime(2026, 6, 1))
    assert answer.text.startswith("3 books\nCounted from 5 records"), answer.text
    assert "shoes" not in answer.text
    assert "Circe" in answer.text


def test_nothing_to_count_falls_back_to_search(answerer: Answerer) -> None:
    answer = answerer.ask("How many books did I buy in January?", now=datetime(2026, 6, 1))
    assert not answer.answer.startswith("0 ")  # no counted zero from an empty range: search answers instead


@pytest.mark.parametrize(
    ("question", "thing", "act"),
    [
        ("How many books did I buy in April?", "books", "buy"),
        ("How many times did we go climbing?", "climbing", "go"),
        ("How often did I run in May?", "", "run"),
        ("How many cities did we visit in Japan?", "cities", "visit"),
        ("How many times did Nora and Sam go bouldering together?", "bouldering", "go"),
        ("How many books did the two of them read for their book club?", "books", "read"),
        ("How often did Anna and I meet in May?", "", "meet"),
    ],
)
def test_reading_count_questions(question: str, thing: str, act: str) -> None:
    read = read_count_question(question)
    assert read is not None and (read.thing, read.act) == (thing, act)


@pytest.mark.parametrize(("question", "like"), [
    ("How many books have I bought so far this year?", "How many books did I buy this year?"),
    ("How many cities have we visited in Japan?", "How many cities did we visit in Japan?"),
])
def test_an_act_asked_in_the_perfect_is_counted_in_all_its_forms(question: str, like: str) -> None:
    read, plain = read_count_question(question), read_count_question(like)
    assert read is not None and plain is not None and read.act_forms == plain.act_forms


@pytest.mark.parametrize("question", ["How many essays did Nora have to mark in early February?",
                                      "How many times did the two of them and Jules climb?",
                                      "How many nights did we stay in Kyoto?",
                                      "How many km did I run in May?"])
def test_a_question_without_a_countable_act_is_not_counted(question: str) -> None:
    """Before, "did Nora and Sam go" read "and" as the act: 128 records that say "Sam" and
    "and" were counted; "how many nights did we stay" counted 1 booking as "1 nights". A count
    needs an act and a thing that is not an amount; otherwise search answers."""
    assert read_count_question(question) is None


def test_a_count_of_chat_messages_names_them_by_their_text(store: Store) -> None:
    """A chat's title is the chat; its counted messages are named by what they say."""
    records = [Record(id=f"c:{n}", source="whatsapp", kind="message", title="Sam Reyes", text=text,
                      timestamp=datetime(2026, 3, day, 20, tzinfo=CET), author="Nora")
               for n, (day, text) in enumerate([(1, "we went climbing at the hall this morning"),
                                                 (8, "went climbing again, my forearms are gone"),
                                                 (9, "no climbing today, too tired")])]
    from ingest.chunking import split_record

    store.write([(r, split_record(r)) for r in records])
    store.sync_vectors(HashEmbedder())
    answerer = Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))
    lines = answerer.ask("How many times did Nora and I go climbing?", now=datetime(2026, 6, 1)).text.splitlines()
    assert lines[:2] == ["2 times (go climbing)", "Counted from 2 records:"]
    lines = lines[1:]
    assert lines[1].startswith("- we went climbing at the hall this morning (Sun 1 March) [1]")
    assert "Sam Reyes" not in "\n".join(lines[1:3])


def test_what_one_read_is_not_what_a_shop_mailed(store: Store) -> None:
    """A newsletter's "reading night" and a delivery's "Enjoy reading!" are no books read (a
    machine's mail counts for buying only); a note's book is named by the title that follows
    the act, not by the next name in the note."""
    records = [
        Record(id="m:1", source="mbox", kind="email", title="Kiezbuch in March: reading night",
               text="Dear readers, a reading night with new books on Thursday.",
               timestamp=datetime(2026, 3, 2, 9, tzinfo=CET), author="Kiezbuch <newsletter@kiezbuch.example>"),
        Record(id="m:2", source="mbox", kind="email", title="Delivered: your order BX-51877",
               text="Your book Hiroshima was delivered today. Enjoy reading!",
               timestamp=datetime(2026, 3, 15, 9, tzinfo=CET), author="Bookshop <orders@bookshop.example>"),
        Record(id="n:1", source="files", kind="note", title="march-28",
               text="Picked up **Kitchen** at Kiezbuch, my second book this month. Evening: read the first half "
                    "of *Kitchen* on the sofa.\n\nTo do next week: JR Pass, Kyoto ryokan.",
               timestamp=datetime(2026, 3, 28, 20, tzinfo=CET)),
    ]
    from ingest.chunking import split_record

    store.write([(r, split_record(r)) for r in records])
    store.sync_vectors(HashEmbedder())
    answerer = Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))
    lines = answerer.ask("How many books did I read in March?", now=datetime(2026, 6, 1)).text.splitlines()
    assert lines[:2] == ["1 book in March", "Counted from 1 record:"], lines
    lines = lines[1:]
    assert lines[1].startswith("- Kitchen (Sat 28 March)")
    bought = answerer.ask("How many books did I buy in March?", now=datetime(2026, 6, 1))
    assert [h.record_id for h in bought.citations] == ["m:2"]  # the shop's mail is evidence of buying


def test_a_count_with_someone_counts_only_what_they_were_part_of(store: Store) -> None:
    """A diary that names Jonas for the evening does not make its morning climb one with Jonas;
    and an activity nothing with Jonas names at all is "nothing found", not the nearest quotes."""
    records = [
        Record(id="c:1", source="whatsapp", kind="message", title="Jonas Weber", author="Jonas Weber",
               participants=("Jonas Weber", "Maya Berg"), text="went running along the canal, great idea. same time Sunday?",
               timestamp=datetime(2026, 3, 1, 20, tzinfo=CET)),
        Record(id="c:2", source="whatsapp", kind="message", title="Jonas Weber", author="Jonas Weber",
               participants=("Jonas Weber", "Maya Berg"), text="I'll bring the dal tonight",
               timestamp=datetime(2026, 3, 3, 18, tzinfo=CET)),
        Record(id="n:1", source="files", kind="note", title="Tuesday",
               text="Went climbing at the hall with Lena in the morning. In the evening Jonas came over with dal.",
               timestamp=datetime(2026, 3, 3, 22, tzinfo=CET)),
        Record(id="n:2", source="files", kind="note", title="Thursday",
               text="Went climbing again, alone this time.", timestamp=datetime(2026, 3, 5, 22, tzinfo=CET)),
    ]
    from ingest.chunking import split_record

    store.write([(r, split_record(r)) for r in records])
    store.catalog.people.rebuild()
    store.sync_vectors(HashEmbedder())
    answerer = Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))
    now = datetime(2026, 6, 1)
    assert answerer.ask("How many times did Jonas and I go climbing?", now=now).answer == NOTHING_FOUND
    assert answerer.ask("How many times did I go climbing?", now=now).answer.startswith("2 times (go climbing)")
    ran = answerer.ask("How often did I go running with Jonas?", now=now)
    assert ran.answer.startswith("1 time (go running)"), ran.answer
    assert [h.record_id for h in ran.citations] == ["c:1"]


def test_a_name_inside_another_is_not_that_person(store: Store) -> None:
    """Counting with Lena is not counting with Magdalena (LIKE '%Lena%' finds both)."""
    records = [
        Record(id=f"c:{n}", source="whatsapp", kind="message", title="Magdalena Ruiz", author="Magdalena Ruiz",
               participants=("Magdalena Ruiz",), text="went running along the canal, same time tomorrow?",
               thread="whatsapp:magdalena", timestamp=datetime(2026, 3, n, 8, tzinfo=CET)) for n in (1, 8)
    ] + [Record(id="c:lena", source="telegram", kind="message", title="Lena Fischer", author="Lena Fischer",
                participants=("Lena Fischer",), text="see you Thursday", thread="telegram:lena",
                timestamp=datetime(2026, 3, 2, 8, tzinfo=CET))]
    from ingest.chunking import split_record

    store.write([(r, split_record(r)) for r in records])
    store.catalog.people.rebuild()
    store.sync_vectors(HashEmbedder())
    answerer = Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))
    answer = answerer.ask("How many times did Lena and I go running?", now=datetime(2026, 6, 1))
    assert answer.answer == NOTHING_FOUND, answer.answer


def test_an_activity_counts_the_times_it_was_done(store: Store) -> None:
    """"How often did I run in May?": the days a run is told of, once each however many records
    tell of it (a message, a diary's "yesterday", a trip's recap), not a plan, a habit, an idiom, a
    sign someone else wrote, and a run told of two days after the month is still May's."""
    def message(n: int, day: int, author: str, text: str) -> Record:
        return Record(id=f"c:{n}", source="whatsapp", kind="message", title="Lena Fischer", author=author,
                      participants=("Lena Fischer", "Maya Berg"), thread="whatsapp:lena", text=text,
                      timestamp=datetime(2026, 5, day, 8, tzinfo=CET))

    records = [
        rec(1, 6, "note", "Kyoto", "Tomorrow morning: run along the Kamo river before breakfast.", month=5),
        message(2, 6, "Maya Berg", "Out for the Kamo river run."),
        rec(3, 8, "note", "Nara", "Yesterday I did my Kamo river run (7 km, herons everywhere), and in the "
                                  "afternoon I looked at pottery. Running total of yen spent on deer crackers: 400.",
            month=5),
        rec(4, 16, "note", "Last day", "Kyoto (6–9 May): three nights at the ryokan, kaiseki dinner, Kamo river "
                                       "run, Ryoan-ji.", month=5),
        rec(5, 20, "note", "Pottery course", "Tuesday morning is a running day anyway.", month=5),
        rec(6, 22, "meeting", "Study planning", "Sorry, the finance call ran over.", month=5),
        message(7, 29, "Lena Fischer", 'Sign for the race is ready: "KOWALSKI IS BEHIND YOU, RUN MAYA"'),
        rec(8, 2, "note", "Pottery", "- Sunday (31 May) I ran the Frühlingslauf, 10 km in 53:40.", month=6),
        rec(9, 3, "note", "Pottery", "I ran to the studio in the rain, what a start.", month=6),
    ]
    from ingest.chunking import split_record

    store.write([(r, split_record(r)) for r in records])
    store.catalog.people.rebuild()
    store.sync_vectors(HashEmbedder())
    answerer = Answerer(Searcher(store, HashEmbedder(), SearchConfig(me="Maya Berg", min_similarity=0.1)))
    now = datetime(2026, 6, 20)
    for question in ("How often did I run in May?", "How many times did I go running in May?"):
        lines = answerer.ask(question, now=now).text.splitlines()
        assert lines[0].startswith("2 times") and lines[0].endswith("in May"), (question, lines)
        assert lines[2].startswith("- Out for the Kamo river run. (Wed 6 May) [1] [2] [3]"), lines
        assert lines[3].startswith("- Sunday (31 May) I ran the Frühlingslauf") and "(Sun 31 May)" in lines[3], lines


@pytest.mark.parametrize(("question", "activity"), [
    ("How many times did we go bouldering?", "boulder"), ("How often did I go running?", "run"),
    ("How many times did Anna go swimming?", "swim"), ("How often did we go hiking in May?", "hik"),
    ("How many times did I go skiing?", "ski"), ("How often did I go to the gym?", ""),
    ("How many books did I buy?", ""),
])
def test_the_activity_of_go_doing_is_what_a_record_must_say(question: str, activity: str) -> None:
    asked = read_count_question(question)
    assert asked is not None and asked.activity == activity


def _notes(store: Store, lines: list[tuple[int, int, str]], extra: tuple[Record, ...] = ()) -> Answerer:
    from ingest.chunking import split_record

    records = [Record(id=f"d:{n}", source="files", kind="note", title="Diary", text=text,
                      timestamp=datetime(2026, month, day, 20, tzinfo=CET))
               for n, (month, day, text) in enumerate(lines)] + list(extra)
    store.write([(r, split_record(r)) for r in records])
    store.catalog.people.rebuild()
    store.sync_vectors(HashEmbedder())
    return Answerer(Searcher(store, HashEmbedder(), SearchConfig(me="Maya Berg", min_similarity=0.1)))


def test_a_thing_bought_counts_whatever_else_its_line_says(store: Store) -> None:
    """"can't wait to start it" and "maybe my favourite" are no plans of buying: all three books."""
    answerer = _notes(store, [(4, 11, "Bought a book at the market stall: *Piranesi*, can't wait to start it."),
                              (4, 25, "Bought a book: *Kitchen* by Banana Yoshimoto, maybe my favourite cover ever.")],
                      (Record(id="m:1", source="mail", kind="email", title="Order confirmation AB-20001: Circe",
                              author="orders@bookshop.example", timestamp=datetime(2026, 4, 20, 9, tzinfo=CET),
                              text="Thanks for your order! 1 x Circe, a book (paperback). We will let you know."),))
    now = datetime(2026, 7, 20)
    assert answerer.ask("How many books did I buy in April?", now=now).answer == "3 books in April"
    assert answerer.ask("Which books did I buy in April?", now=now).answer == "Piranesi, Circe, Kitchen"


def test_a_run_is_told_whatever_follows_it(store: Store) -> None:
    """What a later clause says ("coffee later", "next to me", "every hill") is no plan or habit
    of the run; a plan or miss said of the run itself is."""
    answerer = _notes(store, [
        (5, 3, "Pouring rain, but I ran anyway."), (5, 6, "Ran 8 km by the river before work."),
        (5, 12, "I ran the 10k with Jonas, next to me the whole way."),
        (5, 15, "Ran 5 km, showered, coffee later with Lena."), (5, 18, "Ran the long loop - every hill hurt."),
        (5, 21, "Tomorrow: run along the canal."), (5, 24, "I never ran that week, too busy."),
    ])
    assert answerer.ask("How often did I run in May?", now=datetime(2026, 7, 20)).answer == "5 times (run) in May"


def test_a_run_counts_in_the_month_it_was_done(store: Store) -> None:
    """A run told of on 2 June as "Sunday (31 May)" is May's, not June's too; a note of the day of
    the race and its calendar entry are one run."""
    answerer = _notes(store, [(5, 20, "Ran 6 km in the park."),
                              (6, 2, "Sunday (31 May) I ran the Frühlingslauf, 10 km in 53:40."),
                              (6, 10, "Ran 7 km with Lena."), (5, 31, "I ran the Frühlingslauf on 31 May, 53:40!")],
                      (Record(id="e:1", source="calendar", kind="event", title="Frühlingslauf 10 km run",
                              text="Start 9:00 at the stadium, run 10 km.",
                              timestamp=datetime(2026, 5, 31, 9, tzinfo=CET)),))
    now = datetime(2026, 7, 20)
    assert answerer.ask("How often did I run in May?", now=now).answer == "2 times (run) in May"
    assert answerer.ask("How often did I run in June?", now=now).answer == "1 time (run) in June"


def test_a_list_of_purchases_counts_each_entry_on_its_own_day(store: Store) -> None:
    """A note written in May listing the year's books, each entry with the day it was bought,
    tells of one book in May, not of every book in it; and the trip's recap naming the same
    book a week later is the same purchase."""
    from ingest.chunking import split_record

    records = [
        rec(1, 17, "note", "Books bought in 2026", "# Books I bought this year\n\n## March (1)\n"
            "- **Kitchen**, Banana Yoshimoto. Ordered at Kiezbuch on 16 March, 14 EUR.\n\n## April (1)\n"
            "- **The Book of Tea**, Kakuzō Okakura. Bought at Kiezbuch on 4 April, 9 EUR.\n\n## May (1)\n"
            "- **Strange Weather in Tokyo**, Hiromi Kawakami. Bought at Kinokuniya in Shinjuku on 4 May.\n",
            month=5),
        rec(2, 4, "note", "Tokyo: Shinjuku and my one book",
            "At Kinokuniya I bought Strange Weather in Tokyo by Hiromi Kawakami.", month=5),
        rec(3, 16, "note", "Last day: recap", "- Cities: Tokyo, Kyoto\n"
            "- Books bought: one (*Strange Weather in Tokyo*, Kinokuniya)\n", month=5),
    ]
    store.write([(r, split_record(r)) for r in records])
    store.sync_vectors(HashEmbedder())
    answerer = Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))
    lines = answerer.ask("How many books did I buy in May?", now=datetime(2026, 6, 20)).text.splitlines()
    assert lines[0] == "1 book in May", "\n".join(lines)
    assert lines[2].startswith("- Strange Weather in Tokyo (Mon 4 May) [1] [2] [3]"), "\n".join(lines)


def test_a_book_is_counted_once_however_it_is_told(store: Store) -> None:
    """The shop's order mail, the list entry of the year's books ("picked up on 7 February", its
    head the title), a newsletter's "you can order any book" and a route plan's "(Tom's orders)"
    next to a book it mentions: one book bought."""
    from ingest.chunking import split_record

    shop = "Buchhandlung Kiezbuch <info@kiezbuch.example>"
    records = [
        Record(id="m:1", source="mbox", kind="email", title="Order confirmation: Braiding Sweetgrass (Robin Wall Kimmerer)",
               text="Thank you for your order of the book Braiding Sweetgrass.", author=shop,
               timestamp=datetime(2026, 2, 5, 10, tzinfo=CET)),
        Record(id="m:2", source="mbox", kind="email", title="Kiezbuch in March: reading night",
               text="As always, you can order any book by email and pick it up the next day.",
               author="Kiezbuch Newsletter <newsletter@kiezbuch.example>", timestamp=datetime(2026, 2, 20, 10, tzinfo=CET)),
        rec(3, 15, "note", "Japan trip – route plan", "- Kinokuniya in Shinjuku (one book, only one)\n"
            "- okonomiyaki comparison Hiroshima vs Osaka (Tom's orders)", month=3),
        rec(4, 17, "note", "Books bought in 2026", "## February (1)\n- **Braiding Sweetgrass**, Robin Wall Kimmerer. "
            "Ordered by email at Buchhandlung Kiezbuch, picked up on 7 February, 18 EUR.\n"
            "- **Kitchen**, Banana Yoshimoto. Ordered at Kiezbuch on 16 March.\n", month=5),
    ]
    store.write([(r, split_record(r)) for r in records])
    store.sync_vectors(HashEmbedder())
    answerer = Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))
    lines = answerer.ask("How many books did I buy until March?", now=datetime(2026, 6, 20)).text.splitlines()
    text = "\n".join(lines)
    assert lines[0].startswith("2 books"), text  # Braiding Sweetgrass and Kitchen
    assert "Braiding Sweetgrass" in lines[2] and "[1] [2]" in lines[2], text  # the mail and the list entry
    assert "reading night" not in text and "route plan" not in text and "Tom" not in text, text


@pytest.mark.parametrize(("texts", "first_line"), [
    # One list entry of the thing among other errands; a packing list's one book.
    (["- bought the book Piranesi at Kiezbuch\n- bought milk and eggs\n"], "1 book in April"),
    (["Books for the trip:\n- Kindle (bought new)\n- the book Kitchen, bought last week\n- passport\n"], "1 book in April"),
    # A receipt of titles: its bookmark is none; two books of one day are two.
    (["Bought at Kiezbuch today:\n- *Piranesi* (book), bought 14 EUR\n- *Circe* (book), bought 12 EUR\n"
      "- a bookmark, bought 2 EUR\n"], "2 books in April"),
    # Names that only contain each other, and one shop twice, are different books.
    (["Bought the book The Book of Tea at Kiezbuch.", "Bought the book The Book of Tea Ceremony at Dussmann."],
     "2 books in April"),
    (["On the way back I bought a book at Hamburg Hauptbahnhof.",
      "Bought another book at Hamburg Hauptbahnhof, a thriller for the train."], "2 books in April"),
    # Told with a pronoun; "you could say" is no one's act but the writer's.
    (["Frau Okafor recommended a book by a Japanese author. I bought it on the spot."], "1 book in April"),
    (["You could say I splurged: bought three books at Kiezbuch today."], "1 book in April"),
    # A purchase to come, a task, someone else's, buying as such, an app's feature: none of mine.
    (["Bought the book Piranesi at Kiezbuch.", "We'll buy the book Circe at the station tomorrow."],
     "1 book in April"),
    (["Bought the book Piranesi at Kiezbuch.", "Tasks: pack, buy a book for the train, call Mum."],
     "1 book in April"),
    (["Bought the book Piranesi at Kiezbuch.", "At the book club 10 of 12 bought the book Circe."],
     "1 book in April"),
    (["Bought the book Piranesi at Kiezbuch.", "Buying a book at Kiezbuch takes an hour of talking."],
     "1 book in April"),
    (["Bought the book Piranesi at Kiezbuch.", "The shop's app: book search, book purchase, reviews."],
     "1 book in April"),
    (["Bought the book Piranesi at Kiezbuch.", "My book order from bookshop.example arrived: Circe."],
     "2 books in April"),
    # ... but an order placed, a purchase made, a book one ended up buying are.
    (["Bought the book Piranesi at Kiezbuch.", 'Placed an order for "Stoner" (a book) at bookshop.example.'],
     "2 books in April"),
    (["Bought the book Piranesi at Kiezbuch.", 'I made a purchase at Dussmann today: the book "Circe".'],
     "2 books in April"),
    (["Bought the book Piranesi at Kiezbuch.", 'Ended up buying the book "Circe" after all.'], "2 books in April"),
    (["Bought the book Piranesi at Kiezbuch.", 'Thinking about buying the book "Circe".'], "1 book in April"),
    (["Bought the book Piranesi at Kiezbuch.", 'I love buying books like "Circe" at Dussmann.'], "1 book in April"),
    (["Bought the book Piranesi at Kiezbuch.", 'Jonas is buying the book "Circe" for the trip.'], "1 book in April"),
    (["Bought the book Piranesi at Kiezbuch.", 'I was buying the book "Circe" when Jonas called.'],
     "2 books in April"),
    # Who bought it: someone named before the act is not me; "Lena and I" is.
    (["Bought the book Piranesi at Kiezbuch.", 'Lena bought two books at Dussmann, "Circe" and "Stoner".'],
     "1 book in April"),
    (["Bought the book Piranesi at Kiezbuch.", 'Jonas and Lena also bought the book "Circe".'], "1 book in April"),
    (["Bought the book Piranesi at Kiezbuch.", 'Lena and I bought the book "Circe" at Dussmann.'],
     "2 books in April"),
    (["Bought the book Piranesi at Kiezbuch.", 'Yesterday bought the book "Circe" at Dussmann.'],
     "2 books in April"),
    (["Bought the book Piranesi at Kiezbuch.", 'Spontaneously bought the book "Circe" at Dussmann.'],
     "2 books in April"),
])
def test_what_counts_as_a_book_bought(store: Store, texts: list[str], first_line: str) -> None:
    from ingest.chunking import split_record

    records = [rec(n, 5 + 10 * n, "note", "Saturday", text) for n, text in enumerate(texts)]
    store.write([(r, split_record(r)) for r in records])
    store.sync_vectors(HashEmbedder())
    answerer = Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))
    lines = answerer.ask("How many books did I buy in April?", now=datetime(2026, 6, 20)).text.splitlines()
    assert lines[0] == first_line, "\n".join(lines)


def test_a_list_written_later_counts_for_the_days_it_names(store: Store) -> None:
    """"Books bought in 2026", written in May, tells of March's books; a note written in May of
    one book bought then does not count for March."""
    from ingest.chunking import split_record

    records = [
        rec(1, 17, "note", "Books bought in 2026",
            "- **Kitchen**, Banana Yoshimoto. Ordered at Kiezbuch on 16 March, 14 EUR.\n"
            "- **Just Enough Research**, Erika Hall. Ordered on 3 March from bookshop.example.\n"
            "- **The Book of Tea**, Kakuzō Okakura. Bought at Kiezbuch on 4 April, 9 EUR.\n", month=5),
        rec(2, 18, "note", "Sunday", "Bought the book Piranesi at Kiezbuch.", month=5),
    ]
    store.write([(r, split_record(r)) for r in records])
    store.sync_vectors(HashEmbedder())
    answerer = Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))
    answer = answerer.ask("How many books did I buy in March?", now=datetime(2026, 6, 20))
    assert answer.answer == "2 books in March", answer.text
    assert "Piranesi" not in answer.text and "Book of Tea" not in answer.text
    answer = answerer.ask("How many books did I buy since April?", now=datetime(2026, 6, 20))
    assert answer.answer == "2 books since April", answer.text  # The Book of Tea, Piranesi


def test_the_owner_named_before_a_purchase_made_it(store: Store) -> None:
    """"Maya bought" in the owner's own records is the owner's purchase; "Lena bought" is not."""
    from ingest.chunking import split_record

    records = [
        rec(1, 4, "note", "Saturday", "Bought the book Piranesi at Kiezbuch."),
        rec(2, 11, "note", "Saturday", 'Maya bought the book "Circe" at Dussmann.'),
        rec(3, 18, "note", "Saturday", 'Lena bought the book "Stoner" at Dussmann.'),
        Record(id="c:1", source="whatsapp", kind="message", title="Lena Fischer", author="Maya Berg",
               participants=("Lena Fischer", "Maya Berg"), thread="whatsapp:lena", text="see you at the shop",
               timestamp=datetime(2026, 4, 18, 9, tzinfo=CET)),
    ]
    store.write([(r, split_record(r)) for r in records])
    store.catalog.people.rebuild()
    store.sync_vectors(HashEmbedder())
    answerer = Answerer(Searcher(store, HashEmbedder(), SearchConfig(me="Maya Berg", min_similarity=0.1)))
    answer = answerer.ask("How many books did I buy in April?", now=datetime(2026, 6, 20))
    assert answer.answer == "2 books in April", answer.text
    assert "Circe" in answer.text and "Stoner" not in answer.text, answer.text
