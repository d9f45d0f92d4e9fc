"""API: an attempt — read it (results per review policy), save a response, submit.

Every attempt body comes from ``quizzes.quiz.selectors.attempts.attempt_view``, the one gate that decides
what the review policy lets through: before it allows them, no correct answer, correctness or
explanation is in the JSON at all (the fields are null).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from quizzes.core.api.errors import BAD_INPUT, ErrorOutput, error_response
from quizzes.core.api.fields import BoundedIntegerField
from quizzes.core.api.views import ScopedAPIView
from quizzes.core.requests import AuthedAPIRequest
from quizzes.errors import StaleSaveError
from quizzes.models import Attempt
from quizzes.quiz.selectors.attempts import AttemptView, attempt_view, review_policy
from quizzes.quiz.selectors.quizzes import attempt_for, attempt_for_student, attempts_of
from quizzes.quiz.services.attempts import attempt_submit, response_save
from quizzes.quiz.services.flags import responses_flag


class StaleSaveOutput(ErrorOutput):
    sequence = serializers.IntegerField(help_text="The stored sequence number.")


NOT_FOUND = error_response("Not your attempt (or no such attempt).")


class ReviewPhaseOutput(serializers.Serializer):
    score = serializers.BooleanField()
    correctness = serializers.BooleanField()
    answers = serializers.BooleanField()
    explanations = serializers.BooleanField()


class AttemptFeedbackOutput(serializers.Serializer):
    score = serializers.FloatField(allow_null=True, help_text="Points earned (score policy).")
    correct = serializers.BooleanField(allow_null=True, help_text="Right or not (correctness).")
    right_choices = serializers.ListField(
        child=serializers.CharField(), allow_null=True, help_text="Correct choice ids (answers)."
    )
    correct_answer = serializers.CharField(allow_null=True, help_text="In words (answers).")
    explanation = serializers.CharField(allow_null=True, help_text="(explanations)")
    source_sentence = serializers.CharField(
        allow_null=True, help_text="The article sentence the question comes from (explanations)."
    )
    source_title = serializers.CharField(allow_null=True)


class AttemptChoiceOutput(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()


class AttemptQuestionOutput(serializers.Serializer):
    slot = serializers.IntegerField(help_text="Position in this attempt; used to save a response.")
    type = serializers.CharField()
    prompt = serializers.CharField(help_text="A cloze marks each blank with ____.")
    choices = AttemptChoiceOutput(
        many=True, help_text="In this attempt's order; never marked correct."
    )
    blanks = serializers.IntegerField()
    points = serializers.FloatField()
    answer = serializers.JSONField(allow_null=True, help_text="Your saved answer.")
    sequence = serializers.IntegerField(help_text="Send a higher number with the next save.")
    saved = serializers.BooleanField()
    checked = serializers.BooleanField()
    flagged = serializers.BooleanField(help_text="You flagged it for review (your own note).")
    feedback = AttemptFeedbackOutput(allow_null=True)


class AttemptOutput(serializers.Serializer):
    id = serializers.IntegerField(source="attempt.pk")
    quiz = serializers.IntegerField(source="quiz.pk")
    quiz_title = serializers.CharField(source="quiz.title")
    user = serializers.CharField(source="attempt.user.username")
    number = serializers.IntegerField(source="attempt.number")
    state = serializers.CharField(source="attempt.state")
    started_at = serializers.DateTimeField(source="attempt.started_at")
    deadline = serializers.DateTimeField(source="attempt.deadline", allow_null=True)
    submitted_at = serializers.DateTimeField(source="attempt.submitted_at", allow_null=True)
    auto_submitted = serializers.BooleanField(source="attempt.auto_submitted")
    server_time = serializers.SerializerMethodField()
    phase = serializers.ChoiceField(choices=["during", "after_submit", "after_close"])
    review = ReviewPhaseOutput(source="policy", help_text="What this phase lets you see.")
    score = serializers.FloatField(allow_null=True)
    max_score = serializers.FloatField()
    percent = serializers.FloatField(allow_null=True)
    passed = serializers.BooleanField(allow_null=True)
    questions = AttemptQuestionOutput(source="items", many=True)

    def get_server_time(self, view: AttemptView) -> str:
        return timezone.now().isoformat()


class AttemptSummaryOutput(serializers.ModelSerializer):
    """One attempt in a list; ``score`` and ``percent`` are null where the review policy of the
    attempt's phase hides the score from its student."""

    user = serializers.CharField(source="user.username")
    score = serializers.SerializerMethodField()
    percent = serializers.SerializerMethodField()

    class Meta:
        model = Attempt
        fields = ["id", "user", "number", "state", "started_at", "deadline", "submitted_at"]
        fields += ["auto_submitted", "score", "max_score", "percent"]

    def _shows_score(self, attempt: Attempt) -> bool:
        instructor = self.context.get("instructor", False)
        return not attempt.is_open and review_policy(attempt, instructor=instructor)["score"]

    def get_score(self, attempt: Attempt) -> float | None:
        return attempt.score if self._shows_score(attempt) else None

    def get_percent(self, attempt: Attempt) -> float | None:
        return attempt.percent if self._shows_score(attempt) else None


