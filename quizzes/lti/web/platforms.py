"""Retain's administrators register LMS platforms here (staff only; others get a 404)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from quizzes.core.requests import AuthedRequest
from quizzes.core.web.forms import add_service_error
from quizzes.errors import NotFound, RetainError
from quizzes.lti.forms import PlatformForm, PlatformUpdateForm
from quizzes.lti.selectors.platforms import platform, platform_frame_origins, platforms
from quizzes.lti.services.platforms import invite_create, platform_register, platform_update


def staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapped(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not (request.user.is_active and request.user.is_staff):
            raise NotFound("No such page.")
        return view(request, *args, **kwargs)

    return wrapped


def tool_urls(request: HttpRequest) -> dict[str, str]:
    """What an administrator pastes into the LMS."""
    absolute = request.build_absolute_uri
    return {
        "login": absolute(reverse("lti:login")),
        "launch": absolute(reverse("lti:launch")),
        "jwks": absolute(reverse("lti:jwks")),
        "domain": request.get_host(),
    }


@staff_only
@require_http_methods(["GET", "POST"])
def platform_list(request: AuthedRequest) -> HttpResponse:
    form = PlatformForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = platform_register(**form.cleaned_lists())
        except RetainError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"“{registration.name}” is registered.")
            return redirect("lti:platform-detail", registration_id=registration.pk)
    return render(
        request,
        "quizzes/lti/platforms.html",
        {
            "platforms": platforms(),
            "form": form,
            "urls": tool_urls(request),
            "invite_url": request.session.pop("retain_lti_invite_url", ""),
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_only
@require_POST
def invite_new(request: AuthedRequest) -> HttpResponse:
    """A one-time Dynamic Registration URL to paste into the LMS."""
    invite = invite_create(user=request.user)
    request.session["retain_lti_invite_url"] = request.build_absolute_uri(
        reverse("lti:register", args=[invite.token])
    )
    return redirect("lti:platform-list")


@staff_only
@require_http_methods(["GET", "POST"])
def platform_detail(request: AuthedRequest, registration_id: int) -> HttpResponse:
    registration = platform(registration_id)
    deployments = [(d.pk, d.deployment_id) for d in registration.deployments.all()]
    initial = {
        "is_active": registration.is_active,
        "active_deployments": [str(d.pk) for d in registration.deployments.all() if d.is_active],
        "frame_origins": "\n".join(platform_frame_origins(registration)),
    }
    form = PlatformUpdateForm(request.POST or None, initial=initial, deployments=deployments)
    if request.method == "POST" and form.is_valid():
        try:
            platform_update(registration=registration, **form.cleaned_lists())
        except RetainError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("lti:platform-detail", registration_id=registration.pk)
    return render(
        request,
        "quizzes/lti/platform.html",
        {"platform": registration, "form": form, "urls": tool_urls(request)},
        status=400 if request.method == "POST" else 200,
    )
