"""Reads for quizzes and attempts, scoped by membership (others' quizzes and attempts are 404).

Students see published quizzes of their courses and their own attempts; instructors see every quiz
of the courses they teach and every attempt at them.

An attempt past its deadline and grace period is over, whether or not anyone has written that
down yet. The reads here settle it first — they submit it with what was saved, marked
automatic — so every page, the API and the statistics see the same outcome; the periodic job
(``quiz.tasks.submit_overdue_attempts``) does the same for attempts nobody opens. That write is
the one place the rule lives: no view submits an attempt because of its deadline.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple, TypedDict, cast

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from quizzes.courses.selectors import MemberAnnotations, courses_for
from quizzes.errors import NotFound
from quizzes.models import (
    Attempt,
    AttemptState,
    Course,
    GradingMethod,
    ItemStatus,
    Membership,
    Question,
    Quiz,
    QuizSlot,
    Role,
    Source,
    Tag,
)
from quizzes.quiz.selectors.draw import FACT_RELATED, Key, distinct_facts, fact_keys

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django_stubs_ext import WithAnnotations


class QuizAnnotations(TypedDict):
    """What ``quizzes_for`` adds to each quiz."""

    role: str  # the user's in the quiz's course
    slot_count: int
    attempt_count: int  # everyone's


class MyQuizAnnotations(QuizAnnotations):
    """What ``quiz_groups_for`` adds: the user's own attempts at the quiz."""

    my_open: bool  # one of them is in progress
    my_attempts: int


class SlotChecks(TypedDict):
    """What ``quiz_slots`` works out for each slot (see there)."""

    available: int
    distinct: int  # random slots only
    same_fact_as: list[int]  # fixed slots only


def quizzes_for(
    user: User, *, course_id: int | None = None, published_only: bool = False
) -> QuerySet[WithAnnotations[Quiz, QuizAnnotations]]:
    """Quizzes the user may see, annotated with ``role`` (theirs in the course), ``slot_count`` and
    ``attempt_count`` (all attempts for instructors' use). ``published_only``: what a student of
    the course sees (an instructor's "view as student")."""
    taught = Membership.objects.filter(user=user, role=Role.INSTRUCTOR).values("course_id")
    member = Membership.objects.filter(user=user).values("course_id")
    role = Membership.objects.filter(course=OuterRef("course_id"), user=user).values("role")[:1]
    quizzes = (
        Quiz.objects.filter(
            Q(course_id__in=taught) | Q(course_id__in=member, published_at__isnull=False)
        )
        .select_related("course", "source")
        .annotate(
            role=Subquery(role),
            slot_count=Count("slots", distinct=True),
            attempt_count=Count("attempts", distinct=True),
        )
        .order_by("course__title", "-created_at", "-id")
    )
    if course_id is not None:
        quizzes = quizzes.filter(course_id=course_id)
    if published_only:
        quizzes = quizzes.filter(published_at__isnull=False)
    return quizzes


def quizzes_of_source(
    user: User, source: Source
) -> QuerySet[WithAnnotations[Quiz, QuizAnnotations]]:
    """The quizzes made from ``source`` ("Quiz from this article") the user may see, newest
    first."""
    return quizzes_for(user).filter(source=source).order_by("-created_at", "-id")


def quiz_for(user: User, quiz_id: int) -> WithAnnotations[Quiz, QuizAnnotations]:
    """A quiz the user may see (``role`` annotated); NotFound otherwise."""
    quiz = quizzes_for(user).filter(pk=quiz_id).first()
    if quiz is None:
        raise NotFound("No such quiz.")
    return quiz


def quiz_for_instructor(user: User, quiz_id: int) -> WithAnnotations[Quiz, QuizAnnotations]:
    """A quiz of a course the user teaches; NotFound otherwise (a student learns nothing)."""
    quiz = quiz_for(user, quiz_id)
    if quiz.role != Role.INSTRUCTOR:
        raise NotFound("No such quiz.")
    return quiz


