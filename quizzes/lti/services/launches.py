"""OIDC login initiation and what a validated launch does in Retain.

``login_start`` answers the platform's third-party login initiation: it records a fresh ``state``
and ``nonce`` (``LtiLogin``) and says where to send the browser; the web layer sets the state's
cookie. ``launch_accept`` takes a launch that passed every check (``quizzes.lti.launch_checks``)
and maps it onto Retain:

* the LMS user → a Retain account, by (registration, subject) — a registration is an issuer and a
  client id, so one school on hosted Canvas can never reach another's accounts. The account is
  created on first launch with the name and email the LMS sends; it has no password (it signs in
  only through the LMS). LMS accounts are never matched to existing Retain accounts by email.
* the LMS course (context) → a Retain course, created on an instructor's first launch;
* the LMS roles → instructor or student (``quizzes.lti.roles``), the membership updated to match;
* the resource link → what the instructor picked in the deep-linking picker (``LtiPlacement``),
  with the gradebook column (line item) the platform named in the launch.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from lti_tool.models import (
    LtiContext,
    LtiLaunch,
    LtiLineItem,
    LtiRegistration,
    LtiResourceLink,
    LtiUser,
)
from lti_tool.utils import sync_data_from_launch

from quizzes.courses.services import course_create
from quizzes.lti.errors import LaunchRefused
from quizzes.lti.launch_checks import RetainMessageLaunch, RetainToolConfig, origin
from quizzes.lti.roles import CourseRole, course_role
from quizzes.models import (
    Course,
    LtiCourseContext,
    LtiLogin,
    LtiPlacement,
    LtiPlacementLink,
    LtiPlatformOptions,
    Membership,
    PlacementKind,
)

log = logging.getLogger(__name__)

CONTEXT = "https://purl.imsglobal.org/spec/lti/claim/context"
ROLES = "https://purl.imsglobal.org/spec/lti/claim/roles"
CUSTOM = "https://purl.imsglobal.org/spec/lti/claim/custom"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
DEEP_LINKING = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
LAUNCH_PRESENTATION = "https://purl.imsglobal.org/spec/lti/claim/launch_presentation"
PLACEMENT_PARAMETER = "retain_placement"


@dataclass(frozen=True)
class LoginStart:
    """Where to send the browser (the platform's authorization endpoint) and the state whose
    cookie must go with it."""

    redirect_url: str
    state: str
    registration: LtiRegistration


def login_start(*, params: Mapping[str, str], launch_url: str) -> LoginStart:
    """Answer a platform's OIDC third-party login initiation (``iss``, ``login_hint``,
    ``target_link_uri``, optional ``client_id``, ``lti_message_hint``, ``lti_deployment_id``).

    ``launch_url`` is Retain's launch endpoint (the redirect URI registered with the platform).
    Raises ``LaunchRefused`` for a missing parameter, an unknown platform, a target outside Retain
    or a deployment that is not enabled.
    """
    issuer = params.get("iss", "")
    login_hint = params.get("login_hint", "")
    target = params.get("target_link_uri", "")
    if not issuer or not login_hint or not target:
        raise LaunchRefused(
            "login",
            "The platform's login request lacks iss, login_hint or target_link_uri.",
        )
    if origin(target) != origin(launch_url):
        raise LaunchRefused("target", f"The launch's target ({target}) is not on Retain.")
    config = RetainToolConfig()
    config.find_registration_by_params(issuer, params.get("client_id") or None)
    registration = config.registration
    if registration is None:
        raise LaunchRefused(
            "iss",
            f"No platform is registered in Retain with issuer {issuer!r} and client id "
            f"{params.get('client_id') or '(none sent)'!r}.",
            status_code=403,
        )
    deployment_id = params.get("lti_deployment_id")
    if (
        deployment_id
        and not registration.deployments.filter(
            deployment_id=deployment_id, is_active=True
        ).exists()
    ):
        raise LaunchRefused(
            "deployment",
            f"Retain is not enabled for this deployment (id {deployment_id!r}) of "
            f"“{registration.name}”. An administrator can add it on Retain's LMS platforms page.",
            status_code=403,
        )
    now = timezone.now()
    logins_expire(now=now)
    login = LtiLogin.objects.create(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        registration=registration,
        target_link_uri=target,
        created_at=now,
    )
    auth = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": registration.client_id,
        "redirect_uri": launch_url,
        "state": login.state,
        "nonce": login.nonce,
        "login_hint": login_hint,
    }
    if params.get("lti_message_hint"):
        auth["lti_message_hint"] = params["lti_message_hint"]
    separator = "&" if "?" in registration.auth_url else "?"
    return LoginStart(
        redirect_url=f"{registration.auth_url}{separator}{urlencode(auth)}",
        state=login.state,
        registration=registration,
    )


@dataclass(frozen=True)
class DeepLinkRequest:
    """What the picker needs to answer a deep-linking request (kept in the session)."""

    registration_id: int
    deployment_id: str
    course_id: int
    return_url: str
    data: Any
    accept_multiple: bool
    accept_types: list[str]

    def as_session(self) -> dict[str, Any]:
        return {
            "registration_id": self.registration_id,
            "deployment_id": self.deployment_id,
            "course_id": self.course_id,
            "return_url": self.return_url,
            "data": self.data,
            "accept_multiple": self.accept_multiple,
            "accept_types": self.accept_types,
        }


@dataclass(frozen=True)
class LaunchOutcome:
    user: User
    course: Course
    role: CourseRole
    registration: LtiRegistration
    next_url: str
    frame_origins: list[str]
    deep_link: DeepLinkRequest | None = None
    placement: LtiPlacement | None = None


def frame_origins(registration: LtiRegistration) -> list[str]:
    """Origins that may frame Retain in this platform's LTI sessions: the issuer's and the login
    endpoint's, and any the administrator added (a Canvas school's own domain)."""
    origins = {origin(registration.issuer), origin(registration.auth_url)}
    options = LtiPlatformOptions.objects.filter(registration=registration).first()
    if options is not None:
        origins.update(origin(url) for url in options.frame_origins if url)
    return sorted(o for o in origins if o.startswith(("https://", "http://")))


def launch_accept(message_launch: RetainMessageLaunch) -> LaunchOutcome:
    """Map a validated launch onto Retain (see the module docstring). Raises ``LaunchRefused``
    when the launch has no course, a student arrives before the course is set up, a learner
    sends a deep-linking request, or the link points at another course's item."""
    claims = message_launch.claims
    context_claim = claims.get(CONTEXT) or {}
    if not isinstance(context_claim, dict) or not isinstance(claims.get(ROLES), list):
        raise LaunchRefused("claims", "The launch's context or roles claim is malformed.")
    if not context_claim.get("id"):
        raise LaunchRefused(
            "context", "Retain must be launched from inside a course (the launch has no context)."
        )
    registration = message_launch.retain_registration
    role = course_role(claims.get(ROLES) or [])
    is_deep_link = message_launch.message_type == "LtiDeepLinkingRequest"
    if is_deep_link and role != "instructor":
        raise LaunchRefused(
            "role", "Only the course's instructors can add Retain activities.", status_code=403
        )
    with transaction.atomic():
        lti_launch = LtiLaunch(message_launch)
        sync_data_from_launch(lti_launch)
        lti_user = LtiUser.objects.select_for_update().get(
            registration=registration, sub=claims["sub"]
        )
        user = account_for(lti_user, claims)
        context: LtiContext = lti_launch.context
        course = _course_for(context, user, role, title=_context_title(context_claim))
        enrol(user=user, course=course, role=role)
        placement = None
        if is_deep_link:
            next_url = ""
        else:
            placement = _placement_for(lti_launch, course, claims)
            next_url = placement_url(placement, course, role)
    deep_link = None
    if is_deep_link:
        settings_claim = claims.get(DEEP_LINKING) or {}
        deep_link = DeepLinkRequest(
            registration_id=registration.pk,
            deployment_id=message_launch.retain_deployment.deployment_id,
            course_id=course.pk,
            return_url=str(settings_claim.get("deep_link_return_url", "")),
            data=settings_claim.get("data"),
            accept_multiple=str(settings_claim.get("accept_multiple", "false")).lower() == "true",
            accept_types=list(settings_claim.get("accept_types") or []),
        )
    log.info(
        "LTI launch accepted: %s %s as %s in course %s (%s)",
        message_launch.message_type,
        user.username,
        role,
        course.pk,
        registration.issuer,
    )
    return LaunchOutcome(
        user=user,
        course=course,
        role=role,
        registration=registration,
        next_url=next_url,
        frame_origins=frame_origins(registration),
        deep_link=deep_link,
        placement=placement,
    )


