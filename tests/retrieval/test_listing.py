"""List questions answered from the catalog: candidates in scope, decided by rule, items listed with dates, all cited."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ingest import Ingester
from ingest.chunking import split_record
from retrieval import Answerer, Searcher
from retrieval.answer import short_answer
from retrieval.listing import read_list_question
from retrieval.search import Ranked
from twin.config import SearchConfig
from twin.models.embedder import HashEmbedder
from twin.plugins import Registry
from twin.schema import Hit, Record
from twin.store import Store

from ..conftest import write

CET = timezone(timedelta(hours=2))


def rec(n: int, month: int, day: int, kind: str, title: str, text: str, *, end: int | None = None,
        author: str = "", participants: tuple[str, ...] = ()) -> Record:
    start = datetime(2026, month, day, 12, tzinfo=CET)
    return Record(id=f"t:{n}", source="test", kind=kind, timestamp=start, title=title, text=text,
                  end=start + timedelta(days=end) if end else None, author=author, participants=participants)


@pytest.fixture
def answerer(store: Store) -> Answerer:
    records = [
        rec(1, 5, 2, "event", "Portugal with Sam", "Lisbon 2-5 May, day trip to Sintra 4 May, Porto 5-9 May.", end=8),
        rec(2, 5, 3, "note", "Lisbon, day 1", "Walked up to the castle and went for pastéis de nata in Belém."),
        rec(3, 5, 4, "note", "Day trip to Sintra", "Pena Palace in the fog. Went back to Lisbon by train."),
        rec(4, 5, 6, "note", "Porto", "Rain, port cellars, Livraria Lello was closed. We went along the river."),
        rec(5, 5, 9, "note", "Trip recap", "## Where we went\n\n1. **Lisbon** (2-5 May): castle, Alfama\n"
            "2. **Sintra** (4 May): day trip\n3. **Porto** (5-9 May): cellars, river\n\n"
            "## Numbers\n\n- Train pass: 40 EUR\n- Pastries eaten: many"),
        rec(6, 3, 14, "note", "Climbing with Anna", "Route of the day:\n\n- Kletterhalle Nord, warm-up\n"
            "- Boulderwelt West, the hard one\n\nAnna sent the photos later."),
        rec(7, 3, 20, "message", "Anna", "We went to Boulderwelt West again, my arms are gone", author="Anna Vogel",
            participants=("Anna Vogel", "Me")),
        rec(8, 4, 1, "email", "Order confirmation", "You ordered: The Overstory. Your book ships tomorrow."),
        rec(9, 4, 12, "note", "Sunday", "Bought a book at the market: *Piranesi* by Susanna Clarke."),
    ]
    store.write([(r, split_record(r)) for r in records])
    store.catalog.people.rebuild()
    store.sync_vectors(HashEmbedder())
    return Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))


def test_cities_of_a_trip_from_its_event_span(answerer: Answerer) -> None:
    answer = answerer.ask("Which cities did I visit in Portugal?", now=datetime(2026, 6, 1))
    head, named, *lines = answer.text.splitlines()
    assert head == answer.answer == "Lisbon, Sintra, Porto", answer.text
    assert named.startswith("3 cities, named in ")
    assert lines[0].startswith("- Lisbon (Sun 3 May 2026) [1]")
    assert "Numbers" not in answer.text and "Train" not in answer.text  # a list the act does not introduce
    assert "Sam" not in head  # people are no items
    recap = next(n for n, hit in enumerate(answer.citations, 1) if hit.title == "Trip recap")
    assert all(f"[{recap}]" in line for line in lines)  # every deciding record cited
    assert {hit.record_id for hit in answer.citations} <= {f"t:{n}" for n in range(1, 6)}


def test_a_place_the_trip_only_mentions_is_no_scope_for_the_whole_trip(answerer: Answerer) -> None:
    # The event "Portugal with Sam" mentions Sintra: its span is the scope, but the notes of
    # Lisbon and Porto are no places in Sintra.
    answer = answerer.ask("Which places did I visit in Sintra?", now=datetime(2026, 6, 1))
    head = answer.answer.splitlines()[0]
    assert "Lisbon" not in head and "Porto" not in head, answer.answer
    assert "places, named in" not in answer.text


def test_with_a_person_keeps_to_records_of_them(answerer: Answerer) -> None:
    answer = answerer.ask("Which climbing gyms did I go to with Anna?", now=datetime(2026, 6, 1))
    assert answer.answer == "Boulderwelt West, Kletterhalle Nord", answer.text
    assert answer.quotes.startswith("2 climbing gyms, named in")
    assert {hit.record_id for hit in answer.citations} == {"t:6", "t:7"}


def test_an_item_is_dated_by_the_record_that_tells_it_not_by_a_plan(store: Store) -> None:
    """A chat line planning the route weeks before names the places too; each place is dated by
    the hike's note, whose list says where they went."""
    records = [
        rec(1, 2, 24, "message", "Lena", "Plan for the hike: Rathen, up to the Bastei, then the Amselsee",
            author="Lena Fischer", participants=("Lena Fischer", "Me")),
        rec(2, 3, 21, "note", "Hike with Lena", "Lena and I finally did it.\n\n## Where we hiked\n\n"
            "- Rathen, the ferry over the Elbe\n- Bastei, the bridge\n- Amselsee, around the lake\n"),
        # A recap weeks later is no first time either.
        rec(3, 4, 30, "note", "Spring with Lena", "## Where we hiked\n\n- Rathen\n- Bastei\n- Amselsee\n"),
    ]
    store.write([(r, split_record(r)) for r in records])
    store.catalog.people.rebuild()
    store.sync_vectors(HashEmbedder())
    answerer = Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))
    answer = answerer.ask("Which places did I hike through with Lena?", now=datetime(2026, 6, 1))
    lines = [line for line in answer.text.splitlines() if line.startswith("- ")]
    assert [line.split(" (")[0] for line in lines] == ["- Rathen", "- Bastei", "- Amselsee"], answer.text
    assert all("(Sat 21 March 2026)" in line for line in lines), answer.text


