"""The bundled demo end to end on the real MiniLM: `twin demo`, its questions, and the console script."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from retrieval import NOTHING_FOUND, Answerer, Searcher
from twin.cli import cli
from twin.demo import default_data, demo_now, load_questions
from twin.models.embedder import SentenceEmbedder
from twin.store import Store

DATA = default_data()
TWIN = Path(sys.executable).parent / "twin"


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("demo") / "home"
    env = {"TWIN_CONFIG": str(home.parent / "none.toml"), "TWIN_HOME": str(home.parent / "unused")}
    result = CliRunner(env=env).invoke(cli, ["demo", "--home", str(home)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Q: ") == len([q for q in load_questions(DATA) if not q.get("needs")])
    assert f"twin --home {home} ask" in result.stdout
    return home


def test_demo_questions_cite_the_right_note(demo_home: Path, minilm: SentenceEmbedder) -> None:
    with Store(demo_home) as store:
        answerer = Answerer(Searcher(store, minilm))
        for question in load_questions(DATA):
            if question.get("needs"):
                continue  # see test_questions_that_need_counting
            answer = answerer.ask(str(question["text"]), now=demo_now(DATA))
            if not question["expect"]:
                assert answer.answer == NOTHING_FOUND, question["text"]
                continue
            cited = [hit.location.split("#")[0] for hit in answer.citations]  # a chat cites its line
            assert str((DATA / str(question["expect_file"])).resolve()) in cited, (question["text"], cited)
            if "answer" in question:  # a short answer: the day, the amount, the name itself
                assert answer.answer.startswith(str(question["answer"])), (question["text"], answer.answer)


def test_counting_from_the_catalog(demo_home: Path, minilm: SentenceEmbedder) -> None:
    """Three books in April: a receipt, an order with its delivery mail, and a diary line with a chat
    message of the same day; each counted once and every record cited."""
    with Store(demo_home) as store:
        answer = Answerer(Searcher(store, minilm)).ask("How many books did I buy in April?", now=demo_now(DATA))
    assert answer.answer.startswith("3 books in April"), answer.answer
    for title in ("The Book of Tea", "Hiroshima", "Convenience Store Woman"):
        assert title in answer.text
    # April's records, and the list of the year's books written in May, which dates them in April.
    assert {hit.timestamp.month for hit in answer.citations if hit.title != "Books bought in 2026 (February to May)"} \
        == {4}
    kinds = {hit.kind for hit in answer.citations}
    assert {"email", "note"} <= kinds
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert numbers == set(range(1, len(answer.citations) + 1))


def test_totals_from_the_catalog(demo_home: Path, minilm: SentenceEmbedder) -> None:
    """The money spent on April's three books (a receipt's total, an order's total, a diary's
    "12 EUR"), and May's runs (the Kamo river run, 7 km, told in Nara's note; the race, 10 km),
    each event once, with its amount and citations."""
    with Store(demo_home) as store:
        answerer = Answerer(Searcher(store, minilm))
        spent = answerer.ask("How much did I spend on books in April?", now=demo_now(DATA))
        ran = answerer.ask("How many km did I run in May?", now=demo_now(DATA))
        swam = answerer.ask("How far did I swim in May?", now=demo_now(DATA))
    assert spent.answer == "34 EUR in April (3 books)", spent.text
    for line in ("The Book of Tea (Sat 4 April): 9 EUR", "Hiroshima (Sat 11 April): 13 EUR",
                 "Convenience Store Woman (Sun 19 April): 12 EUR"):
        assert line in spent.text, spent.text
    assert ran.answer == "17 km in May (2 runs)", ran.text
    assert ": 7 km [" in ran.text and ": 10 km [" in ran.text, ran.text
    assert swam.answer == NOTHING_FOUND, swam.text


def test_lists_are_what_the_records_say_of_the_act(demo_home: Path, minilm: SentenceEmbedder) -> None:
    """A note that names Lena but not a hike ("Japan packing list", "Decision – pottery course")
    gives no place hiked with her; notes about Japan are no list of restaurants."""
    with Store(demo_home) as store:
        answerer = Answerer(Searcher(store, minilm))
        places = answerer.ask("Which places did I hike through with Lena?", now=demo_now(DATA))
        restaurants = answerer.ask("Which restaurants did I go to with Jonas?", now=demo_now(DATA))
    assert {"Rathen", "Bastei", "Amselsee"} <= set(places.answer.split(", ")), places.text
    assert "Japan" not in places.answer and "Decision" not in places.answer, places.text
    assert "restaurants, named in" not in restaurants.text and "Tokyo" not in restaurants.answer, restaurants.text


def test_days_of_the_week_are_no_items(demo_home: Path, minilm: SentenceEmbedder) -> None:
    """The journal's "Tuesday and Thursday early mornings along the Landwehrkanal" names no park run in."""
    with Store(demo_home) as store:
        parks = Answerer(Searcher(store, minilm)).ask("Which parks did I run in?", now=demo_now(DATA))
    assert not any("Tuesday" in item for item in parks.answer.split(", ")), parks.text


