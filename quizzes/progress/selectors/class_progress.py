"""The class view for instructors: each claim and term across the class, one row per student,
students at risk. Built with a fixed number of queries whatever the number of students, claims and
terms (see ``class_progress``), from the same evidence and formula as a learner's dashboard.

At risk (both thresholds in docs/progress.md):

* **inactive**: no card review, practice answer or quiz submission in the course for
  ``inactive_days`` days (default 7), or none ever;
* **mastery falling**: overall mastery now is at least ``FALLING_BY`` (0.10) below what the
  evidence recorded by ``TREND_DAYS`` (7) days ago gave then — cards being forgotten faster than
  they are reviewed, or recent quiz answers worse than earlier ones.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import Max

from quizzes.errors import ProgressError
from quizzes.models import (
    Attempt,
    AttemptState,
    CardSchedule,
    Course,
    Membership,
    PracticeAnswer,
    Review,
    Role,
)
from quizzes.progress.mastery import STATES
from quizzes.progress.selectors.evidence import (
    SCHEDULE_FIELDS,
    MasterySummary,
    ScheduleRow,
    Topic,
    TopicKey,
    TopicMastery,
    course_topics,
    gather_evidence,
    summarise,
    valid_zone,
    weigh,
)
from quizzes.progress.selectors.study_record import cards_due_counts, live_schedules
from quizzes.quiz.selectors.quizzes import combine_grades

INACTIVE_DAYS = 7
TREND_DAYS = 7
FALLING_BY = 0.10
WEAKEST_COUNT = 5
SORTS = ("name", "mastery", "mastered", "last_active", "due", "quiz", "trend")


@dataclass
class StudentRow:
    """One student in the class table."""

    user_id: int
    username: str
    summary: MasterySummary
    previous: float  # overall mastery TREND_DAYS ago
    last_active: datetime | None
    due_today: int
    quiz_percent: float | None  # mean of the student's quiz grades (each by its grading method)
    quizzes_taken: int
    risks: list[str] = field(default_factory=list)
    mastery: dict[TopicKey, TopicMastery] = field(default_factory=dict)

    @property
    def trend(self) -> float:
        return self.summary.overall - self.previous

    @property
    def trend_points(self) -> int:
        return round(100 * self.trend)

    @property
    def at_risk(self) -> bool:
        return bool(self.risks)


@dataclass
class TopicRow:
    """One claim or term across the class."""

    topic: Topic
    counts: dict[str, int]
    students: int
    mean: float

    @property
    def mastered(self) -> int:
        return self.counts["mastered"]

    @property
    def not_started(self) -> int:
        return self.counts["not_started"]

    @property
    def share_mastered(self) -> float:
        return self.mastered / self.students if self.students else 0.0


@dataclass
class ClassProgress:
    course: Course
    now: datetime
    students: list[StudentRow]
    claims: list[TopicRow]  # article order
    terms: list[TopicRow]
    sort: str
    inactive_days: int

    @property
    def weakest_claims(self) -> list[TopicRow]:
        started = [row for row in self.claims if row.not_started < row.students]
        return sorted(started, key=lambda r: (r.mean, r.share_mastered, r.topic.rank))[
            :WEAKEST_COUNT
        ]

    @property
    def at_risk(self) -> list[StudentRow]:
        return [row for row in self.students if row.at_risk]


def check_sort(sort: str) -> str:
    """``sort`` is a column name, ``-`` before it for descending. Raises ``ProgressError``."""
    if sort.removeprefix("-") not in SORTS:
        raise ProgressError(
            f"Sort by one of: {', '.join(SORTS)} (put - in front for descending).", field="sort"
        )
    return sort


def check_inactive_days(days: int) -> int:
    if not 1 <= days <= 365:
        raise ProgressError("Inactive days is a whole number from 1 to 365.", field="inactive_days")
    return days


def class_progress(
    course: Course,
    *,
    now: datetime,
    sort: str = "mastery",
    inactive_days: int = INACTIVE_DAYS,
    topics: list[Topic] | None = None,
) -> ClassProgress:
    """The class table of ``course`` (access already checked: its instructor).

    Queries: students 1, topics 2, evidence 4, schedules as they were a week ago 1, cards due 1,
    last activity 2, quiz grades 1 — twelve, whatever the size of the class and the course.
    Raises ``ProgressError`` for an unknown ``sort`` or ``inactive_days`` out of range.
    """
    check_sort(sort)
    check_inactive_days(inactive_days)
    students = list(
        Membership.objects.filter(course=course, role=Role.STUDENT)
        .order_by("user__username")
        .values_list("user_id", "user__username", "user__learner_profile__time_zone")
    )
    user_ids = [row[0] for row in students]
    enrolled = Membership.objects.filter(course=course, role=Role.STUDENT).values("user_id")
    topics = course_topics(course) if topics is None else topics
    evidence = gather_evidence(course, enrolled, now=now)
    table = weigh(evidence, user_ids, topics, when=now)
    then = now - timedelta(days=TREND_DAYS)
    past = _schedules_at(course, enrolled, then)
    before = weigh(evidence, user_ids, topics, when=then, past=past)

    due = _due_today(course, enrolled, {u: valid_zone(tz) for u, _, tz in students}, now)
    grades, submitted = _quiz_grades(course, enrolled)
    last = _last_active(course, enrolled, submitted)
    rows = []
    for user_id, username, _tz in students:
        percents = grades.get(user_id, [])
        row = StudentRow(
            user_id=user_id,
            username=username,
            summary=summarise(table[user_id].values()),
            previous=summarise(before[user_id].values()).overall,
            last_active=last.get(user_id),
            due_today=due.get(user_id, 0),
            quiz_percent=sum(percents) / len(percents) if percents else None,
            quizzes_taken=len(percents),
            mastery=table[user_id],
        )
        row.risks = _risks(row, now, inactive_days)
        rows.append(row)
    topic_rows = [topic_row(topic, [table[u][topic.key] for u in user_ids]) for topic in topics]
    return ClassProgress(
        course=course,
        now=now,
        students=sort_students(rows, sort),
        claims=[r for r in topic_rows if r.topic.kind == "claim"],
        terms=[r for r in topic_rows if r.topic.kind == "term"],
        sort=sort,
        inactive_days=inactive_days,
    )


def topic_row(topic: Topic, items: list[TopicMastery]) -> TopicRow:
    counts: dict[str, int] = dict.fromkeys(STATES, 0)
    for item in items:
        counts[item.state] += 1
    mean = sum(i.mastery.value for i in items) / len(items) if items else 0.0
    return TopicRow(topic=topic, counts=counts, students=len(items), mean=mean)


def _risks(row: StudentRow, now: datetime, inactive_days: int) -> list[str]:
    risks = []
    if row.last_active is None:
        risks.append("No activity yet")
    elif row.last_active < now - timedelta(days=inactive_days):
        risks.append(f"No activity for {(now - row.last_active).days} days")
    if row.trend <= -FALLING_BY:
        risks.append(f"Mastery falling ({round(100 * row.trend)} points in {TREND_DAYS} days)")
    return risks


def sort_students(rows: list[StudentRow], sort: str) -> list[StudentRow]:
    """Rows sorted by a column of ``SORTS`` (``-`` for descending); ties by name. Missing values
    (never active, no quiz) sort as the lowest. Raises ``ProgressError`` for an unknown column."""
    column = check_sort(sort).removeprefix("-")
    keys: dict[str, Any] = {
        "name": lambda r: r.username.lower(),
        "mastery": lambda r: r.summary.overall,
        "mastered": lambda r: r.summary.counts["mastered"],
        "last_active": lambda r: r.last_active or datetime.min.replace(tzinfo=UTC),
        "due": lambda r: r.due_today,
        "quiz": lambda r: -1.0 if r.quiz_percent is None else r.quiz_percent,
        "trend": lambda r: r.trend,
    }
    by_name = sorted(rows, key=lambda r: r.username.lower())
    return sorted(by_name, key=keys[column], reverse=sort.startswith("-"))


def _schedules_at(
    course: Course, enrolled: Any, then: datetime
) -> dict[tuple[int, int], ScheduleRow | None]:
    """What the schedules reviewed since ``then`` were at ``then``: the ``schedule_before`` of each
    (user, card)'s first live review after it (None where the card was still new). One query."""
    reviews = (
        Review.objects.filter(
            user_id__in=enrolled,
            card__course_id=course.pk,
            reviewed_at__gt=then,
            undone_at__isnull=True,
        )
        .order_by("reviewed_at", "rating", "id")
        .values_list("user_id", "card_id", "schedule_before")
    )
    past: dict[tuple[int, int], ScheduleRow | None] = {}
    for user_id, card_id, before in reviews:
        if (user_id, card_id) not in past:
            past[(user_id, card_id)] = _row_from_snapshot(before)
    return past


