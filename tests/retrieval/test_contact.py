"""When one last heard from someone: the latest record with them, from the catalog, cited."""

from __future__ import annotations

from datetime import datetime

import pytest

from retrieval import NOTHING_FOUND, Answerer
from retrieval.contact import last_seen
from retrieval.understand import Understood
from twin.store import Store

from .records import NOW, answerer_over
from .records import dated as rec

ANNA = "Anna Schmidt <anna@atlas.example>"


@pytest.fixture
def answerer(store: Store) -> Answerer:
    records = [
        rec("m:1", 4, 1, "email", "Budget numbers", "Here are the new numbers.", author=ANNA,
            participants=(ANNA, "Maya Berg <maya@atlas.example>")),
        rec("t:1", 5, 22, "meeting", "Study debrief", "Great work, both of you.",
            participants=("Anna Schmidt", "Maya Berg")),
        rec("c:1", 6, 2, "message", "Anna Schmidt", "see you at the readout", author="Anna Schmidt",
            participants=("Anna Schmidt",), thread="whatsapp:anna"),
        rec("c:2", 6, 3, "message", "Anna Schmidt", "the readout went well, thanks!", author="Maya Berg",
            participants=("Maya Berg",), thread="whatsapp:anna"),
        rec("n:1", 6, 10, "note", "Tuesday", "Anna's team is moving floors."),  # names her; no contact
        rec("e:1", 7, 1, "event", "Planning with Anna", "Q3 planning.", participants=(ANNA,)),  # after now
        rec("c:3", 6, 15, "message", "Annabel Lee", "new poem!", author="Annabel Lee",  # "Anna" in "Annabel"
            participants=("Annabel Lee",), thread="whatsapp:annabel"),
    ]
    return answerer_over(store, records)


@pytest.mark.parametrize(("question", "record", "first"), [
    # Maya's own message in the chat Anna writes in is talking to her; the note that names her
    # and the coming calendar event are not.
    ("When did I last talk to Anna?", "c:2", "Wednesday 3 June 2026: Maya Berg in the chat: the readout went well"),
    ("When was the last time I spoke to Anna?", "c:2", "Wednesday 3 June 2026:"),
    ("When did I last hear from Anna?", "c:1", "Tuesday 2 June 2026: Anna Schmidt in the chat: see you"),
    ("When did I last email Anna?", "m:1", 'Wednesday 1 April 2026: mail "Budget numbers" from Anna Schmidt'),
    ("When did I talk to Anna last?", "c:2", "Wednesday 3 June 2026:"),
])
def test_the_latest_record_with_them_answers(answerer: Answerer, question: str, record: str, first: str) -> None:
    answer = answerer.ask(question, now=NOW)
    assert answer.answer.startswith(first), answer.answer
    assert [h.record_id for h in answer.citations] == [record]


def test_someone_no_record_has_is_nothing_found(answerer: Answerer) -> None:
    assert answerer.ask("When did I last talk to Bruno?", now=NOW).answer == NOTHING_FOUND


@pytest.mark.parametrize(("question", "answer", "records"), [
    # Each day with a record of them is one conversation: the two lines of June are two days.
    ("How often did I talk to Anna in June?", "2 days with Anna Schmidt in June", ["c:1", "c:2"]),
    ("How many times did I talk to Anna?", "4 days with Anna Schmidt", ["m:1", "t:1", "c:1", "c:2"]),
    ("How often did I hear from Anna in June?", "1 day you heard from Anna Schmidt in June", ["c:1"]),  # her own words
    ("How often did I email Anna?", "1 day with Anna Schmidt", ["m:1"]),
    ("How often have I chatted with Anna?", "2 days with Anna Schmidt", ["c:1", "c:2"]),
])
def test_how_often_i_talked_to_someone_counts_the_days(answerer: Answerer, question: str, answer: str,
                                                       records: list[str]) -> None:
    counted = answerer.ask(question, now=NOW)
    assert counted.answer == answer, counted.text
    assert [h.record_id for h in counted.citations] == records


