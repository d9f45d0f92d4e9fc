"""The LMS integration's background jobs (django.tasks). Each is idempotent: a row is claimed
before it is sent, so a job run twice, or beside ``manage.py lti_sync``, sends nothing twice."""

from __future__ import annotations

from typing import Any

from django.tasks import task


@task()
def refresh_grades(activity: dict[str, Any]) -> list[int]:
    """A student did something in a course with graded LMS links: work out their scores again
    and push the changed ones (``activity`` is an ``Activity`` as plain JSON)."""
    from quizzes.lti.services.grades import grades_refresh

    return grades_refresh(user_id=activity["user_id"], course_id=activity["course_id"])


@task()
def record_statements(activity: dict[str, Any]) -> int:
    """A learner did something in a course with an LRS: queue its xAPI statements and send."""
    from quizzes.lti.services.xapi import outbox_drain, statements_record

    stored = statements_record(
        kind=activity["kind"], course_id=activity["course_id"], object_id=activity["object_id"]
    )
    if stored:
        outbox_drain(course_id=activity["course_id"])
    return stored


@task()
def push_grade(sync_id: int) -> str:
    from quizzes.lti.services.grades import grade_push

    return grade_push(sync_id=sync_id)


@task()
def sync_roster(course_context_id: int) -> None:
    from quizzes.lti.services.roster import roster_sync
    from quizzes.models import LtiCourseContext

    course_context = LtiCourseContext.objects.select_related(
        "context__deployment__registration", "course"
    ).get(pk=course_context_id)
    roster_sync(course_context=course_context)


@task()
def drain_xapi(course_id: int) -> None:
    from quizzes.lti.services.xapi import outbox_drain

    outbox_drain(course_id=course_id)


@task()
def sync_due() -> dict[str, int]:
    """The scheduler's LMS job (what ``manage.py lti_sync`` does): retry due gradebook scores and
    xAPI statements, retire replaced keys, delete expired launch logins (their nonces)."""
    from quizzes.lti.services.grades import grades_push_due
    from quizzes.lti.services.keys import keys_retire
    from quizzes.lti.services.launches import logins_expire
    from quizzes.lti.services.xapi import outbox_drain_due

    grades = grades_push_due()
    drained = outbox_drain_due()
    return {
        "grades": sum(grades.values()),
        "statements_sent": sum(outcome.sent for outcome in drained.values()),
        "keys_retired": len(keys_retire()),
        "logins_expired": logins_expire(),
    }
