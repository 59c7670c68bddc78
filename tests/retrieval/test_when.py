"""Time expressions in questions, read against a fixed `now` (Thursday 26 November 2026, Berlin time)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from retrieval.understand import intent_of, understand
from retrieval.when import parse_time

BERLIN = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=BERLIN)


def span(question: str, **kwargs: object) -> tuple[date | None, date | None]:
    found = parse_time(question, NOW, **kwargs)  # type: ignore[arg-type]
    assert found is not None, question
    last = (found.until - timedelta(seconds=1)).date() if found.until else None
    return (found.since.date() if found.since else None), last


@pytest.mark.parametrize(
    ("question", "first", "last"),
    [
        ("How many books did I buy in April?", "2026-04-01", "2026-04-30"),
        ("What did I do in December?", "2025-12-01", "2025-12-31"),  # the latest December that has begun
        # Two months named: both, and any between.
        ("How much did I spend on books in feb and march?", "2026-02-01", "2026-03-31"),
        ("Which books did I buy in March or April 2025?", "2025-03-01", "2025-04-30"),
        ("What did I do February through April?", "2026-02-01", "2026-04-30"),
        ("What happened in November and December?", "2026-11-01", "2026-12-31"),  # December not begun: this one
        ("What did I do in November?", "2026-11-01", "2026-11-30"),
        ("Where was I in April 2023?", "2023-04-01", "2023-04-30"),
        ("Where did we go in spring 2023?", "2023-03-01", "2023-05-31"),
        ("What did we do last summer?", "2026-06-01", "2026-08-31"),
        ("Plans for the winter?", "2025-12-01", "2026-02-28"),
        ("What happened in 2025?", "2025-01-01", "2025-12-31"),
        ("What did I do last week?", "2026-11-16", "2026-11-22"),
        ("What did Tom say this week?", "2026-11-23", "2026-11-29"),
        ("What did I do last weekend?", "2026-11-21", "2026-11-22"),
        ("What did Anna say yesterday?", "2026-11-25", "2026-11-25"),
        ("What happened today?", "2026-11-26", "2026-11-26"),
        ("Where was I two years ago?", "2024-01-01", "2024-12-31"),
        ("What did I do 3 days ago?", "2026-11-23", "2026-11-23"),
        ("What did we plan a month ago?", "2026-10-01", "2026-10-31"),
        ("What did I buy last month?", "2026-10-01", "2026-10-31"),
        ("Trips in the last 3 months", "2026-08-28", "2026-11-26"),
        ("What did Anna say on 12 March?", "2026-03-12", "2026-03-12"),
        ("What did we do on March 12th, 2025?", "2025-03-12", "2025-03-12"),
        ("What happened on 2024-02-29?", "2024-02-29", "2024-02-29"),
        ("What did I do in early May 2026?", "2026-05-01", "2026-05-11"),
        ("What did I do in the first week of June 2026?", "2026-06-01", "2026-06-07"),
        ("What happened the second week of March?", "2026-03-08", "2026-03-14"),
        ("Where was I in the last week of February?", "2026-02-22", "2026-02-28"),
        ("What did I eat last Friday?", "2026-11-20", "2026-11-20"),
        ("What did I do on Monday?", "2026-11-23", "2026-11-23"),
        ("Where was I from the 18th to the 20th of July?", "2026-07-18", "2026-07-20"),
        ("Who came on 3-5 October 2025?", "2025-10-03", "2025-10-05"),
    ],
)
def test_ranges(question: str, first: str, last: str) -> None:
    assert span(question) == (date.fromisoformat(first), date.fromisoformat(last))


@pytest.mark.parametrize(
    "question",
    [
        "Which cities did I visit in Japan?",
        "May I ask what Anna thinks of the budget?",  # "May" the verb
        "Did Lena say she may or may not come?",
        "Who organised the march against the rent increase?",
        "What did I order at Friday's bar?",  # a bare weekday is a name more often than a date
        "What is my passport number?",
    ],
)
def test_no_time_in_question(question: str) -> None:
    assert parse_time(question, NOW) is None


def test_vague_times_prefer_but_do_not_restrict() -> None:
    found = parse_time("What have I been reading lately?", NOW)
    assert found is not None and not found.exact
    assert found.since == NOW - timedelta(days=30) and found.until is None


def test_ranges_anchored_on_an_event() -> None:
    birthday = datetime(2026, 4, 18, 20, 0, tzinfo=BERLIN)
    asked: list[str] = []

    def anchor(phrase: str, end: bool) -> datetime | None:
        asked.append(phrase)
        if "trip" in phrase:  # an event with a length: "after" counts from its end
            return datetime(2026, 5, 16, 20, 0, tzinfo=BERLIN) if end else datetime(2026, 5, 2, 8, 0, tzinfo=BERLIN)
        return birthday if "birthday" in phrase or "move" in phrase else None

    assert parse_time("What did I do the day before Tom's party?", NOW, anchor) is None  # no such event
    assert "Tom's party" in asked
    assert span("What did I do the day before my birthday?", anchor=anchor) == (date(2026, 4, 17), date(2026, 4, 17))
    assert span("Where did I run since the move?", anchor=anchor) == (date(2026, 4, 18), None)
    assert span("What did I read before our move?", anchor=anchor) == (None, date(2026, 4, 17))
    assert "my birthday" in asked
    assert span("How much did I owe Jonas after the Japan trip?", anchor=anchor) == (date(2026, 5, 16), None)
    assert span("What did I pack before the Japan trip?", anchor=anchor) == (None, date(2026, 5, 1))
    assert parse_time("What did I do since the flood?", NOW, anchor) is None  # an event the store doesn't know


def test_range_json_and_label() -> None:
    found = parse_time("books in April", NOW)
    assert found is not None
    assert found.to_json() == {
        "since": "2026-04-01T00:00:00+01:00", "until": "2026-05-01T00:00:00+01:00", "phrase": "in April",
    }
    assert found.label == "1 Apr 2026 – 30 Apr 2026"
    assert found.spelled == "April 2026"


@pytest.mark.parametrize(
    ("phrase", "spelled"),
    [("yesterday", "Sunday 7 May 2023"), ("last year", "2022"), ("last month", "April 2023"),
     ("last week", "1 May 2023 – 7 May 2023")],
)
def test_spelled_dates(phrase: str, spelled: str) -> None:
    found = parse_time(f"I did it {phrase}", datetime(2023, 5, 8, 14, 0))
    assert found is not None and found.spelled == spelled


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("How many books did I buy in April?", "count"),
        ("How often did we go climbing?", "count"),
        ("Which cities did I visit in Japan?", "list"),
        ("List the restaurants I went to with Anna", "list"),
        ("When did I last see Tom?", "last"),
        ("When is Tom's birthday?", "when"),
        ("What did Anna say about the budget?", "lookup"),
        # A time between two days is asked of the two events, not counted.
        ("How many days after getting home from Japan did the study begin?", "lookup"),
        ("How many weeks were there between the hike and the party?", "lookup"),
        ("How many days did I spend in Kyoto?", "count"),
    ],
)
def test_intent(question: str, intent: str) -> None:
    assert intent_of(question) == intent


def test_understand_names_people_through_the_lookup() -> None:
    understood = understand("What did Anna say last week?", now=NOW, people=lambda text: ["Anna Schmidt"])
    assert understood.people == ("Anna Schmidt",)
    assert understood.to_json()["time_range"]["phrase"] == "last week"


@pytest.mark.parametrize(("question", "first", "last"), [
    ("What did I do between 1 May and 3 May?", date(2026, 5, 1), date(2026, 5, 3)),
    ("What did I do between 1 and 3 May?", date(2026, 5, 1), date(2026, 5, 3)),
    ("What did I do from 1 May to 3 May?", date(2026, 5, 1), date(2026, 5, 3)),
    ("What did I buy between March and May with Anna?", date(2026, 3, 1), date(2026, 5, 31)),
    ("Which books did I read from January 2025 to March 2025?", date(2025, 1, 1), date(2025, 3, 31)),
])
def test_a_span_between_two_times(question: str, first: date, last: date) -> None:
    """Each end read on its own ("May" as the month after "between March and"), a bare day
    borrowing the other end's month; the span runs from the first's start to the last's end."""
    assert span(question) == (first, last)


