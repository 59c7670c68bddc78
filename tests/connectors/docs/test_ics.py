"""CalendarConnector: events with zones, all-day spans, people, recurrence and broken events."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from connectors.docs import CalendarConnector
from connectors.docs.schedule import describe_rule
from twin.schema import Inventory, Skipped

from .conftest import inventories, local, read, records, skips, write

CAL = CalendarConnector()
BERLIN = ZoneInfo("Europe/Berlin")


def calendar(*events: str, head: str = "") -> str:
    body = "".join(f"BEGIN:VEVENT\r\n{event.strip()}\r\nEND:VEVENT\r\n" for event in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{head}{body}END:VCALENDAR\r\n"


MEETING = """UID:budget-1@atlas-labs.example
DTSTAMP:20260309T091500Z
DTSTART;TZID=Europe/Berlin:20260312T100000
DTEND;TZID=Europe/Berlin:20260312T104500
SUMMARY:Budget review with Anna
LOCATION:Video call\\, room Spree
ORGANIZER;CN=Anna Schmidt:mailto:anna.schmidt@atlas-labs.example
ATTENDEE;CN="Berg, Maya";PARTSTAT=ACCEPTED:mailto:maya.berg@atlas-labs.example
ATTENDEE;CN=Anna Schmidt:mailto:anna.schmidt@atlas-labs.example
ATTENDEE:mailto:priya.nair@atlas-labs.example
DESCRIPTION:Q2 research budget\\nand the usability study
  dates."""


def test_a_timed_event_with_zone_people_and_place(tmp_path: Path) -> None:
    path = write(tmp_path / "work.ics", calendar(MEETING))
    items = read(CAL, path)
    [event] = records(items)
    resolved = path.resolve()
    assert event.id == f"calendar:{resolved}/budget-1@atlas-labs.example"
    assert event.kind == "event"
    assert event.timestamp == datetime(2026, 3, 12, 10, 0, tzinfo=BERLIN)
    assert event.end == datetime(2026, 3, 12, 10, 45, tzinfo=BERLIN)
    assert event.title == "Budget review with Anna"
    assert event.author == "Anna Schmidt <anna.schmidt@atlas-labs.example>"
    assert event.participants == ("Anna Schmidt <anna.schmidt@atlas-labs.example>",
                                  "Berg, Maya <maya.berg@atlas-labs.example>", "priya.nair@atlas-labs.example")
    assert event.location == str(resolved)  # how to open the original; the place is in text and metadata
    assert event.metadata["place"] == "Video call, room Spree"
    assert event.text == (
        "Budget review with Anna\n"
        "When: Thursday 12 March 2026, 10:00–10:45 (Europe/Berlin)\n"
        "Where: Video call, room Spree\n"
        "Organizer: Anna Schmidt <anna.schmidt@atlas-labs.example>\n"
        "Attendees: Berg, Maya <maya.berg@atlas-labs.example>, Anna Schmidt <anna.schmidt@atlas-labs.example>, "
        "priya.nair@atlas-labs.example\n\n"
        "Q2 research budget\nand the usability study dates."
    )
    assert inventories(items) == [Inventory(f"calendar:{resolved}/", frozenset({event.id}))]


def test_all_day_multi_day_event_is_local_midnight_and_end_is_exclusive(tmp_path: Path) -> None:
    path = write(tmp_path / "trips.ics", calendar(
        "UID:japan\nDTSTART;VALUE=DATE:20260502\nDTEND;VALUE=DATE:20260517\nSUMMARY:Japan with Jonas",
        "UID:tom\nDTSTART;VALUE=DATE:20260418\nSUMMARY:Tom's birthday",
    ))
    japan, tom = records(read(CAL, path))
    assert japan.timestamp == local(2026, 5, 2)
    assert japan.end == local(2026, 5, 17)
    assert "When: Saturday 2 May 2026 to Saturday 16 May 2026 (all day)" in japan.text
    assert japan.metadata["all_day"] is True
    assert tom.end == local(2026, 4, 19)  # a DATE event without an end lasts its day
    assert "When: Saturday 18 April 2026 (all day)" in tom.text


def test_zones_utc_floating_custom_vtimezone_and_duration(tmp_path: Path) -> None:
    vtimezone = (
        "BEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\nBEGIN:STANDARD\r\nDTSTART:16010101T030000\r\n"
        "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\n"
        "BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
    )
    path = write(tmp_path / "zones.ics", calendar(
        "UID:utc\nDTSTART:20260502T080500Z\nDTEND:20260502T090500Z\nSUMMARY:In UTC",
        "UID:floating\nDTSTART:20260312T100000\nDURATION:PT1H30M\nSUMMARY:Floating",
        "UID:outlook\nDTSTART;TZID=W. Europe Standard Time:20260601T090000\nSUMMARY:Outlook zone",
        "UID:tokyo\nDTSTART;TZID=Asia/Tokyo:20260516T104000\nDTEND;TZID=Europe/Berlin:20260516T190500\nSUMMARY:Fly",
        head=vtimezone,
    ))
    utc, floating, outlook, flight = records(read(CAL, path))
    assert utc.timestamp == datetime(2026, 5, 2, 8, 5, tzinfo=UTC)
    assert floating.timestamp == local(2026, 3, 12, 10, 0)
    assert floating.end == floating.timestamp + timedelta(minutes=90)
    assert outlook.timestamp.utcoffset() == timedelta(hours=2)
    assert outlook.end is None
    assert flight.timestamp == datetime(2026, 5, 16, 10, 40, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert "When: Saturday 16 May 2026, 10:40 (Asia/Tokyo) to Saturday 16 May 2026, 19:05 (Europe/Berlin)" in flight.text


def test_an_html_description_becomes_text(tmp_path: Path) -> None:
    path = write(tmp_path / "google.ics", calendar(
        "UID:g\nDTSTART:20260531T080000Z\nSUMMARY:Race\n"
        "DESCRIPTION:Start <b>10:00</b><br>Route: <a href=\"https://x.example\">map</a>"))
    assert records(read(CAL, path))[0].text.endswith("\n\nStart 10:00\nRoute: map")


def test_floating_times_use_the_calendars_default_zone(tmp_path: Path) -> None:
    path = write(tmp_path / "g.ics", calendar("UID:x\nDTSTART:20260312T100000\nSUMMARY:Call",
                                               head="X-WR-TIMEZONE:Asia/Tokyo\r\n"))
    [event] = records(read(CAL, path))
    assert event.timestamp == datetime(2026, 3, 12, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


def test_a_recurring_event_is_one_record_with_its_rule_in_words(tmp_path: Path) -> None:
    path = write(tmp_path / "weekly.ics", calendar(
        "UID:pottery\nDTSTART;TZID=Europe/Berlin:20260602T190000\nDTEND;TZID=Europe/Berlin:20260602T213000\n"
        "RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20260721T170000Z\nSUMMARY:Pottery",
        "UID:standup\nDTSTART;TZID=Europe/Berlin:20260105T093000\nRRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR\n"
        "SUMMARY:Standup",
        "UID:pottery\nRECURRENCE-ID;TZID=Europe/Berlin:20260616T190000\n"
        "DTSTART;TZID=Europe/Berlin:20260617T190000\nSUMMARY:Pottery (moved to Wednesday)",
    ))
    pottery, standup, moved = records(read(CAL, path))
    assert "Repeats weekly on Tuesday, until Tuesday 21 July 2026" in pottery.text
    assert pottery.metadata["rrule"] == "FREQ=WEEKLY;UNTIL=20260721T170000Z;BYDAY=TU"
    assert "Repeats daily on Monday, Tuesday, Wednesday, Thursday, Friday, with no end" in standup.text
    assert moved.id == f"calendar:{path.resolve()}/pottery/20260616T190000"


def test_an_event_with_two_rules_is_one_record_with_both(tmp_path: Path) -> None:
    path = write(tmp_path / "swim.ics", calendar(
        "UID:swim\nDTSTART;TZID=Europe/Berlin:20260602T190000\nRRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=4\n"
        "RRULE:FREQ=WEEKLY;BYDAY=TH;UNTIL=20260702T170000Z\nSUMMARY:Swimming"))
    items = read(CAL, path)
    assert skips(items) == []
    [swim] = records(items)
    assert swim.metadata["rrule"] == "FREQ=WEEKLY;COUNT=4;BYDAY=TU\nFREQ=WEEKLY;UNTIL=20260702T170000Z;BYDAY=TH"
    assert "Repeats weekly on Tuesday, 4 times; and weekly on Thursday, until Thursday 2 July 2026" in swim.text


def test_rdates_are_kept_as_aware_times_and_told(tmp_path: Path) -> None:
    path = write(tmp_path / "extra.ics", calendar(
        # Several properties, a PERIOD (its start), a date on a timed event (at the event's time of day).
        "UID:drawing\nDTSTART;TZID=Europe/Berlin:20260601T180000\nRRULE:FREQ=WEEKLY;COUNT=4\n"
        "RDATE;TZID=Europe/Berlin:20260606T100000,20260607T100000\n"
        "RDATE;VALUE=PERIOD:20260613T080000Z/PT3H\nRDATE;VALUE=DATE:20260620\nSUMMARY:Drawing",
        "UID:market\nDTSTART;VALUE=DATE:20260307\nRDATE;VALUE=DATE:20260401\nSUMMARY:Market",
        # An added day that is also left out is not told as added.
        "UID:flea\nDTSTART;VALUE=DATE:20260606\nRDATE;VALUE=DATE:20260613,20260627\nEXDATE;VALUE=DATE:20260613\n"
        "SUMMARY:Flea market",
    ))
    drawing, market, flea = records(read(CAL, path))
    assert "Also on Saturday 27 June 2026" in flea.text and "13 June" not in flea.text
    assert drawing.metadata["rdate"] == ("2026-06-06T10:00:00+02:00,2026-06-07T10:00:00+02:00,"
                                         "2026-06-13T08:00:00+00:00,2026-06-20T18:00:00+02:00")
    assert ("Also on Saturday 6 June 2026, 10:00; Sunday 7 June 2026, 10:00; Saturday 13 June 2026, 10:00; "
            "Saturday 20 June 2026, 18:00") in drawing.text
    assert market.metadata["rdate"] == local(2026, 4, 1).isoformat()  # a date: local midnight, as EXDATE's
    assert "rrule" not in market.metadata
    assert "Also on Wednesday 1 April 2026\n" in market.text + "\n"


def test_a_malformed_exdate_or_rdate_is_one_warning_and_the_event_is_kept(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = write(tmp_path / "choir.ics", calendar(
        "UID:choir\nDTSTART;TZID=Europe/Berlin:20260602T190000\nRRULE:FREQ=WEEKLY\nEXDATE:notadate\n"
        "EXDATE;TZID=Europe/Berlin:20260609T190000,garbage\nRDATE:PT1H\nSUMMARY:Choir",
        "DTSTART:20260301T100000Z\nEXDATE:never\nSUMMARY:No uid"))
    with caplog.at_level(logging.WARNING, logger="connectors.docs.ics"):
        items = read(CAL, path)
    assert skips(items) == []
    choir, no_uid = records(items)
    assert choir.metadata["exdate"] == "2026-06-09T19:00:00+02:00"  # the good value beside the bad one
    assert "rdate" not in choir.metadata and "exdate" not in no_uid.metadata
    assert [r.getMessage() for r in caplog.records] == [
        f"{path}#choir: left out of RDATE, not a date or time: 'PT1H' (the event is kept)",
        f"{path}#choir: left out of EXDATE, not a date or time: 'notadate', 'garbage' (the event is kept)",
        f"{path}#line=13: left out of EXDATE, not a date or time: 'never' (the event is kept)",
    ]


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ({"FREQ": ["MONTHLY"], "BYDAY": ["-1SU"], "COUNT": [6]}, "Repeats monthly on the last Sunday, 6 times"),
        ({"FREQ": ["WEEKLY"], "INTERVAL": [2], "BYDAY": ["TH"]}, "Repeats every 2 weeks on Thursday, with no end"),
        ({"FREQ": ["YEARLY"], "BYMONTH": [4], "BYMONTHDAY": [18]}, "Repeats yearly on day 18 in April, with no end"),
    ],
)
def test_describe_rule(rule: dict[str, list[object]], words: str) -> None:
    assert describe_rule(rule) == words


def test_an_until_in_utc_is_read_in_the_events_zone() -> None:
    rule = {"FREQ": ["WEEKLY"], "UNTIL": [datetime(2026, 7, 21, 17, 0, tzinfo=UTC)]}
    tokyo = describe_rule(rule, ZoneInfo("Asia/Tokyo"))
    assert tokyo == "Repeats weekly, until Wednesday 22 July 2026"
    assert describe_rule(rule, BERLIN) == "Repeats weekly, until Tuesday 21 July 2026"


def test_a_broken_event_is_one_skip_and_the_rest_go_on(tmp_path: Path) -> None:
    path = write(tmp_path / "mixed.ics", calendar(
        "UID:good-1\nDTSTART:20260301T100000Z\nSUMMARY:First",
        "UID:bad-date\nDTSTART:notadate\nSUMMARY:Broken start",
        "UID:no-start\nSUMMARY:No start at all",
        "UID:good-2\nDTSTART:20260302T100000Z\nSUMMARY:Second",
    ))
    items = read(CAL, path)
    assert [r.title for r in records(items)] == ["First", "Second"]
    bad_date, no_start = skips(items)
    assert bad_date.where == f"{path}#bad-date"
    assert bad_date.why.startswith("broken event: ") and "notadate" in bad_date.why
    assert no_start == Skipped(f"{path}#no-start", "broken event: no DTSTART")
    # What was stored of a broken event is kept until it reads again.
    assert f"calendar:{path.resolve()}/bad-date" in inventories(items)[0].ids


def test_an_event_breaking_a_rule_about_its_end_keeps_its_start(tmp_path: Path) -> None:
    path = write(tmp_path / "outlook.ics", calendar(
        "UID:mixed\nDTSTART;VALUE=DATE:20260301\nDTEND:20260302T100000Z\nSUMMARY:Date start, time end",
        "UID:both\nDTSTART:20260301T100000Z\nDTEND:20260301T110000Z\nDURATION:PT1H\nSUMMARY:End twice",
        "UID:backwards\nDTSTART:20260301T100000Z\nDTEND:20260301T090000Z\nSUMMARY:Ends before it starts",
    ))
    mixed, both, backwards = records(read(CAL, path))
    assert (mixed.timestamp, mixed.end) == (local(2026, 3, 1), None)
    assert both.end is None and backwards.end is None
    assert backwards.timestamp == datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


def test_an_unterminated_event_is_one_skip(tmp_path: Path) -> None:
    text = calendar("UID:ok\nDTSTART:20260301T100000Z\nSUMMARY:Fine").replace(
        "END:VCALENDAR", "BEGIN:VEVENT\r\nUID:cut\r\nDTSTART:20260302T100000Z\r\nEND:VCALENDAR")
    path = write(tmp_path / "cut.ics", text)
    items = read(CAL, path)
    assert [r.title for r in records(items)] == ["Fine"]
    assert skips(items) == [Skipped(f"{path}#line=9", "event without END:VEVENT")]


def test_events_without_uid_and_with_a_repeated_uid_keep_distinct_ids(tmp_path: Path) -> None:
    path = write(tmp_path / "ids.ics", calendar(
        "DTSTART:20260301T100000Z\nSUMMARY:No uid",
        "UID:same\nDTSTART:20260302T100000Z\nSUMMARY:One",
        "UID:same\nDTSTART:20260303T100000Z\nSUMMARY:Two",
    ))
    first, one, two = records(read(CAL, path))
    assert first.id.startswith(f"calendar:{path.resolve()}/event-")
    assert (one.id, two.id) == (f"calendar:{path.resolve()}/same", f"calendar:{path.resolve()}/same#2")
    assert records(read(CAL, path))[0].id == first.id  # stable across runs


def test_bad_calendars(tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.ics", calendar())
    assert skips(read(CAL, empty)) == [Skipped(str(empty), "no events in the calendar")]
    junk = write(tmp_path / "junk.ics", "hello")
    assert read(CAL, junk) == [Skipped(str(junk), "not an iCalendar file (no BEGIN:VCALENDAR)")]
    zero = write(tmp_path / "zero.ics", b"")
    assert read(CAL, zero) == [Skipped(str(zero), "empty file")]


def test_can_read_by_content(tmp_path: Path) -> None:
    assert CAL.can_read(write(tmp_path / "export.txt", "\ufeffBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"))
    assert CAL.can_read(write(tmp_path / "broken.ics", "garbage"))  # ours by name: its skip names it
    assert not CAL.can_read(write(tmp_path / "note.md", "BEGIN:VCALENDAR is how a calendar starts"))
    assert not CAL.can_read(tmp_path)


def test_the_demo_calendar_is_consistent_with_the_bible() -> None:
    demo = Path(__file__).resolve().parents[3] / "data" / "calendar" / "maya.ics"
    items = read(CAL, demo, "calendar")
    assert skips(items) == []
    events = {r.title: r for r in records(items)}
    budget = events["Atlas Q2 research planning with Anna"]
    assert (budget.timestamp, budget.end) == (datetime(2026, 3, 12, 10, 0, tzinfo=BERLIN),
                                              datetime(2026, 3, 12, 10, 45, tzinfo=BERLIN))
    assert {"Maya Berg <maya.berg@atlas-labs.example>", "Anna Schmidt <anna.schmidt@atlas-labs.example>"} <= set(
        budget.participants)
    japan = events["Japan with Jonas"]
    assert (japan.timestamp, japan.end) == (local(2026, 5, 2), local(2026, 5, 17))
    pottery = next(r for r in events.values() if r.title.startswith("Pottery"))
    assert "Repeats weekly on Tuesday, until Tuesday 21 July 2026" in pottery.text
    assert not any("passport" in r.text.lower() for r in events.values())  # the bible: no source holds it