def attempt_body(attempt: Attempt, *, instructor: bool) -> dict[str, Any]:
    return dict(AttemptOutput(attempt_view(attempt, instructor=instructor)).data)


def _is_instructor(request: AuthedAPIRequest, attempt: Attempt) -> bool:
    return attempt.user_id != request.user.pk


class AttemptAPIView(ScopedAPIView):
    """Attempt endpoints: the queryset only serves schema generation; each method fetches
    through a scoped selector."""

    model = Attempt

    def scoped(self) -> QuerySet[Attempt]:
        return attempts_of(self.request.user)


class AttemptDetail(AttemptAPIView):
    serializer_class = AttemptOutput

    @extend_schema(responses={200: AttemptOutput, 404: NOT_FOUND})
    def get(self, request: AuthedAPIRequest, pk: int) -> Response:
        """The attempt with its questions and your answers; results as the review policy allows
        in the current phase (an instructor sees everything). An overdue attempt is submitted."""
        attempt = attempt_for(request.user, pk)
        return Response(attempt_body(attempt, instructor=_is_instructor(request, attempt)))


class ResponseInput(serializers.Serializer):
    answer = serializers.JSONField(
        allow_null=True,
        help_text="mcq: a choice id; mcq_multi: a list of ids; true_false: true/false; cloze: a "
        "list of strings, one per blank; short_answer: a string; null clears the answer.",
    )
    sequence = BoundedIntegerField(
        min_value=1, help_text="Higher than the stored one (e.g. stored + 1)."
    )
    check = serializers.BooleanField(
        default=False,
        help_text="Grade it now and make it final, where the quiz gives feedback during attempts.",
    )


class ResponseOutput(serializers.Serializer):
    slot = serializers.IntegerField()
    answer = serializers.JSONField(allow_null=True)
    sequence = serializers.IntegerField()
    saved_at = serializers.DateTimeField(allow_null=True)
    checked = serializers.BooleanField()
    feedback = AttemptFeedbackOutput(allow_null=True)


class ResponseSave(AttemptAPIView):
    serializer_class = ResponseOutput

    @extend_schema(
        request=ResponseInput,
        responses={
            200: ResponseOutput,
            400: BAD_INPUT,
            404: NOT_FOUND,
            409: OpenApiResponse(
                StaleSaveOutput,
                description="A newer save is stored (another tab or device): `sequence` is its "
                "number. Or the attempt is closed (submitted, or past its deadline and grace; "
                "an overdue attempt is then submitted with what was saved in time).",
            ),
        },
    )
    def put(self, request: AuthedAPIRequest, pk: int, slot: int) -> Response:
        """Save your answer to one question of your open attempt (autosave calls this on change)."""
        attempt = attempt_for_student(request.user, pk)
        data = ResponseInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            saved = response_save(attempt=attempt, slot=slot, **data.validated_data)
        except StaleSaveError as error:
            body = {"detail": error.message, "field": "sequence", "sequence": error.current}
            return Response(body, status=error.status_code)
        item = next(i for i in attempt_view(attempt).items if i.slot == slot)
        return Response(
            ResponseOutput(
                {
                    "slot": slot,
                    "answer": saved.answer,
                    "sequence": saved.sequence,
                    "saved_at": saved.saved_at,
                    "checked": saved.checked,
                    "feedback": item.feedback,
                }
            ).data
        )


class FlagInput(serializers.Serializer):
    flagged = serializers.BooleanField(help_text="true flags the question, false clears it.")


class FlagOutput(serializers.Serializer):
    slot = serializers.IntegerField()
    flagged = serializers.BooleanField()


class ResponseFlag(AttemptAPIView):
    serializer_class = FlagOutput

    @extend_schema(
        request=FlagInput,
        responses={
            200: FlagOutput,
            400: BAD_INPUT,
            404: NOT_FOUND,
            409: error_response(
                "The attempt is closed (submitted, or past its deadline and grace period)."
            ),
        },
    )
    def put(self, request: AuthedAPIRequest, pk: int, slot: int) -> Response:
        """Flag one question of your open attempt for review, or clear the flag. Flags show in
        the navigator and the summary; they never change a score."""
        attempt = attempt_for_student(request.user, pk)
        data = FlagInput(data=request.data)
        data.is_valid(raise_exception=True)
        flagged = data.validated_data["flagged"]
        responses_flag(attempt=attempt, flags={slot: flagged})
        return Response(FlagOutput({"slot": slot, "flagged": flagged}).data)


class AttemptSubmit(AttemptAPIView):
    serializer_class = AttemptOutput

    @extend_schema(request=None, responses={200: AttemptOutput, 404: NOT_FOUND})
    def post(self, request: AuthedAPIRequest, pk: int) -> Response:
        """Submit your attempt (idempotent: a second submit returns the same result)."""
        attempt = attempt_for_student(request.user, pk)
        outcome = attempt_submit(attempt=attempt)
        attempt = attempt_for(request.user, outcome.attempt.pk)
        return Response(attempt_body(attempt, instructor=False))
