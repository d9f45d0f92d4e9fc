"""What every bank endpoint shares: the error format and its handler, the base view, and the
serializers questions and cards have in common (choices, evidence, links, events, bulk)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework import generics, serializers
from rest_framework.response import Response

from quizzes.bank.selectors.items import links_resolve
from quizzes.bank.services.bulk import BULK_ACTIONS
from quizzes.core.api.errors import exception_handler as project_exception_handler
from quizzes.errors import BankContentError
from quizzes.models import Course

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
BAD_FILTER = OpenApiResponse(
    description="A filter value is not valid (e.g. an unknown type): {filter: [messages]}."
)


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
    def get_exception_handler(self) -> Callable[[Exception, dict[str, Any]], Response | None]:
        return bank_exception_handler


# --- Serializers shared by questions and cards


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


class DuplicateOutput(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    status = serializers.CharField()
    similarity = serializers.FloatField()


class EventOutput(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.CharField()
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    at = serializers.DateTimeField()
    detail = serializers.JSONField()


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


def links_from_ids(course: Course, data: dict[str, Any]) -> dict[str, Any]:
    """Turn article/term/claim ids into objects of ``course`` (only those given)."""
    given = {name: data.pop(name) for name in ("source", "term", "claim") if name in data}
    return links_resolve(course, **given)
