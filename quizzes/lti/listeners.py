"""Listening to what learners do (``quizzes.activity``): grade passback and xAPI attach here.

The listener runs after the activity's transaction committed. It asks two questions — does the
course have a graded LMS link? an enabled LRS? — and hands the work to background jobs: scores
to refresh (a quiz submitted; a card reviewed or a practice question answered, which move a
deck's mastery) and statements to record.

The answers are kept per process for ``FOLLOWERS_SECONDS``: every review of a study session
announces itself, and one query per review would double the review POST's cost (bench/study.py).
A link or LRS setting saved in this process is seen at once; one saved in another process within
the half minute (a review then is sent with the next change, or by ``lti_sync``).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.db.models import Exists, OuterRef
from django.db.models.signals import post_delete, post_save

from quizzes.activity import Activity, activity_recorded
from quizzes.models import Course, LtiPlacementLink, XapiSettings

log = logging.getLogger(__name__)

GRADED_KINDS = ("attempt-submitted", "review-recorded", "practice-answered")
STATEMENT_KINDS = ("attempt-submitted", "review-recorded", "practice-answered")


FOLLOWERS_SECONDS = 30.0
_known: dict[int, tuple[float, tuple[bool, bool]]] = {}
_known_lock = threading.Lock()


def followers(course_id: int) -> tuple[bool, bool]:
    """``(graded LMS links, enabled LRS)`` of the course: one query, then kept a while."""
    now = time.monotonic()
    known = _known.get(course_id)
    if known is not None and known[0] > now:
        return known[1]
    answer = _followers_now(course_id)
    with _known_lock:
        if len(_known) > 10_000:
            _known.clear()
        _known[course_id] = (now + FOLLOWERS_SECONDS, answer)
    return answer


def forget_followers(*args: Any, **kwargs: Any) -> None:
    """Ask again next time (a graded link or an LRS setting changed in this process)."""
    with _known_lock:
        _known.clear()


def _followers_now(course_id: int) -> tuple[bool, bool]:
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
    for model in (LtiPlacementLink, XapiSettings):
        for signal in (post_save, post_delete):
            signal.connect(forget_followers, sender=model, dispatch_uid=f"forget-{model.__name__}")