def test_a_possessive_word_is_no_item(store: Store) -> None:
    """Three booking mails starting "Your booking is confirmed." named "Your" as the hotel booked."""
    records = [rec(n, 4, 9, "email", f"Booking confirmed: {hotel}",
                   f"Your booking is confirmed.\n\n{hotel}, {city}\nCheck-in: Saturday 9 May 2026")
               for n, (hotel, city) in enumerate([("Hotel Seto Station", "Hiroshima"), ("Hotel Namba Garden", "Osaka"),
                                                  ("Shimokita Small Hotel", "Tokyo")], 1)]
    store.write([(r, split_record(r)) for r in records])
    store.catalog.people.rebuild()
    store.sync_vectors(HashEmbedder())
    answerer = Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))
    answer = answerer.ask("Which hotels did I book on 9 April?", now=datetime(2026, 6, 1))
    assert not answer.answer.startswith("Your"), answer.text


def test_things_bought_are_listed_as_counted_events(answerer: Answerer) -> None:
    answer = answerer.ask("Which books did I buy in April?", now=datetime(2026, 6, 1))
    assert answer.answer == "The Overstory, Piranesi", answer.text
    assert answer.quotes.startswith("2 books, named in")


def test_things_bought_at_any_time_are_the_purchases_not_the_notes_titles(store: Store) -> None:
    """"What books did I buy?" without a time: the purchases, not the places a note about one is
    titled by ("Tokyo: Shinjuku and my one book")."""
    records = [
        rec(1, 5, 4, "note", "Tokyo: Shinjuku and my one book",
            "At Kinokuniya in Shinjuku I bought **Strange Weather in Tokyo** by Hiromi Kawakami."),
        rec(2, 4, 11, "email", "Order confirmation: Hiroshima", "You ordered the book Hiroshima by John Hersey.",
            author="bookshop.example <orders@bookshop.example>"),
    ]
    store.write([(r, split_record(r)) for r in records])
    store.sync_vectors(HashEmbedder())
    answerer = Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))
    answer = answerer.ask("What books did I buy?", now=datetime(2026, 6, 1))
    assert answer.answer == "Hiroshima, Strange Weather in Tokyo", answer.text


def test_things_bought_at_a_shop_asked_are_those_its_records_tell(store: Store) -> None:
    """"Which books did I buy at Kiezbuch?" listed all seven: the shop is a scope, told by its
    mail or a line "Ordered at Kiezbuch" (its newsletter makes it a name the people table has)."""
    kiezbuch = "Buchhandlung Kiezbuch <info@kiezbuch.example>"
    records = [
        rec(1, 2, 5, "email", "Order confirmation: Braiding Sweetgrass", "You ordered the book Braiding Sweetgrass.",
            author=kiezbuch),
        rec(2, 5, 17, "note", "Books bought in 2026", "- **Kitchen**, Banana Yoshimoto. Bought at Kiezbuch on 16 March,"
            " 14 EUR.\n- **Piranesi**, Susanna Clarke. Bought at the station on 2 April, 12 EUR."),
        rec(3, 4, 11, "email", "Order confirmation: Hiroshima", "You ordered the book Hiroshima by John Hersey.",
            author="bookshop.example <orders@bookshop.example>"),
        rec(4, 4, 20, "email", "Kiezbuch Newsletter: April", "Our favourite books this spring.",
            author="Kiezbuch Newsletter <news@kiezbuch.example>", participants=("Maya Berg <maya@example.org>",)),
    ]
    store.write([(r, split_record(r)) for r in records])
    store.catalog.people.rebuild()
    store.sync_vectors(HashEmbedder())
    answerer = Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))
    listed = answerer.ask("Which books did I buy at Kiezbuch?", now=datetime(2026, 6, 1))
    assert listed.answer == "Braiding Sweetgrass, Kitchen", listed.text
    counted = answerer.ask("How many books did I buy from bookshop.example?", now=datetime(2026, 6, 1))
    assert counted.answer == "1 book", counted.text
    assert answerer.ask("How many books did I buy?", now=datetime(2026, 6, 1)).answer == "4 books"


def test_nothing_decided_falls_back_to_the_normal_answer(answerer: Answerer) -> None:
    answer = answerer.ask("Which restaurants did I go to with Anna?", now=datetime(2026, 6, 1))
    assert "restaurants, named in" not in answer.text
    # Notes about a trip name its cities; no record says "restaurant", so they are no restaurants.
    sam = answerer.ask("Which restaurants did I go to in Portugal?", now=datetime(2026, 6, 1))
    assert "restaurants, named in" not in sam.text and "Lisbon, Sintra" not in sam.answer, sam.text


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("Which cities did I visit in Japan?", ("cities", "visit", "in Japan")),
        ("Which climbing gyms did Nora and Sam go to together?", ("climbing gyms", "go", "to together")),
        ("List the restaurants I went to with Anna", ("restaurants", "went", "to with Anna")),
        ("What books has Melanie read?", ("books", "read", "")),
        ("Which city did Sam book flights to in March?", None),  # one, not a list
        ("What did Sam say about Rome?", None),
        ("What does Jonas do for work?", None),  # "does Jonas" is no plural thing (it listed Japan's cities)
    ],
)
def test_reading_list_questions(question: str, parts: tuple[str, str, str] | None) -> None:
    read = read_list_question(question)
    assert (None if read is None else (read.thing, read.act, read.rest)) == parts


def _hit(day: int) -> Hit:
    return Hit("", 1.0, "r", "r#0", "s", "message", datetime(2025, 3, day, 12, tzinfo=CET), "Chat", (), "")


