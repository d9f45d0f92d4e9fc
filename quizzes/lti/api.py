"""API of the LMS integration, for a course's instructors: each student's gradebook sync, and a
roster sync from the LMS."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from quizzes.core.api.views import ScopedAPIView, ScopedListAPIView
from quizzes.core.requests import AuthedAPIRequest
from quizzes.courses.selectors import course_for_instructor
from quizzes.lti.selectors.courses import course_contexts
from quizzes.lti.selectors.grades import grade_syncs
from quizzes.models import LtiGradeSync

if TYPE_CHECKING:
    pass


class GradeSyncOutput(serializers.Serializer):
    id = serializers.IntegerField()
    user_id = serializers.IntegerField()
    username = serializers.CharField(source="user.username")
    activity = serializers.CharField(source="placement.title")
    line_item = serializers.CharField(source="line_item.url")
    score = serializers.FloatField(help_text="The score to send, in percent.")
    sent_score = serializers.FloatField(
        allow_null=True, help_text="The last score the LMS accepted."
    )
    status = serializers.CharField(help_text="pending, sending, sent or failed.")
    tries = serializers.IntegerField(help_text="Failed tries since the last success.")
    next_try_at = serializers.DateTimeField()
    last_sent_at = serializers.DateTimeField(allow_null=True)
    last_error = serializers.CharField()


class CourseGradeSyncs(ScopedListAPIView):
    """Each student's gradebook sync in the course (instructors only; others get 404)."""

    serializer_class = GradeSyncOutput
    model = LtiGradeSync

    def scoped(self) -> QuerySet[LtiGradeSync]:
        return grade_syncs(course_for_instructor(self.request.user, self.kwargs["pk"]))


class RosterSyncOutput(serializers.Serializer):
    queued = serializers.IntegerField(help_text="LMS courses whose roster sync was queued.")


class CourseRosterSync(ScopedAPIView):
    """Queue a roster sync (NRPS) of every LMS course linked to this course."""

    serializer_class = RosterSyncOutput
    model = LtiGradeSync

    def scoped(self) -> QuerySet[LtiGradeSync]:
        return LtiGradeSync.objects.none()

    @extend_schema(request=None, responses={202: RosterSyncOutput})
    def post(self, request: AuthedAPIRequest, pk: int) -> Response:
        from quizzes.lti.tasks import sync_roster

        course = course_for_instructor(request.user, pk)
        ids = list(course_contexts(course).values_list("pk", flat=True))
        for course_context_id in ids:
            transaction.on_commit(partial(sync_roster.enqueue, course_context_id))
        return Response({"queued": len(ids)}, status=status.HTTP_202_ACCEPTED)
