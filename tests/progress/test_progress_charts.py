"""The SVG charts' geometry and words (plain functions, no database)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from quizzes.core.web.charts import (
    calendar_chart,
    calendar_level,
    forecast_chart,
    nice_ceiling,
    tick_step,
)

TODAY = date(2026, 3, 10)  # a Tuesday


@pytest.mark.parametrize(("top", "step"), [(4, 1), (5, 1), (10, 2), (20, 5), (50, 10), (200, 50)])
def test_axis_ticks_are_round_and_at_most_five_intervals(top, step):
    assert tick_step(top) == step


@pytest.mark.parametrize(
    ("value", "ceiling"), [(0, 4), (3, 4), (5, 5), (7, 10), (12, 20), (48, 50), (51, 100)]
)
def test_the_axis_rounds_up_to_a_round_number(value, ceiling):
    assert nice_ceiling(value) == ceiling


def test_forecast_bars_are_as_tall_as_their_count():
    days = [(TODAY + timedelta(days=i), 0) for i in range(30)]
    days[0] = (TODAY, 10)
    days[7] = (days[7][0], 5)
    chart = forecast_chart(days, today=TODAY)

    plot = chart.bottom - chart.top
    assert len(chart.bars) == 30
    assert chart.bars[0].height == pytest.approx(plot)  # 10 of an axis topped at 10
    assert chart.bars[7].height == pytest.approx(plot / 2)
    assert chart.bars[1].height == 0
    assert chart.bars[0].label == "Today: 10 cards"
    assert chart.bars[7].label == "Tue 17 Mar: 5 cards"
    assert [t.label for t in chart.x_ticks] == ["Today", "17 Mar", "24 Mar", "31 Mar", "7 Apr"]
    assert [t.label for t in chart.y_ticks] == ["0", "2", "4", "6", "8", "10"]
    assert chart.y_ticks[-1].position == chart.top
    assert chart.description == (
        "15 cards due over the next 30 days; the busiest day is Tue 10 Mar with 10."
    )
    assert chart.rows[0] == ("Today", 10)
    assert (chart.title, chart.x_label, chart.y_label) == (
        "Cards due in the next 30 days",
        "Day (today first)",
        "Cards due",
    )


def test_an_empty_forecast_says_so():
    chart = forecast_chart([(TODAY + timedelta(days=i), 0) for i in range(30)], today=TODAY)
    assert chart.description == "0 cards due over the next 30 days."
    assert {bar.height for bar in chart.bars} == {0}


def test_the_calendar_has_a_square_per_day_in_week_columns():
    start = TODAY - timedelta(days=364)
    activity = {TODAY: (30, 2), TODAY - timedelta(days=1): (0, 1), start: (4, 0)}
    chart = calendar_chart(activity, start=start, today=TODAY)

    assert len(chart.cells) == 365
    first, last = chart.cells[0], chart.cells[-1]
    assert first.y == last.y  # start (a Tuesday) and today (a Tuesday) share a row
    assert last.x > first.x
    assert last.level == 3  # 32 actions
    assert chart.cells[-2].level == 1
    assert last.label == "Tue 10 Mar 2026: 30 reviews, 2 answers"
    assert chart.description == (
        "Studied on 3 of the last 365 days: 34 card reviews and 3 answered questions."
    )
    assert chart.rows[0] == ("March 2025", 1, 4, 0)
    assert chart.rows[-1] == ("March 2026", 2, 30, 3)
    assert len(chart.rows) == 13
    assert [label for _, label in chart.legend] == ["none", "1–9", "10–24", "25–49", "50+"]
    months = [tick.position for tick in chart.months]
    assert all(b - a >= 3 * 13 for a, b in itertools.pairwise(months))


@pytest.mark.parametrize(("total", "level"), [(0, 0), (1, 1), (9, 1), (10, 2), (49, 3), (50, 4)])
def test_calendar_shades_follow_the_legend(total, level):
    assert calendar_level(total) == level