@pytest.mark.parametrize(
    ("question", "quote", "short"),
    [
        # "When": the day the quote names, as of the quote's day (Sunday 23 March 2025); its date
        # for "when was/did", with its weekday for a day to come ("when is").
        ("When was the premiere?", "Sam Reyes (12:00): the premiere is on 4 April, come!", "4 April 2025"),
        ("When is the premiere?", "Sam Reyes (12:00): the premiere is on 4 April, come!", "Friday 4 April 2025"),
        ("When was the premiere?", "Sam Reyes (12:00): premiere was on Friday btw!", "21 March 2025"),
        ("When was the premiere?", "Sam Reyes (12:00): premiere went great", ""),  # its own date is no answer
        ("When did the contract come?", "Sam Reyes (12:00): the contract came today", ""),  # nor is "today"
        ("When did Sam start?", "Sam Reyes (12:00): I start on the 1st of August", "1 August 2025"),  # nearest
        # A feast with no year: the one the line points to, on that year's day (Easter 2025 is 20 April).
        ("When is the concert?", "Sam Reyes (12:00): the choir sings at Easter", "18 April 2025 – 21 April 2025"),
        ("When was the concert?", "Sam Reyes (12:00): the choir sang at Easter", "29 March 2024 – 1 April 2024"),
        # The tense of the clause that names it: "was" about a price does not make May past.
        ("When is the study?", "Sam Reyes (12:00): 10,500 (was 14,000), 12 people, 19–21 May at the lab",
         "19 May 2025 – 21 May 2025"),
        ("When is the stag weekend?", "Sam: confirmed: Kraków, 18th to 20th of July", "18 July 2025 – 20 July 2025"),
        ("How many pupils went on the trip?", "26 pupils, two teachers and one very tired bus driver", "26 pupils"),
        ("How many days was Sam away?", "Nora (08:15): 26 kids and I leave at 8", ""),  # no count of days
        ("How much did the sofa cost?", "the sofa was 450 EUR, the chair 30", "450 EUR"),
        # How much a sum changed: the difference and what it went between, not the old sum.
        ("How much does my rent go up?", "goes up from 980 EUR to 1,040 EUR a month. That's 60 EUR more a month",
         "60 EUR more a month (from 980 EUR to 1,040 EUR)"),
        # ... in the time it is asked per, when the line tells it so.
        ("How much more rent will I pay per year?", "That's 60 EUR more a month, about 6%, 720 EUR a year.",
         "720 EUR a year"),
        ("How much more will I pay annually?", "That's 60 EUR more a month, about 6%, 720 EUR a year.",
         "720 EUR a year"),
        ("How much does my rent go up each month?", "That's 60 EUR more a month, about 6%, 720 EUR a year.",
         "60 EUR more a month"),
        ("How much more rent will I pay this year?", "That's 60 EUR more a month, about 6%, 720 EUR a year.",
         "60 EUR more a month"),  # this year is no "per year"
        ("How much was the budget cut?", "the Q2 budget is cut from 40,000 EUR to 32,000 EUR.",
         "from 40,000 EUR to 32,000 EUR"),
        ("How much did the ticket go up?", "the ticket went up by €15 a month", "€15 a month"),
        ("How much does the rent cost?", "the rent goes up from 980 EUR to 1,040 EUR", "980 EUR"),
        # A price wants money: not the day of a date, nor a count of evenings.
        ("How much does the pottery course cost?", "Payment by bank transfer by 27 May.", ""),
        ("How much does the course cost?", "8 Tuesday evenings, 320 EUR including clay", "320 EUR"),
        ("How much did Pixel weigh?", "the vet says 4.5 now, on 3 March", "4.5"),
        ("How much did I pay for the tickets?", "Paid on Saturday 45 EUR for the tickets", "45 EUR"),
        ("How many people came to the party?", "On Saturday 12 people came to the party", "12 people"),
        ("How long did the run take?", "ran 21 km in 2 hours and 5 minutes", "2 hours 5 minutes"),
        # A time taken as a clock reads it; a moment ("at 16:12") is none.
        ("How long did the race take me?", "Kreuzberger Frühlingslauf 2026 – 10 km. Net time: 53:40", "53:40"),
        ("What was Sam's finishing time in the half marathon?", "finished!! 1:54:12, legs are gone", "1:54:12"),
        ("What was my time in the race?", "10 km in 53:40, goal reached", "53:40"),
        ("How long was the train ride?", "we left at 16:12 and arrived at 17:25", ""),
        ("How long was the layover in Helsinki?", "HEL 17:20 → HND 08:55 (+1 day, Sunday 3 May)", ""),  # a shift
        ("How long is the flight?", "Departure time: 10:05, arrival 13:25", ""),
        ("How long did the meeting take?", "Meeting in 10:30 room B", ""),
        ("Where did Sam watch the fireworks?", "we watched the fireworks from the roof in Neukölln", "Neukölln"),
        ("Where did Biscuit hide?", "she spent the whole night hiding in the bathtub", "in the bathtub"),
        # A place in common words is said whole: its name after it, or the thing near it; no day.
        ("Where did I buy the Polaroid for Tom?",
         "the old Polaroid SX-70 I found at the flea market on Boxhagener Platz, plus two packs of film",
         "at the flea market on Boxhagener Platz"),
        ("Where did we eat?", "we ate at the little ramen shop near the station", "at the little ramen shop near the station"),
        ("Where did we eat?", "we ate at the market on Saturday and it was great", "at the market"),
        # Nor a time after it, nor whose; the first place said is the place of the act.
        ("Where did I buy it?", "at the flea market last Sunday", "at the flea market"),
        ("Where did I read?", "Read Kitchen in the bathtub last night.", "in the bathtub"),
        ("Where did we eat?", "in the hotel restaurant on Jonas's recommendation", "in the hotel restaurant"),
        ("Where did we have lunch?", "We had lunch at the market, then a long walk in Dotonbori.", "at the market"),
        # A clock time of what is asked; a day named counts as asked; a recording's offset is no time.
        ("What time is my run on Tuesday?", "Tuesday and Thursday: 5–6 km at 6:45 before work; Sunday: long run",
         "6:45"),
        ("What time did the diary study start?", "[01:42] Priya Nair: Then the diary study can start on 8 June", ""),
        # A name after "on", "in", "at" is a place the gazetteer need not know.
        ("Where was Freya's wedding ceremony held?",
         "wedding recap: the ceremony was on Styrsö, a tiny island, we took the ferry in our dresses", "Styrsö"),
        ("Where did we go hiking?", "When: Saturday 21 March 2026, 06:38 (Europe/Berlin)", ""),  # a zone, no place
        ("Where did we meet?", "Jonas said hi first", ""),  # a name is no place
        ("Which city is the office in?", "office hours are in (Europe/Berlin) time", ""),  # a zone, no city
        ("Who did Nora go climbing with?", "Nora Lindqvist (18:00): went climbing in Plagwitz with Mattis", "Mattis"),
        ("Who did Nora go climbing with?", "Nora Lindqvist (18:00): went climbing in Plagwitz", ""),  # no company
        ("What game did they play?", "we played charades until 3", "charades"),  # what the act was done to
        ("What game did they play?", "we were up until 3", ""),  # no name in the line, no act
        # One thing by its name: a title, a name, a quoted one; not the question's words nor a month.
        ("Which book did Nora propose for January?", "shall we do Klara and the Sun for January?",
         "Klara and the Sun"),
        ("Which song did Lola sing?", "she sang My Way and everyone cried", "My Way"),
        # "I've" of a message read on from the last, a holiday: no names of a thing.
        ("Which marathon did Nora run?", "the half was enough I've never been so tired", ""),
        ("What breed is Pixel?", "Pixel's costume for Halloween lasted 4 seconds", ""),
        ("What is the podcast Sam edits called?", 'the podcast is called "Cold Files", true crime', "Cold Files"),
        ("What race had Sam signed up for?", "mine is the half marathon in Berlin in April.", ""),  # a city is no race
        ("Which race had Sam signed up for?", "mine is the Berlin Half in April.", "Berlin Half"),
        ("Which city did Sam book flights to?", "guess who just booked flights to Lisbon", "Lisbon"),
        ("What time did the train leave?", "ICE on Friday at 16:12, arriving 17:25", "16:12"),
        # When something ends or arrives: the time it arrives, else the end of the span.
        ("What time did the train arrive?", "ICE on Friday at 16:12, arriving 17:25", "17:25"),
        ("what time does pottery finish", "Next seven Tuesdays, 19:00 to 21:30, until 21 July.", "21:30"),
        ("What time does the course end?", "8 Tuesday evenings, 19:00–21:30, from 2 June", "21:30"),
        ("What time does the course start?", "8 Tuesday evenings, 19:00–21:30, from 2 June", "19:00"),
        ("What time did we get back to Berlin?", "Helsinki (HEL) 17:55 → Berlin (BER) 19:05", "19:05"),
        ("What time did the party end?", "the party starts at 20:00, bring a salad", ""),  # no end told
        ("What time did the party end?", "the party finally ended at 2:30", "2:30"),
        ("What time did we land in Tokyo?", "Landed at Haneda at 08:55 after a night of bad films", "08:55"),
        ("what time do we land in tokyo",  # the flight home: it ends in Berlin
         "When: Saturday 16 May 2026, 10:40 (Asia/Tokyo) to Saturday 16 May 2026, 19:05 (Europe/Berlin)", ""),
        ("what time do we land in tokyo",
         "When: Saturday 2 May 2026, 10:05 (Europe/Berlin) to Sunday 3 May 2026, 08:55 (Asia/Tokyo)", "08:55"),
        ("Which cities did Sam visit?", "the train to Porto, then Lisbon", ""),  # a list: its own answer
        ("What kind of music was it?", "a fado bar in Alfama", ""),  # a kind is no name
        ("What season was it when the car broke?", "my car Ingrid wouldn't start", ""),  # nor a season
        ("What time is the dentist?", "Dentist on 14.03 at 9:30", "9:30"),  # hh:mm, not a date or price
        ("Which city was the wedding in?", "Anna and Ben looked so happy in Porto", "Porto"),  # a place first
        ("What dish did Ines cook?", "Ines cooked a fish soup at Tom's party", "a fish soup"),  # what was cooked
        ("What dish did Ines cook?", "Ines was at Tom's party", ""),  # whose is not what
        ("Which project did Anna move to?", "From April Anna moves to Project Atlas", "Project Atlas"),
        ("What exactly did Anna promise?", "Anna promised Jonas the slides", ""),  # no thing asked
        ("What was I called about?", "The Sparkasse called about the overdraft", ""),  # phoned
        ("Which flight did I book?", "Flight LH 123 Berlin to Oslo", ""),  # a code, not a name
        # A price is the total, unless a part is asked ("per night", "the deposit").
        ("How much was the ryokan?", "¥46,000 per night for the two of us, ¥138,000 in total.", "¥138,000"),
        ("How much was the ryokan per night?", "¥46,000 per night for the two of us, ¥138,000 in total.",
         "¥46,000"),
        ("How much did the flights cost?", "around 690 EUR each, 1,380 EUR for both of us", "1,380 EUR"),
        ("How much was the hotel?", "Rate: ¥46,000 per night for two guests, total ¥138,000", "¥138,000"),
        ("How much was the deposit?", "Deposit: ¥30,000, the balance of ¥108,000 on site", "¥30,000"),
        ("how much did i still have to pay at the ryokan", "Deposit: ¥30,000, the balance of ¥108,000 on site",
         "¥108,000"),
        ("How much do I still owe?", "paid 200 EUR today, 120 EUR still to pay in May", "120 EUR"),
        ("How much did I still have to pay?", "Paid a deposit of ¥30,000, the rest on site.", ""),  # paid, not left
        ("How much did I pay before I left?", "paid 40 EUR for the taxi, the rest on the card", "40 EUR"),  # "left": went
        # A line labelled by the thing asked gives its value.
        ("Who is my pottery teacher?", "The course: Studio Tonhaus; Teacher: Ulrike Haas; 8 Tuesdays", "Ulrike Haas"),
        ("Who is my landlord?", "Landlord: **Dieter Kowalski**, Wiener Straße 12", "Dieter Kowalski"),
        ("What was the total?", "Flight AY 1432; Total: 1,380.00 EUR", "1,380.00 EUR"),
        ("Who is my teacher?", "My teacher said: practise every day", ""),  # said, no label
        # A place to sleep by its name, not a landmark it is near, nor its neighbourhood.
        ("Where did I stay in Kyoto?", "Ryokan Hanaya in Higashiyama, a ten-minute walk from Kiyomizu-dera.",
         "Ryokan Hanaya"),
        ("Where is the ryokan?", "in Higashiyama, ten minutes on foot from Kiyomizu-dera", "Higashiyama"),
        ("Which hotel did I stay at in Tokyo?", "3–6 May, Tokyo, Hotel Kuramae, near Asakusa", "Hotel Kuramae"),
        ("Which hotel did we book in Tokyo?", "14–16 May, Tokyo again (Shimokitazawa), small hotel", ""),
        ("Where did we stay?", "we stayed at a small hotel in Namba", "a small hotel in Namba"),  # its kind and town
        ("Where was the study held?", "usability study in the week of 20–24 April", ""),  # a time, no place
        # "Who": the name right after the question's own verb, not a place there, nor a name elsewhere.
        ("Who is Nora's sister marrying?", "she's marrying Oskar, who I like", "Oskar"),
        # A part of a city, a city or country the gazetteer knows with no preposition, a score.
        ("In which part of Leipzig is the hall?", "the climbing hall in Plagwitz is amazing", "Plagwitz"),
        ("Where did the stag weekend take place?", "stag weekend is confirmed: Kraków, 18th to 20th of July",
         "Kraków"),
        ("Where did Sam go?", "Best weekend ever. Nice!", ""),  # a sentence's first word is no town
        ("What score did Nora get in her exam?", "the A2 exam yesterday, 87 out of 100 Rui hugged everyone",
         "87 out of 100"),
        # A country asked: the country of the city named.
        ("In which country was Freya's wedding?", "flying to Gothenburg on Friday for the wedding", "Sweden"),
        ("In which country did Nora swim?", "I swam in the harbour bath at Islands Brygge", ""),
        ("Who did I visit in Hamburg?", "visited Hamburg with Tom", ""),
        ("Who called me?", "Anna called on Monday", ""),
        # When something was said: the day of its line (Sunday 23 March 2025), not the time it names.
        ("When did Lena say she might move to Leipzig?", "Lena says she might move to Leipzig in the autumn",
         "23 March 2025"),
        ("When did Sam mention the concert?", "Sam Reyes (12:00): the concert is on 4 April", "23 March 2025"),
        ("When is the concert?", "Sam Reyes (12:00): the concert is on 4 April", "Friday 4 April 2025"),
        # A price asked as "how much is": money, not the address's number; an item of the list
        # with no label of its own is the course's too, one under another label is not.
        ("How much is the pottery course?", "The course: Studio Tonhaus, Reichenberger Straße 88; Teacher: Ulrike"
         " Haas; 8 Tuesday evenings; 320 EUR including clay; Max. 8 people", "320 EUR"),
        ("How much did I pay for travel insurance?", "Still open: Osaka hotel; Travel insurance; Yen: get about"
         " ¥60,000 in cash", ""),
        # A stay asked of one city is not the nights another city's line names.
        ("How many nights did we stay in Hiroshima?", "Tomorrow: Osaka, three nights.", ""),
        ("How many nights did we stay in Osaka?", "Tomorrow: Osaka, three nights.", "three nights"),
        # The amount of a clause that tells another act than the paying the line tells is none.
        ("How much did Kowalski want me to pay for the radiator?", "Three weeks after he had to pay for the"
         " radiator and give me 120 EUR off the April rent, the increase", ""),
        ("How much did Kowalski want me to pay for the radiator?", "Kowalski emails that I forced the valve and"
         " that I should pay 180 EUR of the replacement", "180 EUR"),
        ("How much did I pay for the ryokan?", "Deposit received: ¥30,000 – the balance is paid at the ryokan",
         "¥30,000"),
        # Paying and its amount told in two clauses are still one act.
        ("How much did I pay for the hotel?", "Paid for the hotel yesterday, 240 EUR in total.", "240 EUR"),
        ("How much did I pay for the bike repair?", "Bike repair done, paid in cash, 85 EUR.", "85 EUR"),
        # An item that names a thing of its own is not the amount of the one asked.
        ("How much was the museum entry?", "Flights: 300 EUR; Museum: free; Taxi 40 EUR", ""),
        # "on Thursdays" is a time, no name.
        ("What is the name of Lena's climbing gym?", "21 March? my climbing group is on Thursdays", ""),
    ],
)
def test_short_answer_spans(question: str, quote: str, short: str) -> None:
    assert short_answer(question, quote, _hit(23)) == short


