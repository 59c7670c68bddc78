"""Who someone is: what the records say of them in so many words, and how they appear."""

from __future__ import annotations

import pytest

from retrieval import NOTHING_FOUND, Answerer, Searcher
from retrieval.evaluate import abstains
from retrieval.understand import understand
from retrieval.whois import contact_details
from twin.config import SearchConfig
from twin.models.embedder import HashEmbedder
from twin.store import Store

from .records import NOW, answerer_over
from .records import dated as rec

ANNA = "Anna Schmidt <anna@atlas.example>"


@pytest.fixture
def answerer(store: Store) -> Answerer:
    records = [
        rec("n:1", 4, 19, "note", "Sunday", "Mum came from Lübeck and Ines (Tom's partner) cooked a fish soup."),
        rec("n:2", 5, 18, "note", "Monday", "Paid Jonas (18 May) for the trip. Tomorrow the study starts."),
        rec("m:1", 3, 12, "email", "Q2 budget", "Here are the numbers.\n\nBest,\nAnna Schmidt\nProduct Lead Atlas",
            author=ANNA, participants=(ANNA, "Maya Berg <maya@atlas.example>")),
        rec("m:2", 3, 20, "email", "Hello", "Hi Anna, my name is Bruno and I sell printers.",
            author="Bruno <bruno@printers.example>", participants=("Bruno <bruno@printers.example>", ANNA)),
        rec("n:3", 3, 12, "note", "Planning", "Attendees: Anna Schmidt (product lead), Priya Nair, me."),
        rec("m:3", 3, 21, "email", "Budget", "Hi Anna, a quick question about the budget.\n\nMaya",
            author="Maya Berg <maya@atlas.example>", participants=("Maya Berg <maya@atlas.example>", ANNA)),
        rec("n:4", 3, 22, "note", "Saturday", "Dinner at my place with Anna. Tom Berg called, my brother Tom."),
    ]
    return answerer_over(store, records)


def test_what_the_records_say_of_someone_they_only_name(answerer: Answerer) -> None:
    answer = answerer.ask("Who is Ines?", now=NOW)
    head, count = answer.answer.splitlines()
    assert head == "Ines: Tom's partner [1]"
    assert count.startswith("1 record naming them (1 note), 19 April 2026 – 19 April 2026")
    assert [h.record_id for h in answer.citations] == ["n:1"]


def test_someone_who_writes_is_told_by_apposition_signature_and_address(answerer: Answerer) -> None:
    answer = answerer.ask("Who is Anna?", now=NOW)
    head, writes, count = answer.answer.splitlines()
    # Both say "product lead" or "Product Lead Atlas"; "Hi Anna, my name is Bruno" says nothing of her.
    assert head.startswith("Anna Schmidt: ") and "product lead" in head and "Product Lead Atlas" in head
    assert "my name is" not in answer.text
    assert writes == "Writes as Anna Schmidt <anna@atlas.example>."
    # A greeting and "my place with Anna" are no descriptions.
    assert "quick question" not in head and "my place" not in head, head
    assert count.startswith("3 records with them (3 mails), 12 March 2026 – 21 March 2026"), count
    assert count.endswith("; named in 2 more.")


def test_a_known_person_is_not_found_by_a_surname_they_share(answerer: Answerer) -> None:
    """Tom Berg is written "Tom" or "Tom Berg", not "Berg": Maya Berg's mail is not his."""
    answer = answerer.ask("Who is Tom Berg?", now=NOW)
    assert answer.answer.startswith("Tom Berg: my brother"), answer.answer
    assert "2 records naming them (2 notes)" in answer.answer  # "Tom's partner" and "my brother Tom"


def test_a_date_in_brackets_is_no_description(answerer: Answerer) -> None:
    assert "18 May" not in answerer.ask("Who is Jonas?", now=NOW).answer.splitlines()[0]


