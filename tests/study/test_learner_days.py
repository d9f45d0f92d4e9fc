"""The learner's day turns at 04:00 local time, in any zone and across DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes.study.learner_days import day_start, learner_day, next_day_start

START = datetime(2022, 11, 29, 12, 30, tzinfo=UTC)


def local(
    tz: str, year: int, month: int, day: int, hour: int, minute: int, *, fold: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(tz), fold=fold)


@pytest.mark.parametrize("tz", ["America/New_York", "Asia/Tokyo", "Europe/Berlin"])
def test_the_day_turns_at_4am_local(tz: str) -> None:
    assert learner_day(local(tz, 2024, 6, 15, 3, 59) + timedelta(seconds=59), tz) == date(
        2024, 6, 14
    )
    assert learner_day(local(tz, 2024, 6, 15, 4, 0), tz) == date(2024, 6, 15)
    assert learner_day(local(tz, 2024, 6, 15, 23, 59), tz) == date(2024, 6, 15)
    assert day_start(date(2024, 6, 15), tz) == local(tz, 2024, 6, 15, 4, 0)


def test_the_day_in_tokyo_is_not_the_utc_day() -> None:
    # 2024-06-14 20:00 UTC is 05:00 on the 15th in Tokyo and 16:00 on the 14th in New York
    moment = datetime(2024, 6, 14, 20, 0, tzinfo=UTC)
    assert learner_day(moment, "Asia/Tokyo") == date(2024, 6, 15)
    assert learner_day(moment, "America/New_York") == date(2024, 6, 14)
    assert next_day_start(moment, "Asia/Tokyo") == datetime(2024, 6, 15, 19, 0, tzinfo=UTC)


def test_days_across_new_york_dst_changes() -> None:
    tz = "America/New_York"
    # spring forward on 10 March 2024: 04:00 is EDT (UTC-4) that day, EST (UTC-5) the day before
    assert day_start(date(2024, 3, 9), tz) == datetime(2024, 3, 9, 9, 0, tzinfo=UTC)
    assert day_start(date(2024, 3, 10), tz) == datetime(2024, 3, 10, 8, 0, tzinfo=UTC)
    assert day_start(date(2024, 3, 11), tz) == datetime(2024, 3, 11, 8, 0, tzinfo=UTC)
    # the learner's 9 March lasts 23 hours, their 3 November 25
    assert next_day_start(datetime(2024, 3, 9, 12, 0, tzinfo=UTC), tz) == datetime(
        2024, 3, 10, 8, 0, tzinfo=UTC
    )
    length = day_start(date(2024, 11, 3), tz) - day_start(date(2024, 11, 2), tz)
    assert length == timedelta(hours=25)
    # 03:30 EDT on 10 March, straight after the jump, still belongs to the 9th
    assert learner_day(local(tz, 2024, 3, 10, 3, 30), tz) == date(2024, 3, 9)


def test_days_across_a_southern_hemisphere_dst_change() -> None:
    tz = "Australia/Sydney"  # clocks go back from 03:00 to 02:00 on 7 April 2024
    assert day_start(date(2024, 4, 7), tz) == datetime(2024, 4, 6, 18, 0, tzinfo=UTC)  # AEST
    assert day_start(date(2024, 4, 6), tz) == datetime(2024, 4, 5, 17, 0, tzinfo=UTC)  # AEDT
    # both passes through 02:30 on the 7th are before 04:00: still the 6th
    for fold in (0, 1):
        assert learner_day(local(tz, 2024, 4, 7, 2, 30, fold=fold), tz) == date(2024, 4, 6)


def test_a_rollover_hour_that_does_not_exist_starts_the_day_at_the_jump() -> None:
    # New York, 10 March 2024: 02:00 EST jumps to 03:00 EDT at 07:00 UTC
    assert day_start(date(2024, 3, 10), "America/New_York", 2) == datetime(
        2024, 3, 10, 7, 0, tzinfo=UTC
    )
    # Berlin, 31 March 2024: 02:00 CET jumps to 03:00 CEST at 01:00 UTC
    assert day_start(date(2024, 3, 31), "Europe/Berlin", 2) == datetime(
        2024, 3, 31, 1, 0, tzinfo=UTC
    )


def test_a_rollover_hour_that_happens_twice_starts_the_day_at_the_first() -> None:
    # New York, 3 November 2024: 01:00 EDT (05:00 UTC), then again 01:00 EST (06:00 UTC)
    assert day_start(date(2024, 11, 3), "America/New_York", 1) == datetime(
        2024, 11, 3, 5, 0, tzinfo=UTC
    )


ZONES = [
    "America/New_York",
    "Europe/Berlin",
    "Australia/Sydney",
    "Australia/Lord_Howe",  # 30-minute DST shift
    "America/Santiago",  # changes at midnight
    "Asia/Kolkata",
    "Pacific/Chatham",
]


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(date(2000, 1, 1), date(2037, 12, 31)),
    tz=st.sampled_from(ZONES),
    hour=st.integers(0, 23),
)
def test_a_day_starts_where_the_previous_one_ends(day: date, tz: str, hour: int) -> None:
    start = day_start(day, tz, hour)
    assert start.tzinfo is UTC
    assert learner_day(start, tz, hour) == day
    assert learner_day(start - timedelta(microseconds=1), tz, hour) == day - timedelta(days=1)
    assert next_day_start(start, tz, hour) == day_start(day + timedelta(days=1), tz, hour)


def test_day_functions_refuse_bad_input() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        learner_day(datetime(2024, 1, 1), "Europe/Berlin")  # noqa: DTZ001
    with pytest.raises(ValueError, match="rollover hour"):
        day_start(date(2024, 1, 1), "Europe/Berlin", 24)
    with pytest.raises(ValueError, match="unknown time zone"):
        learner_day(START, "Mars/Olympus_Mons")
    with pytest.raises(ValueError, match="unknown time zone"):
        next_day_start(START, "../etc/passwd")
