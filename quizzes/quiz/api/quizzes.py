"""API: quizzes. Instructors create, change, publish and analyse them; students list the published
ones of their courses and start (or resume) attempts. Other courses' quizzes are 404."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from quizzes.core.api.errors import ErrorOutput, error_response
from quizzes.core.api.fields import BoundedFloatField, BoundedIntegerField, IdField
from quizzes.core.api.views import ScopedAPIView
from quizzes.core.filters import IdFilter
from quizzes.core.requests import AuthedAPIRequest
from quizzes.courses.selectors import course_for_instructor
from quizzes.models import GradingMethod, Question, Quiz, QuizLayout, Role, Tag
from quizzes.models.quizzes import REVIEW_ITEMS, REVIEW_PHASES
from quizzes.quiz.api.attempts import (
    BAD_INPUT,
    AttemptOutput,
    AttemptSummaryOutput,
    attempt_body,
)
from quizzes.quiz.selectors.quizzes import (
    QuizAnnotations,
    attempt_for,
    attempts_for,
    quiz_for,
    quiz_for_instructor,
    quiz_slots,
    quizzes_for,
)
from quizzes.quiz.services.attempts import attempt_start
from quizzes.quiz.services.quizzes import (
    quiz_create,
    quiz_delete,
    quiz_from_source,
    quiz_publish,
    quiz_unpublish,
    quiz_update,
    slot_add_fixed,
    slot_add_random,
    slot_remove,
)
from quizzes.sources.selectors import source_for

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

NOT_FOUND = error_response("No such quiz in your courses (students: no such published quiz).")


class QuizView(ScopedAPIView):
    """Quiz endpoints: the queryset only serves schema generation (path parameter types); each
    method fetches through a scoped selector."""

    model = Quiz

    def scoped(self) -> QuerySet[Quiz]:
        return quizzes_for(self.request.user)


# --- Review policy: {"during": {"score": bool, …}, "after_submit": {…}, "after_close": {…}}


class PhasePolicy(serializers.Serializer):
    score = serializers.BooleanField(required=False, help_text="Show the score.")
    correctness = serializers.BooleanField(
        required=False, help_text="Show which answers were right."
    )
    answers = serializers.BooleanField(required=False, help_text="Show the correct answers.")
    explanations = serializers.BooleanField(
        required=False, help_text="Show explanations with the source sentence."
    )


class ReviewPolicy(serializers.Serializer):
    during = PhasePolicy(required=False, help_text="While the attempt is open (checked answers).")
    after_submit = PhasePolicy(required=False, help_text="Once submitted, while the quiz is open.")
    after_close = PhasePolicy(required=False, help_text="After the quiz's close time.")


def review_of(quiz: Quiz) -> dict[str, dict[str, bool]]:
    return {phase: quiz.review(phase) for phase in REVIEW_PHASES}


def review_fields(policy: dict[str, dict[str, bool]]) -> dict[str, bool]:
    return {
        f"review_{phase}_{item}": value
        for phase, items in policy.items()
        for item, value in items.items()
        if item in REVIEW_ITEMS
    }


# --- Output


class QuizSlotOutput(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    kind = serializers.CharField(help_text="fixed or random.")
    question = serializers.IntegerField(source="question_id", allow_null=True)
    version = serializers.IntegerField(
        source="version_id", allow_null=True, help_text="Pinned version; null: latest approved."
    )
    draw_count = serializers.IntegerField()
    draw_source = serializers.IntegerField(source="draw_source_id", allow_null=True)
    draw_tag = serializers.IntegerField(source="draw_tag_id", allow_null=True)
    draw_type = serializers.CharField()
    points = serializers.FloatField()
    available = serializers.IntegerField(help_text="Questions it can give now (0: a warning).")


class QuizOutput(serializers.Serializer):
    id = serializers.IntegerField()
    course = serializers.IntegerField(source="course_id")
    # Serializer fields named like Field.source: the stubs see the Field attribute (the metaclass
    # removes declared fields from the class at run time).
    source = serializers.IntegerField(source="source_id", allow_null=True)  # type: ignore[assignment]
    title = serializers.CharField()
    instructions = serializers.CharField()
    opens_at = serializers.DateTimeField(allow_null=True)
    closes_at = serializers.DateTimeField(allow_null=True)
    time_limit_minutes = serializers.IntegerField(allow_null=True)
    grace_seconds = serializers.IntegerField()
    max_attempts = serializers.IntegerField(allow_null=True, help_text="null: unlimited.")
    grading_method = serializers.ChoiceField(choices=GradingMethod.choices)
    pass_mark = serializers.FloatField(allow_null=True, help_text="Percent.")
    shuffle_questions = serializers.BooleanField()
    shuffle_choices = serializers.BooleanField()
    layout = serializers.ChoiceField(choices=QuizLayout.choices)
    review = serializers.SerializerMethodField()
    published = serializers.BooleanField(source="is_published")
    published_at = serializers.DateTimeField(allow_null=True)
    role = serializers.CharField(help_text="Your role in the quiz's course.")
    slot_count = serializers.IntegerField()

    @extend_schema_field(ReviewPolicy)
    def get_review(self, quiz: Quiz) -> dict[str, dict[str, bool]]:
        return review_of(quiz)


class QuizDetailOutput(QuizOutput):
    slots = serializers.SerializerMethodField(help_text="Instructors only (students: empty).")

    @extend_schema_field(QuizSlotOutput(many=True))
    def get_slots(self, quiz: WithAnnotations[Quiz, QuizAnnotations]) -> list[dict[str, Any]]:
        if quiz.role != Role.INSTRUCTOR:
            return []
        return list(QuizSlotOutput(quiz_slots(quiz), many=True).data)


class SettingsInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    instructions = serializers.CharField(required=False, allow_blank=True)
    opens_at = serializers.DateTimeField(required=False, allow_null=True)
    closes_at = serializers.DateTimeField(required=False, allow_null=True)
    time_limit_minutes = BoundedIntegerField(required=False, allow_null=True)
    grace_seconds = BoundedIntegerField(required=False)
    max_attempts = BoundedIntegerField(required=False, allow_null=True)
    grading_method = serializers.ChoiceField(choices=GradingMethod.choices, required=False)
    pass_mark = serializers.FloatField(required=False, allow_null=True)
    shuffle_questions = serializers.BooleanField(required=False)
    shuffle_choices = serializers.BooleanField(required=False)
    layout = serializers.ChoiceField(choices=QuizLayout.choices, required=False)
    review = ReviewPolicy(required=False)


class QuizCreateInput(SettingsInput):
    course = IdField()


def settings_from(data: dict[str, Any]) -> dict[str, Any]:
    values = dict(data)
    values.update(review_fields(values.pop("review", {})))
    return values


class QuizFilter(django_filters.FilterSet):
    course = IdFilter(field_name="course_id")

    class Meta:
        model = Quiz
        fields = ["course"]


def _quiz_body(request: AuthedAPIRequest, quiz_id: int) -> dict[str, Any]:
    return dict(QuizDetailOutput(quiz_for(request.user, quiz_id)).data)


class QuizListCreate(QuizView):
    serializer_class = QuizOutput
    filterset_class = QuizFilter

    @extend_schema(operation_id="v1_quizzes_list", responses={200: QuizOutput(many=True)})
    def get(self, request: AuthedAPIRequest) -> Response:
        """Quizzes of your courses: all of them where you teach, the published ones where you
        study."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(QuizOutput(page, many=True).data)

    @extend_schema(
        request=QuizCreateInput,
        responses={201: QuizDetailOutput, 400: BAD_INPUT, 404: NOT_FOUND},
    )
    def post(self, request: AuthedAPIRequest) -> Response:
        """Create an unpublished quiz in a course you teach; add slots, then publish."""
        data = QuizCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = settings_from(data.validated_data)
        course = course_for_instructor(request.user, values.pop("course"))
        quiz = quiz_create(course=course, user=request.user, **values)
        return Response(_quiz_body(request, quiz.pk), status=status.HTTP_201_CREATED)


