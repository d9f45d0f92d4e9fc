"""The request id middleware (first in MIDDLEWARE, with metrics.RequestTimer right after it)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from quizzes.ops import logs


class RequestId:
    """Gives each request its id (``logs.incoming_request_id``) for its log lines and the jobs
    it queues, and answers it in ``X-Request-ID``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = logs.incoming_request_id(request.headers.get("X-Request-ID"))
        token = logs.request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            logs.request_id.reset(token)
        response["X-Request-ID"] = rid
        return response
