"""People across sources: every name, address, number and handle the records mention, grouped.

"Anna" in WhatsApp and "Anna Schmidt <anna@example.org>" in mail are one person. Groups form
automatically where it is safe (the same address, the same number, the same full name, a
first name that only one known full name starts with), and by the user's own rules
(`twin people merge|split`), which are kept and win over the automatic ones on every rebuild.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from twin.errors import StoreError

__all__ = ["HONORIFICS", "PEOPLE_SCHEMA", "People", "Person", "parse_alias"]

PEOPLE_SCHEMA = """
CREATE TABLE IF NOT EXISTS people_aliases (
    alias TEXT PRIMARY KEY, person INTEGER NOT NULL, name TEXT NOT NULL, email TEXT NOT NULL,
    phone TEXT NOT NULL, records INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS people_by_person ON people_aliases(person);
CREATE TABLE IF NOT EXISTS people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, records INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS people_conversations (person INTEGER PRIMARY KEY, correspondents INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS people_rules (rule TEXT NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (rule, a, b));
"""
_ADDRESS = re.compile(r"^\s*\"?([^<\"]*?)\"?\s*<([^>]+)>\s*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.\w+$")
_PHONE = re.compile(r"^\+?[\d\s()./-]{7,}$")
_NAME_WORD = re.compile(r"[A-ZÄÖÜÀ-Þ][\w'’-]+")
_SERVICE = re.compile(r"(?:^|<|[\s.-])(?:info|news(?:letters?)?|no-?reply|do-?not-?reply|orders?|notifications?|mailer"
                      r"|marketing|updates|booking|bookings|confirmations?|reservations?|projects?|anmeldung|kurse"
                      r"|team|support|hello|contact|service|office|sales|billing|accounts?|shop|store|kontakt)@", re.I)
"""An address of a shop or a service, not of a person."""
_COMMON_WORDS = frozenset({
    "may", "june", "july", "august", "april", "march", "will", "mark", "rose", "grace", "hope", "joy", "faith", "bill",
    "sunny", "summer", "autumn", "winter", "dawn", "eve", "art", "pat", "max", "jack", "frank", "rich", "ray",
    "the", "and", "for", "with"})
"""Words that name people and are words of the language too: never capitalised as names."""
_KIN_OWNERS = frozenset({"mums", "moms", "dads", "mamas", "papas", "grandmas", "grandpas", "grannys"})
"""A relation typed without its apostrophe: one person's, not several."""
_PRONOUN_I = {"i": "I", "i'm": "I'm", "i’m": "I’m", "i've": "I've", "i’ve": "I’ve", "i'd": "I'd", "i’d": "I’d",
              "i'll": "I'll", "i’ll": "I’ll"}
HONORIFICS = frozenset({"Herr", "Frau", "Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Sir", "Madame", "Monsieur"})


def _titled(surname: str, text: str) -> bool:
    """Whether a text names someone by `surname` after a title: "Herr Kowalski", "Dr. Wu"."""
    titles = "|".join(sorted(HONORIFICS))
    return re.search(rf"\b(?:{titles})\.?\s+{re.escape(surname)}(?![\w-]|['’](?!s\b))", text) is not None


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    aliases: tuple[str, ...]
    records: int

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "aliases": list(self.aliases), "records": self.records}


def parse_alias(raw: str) -> tuple[str, str, str]:
    """(name, email, phone) of a participant string: `Anna Schmidt <anna@x.org>`, `anna@x.org`,
    `+49 170 1234567`, `Anna`."""
    raw = raw.strip()
    if match := _ADDRESS.match(raw):
        return match.group(1).strip(), match.group(2).strip().lower(), ""
    if _EMAIL.match(raw):
        return "", raw.lower(), ""
    if _PHONE.match(raw) and sum(c.isdigit() for c in raw) >= 7:
        return "", "", re.sub(r"\D", "", raw)[-10:]
    return raw, "", ""


class _Groups:
    """Union-find over alias strings."""

    def __init__(self, items: list[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class People:
    """The people table of one catalog database."""

    def __init__(self, db: sqlite3.Connection,
                 transaction: Callable[[], AbstractContextManager[sqlite3.Connection]]) -> None:
        self.db = db
        self.transaction = transaction
        """The catalog's write transaction (BEGIN IMMEDIATE ... COMMIT)."""

    # -- building ------------------------------------------------------------------------

    def rebuild(self) -> int:
        """Regroup every alias the records mention; returns the number of people."""
        counts: Counter[str] = Counter()
        # Who wrote to each alias: the senders of the mail it receives, the other one of each
        # chat of two it writes in (a channel's writers are not writing to each other).
        wrote_to: dict[str, set[str]] = defaultdict(set)
        writers: dict[str, set[str]] = defaultdict(set)
        authors: set[str] = set()
        for author, participants, kind, thread in self.db.execute(
                "SELECT author, participants, kind, thread FROM records"):
            authors.add(author.strip())
            for alias in dict.fromkeys([author, *json.loads(participants)]):
                if alias and alias.strip():
                    counts[alias.strip()] += 1
                    if kind == "email" and author.strip() and alias != author:
                        wrote_to[alias.strip()].add(author.strip())
            if thread and kind == "message" and author.strip():
                writers[thread].add(author.strip())
        for pair in writers.values():
            if len(pair) == 2:
                first, second = sorted(pair)
                wrote_to[first].add(second)
                wrote_to[second].add(first)
        aliases = sorted(counts)
        parsed = {alias: parse_alias(alias) for alias in aliases}
        rules = self.db.execute("SELECT rule, a, b FROM people_rules").fetchall()
        split = {a for rule, a, _ in rules if rule == "split"}
        groups = _Groups(aliases)
        self._merge_automatically(groups, [a for a in aliases if a not in split], parsed)
        for rule, a, b in rules:
            if rule == "merge" and a in groups.parent and b in groups.parent:
                groups.union(a, b)
        members: dict[str, list[str]] = defaultdict(list)
        for alias in aliases:
            members[groups.find(alias)].append(alias)
        with self.transaction():
            self.db.execute("DELETE FROM people_aliases")
            self.db.execute("DELETE FROM people")
            self.db.execute("DELETE FROM people_conversations")
            for number, group in enumerate(sorted(members.values(), key=lambda g: -sum(counts[a] for a in g)), 1):
                self.db.execute("INSERT INTO people VALUES (?, ?, ?)",
                                (number, _display(group, parsed, counts), sum(counts[a] for a in group)))
                # Only someone who writes can be the owner: not a mailing list's address.
                correspondents = {groups.find(b) for a in group for b in wrote_to[a]} - {groups.find(group[0])} \
                    if any(a in authors for a in group) else set()
                self.db.execute("INSERT INTO people_conversations VALUES (?, ?)", (number, len(correspondents)))
                self.db.executemany(
                    "INSERT INTO people_aliases VALUES (?, ?, ?, ?, ?, ?)",
                    [(a, number, *parsed[a], counts[a]) for a in group],
                )
        return len(members)

    @staticmethod
    def _merge_automatically(groups: _Groups, aliases: list[str], parsed: dict[str, tuple[str, str, str]]) -> None:
        by_key: dict[tuple[str, str], str] = {}
        for alias in aliases:
            name, email, phone = parsed[alias]
            keys = [("email", email), ("phone", phone)]
            if len(name.split()) >= 2 or (name and not email and not phone):
                keys.append(("name", name.casefold()))
            for key in keys:
                if not key[1]:
                    continue
                if key in by_key:
                    groups.union(by_key[key], alias)
                else:
                    by_key[key] = alias
        # A lone first name joins the one full name it starts (several: ambiguous, left alone).
        full: dict[str, set[str]] = defaultdict(set)
        for alias in aliases:
            name = parsed[alias][0]
            if len(name.split()) >= 2:
                full[name.split()[0].casefold()].add(groups.find(alias))
        for alias in aliases:
            name = parsed[alias][0]
            if name and len(name.split()) == 1 and len(full.get(name.casefold(), ())) == 1:
                groups.union(next(iter(full[name.casefold()])), alias)

    # -- the user's rules ----------------------------------------------------------------

    def merge(self, a: str, b: str) -> None:
        ids = [self._person_id(a), self._person_id(b)]
        aliases = [self._aliases(i)[0] for i in ids]
        with self.transaction():
            self.db.execute("INSERT OR IGNORE INTO people_rules VALUES ('merge', ?, ?)", aliases)
            for alias in [*self._aliases(ids[0]), *self._aliases(ids[1])]:
                self.db.execute("DELETE FROM people_rules WHERE rule = 'split' AND a = ?", (alias,))
        self.rebuild()

    def split(self, alias: str) -> None:
        """`alias` becomes its own person (and stays so on rebuilds, unless merged again)."""
        row = self.db.execute("SELECT alias FROM people_aliases WHERE alias = ? COLLATE NOCASE", (alias,)).fetchone()
        if row is None:
            raise StoreError(f"no alias {alias!r}: `twin people list` shows them")
        with self.transaction():
            self.db.execute("INSERT OR IGNORE INTO people_rules VALUES ('split', ?, '')", (row[0],))
            self.db.execute("DELETE FROM people_rules WHERE rule = 'merge' AND (a = ? OR b = ?)", (row[0], row[0]))
        self.rebuild()

    # -- reading -------------------------------------------------------------------------

    def everyone(self) -> list[Person]:
        aliases: dict[int, list[str]] = defaultdict(list)
        for alias, person in self.db.execute("SELECT alias, person FROM people_aliases ORDER BY records DESC, alias"):
            aliases[person].append(alias)
        return [Person(pid, name, tuple(aliases[pid]), n)
                for pid, name, n in self.db.execute("SELECT id, name, records FROM people ORDER BY id")]

    def stale(self) -> bool:
        """Whether a rebuild is due without new records: no one yet, or a table from before the
        conversations were counted."""
        people, counted = self.db.execute(
            "SELECT (SELECT count(*) FROM people), (SELECT count(*) FROM people_conversations)").fetchone()
        return not people or people != counted

    def owner(self) -> str | None:
        """Whose records these are, as far as they tell: the person with the most
        correspondents (the senders of the mail they receive, the other one of each chat of two
        they write in; a colleague who writes in many channels has few, a list's address that
        receives many mails but writes none, none), when clearly so: at least two, and more than
        anyone else has. None before the first rebuild that counted them."""
        rows = self.db.execute(
            "SELECT p.name, c.correspondents FROM people_conversations c JOIN people p ON p.id = c.person"
            " ORDER BY c.correspondents DESC, p.records DESC LIMIT 2").fetchall()
        if not rows or rows[0][1] < 2 or (len(rows) > 1 and rows[1][1] == rows[0][1]):
            return None
        return str(rows[0][0])

    def me(self, configured: str = "") -> str | None:
        """The person "I" is in questions: the one `configured` names (`[search] me`), else the
        `owner`; None when neither is known."""
        if configured:
            try:
                found = self.db.execute("SELECT name FROM people WHERE id = ?",
                                        (self._person_id(configured),)).fetchone()
            except StoreError:
                return configured  # not in the records (yet): their name as given
            return str(found[0]) if found else configured
        return self.owner()

    def aliases_of(self, who: str) -> tuple[str, ...]:
        """Every alias of the person `who` names (a name, an alias, an address, a first name);
        just `who` when no one matches."""
        try:
            return tuple(self._aliases(self._person_id(who)))
        except StoreError:
            return (who,)

    def named_in(self, text: str) -> list[str]:
        """The people a text names: by a full name, or by a first name only one person has
        (a word already part of a full name found in the text is not read again alone)."""
        words = {re.sub(r"['’]s$", "", w) for w in _NAME_WORD.findall(text)}
        if not words:
            return []
        found: list[tuple[int, str]] = []
        used: set[str] = set()
        names = self._names()
        for person, name in names:
            parts = name.split()
            if len(parts) >= 2 and all(p in words for p in parts):
                found.append((text.find(parts[0]), person))
                used.update(parts)
        for person, name in names:
            parts = name.split()
            # A first name alone names a person (not "Japan" for "Japan Rail Pass Order"; not after
            # a title, "Mr Jordan", where it is a surname).
            if parts and parts[0] in words and parts[0] not in used and not _titled(parts[0], text) and (
                    len(parts) == 1 or (len(parts) <= 3 and self._first_name_unique(parts[0]))):
                found.append((text.find(parts[0]), person))
        for person, name in names:
            parts = name.split()
            # A title and a surname only one person has: "Herr Kowalski" (not "Herr Berg", Maya's
            # and Tom's; a surname alone is too often a place or a shop's name: "UX Lab Mitte").
            if 2 <= len(parts) <= 3 and parts[-1] in words and parts[-1] not in used and \
                    _titled(parts[-1], text) and self._surname_unique(parts[-1]):
                found.append((text.find(parts[-1]), person))
                used.add(parts[-1])
        return list(dict.fromkeys(person for _, person in sorted(found)))

    def cased(self, text: str) -> str:
        """A question typed all in lower case with the names of people in it capitalised ("who is
        ulrike" → "Who is Ulrike", "whats annas email" → "Whats Anna's email", "i" → "I"), so that
        it is read as one typed with care; any other text as it is. Only names of people who
        write (not a shop's or a service's sender), and none that is a word of the language."""
        if not text or any(ch.isupper() for ch in text):
            return text
        parts: set[str] = set()
        service: dict[str, bool] = {}  # per person, not per alias
        for person, name in self._names():
            words = name.split()
            if not 1 <= len(words) <= 3 or not all(re.fullmatch(r"[^\W\d_][\w'’-]{2,}", w) for w in words):
                continue
            if person not in service:
                service[person] = self._is_service(person)
            if not service[person]:
                parts.update(w.lower() for w in words)
        parts -= _COMMON_WORDS

        def case(match: re.Match[str]) -> str:
            word = match.group(0)
            base, own = re.match(r"(.+?)((?:['’]s)?)$", word).groups()  # type: ignore[union-attr]
            if base in parts:
                return base.title() + own
            if word.endswith("s") and word[:-1] in parts and word not in parts:
                return word[:-1].title() + "'s"  # "annas" → "Anna's"
            if word in _KIN_OWNERS:
                return word[:-1] + "'s"  # "whens mums birthday": mum's, not several mums
            return _PRONOUN_I.get(word, word)

        cased = re.sub(r"[^\W\d_][\w'’-]*", case, text)
        return cased[:1].upper() + cased[1:]

    def _is_service(self, person: str) -> bool:
        """Whether a person of the table is a sender of a shop or a service (info@, booking@, …)."""
        return any(_SERVICE.search(alias) for alias in self._aliases(self._person_id(person)))

    def _surname_unique(self, last: str) -> bool:
        escaped = last.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        row = self.db.execute("SELECT count(DISTINCT person) FROM people_aliases WHERE name LIKE ? ESCAPE '\\'",
                              (f"% {escaped}",)).fetchone()
        return bool(row and row[0] == 1)

    def _names(self) -> list[tuple[str, str]]:
        return [(display, name) for display, name in self.db.execute(
            "SELECT p.name, a.name FROM people_aliases a JOIN people p ON p.id = a.person WHERE a.name != ''"
            " ORDER BY p.records DESC")]

    def _first_name_unique(self, first: str) -> bool:
        rows = self.db.execute(
            "SELECT count(DISTINCT person) FROM people_aliases WHERE name = ? OR name LIKE ?", (first, f"{first} %")
        ).fetchone()
        return bool(rows and rows[0] == 1)

    def _person_id(self, who: str) -> int:
        who = who.strip()
        row = self.db.execute(
            "SELECT person FROM people_aliases WHERE alias = ? COLLATE NOCASE OR email = ? OR name = ? COLLATE NOCASE"
            " UNION SELECT id FROM people WHERE name = ? COLLATE NOCASE",
            (who, who.lower(), who, who),
        ).fetchall()
        if not row:
            row = self.db.execute(
                "SELECT DISTINCT person FROM people_aliases WHERE name LIKE ?", (f"{who} %",)
            ).fetchall()
        if len({r[0] for r in row}) == 1:
            return int(row[0][0])
        if not row:
            raise StoreError(f"no one called {who!r}: `twin people list` shows who is known")
        raise StoreError(f"{who!r} names several people: use a full name or an address")

    def _aliases(self, person: int) -> list[str]:
        return [a for (a,) in self.db.execute(
            "SELECT alias FROM people_aliases WHERE person = ? ORDER BY records DESC, alias", (person,))]


def _display(group: list[str], parsed: dict[str, tuple[str, str, str]], counts: Counter[str]) -> str:
    names = Counter({parsed[a][0]: counts[a] for a in group if parsed[a][0]})
    full = [n for n, _ in names.most_common() if len(n.split()) >= 2]
    if full:
        return full[0]
    if names:
        return names.most_common(1)[0][0]
    return parsed[group[0]][1] or group[0]
