"""The API's JSON parser: DRF's, with the bounds every body must keep (``core.bounds``).

A body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE``, nested deeper than ``JSON_MAX_DEPTH`` or
holding a NUL character anywhere is a 400 in the API's error format before any view code runs.
(DRF reads a JSON body from the request stream, so Django's own size check never sees it.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from quizzes.core.bounds import InputError, loads_checked


def body_limit() -> int:
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2**31


def too_large_message() -> str:
    return f"The request body is larger than {body_limit() // (1024 * 1024)} MB."


class CheckedJSONParser(JSONParser):
    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        limit = body_limit()
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise ParseError(too_large_message())
        try:
            return loads_checked(raw.decode(encoding))
        except UnicodeDecodeError:
            raise ParseError(f"The body is not valid {encoding}.") from None
        except InputError as error:
            raise ParseError(str(error)) from None
        except ValueError as error:
            raise ParseError(f"JSON parse error - {error}") from None