@pytest.fixture
def seen(store: Store) -> Answerer:
    records = [
        rec("e:1", 3, 21, "event", "Hike with Lena", "Sächsische Schweiz."),
        rec("c:1", 4, 2, "message", "Jonas", "Lena came by with her oil heater", author="Maya Berg",
            participants=("Maya Berg",), thread="whatsapp:jonas"),
        rec("n:1", 6, 2, "note", "First pottery class", "Tonight was the first class.\n"
            "- Sunday (31 May) I ran the 10 km. Jonas and Lena were cheering at the canal.\n"
            "- Lena says she'll lend me a book."),  # names her; not together
        rec("c:2", 6, 14, "message", "Jonas", "Picnic on the Feld with Lena later?", author="Jonas",
            participants=("Jonas",), thread="whatsapp:jonas"),  # a plan, asked
        rec("c:3", 6, 15, "message", "Jonas", "we'll see Lena on Friday", author="Maya Berg",
            participants=("Maya Berg",), thread="whatsapp:jonas"),  # a plan
        rec("c:4", 6, 16, "message", "Magdalena", "coffee with Magdalena, finally", author="Maya Berg",
            participants=("Maya Berg",), thread="whatsapp:magdalena"),  # "Lena" in "Magdalena"
        rec("x:1", 4, 1, "note", "Contacts", "Lena Fischer, +49 170 1234567", author="Lena Fischer"),
    ]
    return answerer_over(store, records)


@pytest.mark.parametrize(("now", "first", "record"), [
    # The note of 2 June says the day it was: Sunday 31 May. Plans and questions after it are not.
    (NOW, "Sunday 31 May 2026: Sunday (31 May) I ran the 10 km. Jonas and Lena were cheering at the canal.", "n:1"),
    (NOW.replace(month=5, day=1), "Thursday 2 April 2026: Maya Berg in the chat: Lena came by", "c:1"),
    (NOW.replace(month=4, day=1), 'Saturday 21 March 2026: in your calendar "Hike with Lena"', "e:1"),
])
def test_when_i_last_saw_someone(seen: Answerer, now: datetime, first: str, record: str) -> None:
    for question in ("When did I last see Lena?", "When did I see Lena last?", "When was the last time I met Lena?"):
        answer = seen.ask(question, now=now)
        assert answer.answer.startswith(first), (question, answer.answer)
        assert [h.record_id for h in answer.citations] == [record]


def test_never_seen_is_no_time_seen(seen: Answerer) -> None:
    """Before anything has them together there is no such time: the catalog answer steps aside
    (and search answers as for any question)."""
    store = seen.searcher.store
    question = "When did I last see Lena?"
    understood = Understood(question, people=("Lena",), intent="last")
    assert last_seen(store, question, understood, NOW.replace(month=3, day=1)) is None
    assert last_seen(store, question, understood, NOW) is not None
    assert last_seen(store, "When did I last talk to Lena?", understood, NOW) is None  # not this form


def test_someone_only_named_in_notes_is_seen_at_their_place(store: Store) -> None:
    """Ines is in no address book or chat, only named: the calendar's "party at Tom and Ines's"
    is a time with her; buying her a present, or her cooking told without the owner, is not."""
    answerer = answerer_over(store, [
        rec("e:1", 4, 18, "event", "Tom's birthday", "2026: 37th, party at Tom and Ines's in Hamburg-Ottensen.",
            hour=0),
        rec("n:1", 4, 19, "note", "Sunday", "Ines (Tom's partner) cooked a huge fish soup."),
        rec("n:2", 5, 8, "note", "Nara", "Bought two small sake cups for Tom and Ines."),
    ])
    answer = answerer.ask("When did I last see Ines?", now=NOW)
    assert answer.answer.startswith('Saturday 18 April 2026: in your calendar "Tom\'s birthday"'), answer.text
    assert [h.record_id for h in answer.citations] == ["e:1"]
    understood = Understood("When did I last see Ines?", intent="last")
    assert last_seen(answerer.searcher.store, "When did I last see Ines?", understood, NOW.replace(month=4, day=1)) is None
    assert last_seen(answerer.searcher.store, "When did I last see Petra?", understood, NOW) is None  # no record has her


