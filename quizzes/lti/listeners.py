"""Listening to what learners do (``quizzes.activity``): grade passback and xAPI attach here.

The listener runs after the activity's transaction committed; it only checks whether the course
has anything to feed (a graded LMS link, an enabled LRS) — one cheap query for every other
course — and hands the work to a background job.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db.models import Exists, OuterRef

from quizzes.activity import Activity, activity_recorded
from quizzes.models import Course, LtiPlacementLink, XapiSettings

log = logging.getLogger(__name__)

KINDS = ("attempt-submitted", "review-recorded")


def course_is_connected(course_id: int) -> bool:
    """Does anything outside Retain follow this course (a graded LMS link, an enabled LRS)?"""
    return (
        Course.objects.filter(pk=course_id)
        .filter(
            Exists(
                LtiPlacementLink.objects.filter(
                    placement__course=OuterRef("pk"), line_item__isnull=False
                )
            )
            | Exists(XapiSettings.objects.filter(course=OuterRef("pk"), enabled=True))
        )
        .exists()
    )


def on_activity(sender: Any, activity: Activity, **kwargs: Any) -> None:
    if activity.kind not in KINDS or not course_is_connected(activity.course_id):
        return
    from quizzes.lti.tasks import process_activity

    process_activity.enqueue(
        {
            "kind": activity.kind,
            "user_id": activity.user_id,
            "course_id": activity.course_id,
            "object_id": activity.object_id,
            "at": activity.at.isoformat(),
        }
    )


def connect() -> None:
    activity_recorded.connect(on_activity, dispatch_uid="quizzes.lti.listeners.on_activity")
