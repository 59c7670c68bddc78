"""When not to answer: a question about one person answered only by the other's lines, or a thing of theirs
that the conversation gives to someone else."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest import Ingester
from retrieval import Answerer, Searcher, retrieve
from retrieval.abstain import (
    asks_of_me_alone,
    given_to_another,
    not_involved,
    owned_by_another,
    said_of_another,
    speaks_of_oneself,
    unsupported_person,
)
from retrieval.answer import NOTHING_FOUND, Sentence, asked_about
from retrieval.search import Ranked
from retrieval.terms import content_terms
from retrieval.understand import Understood, understand
from twin.config import SearchConfig
from twin.models.embedder import SentenceEmbedder
from twin.plugins import Registry
from twin.schema import Hit
from twin.store import Store

NORA = ("Nora Lindqvist",)
SAM = ("Sam Reyes",)


def window(*lines: str) -> list[Ranked]:
    hit = Hit("\n".join(lines), 1.0, "r", "r#w", "chat", "message", datetime(2025, 7, 21, 20, tzinfo=UTC),
              "Sam Reyes", ("Nora Lindqvist", "Sam Reyes"), "")
    return [Ranked(hit, 0.6, None, "")]


@pytest.mark.parametrize(
    ("question", "aliases", "lines", "abstain"),
    [
        # Nora only asks Sam about the pierogi: nothing about what she ate.
        ("What did Nora eat in Kraków?", NORA,
         ["Nora Lindqvist (20:02): did you eat pierogi?", "Sam Reyes (20:03): pierogi every day in Kraków"], True),
        # ... but her own line about herself answers.
        ("What did Nora eat in Kraków?", NORA,
         ["Nora Lindqvist (20:02): I ate pierogi in Kraków once"], False),
        ("When did Nora visit Lisbon?", NORA, ["Sam Reyes (19:10): booked flights to Lisbon"], True),
        ("When did Sam visit Lisbon?", SAM, ["Sam Reyes (19:10): booked flights to Lisbon"], False),
        # A question to the person asked about, from the other, still counts for them.
        ("When did Sam visit Lisbon?", SAM, ["Nora Lindqvist (19:10): when do you fly to Lisbon?"], False),
        # The person asked praising the other for it says nothing of themselves.
        ("What did Nora realise after the charity race?", NORA,
         ["Nora Lindqvist (19:10): so proud of you for finishing the charity race!",
          "Sam Reyes (19:12): I realised I love running more than I thought"], True),
        # Judged by sentence: the painter is Nora, her question after it is not about Sam's painting.
        ("What did Sam paint?", SAM,
         ["Nora Lindqvist (19:10): I painted a lake at sunrise. what do you think?"], True),
        ("What did Sam paint?", SAM, ["Nora Lindqvist (19:10): I love the lake you painted!"], False),
        # A stray shared word is not evidence against: the lines must hold half of what is asked.
        ("Which part of Berlin did Sam move to?", SAM, ["Nora Lindqvist (19:10): the ICE to Berlin is 29.90"], False),
        ("When did Sam's mother arrive in Berlin?", SAM, ["Nora Lindqvist (19:10): the ICE to Berlin is 29.90"], False),
        # Someone who only comes up in the others' lines is not judged by who writes them.
        ("When did Freya get married?", ("Freya Lindqvist",),
         ["Nora Lindqvist (19:10): it gets worse before it gets better",
          "Nora Lindqvist (19:11): Freya's wedding is on Saturday"], False),
    ],
)
def test_unsupported_person(question: str, aliases: tuple[str, ...], lines: list[str], abstain: bool) -> None:
    assert unsupported_person(aliases, window(*lines), content_terms(question)) is abstain


@pytest.mark.parametrize(
    ("question", "aliases", "lines", "abstain"),
    [
        # The closest line is Sam's, of himself; Nora's is about Sam.
        ("What did Nora realise after the charity race?", NORA,
         ["Nora Lindqvist (19:10): so proud of you for finishing the charity race!",
          "Sam Reyes (19:12): after the race I realised I love running more than I thought"], True),
        # Nora's own line about herself is as close: she is not refused.
        ("What did Nora realise after the charity race?", NORA,
         ["Nora Lindqvist (19:10): after the charity race I realised I need a break from running",
          "Sam Reyes (19:12): after the race I realised I love running more than I thought"], False),
        # The words of the question spread over Nora's own lines do not save it ...
        ("What did Nora eat in Kraków?", NORA,
         ["Nora Lindqvist (20:02): did you eat pierogi?",
          "Sam Reyes (20:03): we ate pierogi every day in Kraków, the ones with potato were the best",
          "Nora Lindqvist (20:05): I had soup for dinner"], True),
        # ... but a line of the other's that names her is about her.
        ("What cake did Tilda make for Nora's party?", NORA,
         ["Sam Reyes (19:10): Tilda baked a beetroot chocolate cake for Nora's party"], False),
        # Only questions on the other side: nothing is said against.
        ("What did Nora eat in Kraków?", NORA, ["Sam Reyes (20:03): did you eat pierogi in Kraków?"], False),
        # A number is matched whole: "+49 151 ..." is not the "+49 170 ..." asked about.
        ("What did +49 170 1234567 eat in Kraków?", ("+49 170 1234567",),
         ["+49 151 9876543 (20:03): we ate pierogi every day in Kraków, the ones with potato were the best",
          "+49 170 1234567 (20:05): I had soup for dinner"], True),
        # Someone who does not write in the chat is not judged by who does.
        ("When did Freya get married?", ("Freya Lindqvist",),
         ["Sam Reyes (19:10): I got married on a boat in 2019, best day of my life"], False),
        # Asked of the person's relative: the other's own arrival is no answer to it, nor against it.
        ("When did Sam's mother arrive in Berlin?", SAM,
         ["Nora Lindqvist (19:10): train booked: ICE on Friday at 16:12, arriving 17:25 at Berlin Hauptbahnhof",
          "Sam Reyes (19:12): I'll pick you up at the station",
          "Sam Reyes (19:14): my mum lands on Tuesday!! she's staying ten days and she's coming to watch the race",
          "Nora Lindqvist (19:15): Carmen in Berlin! tell her I say hi"], False),
        # ... but the other's "my mum" is the other's mother, not the one asked of.
        ("When did Sam's mother arrive in Berlin?", SAM,
         ["Nora Lindqvist (19:10): my mum lands in Berlin on Tuesday!! she's staying ten days",
          "Sam Reyes (19:12): nice, have fun"], True),
    ],
)
def test_said_of_another(minilm: SentenceEmbedder, question: str, aliases: tuple[str, ...], lines: list[str],
                         abstain: bool) -> None:
    """Real MiniLM: the similarity and margin are about its vectors."""
    assert said_of_another(minilm, question, aliases, window(*lines)) is abstain


def test_said_of_another_judges_only_conversations(minilm: SentenceEmbedder) -> None:
    note = window("Sam Reyes (19:12): after the race I realised I love running more than I thought")
    hit = note[0].hit
    as_note = Ranked(Hit(hit.text, 1.0, "n", "n#0", "files", "note", hit.timestamp, "race", (), ""), 0.6, None, "")
    assert not said_of_another(minilm, "What did Nora realise after the charity race?", NORA, [*note, as_note])


@pytest.mark.parametrize(
    ("question", "aliases", "lines", "abstain"),
    [
        ("What is the name of Sam's cat?", SAM,
         ["Nora Lindqvist (19:30): my cat slept on the marking again", "Sam Reyes (19:32): classic cat"], True),
        ("What is the name of Sam's cat?", SAM, ["Sam Reyes (19:30): how is your cat?"], True),  # asked of Nora
        ("What is the name of Nora's cat?", NORA,
         ["Nora Lindqvist (19:30): my cat slept on the marking again", "Sam Reyes (19:32): classic cat"], False),
        ("What is the name of Nora's cat?", NORA, ["Sam Reyes (19:30): how is your cat?"], False),
        ("What is Sam's new sofa like?", SAM, ["Nora Lindqvist (19:30): Sam's sofa is huge"], False),
        # No line says whose it is: no reason to refuse.
        ("What is the name of Sam's cat?", SAM, ["Sam Reyes (19:32): the cat is asleep"], False),
        ("What did Sam think of Rome?", SAM, ["Nora Lindqvist (19:30): my Rome trip"], False),  # no possessive
        # A line naming the person with the thing gives it to them, whatever the others say.
        ("When is Nora's birthday?", NORA,
         ["Nora Lindqvist (21:22): ok important: your birthday party. still on the 22nd?",
          "Sam Reyes (08:05): HAPPY BIRTHDAY NORA 🎂🎂🎂 35!!"], False),
        ("Which animals are part of Nora's and Sam's lives?", NORA,
         ["Sam Reyes (20:08): my flatmate and I walked Biscuit for an hour"], False),  # not "Nora's and"
    ],
)
def test_owned_by_another(question: str, aliases: tuple[str, ...], lines: list[str], abstain: bool) -> None:
    assert owned_by_another(question, aliases, window(*lines)) is abstain


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("How many essays did Nora have to mark in early February?", "essays Nora mark"),
        ("How long did Sam have to use crutches?", "Sam use crutches"),
        # A time phrase anchored on an event keeps the event: it is part of what is asked.
        ("Was Inés born before or after Nora's school trip started?", "Inés born Nora school trip started"),
        ("What did Nora do last July?", "Nora"),
        # A calendar word right after the time phrase is of the time: "my April weekend".
        ("What did I do on my April weekend in Hamburg?", "Hamburg"),
        ("What did I buy on my April trip?", "buy trip"),
    ],
)
def test_asked_about_leaves_out_when_and_the_form_of_the_answer(question: str, asked: str) -> None:
    understood = understand(question, now=datetime(2026, 1, 15, tzinfo=UTC),
                            anchor=lambda event, last: datetime(2025, 6, 10, tzinfo=UTC))
    assert asked_about(question, understood) == content_terms(asked)


NOTE = ("Finally a day outside. The train left at 06:38 and the coffee on it was terrible. {hike} "
        "The weather turned twice. Dinner was pasta at home, and I fell asleep on the sofa before nine. "
        "Tomorrow: laundry, the tax form, and calling Mum about Easter.")


@pytest.mark.parametrize(("hike", "answered"), [
    ("Lena and I hiked from Rathen up through the gorge to the Bastei.", True),
    ("The bakery by the station had sold out of everything.", False),
])
def test_a_long_note_far_from_the_question_is_evidence_by_its_closest_sentence(
        store: Store, minilm: SentenceEmbedder, hike: str, answered: bool) -> None:
    """A note as a whole is far from a short question (here below the similarity floor); one
    sentence close to it makes it evidence. Without that sentence the twin still says it found
    nothing. Real MiniLM: the floor is about its similarities."""
    hit = Hit(NOTE.format(hike=hike), 1.0, "n", "n#0", "files", "note", datetime(2026, 3, 21, 22, tzinfo=UTC),
              "Saturday", (), "")
    answerer = Answerer(Searcher(store, minilm, SearchConfig(min_similarity=0.9)))
    answer = answerer.answer_from("Who did I go hiking with?", [Ranked(hit, 0.3, 0, "")])
    assert (answer.answer != NOTHING_FOUND) is answered, answer.answer
    if answered:
        assert answer.answer == "Lena", answer.text  # the company the line names
        assert answer.quotes.startswith("21 March 2026, Saturday: Lena and I hiked"), answer.quotes


def maya_and_jonas(*lines: str) -> Hit:
    return Hit("\n".join(lines), 1.0, "r", "r#w", "chat", "message", datetime(2026, 3, 6, 19, tzinfo=UTC), "Jonas",
               ("Maya Berg", "Jonas"), "")


@pytest.mark.parametrize(("question", "answered"), [
    # About the one asking: their own line answers, Jonas is whom it was said to.
    ("What did I promise Jonas?", True),
    ("Tell me what I promised Jonas", True),
    # About Jonas: the asker's line about herself is the other's, so nothing is found.
    ("What did Jonas promise?", False),
    ("Tell me what Jonas promised", False),
])
def test_a_question_in_the_first_person_is_about_the_one_asking(
        store: Store, minilm: SentenceEmbedder, question: str, answered: bool) -> None:
    """Real store and MiniLM, through the answer: the person checks judge whom a question is
    about, and "I" in it is the one asking, not the person it names."""
    hit = maya_and_jonas("Maya Berg (19:00): I'll bring the cake on Saturday, I promise", "Jonas (19:01): see you then")
    answer = Answerer(Searcher(store, minilm, SearchConfig())).answer_from(
        question, [Ranked(hit, 0.6, 0, "")], Understood(question, people=("Jonas",)))
    assert (answer.answer != NOTHING_FOUND) is answered, answer.answer
    assert answer.citations == ((hit,) if answered else ())


@pytest.mark.parametrize(("question", "of_oneself", "alone"), [
    ("What did I promise Jonas?", True, True),
    ("When did I go skiing?", True, True),
    ("When did we last go climbing?", True, False),
    ("Did Jonas come with us?", True, False),
    ("When did my wife and I go to Rome?", True, False),
    ("Who went to Rome with me?", True, False),
    ("What is my brother's new phone number?", True, False),  # his to say
    ("What did Jonas help me with?", True, True),
    ("Tell me what Jonas promised", False, False),
    ("Can you tell me what Jonas promised?", False, False),
    ('Who said "I will be late tonight"?', False, False),
    ("What was carved out of salt in the mine Sam visited?", False, False),
    ("When did Sam fly to the US?", False, False),
    ("What did Sam say about I-95, i.e. the highway?", False, False),
])
def test_who_a_question_is_about(question: str, of_oneself: bool, alone: bool) -> None:
    assert speaks_of_oneself(question) is of_oneself
    assert asks_of_me_alone(question) is alone


@pytest.mark.parametrize(("question", "lines", "answered"), [
    # Only Jonas went: the owner's question about herself finds nothing ...
    ("When did I go skiing?", ["Jonas (19:00): I went skiing in Austria last weekend, my legs are dead",
                               "Maya Berg (19:01): the office was empty today"], False),
    # ... her own line answers it ...
    ("When did I go skiing?", ["Jonas (19:00): the office was empty today",
                               "Maya Berg (19:01): skiing in Austria was amazing, I fell twice"], True),
    # ... and a question about "us" is answered by anyone's line.
    ("When did we go skiing?", ["Jonas (19:00): I went skiing in Austria last weekend, my legs are dead",
                                "Maya Berg (19:01): the office was empty today"], True),
    # ... as are "my wife and I" and what is someone else's to say.
    ("When did my wife and I go skiing?", ["Jonas (19:00): I went skiing in Austria last weekend, my legs are dead",
                                           "Maya Berg (19:01): the office was empty today"], True),
    ("What is my brother's new phone number?", ["Jonas (19:00): new number is 0170 555 1234, the old phone died",
                                                "Maya Berg (19:01): ok saved"], True),
])
def test_a_question_in_the_first_person_is_about_the_owner(
        store: Store, minilm: SentenceEmbedder, question: str, lines: list[str], answered: bool) -> None:
    """Real store and MiniLM; who "I" is comes from `[search] me` here (the records of a store
    tell it otherwise: tests/store/test_people.py)."""
    hit = maya_and_jonas(*lines)
    answer = Answerer(Searcher(store, minilm, SearchConfig(me="Maya Berg"))).answer_from(
        question, [Ranked(hit, 0.6, 0, "")], Understood(question))
    assert (answer.answer != NOTHING_FOUND) is answered, answer.answer


def test_a_question_asked_of_the_other_friend_is_refused_though_search_leads_with_their_lines(
        store: Store, minilm: SentenceEmbedder, tmp_path: Path) -> None:
    """Search weighs the lines of the person asked about (`author_weight`); `ask` judges the
    evidence without that weight, so Sam's unrelated lines do not stand in for Nora's race."""
    chat = tmp_path / "chat"
    chat.mkdir()
    (chat / "WhatsApp Chat with Sam Reyes.txt").write_text("\n".join([
        "02/05/2026, 19:00 - Nora Lindqvist: ran the charity race this morning!! 10 km for the animal shelter",
        "02/05/2026, 19:01 - Sam Reyes: so proud of you",
        "02/05/2026, 19:03 - Nora Lindqvist: after the race I realised I love running more than I thought",
        "02/05/2026, 19:05 - Sam Reyes: the mixing desk at work died again, I spent the day soldering",
        "03/05/2026, 10:00 - Sam Reyes: I realised I need a new pair of headphones",
        "03/05/2026, 10:02 - Sam Reyes: the race to finish the album mix is on, deadline Friday",
        "03/05/2026, 10:05 - Nora Lindqvist: good luck",
    ]) + "\n", encoding="utf-8")
    Ingester(store, minilm, Registry()).ingest([chat])
    searcher = Searcher(store, minilm, SearchConfig())
    question = "What did Sam realise after the charity race?"
    assert retrieve(searcher, question, k=1).ranked[0].hit.text.startswith("Sam")
    assert retrieve(searcher, question, k=1, by_writer=False).ranked[0].hit.text.startswith("Nora")
    answer, found = Answerer(searcher).respond(question)
    assert answer.answer == NOTHING_FOUND
    assert found.ranked[0].hit.text.startswith("Nora")  # judged on the hits unweighted by writer
    assert Answerer(searcher).ask("What did Nora realise after the charity race?").answer != NOTHING_FOUND


def note_hit(text: str, title: str = "Moving") -> Hit:
    return Hit(text, 1.0, "n", "n#0", "files", "note", datetime(2025, 3, 8, 20, tzinfo=UTC), title, (), "")


MOVED = "Moved to Leipzig today, boxes everywhere."


@pytest.mark.parametrize(("question", "person", "text", "title", "answered"), [
    # Nothing found involves Mattis: the note is the owner's own move.
    ("When did Mattis move to Leipzig?", "Mattis Brandt", MOVED, "Moving", False),
    ("When did Mattis move to Leipzig?", "Mattis Brandt", "Mattis moved to Leipzig today, I carried boxes.",
     "Moving", True),
    # Named in the title is involved too; a first name inside another word is not.
    ("When did Mattis move to Leipzig?", "Mattis Brandt", MOVED, "Mattis: moving day", True),
    ("When did Lena move to Leipzig?", "Lena Fischer", "Magdalena moved to Leipzig today.", "Moving", False),
    ("When did Lena Fischer move to Leipzig?", "Lena Fischer", "Ms Fischer moved to Leipzig today.", "Moving", True),
    # The owner is never judged so: a note is theirs without naming them.
    ("When did Maya move to Leipzig?", "Maya Berg", MOVED, "Moving", True),
])
def test_a_question_about_someone_no_hit_involves_is_refused(store: Store, minilm: SentenceEmbedder, tmp_path: Path,
                                                             question: str, person: str, text: str, title: str,
                                                             answered: bool) -> None:
    """Real store and MiniLM, through the answer: a person asked about (not the owner) must
    write, take part in, or be named by one of the hits, else they answer someone else's doings."""
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "moving.md").write_text(f"# {title}\n\n{text}\n", encoding="utf-8")
    Ingester(store, minilm, Registry()).ingest([tmp_path / "notes"])  # the store knows the words asked
    answer = Answerer(Searcher(store, minilm, SearchConfig(me="Maya Berg"))).answer_from(
        question, [Ranked(note_hit(text, title), 0.6, 0, "")], Understood(question, people=(person,)))
    assert (answer.answer != NOTHING_FOUND) is answered, answer.answer


