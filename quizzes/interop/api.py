"""The API of imports and exports (``/api/v1/…``), for a course's instructors (others: 404).

* ``GET courses/{id}/questions/export/?format=…`` and ``courses/{id}/cards/export/?format=…``:
  the bank's items, narrowed by the bank's filters (``q``, ``status``, ``tag``, …);
* ``GET quizzes/{id}/export/?format=…``, ``decks/{id}/export/?format=…``;
* ``POST courses/{id}/imports/`` (multipart: ``file``, optional ``format``, ``source``,
  ``preview``): imports the file as drafts in one transaction (201), or with ``preview`` only
  says what each item would become (200). A file with errors is refused whole (400, each
  problem naming its line, row, item or note).

``format`` names the file format here, not a DRF renderer: these views ignore DRF's
``?format=`` content negotiation.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from quizzes.bank.kinds import CARD, QUESTION, ItemKind
from quizzes.core.api.errors import BAD_INPUT, error_response
from quizzes.core.requests import AuthedAPIRequest
from quizzes.courses.selectors import course_for_instructor
from quizzes.interop.formats import export_formats, import_formats
from quizzes.interop.selectors import Export, bank_export, deck_export, export_file, quiz_export
from quizzes.interop.services import ImportPlan, import_file, import_plan, upload_bytes
from quizzes.models import ImportBatch
from quizzes.sources.selectors import source_for

NOT_FOUND = error_response("Not one of your courses (or no such quiz or deck).")


class FileFormatNegotiation(DefaultContentNegotiation):
    """Answer in JSON (errors) whatever ``?format=`` says: here it names the file format."""

    def select_renderer(self, request: Any, renderers: Any, format_suffix: Any = None) -> Any:
        renderer = renderers[0]
        return renderer, renderer.media_type


def _format_parameter(kind: str) -> OpenApiParameter:
    names = [f.name for f in export_formats(kind)]
    return OpenApiParameter(
        "format",
        str,
        required=True,
        enum=names,
        description="The file format: "
        + "; ".join(f"`{f.name}` {f.label} ({f.readers})" for f in export_formats(kind)),
    )


_FILTERS = [
    OpenApiParameter(name, str, description=f"The bank's `{name}` filter (as on the list).")
    for name in ("q", "status", "origin", "tag", "source", "term", "claim", "sort")
]
_FILE = {
    (200, "application/octet-stream"): OpenApiResponse(
        OpenApiTypes.BINARY, description="The file, as an attachment."
    ),
    400: BAD_INPUT,
    404: NOT_FOUND,
}


def _download(export: Export, format_name: str) -> HttpResponse:
    file = export_file(export, format_name)
    response = HttpResponse(file.data, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


class _ExportView(APIView):
    content_negotiation_class = FileFormatNegotiation


def _bank_export_view(kind: ItemKind) -> type[APIView]:
    variant = OpenApiParameter(
        kind.variant.field, str, description=f"The {kind.name}s' {kind.variant.field}."
    )

    class BankExport(_ExportView):
        @extend_schema(
            operation_id=f"courses_{kind.plural}_export",
            parameters=[_format_parameter(kind.name), variant, *_FILTERS],
            responses=_FILE,
            description=f"The course's {kind.plural} (every one the filters select) as a file.",
        )
        def get(self, request: AuthedAPIRequest, pk: int) -> HttpResponse:
            params = request.query_params.copy()
            format_name = params.pop("format", [""])[-1]
            export = bank_export(request.user, course_id=pk, kind=kind, params=params)
            return _download(export, format_name)

    BankExport.__name__ = BankExport.__qualname__ = f"{kind.title}Export"
    return BankExport


QuestionExport = _bank_export_view(QUESTION)
CardExport = _bank_export_view(CARD)


class QuizExport(_ExportView):
    @extend_schema(
        operation_id="quizzes_export",
        parameters=[_format_parameter("question")],
        responses=_FILE,
        description="A quiz's questions as a file: its fixed questions and every approved "
        "question its random slots draw from.",
    )
    def get(self, request: AuthedAPIRequest, pk: int) -> HttpResponse:
        return _download(
            quiz_export(request.user, quiz_id=pk), request.query_params.get("format", "")
        )


class DeckExport(_ExportView):
    @extend_schema(
        operation_id="decks_export",
        parameters=[_format_parameter("card")],
        responses=_FILE,
        description="A deck's cards as a file (an Anki package keeps each card's GUID, so a "
        "re-export updates the notes in Anki instead of adding copies).",
    )
    def get(self, request: AuthedAPIRequest, pk: int) -> HttpResponse:
        return _download(
            deck_export(request.user, deck_id=pk), request.query_params.get("format", "")
        )


class ImportInput(serializers.Serializer):
    file = serializers.FileField(help_text="The file to import.")
    # A plain string (checked by the import): a choice field would share its enum's name with
    # the articles' ``format`` in the schema.
    format = serializers.CharField(
        required=False,
        help_text="The file's format, one of "
        + ", ".join(f"`{f.name}`" for f in import_formats())
        + "; detected from its name and content when left out.",
    )
    # DRF's metaclass takes declared fields off the class; the stubs see Field.source.
    source = serializers.IntegerField(  # type: ignore[assignment]
        required=False, help_text="An article of the course to file the drafts under."
    )
    preview = serializers.BooleanField(
        default=False, help_text="Only say what each item would become; save nothing."
    )


class PlannedOutput(serializers.Serializer):
    where = serializers.CharField(help_text="Line, row, item or note in the file.")
    kind = serializers.CharField(help_text="question or card")
    type = serializers.CharField(help_text="The question type or card kind.")
    label = serializers.CharField(help_text="Its prompt or front.")  # type: ignore[assignment]  # as source
    outcome = serializers.ChoiceField(choices=["create", "skip", "error"])
    reason = serializers.CharField(help_text="Why it is skipped, or what is wrong.")


class ImportOutput(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="The import (null for a preview).")
    filename = serializers.CharField()
    format = serializers.CharField()
    status = serializers.CharField(help_text="done, or preview")
    created = serializers.IntegerField()
    skipped = serializers.IntegerField()
    # A JSON key; like ``source`` above, the stubs see the class attribute it is not.
    errors = serializers.IntegerField()  # type: ignore[assignment]
    items = PlannedOutput(many=True)


def _output(plan: ImportPlan, batch: ImportBatch | None) -> dict[str, Any]:
    return {
        "id": batch.pk if batch else None,
        "filename": plan.filename,
        "format": plan.format.name,
        "status": batch.status if batch else "preview",
        "created": len(plan.creates) if batch else 0,
        "skipped": len(plan.skips),
        "errors": len(plan.errors),
        "items": [
            {
                "where": e.where,
                "kind": e.kind.name,
                "type": e.variant,
                "label": e.label,
                "outcome": e.action,
                "reason": e.reason,
            }
            for e in plan.entries
        ],
    }


class CourseImports(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="courses_imports_create",
        request={"multipart/form-data": ImportInput},
        responses={
            201: ImportOutput,
            200: OpenApiResponse(ImportOutput, description="A preview: nothing was saved."),
            400: error_response(
                "The file cannot be imported (each problem names its line, row, item or note); "
                "nothing was saved."
            ),
            404: NOT_FOUND,
        },
        description="Import questions or cards from a file as drafts, in one transaction: "
        + ", ".join(f"`{f.name}` ({f.label})" for f in import_formats())
        + ". Exact duplicates of the course's items (and repeats within the file) are skipped "
        "and counted.",
    )
    def post(self, request: AuthedAPIRequest, pk: int) -> Response:
        data = ImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        upload = values["file"]
        source = source_for(request.user, values["source"]) if values.get("source") else None
        common = {
            "filename": upload.name or "upload",
            "data": upload_bytes(upload),
            "format_name": values.get("format", ""),
        }
        if values["preview"]:
            course = course_for_instructor(request.user, pk)
            plan = import_plan(course=course, **common)
            return Response(_output(plan, None), status=status.HTTP_200_OK)
        batch, plan = import_file(user=request.user, course_id=pk, source=source, **common)
        return Response(_output(plan, batch), status=status.HTTP_201_CREATED)
