"""Reads for reports, always scoped: a learner reads their own reports; an instructor reads the
reports of the courses they teach. Anything else is ``NotFound``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from quizzes.bank.kinds import KINDS, BankItem, ItemKind
from quizzes.courses.selectors import course_for, course_for_instructor, taught_course_ids
from quizzes.errors import NotFound
from quizzes.models import Course, ItemReport, ItemStatus, ReportStatus, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# What a learner can have seen of a course's items (an instructor may report any of them).
SEEN = (ItemStatus.APPROVED, ItemStatus.ARCHIVED)
_RELATED = ("course", "question__current", "card", "reporter", "resolved_by")


def item_kind(name: str) -> ItemKind:
    """``question`` or ``card``; ``NotFound`` for anything else (it names no item)."""
    if name not in KINDS:
        raise NotFound("No such item.")
    return KINDS[name]


def item_to_report(user: User, kind: ItemKind, item_id: int) -> BankItem:
    """An item of a course ``user`` belongs to that they can have met: approved or archived for
    a student, any for an instructor. ``NotFound`` otherwise."""
    item = kind.model.objects.filter(pk=item_id).select_related("course").first()
    if item is None:
        raise NotFound(f"No such {kind.name}.")
    course = course_for(user, item.course_id)  # NotFound for a stranger
    if course.role != Role.INSTRUCTOR and item.status not in SEEN:
        raise NotFound(f"No such {kind.name}.")
    return item


def reports_mine(user: User) -> QuerySet[ItemReport]:
    """The user's own reports, newest first."""
    return (
        ItemReport.objects.filter(reporter=user)
        .select_related(*_RELATED)
        .order_by("-created_at", "-id")
    )


def reports_for_course(
    user: User, course_id: int, *, status: str = ReportStatus.OPEN
) -> QuerySet[ItemReport]:
    """A course's reports in ``status`` (``all``: every one), oldest open first; ``NotFound``
    unless the user teaches the course."""
    course = course_for_instructor(user, course_id)
    reports = ItemReport.objects.filter(course=course).select_related(*_RELATED)
    if status != "all":
        reports = reports.filter(status=status)
    return reports.order_by("created_at", "id")


def report_for_instructor(user: User, report_id: int) -> ItemReport:
    """One report of a course the user teaches; ``NotFound`` otherwise."""
    report = (
        ItemReport.objects.filter(pk=report_id, course_id__in=taught_course_ids(user))
        .select_related(*_RELATED)
        .first()
    )
    if report is None:
        raise NotFound("No such report.")
    return report


def report_counts(course: Course) -> dict[str, int]:
    """How many of the course's reports are in each status."""
    counts = ItemReport.objects.filter(course=course).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in ReportStatus.values}
    )
    return {status: int(counts[status] or 0) for status in ReportStatus.values}


def reported_item(report: ItemReport) -> Any:
    """The question or card a report is about."""
    return report.question if report.question_id else report.card