def test_cities_counted_as_events_are_cities_the_gazetteer_knows(demo_home: Path, minilm: SentenceEmbedder) -> None:
    """"Which cities did I fly to in May?": the Tokyo notes that say "city" name Kinokuniya (a
    bookshop) and Convenience Store Woman (a book) as what was done there; neither is a city."""
    with Store(demo_home) as store:
        cities = Answerer(Searcher(store, minilm)).ask("Which cities did I fly to in May?", now=demo_now(DATA))
    named = cities.answer.split(", ")
    assert "Kinokuniya" not in named and "Convenience Store Woman" not in named, cities.text


def test_search_for_a_list_leads_with_what_the_list_cites(demo_home: Path, minilm: SentenceEmbedder) -> None:
    """`twin search "Which cities did I visit in Japan?"`: the day notes of the cities come
    first (the recap, the trip's event and the route plan were the ranking's first)."""
    from retrieval.retrieve import retrieve

    question = "Which cities did I visit in Japan?"
    with Store(demo_home) as store:
        searcher = Searcher(store, minilm)
        cited = Answerer(searcher).ask(question, now=demo_now(DATA)).citations
        found = retrieve(searcher, question, k=10, now=demo_now(DATA))
    assert [r.hit.record_id for r in found.ranked[:len(cited)]] == [hit.record_id for hit in cited]
    assert len(found.ranked) == 10


def test_reingesting_the_demo_adds_nothing(demo_home: Path) -> None:
    env = {"TWIN_CONFIG": str(demo_home.parent / "none.toml")}
    result = CliRunner(env=env).invoke(cli, ["--home", str(demo_home), "ingest", *map(str, sorted(
        p for p in DATA.iterdir() if p.is_dir()))], catch_exceptions=False)
    assert result.exit_code == 0
    assert " 0 added, 0 updated, " in f" {result.stderr}"


def test_console_script_cold_search_json(demo_home: Path) -> None:
    env = {**os.environ, "TWIN_CONFIG": str(demo_home.parent / "none.toml"), "HF_HUB_OFFLINE": "1"}
    out = subprocess.run([str(TWIN), "--home", str(demo_home), "search", "hiking with Lena", "--json", "--k", "3"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)["hits"]
    # The hike's note, and Lena's plan for it ("Plan for the hike: Rathen, …") may come first.
    assert "hike" in hits[0]["text"].lower()
    assert any(h["title"].startswith("Hike with Lena") for h in hits)
    help_out = subprocess.run([str(TWIN), "--help"], capture_output=True, text=True, timeout=60)
    assert help_out.returncode == 0 and "ingest" in help_out.stdout


def test_mail_thread_view_and_chat_by_speaker_and_date(demo_home: Path, minilm: SentenceEmbedder) -> None:
    from twin.store import Filters

    with Store(demo_home) as store:
        searcher = Searcher(store, minilm)
        threads = [h for h in searcher.search("the email exchange with the landlord about the radiator", k=10)
                   if "#w" in h.chunk_id and h.kind == "email"]
        assert threads, "a window over the landlord thread"
        assert "Dieter Kowalski (" in threads[0].text and "Maya Berg (" in threads[0].text
        may = Filters(since=int(datetime(2026, 5, 1).astimezone().timestamp()),
                      until=int(datetime(2026, 6, 1).astimezone().timestamp()))
        hits = searcher.search("Jonas Splitwise owe", k=3, filters=may)
        assert hits and hits[0].source == "whatsapp" and "212 EUR" in hits[0].text
        assert re.search(r"^Jonas( \(\d+ \w+\))?: ", hits[0].text, re.M), hits[0].text  # who wrote it
        assert all(h.timestamp.month == 5 for h in hits)


def test_meeting_minute_and_last_time(demo_home: Path, minilm: SentenceEmbedder) -> None:
    """A meeting is cited with where in the recording; "when did I last" answers from the latest evidence."""
    with Store(demo_home) as store:
        answerer = Answerer(Searcher(store, minilm))
        meeting = answerer.ask("What did we decide about the budget in the meeting?", now=demo_now(DATA))
        assert "into the recording)" in meeting.text, meeting.text
        assert any(hit.kind == "meeting" and hit.timestamp.strftime("%Y-%m-%d %H") == "2026-03-12 10"
                   for hit in meeting.citations)
        last = answerer.ask("When did I last see Tom?", now=demo_now(DATA))
        assert "18 April" in last.answer and len(last.citations) == 1, last.answer


def test_listing_from_the_catalog(demo_home: Path, minilm: SentenceEmbedder) -> None:
    """The cities of the Japan trip (the calendar event's span, the day notes' titles, the recap's
    list of where we went), each dated and cited; the places of the hike with Lena."""
    with Store(demo_home) as store:
        answerer = Answerer(Searcher(store, minilm))
        cities = answerer.ask("Which cities did I visit in Japan?", now=demo_now(DATA))
        hike = answerer.ask("Which places did I hike through with Lena?", now=demo_now(DATA))
    head = cities.answer.splitlines()[0]
    for city in ("Tokyo", "Nara", "Hiroshima", "Osaka"):
        assert city in head, cities.answer
    assert "Kyoto" in head or "Kyōto" in head
    assert "Jonas" not in head and "Berlin" not in head
    assert all(hit.timestamp.month == 5 for hit in cities.citations)
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", cities.text)}
    assert numbers == set(range(1, len(cities.citations) + 1))
    for place in ("Rathen", "Bastei", "Amselsee"):
        assert place in hike.answer.splitlines()[0], hike.answer