def test_where_from_a_calendar_entry_is_its_place(store: Store) -> None:
    """A calendar entry's "Where:" line answers "where" it was ("hiking" and the entry "Hike with
    Lena"), and is the line quoted first, whichever of its lines was closest to the question;
    the question's own words are no answer."""
    event = Hit("Hike with Lena: Sächsische Schweiz\nWhen: Saturday 21 March 2026, 06:38–20:30 (Europe/Berlin)\n"
                "Where: Kurort Rathen\nAttendees: Lena Fischer", 1.0, "e", "e#0", "calendar", "event",
                datetime(2026, 3, 21, 6, 38, tzinfo=CET), "Hike with Lena: Sächsische Schweiz", ("Lena Fischer",), "")
    assert short_answer("Where did I go hiking with Lena?", "When: Saturday 21 March 2026", event) == "Kurort Rathen"
    assert short_answer("Where in Kurort Rathen did we start?", "When: Saturday 21 March 2026", event) == ""
    # Where something else was done, on or after the entry's day, is not the entry's place.
    assert short_answer("Where did Lena and I eat after the hike?", "When: Saturday 21 March 2026", event) == ""
    assert short_answer("Where did I buy the map?", "When: Saturday 21 March 2026", event) == ""
    # An entry asked as what it is ("the meeting", "the appointment") is asked about.
    assert short_answer("Where was the meeting with Lena?", "When: Saturday 21 March 2026", event) == "Kurort Rathen"
    answer = Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1))).answer_from(
        "Where did I go hiking with Lena?", [Ranked(event, 0.6, 0, "")])
    assert answer.answer == "Kurort Rathen"
    assert answer.quotes.startswith("21 March 2026, Hike with Lena: Sächsische Schweiz: Where: Kurort Rathen [1]")


