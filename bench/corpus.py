"""Seeded synthetic personal data: dated Markdown notes, short messages and notes as Records, and queries."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

from twin.schema import Record

__all__ = ["CORPUS_VERSION", "END", "SOURCES", "START", "make_queries", "make_records", "write_notes"]

CORPUS_VERSION = 1
"""Bump when generation changes: cached stores of an older version are rebuilt."""
TZ = timezone(timedelta(hours=1))
END = datetime(2026, 11, 25, tzinfo=TZ)
START = END - timedelta(days=3 * 365)
"""Everything falls in the three years up to the day the benchmark was written."""

PEOPLE = ["Anna", "Tom", "Maria", "Jonas", "Lena", "Felix", "Sofia", "David", "Priya", "Kenji", "Clara",
          "Omar", "Ben", "Julia", "Marco", "Hannah", "Mum", "Dad", "Grandma"]
GROUPS = ("Family", "Running club", "Book club", "Work")
"""Group chats; every other chat is with one person."""
PLACES = ["Lisbon", "Kyoto", "Porto", "Copenhagen", "Vienna", "Edinburgh", "the Alps", "Lake Constance",
          "Barcelona", "Hamburg", "the Black Forest", "Amsterdam", "Rome", "Oslo", "the coast"]
BOOKS = ["Piranesi", "Middlemarch", "The Overstory", "Project Hail Mary", "The Remains of the Day",
         "Braiding Sweetgrass", "Thinking, Fast and Slow", "Klara and the Sun", "The Dispossessed",
         "A Gentleman in Moscow", "Educated", "The Left Hand of Darkness"]
PROJECTS = ["the billing migration", "the Q3 roadmap", "the search rewrite", "the hiring plan",
            "the data platform", "the mobile release", "the budget review", "the onboarding flow",
            "the security audit", "the customer survey"]
ROUTES = ["along the canal", "around the park", "up the hill behind the station", "by the river",
          "through the forest", "on the track", "around the lake", "across the old bridge"]
FOODS = ["pasta", "a curry", "ramen", "tacos", "a risotto", "dumplings", "pizza", "a big salad", "soup"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FEELINGS = ["tired but happy", "a bit anxious", "relieved", "really motivated", "flat", "grateful",
            "restless", "calm"]

NOTE_SENTENCES: dict[str, list[str]] = {
    "trip": [
        "We took the early train to {place} and arrived just after {hour}.",
        "The hotel in {place} was small but the view from the balcony made up for it.",
        "{person} found a tiny restaurant near the harbour where we had {food}.",
        "Tickets for the museum cost {money} euros each, which felt steep.",
        "It rained most of the afternoon, so we read in a cafe and planned the next day.",
        "I want to come back to {place} in spring when it is less crowded.",
        "The walk along the old town walls took about {minutes} minutes.",
        "{person} lost the charger again and we spent an hour finding a replacement.",
        "Booked the return flight for {day}; it leaves at {hour} which is annoying.",
    ],
    "work": [
        "Meeting with {person} about {project} ran over by {minutes} minutes.",
        "We agreed to move the deadline for {project} by two weeks.",
        "{person} raised a good point about the risks in {project}.",
        "The budget for {project} is now {money} thousand euros, down from last quarter.",
        "I need to write up the decisions and send them to {person} before {day}.",
        "The retro was honest for once: too many meetings, not enough focus time.",
        "Interviewed a candidate for the backend role; strong on databases, weak on testing.",
        "Spent the morning fixing a flaky test that blocked the release.",
        "{person} will own the follow-up and report back on {day}.",
    ],
    "book": [
        "Finished {book} last night and I am still thinking about the ending.",
        "{person} recommended {book}; the first chapters are slow but it picks up.",
        "Started {book} on the train, read about {pages} pages.",
        "The best line in {book} is about how attention is a form of love.",
        "Book club meets on {day} to discuss {book}; {person} is hosting.",
        "I keep underlining passages in {book}, which I never do.",
        "Gave up on a thriller halfway, the characters were flat.",
    ],
    "running": [
        "Ran {km} km {route} at an easy pace, about {pace} per km.",
        "Intervals on the track: six times 800 metres, the last two were hard.",
        "My left knee hurt after the long run, so I will rest until {day}.",
        "Signed up for the half marathon in {place} in the autumn.",
        "Long run of {km} km with {person}, we talked the whole way.",
        "New shoes feel good, much more cushioning than the old pair.",
        "Skipped the run because of the rain and did yoga instead.",
        "Weekly total is {km} km, the most since last year.",
    ],
    "family": [
        "Dinner with {person} and the kids; we made {food} together.",
        "{person} called about the birthday party on {day}.",
        "The kids have the dentist on {day} at {hour}, I need to leave work early.",
        "Grandma visited and told stories about growing up by the sea.",
        "We spent Sunday at the playground and then had {food} at home.",
        "{person} is worried about school; we talked for a long time after dinner.",
        "Planned the summer holidays: two weeks in {place} if the budget allows.",
        "The washing machine broke again; the plumber comes on {day}.",
    ],
}
CHAT_SENTENCES = [
    "Running late, be there in {minutes} min",
    "Did you book the train to {place}?",
    "Can you pick up the kids at {hour}?",
    "Dinner at ours on {day}? I am making {food}",
    "Just finished {book}, you have to read it",
    "Meeting about {project} moved to {day}",
    "Ran {km} km this morning {route}, legs are dead",
    "Happy birthday {person}! Have a great day",
    "The dentist can see us on {day} at {hour}",
    "Flights to {place} are {money} euros right now, shall we?",
    "Thanks for yesterday, it was lovely",
    "Can you send me the notes from the call about {project}?",
    "I left my keys at yours I think",
    "Are we still on for the long run on {day}?",
    "{person} says hi and asks when you are coming to visit",
    "Don't forget the parents evening on {day}",
    "Feeling {feeling} after today honestly",
    "Found a great place for {food} near the station",
    "Plumber says it will cost {money} euros, ugh",
    "Book club is at {person}'s this time, bring wine",
]
SHORT_NOTE_SENTENCES = [s for group in NOTE_SENTENCES.values() for s in group]
TITLES = {
    "trip": ["{place} trip", "Weekend in {place}", "Travel notes: {place}"],
    "work": ["Meeting notes: {project}", "Work log", "1:1 with {person}"],
    "book": ["Reading: {book}", "Book notes", "On {book}"],
    "running": ["Running log", "Long run", "Training week"],
    "family": ["Family", "Weekend at home", "Notes on the kids"],
}
QUERIES = [
    "what did {person} say about {project}",
    "when did I go to {place}",
    "restaurant in {place} with {person}",
    "how far did I run {route}",
    "book {person} recommended",
    "what did I think of {book}",
    "dentist appointment for the kids on {day}",
    "knee pain after the long run",
    "half marathon in {place}",
    "budget for {project}",
    "dinner with {person} and the kids",
    "train tickets to {place}",
    "birthday party for {person}",
    "when is the plumber coming to fix the washing machine",
    "deadline moved for {project}",
    "summer holidays in {place}",
    "interview for the backend role",
    "book club at {person}'s",
    "when was I feeling {feeling}",
    "who hosted book club for {book}",
    "where did we eat {food}",
    "how much were flights to {place}",
    "long run with {person} {route}",
    "notes from the call about {project}",
    "{person} lost the charger",
    "hotel with a balcony in {place}",
    "who owns the follow-up on {project}",
    "intervals on the track",
    "did {person} call about the party",
    "museum tickets in {place}",
    "{food} recipe we made together",
    "what did Grandma tell us about growing up",
    "{km} km run",
    "retro too many meetings",
    "when did I finish {book}",
    "new running shoes",
]
SOURCES = {"whatsapp": ("message", 0.40), "signal": ("message", 0.20), "notes": ("note", 0.25),
           "journal": ("note", 0.15)}
"""Source name: (kind, share of the short records)."""


def _fill(rng: random.Random, template: str) -> str:
    return template.format(
        person=rng.choice(PEOPLE), place=rng.choice(PLACES), book=rng.choice(BOOKS),
        project=rng.choice(PROJECTS), route=rng.choice(ROUTES), food=rng.choice(FOODS),
        day=rng.choice(DAYS), feeling=rng.choice(FEELINGS),
        hour=f"{rng.randint(6, 21)}:{rng.choice(['00', '15', '30', '45'])}",
        minutes=rng.randint(5, 90), money=rng.randint(12, 480), km=rng.randint(4, 32),
        pace=f"{rng.randint(4, 6)}:{rng.randint(0, 59):02d}", pages=rng.randint(20, 140),
    )


def note_text(rng: random.Random) -> str:
    """A Markdown note of 150-400 words: a heading, paragraphs, sometimes a short list."""
    topic = rng.choice(list(NOTE_SENTENCES))
    target = rng.randint(150, 400)
    lines = [f"# {_fill(rng, rng.choice(TITLES[topic]))}", ""]
    words = 0
    while words < target:
        if rng.random() < 0.12:
            items = [_fill(rng, rng.choice(NOTE_SENTENCES[topic])).rstrip(".") for _ in range(rng.randint(2, 4))]
            block = "\n".join(f"- {item}" for item in items)
        else:
            pool = NOTE_SENTENCES[topic] if rng.random() < 0.8 else SHORT_NOTE_SENTENCES
            block = " ".join(_fill(rng, rng.choice(pool)) for _ in range(rng.randint(2, 5)))
        if words >= 150 and words + len(block.split()) > 400:
            break
        lines += [block, ""]
        words += len(block.split())
    return "\n".join(lines)


def write_notes(folder: Path, count: int, seed: int = 1) -> list[Path]:
    """`count` notes named by distinct days (2025-03-14.md) in the three years up to END."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    days = sorted(rng.sample(range(3 * 365), count))
    paths = []
    for offset in days:
        path = folder / f"{(START + timedelta(days=offset)):%Y-%m-%d}.md"
        path.write_text(note_text(rng), encoding="utf-8")
        paths.append(path)
    return paths


