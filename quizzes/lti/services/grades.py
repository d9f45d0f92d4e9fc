"""Grade passback (LTI Assignment and Grade Services 2.0), as background jobs.

``grades_refresh`` works out a student's score on each graded LMS link of a course (after a quiz
is submitted or a card reviewed) and records it in ``LtiGradeSync``; ``grade_push`` sends one
row's score to the platform's score endpoint. A row is sent only when its score differs from the
last one the platform accepted, so the same value is never sent twice; while a push is in flight
the row is claimed (``sending``), so two workers never send it at once.

A push that fails is retried with exponential backoff (30 s, 1 min, 2 min, … up to an hour;
``MAX_TRIES`` in all) — by a job scheduled for then where the task backend can defer, and by
``grades_push_due`` (``manage.py lti_sync``, e.g. every minute from cron) in any case. A refusal
that retrying cannot cure (no score scope, an unknown line item) fails at once. The instructor
sees each student's status, last value sent and error on the course's LMS page, and can retry.

The access token comes from the platform's token endpoint by a signed client-credentials
assertion and is cached until shortly before it expires (``quizzes.lti.connector``).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from lti_tool.models import LtiUser
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.grade import Grade

from quizzes.lti.connector import CachedTokenConnector
from quizzes.lti.errors import PlatformUnavailable
from quizzes.lti.selectors.grades import placement_score
from quizzes.models import (
    Course,
    LtiGradeSync,
    LtiPlacementLink,
    Membership,
    PlacementKind,
    Role,
    SyncStatus,
)

log = logging.getLogger(__name__)

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
MAX_TRIES = 10
CLAIM_TIMEOUT = timedelta(minutes=5)  # a push claimed longer ago than this crashed: take it over


def backoff(tries: int) -> timedelta:
    """Wait before try number ``tries + 1``: 30 s doubling each time, at most an hour."""
    return timedelta(seconds=min(30 * 2 ** max(tries - 1, 0), 3600))


def grades_refresh(*, user_id: int, course_id: int, now: datetime | None = None) -> list[int]:
    """Record the student's current score on every graded LMS link of the course and push the
    ones that changed. Returns the ids of the rows queued. Instructors' own attempts are not
    sent; nor are scores of students the platform has never introduced (no LMS account)."""
    now = now or timezone.now()
    links = list(
        LtiPlacementLink.objects.filter(
            placement__course_id=course_id,
            placement__kind__in=[PlacementKind.QUIZ, PlacementKind.DECK],
            line_item__isnull=False,
        ).select_related("placement__course", "placement__quiz", "line_item__context__deployment")
    )
    if not links:
        return []
    if not Membership.objects.filter(
        user_id=user_id, course_id=course_id, role=Role.STUDENT
    ).exists():
        return []
    user = User.objects.get(pk=user_id)
    queued = []
    seen = set()
    for link in links:
        line_item = link.line_item
        if line_item is None or line_item.pk in seen:
            continue
        seen.add(line_item.pk)
        registration_id = line_item.context.deployment.registration_id
        lti_user = LtiUser.objects.filter(registration_id=registration_id, auth_user=user).first()
        if lti_user is None:
            continue
        score = placement_score(link.placement, user, now=now)
        if score is None:
            continue
        sync_id = _record(link, line_item.pk, user, lti_user, score.percent, score.completed, now)
        if sync_id is not None:
            queued.append(sync_id)
    for sync_id in queued:
        enqueue_push(sync_id)
    return queued


def _record(
    link: LtiPlacementLink,
    line_item_id: int,
    user: User,
    lti_user: LtiUser,
    score: float,
    completed: bool,
    now: datetime,
) -> int | None:
    """Store the score to send; the row's id if it must be pushed, else None."""
    with transaction.atomic():
        sync, created = LtiGradeSync.objects.select_for_update().get_or_create(
            line_item_id=line_item_id,
            user=user,
            defaults={
                "lti_user": lti_user,
                "placement": link.placement,
                "score": score,
                "completed": completed,
                "next_try_at": now,
            },
        )
        if created:
            return sync.pk
        if sync.score == score and sync.completed == completed:
            return None  # nothing new; a pending or failed row keeps its own schedule
        sync.score, sync.completed, sync.lti_user = score, completed, lti_user
        fields = ["score", "completed", "lti_user", "updated_at"]
        if sync.status != SyncStatus.SENDING:  # a push in flight re-queues itself when done
            sync.status = SyncStatus.PENDING
            sync.tries, sync.next_try_at, sync.last_error = 0, now, ""
            fields += ["status", "tries", "next_try_at", "last_error"]
        sync.save(update_fields=fields)
        return sync.pk if sync.status == SyncStatus.PENDING else None


def enqueue_push(sync_id: int, *, at: datetime | None = None) -> None:
    """Run ``grade_push`` in the background (at ``at``, where the task backend can defer)."""
    from quizzes.lti.tasks import push_grade

    task = push_grade
    if at is not None:
        if not task.get_backend().supports_defer:
            return  # grades_push_due (lti_sync) picks it up when it is due
        task = task.using(run_after=at)
    transaction.on_commit(lambda: task.enqueue(sync_id))


