"""One learner's study record in a course: due cards, forecast, calendar, streak, retention, quizzes.

Everything counts in the learner's day, which starts at 04:00 in their time zone
(``quizzes.study.learner_days.learner_day``), and covers the course's cards and quizzes only. Four
queries whatever the amount of history: the learner's schedules, a year of their reviews, a year
of their practice answers, their submitted attempts.

Definitions (also in docs/progress.md):

* **due today**: cards in review or (re)learning, not suspended and not buried, due before the
  learner's next day starts; **new** cards are counted apart (their daily limit is the deck's).
* **forecast**: for each of the next 30 learner days, cards falling due that day (overdue ones
  count today); new cards are not forecast.
* **calendar**: per learner day of the past year, card reviews and answered questions (practice
  answers, and quiz answers on the day the attempt was submitted). Undone reviews do not count.
* **streak**: consecutive learner days with any of that activity, up to today; a day not yet
  studied today does not break it until the day is over.
* **true retention**: of the reviews in the last 30 days of cards that were in the review state,
  the share not graded Again (Anki's "true retention").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import cast

from django.db.models import Count, Q

from quizzes.models import (
    Attempt,
    AttemptState,
    CardSchedule,
    ItemStatus,
    PracticeAnswer,
    Review,
    ScheduleState,
)
from quizzes.quiz.selectors.attempts import review_policy
from quizzes.study import learner_days

FORECAST_DAYS = 30
CALENDAR_DAYS = 365
RETENTION_DAYS = 30
LEARNING = (ScheduleState.LEARNING, ScheduleState.RELEARNING)


@dataclass(frozen=True)
class DayActivity:
    day: date
    reviews: int = 0
    answers: int = 0

    @property
    def total(self) -> int:
        return self.reviews + self.answers


@dataclass(frozen=True)
class ForecastDay:
    day: date
    due: int


@dataclass(frozen=True)
class QuizRecord:
    """One submitted attempt; ``percent`` is None when the quiz's review policy hides the score."""

    quiz_id: int
    quiz_title: str
    attempt_id: int
    number: int
    submitted_at: datetime
    percent: float | None
    answered: int
    questions: int
    auto_submitted: bool


@dataclass(frozen=True)
class Retention:
    reviews: int
    passed: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.reviews if self.reviews else None


@dataclass
class StudyRecord:
    """What ``study_record`` returns; days are the learner's (04:00 in ``time_zone``)."""

    time_zone: str
    today: date
    day_ends_at: datetime
    due_today: int = 0
    learning_today: int = 0
    new_waiting: int = 0
    forecast: list[ForecastDay] = field(default_factory=list)
    calendar: dict[date, DayActivity] = field(default_factory=dict)
    calendar_start: date | None = None
    streak: int = 0
    studied_today: bool = False
    last_active: datetime | None = None
    retention: Retention = field(default_factory=lambda: Retention(0, 0))
    quizzes: list[QuizRecord] = field(default_factory=list)

    @property
    def reviews_in_year(self) -> int:
        return sum(day.reviews for day in self.calendar.values())

    @property
    def days_studied_in_year(self) -> int:
        return sum(1 for day in self.calendar.values() if day.total)


def cards_due_counts(
    rows: list[tuple[str, datetime | None]], *, now: datetime, time_zone: str
) -> tuple[int, int, int, list[ForecastDay]]:
    """From live schedules ``(state, due)``: due today (reviews), (re)learning due today, new
    cards, and the 30-day forecast starting today."""
    today = learner_days.learner_day(now, time_zone)
    day_end = learner_days.next_day_start(now, time_zone)
    due_today = learning = new = 0
    forecast = Counter[int]()
    for state, due in rows:
        if state == ScheduleState.NEW or due is None:
            new += state == ScheduleState.NEW
            continue
        if due < day_end:
            if state in LEARNING:
                learning += 1
            else:
                due_today += 1
        offset = max(0, (learner_days.learner_day(due, time_zone) - today).days)
        if offset < FORECAST_DAYS:
            forecast[offset] += 1
    days = [ForecastDay(today + timedelta(days=i), forecast[i]) for i in range(FORECAST_DAYS)]
    return due_today, learning, new, days


