"""How a quiz and each of its questions performed, from its submitted attempts; CSV export.

Per quiz: number of attempts, mean, median and standard deviation of the percentage, and the
distribution in ten bands. Per question (by identity, across versions):

* facility index — the mean share of the points earned (1.0: everyone right);
* discrimination index — mean item score of the top 27 % of attempts minus that of the bottom
  27 % (ranked by the attempt's percentage; at least one attempt per group);
* point-biserial — the correlation of the item score with the rest of the attempt (the attempt's
  percentage without this item), so an item does not correlate with itself;
* for multiple choice, how often each choice was picked.

Flags: a negative discrimination (or point-biserial) — strong students did worse than weak ones,
often a wrong key or an ambiguous prompt — and a distractor nobody picked.
"""

from __future__ import annotations

import csv
import io
import math
import statistics
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from quizzes.models import Attempt, AttemptState, QuestionType, Response
from quizzes.quiz.selectors.quizzes import attempts_settled

if TYPE_CHECKING:
    from quizzes.models import Quiz

UPPER_LOWER_SHARE = 0.27


@dataclass
class ChoiceStat:
    id: str
    text: str
    correct: bool
    count: int
    share: float  # of the responses to the question


@dataclass
class QuestionStat:
    question_id: int
    type: str
    prompt: str
    responses: int
    facility: float | None
    discrimination: float | None
    point_biserial: float | None
    choices: list[ChoiceStat] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


@dataclass
class Band:
    label: str
    low: int
    high: int
    count: int


@dataclass
class QuizStatistics:
    attempts: int
    mean: float | None
    median: float | None
    stdev: float | None
    bands: list[Band]
    questions: list[QuestionStat]

    @property
    def flagged(self) -> int:
        return sum(1 for q in self.questions if q.flags)


def _percent(attempt: Attempt) -> float:
    return attempt.percent or 0.0


def submitted_attempts(quiz: Quiz) -> QuerySet[Attempt]:
    """The submitted attempts at ``quiz``, by student and number, with their users."""
    return (
        Attempt.objects.filter(quiz=quiz, state=AttemptState.SUBMITTED)
        .select_related("user")
        .order_by("user__username", "number")
    )


def quiz_statistics(quiz: Quiz) -> QuizStatistics:
    """Statistics over every submitted attempt at ``quiz`` (two queries, after settling the
    attempts whose time is up)."""
    attempts_settled(quiz)
    attempts = list(Attempt.objects.filter(quiz=quiz, state=AttemptState.SUBMITTED).order_by("pk"))
    responses = list(
        Response.objects.filter(attempt__quiz=quiz, attempt__state=AttemptState.SUBMITTED)
        .select_related("version", "question")
        .order_by("question_id", "attempt_id")
    )
    percents = [_percent(a) for a in attempts]
    return QuizStatistics(
        attempts=len(attempts),
        mean=statistics.fmean(percents) if percents else None,
        median=statistics.median(percents) if percents else None,
        stdev=statistics.pstdev(percents) if len(percents) > 1 else None,
        bands=_bands(percents),
        questions=_questions(attempts, responses),
    )