def test_a_record_that_lists_several_gives_each_entry_that_says_the_act(store: Store) -> None:
    """"Which books did I read?" from a note listing books bought, each entry saying whether it
    was read: every entry read is an item, the unread one is not, and the note is cited."""
    records = [
        rec(1, 5, 17, "note", "Books bought in 2026",
            "I'm trying to buy fewer books than I read.\n\n## February (1)\n"
            "- **Braiding Sweetgrass**, Robin Wall Kimmerer. 18 EUR. Read: yes, slowly.\n\n## March (2)\n"
            "- **Kitchen**, Banana Yoshimoto. 14 EUR. Read: yes.\n"
            "- **Piranesi**, Susanna Clarke. 16 EUR. Still on the shelf.\n\n## April (1)\n"
            "- **Circe**, Madeline Miller. 12 EUR. Read: yes, in two nights.\n"),
        rec(2, 3, 28, "note", "Saturday", "Evening: read the first half of my new book, *Kitchen*, on the sofa."),
    ]
    store.write([(r, split_record(r)) for r in records])
    store.sync_vectors(HashEmbedder())
    answerer = Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))
    answer = answerer.ask("Which books did I read this year?", now=datetime(2026, 6, 1))
    assert answer.answer == "Kitchen, Braiding Sweetgrass, Circe", answer.text
    assert answer.quotes.startswith("3 books, named in")
    assert "Piranesi" not in answer.text
    assert {hit.record_id for hit in answer.citations} == {"t:1", "t:2"}