@pytest.mark.parametrize("question", ["Where did I fly from Berlin to Tokyo?", "What did I read between the lines?"])
def test_places_are_no_span(question: str) -> None:
    assert parse_time(question, NOW) is None


@pytest.mark.parametrize(("question", "first", "last"), [
    ("What did I do over Easter?", date(2026, 4, 3), date(2026, 4, 6)),  # Good Friday to Easter Monday
    ("What did I do on Easter Monday 2025?", date(2025, 4, 21), date(2025, 4, 21)),
    ("Where was I at Christmas?", date(2025, 12, 24), date(2025, 12, 26)),  # asked on 26 Nov: last year's
    ("What are we doing next Christmas?", date(2026, 12, 24), date(2026, 12, 26)),
    ("Where did we watch the fireworks on New Year's Eve?", date(2025, 12, 31), date(2025, 12, 31)),
    ("What did I do at Halloween?", date(2026, 10, 31), date(2026, 10, 31)),
    ("What did I get for Valentine's Day 2024?", date(2024, 2, 14), date(2024, 2, 14)),
])
def test_holidays(question: str, first: date, last: date) -> None:
    """Of the year named, else the latest that has begun ("next": the coming one); Easter by the
    Gregorian computus."""
    assert span(question) == (first, last)


def test_a_new_years_resolution_is_no_time() -> None:
    assert parse_time("What was my New Year's resolution?", NOW) is None