def _row_from_snapshot(snapshot: dict[str, Any]) -> ScheduleRow | None:
    if not snapshot or snapshot.get("state") in (None, "new"):
        return None
    values = []
    for name in SCHEDULE_FIELDS:
        value = snapshot.get(name)
        if name in ("due", "last_review") and value is not None:
            value = datetime.fromisoformat(value)
        values.append(value)
    return tuple(values)


def _due_today(course: Course, enrolled: Any, zones: dict[int, str], now: datetime) -> dict:
    """Cards due today per student, each by their own day. One query."""
    rows: dict[int, list] = defaultdict(list)
    for user_id, state, due in CardSchedule.objects.filter(
        live_schedules(course.pk, now=now), user_id__in=enrolled
    ).values_list("user_id", "state", "due"):
        rows[user_id].append((state, due))
    out = {}
    for user_id, schedules in rows.items():
        reviews, learning, _new, _forecast = cards_due_counts(
            schedules, now=now, time_zone=zones.get(user_id) or valid_zone(None)
        )
        out[user_id] = reviews + learning
    return out


def _last_active(
    course: Course, enrolled: Any, submitted: dict[int, datetime]
) -> dict[int, datetime]:
    """Each student's latest review, practice answer or quiz submission (``submitted``, read with
    the grades) in the course. Two queries."""
    last = dict(submitted)
    reviews = (
        Review.objects.filter(
            user_id__in=enrolled, card__course_id=course.pk, undone_at__isnull=True
        )
        .values("user_id")
        .annotate(at=Max("reviewed_at"))
        .values_list("user_id", "at")
    )
    practice = (
        PracticeAnswer.objects.filter(user_id__in=enrolled, course_id=course.pk)
        .values("user_id")
        .annotate(at=Max("answered_at"))
        .values_list("user_id", "at")
    )
    for rows in (reviews, practice):
        for user_id, at in rows:
            if at is not None and (user_id not in last or at > last[user_id]):
                last[user_id] = at
    return last


