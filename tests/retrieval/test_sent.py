""""When did I send/email/write …?": the day of the owner's own mail, read from a real mbox."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import Ingester
from retrieval import Answerer, Searcher, retrieve
from retrieval.sent import mails_sent, reply_to
from twin.config import SearchConfig
from twin.models.embedder import SentenceEmbedder
from twin.plugins import Registry
from twin.store import Store

from ..conftest import write
from .records import NOW


def _mail(n: int, sender: str, to: str, subject: str, date: str, body: str, reply_to: int = 0) -> str:
    thread = f"In-Reply-To: <m{reply_to}@mail.example>\nReferences: <m{reply_to}@mail.example>\n" if reply_to else ""
    return (f"From maya@mail.example {date}\nFrom: {sender}\nTo: {to}\nSubject: {subject}\nDate: {date}\n"
            f"Message-ID: <m{n}@mail.example>\n{thread}Content-Type: text/plain; charset=utf-8\n\n{body}\n\n")


MAYA = "Maya Berg <maya@mail.example>"
KOWALSKI = "Dieter Kowalski <kowalski@landlord.example>"
MBOX = "".join([
    _mail(1, MAYA, "Panelwerk <projects@panelwerk.example>", "Atlas usability study - screener for 12 participants",
          "Fri, 10 Apr 2026 16:05:00 +0200",
          "Hello Panelwerk team,\n\nattached is the final screener for the Atlas usability study at UX Lab Mitte "
          "on 19-21 May: 12 participants, six daily commuters.\n\nBest, Maya"),
    _mail(2, "Panelwerk <projects@panelwerk.example>", MAYA, "Re: Atlas usability study - screener",
          "Mon, 13 Apr 2026 09:00:00 +0200",
          "Dear Maya,\n\nthanks, we start recruiting today and send you the list of participants by 8 May.\n\nPanelwerk",
          reply_to=1),
    _mail(3, MAYA, KOWALSKI, "Bedroom radiator not working", "Tue, 10 Feb 2026 08:12:00 +0100",
          "Dear Herr Kowalski,\n\nsince last night the radiator in my bedroom is not heating any more and the valve "
          "is leaking.\n\nMaya Berg"),
    _mail(4, KOWALSKI, MAYA, "Re: Bedroom radiator not working", "Thu, 12 Feb 2026 10:31:00 +0100",
          "Dear Ms Berg,\n\nthe plumber will call you about the radiator.\n\nKowalski", reply_to=3),
    _mail(5, MAYA, KOWALSKI, "Re: Bedroom radiator not working", "Tue, 24 Feb 2026 19:40:00 +0100",
          "Dear Herr Kowalski,\n\ntwelve days later nobody has been in touch, and the radiator still does not "
          "heat my bedroom.\n\nMaya Berg", reply_to=4),
    _mail(6, MAYA, KOWALSKI, "Re: Bedroom radiator not working", "Wed, 11 Mar 2026 18:55:00 +0100",
          "Dear Herr Kowalski,\n\nI did not break the valve: the radiator is rusted through. Please replace "
          "it.\n\nMaya Berg", reply_to=5),
    _mail(7, MAYA, "Anna Schmidt <anna@work.example>", "Revised study plan", "Wed, 18 Mar 2026 17:45:00 +0100",
          "Hi Anna,\n\nas promised, the revised plan for the usability study: 12 participants, 19-21 May.\n\nMaya"),
    _mail(8, "Anna Schmidt <anna@work.example>", MAYA, "Re: Revised study plan", "Thu, 19 Mar 2026 09:10:00 +0100",
          "Hi Maya,\n\nlooks good, go ahead with the lab booking.\n\nAnna", reply_to=7),
])
NOTE = """\
# Atlas usability study - plan

## Before I leave for Japan (2 May)