def test_since_and_before_a_holiday() -> None:
    assert span("What did I buy since Christmas?") == (date(2025, 12, 24), None)
    assert span("What did I read before Easter?") == (None, date(2026, 4, 2))  # up to Good Friday


@pytest.mark.parametrize(("question", "first", "last", "phrase"), [
    # "since": to the end of today (NOW is 26 November 2026).
    ("How many books did I buy since 1 May?", date(2026, 5, 1), date(2026, 11, 26), "since 1 May"),
    ("What did I buy since May?", date(2026, 5, 1), date(2026, 11, 26), "since May"),  # "May" a month here
    ("Since March, how often did I run?", date(2026, 3, 1), date(2026, 11, 26), "Since March"),
    ("What did I do since last week?", date(2026, 11, 16), date(2026, 11, 26), "since last week"),
    ("What did I do since 2025?", date(2025, 1, 1), date(2026, 11, 26), "since 2025"),
    ("What did I buy since Christmas?", date(2025, 12, 24), date(2026, 11, 26), "since Christmas"),
    ("What did I do from April on?", date(2026, 4, 1), date(2026, 11, 26), "from April on"),
    ("What did I do from 2 May onwards?", date(2026, 5, 2), date(2026, 11, 26), "from 2 May onwards"),
    # "after" leaves the day named out and stays open; "before" leaves it out, "until" keeps it.
    ("What happened after 3 June?", date(2026, 6, 4), None, "after 3 June"),
    ("What did I read before March?", None, date(2026, 2, 28), "before March"),
    ("What did I read until 3 June?", None, date(2026, 6, 3), "until 3 June"),
    # A span next to the day: "the week after", "the day before"; "on or after" keeps the day.
    ("How many books did I buy in the week after 1 March?", date(2026, 3, 2), date(2026, 3, 8),
     "the week after 1 March"),
    ("What did I do the day after 3 June?", date(2026, 6, 4), date(2026, 6, 4), "the day after 3 June"),
    ("Did I run on the day before 3 June?", date(2026, 6, 2), date(2026, 6, 2), "the day before 3 June"),
    ("What happened in the two weeks after 3 June?", date(2026, 6, 4), date(2026, 6, 17),
     "the two weeks after 3 June"),
    ("What did I buy on or after 3 June?", date(2026, 6, 3), None, "on or after 3 June"),
    ("Since 3 June, how many runs?", date(2026, 6, 3), date(2026, 11, 26), "Since 3 June"),  # no comma
    # Not one end of a span: "from ... to", a bare "from May", a month that is a verb.
    ("What did I do from 1 May to 3 June?", date(2026, 5, 1), date(2026, 6, 3), "from 1 May to 3 June"),
    ("What did I do in May?", date(2026, 5, 1), date(2026, 5, 31), "in May"),
])
def test_one_end_of_a_span_in_a_question(question: str, first: date | None, last: date | None, phrase: str) -> None:
    found = parse_time(question, NOW, open_ended=True)
    assert found is not None
    until = (found.until - timedelta(seconds=1)).date() if found.until else None
    assert ((found.since.date() if found.since else None), until, found.phrase) == (first, last, phrase)
    assert understand(question, now=NOW).time_range == found  # what a question is read with


