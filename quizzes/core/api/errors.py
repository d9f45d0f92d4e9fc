"""The API's one error format, described once for OpenAPI and produced once for every view.

A domain error (``quizzes.errors``) becomes ``{"detail", "field", <field>: [message]}`` with the
error's 4xx status; a content error also lists every rule it breaks under ``problems`` and under
each field. ``Http404`` becomes DRF's 404; everything else is DRF's own handling.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from quizzes.errors import BankContentError, RetainError


class ProblemOutput(serializers.Serializer):
    field = serializers.CharField()
    message = serializers.CharField()


class ErrorOutput(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words a person can act on.")
    field = serializers.CharField(required=False, help_text="The input at fault, if one is.")
    problems = ProblemOutput(
        many=True, required=False, help_text="Every rule the content breaks (content errors)."
    )


def error_response(description: str, serializer: type[serializers.Serializer] = ErrorOutput):
    """An OpenAPI response in the error format, with what it means for this endpoint."""
    return OpenApiResponse(serializer, description=description)


BAD_INPUT = error_response("Invalid input; nothing was saved.")


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, RetainError):
        body: dict[str, Any] = {"detail": exc.message}
        if exc.field:
            body["field"] = exc.field
            body[exc.field] = [exc.message]
        if isinstance(exc, BankContentError):
            body["problems"] = [{"field": f, "message": m} for f, m in exc.problems]
            for field_name, message in exc.problems:
                messages = body.setdefault(field_name, [])
                if message not in messages:
                    messages.append(message)
        return Response(body, status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)
