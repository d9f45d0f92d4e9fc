"""API: how a quiz performed (statistics) and regrading after a question was fixed. Instructors
only; everyone else gets 404."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from quizzes.core.api.fields import IdField
from quizzes.core.requests import AuthedAPIRequest
from quizzes.models import Question
from quizzes.quiz.api.attempts import BAD_INPUT
from quizzes.quiz.api.quizzes import NOT_FOUND, QuizView
from quizzes.quiz.selectors.quizzes import quiz_for_instructor
from quizzes.quiz.selectors.statistics import quiz_statistics
from quizzes.quiz.services.regrade import attempt_regrade


class ChoiceStatisticsOutput(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()
    correct = serializers.BooleanField()
    count = serializers.IntegerField()
    share = serializers.FloatField()


class QuestionStatisticsOutput(serializers.Serializer):
    question_id = serializers.IntegerField()
    type = serializers.CharField()
    prompt = serializers.CharField()
    responses = serializers.IntegerField()
    facility = serializers.FloatField(allow_null=True, help_text="Mean share of points, 0–1.")
    discrimination = serializers.FloatField(
        allow_null=True, help_text="Upper 27 % minus lower 27 % mean item score."
    )
    point_biserial = serializers.FloatField(
        allow_null=True, help_text="Correlation with the rest of the attempt."
    )
    choices = ChoiceStatisticsOutput(many=True)
    flags = serializers.ListField(child=serializers.CharField())


class ScoreBandOutput(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    low = serializers.IntegerField()
    high = serializers.IntegerField()
    count = serializers.IntegerField()


class StatisticsOutput(serializers.Serializer):
    attempts = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True, help_text="Percent.")
    median = serializers.FloatField(allow_null=True)
    stdev = serializers.FloatField(allow_null=True)
    bands = ScoreBandOutput(many=True, help_text="Score distribution in ten bands.")
    questions = QuestionStatisticsOutput(many=True)


class QuizStatistics(QuizView):
    serializer_class = StatisticsOutput

    @extend_schema(responses={200: StatisticsOutput, 404: NOT_FOUND})
    def get(self, request: AuthedAPIRequest, pk: int) -> Response:
        """How the quiz and each question performed, over all submitted attempts."""
        quiz = quiz_for_instructor(request.user, pk)
        return Response(StatisticsOutput(quiz_statistics(quiz)).data)


class RegradeInput(serializers.Serializer):
    question = IdField(help_text="The fixed question; its current version is used.")
    dry_run = serializers.BooleanField(default=False)


class RegradeAttemptOutput(serializers.Serializer):
    attempt = serializers.IntegerField()
    before = serializers.FloatField(allow_null=True)
    after = serializers.FloatField(allow_null=True)


class RegradeOutput(serializers.Serializer):
    responses = serializers.IntegerField(help_text="Responses moved to the new version.")
    changed = serializers.IntegerField(help_text="Attempts whose score changed.")
    attempts = RegradeAttemptOutput(many=True)
    dry_run = serializers.BooleanField()


class QuizRegrade(QuizView):
    serializer_class = RegradeOutput

    @extend_schema(
        request=RegradeInput, responses={200: RegradeOutput, 400: BAD_INPUT, 404: NOT_FOUND}
    )
    def post(self, request: AuthedAPIRequest, pk: int) -> Response:
        """Regrade submitted attempts with a fixed question's current version (audited)."""
        quiz = quiz_for_instructor(request.user, pk)
        data = RegradeInput(data=request.data)
        data.is_valid(raise_exception=True)
        question = get_object_or_404(
            Question, pk=data.validated_data["question"], course=quiz.course
        )
        dry_run = data.validated_data["dry_run"]
        result = attempt_regrade(quiz=quiz, user=request.user, question=question, dry_run=dry_run)
        return Response(
            RegradeOutput(
                {
                    "responses": result.responses,
                    "changed": result.changed,
                    "attempts": result.attempts,
                    "dry_run": dry_run,
                }
            ).data
        )