def test_the_form_of_a_how_question_is_not_its_subject(store: Store) -> None:
    """"How long was I in Japan?": "long" asks for a duration; a sentence that says "long" about
    something else ("Long Sunday breakfast") is not closer for it."""
    records = [
        Record(id="n:1", source="files", kind="note", title="Route plan", timestamp=datetime(2026, 3, 15, 12, tzinfo=CET),
               text="Long Sunday breakfast with Jonas, maps of Japan everywhere."),
        Record(id="n:2", source="files", kind="note", title="Recap", timestamp=datetime(2026, 5, 16, 12, tzinfo=CET),
               text="Japan was two weeks, with Jonas, and worth every yen."),
    ]
    store.write([(r, split_record(r)) for r in records])
    store.sync_vectors(HashEmbedder())
    answer = Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.0))).ask("How long was I in Japan?")
    assert answer.answer == "two weeks", answer.text


def test_things_booked_before_a_trip_for_its_days_are_listed_by_their_kind(store: Store) -> None:
    """The hotels of a trip: one named in a note of the trip, the others only in booking mails
    sent weeks before it, whose titles name days of the trip; not a booking for another time,
    nor a place that is no hotel by name."""
    records = [
        rec(1, 5, 2, "event", "Portugal with Sam", "Lisbon 2-5 May, Porto 5-9 May.", end=8),
        rec(2, 5, 3, "note", "Lisbon, day 1", "We stayed at Hotel Alfama Rio, two minutes from the castle."),
        rec(3, 3, 20, "email", "Booking confirmed: Hotel Douro Vista, Porto, 5–9 May 2026",
            "Your booking is confirmed. Hotel Douro Vista, Porto: 4 nights, 2 guests. Enjoy your stay!"),
        rec(4, 3, 21, "email", "Booking confirmed: Hotel Spree, Berlin, 20–22 June 2026",
            "Your booking is confirmed. Hotel Spree, Berlin: 2 nights. Enjoy your stay!"),
        rec(5, 3, 22, "email", "Booking confirmed: Casa do Rio, Porto, 8–9 May 2026",
            "Your booking is confirmed. Casa do Rio, Porto: 1 night. Enjoy your stay!"),
    ]
    store.write([(r, split_record(r)) for r in records])
    store.catalog.people.rebuild()
    store.sync_vectors(HashEmbedder())
    answerer = Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))
    answer = answerer.ask("Which hotels did we stay at in Portugal?", now=datetime(2026, 6, 1))
    assert answer.answer == "Hotel Alfama Rio, Hotel Douro Vista", answer.text
    assert "- Hotel Douro Vista (Tue 5 May 2026)" in answer.text  # dated by the stay, not the booking
    assert {hit.record_id for hit in answer.citations} == {"t:2", "t:3"}


@pytest.fixture
def travels(store: Store) -> Answerer:
    records = [
        rec(1, 5, 3, "note", "Lisbon, day 1", "Walked up to the castle."),
        rec(2, 5, 4, "note", "Lisbon, day 2", "Tram 28, then Belém."),
        rec(3, 5, 6, "note", "Porto", "Rain and port cellars."),
        rec(4, 5, 7, "note", "Porto, the river", "Along the Douro to the sea."),
        rec(5, 5, 8, "note", "Café Majestic", "The grandest café of Porto, we had coffee at the Café Majestic twice."),
        rec(6, 5, 9, "note", "Café Majestic again", "Breakfast."),
        rec(7, 5, 5, "message", "Sam", "Maybe we visit Coimbra next time", author="Sam Reyes",
            participants=("Sam Reyes", "Me")),
        rec(8, 5, 6, "message", "Sam", "We should visit Coimbra, it is on the way", author="Sam Reyes",
            participants=("Sam Reyes", "Me")),
    ]
    store.write([(r, split_record(r)) for r in records])
    store.catalog.people.rebuild()
    store.sync_vectors(HashEmbedder())
    return Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))


def test_cities_asked_are_the_names_the_gazetteer_knows_as_cities(travels: Answerer) -> None:
    """Titled notes name a café as often as a city; "which cities" lists the cities."""
    answer = travels.ask("Which cities did I visit in May?", now=datetime(2026, 6, 1))
    assert answer.answer == "Lisbon, Porto", answer.text
    places = travels.ask("Which places did I visit in May?", now=datetime(2026, 6, 1))
    assert "Café Majestic" in places.answer, places.text  # places are not only cities


def test_countries_asked_are_those_of_the_cities_when_none_is_named(travels: Answerer) -> None:
    answer = travels.ask("Which countries did I visit in May?", now=datetime(2026, 6, 1))
    assert answer.answer == "Portugal", answer.text
    assert answer.text.splitlines()[1].startswith("1 country, named in 4 records"), answer.text
    assert len(answer.citations) == 4