def test_a_name_no_record_has_is_nothing_found(answerer: Answerer) -> None:
    assert answerer.ask("Who is Zed?", now=NOW).answer == NOTHING_FOUND


@pytest.mark.parametrize(("question", "intent"), [
    ("Who is Ines?", "who"), ("who's Anna Schmidt", "who"), ("Who is the landlord?", "lookup"),
    ("Who is Sam's sister?", "lookup"),
])
def test_who_questions(question: str, intent: str) -> None:
    assert understand(question, now=NOW).intent == intent


def test_contact_details_come_from_the_people_table(answerer: Answerer) -> None:
    answer = answerer.ask("What is Anna's email address?", now=NOW)
    assert answer.answer == "Anna Schmidt's mail: anna@atlas.example [1]", answer.answer
    assert [h.record_id for h in answer.citations] == ["m:3"]  # the latest record with that address


def test_a_kind_of_contact_not_known_is_not_made_up(answerer: Answerer) -> None:
    answer = answerer.ask("What's Anna's phone number?", now=NOW)
    assert answer.answer == NOTHING_FOUND and abstains(answer.answer)
    assert answer.quotes == "No phone number of Anna Schmidt; mail: anna@atlas.example [1].", answer.text


def test_a_number_merged_into_someone_is_how_to_reach_them(store: Store) -> None:
    records = [
        rec("m:1", 3, 12, "email", "Q2 budget", "Here are the numbers.", author=ANNA,
            participants=(ANNA, "Maya Berg <maya@atlas.example>")),
        rec("c:1", 4, 2, "message", "+49 170 1234567", "running late, 10 minutes", author="+49 170 1234567",
            participants=("+49 170 1234567", "Maya Berg")),
    ]
    answerer = answerer_over(store, records)
    store.catalog.people.merge("Anna Schmidt", "+49 170 1234567")
    answer = answerer.ask("How can I reach Anna?", now=NOW)
    assert answer.answer == "Anna Schmidt's mail: anna@atlas.example [1]; phone: +49 170 1234567 [2]", answer.answer
    assert [h.record_id for h in answer.citations] == ["m:1", "c:1"]
    # Not a question for the table: someone of hers, who Anna is, or what she said.
    assert contact_details(store, "What is Anna's boss's email address?") is None
    assert "mail:" not in answerer.ask("What did Anna say about the budget?", now=NOW).answer


def test_a_name_written_in_other_letters_is_cited(store: Store) -> None:
    jurgen = "Jürgen Müller <jm@x.example>"
    answerer = answerer_over(store, [rec("m:1", 3, 12, "email", "Hallo", "Bis Montag.", author=jurgen,
                                         participants=(jurgen, "Maya Berg <maya@atlas.example>"))])
    answer = answerer.ask("What is Jürgen's email address?", now=NOW)
    assert answer.answer == "Jürgen Müller's mail: jm@x.example [1]", answer.answer


def test_a_role_told_as_a_label_a_part_or_a_firm(store: Store) -> None:
    """"Teacher: Ulrike Haas" and "Ulrike Haas as the teacher" say one thing; "Herr Yilmaz of
    Yilmaz Haustechnik" says whose firm; "Organizer: Anna" says nothing of who she is."""
    answerer = answerer_over(store, [
        rec("m:1", 5, 20, "email", "Registration confirmed", "Course:   Wheel-throwing\n  Teacher:  Ulrike Haas\n"
            "  Organizer: Anna Schmidt\n"),
        rec("n:1", 6, 2, "note", "Pottery", "Eight of us, and Ulrike Haas as the teacher: calm, dry humour."),
        rec("n:2", 3, 6, "note", "Radiator", "Herr Yilmaz of Yilmaz Haustechnik comes at 8."),
        rec("n:3", 3, 9, "note", "Week", "Monday: Anna Schmidt\nDinner: Ulrike Haas\n"
            "I dressed up Ulrike Haas as the witch for the party."),
    ])
    assert answerer.ask("Who is Ulrike Haas?", now=NOW).answer.splitlines()[0] == "Ulrike Haas: teacher [1]"
    assert answerer.ask("Who is Herr Yilmaz?", now=NOW).answer.splitlines()[0] == \
        "Herr Yilmaz: of Yilmaz Haustechnik [1]"
    assert answerer.ask("Who is Anna Schmidt?", now=NOW).answer.splitlines()[0] == "Anna Schmidt"


