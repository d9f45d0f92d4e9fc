"""Geometry for the server-rendered SVG charts: the due forecast (bars) and the study calendar.

Plain Python: these functions only place shapes and write labels; the templates
(``partials/_chart_bars.html``, ``partials/_chart_calendar.html``) draw them as SVG — escaped like
any other template text — with a title, axis labels and a table giving the same numbers in words.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

# The calendar's shades: a day with at least this many reviews and answers gets that level.
CALENDAR_LEVELS = (1, 10, 25, 50)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str  # for the tooltip and the table: "Thu 12 Mar: 4 cards"


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass
class BarChart:
    title: str
    description: str
    x_label: str
    y_label: str
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    bars: list[Bar] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    rows: list[tuple[str, int]] = field(default_factory=list)  # the text equivalent

    @property
    def x_label_x(self) -> float:
        return (self.left + self.right) / 2

    @property
    def y_label_y(self) -> float:
        return (self.top + self.bottom) / 2


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5 × 10ⁿ (n ≥ 0) that is at least ``value`` (4 for tiny values), so
    the axis has round ticks."""
    if value <= 4:
        return 4
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def tick_step(top: int) -> int:
    """A round step (1, 2, 5 × 10ⁿ) giving at most five intervals up to ``top``."""
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if top / (step * magnitude) <= 5:
                return step * magnitude
        magnitude *= 10


def day_label(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} {day:%b}"


def forecast_chart(days: Sequence[tuple[date, int]], *, today: date) -> BarChart:
    """A bar per day: cards due on each of the coming days (today first, overdue included)."""
    chart = BarChart(
        title="Cards due in the next 30 days",
        description="",
        x_label="Day (today first)",
        y_label="Cards due",
        width=480,
        height=250,
        left=44,
        top=14,
        right=472,
        bottom=198,
    )
    total = sum(count for _, count in days)
    busiest = max(days, key=lambda pair: pair[1], default=(today, 0))
    chart.description = (
        f"{total} card{'s' if total != 1 else ''} due over the next {len(days)} days"
        + (f"; the busiest day is {day_label(busiest[0])} with {busiest[1]}." if total else ".")
    )
    top_value = nice_ceiling(max((count for _, count in days), default=0))
    plot_height = chart.bottom - chart.top
    slot = (chart.right - chart.left) / max(len(days), 1)
    for n, (day, count) in enumerate(days):
        height = plot_height * count / top_value
        label = f"{'Today' if day == today else day_label(day)}: {count} card{'s' if count != 1 else ''}"
        chart.bars.append(
            Bar(
                x=round(chart.left + n * slot + slot * 0.15, 2),
                y=round(chart.bottom - height, 2),
                width=round(slot * 0.7, 2),
                height=round(height, 2),
                value=count,
                label=label,
            )
        )
        chart.rows.append(("Today" if day == today else day_label(day), count))
        if n % 7 == 0:
            text = "Today" if day == today else f"{day.day} {day:%b}"
            chart.x_ticks.append(Tick(round(chart.left + (n + 0.5) * slot, 2), text))
    tick = tick_step(top_value)
    for value in range(0, top_value + 1, tick):
        chart.y_ticks.append(
            Tick(round(chart.bottom - plot_height * value / top_value, 2), str(value))
        )
    return chart


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    level: int
    label: str


@dataclass
class Calendar:
    title: str
    description: str
    width: int
    height: int
    cell: int
    cells: list[Cell] = field(default_factory=list)
    months: list[Tick] = field(default_factory=list)
    weekdays: list[Tick] = field(default_factory=list)
    rows: list[tuple[str, int, int, int]] = field(
        default_factory=list
    )  # month, days, reviews, answers
    legend: list[tuple[int, str]] = field(default_factory=list)


def calendar_level(total: int) -> int:
    return sum(total >= threshold for threshold in CALENDAR_LEVELS)


def calendar_chart(
    activity: Mapping[date, tuple[int, int]], *, start: date, today: date
) -> Calendar:
    """A year of days as a grid, a column per week (Monday on top), shaded by activity.

    ``activity`` maps a day to ``(reviews, answers)``. The text equivalent sums each month.
    """
    size, gap, left, top = 11, 2, 32, 20
    step = size + gap
    first_monday = start - timedelta(days=start.weekday())
    weeks = (today - first_monday).days // 7 + 1
    chart = Calendar(
        title="Study calendar: the past year",
        description="",
        width=left + weeks * step,
        height=top + 7 * step + 4,
        cell=size,
    )
    months: dict[str, list[int]] = {}
    active_days = 0
    day = start
    while day <= today:
        reviews, answers = activity.get(day, (0, 0))
        column = (day - first_monday).days // 7
        total = reviews + answers
        active_days += total > 0
        chart.cells.append(
            Cell(
                x=left + column * step,
                y=top + day.weekday() * step,
                level=calendar_level(total),
                label=f"{day_label(day)} {day.year}: {reviews} review{'s' if reviews != 1 else ''}, "
                f"{answers} answer{'s' if answers != 1 else ''}",
            )
        )
        key = f"{day:%B %Y}"
        if key not in months:
            months[key] = [0, 0, 0]
            x = left + column * step
            # Labels need three columns of room: a month begun too soon after the previous
            # label (the partial month the year starts in) takes that label's place.
            if chart.months and x - chart.months[-1].position < 3 * step:
                chart.months.pop()
            chart.months.append(Tick(x, f"{day:%b}"))
        months[key][0] += total > 0
        months[key][1] += reviews
        months[key][2] += answers
        day += timedelta(days=1)
    chart.weekdays = [Tick(top + i * step + size - 1, WEEKDAYS[i]) for i in (0, 2, 4)]
    chart.rows = [
        (month, active, reviewed, answered)
        for month, (active, reviewed, answered) in months.items()
    ]
    reviews = sum(row[2] for row in chart.rows)
    answers = sum(row[3] for row in chart.rows)
    chart.description = (
        f"Studied on {active_days} of the last {(today - start).days + 1} days: "
        f"{reviews} card reviews and {answers} answered questions."
    )
    bounds = (*CALENDAR_LEVELS, None)
    chart.legend = [(0, "none")] + [
        (level + 1, f"{low}+" if high is None else f"{low}–{high - 1}")
        for level, (low, high) in enumerate(zip(CALENDAR_LEVELS, bounds[1:], strict=True))
    ]
    return chart