def _quiz_grades(
    course: Course, enrolled: Any
) -> tuple[dict[int, list[float]], dict[int, datetime]]:
    """Each student's grade per quiz taken (by the quiz's grading method, in percent), and their
    latest submission. One query. Instructors see grades whatever the review policy."""
    by_quiz: dict[tuple[int, int], tuple[str, list[float]]] = {}
    submitted: dict[int, datetime] = {}
    for user_id, quiz_id, method, score, max_score, at in (
        Attempt.objects.filter(
            user_id__in=enrolled, quiz__course_id=course.pk, state=AttemptState.SUBMITTED
        )
        .order_by("user_id", "quiz_id", "number")
        .values_list(
            "user_id", "quiz_id", "quiz__grading_method", "score", "max_score", "submitted_at"
        )
    ):
        if at is not None and (user_id not in submitted or at > submitted[user_id]):
            submitted[user_id] = at
        if score is None or not max_score:
            continue
        by_quiz.setdefault((user_id, quiz_id), (method, []))[1].append(100 * score / max_score)
    grades: dict[int, list[float]] = defaultdict(list)
    for (user_id, _quiz_id), (method, percents) in by_quiz.items():
        grade = combine_grades(method, percents)
        if grade is not None:
            grades[user_id].append(grade)
    return grades, submitted