def test_a_line_of_the_records_names_a_day_not_a_span() -> None:
    """In the records, "since 1 May" names when something began: that day, as it always was."""
    assert span("we have lived here since 1 May") == (date(2026, 5, 1), date(2026, 5, 1))


def test_the_last_night_of_something_is_no_time() -> None:
    from retrieval.when import when_said

    written = datetime(2026, 5, 8, 22)
    assert when_said("Back in Kyoto for the last night at the ryokan.", written) is None
    assert when_said("our last night in Kyoto, sad", written) is None
    found = when_said("last night we ate okonomiyaki", written)
    assert found is not None and found.spelled == "Thursday 7 May 2026"
    found = when_said("I told her last night about the new job", written)  # "her" is whom, not whose
    assert found is not None and found.spelled == "Thursday 7 May 2026"


@pytest.mark.parametrize(("written", "line", "spelled"), [
    # A yearless time: the one the tense of its clause points to, else the nearest.
    ("2025-01-02", "mine is the half marathon in Berlin in April", "April 2025"),
    ("2025-11-12", "we adopted Mochi in March, she rules the flat now", "March 2025"),  # a regular past
    ("2026-04-20", "I ran the half marathon in April", "April 2026"),  # past, in the month it names
    ("2025-12-06", "the party was on the 6th of December", "Saturday 6 December 2025"),  # past, that day
    # A movable feast on each year's own day: Easter 2026 (5 April) is four days after 1 April.
    ("2026-04-01", "we'll be at grandma's at Easter", "3 April 2026 – 6 April 2026"),
    ("2026-04-01", "Easter at grandma, as every year", "3 April 2026 – 6 April 2026"),
    ("2026-04-06", "we were at grandma's at Easter", "3 April 2026 – 6 April 2026"),
    ("2026-03-02", "so excited for Easter", "3 April 2026 – 6 April 2026"),  # a feeling, not a past
    # A mail's "attached" and an act done ahead say nothing of when the day they name is.
    ("2026-04-10", "attached is the final screener for the study on 19–21 May", "19 May 2026 – 21 May 2026"),
    ("2026-06-05", "I registered on 3 October", "Friday 3 October 2025"),  # an act done ahead is past
    # A "planning meeting" is a meeting, no plan: the nearest 12 March, six days before.
    ("2026-03-18", "Sent today (follow-up to the planning meeting on 12 March).", "Thursday 12 March 2026"),
    ("2026-03-10", "we plan to meet on 12 March", "Thursday 12 March 2026"),
    # A day of a month it does not name: the one with the weekday it is said with, else by tense.
    ("2025-02-04", "yep, Saturday the 22nd, Kiezbar Lotte from 8.", "Saturday 22 February 2025"),
    ("2025-02-04", "the party is on the 22nd!", "Saturday 22 February 2025"),  # to come
    ("2025-02-04", "we moved in on the 1st", "Saturday 1 February 2025"),  # past
    ("2025-02-04", "we met on the 22nd", "Wednesday 22 January 2025"),  # past
    ("2025-02-04", "still on the 22nd?", "Saturday 22 February 2025"),  # a question asks of a plan
    ("2025-02-04", "how was the party on the 22nd?", "Wednesday 22 January 2025"),  # unless of what was
    ("2025-02-04", "any photos from the party on the 1st?", "Saturday 1 February 2025"),  # a question of what was
    # A weekday's thing is of that day: the last one, or the next when it is to come.
    ("2025-08-18", "Saturday's rain was biblical. our tent was a swimming pool", "Saturday 16 August 2025"),
    ("2025-08-18", "Saturday's party will be huge", "Saturday 23 August 2025"),
    # "On Wednesday": to come when its own clause says so, or the line tells nothing as done.
    ("2026-05-22", "12 sessions, 11 completed (one no-show on Wednesday, the panel will refund the fee).",
     "Wednesday 20 May 2026"),
    ("2026-05-22", "I finished the essay, see you on Wednesday", "Wednesday 27 May 2026"),
    ("2025-03-29", "my mum lands on Tuesday!! she's staying ten days", "Tuesday 1 April 2025"),
    # "Next weekend" on a Friday is the one after tomorrow's ("this weekend"); earlier in the week, the coming one.
    ("2025-08-08", "festival next weekend!! I have the tent", "16 August 2025 – 17 August 2025"),
    ("2025-08-05", "festival next weekend!! I have the tent", "9 August 2025 – 10 August 2025"),
    ("2025-08-08", "festival this weekend!! I have the tent", "9 August 2025 – 10 August 2025"),
    # A request told in the past: its day is of what was asked for, the nearest (it was 3 June 2025).
    ("2026-05-22", "She wants findings 1 and 3 in the release and asked for a short readout on 3 June.",
     "Wednesday 3 June 2026"),
    ("2026-05-22", "we went to the lake on 3 June", "Tuesday 3 June 2025"),
    ("2026-05-22", "we wanted to go to the lake on 3 June but it rained", "Tuesday 3 June 2025"),  # no request
])
def test_a_time_a_line_names_is_read_as_of_the_line(written: str, line: str, spelled: str) -> None:
    from retrieval.when import when_said

    found = when_said(line, datetime.fromisoformat(written).replace(hour=12))
    assert found is not None and found.spelled == spelled