class QuizDetail(QuizView):
    serializer_class = QuizDetailOutput

    @extend_schema(responses={200: QuizDetailOutput, 404: NOT_FOUND})
    def get(self, request: AuthedAPIRequest, pk: int) -> Response:
        return Response(_quiz_body(request, pk))

    @extend_schema(
        request=SettingsInput,
        responses={200: QuizDetailOutput, 400: BAD_INPUT, 404: NOT_FOUND},
        description="Change the given settings. Attempts already started keep their questions "
        "and deadline.",
    )
    def patch(self, request: AuthedAPIRequest, pk: int) -> Response:
        quiz = quiz_for_instructor(request.user, pk)
        data = SettingsInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        quiz_update(quiz=quiz, user=request.user, **settings_from(data.validated_data))
        return Response(_quiz_body(request, pk))

    @extend_schema(
        responses={
            204: OpenApiResponse(description="Deleted."),
            400: error_response("It has attempts: unpublish it."),
            404: NOT_FOUND,
        }
    )
    def delete(self, request: AuthedAPIRequest, pk: int) -> Response:
        """Delete a quiz nobody has attempted."""
        quiz_delete(quiz=quiz_for_instructor(request.user, pk), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class QuizPublish(QuizView):
    serializer_class = QuizDetailOutput
    publish = True

    @extend_schema(request=None, responses={200: QuizDetailOutput, 400: BAD_INPUT, 404: NOT_FOUND})
    def post(self, request: AuthedAPIRequest, pk: int) -> Response:
        """Publish (or, at …/unpublish/, hide) the quiz. Idempotent and audited."""
        quiz = quiz_for_instructor(request.user, pk)
        action = quiz_publish if self.publish else quiz_unpublish
        action(quiz=quiz, user=request.user)
        return Response(_quiz_body(request, pk))


class QuizSlotInput(serializers.Serializer):
    question = IdField(required=False, help_text="A fixed question (omit for a random draw).")
    version = IdField(
        required=False, allow_null=True, help_text="Pin a version; omit to follow the latest."
    )
    draw_count = BoundedIntegerField(
        min_value=1, max_value=100, required=False, help_text="A random draw of N."
    )
    source = IdField(required=False, allow_null=True, help_text="Article id.")  # type: ignore[assignment]  # as QuizOutput.source
    tag = IdField(required=False, allow_null=True)
    type = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Draw only this type: mcq, mcq_multi, true_false, cloze or short_answer.",
    )
    points = BoundedFloatField(min_value=0.1, max_value=100, required=False, default=1.0)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("question" in attrs) == ("draw_count" in attrs):
            raise serializers.ValidationError("Give either question or draw_count.")
        return attrs