def _bands(percents: list[float]) -> list[Band]:
    bands = [Band(f"{low}–{low + 10}%", low, low + 10, 0) for low in range(0, 100, 10)]
    for value in percents:
        bands[min(9, int(value // 10))].count += 1
    return bands


def _questions(attempts: list[Attempt], responses: list[Response]) -> list[QuestionStat]:
    by_id = {a.pk: a for a in attempts}
    ranked = sorted(attempts, key=lambda a: (_percent(a), a.pk))
    size = max(1, round(UPPER_LOWER_SHARE * len(ranked)))
    lower = {a.pk for a in ranked[:size]} if len(ranked) >= 2 else set()
    upper = {a.pk for a in ranked[-size:]} if len(ranked) >= 2 else set()

    grouped: dict[int, list[Response]] = {}
    for response in responses:
        grouped.setdefault(response.question_id, []).append(response)
    stats = []
    for question_id, items in grouped.items():
        scores = [r.score or 0.0 for r in items]
        latest = max((r.version for r in items), key=lambda v: v.number)
        stat = QuestionStat(
            question_id=question_id,
            type=items[0].question.type,
            prompt=latest.prompt,
            responses=len(items),
            facility=statistics.fmean(scores),
            discrimination=_upper_minus_lower(items, upper, lower),
            point_biserial=_point_biserial(items, by_id),
        )
        if stat.type in (QuestionType.MCQ, QuestionType.MCQ_MULTI):
            stat.choices = _choices(items, latest.choices or [])
        _flag(stat)
        stats.append(stat)
    # Flagged questions first, then the hardest: what an instructor should look at.
    return sorted(stats, key=lambda q: (not q.flags, q.facility))


def _upper_minus_lower(items: list[Response], upper: set[int], lower: set[int]) -> float | None:
    top = [r.score or 0.0 for r in items if r.attempt_id in upper]
    bottom = [r.score or 0.0 for r in items if r.attempt_id in lower]
    if not top or not bottom:
        return None
    return statistics.fmean(top) - statistics.fmean(bottom)


def _point_biserial(items: list[Response], attempts: dict[int, Attempt]) -> float | None:
    pairs = []
    for response in items:
        attempt = attempts[response.attempt_id]
        rest_max = attempt.max_score - response.points
        if rest_max <= 0:
            continue
        rest = ((attempt.score or 0) - (response.score or 0) * response.points) / rest_max
        pairs.append((response.score or 0.0, rest))
    if len(pairs) < 2:
        return None
    xs, ys = zip(*pairs, strict=True)
    if len(set(xs)) < 2 or len(set(ys)) < 2:
        return None
    return statistics.correlation(xs, ys)


def _choices(items: list[Response], choices: list[dict]) -> list[ChoiceStat]:
    counts = {str(c["id"]): 0 for c in choices}
    for response in items:
        picked = response.answer if isinstance(response.answer, list) else [response.answer]
        for choice_id in {str(p) for p in picked if p is not None}:
            if choice_id in counts:
                counts[choice_id] += 1
    total = len(items)
    return [
        ChoiceStat(
            id=str(c["id"]),
            text=str(c.get("text", "")),
            correct=bool(c.get("correct")),
            count=counts[str(c["id"])],
            share=counts[str(c["id"])] / total if total else 0.0,
        )
        for c in choices
    ]


def _flag(stat: QuestionStat) -> None:
    negative = [v for v in (stat.discrimination, stat.point_biserial) if v is not None and v < 0]
    if negative:
        stat.flags.append(
            "Negative discrimination: stronger students did worse on it than weaker ones. "
            "Check the key and the wording."
        )
    for choice in stat.choices:
        if not choice.correct and choice.count == 0:
            stat.flags.append(f"Nobody picked the distractor “{choice.text}”.")


def results_csv(quiz: Quiz) -> str:
    """Every submitted attempt as a CSV row: who, when, score, percent, and each position's points.

    Columns ``q1``…``qN`` are the points earned at each position of the attempt (positions differ
    in meaning when questions are shuffled or drawn at random; ``question ids`` lists them).
    Attempts whose time is up are settled first.
    """
    attempts_settled(quiz)
    attempts = list(
        Attempt.objects.filter(quiz=quiz, state=AttemptState.SUBMITTED)
        .select_related("user")
        .prefetch_related("responses")
        .order_by("user__username", "number")
    )
    width = max((len(a.layout) for a in attempts), default=0)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "username",
            "attempt",
            "started_at",
            "submitted_at",
            "auto_submitted",
            "score",
            "max_score",
            "percent",
            "question ids",
            *[f"q{n}" for n in range(1, width + 1)],
        ]
    )
    for attempt in attempts:
        responses = sorted(attempt.responses.all(), key=lambda r: r.slot)
        writer.writerow(
            [
                _safe(attempt.user.get_username()),
                attempt.number,
                attempt.started_at.isoformat(),
                attempt.submitted_at.isoformat() if attempt.submitted_at else "",
                "yes" if attempt.auto_submitted else "no",
                _number(attempt.score),
                _number(attempt.max_score),
                _number(attempt.percent),
                " ".join(str(r.question_id) for r in responses),
                *[_number((r.score or 0) * r.points) for r in responses],
            ]
        )
    return out.getvalue()


def _number(value: float | None) -> str:
    if value is None or math.isnan(value):
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _safe(text: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