def test_the_29th_of_february_before_it_comes_in_a_leap_year() -> None:
    """Read as of a day in February 2028 before the 29th: the last 29 February, not a crash."""
    found = parse_time("on the 29th of February", datetime(2028, 2, 10, 12))
    assert found is not None and found.since is not None and found.since.date() == date(2024, 2, 29)


@pytest.mark.parametrize("line", ["I live on the 4th floor", "it was the 3rd time", "the 2nd book",
                                  "I was the 3rd in my age group!", "rain again, the 5th in a row!",
                                  "Sent Anna the 4th and final draft", "May the 22nd works for the BBQ"])
def test_an_ordinal_that_is_no_day(line: str) -> None:
    assert parse_time(line, datetime(2025, 2, 4, 12)) is None


@pytest.mark.parametrize(("question", "spelled", "phrase"), [
    ("What was I doing the week of 16 February?", "16 February 2026 – 22 February 2026", "the week of 16 February"),
    ("What did I do in the week of Wednesday 18 February?", "16 February 2026 – 22 February 2026",
     "in the week of Wednesday 18 February"),
    ("What did I do on the evening of 2 June?", "Tuesday 2 June 2026", "on the evening of 2 June"),
    ("What did I do over the weekend of 16 February?", "21 February 2026 – 22 February 2026",
     "over the weekend of 16 February"),
])
def test_a_day_named_as_part_of_a_week_or_of_a_day(question: str, spelled: str, phrase: str) -> None:
    understood = understand(question, now=datetime(2026, 6, 20, 12))
    assert understood.time_range is not None and understood.time_range.spelled == spelled
    assert understood.time_range.phrase == phrase
    assert understood.intent == "period"  # what happened then, nothing else asked


