"""Reads for a course's instructors: its LMS courses, the activities linked from them, the
gradebook sync of every student, the roster's last sync and the xAPI outbox."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from quizzes.models import (
    Course,
    Deck,
    LtiCourseContext,
    LtiGradeSync,
    LtiPlacement,
    Quiz,
    Source,
    SourceStatus,
    SyncStatus,
    XapiOutbox,
    XapiSettings,
)


def course_contexts(course: Course) -> QuerySet[LtiCourseContext]:
    return LtiCourseContext.objects.filter(course=course).select_related(
        "context__deployment__registration"
    )


def course_context_for(course: Course, course_context_id: int) -> LtiCourseContext | None:
    return course_contexts(course).filter(pk=course_context_id).first()


def placements(course: Course) -> QuerySet[LtiPlacement]:
    return (
        LtiPlacement.objects.filter(course=course)
        .annotate(link_count=Count("links", distinct=True))
        .order_by("-created_at")
    )


@dataclass(frozen=True)
class OutboxCounts:
    pending: int
    sent: int
    failed: int
    last_error: str


def outbox_counts(course: Course) -> OutboxCounts:
    counts = dict(
        XapiOutbox.objects.filter(course=course)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    last = (
        XapiOutbox.objects.filter(course=course)
        .exclude(last_error="")
        .order_by("-next_try_at")
        .values_list("last_error", flat=True)
        .first()
    )
    return OutboxCounts(
        pending=counts.get(SyncStatus.PENDING, 0) + counts.get(SyncStatus.SENDING, 0),
        sent=counts.get(SyncStatus.SENT, 0),
        failed=counts.get(SyncStatus.FAILED, 0),
        last_error=last or "",
    )


def xapi_settings(course: Course) -> XapiSettings | None:
    return XapiSettings.objects.filter(course=course).first()


def grade_sync_counts(course: Course) -> dict[str, int]:
    return dict(
        LtiGradeSync.objects.filter(placement__course=course)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )


@dataclass(frozen=True)
class PickerChoices:
    """What the deep-linking picker offers: the course's published quizzes and decks and its
    ready articles."""

    quizzes: list[Quiz]
    decks: list[Deck]
    sources: list[Source]


def picker_choices(course: Course) -> PickerChoices:
    return PickerChoices(
        quizzes=list(
            Quiz.objects.filter(course=course, published_at__isnull=False).order_by("title", "id")
        ),
        decks=list(Deck.objects.filter(course=course, published=True).order_by("title", "id")),
        sources=list(
            Source.objects.filter(course=course, status=SourceStatus.READY).order_by("title", "id")
        ),
    )
