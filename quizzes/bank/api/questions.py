"""API: the question bank (``/api/v1/questions/…``). Instructors only: students and other courses'
instructors get 404 for every bank item, because the bank holds the answers.

Errors are ``{"detail", "field", <field>: [messages], "problems": [{"field", "message"}]}``: a
content error lists every rule the question breaks, so a client can show each next to its field.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from quizzes.bank.api.common import (
    BAD_FILTER,
    NOT_FOUND,
    BulkInput,
    BulkOutput,
    ChoiceIO,
    DuplicateOutput,
    EventOutput,
    EvidenceOutput,
    LinkOutput,
    RejectInput,
    links_from_ids,
)
from quizzes.bank.rules import QUESTION_TYPES
from quizzes.bank.selectors.filters import QuestionFilter
from quizzes.bank.selectors.items import (
    question_duplicates,
    question_for_instructor,
    question_versions,
    questions_for_instructor,
)
from quizzes.bank.services.bulk import questions_bulk
from quizzes.bank.services.questions import (
    question_approve,
    question_create,
    question_delete,
    question_reject,
    question_update,
)
from quizzes.core.api.errors import BAD_INPUT, ErrorOutput
from quizzes.courses.selectors import course_for_instructor
from quizzes.models import ItemEvent, Question


class QuestionView(generics.GenericAPIView):
    """A view of one question (``pk`` in the path), scoped to the courses the user teaches."""

    def get_queryset(self) -> QuerySet[Question]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Question.objects.none()
        return questions_for_instructor(self.request.user)


# --- Output


class VersionOutput(serializers.Serializer):
    number = serializers.IntegerField()
    prompt = serializers.CharField()
    choices = ChoiceIO(many=True)
    accepted = serializers.ListField(
        child=serializers.CharField(),
        help_text="Accepted answers and aliases; the first is canonical.",
    )
    truth = serializers.BooleanField(allow_null=True)
    explanation = serializers.CharField()
    difficulty = serializers.IntegerField(allow_null=True)
    evidence = EvidenceOutput(source="*")
    edit = serializers.JSONField(
        allow_null=True, help_text="The generator's one controlled edit behind a false statement."
    )
    created_by = serializers.CharField(source="created_by.username", allow_null=True, default=None)
    created_at = serializers.DateTimeField()


class VersionHistoryOutput(VersionOutput):
    current = serializers.BooleanField()
    changes = serializers.DictField(
        child=serializers.ListField(),
        help_text="{field: [before, after]} against the previous version.",
    )


class QuestionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    course = serializers.IntegerField(source="course_id")
    source = serializers.IntegerField(source="source_id", allow_null=True)
    term = LinkOutput(allow_null=True)
    claim = LinkOutput(allow_null=True)
    type = serializers.ChoiceField(choices=QUESTION_TYPES)
    status = serializers.CharField()
    origin = serializers.CharField()
    generator = serializers.CharField()
    score = serializers.FloatField()
    touched = serializers.BooleanField()
    tags = serializers.SerializerMethodField()
    shown_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    current = VersionOutput()

    def get_tags(self, question: Question) -> list[str]:
        return sorted((t.name for t in question.tags.all()), key=str.casefold)


class QuestionCreateOutput(QuestionOutput):
    duplicates = DuplicateOutput(
        many=True, help_text="Live questions of the course this one nearly repeats (a warning)."
    )


class QuestionUpdateOutput(QuestionOutput):
    change = serializers.ChoiceField(
        choices=["amended", "new_version", "unchanged"],
        help_text="amended: the unshown draft's version was changed in place; new_version: "
        "version N+1 was made; unchanged: no content change.",
    )


# --- Input


class QuestionFields(serializers.Serializer):
    prompt = serializers.CharField(allow_blank=True, trim_whitespace=False)
    choices = ChoiceIO(many=True, required=False)
    accepted = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False)
    truth = serializers.BooleanField(allow_null=True, required=False)
    explanation = serializers.CharField(allow_blank=True, required=False)
    difficulty = serializers.IntegerField(allow_null=True, required=False)
    tags = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False)
    source = serializers.IntegerField(allow_null=True, required=False, help_text="Article id.")
    term = serializers.IntegerField(allow_null=True, required=False)
    claim = serializers.IntegerField(allow_null=True, required=False)
    approve = serializers.BooleanField(default=False, help_text="Approve it in the same step.")


class QuestionCreateInput(QuestionFields):
    course = serializers.IntegerField()
    type = serializers.ChoiceField(choices=QUESTION_TYPES)


# --- Views


class QuestionListCreate(generics.GenericAPIView):
    serializer_class = QuestionOutput
    filterset_class = QuestionFilter

    def get_queryset(self) -> QuerySet[Question]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Question.objects.none()
        return questions_for_instructor(self.request.user).select_related("current__created_by")

    @extend_schema(
        operation_id="v1_questions_list",
        responses={200: QuestionOutput(many=True), 400: BAD_FILTER},
    )
    def get(self, request: Request) -> Response:
        """Questions of the courses you teach: search (``q``), filter and sort."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(QuestionOutput(page, many=True).data)

    @extend_schema(
        request=QuestionCreateInput,
        responses={201: QuestionCreateOutput, 400: BAD_INPUT, 404: NOT_FOUND},
    )
    def post(self, request: Request) -> Response:
        """Write a question by hand (a draft unless ``approve``); warns about near-duplicates."""
        data = QuestionCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        course = course_for_instructor(request.user, values.pop("course"))
        values.update(links_from_ids(course, values))
        question = question_create(course=course, user=request.user, **values)
        body = _question_body(request, question.pk)
        body["duplicates"] = [
            DuplicateOutput(d).data
            for d in question_duplicates(
                course=course,
                type=question.type,
                content=body["current"],
                exclude_id=question.pk,
            )
        ]
        return Response(body, status=status.HTTP_201_CREATED)