@pytest.mark.parametrize(("question", "day"), [
    ("What am I doing tomorrow?", "2026-11-27"),
    ("Do I have anything on tomorrow?", "2026-11-27"),
    ("What did Jonas say he would do tomorrow?", None),  # a past line's "tomorrow" is not now's
    ("What am I doing the day after tomorrow?", None),  # another day counted from it
    ("What am I doing a week from tomorrow?", None),
    ("Which messages mention tomorrow?", None),  # the word itself
    ("Who wrote 'see you tomorrow'?", None),
    ("When did I finish Tomorrow, and Tomorrow, and Tomorrow?", None),  # a title
])
def test_tomorrow_is_read_in_a_question_of_what_is_to_come(question: str, day: str | None) -> None:
    """"What am I doing tomorrow?" read no time; the parser itself still reads no "tomorrow"
    (counts and lists date events with it: "Ran 8 km, swimming tomorrow" is no swim that day)."""
    from retrieval.understand import understand

    found = understand(question, now=NOW).time_range
    assert (found.since.date().isoformat() if found is not None and found.since else None) == day
    assert parse_time(question, NOW) is None
    assert parse_time("Ran 8 km, swimming tomorrow", NOW) is None


@pytest.mark.parametrize(("question", "phrase", "month"), [
    # A month said as the name of a payment: the rent of April was settled in March.
    ("How much was the April rent?", None, "April"),
    ("How much was the June bill?", None, "June"),
    # A month said as the time asked, or of a time ("the April weekend"), or of other things.
    ("How much was the rent in April?", "in April", None),
    ("What did I do in April?", "in April", None),
    ("What did we do the April weekend in Hamburg?", "April", None),
    ("How much did I spend on the April books?", "April", None),  # a review: April's books
    ("How much was the April rent last year?", "April", None),  # a year named: April 2025 is the time asked
])
def test_a_month_that_names_a_payment_is_no_time_asked(question: str, phrase: str | None, month: str | None) -> None:
    understood = understand(question, now=datetime(2026, 6, 20, 12))
    found = understood.time_range
    assert (found.phrase if found is not None else None) == phrase
    assert (understood.month or None) == month
    assert understood.to_json().get("month") == month  # the user sees what became of the month


def test_a_payment_named_by_its_month_is_answered_by_a_line_that_names_it() -> None:
    """"How much was the June rent?" was answered 1,040 EUR from the line of July's new rent."""
    from retrieval.answer import Sentence, _of_month
    from retrieval.search import Ranked
    from retrieval.understand import Understood
    from twin.schema import Hit

    def line(text: str) -> Sentence:
        hit = Hit(text, 1.0, "n", "n#0", "files", "note", datetime(2026, 4, 8, tzinfo=UTC), "Rent", (), "")
        return Sentence(text, Ranked(hit, 0.5, None, ""), 0.5, 0.5)

    july, april = line("From 1 July the rent is 1,040 EUR."), line("The April rent will be 860 EUR.")
    assert _of_month(Understood("q", month="June"), [july, april]) == []
    assert _of_month(Understood("q", month="April"), [july, april]) == [april]
    assert _of_month(Understood("q"), [july, april]) == [july, april]


def _short_of(question: str, line: str, written: datetime, kind: str = "note") -> str:
    """The span `short_answer` reads from `line`, a record of `kind` written at `written`."""
    from retrieval.answer import short_answer
    from twin.schema import Hit

    hit = Hit(line, 1.0, "r", "r#0", "files", kind, written, "Notes", (), "")
    return short_answer(question, line, hit)


@pytest.mark.parametrize(("line", "spelled"), [
    # The item's own day is when it was said; the day its rest names is when it happens.
    ("Mon 2 Mar: Kowalski: the plumber will come on 6 March.", "6 March 2026"),
    ("**Mon 2 Mar**: Kowalski says the plumber will come on Friday.", "6 March 2026"),
    # An item whose rest names no day of its own is of its day.
    ("Fri 6 Mar: the plumber comes. The valve body is cracked.", "6 March 2026"),
    ("Wed 11 Mar: the plumber came again, 8:00–11:30.", "11 March 2026"),
])
def test_a_timeline_item_is_read_as_of_its_own_day(line: str, spelled: str) -> None:
    """"When did the plumber first come?" was answered 2 March, the day a timeline's item said
    he would come on 6 March (the note itself written on 20 March)."""
    assert _short_of("When did the plumber first come?", line, datetime(2026, 3, 20, 12, tzinfo=UTC)) == spelled