def test_cities_asked_with_no_scope_are_those_of_all_time(travels: Answerer) -> None:
    """"Which cities did I visit?" read only the records that say "city" or "visit": the notes
    titled by a city were none of them ("Which countries did I visit?" was "not mentioned")."""
    answer = travels.ask("Which cities did I visit?", now=datetime(2026, 6, 1))
    assert answer.answer == "Lisbon, Porto", answer.text
    assert travels.ask("Which countries did I visit?", now=datetime(2026, 6, 1)).answer == "Portugal"


def test_a_place_only_wished_for_is_not_one_visited(travels: Answerer) -> None:
    """Two lines say "visit Coimbra", neither that anyone did."""
    answer = travels.ask("Which cities did I visit in May?", now=datetime(2026, 6, 1))
    assert "Coimbra" not in answer.answer, answer.text
    places = travels.ask("Which places did I visit in May?", now=datetime(2026, 6, 1))
    assert "Coimbra" not in places.answer, places.text


def test_cities_in_a_country_asked_are_that_countrys(store: Store) -> None:
    """The trip's span holds the layover in Madrid too; "in Portugal" asks for Portugal's cities."""
    records = [
        rec(1, 5, 2, "event", "Portugal with Sam", "Lisbon, then Porto.", end=8),
        rec(2, 5, 2, "note", "Madrid: the layover", "Six hours at the airport, a walk to the Retiro."),
        rec(3, 5, 2, "note", "Madrid, an hour in town", "Between flights."),
        rec(4, 5, 3, "note", "Lisbon", "The castle."),
        rec(5, 5, 4, "note", "Lisbon again", "Belém."),
        rec(6, 5, 6, "note", "Porto", "Port cellars."),
        rec(7, 5, 7, "note", "Porto, the river", "The Douro."),
    ]
    store.write([(r, split_record(r)) for r in records])
    store.catalog.people.rebuild()
    store.sync_vectors(HashEmbedder())
    answerer = Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))
    answer = answerer.ask("Which cities did I visit in Portugal?", now=datetime(2026, 6, 1))
    assert answer.answer == "Lisbon, Porto", answer.text
    assert answerer.ask("Which cities did I visit in May?", now=datetime(2026, 6, 1)).answer == "Madrid, Lisbon, Porto"


SAM_CHAT = """02/03/2025, 19:10 - Sam Reyes: guess who just booked flights to Lisbon 🙈🙈
02/03/2025, 19:12 - Sam Reyes: in the middle I take the train up to Porto for two nights
02/03/2025, 19:13 - Nora Lindqvist: NO WAY. bring me tiles from Porto
20/03/2025, 20:00 - Sam Reyes: mine is the half marathon in Berlin in April
26/04/2025, 21:00 - Sam Reyes: Lisbon is unreal. I've had 4 pastéis de nata today
05/07/2025, 22:00 - Sam Reyes: Marek's stag weekend is confirmed: Kraków, 18th to 20th of July
02/10/2025, 20:38 - Sam Reyes: I'm off to Vienna next week for work
09/10/2025, 08:05 - Sam Reyes: HAPPY BIRTHDAY NORA 🎂🎂🎂 I'm in Vienna but something should arrive today
25/10/2025, 21:18 - Sam Reyes: Jules wants to go to Madrid next spring
16/12/2025, 20:01 - Sam Reyes: I fly to Manila on Saturday! Lola turns 90 on the 28th
20/12/2025, 20:02 - Nora Lindqvist: flying back to Leipzig tomorrow morning. you should visit Hamburg
"""


def _over_chat(store: Store, tmp_path: Path, export: str) -> Answerer:
    """An answerer over a WhatsApp export with Sam Reyes, ingested as a user would."""
    write(tmp_path / "chat" / "WhatsApp Chat with Sam Reyes.txt", export)
    Ingester(store, HashEmbedder(), Registry()).ingest([tmp_path / "chat"])
    return Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))


@pytest.fixture
def chat_answerer(store: Store, tmp_path: Path) -> Answerer:
    return _over_chat(store, tmp_path, SAM_CHAT)


def test_cities_someone_went_to_from_their_chat_lines(chat_answerer: Answerer) -> None:
    """Sam's own lines that tell of going or staying name the cities, a trip told ahead too
    (Vienna); not the city he only names (the race in Berlin, at home), a wish (Madrid), nor
    Nora's lines (Leipzig, Hamburg)."""
    answer = chat_answerer.ask("Which cities did Sam travel to in 2025?", now=datetime(2026, 1, 15))
    assert answer.answer == "Lisbon, Porto, Kraków, Vienna, Manila", answer.text
    assert answer.quotes.splitlines()[0] == "5 cities, named in 6 records:"
    assert "- Vienna (Thu 2 October 2025)" in answer.quotes
    countries = chat_answerer.ask("Which countries did Sam travel to?", now=datetime(2026, 1, 15))
    assert countries.answer == "Portugal, Poland, Austria, Philippines", countries.text
    counted = chat_answerer.ask("How many countries did Sam travel to last year?", now=datetime(2026, 1, 15))
    assert counted.answer == "4 countries", counted.text
    assert "- Philippines (Tue 16 December 2025)" in counted.quotes
    assert {hit.timestamp.year for hit in counted.citations} == {2025}


def test_cities_gone_to_in_a_time_with_none(chat_answerer: Answerer) -> None:
    """Nora's lines tell of going home (Leipzig) and of Sam's going (Hamburg): she went nowhere."""
    from retrieval.listing import list_answer
    from retrieval.understand import understand

    store = chat_answerer.searcher.store
    question = "Which cities did Nora travel to in 2025?"
    understood = understand(question, now=datetime(2026, 1, 15), people=store.catalog.people.named_in)
    assert list_answer(store, question, understood) is None