def _question_body(request: Request, question_id: int) -> dict[str, Any]:
    return dict(QuestionOutput(question_for_instructor(request.user, question_id)).data)


class QuestionDetail(QuestionView):
    serializer_class = QuestionOutput

    @extend_schema(responses={200: QuestionOutput, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_question_body(request, pk))

    @extend_schema(
        request=QuestionFields,
        responses={200: QuestionUpdateOutput, 400: BAD_INPUT, 404: NOT_FOUND},
        description="Change any of the given fields. A question that is an unshown draft has "
        "its current version amended; otherwise version N+1 is made and earlier versions stay.",
    )
    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)

    @extend_schema(
        request=QuestionFields,
        responses={200: QuestionUpdateOutput, 400: BAD_INPUT, 404: NOT_FOUND},
        description="Replace the content: fields left out are emptied (tags and links stay).",
    )
    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        question = question_for_instructor(request.user, pk)
        data = QuestionFields(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if not partial:
            defaults = {
                "choices": [],
                "accepted": [],
                "truth": None,
                "explanation": "",
                "difficulty": None,
            }
            values = {**defaults, **values}
        values.update(links_from_ids(question.course, values))
        change = question_update(question=question, user=request.user, **values)
        body = _question_body(request, pk)
        body["change"] = change.mode
        return Response(body)

    @extend_schema(
        responses={
            204: OpenApiResponse(description="Deleted: no student had seen it."),
            200: OpenApiResponse(
                QuestionOutput, description="Archived instead: students have seen it."
            ),
            404: NOT_FOUND,
        }
    )
    def delete(self, request: Request, pk: int) -> Response:
        """Delete a question no student has seen; archive one that has been shown."""
        question = question_for_instructor(request.user, pk)
        if question_delete(question=question, user=request.user) == "deleted":
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(QuestionOutput(question).data)


class QuestionVersions(QuestionView):
    serializer_class = VersionHistoryOutput
    pagination_class = None

    @extend_schema(responses={200: VersionHistoryOutput(many=True), 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        """Every version, newest first, with what changed against the one before."""
        question = question_for_instructor(request.user, pk)
        out = []
        for view in question_versions(question):
            row = dict(VersionOutput(view.version).data)
            row["current"] = view.current
            row["changes"] = view.changes
            out.append(row)
        return Response(out)


class QuestionEvents(QuestionView):
    serializer_class = EventOutput
    pagination_class = None

    @extend_schema(responses={200: EventOutput(many=True), 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        """The question's audit trail, oldest first: who created, edited, approved, rejected."""
        question = question_for_instructor(request.user, pk)
        events = ItemEvent.objects.filter(question=question).select_related("actor")
        return Response(EventOutput(events, many=True).data)


class QuestionApprove(QuestionView):
    serializer_class = QuestionOutput

    @extend_schema(request=None, responses={200: QuestionOutput, 400: BAD_INPUT, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        """Approve the current version (idempotent). 400 if its content breaks a rule."""
        question = question_for_instructor(request.user, pk)
        question_approve(question=question, user=request.user)
        return Response(_question_body(request, pk))


class QuestionReject(QuestionView):
    serializer_class = QuestionOutput

    @extend_schema(
        request=RejectInput, responses={200: QuestionOutput, 400: BAD_INPUT, 404: NOT_FOUND}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Reject it (idempotent); an optional reason goes into the audit trail."""
        question = question_for_instructor(request.user, pk)
        data = RejectInput(data=request.data)
        data.is_valid(raise_exception=True)
        question_reject(question=question, user=request.user, reason=data.validated_data["reason"])
        return Response(_question_body(request, pk))


class QuestionBulk(generics.GenericAPIView):
    serializer_class = BulkOutput

    @extend_schema(
        request=BulkInput,
        responses={
            200: BulkOutput,
            400: OpenApiResponse(
                ErrorOutput,
                description="An unknown id or an item refusing the action: nothing was changed.",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        """Approve, reject, tag or untag many questions by id, atomically."""
        data = BulkInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = questions_bulk(user=request.user, **data.validated_data)
        return Response(BulkOutput(result).data)