def _context_title(context_claim: Mapping[str, Any]) -> str:
    title = str(context_claim.get("title") or context_claim.get("label") or "").strip()
    return (title or "Course from the LMS")[:200]


def _username(registration: LtiRegistration, sub: str, hint: str) -> str:
    digest = hashlib.sha256(f"{registration.pk}:{sub}".encode()).hexdigest()
    base = slugify(hint)[:40] or "lms-user"
    for length in (6, 12, 24, 64):
        candidate = f"{base}-{digest[:length]}"
        if not User.objects.filter(username=candidate).exists():
            return candidate
    raise LaunchRefused("user", "Retain could not name this account.")  # a sha256 collision


def _names(claims: Mapping[str, Any]) -> tuple[str, str, str]:
    given = str(claims.get("given_name") or "").strip()
    family = str(claims.get("family_name") or "").strip()
    full = str(claims.get("name") or "").strip()
    if full and not (given or family):
        given, _, family = full.partition(" ")
    return given[:150], family[:150], full


def account_for(lti_user: LtiUser, claims: Mapping[str, Any]) -> User:
    """The Retain account of an LMS user (``lti_user``, locked by the caller), created on first
    sight, its name and email kept as the LMS last sent them."""
    given, family, full = _names(claims)
    email = str(claims.get("email") or "").strip()[:254]
    user = lti_user.auth_user
    if user is None:
        email_hint = email.split("@", 1)[0]
        hint = full or f"{given} {family}".strip() or email_hint
        user = User(
            username=_username(lti_user.registration, lti_user.sub, hint),
            first_name=given,
            last_name=family,
            email=email,
        )
        user.set_unusable_password()
        user.save()
        lti_user.auth_user = user
        lti_user.save(update_fields=["auth_user", "datetime_modified"])
        return user
    changes = {
        name: value
        for name, value in (("first_name", given), ("last_name", family), ("email", email))
        if value and getattr(user, name) != value
    }
    if changes:
        for name, value in changes.items():
            setattr(user, name, value)
        user.save(update_fields=list(changes))
    return user


