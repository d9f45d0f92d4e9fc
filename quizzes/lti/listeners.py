"""Listening to what learners do (``quizzes.activity``): grade passback and xAPI attach here.

The listener runs after the activity's transaction committed. It asks two cheap questions — does
the course have a graded LMS link? an enabled LRS? (one query for both; courses with neither,
the most, pay nothing more) — and hands the work to background jobs: scores to refresh (a quiz
submitted; a card reviewed or a practice question answered, which move a deck's mastery) and
statements to record.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db.models import Exists, OuterRef

from quizzes.activity import Activity, activity_recorded
from quizzes.models import Course, LtiPlacementLink, XapiSettings

log = logging.getLogger(__name__)

GRADED_KINDS = ("attempt-submitted", "review-recorded", "practice-answered")
STATEMENT_KINDS = ("attempt-submitted", "review-recorded", "practice-answered")


def followers(course_id: int) -> tuple[bool, bool]:
    """``(graded LMS links, enabled LRS)`` of the course, in one query."""
    row = (
        Course.objects.filter(pk=course_id)
        .annotate(
            graded=Exists(
                LtiPlacementLink.objects.filter(
                    placement__course=OuterRef("pk"), line_item__isnull=False
                )
            ),
            lrs=Exists(XapiSettings.objects.filter(course=OuterRef("pk"), enabled=True)),
        )
        .values_list("graded", "lrs")
        .first()
    )
    return (bool(row[0]), bool(row[1])) if row else (False, False)


def on_activity(sender: Any, activity: Activity, **kwargs: Any) -> None:
    graded, lrs = followers(activity.course_id)
    if not graded and not lrs:
        return
    from quizzes.lti.tasks import record_statements, refresh_grades

    plain = {
        "kind": activity.kind,
        "user_id": activity.user_id,
        "course_id": activity.course_id,
        "object_id": activity.object_id,
        "at": activity.at.isoformat(),
    }
    if graded and activity.kind in GRADED_KINDS:
        refresh_grades.enqueue(plain)
    if lrs and activity.kind in STATEMENT_KINDS:
        record_statements.enqueue(plain)


def connect() -> None:
    activity_recorded.connect(on_activity, dispatch_uid="quizzes.lti.listeners.on_activity")