def test_not_involved_reads_writers_and_participants() -> None:
    mattis = ("Mattis Brandt <mattis.brandt@posteo.example>",)
    assert not not_involved(mattis, window("Mattis Brandt (19:00): moved in today"))
    assert not not_involved(mattis, [Ranked(replace(note_hit("Moved in today."), participants=mattis), 0.6, 0, "")])
    assert not_involved(mattis, window("Nora Lindqvist (19:00): moved in today"))
    assert not not_involved(("+49 170 1234567",), window("Nora Lindqvist (19:00): moved in today"))  # no name: not judged
    # A surname involves its person, unless the owner has it too ("Berg" in every "Maya Berg" line).
    assert not not_involved(("Anna Schmidt",), [Ranked(note_hit("Ms Schmidt approved the budget."), 0.6, 0, "")])
    maya = window("Maya Berg (19:00): the usability study went well")
    assert not not_involved(("Tom Berg",), maya)
    assert not_involved(("Tom Berg",), maya, owner=("Maya Berg",))


def test_a_quote_from_a_record_without_the_person_asked_of_is_no_answer(store: Store) -> None:
    """"When did Anna leave for Japan?": the best line is the owner's packing list for Japan,
    which Anna has nothing to do with; the close line that names her (the budget cut) says
    nothing of leaving or Japan. Refused. With a line of hers about leaving, answered."""
    from retrieval.understand import understand

    from .records import answerer_over
    from .records import dated as rec

    records = [
        rec("m:1", 3, 12, "email", "Budget", "Anna cut the research budget to 32,000 EUR",
            author="Anna Schmidt <anna@atlas.example>", participants=("Anna Schmidt <anna@atlas.example>",)),
        rec("n:1", 4, 29, "note", "Japan packing list", "rent letter sent (28 April); out-of-office on"),
    ]
    answerer = answerer_over(store, records)
    understood = understand("When did Anna leave for Japan?", people=store.catalog.people.named_in)
    assert understood.people == ("Anna Schmidt",)
    note = Ranked(Hit("rent letter sent (28 April); out-of-office on for my Japan trip", 1.0, "n:1", "n:1#0",
                      "test", "note", datetime(2026, 4, 29, tzinfo=UTC), "Japan packing list", (), ""), 0.5, 0, "")
    budget = Ranked(Hit("Anna cut the research budget to 32,000 EUR", 1.0, "m:1", "m:1#0", "test", "email",
                        datetime(2026, 3, 12, tzinfo=UTC), "Budget", ("Anna Schmidt <anna@atlas.example>",), ""),
                    0.45, 1, "")
    answer = answerer.answer_from("When did Anna leave for Japan?", [note, budget], understood)
    assert answer.answer == NOTHING_FOUND, answer.text
    hers = Ranked(Hit("Anna: I leave for Japan on Friday, back in two weeks", 1.0, "c:1", "c:1#m", "test",
                      "message", datetime(2026, 4, 27, tzinfo=UTC), "Anna Schmidt", ("Anna Schmidt",), ""), 0.5, 2, "")
    assert answerer.answer_from("When did Anna leave for Japan?", [note, hers, budget], understood).answer \
        != NOTHING_FOUND


