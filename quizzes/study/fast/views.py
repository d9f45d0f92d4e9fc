"""API views that answer their plain requests without DRF's request machinery.

Next cards and review POST run on every card of every study session. DRF's request wrapping,
parsing, serializer validation, content negotiation and rendering cost more than the work itself
(bench/study.py), so a ``LeanAPIView`` answers the plain case on its own: a GET or a JSON body,
JSON out, a token or the browser's session. Anything else (the browsable API, ``?format=``, a
form body, another method) goes through DRF's dispatch as before, and every error, on either
path, is answered by DRF's exception handling, so the two paths cannot answer differently.

DRF still describes the view (OpenAPI, from its ``get``/``post`` and ``extend_schema``); the view
keeps one implementation that both paths call.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from rest_framework import exceptions, generics
from rest_framework.authentication import SessionAuthentication

from quizzes.study.fast.auth import STUDY_AUTHENTICATION, LeanTokenAuthentication

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def _wants_json(request: HttpRequest) -> bool:
    """What DRF's negotiation would answer with JSON: no ``?format=`` and an Accept header that
    takes JSON and does not ask for HTML (the browsable API)."""
    if "format" in request.GET:
        return False
    accept = request.META.get("HTTP_ACCEPT", "*/*")
    return "text/html" not in accept and ("json" in accept or "*/*" in accept)


def _is_json_body(request: HttpRequest) -> bool:
    return request.content_type == "application/json"


class LeanAPIView(generics.GenericAPIView):
    """A DRF view whose ``lean_<method>(request, user, *args, **kwargs) -> (data, status)``
    answers plain requests directly. It authenticates like ``STUDY_AUTHENTICATION`` (a token
    first, a bad one is 401; else the session, with DRF's CSRF check)."""

    authentication_classes = STUDY_AUTHENTICATION

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        handler = getattr(self, f"lean_{request.method.lower()}", None)
        has_body = request.method not in ("GET", "HEAD", "OPTIONS")
        if handler is None or not _wants_json(request) or (has_body and not _is_json_body(request)):
            return super().dispatch(request, *args, **kwargs)
        self.args, self.kwargs = args, kwargs
        try:
            user = self._authenticate(request)
            if has_body:
                kwargs["data"] = self._parse(request)
            data, status = handler(request, user, *args, **kwargs)
        except Exception as exc:  # DRF answers (or re-raises) each one
            kwargs.pop("data", None)
            return self._error(request, exc, args, kwargs)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False),
            content_type="application/json",
            status=status,
        )
        # The headers DRF's own answer carries.
        response["Allow"] = self._allow()
        response["Vary"] = "Accept"
        return response

    def _allow(self) -> str:
        view = type(self)
        if "_allow_header" not in view.__dict__:  # once per view class
            view._allow_header = ", ".join(self.allowed_methods)
        return view._allow_header

    @staticmethod
    def _authenticate(request: HttpRequest) -> AbstractBaseUser:
        found = LeanTokenAuthentication().authenticate(request)
        if found is not None:
            return found[0]
        user = getattr(request, "user", None)  # the session's, from AuthenticationMiddleware
        if user is None or not user.is_active:
            raise exceptions.NotAuthenticated
        SessionAuthentication().enforce_csrf(request)
        return user

    @staticmethod
    def _parse(request: HttpRequest) -> Any:
        try:
            return json.loads(request.body)
        except ValueError as error:
            raise exceptions.ParseError(f"JSON parse error - {error}") from None

    def _error(
        self, request: HttpRequest, exc: Exception, args: tuple, kwargs: dict
    ) -> HttpResponse:
        """Answer ``exc`` exactly as DRF's dispatch would have."""
        drf_request = self.initialize_request(request, *args, **kwargs)
        self.request = drf_request
        self.headers = self.default_response_headers
        negotiated = self.perform_content_negotiation(drf_request, force=True)
        drf_request.accepted_renderer, drf_request.accepted_media_type = negotiated
        response = self.handle_exception(exc)
        self.response = self.finalize_response(drf_request, response, *args, **kwargs)
        return self.response
