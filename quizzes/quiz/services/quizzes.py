"""Writes for quizzes: settings, slots, publishing, one-click quizzes from an article.

The caller has already checked that ``user`` teaches the quiz's course (``course_for_instructor``,
``quiz_for_instructor``); these functions check what the quiz itself allows.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from quizzes.errors import QuizError
from quizzes.models import (
    Course,
    ItemStatus,
    Question,
    QuestionType,
    QuestionVersion,
    Quiz,
    QuizEvent,
    QuizSlot,
    SlotKind,
    Source,
    Tag,
)
from quizzes.models.quizzes import REVIEW_ITEMS, REVIEW_PHASES
from quizzes.quiz.selectors.quizzes import draw_available

if TYPE_CHECKING:
    from django.contrib.auth.models import User

REVIEW_FIELDS = tuple(f"review_{phase}_{item}" for phase in REVIEW_PHASES for item in REVIEW_ITEMS)
SETTINGS = (
    "title",
    "instructions",
    "opens_at",
    "closes_at",
    "time_limit_minutes",
    "grace_seconds",
    "max_attempts",
    "grading_method",
    "pass_mark",
    "shuffle_questions",
    "shuffle_choices",
    "layout",
    *REVIEW_FIELDS,
)
# A one-click quiz holds every approved item up to this many; beyond, it draws this many at random
# (so a retake shows fresh questions first).
DEFAULT_QUIZ_LENGTH = 10


def _check(quiz: Quiz) -> None:
    """Validate settings with messages next to the field at fault."""
    quiz.title = (quiz.title or "").strip()
    if not quiz.title:
        raise QuizError("Give the quiz a title.", field="title")
    if len(quiz.title) > 200:
        raise QuizError("The title is longer than 200 characters.", field="title")
    if quiz.opens_at and quiz.closes_at and quiz.closes_at <= quiz.opens_at:
        raise QuizError("The quiz must close after it opens.", field="closes_at")
    if quiz.time_limit_minutes is not None and not 1 <= quiz.time_limit_minutes <= 24 * 60:
        raise QuizError(
            "A time limit is between 1 minute and 24 hours (leave it empty for none).",
            field="time_limit_minutes",
        )
    if quiz.max_attempts is not None and quiz.max_attempts < 1:
        raise QuizError(
            "Allow at least 1 attempt (leave it empty for unlimited).", field="max_attempts"
        )
    if not 0 <= quiz.grace_seconds <= 600:
        raise QuizError("The grace period is between 0 and 600 seconds.", field="grace_seconds")
    if quiz.pass_mark is not None and not 0 <= quiz.pass_mark <= 100:
        raise QuizError("The pass mark is a percentage from 0 to 100.", field="pass_mark")


def _check_title_free(quiz: Quiz) -> None:
    """Two quizzes of a course never share a title (students pick them from a list by it)."""
    same = Quiz.objects.filter(course_id=quiz.course_id, title__iexact=quiz.title)
    if same.exclude(pk=quiz.pk).exists():
        raise QuizError(
            f"This course already has a quiz called “{quiz.title}”; give this one another title.",
            field="title",
        )


@transaction.atomic
def quiz_create(*, course: Course, user: User, title: str, **settings: Any) -> Quiz:
    """Create an unpublished quiz in ``course``. ``settings`` are fields of ``SETTINGS``.

    Raises ``QuizError`` (with the field) for an empty title or one another quiz of the course
    has, closing before opening, a time limit, attempt count, grace period or pass mark out of
    range.
    """
    unknown = set(settings) - set(SETTINGS)
    if unknown:
        raise QuizError(f"Unknown quiz settings: {', '.join(sorted(unknown))}.")
    quiz = Quiz(course=course, title=title, created_by=user, **settings)
    _check(quiz)
    _check_title_free(quiz)
    quiz.save()
    return quiz


@transaction.atomic
def quiz_update(*, quiz: Quiz, user: User, **changes: Any) -> Quiz:
    """Change a quiz's settings (see ``SETTINGS``); attempts already started keep their layout and
    deadline. Raises ``QuizError`` as ``quiz_create`` does."""
    unknown = set(changes) - set(SETTINGS)
    if unknown:
        raise QuizError(f"Unknown quiz settings: {', '.join(sorted(unknown))}.")
    # Check a copy, so a refused change leaves the caller's object as it was.
    candidate = copy.copy(quiz)
    for name, value in changes.items():
        setattr(candidate, name, value)
    _check(candidate)
    _check_title_free(candidate)
    for name in (*changes, "title"):
        setattr(quiz, name, getattr(candidate, name))
    quiz.save()
    return quiz


@transaction.atomic
def quiz_publish(*, quiz: Quiz, user: User) -> Quiz:
    """Make the quiz visible to the course's students. Raises ``QuizError`` if it has no slot."""
    if not quiz.slots.exists():
        raise QuizError("Add at least one question before publishing.", field="slots")
    if not quiz.is_published:
        quiz.published_at = timezone.now()
        quiz.save(update_fields=["published_at", "updated_at"])
        QuizEvent.objects.create(quiz=quiz, actor=user, action="published")
    return quiz