@pytest.mark.parametrize(("question", "line", "code"), [
    ("whats the booking ref for the flights", "your flights are booked. Booking reference: FX7K2Q", "FX7K2Q"),
    ("What is the booking reference?", "Booking reference FX7K2Q (flights.example).", "FX7K2Q"),
    ("What was the order number for the books?", "Order confirmation, order no. 100234, 2 books", "100234"),
    # No code told: nothing read ("the reference to the study" is no code).
    ("What is the booking reference?", "I made a reference to the study in 2026.", ""),
    ("What was the order number?", "Your order is on its way.", ""),
])
def test_a_code_asked_for_is_read_after_what_it_is(question: str, line: str, code: str) -> None:
    assert _short_of(question, line, datetime(2026, 3, 17, 12, tzinfo=UTC), kind="email") == code


@pytest.mark.parametrize(("question", "amount"), [
    ("How much did the JR passes cost in euros?", "615 EUR"),
    ("How much did the JR passes cost in EUR?", "615 EUR"),
    ("How much did the JR passes cost in yen?", "¥50,000 each"),
    ("How much did the JR passes cost?", "¥50,000 each"),
])
def test_an_amount_in_the_currency_asked(question: str, amount: str) -> None:
    """"How much did the JR passes cost in euros?" was answered "¥50,000 each", the first amount
    of a line that goes on "about 615 EUR at today's rate"."""
    line = "Ordered two 7-day Japan Rail Passes online: ¥50,000 each, so ¥100,000 for both, about 615 EUR at today's rate."
    assert _short_of(question, line, datetime(2026, 4, 2, 12, tzinfo=UTC)) == amount


@pytest.mark.parametrize(("question", "line", "taken"), [
    ("How long do I boil the eggs?", "Ramen eggs: boil eggs 6 min 30 s, straight into ice water.", "6 min 30 s"),
    ("How long was the call?", "The call took 1 hour and 20 minutes.", "1 hour 20 minutes"),
    ("How long was the call?", "The call took 20 minutes, 3 people.", "20 minutes"),  # no smaller part
    ("How long do I bake it?", "Bake 40 min at 200 degrees.", "40 min"),
])
def test_a_time_taken_with_its_smaller_part(question: str, line: str, taken: str) -> None:
    """"How long do I boil the eggs for ramen eggs" was answered "6 min" of "6 min 30 s"."""
    assert _short_of(question, line, datetime(2026, 4, 2, 12, tzinfo=UTC)) == taken



@pytest.mark.parametrize(("question", "line", "day"), [
    # The rest's day is another thing's: the item's own day stays (a review of _past_label).
    ("When did I book the flights to Lisbon?", "Tue 17 Mar: flights to Lisbon booked for 2 May", "17 March 2026"),
    ("When did I send the second email?", "Tue 24 Feb: second email, deadline Friday 6 March", "24 February 2026"),
])
def test_a_timeline_item_keeps_its_day_for_another_things_time(question: str, line: str, day: str) -> None:
    from retrieval.answer import _past_label, _text_of_act
    from retrieval.when import when_said

    text, written = _past_label(_text_of_act(line, question, frozenset()), datetime(2026, 3, 20, 12, tzinfo=UTC))
    found = when_said(text, written)
    assert found is not None and found.since is not None
    assert f"{found.since.day} {found.since:%B %Y}" == day


def test_a_code_is_the_one_the_question_names() -> None:
    from retrieval.answer import _code_of

    assert _code_of("what is the wifi code", "Door code 4711, wifi code X7K9Q2 in the hall") == "X7K9Q2"
    assert _code_of("what is the wifi code", "Door code 4711") == ""


def test_two_currencies_named_pick_neither() -> None:
    """"How much yen did I get for my euros?" read a currency from a set: a different one from run
    to run."""
    from retrieval.answer import _in_currency

    text = "Changed 400 EUR into ¥60,000 at the airport."
    assert _in_currency(text, "much", {"how", "much", "yen", "euros"}) == text
    assert _in_currency(text, "much", {"how", "much", "yen"}).startswith("¥60,000")
