"""The LTI endpoints a platform calls: OIDC login initiation, launch, Retain's JWKS; and the
deep-linking picker an instructor sees after a deep-linking launch.

Every refusal is the same page (``quizzes/lti/error.html``) with what went wrong and what to do,
logged with the check that failed; it may be framed by any registered platform, since Retain may
not yet know which one is asking.
"""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.csp import CSP
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from pylti1p3.exception import LtiException

from quizzes.core.requests import AuthedRequest
from quizzes.core.web.forms import add_service_error
from quizzes.courses.selectors import course_for_instructor
from quizzes.errors import NotFound, RetainError
from quizzes.lti.errors import LaunchRefused
from quizzes.lti.forms import PlacementForm
from quizzes.lti.launch_checks import (
    RetainMessageLaunch,
    RetainToolConfig,
    origin,
    state_cookie_name,
)
from quizzes.lti.middleware import SESSION_KEY, cross_site
from quizzes.lti.selectors.courses import picker_choices
from quizzes.lti.selectors.platforms import registered_origins
from quizzes.lti.services.deep_linking import deep_link_answer, placement_create
from quizzes.lti.services.keys import jwks
from quizzes.lti.services.launches import DeepLinkRequest, launch_accept, login_start

log = logging.getLogger("quizzes.lti.launch")

DEEP_LINKS_KEY = "retain_lti_deep_links"


def refused(request: HttpRequest, refusal: LaunchRefused, *, stage: str) -> HttpResponse:
    """The error page for a refused login or launch, logged with the failed check."""
    log.warning(
        "LTI %s refused (%s): %s [iss=%s]",
        stage,
        refusal.code,
        refusal.message,
        request.POST.get("iss") or request.GET.get("iss") or "-",
    )
    request.lti_frame_origins = registered_origins()  # type: ignore[attr-defined]  # lti.middleware
    return render(
        request,
        "quizzes/lti/error.html",
        {"message": refusal.message, "code": refusal.code, "stage": stage},
        status=refusal.status_code,
    )


def launch_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("lti:launch"))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    """OIDC third-party login initiation: remember a state and a nonce, bind the state to this
    browser with a cookie, and send the browser to the platform's authorization endpoint."""
    params = (request.POST if request.method == "POST" else request.GET).dict()
    try:
        start = login_start(params=params, launch_url=launch_url(request))
    except LaunchRefused as refusal:
        return refused(request, refusal, stage="login")
    response = redirect(start.redirect_url)
    name = state_cookie_name(start.state)
    response.set_cookie(
        name,
        start.state,
        max_age=settings.LTI_LOGIN_TTL_SECONDS,
        path=reverse("lti:launch"),
        secure=True,
        httponly=True,
        samesite="None",
    )
    cross_site(response, name)  # the login runs in the LMS's iframe: a partitioned cookie
    return response


def _auth_backend() -> str:
    model = "django.contrib.auth.backends.ModelBackend"
    backends = list(settings.AUTHENTICATION_BACKENDS)
    return model if model in backends else backends[-1]


@csrf_exempt
@require_POST
def launch(request: HttpRequest) -> HttpResponse:
    """The platform's signed launch (id_token and state, POSTed by the browser): check it, sign
    the LMS user in, and go where the link points — or to the picker for deep linking."""
    message_launch = RetainMessageLaunch(request, RetainToolConfig())
    try:
        message_launch.validate()
        outcome = launch_accept(message_launch)
    except LaunchRefused as refusal:
        response = refused(request, refusal, stage="launch")
    except LtiException as error:  # anything else the library finds wrong: a 4xx, never a 500
        response = refused(
            request, LaunchRefused("lti", f"The launch is invalid: {error}."), stage="launch"
        )
    else:
        auth_login(request, outcome.user, backend=_auth_backend())
        request.session[SESSION_KEY] = {
            "registration": outcome.registration.pk,
            "course": outcome.course.pk,
            "role": outcome.role,
            "frame_origins": outcome.frame_origins,
        }
        if outcome.deep_link is not None:
            key = secrets.token_urlsafe(16)
            pending = request.session.get(DEEP_LINKS_KEY, {})
            pending[key] = outcome.deep_link.as_session()
            request.session[DEEP_LINKS_KEY] = dict(list(pending.items())[-5:])
            response = redirect("lti:deep-link", key=key)
        else:
            response = redirect(outcome.next_url)
    state = request.POST.get("state", "")
    if state:
        name = state_cookie_name(state)
        response.delete_cookie(name, path=reverse("lti:launch"), samesite="None")
        cross_site(response, name)
    return response


@require_GET
def jwks_view(request: HttpRequest) -> JsonResponse:
    """Retain's public keys, for platforms to verify what Retain signs."""
    response = JsonResponse(jwks())
    response["Cache-Control"] = "public, max-age=300"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def deep_link(request: AuthedRequest, key: str) -> HttpResponse:
    """The picker: choose a published quiz, a deck (and what its grade counts), an article or the
    progress page; Retain answers the platform with a signed deep-linking response."""
    stored = request.session.get(DEEP_LINKS_KEY, {}).get(key)
    if stored is None:
        raise NotFound("This activity picker has expired. Choose “Add Retain activity” again.")
    dl_request = DeepLinkRequest(**stored)
    course = course_for_instructor(request.user, dl_request.course_id)
    form = PlacementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kind, target_id = form.cleaned_data["choice"]
        try:
            placement = placement_create(
                user=request.user,
                course=course,
                kind=kind,
                target_id=target_id,
                deck_rule=form.cleaned_data.get("deck_rule") or "",
                reviews_target=form.cleaned_data.get("reviews_target"),
                reviews_due_at=form.cleaned_data.get("reviews_due_at"),
            )
            answer = deep_link_answer(
                request=dl_request, placement=placement, launch_url=launch_url(request)
            )
        except RetainError as error:
            add_service_error(form, error)
        else:
            pending = request.session.get(DEEP_LINKS_KEY, {})
            pending.pop(key, None)
            request.session[DEEP_LINKS_KEY] = pending
            response = render(
                request,
                "quizzes/lti/deep_link_return.html",
                {"answer": answer, "placement": placement},
            )
            # The answer is a form posted to the platform: allow that one origin.
            # Django's per-response CSP override (as csp_override sets it), not in the stubs.
            response._csp_config = {  # type: ignore[attr-defined]
                **settings.SECURE_CSP,
                "form-action": [CSP.SELF, origin(answer.return_url)],
            }
            return response
    return render(
        request,
        "quizzes/lti/deep_link.html",
        {"course": course, "choices": picker_choices(course), "form": form},
        status=400 if request.method == "POST" else 200,
    )
