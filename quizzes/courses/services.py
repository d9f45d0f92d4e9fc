"""Writes for courses and memberships."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from quizzes.core.counters import FailureLimit
from quizzes.errors import CourseError, RateLimited
from quizzes.models import Course, Membership, Role

JOIN_WINDOW_SECONDS = 3600


@transaction.atomic
def course_create(*, user: User, title: str, description: str = "") -> Course:
    """Create a course with ``user`` as its instructor."""
    title = title.strip()
    if not title:
        raise CourseError("Give the course a title.", field="title")
    if len(title) > 200:
        raise CourseError("The title is longer than 200 characters.", field="title")
    course = Course.objects.create(title=title, description=description.strip(), created_by=user)
    Membership.objects.create(user=user, course=course, role=Role.INSTRUCTOR)
    return course


def _join_limits(user: User | None, client: str) -> list[tuple[FailureLimit, str]]:
    limits = [
        (
            FailureLimit("join-client", settings.JOIN_FAILURES_PER_CLIENT, JOIN_WINDOW_SECONDS),
            client,
        )
    ]
    if user is not None:
        limits.append(
            (
                FailureLimit("join-user", settings.JOIN_FAILURES_PER_USER, JOIN_WINDOW_SECONDS),
                str(user.pk),
            )
        )
    return [(limit, ident) for limit, ident in limits if ident]


def course_for_join_code(*, join_code: str, user: User | None = None, client: str = "") -> Course:
    """The course with this join code; the guessing brake on join codes lives here.

    A wrong code is counted against ``user`` and against ``client`` (the client address) in the
    shared cache; after ``JOIN_FAILURES_PER_USER`` / ``JOIN_FAILURES_PER_CLIENT`` wrong codes in
    an hour, any code is refused with ``RateLimited`` (429) until the hour has passed since the
    last wrong one. Raises ``CourseError`` for a code no course has. Call it outside a
    transaction: a rollback would undo the count (with the database cache).
    """
    limits = _join_limits(user, client)
    waits = [wait for limit, ident in limits if (wait := limit.retry_after(ident)) is not None]
    if waits:
        minutes = max(1, round(max(waits) / 60))
        raise RateLimited(
            f"Too many wrong join codes. Try again in {minutes} minute{'s' if minutes != 1 else ''}"
            ", and check the code with your instructor.",
            retry_after=max(waits),
            field="join_code",
        )
    code = "".join(join_code.split()).upper()
    course = Course.objects.filter(join_code=code).first()
    if course is None:
        for limit, ident in limits:
            limit.record(ident)
        raise CourseError(
            "No course has this join code. Check it with your instructor.", field="join_code"
        )
    return course


def course_join(*, user: User, join_code: str, client: str = "") -> Membership:
    """Enrol ``user`` as a student of the course with this join code (idempotent).

    Wrong codes are braked as ``course_for_join_code`` says (``client``: the request's client
    address); raises ``CourseError`` or ``RateLimited``.
    """
    course = course_for_join_code(join_code=join_code, user=user, client=client)
    return course_enrol(user=user, course=course)


@transaction.atomic
def course_enrol(*, user: User, course: Course) -> Membership:
    """Make ``user`` a student of ``course`` (idempotent: an existing membership is returned)."""
    existing = Membership.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Membership.objects.create(user=user, course=course, role=Role.STUDENT)
    except IntegrityError:  # a double submit raced us to it
        return Membership.objects.get(user=user, course=course)
