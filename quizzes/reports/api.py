"""API: reports from learners. ``POST /reports/`` files one (the study screen uses it), ``GET
/reports/`` lists your own with what became of them, ``GET /courses/{id}/reports/`` lists a
course's for its instructors, ``POST /reports/{id}/resolve/`` fixes or dismisses one. The same
services as the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from quizzes.core.api.errors import BAD_INPUT, error_response
from quizzes.core.api.views import ScopedAPIView
from quizzes.core.requests import AuthedAPIRequest
from quizzes.models import ItemReport, ReportReason, ReportStatus
from quizzes.reports.selectors import reports_for_course, reports_mine
from quizzes.reports.services import MAX_NOTE, MAX_RESPONSE, report_create, report_resolve

NOT_FOUND = error_response("No such item, report or course of yours.")


class ReportInput(serializers.Serializer):
    # Checked here rather than as a choice: a third enum named "kind" (beside the cards' own two)
    # would make the schema's enum names collide.
    kind = serializers.CharField(max_length=10, help_text="question or card")
    item = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="Its id.")
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=MAX_NOTE)

    def validate_kind(self, value: str) -> str:
        if value not in ("question", "card"):
            raise serializers.ValidationError("question or card.")
        return value


class ResolveInput(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=(ReportStatus.FIXED, ReportStatus.DISMISSED),
        help_text="fixed: the item has a newer version (every open report on it is fixed); "
        "dismissed: this report only.",
    )
    response = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=MAX_RESPONSE,
        help_text="A word to the learner (optional).",
    )


class ReportOutput(serializers.Serializer):
    id = serializers.IntegerField()
    course = serializers.IntegerField(source="course_id")
    kind = serializers.SerializerMethodField()
    item = serializers.SerializerMethodField()
    reason = serializers.CharField()
    note = serializers.CharField()
    status = serializers.CharField(help_text="open, fixed or dismissed")
    response = serializers.CharField(help_text="The instructor's word, once resolved.")
    version = serializers.IntegerField(help_text="The item's version when it was reported.")
    created_at = serializers.DateTimeField()
    resolved_at = serializers.DateTimeField(allow_null=True)

    def get_kind(self, report: ItemReport) -> str:
        return "question" if report.question_id else "card"

    def get_item(self, report: ItemReport) -> int:
        return int(report.question_id or report.card_id or 0)


class InstructorReportOutput(ReportOutput):
    reporter = serializers.CharField(source="reporter.username")


class ReportListCreate(ScopedAPIView):
    serializer_class = ReportOutput
    model = ItemReport

    def scoped(self) -> QuerySet[ItemReport]:
        return reports_mine(self.request.user)

    @extend_schema(
        responses={200: ReportOutput(many=True)},
        description="Your reports, newest first, with what the instructors did about them.",
    )
    def get(self, request: AuthedAPIRequest) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ReportOutput(page, many=True).data)

    @extend_schema(
        request=ReportInput,
        responses={201: ReportOutput, 400: BAD_INPUT, 404: NOT_FOUND},
        description="Report a question or card of one of your courses as wrong, unclear, with "
        "a typo, or other (with an optional note). A second report on the same item while the "
        "first is open updates it.",
    )
    def post(self, request: AuthedAPIRequest) -> Response:
        data = ReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        report = report_create(user=request.user, item_id=values.pop("item"), **values)
        return Response(ReportOutput(report).data, status=status.HTTP_201_CREATED)


class CourseReports(ScopedAPIView):
    serializer_class = InstructorReportOutput
    model = ItemReport

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "status", str, enum=["open", "fixed", "dismissed", "all"], description="open"
            )
        ],
        responses={200: InstructorReportOutput(many=True), 404: NOT_FOUND},
        description="A course's reports (instructors only), oldest first.",
    )
    def get(self, request: AuthedAPIRequest, pk: int) -> Response:
        wanted = request.query_params.get("status", "open")
        known = wanted in (*ReportStatus.values, "all")
        reports = reports_for_course(request.user, pk, status=wanted if known else "open")
        if not known:  # after the scope check: a stranger gets 404 whatever they send
            raise serializers.ValidationError({"status": ["open, fixed, dismissed or all."]})
        page = self.paginate_queryset(reports)
        return self.get_paginated_response(InstructorReportOutput(page, many=True).data)


class ReportResolve(ScopedAPIView):
    serializer_class = InstructorReportOutput
    model = ItemReport

    @extend_schema(
        request=ResolveInput,
        responses={
            200: InstructorReportOutput(many=True),
            400: BAD_INPUT,
            404: NOT_FOUND,
            409: error_response("The report was resolved already."),
        },
        description="Resolve a report: fixed (after saving a new version of the item) or "
        "dismissed. Answers the reports resolved.",
    )
    def post(self, request: AuthedAPIRequest, pk: int) -> Response:
        data = ResolveInput(data=request.data)
        data.is_valid(raise_exception=True)
        resolved = report_resolve(user=request.user, report_id=pk, **data.validated_data)
        return Response(InstructorReportOutput(resolved, many=True).data)
