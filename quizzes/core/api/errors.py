"""The API's one error format, described once for OpenAPI and produced once for every view.

A domain error (``quizzes.errors``) becomes ``{"detail", "field", <field>: [message]}`` with the
error's 4xx status; a serializer's validation errors keep DRF's ``{<field>: [messages]}`` and gain
``detail`` (the first message) and ``field`` (its field); a content error also lists every rule it breaks under ``problems`` and under
each field. ``Http404`` becomes DRF's 404. A request Django itself refuses as too large or too
many fields (``RequestDataTooBig`` and kin, which Django would answer with its HTML 400 page) is
a 400 in this format too. Everything else is DRF's own handling.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from quizzes.core.api.parsers import too_large_message
from quizzes.core.bounds import InputError
from quizzes.errors import BankContentError, RateLimited, RetainError


class ProblemOutput(serializers.Serializer):
    field = serializers.CharField()
    message = serializers.CharField()


class ErrorOutput(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words a person can act on.")
    field = serializers.CharField(required=False, help_text="The input at fault, if one is.")
    problems = ProblemOutput(
        many=True, required=False, help_text="Every rule the content breaks (content errors)."
    )


def error_response(
    description: str, serializer: type[serializers.Serializer] = ErrorOutput
) -> OpenApiResponse:
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
        answer = Response(body, status=exc.status_code)
        if isinstance(exc, RateLimited):
            answer["Retry-After"] = str(exc.retry_after)
        return answer
    if isinstance(exc, InputError):
        return Response({"detail": str(exc)}, status=400)
    if isinstance(exc, RequestDataTooBig):
        return Response({"detail": too_large_message()}, status=400)
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return Response({"detail": "The request has too many fields or files."}, status=400)
    if isinstance(exc, SuspiciousOperation):
        return Response({"detail": "The request was refused as malformed."}, status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if isinstance(exc, exceptions.ValidationError) and response is not None:
        response.data = _with_detail(response.data)
    return response


def _first_error(errors: Any, path: str = "") -> tuple[str, str]:
    """The first message in DRF's nested error structure, with the dotted path of its field."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            return _first_error(value, f"{path}.{key}" if path else str(key))
    if isinstance(errors, list) and errors:
        if all(isinstance(item, str) for item in errors):
            return path, str(errors[0])
        for n, item in enumerate(errors):
            if item:
                return _first_error(item, f"{path}.{n}" if path else str(n))
    return path, str(errors)


def _with_detail(errors: Any) -> dict[str, Any]:
    """A serializer's errors in the API's format: DRF's per-field lists stay, and ``detail`` (the
    first message) and ``field`` (its field, dotted when nested) are added."""
    field, message = _first_error(errors)
    body: dict[str, Any] = {"detail": message}
    if field and field != "non_field_errors":
        body["field"] = field
    if isinstance(errors, dict):
        body.update({k: v for k, v in errors.items() if k not in ("detail", "field")})
    return body