def quiz_slots(quiz: Quiz) -> list[WithAnnotations[QuizSlot, SlotChecks]]:
    """The quiz's slots in order, each with ``available`` (how many approved questions it can
    give now) so the builder can warn about a slot that would show nothing. A random slot also
    has ``distinct`` (how many questions on different claims and sentences it can always draw,
    beside the fixed questions); a fixed one ``same_fact_as`` (the positions of earlier fixed
    questions on the same claim or sentence)."""
    slots = cast(
        "list[WithAnnotations[QuizSlot, SlotChecks]]",
        list(
            quiz.slots.select_related(
                "question__current", "question__claim", "version", "draw_source", "draw_tag"
            ).order_by("position", "id")
        ),
    )
    fixed_facts: set[Key] = set()
    seen: list[tuple[int, frozenset[Key]]] = []
    # A fixed slot always has its question (constraint quizslot_fixed_has_a_question).
    for number, slot in enumerate(slots, start=1):
        if slot.kind == "fixed" and slot.question is not None:
            keys = fact_keys(slot.question, slot.version)
            slot.same_fact_as = [n for n, other in seen if keys & other]
            seen.append((number, keys))
            fixed_facts |= keys
    for slot in slots:
        if slot.kind != "fixed":
            slot.available = min(slot.draw_count, draw_available(slot))
            slot.distinct = distinct_facts(_draw_candidates(slot), fixed_facts)
        elif slot.question is not None:
            slot.available = int(
                slot.question.status == ItemStatus.APPROVED and slot.question.current_id is not None
            )
    return slots


def draw_pool(slot: QuizSlot) -> QuerySet[Question]:
    """The approved questions a random slot draws from (its course's, filtered by the slot)."""
    pool = Question.objects.filter(
        course_id=slot.quiz.course_id, status=ItemStatus.APPROVED, current__isnull=False
    )
    if slot.draw_source_id:
        pool = pool.filter(source_id=slot.draw_source_id)
    if slot.draw_tag_id:
        pool = pool.filter(tags=slot.draw_tag_id)
    if slot.draw_type:
        pool = pool.filter(type=slot.draw_type)
    return pool


def draw_available(slot: QuizSlot) -> int:
    """How many questions a random slot can draw: its pool less the quiz's fixed questions
    (an attempt never shows a question twice)."""
    return _draw_candidates(slot).count()


def _draw_candidates(slot: QuizSlot) -> QuerySet[Question]:
    fixed = QuizSlot.objects.filter(quiz_id=slot.quiz_id, kind="fixed").values("question_id")
    return draw_pool(slot).exclude(pk__in=fixed).select_related(*FACT_RELATED)


def approved_questions(quiz: Quiz) -> QuerySet[Question]:
    """Approved questions of the quiz's course not yet fixed in it, for the builder's picker."""
    fixed = QuizSlot.objects.filter(quiz=quiz, question=OuterRef("pk"))
    return (
        Question.objects.filter(
            course_id=quiz.course_id, status=ItemStatus.APPROVED, current__isnull=False
        )
        .exclude(Exists(fixed))
        .select_related("current", "source")
        .order_by("source__title", "-score", "id")
    )


class QuizGroup(NamedTuple):
    """A course's quizzes as its member sees them; each quiz carries ``my_open`` (an attempt of
    the user's is open) and ``my_attempts`` (how many the user made)."""

    course: WithAnnotations[Course, MemberAnnotations]
    quizzes: list[WithAnnotations[Quiz, MyQuizAnnotations]]


def quiz_groups_for(user: User) -> list[QuizGroup]:
    """Every course of the user with the quizzes they may see, in two queries plus one."""
    quizzes = list(quizzes_for(user))
    mine: dict[int, list[Attempt]] = {}
    for attempt in (
        Attempt.objects.filter(user=user, quiz__in=[q.pk for q in quizzes])
        .order_by("number")
        .only("quiz_id", "state", "number")
    ):
        mine.setdefault(attempt.quiz_id, []).append(attempt)
    groups = []
    for course in courses_for(user):
        items = cast(
            "list[WithAnnotations[Quiz, MyQuizAnnotations]]",
            [q for q in quizzes if q.course_id == course.pk],
        )
        for quiz in items:
            attempts = mine.get(quiz.pk, [])
            quiz.my_open = any(a.state == AttemptState.IN_PROGRESS for a in attempts)
            quiz.my_attempts = len(attempts)
        groups.append(QuizGroup(course=course, quizzes=items))
    return groups


