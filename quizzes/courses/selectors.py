"""Reads for courses, always scoped by the user's memberships (others' courses are 404)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from quizzes.errors import NotFound
from quizzes.models import Course, Membership, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django_stubs_ext import WithAnnotations


class MemberAnnotations(TypedDict):
    """What a member's view of a course adds: their ``role`` and the class size."""

    role: str
    student_count: int


def courses_for(user: User) -> QuerySet[WithAnnotations[Course, MemberAnnotations]]:
    """The user's courses, each annotated with ``role`` (the user's) and ``student_count``."""
    role = Membership.objects.filter(course=OuterRef("pk"), user=user).values("role")[:1]
    return (
        Course.objects.filter(pk__in=Membership.objects.filter(user=user).values("course_id"))
        .annotate(role=Subquery(role))
        .annotate(student_count=Count("memberships", filter=Q(memberships__role=Role.STUDENT)))
        .order_by("title", "id")
    )


def course_for(user: User, course_id: int) -> WithAnnotations[Course, MemberAnnotations]:
    """One of the user's courses, with ``role`` annotated; NotFound if the user is not a member."""
    course = courses_for(user).filter(pk=course_id).first()
    if course is None:
        raise NotFound("No such course.")
    return course


def course_for_instructor(user: User, course_id: int) -> WithAnnotations[Course, MemberAnnotations]:
    """A course the user teaches; NotFound otherwise (a student learns nothing from the answer)."""
    course = course_for(user, course_id)
    if course.role != Role.INSTRUCTOR:
        raise NotFound("No such course.")
    return course


def is_instructor(user: User, course: Course) -> bool:
    return Membership.objects.filter(user=user, course=course, role=Role.INSTRUCTOR).exists()


def taught_course_ids(user: User) -> QuerySet[Membership, Any]:
    return Membership.objects.filter(user=user, role=Role.INSTRUCTOR).values("course_id")