def test_someone_by_the_role_the_records_give_them(store: Store) -> None:
    """"Who is my landlord?" quoted a mail's "the landlord's responsibility": the records call
    Herr Kowalski that in so many words, which answers."""
    kowalski = "Dieter Kowalski <d.kowalski@kowalski.example>"
    records = [
        rec("n:1", 2, 10, "note", "Radiator", "This morning I wrote to Herr Kowalski (landlord) by email."),
        rec("m:1", 3, 11, "email", "Re: Radiator", "Wear and tear is the landlord's responsibility.\n\nMaya Berg",
            author="Maya Berg <maya@example.org>", participants=("Maya Berg <maya@example.org>", kowalski)),
        rec("m:2", 3, 12, "email", "Re: Radiator", "Dear Ms Berg, the plumber will come.\n\nDieter Kowalski",
            author=kowalski, participants=(kowalski, "Maya Berg <maya@example.org>")),
        rec("n:2", 6, 2, "note", "Pottery", "My pottery teacher, Ulrike Haas, showed us centring. My landlord"
            " keeps the bikes in the yard."),
        rec("n:3", 6, 9, "note", "Pottery again", "Teacher: Ulrike Haas. Eight of us."),
    ]
    answerer = answerer_over(store, records)
    answer = answerer.ask("Who is my landlord?", now=NOW)
    assert answer.answer == "Dieter Kowalski", answer.text
    assert [h.record_id for h in answer.citations] == ["n:1"]
    assert "Herr Kowalski (landlord)" in answer.text
    teacher = answerer.ask("Who is my pottery teacher?", now=NOW)
    assert teacher.answer == "Ulrike Haas", teacher.text
    assert {h.record_id for h in teacher.citations} == {"n:2", "n:3"}
    assert answerer.ask("Who is my dentist?", now=NOW).answer == NOTHING_FOUND


def test_someones_role_is_whom_they_call_so(store: Store) -> None:
    """"Who is Sam's boss at the podcast studio?" is whom Sam calls "my boss" (it quoted the line
    naming the studio); Nora's "my boss" is hers."""
    sam, nora = "Sam Reyes", "Nora Lindqvist"
    records = [
        rec("c:1", 8, 8, "message", "Chat", "my boss Ayla listens to everything at 1.5x speed", author=sam,
            participants=(sam, nora)),
        rec("c:2", 8, 9, "message", "Chat", "my boss Henrik is on holiday, the staff room is calm", author=nora,
            participants=(sam, nora)),
        rec("c:3", 5, 28, "message", "Chat", "a podcast studio in Kreuzberg called Kiezfunk", author=sam,
            participants=(sam, nora)),
    ]
    answerer = answerer_over(store, records)
    assert answerer.ask("Who is Sam's boss at the podcast studio?", now=NOW).answer == "Ayla"
    assert answerer.ask("Who is Nora's boss?", now=NOW).answer == "Henrik"


