"""When one last heard from someone: the latest record with them, from the catalog, cited."""

from __future__ import annotations

import pytest

from retrieval import NOTHING_FOUND, Answerer
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
])
def test_the_latest_record_with_them_answers(answerer: Answerer, question: str, record: str, first: str) -> None:
    answer = answerer.ask(question, now=NOW)
    assert answer.answer.startswith(first), answer.answer
    assert [h.record_id for h in answer.citations] == [record]


def test_someone_no_record_has_is_nothing_found(answerer: Answerer) -> None:
    assert answerer.ask("When did I last talk to Bruno?", now=NOW).answer == NOTHING_FOUND
