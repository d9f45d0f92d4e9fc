"""API: the question bank (``/api/v1/questions/…``). Instructors only: students and other courses'
instructors get 404 for every bank item, because the bank holds the answers.

Errors are ``{"detail", "field", <field>: [messages], "problems": [{"field", "message"}]}``: a
content error lists every rule the question breaks, so a client can show each next to its field.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from quizzes.api.errors import exception_handler as project_exception_handler
from quizzes.bank_rules import QUESTION_TYPES
from quizzes.errors import BankContentError
from quizzes.models import ItemEvent, Question
from quizzes.selectors.bank import (
    links_resolve,
    question_duplicates,
    question_for_instructor,
    question_versions,
    questions_for_instructor,
)
from quizzes.selectors.bank_filters import QuestionFilter
from quizzes.selectors.courses import course_for_instructor
from quizzes.services.bank import (
    question_approve,
    question_create,
    question_delete,
    question_reject,
    question_update,
)
from quizzes.services.bank_bulk import BULK_ACTIONS, questions_bulk

# --- Errors, documented once and used by every bank endpoint.


class ProblemOutput(serializers.Serializer):
    field = serializers.CharField()
    message = serializers.CharField()


class ErrorOutput(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words a person can act on.")
    field = serializers.CharField(required=False, help_text="The input at fault, if one is.")
    problems = ProblemOutput(
        many=True, required=False, help_text="Every rule the content breaks (content errors)."
    )


NOT_FOUND = OpenApiResponse(
    ErrorOutput, description="No such item in a course you teach (students always get this)."
)
BAD_INPUT = OpenApiResponse(ErrorOutput, description="Invalid input; nothing was saved.")


def bank_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """The project's handler, plus every problem of a content error listed under its field."""
    response = project_exception_handler(exc, context)
    if isinstance(exc, BankContentError) and response is not None:
        response.data["problems"] = [{"field": f, "message": m} for f, m in exc.problems]
        for field_name, message in exc.problems:
            response.data.setdefault(field_name, [])
            if message not in response.data[field_name]:
                response.data[field_name].append(message)
    return response


class BankView(generics.GenericAPIView):
    def get_exception_handler(self):  # type: ignore[no-untyped-def]
        return bank_exception_handler


# --- Output


class ChoiceIO(serializers.Serializer):
    id = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=8,
        help_text="Kept across versions; omit for new.",
    )
    text = serializers.CharField(allow_blank=True)
    correct = serializers.BooleanField(default=False)


class EvidenceOutput(serializers.Serializer):
    start = serializers.IntegerField(source="evidence_start")
    end = serializers.IntegerField(source="evidence_end")
    text = serializers.CharField(source="evidence_text")


class LinkOutput(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()


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


class DuplicateOutput(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    status = serializers.CharField()
    similarity = serializers.FloatField()


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


class EventOutput(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.CharField()
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    at = serializers.DateTimeField()
    detail = serializers.JSONField()


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


class RejectInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class BulkInput(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
    action = serializers.ChoiceField(choices=BULK_ACTIONS)
    tags = serializers.ListField(child=serializers.CharField(), required=False, default=list)


class BulkOutput(serializers.Serializer):
    action = serializers.CharField()
    ids = serializers.ListField(child=serializers.IntegerField())
    changed = serializers.IntegerField(help_text="Items whose state changed.")


def links_from_ids(course, data: dict[str, Any]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Turn article/term/claim ids into objects of ``course`` (only those given)."""
    given = {name: data.pop(name) for name in ("source", "term", "claim") if name in data}
    return links_resolve(course, **given)


# --- Views


class QuestionListCreate(BankView):
    serializer_class = QuestionOutput
    filterset_class = QuestionFilter

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Question.objects.none()
        return questions_for_instructor(self.request.user).select_related("current__created_by")

    @extend_schema(operation_id="v1_questions_list", responses={200: QuestionOutput(many=True)})
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


class QuestionDetail(BankView):
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


class QuestionVersions(BankView):
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


class QuestionEvents(BankView):
    serializer_class = EventOutput
    pagination_class = None

    @extend_schema(responses={200: EventOutput(many=True), 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        """The question's audit trail, oldest first: who created, edited, approved, rejected."""
        question = question_for_instructor(request.user, pk)
        events = ItemEvent.objects.filter(question=question).select_related("actor")
        return Response(EventOutput(events, many=True).data)


class QuestionApprove(BankView):
    serializer_class = QuestionOutput

    @extend_schema(request=None, responses={200: QuestionOutput, 400: BAD_INPUT, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        """Approve the current version (idempotent). 400 if its content breaks a rule."""
        question = question_for_instructor(request.user, pk)
        question_approve(question=question, user=request.user)
        return Response(_question_body(request, pk))


class QuestionReject(BankView):
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


class QuestionBulk(BankView):
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