@pytest.mark.parametrize(("question", "title", "line", "another"), [
    ("When is Jonas's birthday?", "Tom's birthday", "ICE 09:36 from Berlin Hbf with Jonas", True),
    ("When is Jonas's birthday?", "Birthdays", "Tom's and Ines's birthdays are both in April", True),
    ("When is Jonas's birthday?", "Birthdays", "Jonas's birthday is on 3 September, Tom's birthday in April", False),
    ("When is Jonas's birthday?", "Notes", "Jonas turns 37 on 3 September", False),  # no one else's
    ("When is Jonas's birthday?", "Notes", "everyone's birthday cake was Ines's", False),  # no one by name
    ("When is Tom's birthday?", "Tom's birthday", "ICE 09:36 from Berlin Hbf with Jonas", False),
    ("When is the birthday party?", "Tom's birthday", "party at Tom's", False),  # asks of no one
    # By full name, a time or a word is no owner, and "my birthday" is the writer's own.
    ("When is Jonas's birthday?", "Notes", "Jonas Weber's birthday is on 3 Sept, Tom's in April", False),
    ("When is Jonas's birthday?", "Notes", "Today's birthday boy is Jonas!", False),
    ("When is Jonas's birthday?", "Notes", "Next Sunday's birthday lunch is for Jonas", False),
    ("When is Jonas's birthday?", "Tom's birthday 🎉", "Jonas: btw my birthday is on 3 September", False),
    ("When is Jonas's birthday?", "Notes", "Tom Berg's birthday party in Hamburg", True),
])
def test_a_thing_asked_of_one_person_given_to_another_by_name(question: str, title: str, line: str,
                                                              another: bool) -> None:
    aliases = {"Jonas": ("Jonas", "Jonas Weber <jonas@mail.example>"), "Tom": ("Tom Berg",)}
    asked = "Tom" if "Tom's" in question else "Jonas"
    assert given_to_another(question, aliases[asked], title, line) is another


