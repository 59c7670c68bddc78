"""Profiles: the twin's picture of its person and of each close contact, built from reflections.

Each profile is a record of kind `profile` from source `twin` (one per person, rewritten when
new reflections arrive), whose lines are statements under a heading (interests, habits,
relationships, plans, traits), each citing the reflections it rests on. Search finds it like
any record, so a question about a person ("what would I enjoy doing with Anna?") brings it
along with the raw evidence.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ingest.chunking import split_record
from ingest.guard import clean_line, grounded_in, parse_cited
from ingest.reflect import KIND as REFLECTION
from ingest.reflect import SOURCE
from twin.models.generator import Generator, Message
from twin.schema import Record, from_epoch

if TYPE_CHECKING:
    from twin.store import Store

__all__ = ["CATEGORIES", "Profile", "Statement", "build_profiles", "load_profiles"]

logger = logging.getLogger(__name__)

CATEGORIES = ("interests", "habits", "relationships", "plans", "traits")
MAX_INSIGHTS = 20
SYSTEM = "You describe a person using only the numbered insights about them."
TASK = ("Write up to 5 statements about {who}: their interests, habits, relationships, recurring plans and"
        " personality traits. One per line, like: interests: statement (because of 1, 3)")
_LINE = re.compile(rf"^\s*({'|'.join(CATEGORIES)}|interest|habit|relationship|plan|trait)s?\s*[:-]\s*(.+)$", re.I)


@dataclass(frozen=True)
class Statement:
    category: str
    text: str
    evidence: tuple[str, ...]
    """Ids of the reflection records it rests on."""


@dataclass(frozen=True)
class Profile:
    person: str
    statements: tuple[Statement, ...]

    def to_json(self) -> dict[str, Any]:
        return {"person": self.person, "statements": [
            {"category": s.category, "text": s.text, "evidence": list(s.evidence)} for s in self.statements]}


def _reflections(store: Store) -> list[dict[str, Any]]:
    rows = store.catalog.db.execute(
        "SELECT id, ts, text, participants FROM records WHERE source = ? AND kind = ? ORDER BY ts DESC",
        (SOURCE, REFLECTION)).fetchall()
    return [{"id": rid, "ts": ts, "text": text, "people": json.loads(people)} for rid, ts, text, people in rows]


def build_profiles(store: Store, generator: Generator, *, contacts: int = 3) -> list[Profile]:
    """Rewrite the profile of the person (everyone's reflections) and of the `contacts` people
    most present in the reflections; returns the profiles written."""
    reflections = _reflections(store)
    if not reflections:
        return []
    counts = Counter(p for r in reflections for p in r["people"])
    owner = counts.most_common(1)[0][0] if counts else ""
    wanted = [("me", ""), *[(p, p) for p, _ in counts.most_common(contacts + 1) if p != owner][:contacts]]
    profiles = []
    for label, person in wanted:
        about = [r for r in reflections if not person or person in r["people"]][:MAX_INSIGHTS]
        statements = _statements(generator, about, person if person else "me")
        if statements:
            profile = Profile(label, tuple(statements))
            record = _record(profile, max(r["ts"] for r in about))
            store.write([(record, split_record(record))])
            profiles.append(profile)
    return profiles


def _statements(generator: Generator, about: list[dict[str, Any]], who: str) -> list[Statement]:
    numbered = "\n".join(f"{n}. {r['text']}" for n, r in enumerate(about, 1))
    messages: list[Message] = [{"role": "system", "content": SYSTEM},
                               {"role": "user", "content": f"Insights:\n{numbered}\n\n{TASK.format(who=who)}"}]
    reply = generator.complete(messages, max_tokens=200, temperature=0.0)
    out: list[Statement] = []
    for line in reply.split("\n"):
        line = clean_line(line)
        match = _LINE.match(line)
        text, numbers = parse_cited(match.group(2), len(about)) if match else ("", [])
        cited = [about[i - 1] for i in numbers]
        if match and text and grounded_in(text, [r["text"] for r in cited]):
            category = match.group(1).lower().rstrip("s") + "s"
            out.append(Statement(category, text, tuple(r["id"] for r in cited)))
    return out


def _record(profile: Profile, ts: int) -> Record:
    slug = re.sub(r"\W+", "-", profile.person.lower()).strip("-") or "me"
    title = "Profile: me" if profile.person == "me" else f"Profile: {profile.person}"
    lines = [f"{s.category.capitalize()}: {s.text}." for s in profile.statements]
    people = () if profile.person == "me" else (profile.person,)
    return Record(f"{SOURCE}:profile:{slug}", SOURCE, "profile", from_epoch(ts), "\n".join(lines), title=title,
                  participants=people, location="profile built from reflections",
                  metadata={"profile": json.dumps(profile.to_json())})


def load_profiles(store: Store) -> list[Profile]:
    rows = store.catalog.db.execute(
        "SELECT metadata FROM records WHERE source = ? AND kind = 'profile' ORDER BY title", (SOURCE,)).fetchall()
    out = []
    for (metadata,) in rows:
        data = json.loads(json.loads(metadata).get("profile", "{}"))
        out.append(Profile(data.get("person", ""), tuple(
            Statement(s["category"], s["text"], tuple(s["evidence"])) for s in data.get("statements", []))))
    return out