class QuizSlots(QuizView):
    serializer_class = QuizSlotOutput
    pagination_class = None

    @extend_schema(responses={200: QuizSlotOutput(many=True), 404: NOT_FOUND})
    def get(self, request: AuthedAPIRequest, pk: int) -> Response:
        """The quiz's slots in order, with how many questions each can give now."""
        quiz = quiz_for_instructor(request.user, pk)
        return Response(QuizSlotOutput(quiz_slots(quiz), many=True).data)

    @extend_schema(
        request=QuizSlotInput,
        responses={201: QuizSlotOutput(many=True), 400: BAD_INPUT, 404: NOT_FOUND},
    )
    def post(self, request: AuthedAPIRequest, pk: int) -> Response:
        """Add a fixed question (pinned or latest approved) or a random draw by article/tag/type."""
        quiz = quiz_for_instructor(request.user, pk)
        data = QuizSlotInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if "question" in values:
            question = get_object_or_404(Question, pk=values["question"], course=quiz.course)
            version = None
            if values.get("version"):
                version = get_object_or_404(question.versions, pk=values["version"])
            slot_add_fixed(
                quiz=quiz,
                user=request.user,
                question=question,
                version=version,
                points=values["points"],
            )
        else:
            source = tag = None
            if values.get("source"):
                source = source_for(request.user, values["source"])
            if values.get("tag"):
                tag = get_object_or_404(Tag, pk=values["tag"], course=quiz.course)
            slot_add_random(
                quiz=quiz,
                user=request.user,
                count=values["draw_count"],
                source=source,
                tag=tag,
                type=values.get("type") or "",
                points=values["points"],
            )
        return Response(QuizSlotOutput(quiz_slots(quiz), many=True).data, status=201)