def test_a_contact_count_keeps_to_the_sources_asked(answerer: Answerer) -> None:
    from twin.store import Filters

    counted = answerer.ask("How often did I talk to Anna?", now=NOW, filters=Filters(sources=("mbox",)))
    assert "with Anna" not in counted.answer  # no record of her comes from mail here
    assert answerer.ask("How often did I talk to Anna?", now=NOW,
                        filters=Filters(sources=("test",))).answer == "4 days with Anna Schmidt"


def test_a_long_acquaintance_lists_its_latest_days(store: Store) -> None:
    """Two years of daily chat are counted whole; the latest days are listed, not all of them."""
    records = [rec(f"c:{n}", 1 + n // 28, 1 + n % 28, "message", "Anna Schmidt", f"line {n}", author="Anna Schmidt",
                   participants=("Anna Schmidt",), thread="whatsapp:anna") for n in range(140)]
    counted = answerer_over(store, records).ask("How often did I talk to Anna?", now=NOW)
    assert counted.answer == "140 days with Anna Schmidt", counted.text
    lines = counted.quotes.splitlines()
    assert lines[1] == "(the latest 20 of them)" and len(lines) == 22
    assert lines[-1].startswith("- Thu 28 May 2026: Anna Schmidt in the chat: line 139"), lines[-1]


def test_mails_counted_between_me_and_someone(store: Store) -> None:
    """"How many emails did I send Herr Kowalski?" quoted two mails: the owner's mails to him
    are counted, each dated and cited, and his to the owner apart."""
    maya, kowalski = "Maya Berg <maya@mailbox.example>", "Dieter Kowalski <d.kowalski@kowalski.example>"
    records = [
        rec("m:1", 2, 10, "email", "Radiator not working", "Dear Herr Kowalski, the radiator is broken.",
            author=maya, participants=(maya, kowalski)),
        rec("m:2", 2, 12, "email", "RE: Radiator not working", "Yilmaz will get in touch.", author=kowalski,
            participants=(kowalski, maya)),
        rec("m:3", 2, 24, "email", "Re: Radiator not working", "Still nothing.", author=maya,
            participants=(maya, kowalski)),
        rec("m:4", 3, 1, "email", "Your order", "Shipped.", author="Shop <shop@example.org>",
            participants=("Shop <shop@example.org>", maya)),
        rec("m:5", 3, 2, "email", "Lunch?", "Hi Anna", author=maya, participants=(maya, ANNA)),
        rec("m:6", 3, 3, "email", "Re: Lunch?", "Yes!", author=ANNA, participants=(ANNA, maya)),
    ]
    answerer = answerer_over(store, records)
    sent = answerer.ask("How many emails did I send Herr Kowalski?", now=NOW)
    assert sent.answer == "2 mails to Dieter Kowalski", sent.text
    assert [h.record_id for h in sent.citations] == ["m:1", "m:3"]
    assert sent.quotes.startswith('- Tue 10 February 2026: "Radiator not working" [1]'), sent.text
    got = answerer.ask("How many emails did Herr Kowalski send me?", now=NOW)
    assert got.answer == "1 mail from Dieter Kowalski" and [h.record_id for h in got.citations] == ["m:2"]
    assert answerer.ask("How many emails did I get from Herr Kowalski in March?", now=NOW).answer == \
        "0 mails from Dieter Kowalski in March"
    # "How many times did I email him?" is the owner's side: the days Maya wrote, not his replies.
    emailed = answerer.ask("How many times did I email Herr Kowalski?", now=NOW)
    assert emailed.answer == "2 days you wrote to Dieter Kowalski", emailed.text
    assert [h.record_id for h in emailed.citations] == ["m:1", "m:3"]
    assert answerer.ask("How often did I talk to Herr Kowalski?", now=NOW).answer == "3 days with Dieter Kowalski"
    assert answerer.ask("How often did I hear from Herr Kowalski?", now=NOW).answer == \
        "1 day you heard from Dieter Kowalski"
    last = answerer.ask("When did I last email Herr Kowalski?", now=NOW)
    assert [h.record_id for h in last.citations] == ["m:3"], last.text