def sources_with_approved_questions(course_ids: Sequence[int]) -> QuerySet[Source]:
    """Articles of these courses with at least one approved question (a one-click quiz's
    choices)."""
    approved = Question.objects.filter(status=ItemStatus.APPROVED).values("source_id")
    return Source.objects.filter(course_id__in=course_ids, pk__in=approved).order_by("title")


def draw_sources_and_tags(quiz: Quiz) -> tuple[QuerySet[Source], QuerySet[Tag]]:
    """What a random slot of ``quiz`` may draw from: its course's articles and tags."""
    return (
        Source.objects.filter(course_id=quiz.course_id).order_by("title"),
        Tag.objects.filter(course_id=quiz.course_id),
    )


def answered_questions(quiz: Quiz, *, approved_only: bool = False) -> QuerySet[Question]:
    """Questions some attempt at ``quiz`` answered (what a regrade can choose from)."""
    answered = Question.objects.filter(quiz_responses__attempt__quiz=quiz)
    if approved_only:
        answered = answered.filter(status=ItemStatus.APPROVED)
    return answered.distinct().select_related("current")


def attempts_of(user: User) -> QuerySet[Attempt]:
    """Every attempt the user made."""
    return Attempt.objects.filter(user=user)


def attempts_for(user: User, quiz: Quiz) -> QuerySet[Attempt]:
    """The user's own attempts at ``quiz``, oldest first."""
    return Attempt.objects.filter(quiz=quiz, user=user).order_by("number")


def attempt_is_overdue(attempt: Attempt, *, now: datetime | None = None) -> bool:
    """True when an open attempt is past its deadline and the quiz's grace period."""
    if not attempt.is_open or attempt.deadline is None:
        return False
    grace = timedelta(seconds=attempt.quiz.grace_seconds)
    return (now or timezone.now()) > attempt.deadline + grace


def attempt_settled(attempt: Attempt, *, now: datetime | None = None) -> Attempt:
    """``attempt`` as it now stands: submitted (automatically, with what was saved) if its time
    is up. Returns the attempt, reloaded when it was submitted here."""
    if not attempt_is_overdue(attempt, now=now):
        return attempt
    from quizzes.quiz.services.attempts import attempt_submit  # it reads this module

    return attempt_submit(attempt=attempt, now=now, auto=True).attempt


def attempts_settled(quiz: Quiz, *, now: datetime | None = None) -> None:
    """Settle every open attempt at ``quiz`` whose time is up, before its results are read."""
    from quizzes.quiz.services.attempts import attempts_submit_overdue  # it reads this module

    attempts_submit_overdue(quiz=quiz, now=now)


def attempt_for(user: User, attempt_id: int) -> Attempt:
    """An attempt the user made, or one at a quiz the user teaches, settled
    (``attempt_settled``); NotFound otherwise."""
    taught = Membership.objects.filter(user=user, role=Role.INSTRUCTOR).values("course_id")
    attempt = (
        Attempt.objects.filter(pk=attempt_id)
        .filter(Q(user=user, quiz__course__memberships__user=user) | Q(quiz__course_id__in=taught))
        .select_related("quiz", "quiz__course", "user")
        .first()
    )
    if attempt is None:
        raise NotFound("No such attempt.")
    return attempt_settled(attempt)


def attempt_for_student(user: User, attempt_id: int) -> Attempt:
    """The user's own attempt (answering is for its owner only, not the instructor); NotFound."""
    attempt = attempt_for(user, attempt_id)
    if attempt.user_id != user.pk:
        raise NotFound("No such attempt.")
    return attempt


def combine_grades(method: str, percents: Sequence[float]) -> float | None:
    """The quiz grade from submitted attempts' percentages, oldest first, by grading method."""
    if not percents:
        return None
    match method:
        case GradingMethod.HIGHEST:
            return max(percents)
        case GradingMethod.AVERAGE:
            return statistics.fmean(percents)
        case GradingMethod.FIRST:
            return percents[0]
        case GradingMethod.LAST:
            return percents[-1]
    raise ValueError(f"unknown grading method {method!r}")


def quiz_grade(quiz: Quiz, user: User) -> float | None:
    """The user's grade for the quiz in percent (None before a submitted attempt)."""
    attempts = attempts_for(user, quiz).filter(state=AttemptState.SUBMITTED)
    percents = [a.percent for a in attempts if a.percent is not None]
    return combine_grades(quiz.grading_method, percents)