def _course_for(context: LtiContext, user: User, role: CourseRole, *, title: str) -> Course:
    link = LtiCourseContext.objects.select_related("course").filter(context=context).first()
    if link is not None:
        return link.course
    if role != "instructor":
        raise LaunchRefused(
            "no-course",
            "Retain is not set up in this course yet: your instructor has to open it once "
            "from the course first.",
            status_code=409,
        )
    course = course_create(user=user, title=title)
    LtiCourseContext.objects.create(context=context, course=course)
    return course


def enrol(*, user: User, course: Course, role: str) -> Membership:
    """Make ``user`` a member of ``course`` with ``role`` (the LMS is the authority on roles in
    the courses it launches). Idempotent."""
    membership, created = Membership.objects.get_or_create(
        user=user, course=course, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def _placement_for(
    lti_launch: LtiLaunch, course: Course, claims: Mapping[str, Any]
) -> LtiPlacement | None:
    """The placement the resource link launches (from its custom parameter), linked to the
    link and to the line item the platform gives it."""
    custom = claims.get(CUSTOM) or {}
    placement_id = str(custom.get(PLACEMENT_PARAMETER) or "").strip()
    if not placement_id:
        return None
    if not re.fullmatch(r"[0-9a-fA-F-]{32,36}", placement_id):
        raise LaunchRefused("placement", "This link's Retain activity id is malformed.")
    placement = LtiPlacement.objects.filter(pk=placement_id, course=course).first()
    if placement is None:
        raise LaunchRefused(
            "placement",
            "This link points at a Retain activity of another course (was the LMS course "
            "copied?). Ask your instructor to add the activity again.",
            status_code=404,
        )
    resource_link: LtiResourceLink = lti_launch.resource_link
    line_item = _line_item_for(lti_launch, placement, claims)
    LtiPlacementLink.objects.update_or_create(
        resource_link=resource_link,
        defaults={"placement": placement, **({"line_item": line_item} if line_item else {})},
    )
    return placement


def _line_item_for(
    lti_launch: LtiLaunch, placement: LtiPlacement, claims: Mapping[str, Any]
) -> LtiLineItem | None:
    ags = claims.get(AGS) or {}
    url = str(ags.get("lineitem") or "")
    if not placement.gradable or not url:
        return None
    context: LtiContext = lti_launch.context
    existing = LtiLineItem.objects.filter(url=url).select_related("context__deployment").first()
    if existing is not None:
        if existing.context.deployment.registration_id != context.deployment.registration_id:
            log.warning("LTI: line item %s already belongs to another platform; ignored", url)
            return None
        if existing.context_id != context.pk:
            return None
        return existing
    return LtiLineItem.objects.create(
        context=context,
        url=url,
        maximum_score=100,
        label=placement.title[:255],
        resource_id=str(placement.pk),
        resource_link=lti_launch.resource_link,
    )


def placement_url(placement: LtiPlacement | None, course: Course, role: str) -> str:
    """Where a launch of ``placement`` lands. A link without one (Retain in the course's
    navigation) opens the course's page — for instructors its LMS page, where the gradebook
    sync, the roster and the LRS are."""
    if placement is None:
        if role == "instructor":
            return reverse("lti:course-lms", args=[course.pk])
        return reverse("home:course-detail", args=[course.pk])
    match placement.kind:
        case PlacementKind.QUIZ:
            return reverse("quiz:quiz-detail", args=[placement.quiz_id])
        case PlacementKind.DECK:
            return reverse("study:deck-detail", args=[placement.deck_id])
        case PlacementKind.ARTICLE:
            return reverse("sources:source-detail", args=[placement.source_id])
    if role == "instructor":
        return reverse("progress:progress-class", args=[course.pk])
    return reverse("progress:progress", args=[course.pk])


def logins_expire(*, now: datetime | None = None) -> int:
    """Delete OIDC logins (state and nonce) older than a day: a launch uses its login within
    LTI_LOGIN_TTL_SECONDS, and a used one only guards against a replay until its token expires.
    Returns how many were deleted."""
    now = now or timezone.now()
    deleted, _ = LtiLogin.objects.filter(created_at__lt=now - timedelta(days=1)).delete()
    return deleted