def _short_text(rng: random.Random, kind: str) -> str:
    """15-60 words: chat lines for messages, note sentences for notes."""
    pool = CHAT_SENTENCES if kind == "message" else SHORT_NOTE_SENTENCES
    target = rng.randint(15, 60)
    parts: list[str] = []
    words = 0
    while words < target:
        sentence = _fill(rng, rng.choice(pool))
        if kind == "message" and not sentence.endswith(("?", "!", ".")):
            sentence += rng.choice([".", "!", "", " :)"])
        parts.append(sentence)
        words += len(sentence.split())
    text = " ".join(parts)
    return " ".join(text.split()[:60])


def make_records(count: int, seed: int = 2) -> Iterator[Record]:
    """`count` short records, each one chunk: messages in chats and quick notes, over three years."""
    rng = random.Random(seed)
    names, weights = list(SOURCES), [share for _, share in SOURCES.values()]
    span = int((END - START).total_seconds())
    for n in range(count):
        source = rng.choices(names, weights)[0]
        kind = SOURCES[source][0]
        when = START + timedelta(seconds=rng.randrange(span))
        if kind == "message":
            chat = rng.choice([*PEOPLE[:12], *GROUPS])
            people = tuple(rng.sample(PEOPLE, rng.randint(1, 3))) if chat in GROUPS else (chat,)
            author = rng.choice(("me", *people))
            yield Record(id=f"{source}:{n:07d}", source=source, kind=kind, timestamp=when,
                         text=_short_text(rng, kind), title=chat, author=author, participants=people,
                         thread=chat, location=f"{source}:{chat}#{n}")
        else:
            yield Record(id=f"{source}:{n:07d}", source=source, kind=kind, timestamp=when,
                         text=_short_text(rng, kind), title=f"{source} {when:%Y-%m-%d}",
                         location=f"{source}/{when:%Y-%m-%d}-{n}.md")


def make_queries(count: int, seed: int = 3) -> list[str]:
    """`count` distinct search queries in the words of the corpus, as a person would type them."""
    rng = random.Random(seed)
    queries: dict[str, None] = {}
    while len(queries) < count:
        queries[_fill(rng, rng.choice(QUERIES))] = None
    return list(queries)
