"""parse_date: the dates people write at the top of notes, and the text that only looks like one."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.dates import parse_date

# A fixed zone east of UTC, written POSIX-style so that no tzdata is needed: naive dates
# must come back in it, so a test cannot pass just because the machine runs on UTC.
LOCAL = timezone(timedelta(hours=5, minutes=30))


def _set_tz(value: str | None) -> None:
    if value is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = value
    time.tzset()


@pytest.fixture
def local_zone() -> Iterator[timezone]:
    saved = os.environ.get("TZ")
    _set_tz("TST-5:30")
    try:
        yield LOCAL
    finally:
        _set_tz(saved)


@pytest.fixture
def west_zone() -> Iterator[None]:
    saved = os.environ.get("TZ")
    _set_tz("WST+5")
    try:
        yield
    finally:
        _set_tz(saved)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=LOCAL)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-04-02", local(2026, 4, 2)),
        ("2026-04-02T09:30", local(2026, 4, 2, 9, 30)),
        ("2026-04-02 09:30:15", local(2026, 4, 2, 9, 30, 15)),
        ("20260402", local(2026, 4, 2)),
        ("2026-4-2", local(2026, 4, 2)),
        ("2026/04/02", local(2026, 4, 2)),
    ],
)
def test_iso_without_offset_is_local_time(local_zone: timezone, text: str, expected: datetime) -> None:
    moment = parse_date(text)
    assert moment == expected
    assert moment is not None and moment.utcoffset() == timedelta(hours=5, minutes=30)


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("2026-04-02T09:30:00+02:00", timedelta(hours=2)),
        ("2026-04-02T09:30:00-07:00", timedelta(hours=-7)),
        ("2026-04-02T09:30:00Z", timedelta(0)),
        ("2026-04-02T09:30+0200", timedelta(hours=2)),
    ],
)
def test_iso_with_offset_keeps_it(local_zone: timezone, text: str, offset: timedelta) -> None:
    moment = parse_date(text)
    assert moment is not None
    assert moment.utcoffset() == offset
    assert (moment.hour, moment.minute) == (9, 30)
    assert moment == datetime(2026, 4, 2, 9, 30, tzinfo=timezone(offset))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thursday, 2 April 2026", local(2026, 4, 2)),
        ("April 2nd, 2026 — Kyoto", local(2026, 4, 2)),
        ("Thursday, April 2nd, 2026", local(2026, 4, 2)),
        ("2. April 2026", local(2026, 4, 2)),
        ("14. März 2026", local(2026, 3, 14)),
        ("14. MÄRZ 2026", local(2026, 3, 14)),
        ("Donnerstag, 2. April 2026", local(2026, 4, 2)),
        ("3. Mai 2026", local(2026, 5, 3)),
        ("1. Dezember 2025", local(2025, 12, 1)),
        ("Thu 2 Apr 2026", local(2026, 4, 2)),
        ("Sept. 3, 2026", local(2026, 9, 3)),
        ("1st of May, 2026", local(2026, 5, 1)),
        ("2 April 2026, 14:30", local(2026, 4, 2, 14, 30)),
    ],
)
def test_written_dates(local_zone: timezone, text: str, expected: datetime) -> None:
    assert parse_date(text) == expected


def test_dotted_date_is_day_first(local_zone: timezone) -> None:
    assert parse_date("02.04.2026") == local(2026, 4, 2)
    assert parse_date("13.01.2026") == local(2026, 1, 13)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("04/02/2026", local(2026, 4, 2)),  # month first by default
        ("4/2/2026", local(2026, 4, 2)),
        ("12/31/2026", local(2026, 12, 31)),
        ("13/02/2026", local(2026, 2, 13)),  # first number above 12: it must be the day
        ("31/12/2026", local(2026, 12, 31)),
    ],
)
def test_slashed_dates(local_zone: timezone, text: str, expected: datetime) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-04-02 standup notes", local(2026, 4, 2)),
        ("2 April 2026 at the lake", local(2026, 4, 2)),
        ("02.04.2026: dentist", local(2026, 4, 2)),
        ("March 3rd 2026: call with Ben", local(2026, 3, 3)),
        ("2026-04-02 09:30 — call", local(2026, 4, 2, 9, 30)),
        ("2026-04-02\nthe rest of the note", local(2026, 4, 2)),
        ("   2 April 2026   ", local(2026, 4, 2)),
    ],
)
def test_trailing_words_after_the_date(local_zone: timezone, text: str, expected: datetime) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2026-13-01",
        "2026-02-31",
        "31 February 2026",
        "31.02.2026",
        "30. Februar 2026",
        "13/13/2026",
        "2026-04-32",
        "13 Foo 2026",
    ],
)
def test_impossible_dates_give_none(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello",
        "2 things to do",
        "12 apples and 3 pears",
        "2026",
        "12345",
        "March 2026",
        "may 2026 be good",
        "2026-04-02x",
        "2 April 20261",
        "02.04.2026.5",
    ],
)
def test_text_that_is_not_a_date_gives_none(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text", ["2026-04-02T09:30:00+02:00 standup", "2026-04-02T09:30:00Z standup"]
)
def test_iso_offset_is_kept_with_trailing_words(local_zone: timezone, text: str) -> None:
    expected = parse_date(text.split(maxsplit=1)[0])
    assert expected is not None and expected.utcoffset() != LOCAL.utcoffset(None)
    assert parse_date(text) == expected
    assert parse_date(text).utcoffset() == expected.utcoffset()  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["0001-01-01", "0001-01-01T00:00"])
def test_year_one_does_not_raise(text: str) -> None:
    moment = parse_date(text)
    assert moment is None or moment.tzinfo is not None


def test_last_minute_of_9999_does_not_raise(west_zone: None) -> None:
    moment = parse_date("9999-12-31T23:59")
    assert moment is None or moment.tzinfo is not None


def test_pm_time_is_not_read_as_morning(local_zone: timezone) -> None:
    moment = parse_date("2 April 2026, 2:30 pm")
    assert moment is not None
    assert moment.hour in (0, 14)


@given(st.text())
def test_random_text_never_raises_and_is_aware(text: str) -> None:
    moment = parse_date(text)
    assert moment is None or moment.utcoffset() is not None


_MONTH_WORDS = ["April", "apr", "März", "Mai", "Sept.", "December", "Okt", "Foo", "of April"]


@st.composite
def datelike(draw: st.DrawFn) -> str:
    """Strings near the formats above, with days and months out of range and trailing text.

    Years stay in 1900–2099: years 1 and 9999 have their own tests.
    """
    year = draw(st.integers(1900, 2099))
    month = draw(st.integers(0, 14))
    day = draw(st.integers(0, 34))
    hour = draw(st.integers(0, 26))
    minute = draw(st.integers(0, 61))
    form = draw(
        st.sampled_from(
            [
                f"{year}-{month:02d}-{day:02d}",
                f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}",
                f"{year}-{month:02d}-{day:02d} {hour}:{minute:02d}+02:00",
                f"{day}. {draw(st.sampled_from(_MONTH_WORDS))} {year}",
                f"{draw(st.sampled_from(_MONTH_WORDS))} {day}th, {year}, {hour}:{minute:02d}",
                f"{day:02d}.{month:02d}.{year}",
                f"{month}/{day}/{year}",
                f"Thursday, {day} {draw(st.sampled_from(_MONTH_WORDS))} {year}",
            ]
        )
    )
    return form + draw(st.sampled_from(["", " ", " notes", ": x", ".", "x", "5", " — Kyoto"]))


@given(datelike())
def test_datelike_text_never_raises_and_is_aware(text: str) -> None:
    moment = parse_date(text)
    assert moment is None or moment.utcoffset() is not None
    if moment is not None:
        assert 1900 <= moment.year <= 2099