def test_the_pass_that_finds_more_places_answers(store: Store, tmp_path: Path) -> None:
    """Jonas's own lines name Helsinki only as a stop on the way ("flights via Helsinki"), the
    trip's notes four cities: the notes answer "Which cities did Jonas visit?"."""
    write(tmp_path / "chat" / "WhatsApp Chat with Jonas.txt",
          "07/02/2026, 18:42 - Jonas: Early May. I'll look at flights via Helsinki\n"
          "09/05/2026, 20:00 - Jonas: At Ryōan-ji. 15 stones and you can never see all of them at once\n")
    for day, city in ((4, "Tokyo"), (6, "Kyoto"), (8, "Nara"), (10, "Hiroshima")):
        write(tmp_path / "notes" / f"2026-05-{day:02d}.md", f"# {city}\n\nWith Jonas in {city} today.\n")
    Ingester(store, HashEmbedder(), Registry()).ingest([tmp_path / "chat", tmp_path / "notes"])
    answerer = Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))
    answer = answerer.ask("Which cities did Jonas visit?", now=datetime(2026, 6, 20))
    assert set(answer.answer.split(", ")) == {"Tokyo", "Kyoto", "Nara", "Hiroshima"}, answer.text


def test_search_for_a_list_question_leads_with_the_records_listed(chat_answerer: Answerer) -> None:
    """`twin search "Which cities did Sam travel to in 2025?"`: the lines that name the cities he
    went to come first, in the list's order, though they share no word with the question ("off
    to Vienna"); then the plain ranking, less a window of lines already shown, within `k`."""
    from retrieval.retrieve import retrieve

    searcher = chat_answerer.searcher
    now = datetime(2026, 1, 15)
    question = "Which cities did Sam travel to in 2025?"
    listed = [hit.record_id for hit in chat_answerer.ask(question, now=now).citations]
    assert len(listed) == 6
    found = retrieve(searcher, question, k=8, now=now)
    assert 6 < len(found.ranked) <= 8  # the plain page, less the windows of lines already shown
    assert [r.hit.record_id for r in found.ranked[:6]] == listed
    texts = [r.hit.text for r in found.ranked]
    assert "booked flights to Lisbon" in texts[0] and "off to Vienna" in "".join(texts[:6]), texts
    for later in found.ranked[6:]:
        assert not set(later.hit.record_ids or (later.hit.record_id,)) <= set(listed), later.hit.text
    # The answer makes its list itself; without the lead the ranking is the plain one.
    plain = retrieve(searcher, question, k=8, now=now, listed=False)
    assert [r.hit.chunk_id for r in plain.ranked] != [r.hit.chunk_id for r in found.ranked]
    counted = retrieve(searcher, "How many countries did Sam travel to last year?", k=10, now=now)
    assert "Manila" in " ".join(r.hit.text for r in counted.ranked[:6])


def test_search_for_other_questions_keeps_its_ranking(chat_answerer: Answerer) -> None:
    """No list is read for a question that is none, nor for a list that nothing decides."""
    from retrieval.retrieve import retrieve

    searcher = chat_answerer.searcher
    now = datetime(2026, 1, 15)
    for question in ("When did Sam fly to Manila?", "Which cities did Nora travel to in 2025?"):
        led = retrieve(searcher, question, k=6, now=now)
        plain = retrieve(searcher, question, k=6, now=now, listed=False)
        assert [r.hit.chunk_id for r in led.ranked] == [r.hit.chunk_id for r in plain.ranked], question


def test_a_day_of_the_week_is_no_item(store: Store, tmp_path: Path) -> None:
    """"The plumber will visit on Tuesday; the cities tax form is due." says "visit" and "cities"
    together: no city "Tuesday" is listed; the question is answered as usual."""
    write(tmp_path / "notes" / "chores.md", "The plumber will visit on Tuesday; the cities tax form is due.\n")
    write(tmp_path / "notes" / "bank.md", "Groceries, laundry and a long call with the bank.\n")
    Ingester(store, HashEmbedder(), Registry()).ingest([tmp_path / "notes"])
    answerer = Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))
    answer = answerer.ask("Which cities did I visit?", now=datetime(2026, 6, 20))
    assert "Tuesday" not in answer.answer.split(", "), answer.text
    assert "1 city" not in answer.text, answer.text



BOOK_CHAT = """15/01/2025, 20:42 - Nora Lindqvist: for our little book club: shall we do Klara and the Sun for January?
26/01/2025, 18:30 - Sam Reyes: finished Klara. honest opinion: beautiful but sooo slow
04/02/2025, 21:32 - Nora Lindqvist: Piranesi? it's short and weird, you'll like weird
02/03/2025, 19:18 - Sam Reyes: finished Piranesi btw. loved it
25/05/2025, 08:07 - Nora Lindqvist: Mattis finished the bookshelf he was building. oak, no nails
31/10/2025, 20:33 - Sam Reyes: finished Demon Copperhead. that one hurt
"""


def test_a_compound_names_the_thing_only_for_purchases(store: Store, tmp_path: Path) -> None:
    """"Mattis finished the bookshelf" is no book read ("bookshop" still tells books bought)."""
    counted = _over_chat(store, tmp_path, BOOK_CHAT).ask("How many books did Nora read in 2025?", now=datetime(2026, 1, 15))
    assert not counted.answer[:1].isdigit(), counted.text  # no "1 book": the bookshelf is none, nothing is counted


def test_no_city_list_when_the_gazetteer_knows_none(store: Store, tmp_path: Path) -> None:
    """"Which cities did I visit in May?" over lines that name a book and a shop, no city: no
    list of them (every city of 15,000 people is known); countries likewise."""
    write(tmp_path / "notes" / "2026-05-04.md", "# Shopping day\n\nFlew through the day: bought Strange Weather "
          "at Kinokuniya, then flew back to the hotel. Visited Kinokuniya again later.\n")
    write(tmp_path / "notes" / "2026-05-05.md", "# Books\n\nVisited Kinokuniya for Strange Weather.\n")
    Ingester(store, HashEmbedder(), Registry()).ingest([tmp_path / "notes"])
    answerer = Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1)))
    for question in ("Which cities did I visit in May?", "Which countries did I visit in May?"):
        answer = answerer.ask(question, now=datetime(2026, 6, 20))
        assert "named in" not in answer.text and "Shopping" not in answer.answer, answer.text