- Screener final and sent to Panelwerk: by 10 April
- Study at UX Lab Mitte: 19-21 May, 12 participants
"""


@pytest.fixture
def answerer(store: Store, tmp_path: Path, minilm: SentenceEmbedder) -> Answerer:
    write(tmp_path / "data" / "mail" / "maya.mbox", MBOX)
    write(tmp_path / "data" / "notes" / "study-plan.md", NOTE)
    Ingester(store, minilm, Registry()).ingest([tmp_path / "data"])
    return Answerer(Searcher(store, minilm, SearchConfig(me="Maya Berg")))


def test_the_day_my_mail_was_sent_not_a_day_it_names(answerer: Answerer) -> None:
    answer = answerer.ask("When did I send the screener to Panelwerk?", now=NOW)
    assert answer.answer == "10 April 2026"
    assert answer.citations[0].kind == "email" and answer.citations[0].title.startswith("Atlas usability study")
    assert "attached is the final screener" in answer.quotes


def test_every_mail_of_mine_in_the_thread_to_them(answerer: Answerer) -> None:
    answer = answerer.ask("When did I email Herr Kowalski about the radiator?", now=NOW)
    assert answer.answer == "10 February 2026 (again on 24 February and 11 March 2026)"
    assert [c.timestamp.day for c in answer.citations] == [10, 24, 11]  # his reply of 12 Feb is not mine


def test_a_mail_of_mine_that_does_not_hold_what_is_asked_is_no_answer(answerer: Answerer) -> None:
    # The one mail to Anna is about the study plan, not a wedding: not its day.
    answer = answerer.ask("When did I email Anna about the wedding?", now=NOW)
    assert "18 March" not in answer.answer
    # A reply is a mail of mine after one of theirs: I never answered Panelwerk (their 13 April
    # mail is theirs, my 10 April one came first).
    assert not answerer.ask("When did I reply to Panelwerk?", now=NOW).answer.startswith("10 April")
    assert answerer.ask("When did I reply to Herr Kowalski about the radiator?", now=NOW).answer == \
        "24 February 2026 (again on 11 March 2026)"
    # His name is whom it is to, not what it is about: no mail of mine tells of a window.
    asked = "When did I email Kowalski about the leaking window?"
    found = retrieve(answerer.searcher, asked, k=8, now=NOW, by_writer=False)
    assert mails_sent(answerer.searcher.store, "Maya Berg", asked, found.ranked, found.understood) is None


def test_the_first_mail_asked(answerer: Answerer) -> None:
    assert answerer.ask("When did I first email Herr Kowalski about the radiator?", now=NOW).answer == \
        "10 February 2026"


def test_asked_in_other_words(answerer: Answerer) -> None:
    # All but one of three or more words asked about: "new" is in no mail.
    assert answerer.ask("When did I send Anna the new study plan?", now=NOW).answer == "18 March 2026"
    # "On what day did …" is a "when".
    assert answerer.ask("On what day did I send the screener to Panelwerk?", now=NOW).answer == "10 April 2026"
    assert answerer.ask("What day did I send the screener to Panelwerk?", now=NOW).answer == "10 April 2026"


@pytest.mark.parametrize(("question", "said", "days"), [
    ("How long did Herr Kowalski take to answer my first email?",
     "2 days: your mail of 10 February 2026, Dieter Kowalski's answer on 12 February 2026", [10, 12]),
    ("How long did it take Anna to reply?", "1 day: your mail of 18 March 2026, Anna Schmidt's answer on 19 March 2026",
     [18, 19]),
    ("How many days did Panelwerk take to reply about the screener?",
     "3 days: your mail of 10 April 2026, Panelwerk's answer on 13 April 2026", [10, 13]),
])
def test_how_long_they_took_to_answer_my_mail(answerer: Answerer, question: str, said: str, days: list[int]) -> None:
    """From my mail to their first mail after it in the thread, both cited."""
    answer = answerer.ask(question, now=NOW)
    assert answer.answer == said
    assert [c.timestamp.day for c in answer.citations] == days


@pytest.mark.parametrize("question", [
    "How long did it take me to reply to Anna?",  # my time to answer, not hers
    "How long did I take to answer Anna's email?",
    "How long did it take to answer Anna's email?",
    "How long did Kowalski take to answer?",  # a surname alone names no one
])
def test_only_the_one_who_answers_is_asked_of(answerer: Answerer, question: str) -> None:
    understood = retrieve(answerer.searcher, question, now=NOW).understood
    assert reply_to(answerer.searcher.store, "Maya Berg", question, understood) is None


def test_an_unanswered_mail_has_no_time_to_answer(answerer: Answerer) -> None:
    # My last mail to him got no answer in this mailbox: said so, not the time of an older one.
    answer = answerer.ask("How long did Herr Kowalski take to answer my last email?", now=NOW)
    assert answer.answer == "No answer from Dieter Kowalski to your mail of 11 March 2026"
    assert [c.timestamp.day for c in answer.citations] == [11]
    # No mail of mine to him tells of a window.
    asked = "How long did Herr Kowalski take to answer about the window?"
    assert reply_to(answerer.searcher.store, "Maya Berg", asked, retrieve(answerer.searcher, asked, now=NOW).understood) \
        is None
