"""Writes the personal benchmark: a year of WhatsApp chat between Nora and Sam, a mailbox and notes,
and questions.jsonl with the evidence messages of each question. Deterministic for a seed.

Run from the repository root: `.venv/bin/python bench/personal/generate.py [--check]`.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # `bench` is not an installed package

from bench.personal.fillers import FILLERS  # noqa: E402
from bench.personal.mail_notes import write_mail, write_notes  # noqa: E402
from bench.personal.questions_cross import ADVERSARIAL, MULTI_HOP, TIME_PHRASES  # noqa: E402
from bench.personal.script import KINDS, NOW, SPEAKERS, Filler, Line, Q, Session  # noqa: E402
from bench.personal.story_autumn import AUTUMN  # noqa: E402
from bench.personal.story_spring import SPRING  # noqa: E402

SEED = 2025
CHAT_FILE = f"WhatsApp Chat with {SPEAKERS['S']}.txt"
AWAY = [  # someone is travelling: no small talk about home is invented on these days
    ("2025-04-24", "2025-04-29"), ("2025-05-14", "2025-05-18"), ("2025-06-16", "2025-06-20"),
    ("2025-07-18", "2025-07-20"), ("2025-09-12", "2025-09-15"), ("2025-10-08", "2025-10-10"),
    ("2025-12-20", "2025-12-31"),
]
CHOICE = re.compile(r"\{([^{}]*\|[^{}]*)\}")
PREFIX = {"single-hop": "sh", "multi-hop": "mh", "temporal": "te", "open-domain": "od", "adversarial": "ad"}
MEDIA = "<Media omitted>"
MERGE = 0.7
"""Share of a person's consecutive lines (within a minute) sent as one message."""
NEEDLE_WORDS = 12
"""Evidence is matched by its first 12 words (retrieval/evaluate.py); they must be unique."""


@dataclass(frozen=True)
class Message:
    speaker: str
    when: datetime
    text: str
    tag: str = ""


class FillerPool:
    """Draws chit-chat for a date: unused fillers first, in a seeded order, then reuses."""

    def __init__(self, fillers: list[Filler], rng: random.Random) -> None:
        self.fillers = fillers
        self.rng = rng
        self.uses = Counter[int]()

    def draw(self, day: date) -> list[tuple[str, str]]:
        valid = [i for i, f in enumerate(self.fillers) if f.since <= day.isoformat() <= f.until]
        least = min(self.uses[i] for i in valid)
        index = self.rng.choice([i for i in valid if self.uses[i] == least])
        self.uses[index] += 1
        first = self.rng.choice("NS")
        cast = {"A": first, "B": "S" if first == "N" else "N", "N": "N", "S": "S"}
        return [(cast[who], CHOICE.sub(lambda m: self.rng.choice(m.group(1).split("|")), text))
                for who, text in self.fillers[index].lines]


def lay_out(session: Session, pool: FillerPool, rng: random.Random, merge: float = 0.0) -> list[Message]:
    """The session's messages with times: replies take minutes, a burst of one person seconds."""
    day = date.fromisoformat(session.day)
    clock = session.when
    messages: list[Message] = []
    for item in session.items():
        if isinstance(item, str):
            jump = datetime.combine(day, time.fromisoformat(item))
            if messages and jump <= messages[-1].when:
                raise ValueError(f"{session.day}: clock jump to {item} goes back in time")
            clock = jump
            continue
        lines = [(item.speaker, item.text, item.tag)] if isinstance(item, Line) else [
            (who, text, "") for _ in range(item) for who, text in pool.draw(day)]
        for speaker, text, tag in lines:
            if messages:
                same = messages[-1].speaker == speaker
                clock += timedelta(minutes=rng.choice([0, 0, 1]) if same else rng.choice([0, 1, 1, 2, 3, 4]))
                if not same and rng.random() < 0.08:
                    clock += timedelta(minutes=rng.randint(5, 25))
            if clock.date() != day:
                raise ValueError(f"{session.day}: the session runs past midnight")
            messages.append(Message(speaker, clock, text, tag))
    return join_bursts(messages, rng, merge)


def join_bursts(messages: list[Message], rng: random.Random, share: float) -> list[Message]:
    """Lines one person sent within a minute become one message (sometimes on several lines), for
    `share` of such pairs: real messages mix a reply with the next topic, and are longer than a line.
    An evidence line always starts its message, so its first words still find it."""
    joined: list[Message] = []
    for message in messages:
        last = joined[-1] if joined else None
        if (last is not None and last.speaker == message.speaker and message.when - last.when <= timedelta(minutes=1)
                and not message.tag and MEDIA not in (last.text, message.text)
                and rng.random() < share):
            glue = "\n" if rng.random() < 0.4 else " "
            joined[-1] = Message(last.speaker, last.when, f"{last.text}{glue}{message.text}", last.tag or message.tag)
        else:
            joined.append(message)
    return joined


def small_talk_days(sessions: list[Session], rng: random.Random) -> list[Session]:
    """A short chat in the middle of each long silence between story sessions (not while away)."""
    days = sorted(date.fromisoformat(s.day) for s in sessions)
    extra: list[Session] = []
    for before, after in pairwise(days):
        if (after - before).days < 7:
            continue
        for _ in range(2 if (after - before).days > 13 else 1):
            day = before + timedelta(days=rng.randint(3, (after - before).days - 3))
            if any(a <= day.isoformat() <= b for a, b in AWAY) or day.isoformat() in {e.day for e in extra}:
                continue
            start = f"{rng.choice([7, 12, 18, 19, 20, 21])}:{rng.randint(0, 5)}{rng.randint(0, 9)}"
            extra.append(Session(day.isoformat(), start.zfill(5), "\n".join(["~"] * rng.randint(3, 6))))
    return extra


