"""Geometry of the score distribution chart, drawn as SVG by ``partials/_quiz_chart.html``.

Plain Python: it only places bars and writes labels; the template escapes them like any other text
and adds a title, a description and a table with the same numbers (the chart's text equivalent).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from quizzes.quiz.selectors.statistics import Band

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 628, 30, 220  # the plot area inside the SVG


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    label: str  # "50–60%"
    label_x: float
    text: str  # "3 attempts scored 50–60%"


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass
class DistributionChart:
    title: str
    description: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT
    top: int = TOP
    bottom: int = BOTTOM
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)


def distribution_chart(bands: Sequence[Band], *, attempts: int) -> DistributionChart:
    """Bars for the ten score bands, scaled to the fullest band, with whole-number ticks."""
    top_count = max((b.count for b in bands), default=0)
    scale_max = max(1, top_count)
    plot_height = BOTTOM - TOP
    slot = (RIGHT - LEFT) / max(1, len(bands))
    bars = []
    for index, band in enumerate(bands):
        height = plot_height * band.count / scale_max
        x = LEFT + index * slot + slot * 0.12
        bars.append(
            Bar(
                x=round(x, 1),
                y=round(BOTTOM - height, 1),
                width=round(slot * 0.76, 1),
                height=round(height, 1),
                count=band.count,
                label=f"{band.low}",
                label_x=round(LEFT + index * slot + slot / 2, 1),
                text=f"{band.count} attempt{'s' if band.count != 1 else ''} scored {band.label}",
            )
        )
    step = max(1, -(-scale_max // 4))  # at most about five ticks
    ticks = [
        Tick(y=round(BOTTOM - plot_height * value / scale_max, 1), label=str(value))
        for value in range(0, scale_max + 1, step)
    ]
    description = "No submitted attempts yet."
    if attempts:
        common = [b.label for b in bands if b.count == top_count]
        counted = f"{attempts} submitted attempt{'s' if attempts != 1 else ''}"
        if len(common) == 1:
            description = f"{counted}; the most common band is {common[0]} with {top_count}."
        else:
            description = (
                f"{counted}; the most common bands are {', '.join(common)} with {top_count} each."
            )
    return DistributionChart(
        title="Score distribution (percentage of points, in bands of 10)",
        description=description,
        bars=bars,
        ticks=ticks,
    )
