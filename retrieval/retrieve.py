"""Search for a question: its time range and people read first, then the hits of that time
ahead of the rest.

A range read from the question narrows the search when the store holds records of that time;
what the narrowed search finds comes first and the unnarrowed hits fill the list, so a range
read wrongly costs ranks, never the answer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from typing import Any

from retrieval.abstain import asks_of_me_alone, speaks_of_oneself
from retrieval.listing import list_answer, places_count
from retrieval.search import Ranked, Searcher
from retrieval.terms import content_terms
from retrieval.understand import FROM_CATALOG, Understood, spelled_out, understand
from retrieval.when import HOLIDAYS, MONTHS, parse_time
from twin.schema import from_epoch
from twin.store import ChunkRow, Filters

__all__ = ["Retrieval", "retrieve", "with_mark"]


@dataclass(frozen=True)
class Retrieval:
    ranked: list[Ranked]
    understood: Understood
    narrowed: bool
    """Whether the time range found records and so led the ranking."""
    from_catalog: bool = False
    """Whether the answer was read from the catalog's records (a count, a calendar entry, an
    address), not quoted from the hits: no generator rewrites it from the hits."""

    def generated(self) -> bool:
        """Whether a configured generator may write the answer: not one read from the catalog,
        nor one to a question whose form the catalog answers (a count it could not make)."""
        return not self.from_catalog and self.understood.intent not in FROM_CATALOG

    def to_json(self) -> dict[str, Any]:
        data = self.understood.to_json()
        if data["time_range"] is not None:
            data["time_range"]["applied"] = self.narrowed
        return data


def retrieve(searcher: Searcher, question: str, *, k: int | None = None, filters: Filters = Filters(),
             now: datetime | None = None, mode: str = "fused", by_writer: bool = True,
             compact: bool = True, listed: bool = True) -> Retrieval:
    """The hits for `question`; explicit `filters` (`--since`, `--person`) win over what the
    question says. `by_writer`: the lines of the one person the question names count more
    (`[search] author_weight`). `compact`: a chat message's context lines only where they bear
    on the question (`[search] context_similarity`; an answer reads them all). `listed`: a list
    question's records, as its list answer cites them, come first in the fused ranking
    (`_listed_first`; the answer makes that list itself). A question about a person the twin has
    a profile of gets the profile too, as context for the answer (after the hits, so that it
    never pushes evidence out)."""
    question = spelled_out(searcher.store.catalog.people.cased(with_mark(question)))
    found = _retrieve(searcher, question, k=k, filters=filters, now=now, mode=mode, by_writer=by_writer,
                      compact=compact)
    if listed and mode == "fused":  # BM25 or meaning alone stays itself (`twin eval` compares them)
        found = _listed_first(searcher, question, found, filters, compact=compact)
    if not found.understood.people:
        return found
    shown = {r.hit.record_id for r in found.ranked}
    extra = [r for r in _profiles(searcher, found.understood.people) if r.hit.record_id not in shown]
    return replace(found, ranked=found.ranked + extra) if extra else found


_ASKING = re.compile(r"^\s*(?:who|whom|whose|what|whats|when|where|which|why|how|did|do|does|is|are|was|were|has|have"
                     r"|had|can|could|will|would|should)\b.*[^\W_]\s*$", re.I | re.S)


def with_mark(question: str) -> str:
    """A question typed without its question mark, with it: MiniLM reads the two apart, and the
    one with the mark is the better read (bench/personal with every mark left out: answer F1
    37.3 -> 36.3, 5 more answerable questions refused; search within 500 words 77.8 -> 76.8)."""
    return f"{question.rstrip()}?" if _ASKING.match(question) else question


LISTED_FIRST = 12
"""Records of a list answer that lead the hits, at most (a page of short chat lines)."""


def _listed_first(searcher: Searcher, question: str, found: Retrieval, filters: Filters, *,
                  compact: bool) -> Retrieval:
    """For a list question ("Which cities did Sam travel to in 2025?") or a count of places
    ("How many countries did Sam travel to?"): the records the answer lists, in its order, ahead
    of the ranking, within its length (`--k`). The things listed rarely share the question's words
    or meaning ("I'm off to Vienna next week"); the list pass reads them from the catalog
    (listing.py). Counts of other things keep the ranking: the records counted pushed evidence out
    of 200 words (bench/RESULTS.md)."""
    intent, store = found.understood.intent, searcher.store
    if intent == "list":
        answer = list_answer(store, question, found.understood, filters)
    elif intent == "count":
        answer = places_count(store, question, found.understood, filters)
    else:
        return found
    if answer is None or not answer.citations:
        return found
    # A chat line as its own message chunk (with the context lines that share a word with the
    # question, when compact), not the window a citation may name.
    own = {h.chunk_id: f"{h.record_id}#m" for h in answer.citations if h.kind == "message"}
    stored = set(store.catalog.chunk_rows(list(own.values())))
    chunks = [own[h.chunk_id] if own.get(h.chunk_id) in stored else h.chunk_id for h in answer.citations]
    first = searcher.ranked_chunks(list(dict.fromkeys(chunks))[:LISTED_FIRST],
                                   content_terms(question) if compact else None)
    if found.ranked:
        # Placed, not scored by the ranking: shown with the best score of it.
        best = found.ranked[0].hit.score
        first = [replace(r, hit=replace(r.hit, score=best)) for r in first]
    chosen = {r.hit.chunk_id for r in first}
    held = {rid for r in first for rid in r.hit.record_ids or (r.hit.record_id,)}
    # Not again a window of lines already shown ("Bought The Book of Tea" as its message and as
    # the window of it and its reply).
    merged = first + [r for r in found.ranked if r.hit.chunk_id not in chosen
                      and not set(r.hit.record_ids or (r.hit.record_id,)) <= held]
    return replace(found, ranked=merged[:len(found.ranked) or len(first)])


def _profiles(searcher: Searcher, names: tuple[str, ...]) -> list[Ranked]:
    """The profile chunks (`twin profile`) of the people named."""
    catalog = searcher.store.catalog
    aliases = {a.lower() for name in names for a in catalog.people.aliases_of(name)}
    rows = catalog.db.execute(
        "SELECT c.id, r.participants FROM records r JOIN chunks c ON c.record_id = r.id"
        " WHERE r.source = 'twin' AND r.kind = 'profile'").fetchall()
    wanted = [cid for cid, people in rows if aliases & {p.lower() for p in json.loads(people)}]
    return searcher.ranked_chunks(wanted)


def _retrieve(searcher: Searcher, question: str, *, k: int | None, filters: Filters,
              now: datetime | None, mode: str, by_writer: bool = True, compact: bool = True) -> Retrieval:
    catalog = searcher.store.catalog
    people = catalog.people
    understood = understand(question, now=now, anchor=lambda phrase, end: _anchor(searcher, phrase, end),
                            people=people.named_in)
    if filters.person and not filters.aliases:
        filters = replace(filters, aliases=people.aliases_of(filters.person))
    time_range = understood.time_range
    # A list ("which cities did I visit") may weigh meaning more: the things listed rarely share its words.
    listing = understood.intent == "list" and searcher.config.list_dense_weight > 0
    rank = partial(searcher.rank, mode=mode, compact=compact,
                   dense_weight=searcher.config.list_dense_weight if listing else None,
                   authors=_writers(searcher, question, understood.people) if by_writer else ())
    if time_range is not None and not time_range.exact and filters.since is None and filters.until is None:
        size = k or searcher.config.k
        ranked = rank(question, k=size * 3, filters=filters)
        importance = searcher.store.catalog.enrichment.importance([r.hit.chunk_id for r in ranked])
        return Retrieval(recent_first(ranked, now, importance)[:size], understood, False)
    if time_range is None and (parts := two_events(question, understood.people)):
        # "How long after A did B?": each event searched on its own, their hits taken in turn.
        rankings = [rank(question, k=k, filters=filters)] + [rank(part, k=k, filters=filters) for part in parts]
        # As many hits as the whole question's ranking gives (a page by words when k is None).
        return Retrieval(_in_turn(rankings, k or len(rankings[0])), understood, False)
    if time_range is None or filters.since is not None or filters.until is not None:
        return Retrieval(rank(question, k=k, filters=filters), understood, False)
    narrowed = replace(
        filters,
        since=int(time_range.since.timestamp()) if time_range.since else None,
        until=int(time_range.until.timestamp()) if time_range.until else None,
    )
    first = rank(question, k=k, filters=narrowed)
    if not first:
        # A January with a dentist's note is no January of skiing: the next one back may be (but
        # any record of it answers "What did I do in January?").
        asked = content_terms(question) - content_terms(time_range.phrase)
        for moved, moved_filters in _years_back(searcher, understood, filters, now):
            found = rank(question, k=k, filters=moved_filters)
            if not asked or any((r.similarity or 0.0) >= searcher.config.min_similarity
                                or asked & content_terms(r.hit.text) for r in found):
                understood, narrowed, first = moved, moved_filters, found
                break
    if not first:
        return Retrieval(rank(question, k=k, filters=filters), understood, False)
    rest = rank(question, k=k, filters=filters)
    seen = {r.hit.chunk_id for r in first}
    size = k or searcher.config.k
    return Retrieval((first + [r for r in rest if r.hit.chunk_id not in seen])[:size], understood, True)


YEARS_BACK = 5
"""How many years back a yearless time with no records is looked for ("in January", asked in a
January not yet written about: the last January that was)."""
_YEARLESS = re.compile(
    r"^(?:(?:in|on|at|over|during|for|around)\s+)?(?:the\s+)?(?:"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + rf"|spring|summer|autumn|fall|winter|{HOLIDAYS})\.?$", re.I)
"""A time that is a month, a season or a holiday and nothing else: not a day of it ("on 3
March"), a part of it ("early March"), a year or "this/next/last"."""


def _years_back(searcher: Searcher, understood: Understood, filters: Filters,
                now: datetime | None) -> Iterator[tuple[Understood, Filters]]:
    """When the question's time is a month, a season or a holiday named without a year (`_YEARLESS`:
    "in January", "at Christmas"), past or under way, and holds no records: the ones before it
    that do, the most recent first, up to `YEARS_BACK` years back, each with the filters that
    narrow to it. The phrase then names the year ("in January 2025"), so that answers say which
    January. Each year is read as of its last moment, so a movable feast is that year's own
    (Easter 2025 for Easter 2026, not the one before 10 April 2025)."""
    time_range = understood.time_range
    if time_range is None or time_range.since is None or time_range.until is None \
            or not _YEARLESS.match(time_range.phrase.strip()):
        return
    today = now or datetime.now()
    if time_range.since.timestamp() > today.timestamp():
        return  # "What am I doing in August?": the coming one, never the last
    catalog = searcher.store.catalog
    for years in range(1, YEARS_BACK + 1):
        moved = parse_time(time_range.phrase, datetime(today.year - years, 12, 31, 23, 59))
        if moved is None or moved.since is None or moved.until is None or moved.until > time_range.since:
            continue  # "in December", asked in January: last December is the one read already
        narrowed = replace(filters, since=int(moved.since.timestamp()), until=int(moved.until.timestamp()))
        if catalog.chunk_ids(narrowed, 1):
            phrase = f"{time_range.phrase.strip()} {moved.since.year}"
            said = parse_time(phrase, today)
            if said is None or (said.since, said.until) != (moved.since, moved.until):
                phrase = time_range.phrase  # a winter that spans two years is not named by one
            yield replace(understood, time_range=replace(moved, phrase=phrase)), narrowed


def _writers(searcher: Searcher, question: str, people: tuple[str, ...]) -> tuple[str, ...]:
    """Whose chat lines the question is most likely answered by: the one person it names
    ("What did Sam give up?"), or the owner when the asker alone did what is asked ("When did I
    go skiing?"). None when the asker and someone named both are in it ("What did I promise
    Jonas?" is the asker's to say, "What did Jonas tell me?" Jonas's)."""
    table = searcher.store.catalog.people
    if speaks_of_oneself(question):
        if people or not asks_of_me_alone(question):
            return ()
        me = table.me(searcher.config.me)
        return table.aliases_of(me) if me else ()
    return table.aliases_of(people[0]) if len(people) == 1 else ()


WHICH_FIRST = re.compile(r"^\s*which\s+(?:came|happened|was)\s+first\s*[,:]?\s+(?P<a>.+?)\s+or\s+(?P<b>.+?)\s*\??\s*$",
                         re.I)
"""'Which came first, A or B?': the two as asked."""
_TWO_EVENTS = [
    re.compile(r"^\s*how\s+(?:long|many\s+\w+)\s+(?:after|before)\s+(?P<a>.+?),?\s+(?:did|was|were|had|has|could)"
               r"\s+(?P<b>.+?)\s*\??\s*$", re.I),
    re.compile(r"^\s*(?:was|were|did|had)\s+(?P<b>.+?)\s+(?:before\s+or\s+after|after\s+or\s+before)\s+"
               r"(?P<a>.+?)\s*\??\s*$", re.I),
    WHICH_FIRST,
    re.compile(r"^\s*how\s+(?:long|much\s+time|many\s+(?:days|weeks|months|years|nights))\s+"
               r"(?:(?:were|are|was|is)\s+there\s+|(?:was|is)\s+it\s+"
               r"|passed\s+|went\s+by\s+)?between\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)\s*\??\s*$", re.I),
]
"""Questions about two events: how long after one the other happened, or which came first, or
how long between them."""
_PRONOUN = re.compile(r"\b(?:his|her|their|he|she|they|him|them)\b", re.I)
_FOR_WHAT = re.compile(r"\b(?:register(?:ed)?|sign(?:ed)?\s+up|enrol(?:l)?(?:ed)?|appl(?:y|ied)|book(?:ed)?|pa(?:y|id)|"
                       r"train(?:ed)?|prepare[d]?)\s*$", re.I)
"""An act that is done for something, named by itself: "did I register?" is for the other event."""
_THING = re.compile(r"^(?:(?:the|my|our|his|her|their|this|that)\s+[\w'’-]+(?:\s+[\w'’-]+)?|[A-ZÄÖÜ][\w'’-]+)$")
"""An event named as a thing ("the race", "the Frühlingslauf"), not told as a clause."""


def two_events(question: str, people: tuple[str, ...] = ()) -> list[str]:
    """The two events a question compares, a part that says "his" or "her" with the people the
    question names ("his knee started clicking" + "Sam"), or [] for any other question."""
    for pattern in _TWO_EVENTS:
        if match := pattern.match(question):
            firsts = [name.split()[0] for name in people]
            parts = [match.group("a"), match.group("b")]
            if pattern is _TWO_EVENTS[0] and _THING.match(parts[0]):
                # "How long before the race did I sign up for it?": for the race (not "did I buy
                # that jacket", nor "after I got the invoice did I pay": no thing to put there).
                if pronoun := re.search(r"\bfor\s+(?:it|that)\s*$", parts[1], re.I):
                    parts[1] = f"{parts[1][:pronoun.start()]}for {parts[0]}"  # no template: "C:\Temp" is text
                if _FOR_WHAT.search(parts[1]):
                    parts[1] = f"{parts[1]} for {parts[0]}"  # "… did I register?": for the Frühlingslauf
            return [" ".join([part, *firsts]) if _PRONOUN.search(part) and not any(
                f.lower() in part.lower() for f in firsts) else part for part in parts]
    return []


def _in_turn(rankings: list[list[Ranked]], size: int) -> list[Ranked]:
    """The rankings' hits taken in turn (first of each, then second of each, …), each hit once."""
    merged: list[Ranked] = []
    seen: set[str] = set()
    for rank in range(max((len(r) for r in rankings), default=0)):
        for ranking in rankings:
            if rank < len(ranking) and ranking[rank].hit.chunk_id not in seen:
                seen.add(ranking[rank].hit.chunk_id)
                merged.append(ranking[rank])
    return merged[:size]


RECENCY_WEIGHT = 0.3
RECENCY_DECAY = 0.97
"""Per day: a memory of a month ago keeps 40 % of its recency, one of a year ago almost none."""


IMPORTANCE_WEIGHT = 0.1
"""Of enrichment's 1-10 rating, where there is one (the bundled model's ratings are mostly 1
or 10, see bench/RESULTS.md: a small say)."""


def recent_first(ranked: list[Ranked], now: datetime | None, importance: dict[str, int] | None = None) -> list[Ranked]:
    """The generative-agents blend for "lately" and "recently": relevance (the fused score,
    scaled to the best), recency (exponential decay by day) and, for enriched chunks, importance."""
    if not ranked:
        return ranked
    now = (now or datetime.now()).astimezone()
    best = max(r.hit.score for r in ranked) or 1.0

    def blend(r: Ranked) -> float:
        days = max(0.0, (now - r.hit.timestamp).total_seconds() / 86400)
        rated = (importance or {}).get(r.hit.chunk_id)
        weight = 0.0 if rated is None else IMPORTANCE_WEIGHT * (rated - 1) / 9
        return float((1 - RECENCY_WEIGHT) * r.hit.score / best + RECENCY_WEIGHT * RECENCY_DECAY**days + weight)

    return sorted(ranked, key=blend, reverse=True)


def _anchor(searcher: Searcher, phrase: str, end: bool) -> datetime | None:
    """When the event a phrase names ("the move", "my birthday", "the Japan trip") happened: a
    calendar event among the best lexical matches (its end when `end`), else the best match's time."""
    words = phrase.split()
    mine = bool(words) and words[0].lower() in {"my", "our"}
    if words and words[0].lower() in {"my", "our", "the", "his", "her", "their"}:
        words = words[1:]
    catalog = searcher.store.catalog
    found = catalog.lexical(" ".join(words), 5) if words else []
    if not found:
        return None
    rows = catalog.chunk_rows([cid for cid, _ in found])
    ordered = [rows[cid] for cid, _ in found if cid in rows]
    if mine:
        # "my birthday" is not "Tom's birthday": a record that names it only as someone else's
        # is no anchor of one's own.
        said = re.compile(r"(\b(?!(?i:it|that|what|he|she|there|here|who|let)['’]s\b)[\w-]+['’]s\s+"
                          rf"(?:[\w-]+\s+){{0,3}})?\b(?i:{re.escape(words[-1])})")

        def own(row: ChunkRow) -> bool:
            """Whether the text names it as one's own at least once (the title, when the text
            does not name it)."""
            for text in (row.text, row.title):
                if found := [m.group(1) is None for m in said.finditer(text)]:
                    return any(found)
            return False

        ordered = [row for row in ordered if own(row)]
    event = next((row for row in ordered if row.kind == "event"), None)
    if event is not None:
        record = catalog.record_row(event.record_id)
        if end and record is not None and record["end_ts"]:
            # The last moment of it: an all-day event's end is the next midnight.
            return from_epoch(int(record["end_ts"]) - 1, int(record["end_offset"] or 0))
        started: datetime = event.timestamp
        return started
    first: datetime | None = ordered[0].timestamp if ordered else None
    return first