def live_schedules(course_id: int, *, now: datetime) -> Q:
    """Schedules of the course's approved cards that study would show (not suspended/buried)."""
    return Q(card__course_id=course_id, card__status=ItemStatus.APPROVED, suspended=False) & ~Q(
        buried_until__gt=now
    )


def study_record(course_id: int, user_id: int, *, time_zone: str, now: datetime) -> StudyRecord:
    """The learner's study record in the course at ``now`` (see the module docstring)."""
    today = learner_days.learner_day(now, time_zone)
    record = StudyRecord(
        time_zone=time_zone,
        today=today,
        day_ends_at=learner_days.next_day_start(now, time_zone),
    )
    schedules = CardSchedule.objects.filter(
        live_schedules(course_id, now=now), user_id=user_id
    ).values_list("state", "due")
    record.due_today, record.learning_today, record.new_waiting, record.forecast = cards_due_counts(
        list(schedules), now=now, time_zone=time_zone
    )

    start_day = today - timedelta(days=CALENDAR_DAYS - 1)
    since = learner_days.day_start(start_day, time_zone)
    record.calendar_start = start_day
    reviews = Counter[date]()
    answers = Counter[date]()
    retention_since = now - timedelta(days=RETENTION_DAYS)
    checked = passed = 0
    last: list[datetime] = []
    for at, rating, state_before in Review.objects.filter(
        user_id=user_id,
        card__course_id=course_id,
        undone_at__isnull=True,
        reviewed_at__gte=since,
        reviewed_at__lte=now,
    ).values_list("reviewed_at", "rating", "state_before"):
        reviews[learner_days.learner_day(at, time_zone)] += 1
        last.append(at)
        if at >= retention_since and state_before == ScheduleState.REVIEW:
            checked += 1
            passed += rating > 1
    record.retention = Retention(reviews=checked, passed=passed)

    for at in PracticeAnswer.objects.filter(
        user_id=user_id, course_id=course_id, answered_at__gte=since, answered_at__lte=now
    ).values_list("answered_at", flat=True):
        answers[learner_days.learner_day(at, time_zone)] += 1
        last.append(at)

    record.quizzes = quiz_history(course_id, user_id, now=now)
    for quiz in record.quizzes:
        if quiz.submitted_at >= since:
            answers[learner_days.learner_day(quiz.submitted_at, time_zone)] += quiz.answered
            last.append(quiz.submitted_at)

    record.calendar = {
        day: DayActivity(day, reviews[day], answers[day]) for day in set(reviews) | set(answers)
    }
    record.studied_today = today in record.calendar
    record.streak = streak(set(record.calendar), today)
    record.last_active = max(last, default=None)
    return record


def streak(active: set[date], today: date) -> int:
    """Consecutive active days ending today, or yesterday while today is not yet studied."""
    day = today if today in active else today - timedelta(days=1)
    count = 0
    while day in active:
        count += 1
        day -= timedelta(days=1)
    return count


def quiz_history(course_id: int, user_id: int, *, now: datetime) -> list[QuizRecord]:
    """The learner's submitted attempts at the course's quizzes, newest first. One query.

    The score shows only where the quiz's review policy shows it to the student now.
    """
    attempts = (
        Attempt.objects.filter(
            user_id=user_id, quiz__course_id=course_id, state=AttemptState.SUBMITTED
        )
        .select_related("quiz")
        .annotate(
            questions=Count("responses"),
            answered=Count("responses", filter=Q(responses__answer__isnull=False)),
        )
        .order_by("-submitted_at", "-id")
    )
    records = []
    for attempt in attempts:
        shows_score = review_policy(attempt, instructor=False, now=now)["score"]
        records.append(
            QuizRecord(
                quiz_id=attempt.quiz_id,
                quiz_title=attempt.quiz.title,
                attempt_id=attempt.pk,
                number=attempt.number,
                submitted_at=cast(datetime, attempt.submitted_at),  # submitted: it has a time
                percent=attempt.percent if shows_score else None,
                answered=attempt.answered,
                questions=attempt.questions,
                auto_submitted=attempt.auto_submitted,
            )
        )
    return records