def test_where_someone_lives_is_where_the_records_tell_their_home(store: Store) -> None:
    """"Where does Jonas live?" answered "Japan" (from "I want to talk about Japan tonight") and
    "Where does Lena live?" "Leipzig" (from "she might move to Leipzig"): a home is what the
    records tell as one ("at his place in Neukölln", "at Tom and Ines's in Hamburg-Ottensen",
    "Mum came from Lübeck", a delivery address), else nothing; a plan is none."""
    maya = "Maya Berg <maya@mailbox.example>"
    records = [
        rec("n:1", 3, 17, "note", "Bookings", "Japan booking evening with Jonas at his place in Neukölln."),
        rec("c:1", 2, 7, "message", "Jonas", "Also I want to talk about Japan tonight.", author="Jonas",
            participants=("Jonas", "Maya Berg")),
        rec("e:1", 4, 18, "event", "Tom's birthday", "2026: 37th, party at Tom and Ines's in Hamburg-Ottensen."),
        rec("n:2", 4, 19, "note", "Sunday", "Mum came from Lübeck and Ines cooked. Jonas came from work."),
        rec("n:3", 3, 21, "note", "Hike", "Lena told me she might move to Leipzig for a job in the autumn."),
        rec("m:1", 4, 9, "email", "Your order", "Thanks for your order.\n\nDelivery address: Maya Berg, Wiener Straße"
            " 12, 10999 Berlin", author="Shop <orders@shop.example>", participants=("Shop <orders@shop.example>", maya)),
    ]
    answerer = answerer_over(store, records)
    jonas = answerer.ask("Where does Jonas live?", now=NOW)
    assert jonas.answer == "Neukölln", jonas.text
    assert [h.record_id for h in jonas.citations] == ["n:1"]
    assert answerer.ask("Where does Tom live?", now=NOW).answer == "Hamburg-Ottensen"
    assert answerer.ask("Where does my mum live?", now=NOW).answer == "Lübeck"
    assert answerer.ask("Where does Lena live?", now=NOW).answer == NOTHING_FOUND
    me = Answerer(Searcher(store, HashEmbedder(), SearchConfig(min_similarity=0.1, me="Maya Berg")))
    assert me.ask("Where do I live?", now=NOW).answer == "Wiener Straße 12, 10999 Berlin"


def test_what_someone_does_is_what_the_records_call_them(answerer: Answerer) -> None:
    """"What does Anna do?" quoted "Anna loved the fastest route finding"; the records call her
    "product lead". Someone the records give no role is left to search."""
    for question in ("What does Anna Schmidt do?", "What is Anna Schmidt's job?", "What does Anna Schmidt do for work?"):
        answer = answerer.ask(question, now=NOW)
        assert answer.answer == "Anna Schmidt: Product Lead Atlas [1]; product lead [2]", (question, answer.text)
        assert answer.quotes.startswith("Writes as Anna Schmidt"), answer.text
    assert not answerer.ask("What does Priya Nair do?", now=NOW).answer.startswith("Priya Nair:")


def test_who_did_what_a_line_tells_done_with_no_one_named_is_its_writer(store: Store) -> None:
    """"Who booked UX Lab Mitte?" quoted Anna's "UX Lab Mitte is booked for 19–21 May": she wrote
    it, so she booked it; the owner's own "is booked" names no one else, and a line that says
    who did it ("booked by Priya") is not the writer's."""
    maya, anna = "Maya Berg <maya@atlas.example>", ANNA
    answerer = answerer_over(store, [
        rec("m:1", 3, 19, "email", "Re: Revised plan", "The split is approved, and UX Lab Mitte is booked for 19–21 May.",
            author=anna, participants=(anna, maya)),
        rec("m:2", 4, 2, "email", "Ryokan", "The ryokan Hanaya is booked for three nights.", author=maya,
            participants=(maya, anna)),
        rec("m:3", 4, 3, "email", "Your order", "Shipped.", author="Shop <shop@example.org>",
            participants=("Shop <shop@example.org>", maya)),
        rec("m:4", 4, 4, "email", "Room", "The meeting room Spree is booked by Priya for the readout.", author=anna,
            participants=(anna, maya)),
        rec("m:5", 4, 6, "email", "Your booking", "Your room at Hotel Sakura is booked for 3 nights.",
            author="Booking.com <noreply@booking.com>", participants=("Booking.com <noreply@booking.com>", maya)),
    ])
    lab = answerer.ask("Who booked UX Lab Mitte?", now=NOW)
    assert lab.answer == "Anna Schmidt", lab.text
    assert lab.citations[0].record_id == "m:1"
    assert answerer.ask("Who booked the ryokan Hanaya?", now=NOW).answer != "Maya Berg"
    assert answerer.ask("Who booked the meeting room Spree?", now=NOW).answer != "Anna Schmidt"
    assert answerer.ask("Who booked the Hotel Sakura?", now=NOW).answer != "Booking.com"  # a shop's "is booked"


