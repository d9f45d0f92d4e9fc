"""The learner's day: it starts at ``rollover_hour`` (04:00) in their own time zone, like Anki's
"next day starts at". "Due today", daily limits, burying and streaks follow it; fsrs itself knows
only 24-hour periods. Pure Python; naive datetimes raise ``ValueError``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from quizzes.study.scheduling import as_utc


def learner_day(moment: datetime, tz: str, rollover_hour: int = 4) -> date:
    """The learner's calendar day that ``moment`` falls in.

    A day runs from ``rollover_hour`` local time to the next one, so 03:59 local still belongs to
    the day before. Works on local wall-clock time, hence right across DST changes. Raises
    ``ValueError`` for a naive ``moment``, a bad hour or an unknown IANA zone name.
    """
    _check_hour(rollover_hour)
    local = as_utc(moment, "moment").astimezone(_zone(tz))
    return (local.replace(tzinfo=None) - timedelta(hours=rollover_hour)).date()


def day_start(day: date, tz: str, rollover_hour: int = 4) -> datetime:
    """The UTC instant the learner's ``day`` begins (``rollover_hour`` local time on that date).

    DST rule: if that local time happens twice (clocks go back), the day starts at its first
    occurrence; if it does not exist (clocks jump over it), the day starts at the jump, the first
    instant whose local time is past it. Either way ``learner_day(day_start(d)) == d`` and the
    instant just before belongs to the day before. Failures as ``learner_day``.
    """
    _check_hour(rollover_hour)
    zone = _zone(tz)
    wall = datetime.combine(day, time(rollover_hour))
    # zoneinfo maps fold=0 with the offset before a transition and fold=1 with the one after:
    # equal instants mean an ordinary time, earlier fold=0 a repeated one, later fold=0 a gap.
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    second = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    if first <= second:
        return first
    # In a gap: `second` shows a local time before `wall`, `first` one after it. Find the jump
    # by bisection on whole seconds (tz transitions fall on whole seconds).
    low, high = second, first
    while high - low > timedelta(seconds=1):
        middle = low + timedelta(seconds=((high - low) // timedelta(seconds=1)) // 2)
        if middle.astimezone(zone).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
    return high


def next_day_start(moment: datetime, tz: str, rollover_hour: int = 4) -> datetime:
    """The UTC instant the learner's next day begins; "due today" means due before it."""
    today = learner_day(moment, tz, rollover_hour)
    return day_start(today + timedelta(days=1), tz, rollover_hour)


@dataclass(frozen=True)
class DayZone:
    """The zone a learner's days are counted in: ``time_zone``, except that the day in progress
    when they changed zone (with reviews in it) keeps the zone it began in, ``pinned``, until it
    ends at ``until``; the first day in the new zone then starts at ``until``. So a move (or a
    switch back and forth) never starts a day's limits over (docs/study.md)."""

    time_zone: str
    pinned: str = ""
    until: datetime | None = None

    def bounds(self, moment: datetime, rollover_hour: int = 4) -> tuple[date, datetime, datetime]:
        """The learner's day that ``moment`` falls in: its date, its first instant and the first
        instant of the next day (UTC). Failures as ``learner_day``."""
        pinned = self.until is not None and self.pinned and moment < self.until
        tz = self.pinned if pinned else self.time_zone
        day = learner_day(moment, tz, rollover_hour)
        start = day_start(day, tz, rollover_hour)
        end = day_start(day + timedelta(days=1), tz, rollover_hour)
        if self.until is not None and start < self.until <= moment:
            start = self.until  # the new zone's first day begins where the pinned one ended
        return day, start, end


def _check_hour(hour: int) -> None:
    if isinstance(hour, bool) or not isinstance(hour, int) or not 0 <= hour <= 23:
        raise ValueError(f"the day's rollover hour must be 0..23, got {hour!r}")


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {tz!r}") from error