def grade_push(*, sync_id: int, now: datetime | None = None) -> str:
    """Send one row's score to the platform if it is due and not already there. Returns what
    happened: ``sent``, ``unchanged``, ``retry``, ``failed`` or ``skipped`` (not due, or taken
    by another worker)."""
    now = now or timezone.now()
    claimed = (
        LtiGradeSync.objects.filter(pk=sync_id)
        .filter(
            Q(status=SyncStatus.PENDING, next_try_at__lte=now)
            | Q(status=SyncStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
        )
        .update(status=SyncStatus.SENDING, claimed_at=now)
    )
    if not claimed:
        return "skipped"
    sync = LtiGradeSync.objects.select_related(
        "line_item__context__deployment__registration", "lti_user"
    ).get(pk=sync_id)
    value, completed = sync.score, sync.completed
    if sync.sent_score is not None and value == sync.sent_score:
        LtiGradeSync.objects.filter(pk=sync_id, score=value).update(
            status=SyncStatus.SENT, claimed_at=None
        )
        _requeue_if_changed(sync_id, now)
        return "unchanged"
    try:
        _post_score(sync, value, completed, now)
    except PlatformUnavailable as error:
        return _failed(sync, error, now)
    with transaction.atomic():
        row = LtiGradeSync.objects.select_for_update().get(pk=sync_id)
        row.sent_score, row.last_sent_at = value, now
        row.tries, row.last_error, row.claimed_at = 0, "", None
        row.status = SyncStatus.SENT if row.score == value else SyncStatus.PENDING
        row.next_try_at = now
        row.save()
    if row.status == SyncStatus.PENDING:
        enqueue_push(sync_id)
    log.info("LTI grade sent: %s for user %s on %s", value, sync.user_id, sync.line_item.url)
    return "sent"


def _requeue_if_changed(sync_id: int, now: datetime) -> None:
    """A score that changed while the row was claimed goes out again."""
    LtiGradeSync.objects.filter(pk=sync_id, status=SyncStatus.SENDING).update(
        status=SyncStatus.PENDING, claimed_at=None, next_try_at=now
    )


def _post_score(sync: LtiGradeSync, value: float, completed: bool, now: datetime) -> None:
    line_item = sync.line_item
    context = line_item.context
    if not context.can_publish_scores:
        raise PlatformUnavailable(
            "The LMS did not give Retain permission to send scores (AGS score scope).",
            retry=False,
        )
    registration = context.deployment.registration
    service_data: Any = {"scope": [SCORE_SCOPE], "lineitem": line_item.url}
    service = AssignmentsGradesService(CachedTokenConnector(registration), service_data)
    grade = (
        Grade()
        .set_user_id(sync.lti_user.sub)
        .set_score_given(value)
        .set_score_maximum(sync.score_maximum)
        .set_activity_progress("Completed" if completed else "InProgress")
        .set_grading_progress("FullyGraded")
        .set_timestamp(now.isoformat(timespec="milliseconds"))
    )
    service.put_grade(grade)


def _failed(sync: LtiGradeSync, error: PlatformUnavailable, now: datetime) -> str:
    tries = sync.tries + 1
    gives_up = not error.retry or tries >= MAX_TRIES
    next_try = now + backoff(tries)
    LtiGradeSync.objects.filter(pk=sync.pk).update(
        status=SyncStatus.FAILED if gives_up else SyncStatus.PENDING,
        tries=tries,
        next_try_at=next_try,
        claimed_at=None,
        last_error=error.message[:2000],
    )
    log.warning(
        "LTI grade for user %s on %s not sent (try %s%s): %s",
        sync.user_id,
        sync.line_item.url,
        tries,
        ", giving up" if gives_up else "",
        error.message,
    )
    if gives_up:
        return "failed"
    enqueue_push(sync.pk, at=next_try)
    return "retry"


def grades_push_due(*, now: datetime | None = None) -> dict[str, int]:
    """Push every row that is due (pending and past its next try, or claimed by a worker that
    died). Returns how many of each outcome."""
    now = now or timezone.now()
    due = LtiGradeSync.objects.filter(
        Q(status=SyncStatus.PENDING, next_try_at__lte=now)
        | Q(status=SyncStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
    ).values_list("pk", flat=True)
    outcomes: dict[str, int] = {}
    for sync_id in list(due):
        outcome = grade_push(sync_id=sync_id, now=now)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def grades_retry(*, course: Course, now: datetime | None = None) -> int:
    """Queue again every failed row of the course (the instructor's "Retry"). Returns how many."""
    now = now or timezone.now()
    ids = list(
        LtiGradeSync.objects.filter(placement__course=course, status=SyncStatus.FAILED).values_list(
            "pk", flat=True
        )
    )
    LtiGradeSync.objects.filter(pk__in=ids).update(
        status=SyncStatus.PENDING, tries=0, next_try_at=now
    )
    for sync_id in ids:
        enqueue_push(sync_id)
    return len(ids)
