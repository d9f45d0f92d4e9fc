"""A learner's course dashboard: mastery of each claim and term, weakest first, and their study record.

Scoped by membership: a learner sees their own dashboard in any course they belong to; an
instructor sees a student's (read-only) in a course they teach. Anything else is 404, so a student
learns nothing about another student, not even whether they exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.utils import timezone

from quizzes.courses.selectors import course_for
from quizzes.errors import NotFound
from quizzes.models import Course, Membership, Role
from quizzes.progress.selectors.evidence import (
    MasterySummary,
    TopicMastery,
    course_topics,
    learner_time_zone,
    mastery_table,
    summarise,
    weakest_first,
)
from quizzes.progress.selectors.study_record import StudyRecord, study_record

if TYPE_CHECKING:
    from django.contrib.auth.models import User

WEAKEST_COUNT = 5


@dataclass
class Dashboard:
    """What the dashboard page and ``GET /api/v1/progress/me/`` show."""

    course: Course
    learner: User
    own: bool  # False when an instructor looks at a student's dashboard
    now: datetime
    claims: list[TopicMastery]  # weakest first
    terms: list[TopicMastery]  # weakest first
    summary: MasterySummary
    claim_summary: MasterySummary
    term_summary: MasterySummary
    study: StudyRecord

    @property
    def weakest_claims(self) -> list[TopicMastery]:
        """The claims to study first: the weakest not yet mastered."""
        return [c for c in self.claims if c.state != "mastered"][:WEAKEST_COUNT]


def learner_for(viewer: User, course: Course, student_id: int | None) -> User:
    """The learner whose progress ``viewer`` asks for: themselves (``student_id`` None or their
    own id), or, for an instructor of ``course``, one of its students. NotFound otherwise."""
    if student_id is None or student_id == viewer.pk:
        return viewer
    if getattr(course, "role", None) != Role.INSTRUCTOR:
        raise NotFound("No such student.")
    enrolled = Membership.objects.filter(course=course, user_id=student_id, role=Role.STUDENT)
    learner = get_user_model().objects.filter(pk=student_id, pk__in=enrolled.values("user_id"))
    found = learner.first()
    if found is None:
        raise NotFound("No such student.")
    return found


def dashboard_for(
    viewer: User,
    course_id: int,
    *,
    student_id: int | None = None,
    now: datetime | None = None,
) -> Dashboard:
    """The dashboard of ``viewer`` in the course, or of one of its students for its instructor.

    Raises ``NotFound`` when the viewer is not a member, or asks for someone they may not see.
    A fixed number of queries, whatever the amount of history.
    """
    now = now or timezone.now()
    course = course_for(viewer, course_id)
    learner = learner_for(viewer, course, student_id)
    return learner_dashboard(course, learner, now=now, own=learner.pk == viewer.pk)


def learner_dashboard(
    course: Course, learner: User, *, now: datetime, own: bool = True
) -> Dashboard:
    """Build the dashboard of ``learner`` in ``course`` (access already checked)."""
    topics = course_topics(course)
    table = mastery_table(course, [learner.pk], now=now, topics=topics)[learner.pk]
    items = list(table.values())
    claims = sorted((i for i in items if i.topic.kind == "claim"), key=weakest_first)
    terms = sorted((i for i in items if i.topic.kind == "term"), key=weakest_first)
    return Dashboard(
        course=course,
        learner=learner,
        own=own,
        now=now,
        claims=claims,
        terms=terms,
        summary=summarise(items),
        claim_summary=summarise(claims),
        term_summary=summarise(terms),
        study=study_record(course.pk, learner.pk, time_zone=learner_time_zone(learner.pk), now=now),
    )