def test_a_home_is_the_latest_told_and_only_of_the_one_asked(store: Store) -> None:
    """A later move wins over an earlier "lives in"; a move to a department is none; someone else's
    pronoun ("Jonas helped Tom move into his new flat") and someone else's mum are not theirs."""
    answerer = answerer_over(store, [
        rec("n:1", 1, 10, "note", "January", "Jonas lives in Kreuzberg, five minutes from me."),
        rec("n:2", 6, 1, "note", "June", "Jonas finally moved to Wedding. His flat in Wedding has a balcony."),
        rec("n:3", 6, 5, "note", "Moving day", "Jonas helped Tom move into his new flat in Pankow."),
        rec("n:4", 3, 2, "note", "Lena", "Lena's flat in Neukölln is tiny."),
        rec("n:5", 5, 20, "note", "Lena news", "Lena moved to Marketing in May."),
        rec("n:6", 4, 19, "note", "Sunday", "Mum came from Lübeck. Tom's mum lives in Bremen, says Ines."),
    ])
    assert answerer.ask("Where does Jonas live?", now=NOW).answer == "Wedding"
    assert answerer.ask("Where does Lena live?", now=NOW).answer == "Neukölln"
    assert answerer.ask("Where does my mum live?", now=NOW).answer == "Lübeck"


def test_a_question_typed_all_in_lower_case_names_its_people(answerer: Answerer) -> None:
    """"who is anna", "whats annas email adress": typed in haste, read as typed with care; the
    bookshop's sender and a word of the language ("may") stay words."""
    people = answerer.searcher.store.catalog.people
    assert people.cased("whats annas email adress") == "Whats Anna's email adress"
    assert people.cased("whens mums birthday") == "Whens mum's birthday"  # one mum's, as "Mum's birthday"
    assert people.cased("what did i tell bruno about may") == "What did I tell Bruno about may"
    assert people.cased("What did anna say?") == "What did anna say?"  # typed with care: as it is
    assert answerer.ask("who is anna", now=NOW).answer.startswith("Anna Schmidt: ")
    assert answerer.ask("whats annas email adress", now=NOW).answer == "Anna Schmidt's mail: anna@atlas.example [1]"


def test_what_someone_does_is_a_line_that_tells_their_work(store: Store) -> None:
    """"What does Jonas do?" with no role in the people's records answered "Revenge of the
    polite", a line of his; a line that tells work answers, else nothing is found."""
    jonas = [rec("c:1", 3, 16, "message", "Jonas", "Revenge of the polite", author="Jonas Weber",
                 participants=("Jonas Weber",), thread="whatsapp:jonas"),
             rec("c:2", 3, 17, "message", "Jonas", "Pilot went well, Jonas is a star", author="Jonas Weber",
                 participants=("Jonas Weber",), thread="whatsapp:jonas")]
    assert answerer_over(store, jonas).ask("What does Jonas do?", now=NOW).answer == NOTHING_FOUND
    told = answerer_over(store, [rec("n:1", 2, 7, "note", "Saturday",
                                     "Jonas works as a landscape architect in Neukölln.")])
    answer = told.ask("What does Jonas do for work?", now=NOW)
    assert answer.answer != NOTHING_FOUND and "landscape architect" in answer.text, answer.text