@pytest.mark.parametrize(("question", "text", "kind", "title", "author", "yes"), [
    # A going told by the place alone, in the owner's own note: yes.
    ("Did I go to Nara?", "Half an hour from Kyoto on the JR Nara line.", "note", "Day trip to Nara", "", True),
    ("Did I go to Nara in May?", "Half an hour from Kyoto on the JR Nara line.", "note", "Day trip to Nara", "", True),
    ("Did I go to Nara in March?", "Half an hour from Kyoto on the JR Nara line.", "note", "Day trip to Nara", "",
     False),  # the note is of May
    ("Did I go to Nara?", "Fri 8 May, day trip to Nara from Kyoto", "note", "Japan trip – route plan", "", False),
    ("Did I go to Nara?", "Maybe a day trip to Nara", "note", "Japan", "", False),  # a plan
    # The act by its verb, by the one asked of.
    ("Did Kowalski pay for the radiator?", "Kowalski paid for the radiator in the end.", "email", "Rent", "", True),
    ("Did Kowalski pay for the radiator?", "He had to pay for the radiator.", "email", "Rent", "", False),  # who?
    ("Did I go to Kyoto?", "Went to Kyoto with Jonas.", "note", "Diary", "", True),
    # Someone else did it, or it is not told done (a review's counter-examples).
    ("Did I go to Kyoto?", "Jonas went to Kyoto without me, I stayed in Osaka.", "note", "Diary", "", False),
    ("Did Jonas go to Nara?", "Jonas stayed at the hotel with a cold.", "note", "Day trip to Nara", "", False),
    ("Did Anna pay the rent?", "Paid the rent for Anna.", "note", "Rent", "", False),
    ("Did I pay Jonas back?", "Need to pay Jonas back for the tickets.", "note", "Diary", "", False),
    ("Did I call Lena about the heater?", "Forgot to call Lena about the heater again.", "note", "Diary", "", False),
    ("Did I go to Nara?", "Jonas asked whether I went to Nara.", "note", "Diary", "", False),
    ("Did I go to Hiroshima in May?", "Went to Hiroshima back in 2019, loved it.", "note", "Diary", "", False),
    ("Did I get a reply from Anna?", "Still waiting for a reply from Anna.", "note", "Diary", "", False),
    # A second review's: the place named in passing, a trip called off, the doer further back.
    ("Did I go to Kiyomizu-dera?", "Ryokan Hanaya, a ten-minute walk from Kiyomizu-dera.", "note", "April 2, 2026",
     "", False),
    ("Did I go to Nara?", "Jonas is sick.", "note", "Day trip to Nara (cancelled)", "", False),
    ("Did I go to Nara?", "I stayed in Kyoto while the others went to Nara.", "note", "Diary", "", False),
    ("Did I go to Nara?", "Jonas and his sister went to Nara.", "note", "Diary", "", False),
    ("Did I go to Nara?", "Jonas and I went to Nara.", "note", "Diary", "", True),
    ("Did I pay for the radiator?", "In the end the landlord paid for the radiator.", "note", "Diary", "", False),
    ("Did Anna pay the rent?", "Anna said Tom paid the rent.", "note", "Diary", "", False),
    ("Did I pay the rent?", "I think I paid the rent, have to check the bank.", "note", "Diary", "", False),
    ("Did I call Lena?", "Called off the hike with Lena.", "note", "Diary", "", False),
    ("Did I visit Jonas?", "Got visited by Jonas today.", "note", "Diary", "", False),
    ("Did Kowalski pay for the radiator?", "Herr Kowalski paid for the radiator.", "email", "Rent", "", True),
    ("Did I pay Jonas back?", "I don't pay Jonas back", "message", "Jonas", "Maya Berg", False),  # denied
    ("Did I pay Jonas back?", "Paid Jonas back today", "message", "Jonas", "Maya Berg", True),
    ("Did I pay Jonas back?", "Paid Jonas back today", "message", "Jonas", "Jonas Weber", False),  # his line
    ("Did I pay Jonas back?", "Paid him back today", "message", "Jonas", "Maya Berg", False),  # the chat's name only
    ("Did Jonas pay me back?", "Jonas paid me back today", "message", "Jonas", "Maya Berg", True),
    ("Did Jonas go camping?", "We went camping at the lake!", "message", "Jonas", "Jonas Weber", True),  # his own
    ("Did Jonas go to Kraków?", "back from Kraków since last night.", "message", "Jonas", "Jonas Weber", True),
    ("Did Jonas go to Kraków?", "Marek is back from Kraków.", "message", "Jonas", "Jonas Weber", False),
    # A third review's: another person asked of, or another person's words quoted.
    ("Did Jonas's sister go camping?", "I went camping at the lake!", "message", "Jonas", "Jonas Weber", False),
    ("Did Jonas go to Kraków?", "Lena just texted: back from Kraków since last night", "message", "Jonas",
     "Jonas Weber", False),
    ("Did I go camping?", "Lena says: I went camping", "message", "Lena", "Maya Berg", False),
    ("Did I go camping?", "Lena: I went camping", "message", "Lena", "Maya Berg", False),
    ("Did I go camping?", "also: I went camping", "message", "Lena", "Maya Berg", True),
    ("Did Jonas go camping?", "We went camping at the lake!", "message", "Jonas", "Maya Berg", False),  # mine
    ("Did I register for the race?", "Registration for this year's race is open", "email", "Race",
     "Frühlingslauf <info@lauf.example>", False),  # a shop's mail
])
def test_a_yes_no_question_is_answered_yes_by_a_line_that_tells_it_done(
        store: Store, question: str, text: str, kind: str, title: str, author: str, yes: bool) -> None:
    """"Did I go to Nara?" was answered by a quote alone. A line that tells the act done, by
    the one asked of, naming what the question names and of its time, says yes (the lines follow
    it; the demo's question checks that end to end). No "no": a line that does not say it proves
    nothing."""
    from .records import answerer_over
    from .records import dated as rec

    me = "Maya Berg <maya@mailbox.example>"
    answerer = answerer_over(store, [rec("m:me", 1, 5, "email", "Hi", "Hello", author=me, participants=(me,))])
    answerer.searcher.config = replace(answerer.searcher.config, me="Maya Berg")
    when = datetime(2026, 5, 8, 12, tzinfo=UTC)
    store.write([(r, []) for r in [rec("r:1", 5, 8, kind, title, text, author=author)]])
    line = f"{author.split(maxsplit=1)[0]}: {text}" if kind == "message" else text
    hit = Ranked(Hit(line, 1.0, "r:1", "r:1#0", "test", kind, when, title, (), ""), 0.6, 0, "")
    understood = understand(question, now=datetime(2026, 6, 20, tzinfo=UTC), people=store.catalog.people.named_in)
    assert answerer._yes(question, Sentence(line, hit, 0.6), understood) is yes