@transaction.atomic
def quiz_unpublish(*, quiz: Quiz, user: User) -> Quiz:
    """Hide the quiz from students; no attempt can start. Attempts already made are kept."""
    if quiz.is_published:
        quiz.published_at = None
        quiz.save(update_fields=["published_at", "updated_at"])
        QuizEvent.objects.create(quiz=quiz, actor=user, action="unpublished")
    return quiz


@transaction.atomic
def quiz_delete(*, quiz: Quiz, user: User) -> None:
    """Delete a quiz nobody has attempted. Raises ``QuizError`` otherwise (unpublish it instead)."""
    if quiz.attempts.exists():
        raise QuizError(
            "Students have attempted this quiz, so it cannot be deleted; unpublish it instead."
        )
    quiz.delete()


def _next_position(quiz: Quiz) -> int:
    return (quiz.slots.aggregate(p=Max("position"))["p"] or 0) + 1


@transaction.atomic
def slot_add_fixed(
    *,
    quiz: Quiz,
    user: User,
    question: Question,
    version: QuestionVersion | None = None,
    points: float = 1.0,
) -> QuizSlot:
    """Add one question: pinned to ``version``, or (``None``) following its latest approved version.

    Raises ``QuizError`` when the question is from another course, not approved, already in the
    quiz, or the version is not one of its versions.
    """
    if question.course_id != quiz.course_id:
        raise QuizError("This question belongs to another course.", field="question")
    if question.status != ItemStatus.APPROVED or question.current_id is None:
        raise QuizError("Only approved questions can go into a quiz.", field="question")
    if version is not None and version.question_id != question.pk:
        raise QuizError("This version belongs to another question.", field="version")
    if quiz.slots.filter(kind=SlotKind.FIXED, question=question).exists():
        raise QuizError("This question is already in the quiz.", field="question")
    _check_points(points)
    return QuizSlot.objects.create(
        quiz=quiz,
        position=_next_position(quiz),
        kind=SlotKind.FIXED,
        question=question,
        version=version,
        points=points,
    )


@transaction.atomic
def slot_add_random(
    *,
    quiz: Quiz,
    user: User,
    count: int,
    source: Source | None = None,
    tag: Tag | None = None,
    type: str = "",
    points: float = 1.0,
) -> QuizSlot:
    """Add a random draw of ``count`` approved questions by article, tag and type.

    Raises ``QuizError`` when a filter belongs to another course, the type is unknown, or fewer
    than ``count`` approved questions match (the message says how many do).
    """
    for name, item in (("source", source), ("tag", tag)):
        if item is not None and item.course_id != quiz.course_id:
            raise QuizError(f"This {name} belongs to another course.", field=name)
    if type and type not in QuestionType.values:
        raise QuizError("Choose a question type from the list.", field="type")
    if not 1 <= count <= 100:
        raise QuizError("Draw between 1 and 100 questions.", field="count")
    _check_points(points)
    slot = QuizSlot(
        quiz=quiz,
        position=_next_position(quiz),
        kind=SlotKind.RANDOM,
        draw_count=count,
        draw_source=source,
        draw_tag=tag,
        draw_type=type,
        points=points,
    )
    available = draw_available(slot)
    if available < count:
        if not available:
            message = (
                "No approved question matches (questions already fixed in this quiz do not count)."
            )
        else:
            message = (
                f"Only {available} approved question{'s' if available != 1 else ''} match; "
                f"draw at most {available}."
            )
        raise QuizError(message, field="count")
    slot.save()
    return slot


def _check_points(points: float) -> None:
    if not 0 < points <= 100:
        raise QuizError("Points per question are more than 0 and at most 100.", field="points")