def chattier(session: Session, rng: random.Random) -> Session:
    """A story session that goes on with small talk, unless someone is away or it is late."""
    if any(a <= session.day <= b for a, b in AWAY) or session.start >= "21:00" or "@" in session.script:
        return session
    more = rng.choice([1, 1, 2, 2, 3])
    return Session(session.day, session.start, session.script + "~\n" * more, session.questions)


def export_line(message: Message) -> str:
    return f"{message.when:%d/%m/%Y, %H:%M} - {SPEAKERS[message.speaker]}: {message.text}"


def write_chat(messages: list[Message], path: Path) -> None:
    first = messages[0].when - timedelta(minutes=3)
    lines = [f"{first:%d/%m/%Y, %H:%M} - Messages and calls are end-to-end encrypted. No one outside of this "
             "chat, not even WhatsApp, can read or listen to them. Tap to learn more."]
    lines += [export_line(m) for m in messages]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def needle(text: str) -> str:
    return " ".join(text.lower().split()[:NEEDLE_WORDS])


def check_evidence(messages: list[Message], tagged: dict[str, Message], other_texts: list[str]) -> None:
    """Each evidence message must be the only message (and in no mail or note) that holds its needle."""
    texts = [" ".join(m.text.lower().split()) for m in messages]
    others = [" ".join(t.lower().split()) for t in other_texts]
    for tag, message in tagged.items():
        found = sum(needle(message.text) in t for t in texts) + sum(needle(message.text) in t for t in others)
        if found != 1:
            raise ValueError(f"evidence #{tag} is not unique ({found} places): {message.text!r}")
        if len(message.text.split()) < 2:
            raise ValueError(f"evidence #{tag} is too short to match: {message.text!r}")


def question_rows(questions: list[Q], tagged: dict[str, Message]) -> list[dict[str, object]]:
    dates = {tag: m.when.date() for tag, m in tagged.items()}
    counters = Counter[str]()
    rows = []
    for question in questions:
        missing = [t for t in question.tags if t not in tagged]
        if missing:
            raise ValueError(f"{question.question}: no message tagged {missing}")
        counters[question.kind] += 1
        answer = question.answer if isinstance(question.answer, str) else question.answer.render(dates)
        rows.append({
            "id": f"{PREFIX[question.kind]}-{counters[question.kind]:03d}",
            "kind": question.kind,
            "question": question.question,
            "answer": answer,
            "evidence": [{"speaker": SPEAKERS[tagged[t].speaker], "timestamp": tagged[t].when.isoformat(),
                          "text": tagged[t].text} for t in question.tags],
            "now": NOW.isoformat(),
            **({"unanswerable": True} if not question.tags else {}),
        })
    return rows


def build(seed: int = SEED, merge: float = MERGE) -> tuple[list[Message], list[dict[str, object]]]:
    rng = random.Random(seed)
    story = SPRING + AUTUMN
    sessions = sorted([chattier(s, rng) for s in story] + small_talk_days(story, rng), key=lambda s: s.when)
    pool = FillerPool(FILLERS, rng)
    messages = [m for s in sessions for m in lay_out(s, pool, random.Random(f"{seed}:{s.day}"), merge)]
    tagged: dict[str, Message] = {}
    for message in messages:
        if message.tag:
            if message.tag in tagged:
                raise ValueError(f"tag #{message.tag} is used twice")
            tagged[message.tag] = message
    questions = [q for s in story for q in s.questions] + MULTI_HOP + TIME_PHRASES + ADVERSARIAL
    questions.sort(key=lambda q: KINDS.index(q.kind))
    return messages, question_rows(questions, tagged)


def sessions_of(messages: list[Message], gap_minutes: int = 240) -> int:
    return 1 + sum((b.when - a.when) > timedelta(minutes=gap_minutes) for a, b in pairwise(messages))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=HERE, help="Where corpus/ and questions.jsonl go.")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--merge", type=float, default=MERGE, help="Share of a person's quick lines joined.")
    parser.add_argument("--check", action="store_true", help="Build and check, write nothing.")
    args = parser.parse_args(argv)
    messages, rows = build(args.seed, args.merge)
    corpus = args.out / "corpus"
    staging = args.out / ".corpus-new"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    other = write_mail(staging / "mail" / "nora.mbox") + write_notes(staging / "notes")
    tagged = {m.tag: m for m in messages if m.tag}
    check_evidence(messages, tagged, other)
    kinds = Counter(str(r["kind"]) for r in rows)
    print(f"{len(messages)} messages in {sessions_of(messages)} sessions, {len(tagged)} evidence messages, "
          f"{len(rows)} questions: " + ", ".join(f"{k} {kinds[k]}" for k in KINDS), file=sys.stderr)
    if args.check:
        shutil.rmtree(staging)
        return
    write_chat(messages, staging / CHAT_FILE)
    shutil.rmtree(corpus, ignore_errors=True)
    staging.rename(corpus)
    with open(args.out / "questions.jsonl", "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
