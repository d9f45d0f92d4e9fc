"""Writes for courses and memberships."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from quizzes.errors import CourseError
from quizzes.models import Course, Membership, Role


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


@transaction.atomic
def course_join(*, user: User, join_code: str) -> Membership:
    """Enrol ``user`` as a student of the course with this join code (idempotent)."""
    code = "".join(join_code.split()).upper()
    course = Course.objects.filter(join_code=code).first()
    if course is None:
        raise CourseError(
            "No course has this join code. Check it with your instructor.", field="join_code"
        )
    existing = Membership.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Membership.objects.create(user=user, course=course, role=Role.STUDENT)
    except IntegrityError:  # a double submit raced us to it
        return Membership.objects.get(user=user, course=course)
