"""LTI Dynamic Registration: the LMS opens Retain's one-time registration URL (an administrator
made it on the platforms page) with ``openid_configuration`` and ``registration_token``; Retain
shows what will be registered, and on confirmation exchanges configurations with the LMS and
tells the LMS's window it may close (``org.imsglobal.lti.close``).

The LMS shows these pages in its own frame: they may be framed by the origin of the
configuration URL it passed, once the invite is known to be valid. The confirmation is a POST
without a CSRF token — no Retain session is involved (the LMS's frame has none) and the one-time
token in the URL is what authorises it.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from quizzes.errors import RetainError
from quizzes.lti.launch_checks import origin
from quizzes.lti.services.platforms import (
    ToolUrls,
    dynamic_register,
    invite_check,
    openid_configuration,
)

log = logging.getLogger("quizzes.lti.registration")


def _tool(request: HttpRequest) -> ToolUrls:
    absolute = request.build_absolute_uri
    return ToolUrls(
        login=absolute(reverse("lti:login")),
        launch=absolute(reverse("lti:launch")),
        jwks=absolute(reverse("lti:jwks")),
    )


def _error(request: HttpRequest, message: str, status: int) -> HttpResponse:
    log.warning("LTI dynamic registration refused: %s", message)
    return render(
        request,
        "quizzes/lti/error.html",
        {"message": message, "code": "registration", "stage": "registration"},
        status=status,
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, token: str) -> HttpResponse:
    params = request.POST if request.method == "POST" else request.GET
    config_url = params.get("openid_configuration", "")
    registration_token = params.get("registration_token", "")
    try:
        invite_check(token)
    except RetainError as error:
        return _error(request, error.message, 404)
    if not config_url:
        return _error(
            request,
            "Open this URL from your LMS's tool registration page (LTI Dynamic Registration).",
            400,
        )
    request.lti_frame_origins = [origin(config_url)]  # type: ignore[attr-defined]  # read by lti.middleware
    try:
        if request.method == "GET":
            config = openid_configuration(config_url, registration_token)
            return render(
                request,
                "quizzes/lti/register.html",
                {
                    "config": config,
                    "issuer": config.get("issuer"),
                    "config_url": config_url,
                    "registration_token": registration_token,
                    "tool": _tool(request),
                },
            )
        registration = dynamic_register(
            invite_token=token,
            openid_configuration_url=config_url,
            registration_token=registration_token,
            tool=_tool(request),
        )
    except RetainError as error:
        return _error(request, error.message, 400 if error.status_code < 500 else 502)
    return render(request, "quizzes/lti/registered.html", {"platform": registration})
