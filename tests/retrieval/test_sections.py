"""A list a note keeps under a heading, asked for by the heading's plural."""

from __future__ import annotations

import re

from retrieval import Answerer
from retrieval.sections import _items_under
from twin.store import Store

from .records import NOW, answerer_over
from .records import dated as rec

DEBRIEF = """# Friday, 22 May 2026

Usability study debrief, with Priya.

## Top findings

1. **People don't trust the "fastest route" label.** 8 of 11 opened the details to check it.
2. **Ticket purchase works.** 10 of 11 bought a day ticket without help.
3. Small stuff: the favourites star is invisible. The toggle confuses.

## Next

- Clip reel for the readout: me
"""

GIFTS = """## Gift ideas

- ~~a new bike lock~~ (boring, he'll just lose it)
- **an old Polaroid camera**: he's been taking photos of everything lately.

Budget: up to 150 EUR.
"""


def _answerer(store: Store) -> Answerer:
    return answerer_over(store, [
        rec("n:1", 5, 22, "note", "Study debrief", DEBRIEF),
        rec("n:2", 4, 5, "note", "Tom's birthday", GIFTS),
        rec("n:3", 3, 2, "note", "Week", "## Findings\n\n- only one\n\nThat was all."),
        rec("n:4", 3, 15, "note", "Japan", "## Plans\n\n- Tokyo, three nights\n- Kyoto, two nights\n"),
    ])


def test_the_items_under_the_heading_asked_for(store: Store) -> None:
    """"What were the findings of the usability study?" quoted a mail that the study is presented
    today; the note lists them under "## Top findings": each item's head, in order, cited."""
    answer = _answerer(store).ask("What were the findings of the usability study?", now=NOW)
    assert answer.answer == ("People don't trust the \"fastest route\" label; Ticket purchase works; "
                             "Small stuff: the favourites star is invisible [1]"), answer.text
    assert [h.record_id for h in answer.citations] == ["n:1"]
    assert answer.quotes.splitlines()[0] == "- People don't trust the \"fastest route\" label"


def test_an_item_struck_through_is_said_to_be(store: Store) -> None:
    answer = _answerer(store).ask("What are my gift ideas for Tom?", now=NOW)
    assert answer.answer == "a new bike lock (crossed out); an old Polaroid camera [1]", answer.text


def test_no_list_of_that_name_is_no_such_answer(store: Store) -> None:
    """A heading with one item is no list, nor is a list of that name in a note about something else."""
    findings = re.compile(r"\bfindings?\b", re.I)
    assert _items_under("## Findings\n\n- only one\n\nThat was all.", findings) == []
    assert _items_under(DEBRIEF, re.compile(r"\bsteps?\b", re.I)) == []
    answerer = _answerer(store)
    assert "(crossed out)" not in answerer.ask("What was the budget for Tom's present?", now=NOW).answer
    # The rest of what is asked must be the note's too: Saturday's plans are not the trip's.
    assert not answerer.ask("What are my plans for Saturday?", now=NOW).answer.startswith("Tokyo")
    assert answerer.ask("What are my plans for Japan?", now=NOW).answer.startswith("Tokyo, three nights; Kyoto")


LISTS = """# Japan, 2–16 May

## Jonas's list
- Kyoto gardens: Ryōan-ji, Saihō-ji
- Nara: Tōdai-ji and the deer

## My list
- a real ryokan with a kaiseki dinner
- run along the Kamo river at least once
"""


def test_whose_list_is_the_heading_that_says_so(store: Store) -> None:
    """"What was on my list for the Japan trip?" quoted Jonas's list, the first one under a
    "list" heading; "my" is the heading "My list", "Jonas's" his."""
    answerer = answerer_over(store, [rec("n:1", 3, 15, "note", "Japan trip – route plan", LISTS)])
    mine = answerer.ask("What was on my list for the Japan trip?", now=NOW)
    assert mine.answer == "a real ryokan with a kaiseki dinner; run along the Kamo river at least once [1]", mine.text
    his = answerer.ask("What's on Jonas's list for Japan?", now=NOW)
    assert his.answer.startswith("Kyoto gardens: Ryōan-ji, Saihō-ji; Nara"), his.text
    assert _items_under(LISTS, re.compile(r"\blist\b")) == ["Kyoto gardens: Ryōan-ji, Saihō-ji",
                                                           "Nara: Tōdai-ji and the deer"]