@transaction.atomic
def slot_remove(*, quiz: Quiz, user: User, slot: QuizSlot, confirm: bool = False) -> None:
    """Remove a slot. Once students have attempted the quiz this needs ``confirm=True`` (raises
    ``QuizError`` with field ``confirm`` and the number of attempts otherwise): attempts already
    made keep the questions they showed; only new attempts change. The removal is audited."""
    if slot.quiz_id != quiz.pk:
        raise QuizError("This slot belongs to another quiz.", field="slot")
    attempts = quiz.attempts.count()
    if attempts and not confirm:
        raise QuizError(
            f"{attempts} attempt{'s' if attempts != 1 else ''} already used this quiz. Removing "
            "the slot changes new attempts only; existing attempts keep what they showed. "
            "Confirm to remove it.",
            field="confirm",
        )
    QuizEvent.objects.create(
        quiz=quiz,
        actor=user,
        action="slot_removed",
        detail={
            "position": slot.position,
            "kind": slot.kind,
            "question": slot.question_id,
            "draw_count": slot.draw_count,
            "attempts": attempts,
        },
    )
    slot.delete()


@transaction.atomic
def slot_move(*, quiz: Quiz, user: User, slot: QuizSlot, offset: int) -> None:
    """Move a slot up (``offset=-1``) or down (``+1``) by swapping with its neighbour."""
    slots = list(quiz.slots.select_for_update().order_by("position", "id"))
    index = next((i for i, s in enumerate(slots) if s.pk == slot.pk), None)
    if index is None:
        raise QuizError("This slot belongs to another quiz.", field="slot")
    target = index + offset
    if not 0 <= target < len(slots):
        return
    slots[index], slots[target] = slots[target], slots[index]
    for position, item in enumerate(slots, start=1):
        item.position = position
    QuizSlot.objects.bulk_update(slots, ["position"])


@transaction.atomic
def quiz_from_source(*, source: Source, user: User, title: str = "", publish: bool = False) -> Quiz:
    """One click: a sensible default quiz from an article's approved questions, titled "Quiz:
    <article>" (with " (2)", " (3)", … when the course already has a quiz of that title).

    Up to ``DEFAULT_QUIZ_LENGTH`` approved questions become fixed slots (best first); more than
    that becomes one random draw of that many from the article, so retakes show unseen questions
    first. Choices are shuffled, attempts unlimited, the highest attempt counts, everything is shown
    after submitting. Raises ``QuizError`` when the article has no approved question yet.
    """
    approved = list(
        Question.objects.filter(
            source=source, status=ItemStatus.APPROVED, current__isnull=False
        ).order_by("-score", "id")
    )
    if not approved:
        raise QuizError(
            "This article has no approved questions yet. Approve some in its review queue first.",
            field="source",
        )
    quiz = quiz_create(
        course=source.course,
        user=user,
        title=quiz_title_free(source.course, title or f"Quiz: {source.title}"),
        instructions="Answer every question, check the summary, then submit.",
        shuffle_choices=True,
    )
    quiz.source = source
    quiz.save(update_fields=["source"])
    if len(approved) <= DEFAULT_QUIZ_LENGTH:
        QuizSlot.objects.bulk_create(
            QuizSlot(quiz=quiz, position=n, kind=SlotKind.FIXED, question=q)
            for n, q in enumerate(approved, start=1)
        )
    else:
        quiz.shuffle_questions = True
        quiz.save(update_fields=["shuffle_questions"])
        QuizSlot.objects.create(
            quiz=quiz,
            position=1,
            kind=SlotKind.RANDOM,
            draw_count=DEFAULT_QUIZ_LENGTH,
            draw_source=source,
        )
    if publish:
        quiz_publish(quiz=quiz, user=user)
    return quiz


def quiz_title_free(course: Course, title: str, *, limit: int = 200) -> str:
    """``title`` if no quiz of ``course`` has it (case aside), else the first free "title (n)"."""
    taken = {
        t.casefold() for t in Quiz.objects.filter(course=course).values_list("title", flat=True)
    }
    title = title.strip()[:limit]
    number = 1
    candidate = title
    while candidate.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = title[: limit - len(suffix)].rstrip() + suffix
    return candidate


def quiz_demo(*, course: Course, source: Source, user: User) -> Quiz:
    """The demo's published quiz of ``source``'s approved questions (the existing one if there is).

    Raises ``QuizError`` when the article has no approved question.
    """
    existing = Quiz.objects.filter(course=course, source=source).order_by("id").first()
    if existing is not None:
        return existing if existing.is_published else quiz_publish(quiz=existing, user=user)
    return quiz_from_source(source=source, user=user, publish=True)