class QuizSlotRemoveInput(serializers.Serializer):
    confirm = serializers.BooleanField(
        default=False, help_text="Required once the quiz has attempts (they keep what they showed)."
    )


class QuizSlotDetail(QuizView):
    serializer_class = QuizSlotOutput

    @extend_schema(
        request=QuizSlotRemoveInput,
        responses={
            204: OpenApiResponse(description="Removed (audited)."),
            400: OpenApiResponse(
                ErrorOutput, description="The quiz has attempts: send confirm=true."
            ),
            404: NOT_FOUND,
        },
    )
    def delete(self, request: AuthedAPIRequest, pk: int, slot_id: int) -> Response:
        """Remove a slot; once students have attempted the quiz, only with ``confirm``."""
        quiz = quiz_for_instructor(request.user, pk)
        slot = get_object_or_404(quiz.slots, pk=slot_id)
        data = QuizSlotRemoveInput(data=request.data)
        data.is_valid(raise_exception=True)
        confirm = data.validated_data["confirm"] or request.query_params.get("confirm") == "true"
        slot_remove(quiz=quiz, user=request.user, slot=slot, confirm=confirm)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FromSourceInput(serializers.Serializer):
    source = IdField(help_text="An article of a course you teach.")  # type: ignore[assignment]  # as QuizOutput.source
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    publish = serializers.BooleanField(default=False)


class QuizFromSource(QuizView):
    serializer_class = QuizDetailOutput

    @extend_schema(
        request=FromSourceInput,
        responses={201: QuizDetailOutput, 400: BAD_INPUT, 404: NOT_FOUND},
    )
    def post(self, request: AuthedAPIRequest) -> Response:
        """One click: a default quiz of the article's approved questions (400 if it has none)."""
        data = FromSourceInput(data=request.data)
        data.is_valid(raise_exception=True)
        source = source_for(request.user, data.validated_data["source"])
        course_for_instructor(request.user, source.course_id)
        quiz = quiz_from_source(
            source=source,
            user=request.user,
            title=data.validated_data["title"],
            publish=data.validated_data["publish"],
        )
        return Response(_quiz_body(request, quiz.pk), status=status.HTTP_201_CREATED)


class QuizAttempts(QuizView):
    serializer_class = AttemptSummaryOutput
    pagination_class = None

    @extend_schema(responses={200: AttemptSummaryOutput(many=True), 404: NOT_FOUND})
    def get(self, request: AuthedAPIRequest, pk: int) -> Response:
        """Your attempts at the quiz (instructors: everyone's)."""
        quiz = quiz_for(request.user, pk)
        instructor = quiz.role == Role.INSTRUCTOR
        if instructor:
            attempts = quiz.attempts.select_related("user").order_by("user__username", "number")
        else:
            attempts = attempts_for(request.user, quiz).select_related("user")
        attempts = attempts.select_related("quiz")
        output = AttemptSummaryOutput(attempts, many=True, context={"instructor": instructor})
        return Response(output.data)

    @extend_schema(
        request=None,
        responses={
            201: OpenApiResponse(AttemptOutput, description="A new attempt."),
            200: OpenApiResponse(AttemptOutput, description="Your open attempt, resumed."),
            400: OpenApiResponse(
                ErrorOutput,
                description="Not open yet, closed, out of attempts, or nothing to show.",
            ),
            404: NOT_FOUND,
        },
    )
    def post(self, request: AuthedAPIRequest, pk: int) -> Response:
        """Start an attempt, or resume your open one: the questions with their choices in this
        attempt's order, and your saved answers — never the correct answers."""
        quiz = quiz_for(request.user, pk)
        attempt, created = attempt_start(quiz=quiz, user=request.user)
        attempt = attempt_for(request.user, attempt.pk)
        return Response(
            attempt_body(attempt, instructor=False),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
