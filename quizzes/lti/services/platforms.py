"""Registering LMS platforms: by hand (an administrator pastes the platform's details) or by LTI
Dynamic Registration 1.0 (the LMS opens Retain's registration URL and the two exchange them).

A registration is django-lti's ``LtiRegistration`` — issuer, client id, the platform's OIDC
authorization, token and JWKS URLs — with its deployments (``LtiDeployment``: a launch names one,
and it must be registered and active here) and Retain's ``LtiPlatformOptions`` (extra origins
allowed to frame Retain). Registrations are keyed by (issuer, client id), never by issuer alone.

Dynamic registration needs an invite: an administrator makes a one-time URL
(``invite_create``) and pastes it into the LMS, so no one else can register a platform. The
platform's OpenID configuration is read from the URL the LMS passes, checked (its issuer must
prefix that URL; endpoints must be HTTPS outside development), and Retain's configuration is
posted to the platform's registration endpoint with the LMS's registration token; the client id
(and, where the LMS sends one, the deployment id) it answers is recorded, active.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from lti_tool.models import LtiDeployment, LtiRegistration

from quizzes.lti.connector import http
from quizzes.lti.errors import LtiError, PlatformUnavailable
from quizzes.lti.launch_checks import origin
from quizzes.models import LtiPlatformOptions, LtiRegistrationInvite

log = logging.getLogger(__name__)

INVITE_TTL = timedelta(days=1)
SCOPES = (
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
)
PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"
TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"


def _check_url(url: str, field: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    allowed = ("https", "http") if settings.LTI_ALLOW_HTTP else ("https",)
    if parts.scheme not in allowed or not parts.hostname:
        raise LtiError(
            "Give a full URL." if settings.LTI_ALLOW_HTTP else "Give a full https:// URL.",
            field=field,
        )
    return url


def _origins(lines: list[str]) -> list[str]:
    result = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        _check_url(line, "frame_origins")
        result.append(origin(line))
    return sorted(set(result))


@transaction.atomic
def platform_register(
    *,
    name: str,
    issuer: str,
    client_id: str,
    auth_url: str,
    token_url: str,
    keyset_url: str,
    deployment_ids: list[str],
    frame_origins: list[str] | None = None,
    audience: str = "",
) -> LtiRegistration:
    """Register a platform by hand, active, with its deployments active."""
    if not name.strip():
        raise LtiError("Name the platform (e.g. “University Moodle”).", field="name")
    if not client_id.strip():
        raise LtiError("Give the client id the LMS assigned to Retain.", field="client_id")
    registration = LtiRegistration(
        name=name.strip()[:255],
        issuer=_check_url(issuer, "issuer"),
        client_id=client_id.strip(),
        audience=audience.strip(),
        auth_url=_check_url(auth_url, "auth_url"),
        token_url=_check_url(token_url, "token_url"),
        keyset_url=_check_url(keyset_url, "keyset_url"),
        is_active=True,
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise LtiError(
            "A platform with this issuer and client id is already registered.", field="client_id"
        ) from None
    for deployment_id in deployment_ids:
        deployment_add(registration=registration, deployment_id=deployment_id)
    LtiPlatformOptions.objects.create(
        registration=registration, frame_origins=_origins(frame_origins or [])
    )
    return registration


def deployment_add(*, registration: LtiRegistration, deployment_id: str) -> LtiDeployment:
    """Enable launches from this deployment of the platform (idempotent)."""
    deployment_id = deployment_id.strip()
    if not deployment_id:
        raise LtiError("Give the deployment id the LMS shows.", field="deployment_id")
    deployment, _ = LtiDeployment.objects.update_or_create(
        registration=registration, deployment_id=deployment_id, defaults={"is_active": True}
    )
    return deployment


@transaction.atomic
def platform_update(
    *,
    registration: LtiRegistration,
    is_active: bool,
    frame_origins: list[str],
    active_deployments: list[int],
    new_deployment_ids: list[str],
) -> LtiRegistration:
    """Switch the platform on or off, set which deployments may launch, add deployments, and
    set the extra origins allowed to frame Retain."""
    registration.is_active = is_active
    registration.save(update_fields=["is_active", "datetime_modified"])
    deployments = registration.deployments.all()
    deployments.filter(pk__in=active_deployments).update(is_active=True)
    deployments.exclude(pk__in=active_deployments).update(is_active=False)
    for deployment_id in new_deployment_ids:
        deployment_add(registration=registration, deployment_id=deployment_id)
    LtiPlatformOptions.objects.update_or_create(
        registration=registration, defaults={"frame_origins": _origins(frame_origins)}
    )
    return registration


def invite_create(*, user: User, now: datetime | None = None) -> LtiRegistrationInvite:
    """A one-time Dynamic Registration URL token, valid for a day."""
    now = now or timezone.now()
    return LtiRegistrationInvite.objects.create(
        token=secrets.token_urlsafe(24),
        created_by=user,
        created_at=now,
        expires_at=now + INVITE_TTL,
    )


def invite_check(token: str, *, now: datetime | None = None) -> LtiRegistrationInvite:
    """The invite with this token if it can still be used; ``LtiError`` otherwise."""
    now = now or timezone.now()
    invite = LtiRegistrationInvite.objects.filter(token=token).first()
    if invite is None or invite.used_at is not None or invite.expires_at <= now:
        raise LtiError(
            "This registration link is unknown, used or expired. Ask Retain's administrator "
            "for a new one."
        )
    return invite


@dataclass(frozen=True)
class ToolUrls:
    """Retain's endpoints as a platform must call them."""

    login: str
    launch: str
    jwks: str

    @property
    def domain(self) -> str:
        return urlsplit(self.launch).netloc


def openid_configuration(url: str, registration_token: str) -> dict[str, Any]:
    """The platform's OpenID configuration at ``url`` (the LMS passed it), checked."""
    url = _check_url(url, "openid_configuration")
    try:
        response = http().get(
            url,
            headers={"Authorization": f"Bearer {registration_token}", "Accept": "application/json"},
        )
        response.raise_for_status()
        config = response.json()
    except (requests.RequestException, ValueError) as error:
        raise PlatformUnavailable(
            f"Retain could not read the LMS's configuration at {url}: {error}"
        ) from error
    if not isinstance(config, dict):
        raise LtiError("The LMS's configuration is not a JSON object.")
    issuer = str(config.get("issuer") or "")
    if not issuer or not url.startswith(issuer):
        raise LtiError("The LMS's configuration URL is not under its issuer.")
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri", "registration_endpoint"):
        if not config.get(key):
            raise LtiError(f"The LMS's configuration lacks {key}.")
        _check_url(str(config[key]), key)
    return config


def registration_request(config: dict[str, Any], tool: ToolUrls) -> dict[str, Any]:
    """Retain's tool configuration as LTI Dynamic Registration posts it."""
    platform = config.get(PLATFORM_CONFIGURATION) or {}
    canvas = platform.get("product_family_code") == "canvas"
    supported = set(config.get("scopes_supported") or SCOPES)
    deep_linking: dict[str, Any] = {
        "type": "LtiDeepLinkingRequest",
        "target_link_uri": tool.launch,
        "label": "Add Retain activity",
    }
    resource: dict[str, Any] = {
        "type": "LtiResourceLinkRequest",
        "target_link_uri": tool.launch,
        "label": "Retain",
    }
    if canvas:  # Canvas's own placement names; other platforms ignore or reject them
        deep_linking["placements"] = ["assignment_selection", "link_selection"]
        resource["placements"] = ["course_navigation"]
    return {
        "application_type": "web",
        "response_types": ["id_token"],
        "grant_types": ["implicit", "client_credentials"],
        "initiate_login_uri": tool.login,
        "redirect_uris": [tool.launch],
        "client_name": "Retain",
        "jwks_uri": tool.jwks,
        "token_endpoint_auth_method": "private_key_jwt",
        "scope": " ".join(scope for scope in SCOPES if scope in supported),
        TOOL_CONFIGURATION: {
            "domain": tool.domain,
            "description": "Quizzes and spaced-repetition flashcards from your articles.",
            "target_link_uri": tool.launch,
            "claims": ["iss", "sub", "name", "given_name", "family_name", "email"],
            "messages": [deep_linking, resource],
        },
    }


def dynamic_register(
    *,
    invite_token: str,
    openid_configuration_url: str,
    registration_token: str,
    tool: ToolUrls,
    now: datetime | None = None,
) -> LtiRegistration:
    """Complete LTI Dynamic Registration for an invite (see the module docstring)."""
    now = now or timezone.now()
    invite = invite_check(invite_token, now=now)
    config = openid_configuration(openid_configuration_url, registration_token)
    try:
        response = http().post(
            str(config["registration_endpoint"]),
            json=registration_request(config, tool),
            headers={"Authorization": f"Bearer {registration_token}", "Accept": "application/json"},
        )
    except requests.RequestException as error:
        raise PlatformUnavailable(
            f"The LMS's registration endpoint is unreachable: {error}"
        ) from error
    if not response.ok:
        raise PlatformUnavailable(
            f"The LMS refused the registration ({response.status_code}): {response.text[:300]}",
            retry=False,
        )
    try:
        answer = response.json()
        client_id = str(answer["client_id"])
    except (ValueError, KeyError, TypeError) as error:
        raise PlatformUnavailable(
            "The LMS's registration answer has no client id.", retry=False
        ) from error
    deployment_id = str((answer.get(TOOL_CONFIGURATION) or {}).get("deployment_id") or "")
    platform = config.get(PLATFORM_CONFIGURATION) or {}
    family = str(platform.get("product_family_code") or "LMS")
    with transaction.atomic():
        used = LtiRegistrationInvite.objects.filter(pk=invite.pk, used_at__isnull=True).update(
            used_at=now
        )
        if not used:
            raise LtiError("This registration link was used meanwhile.")
        registration = platform_register(
            name=f"{family} at {urlsplit(str(config['issuer'])).netloc}",
            issuer=str(config["issuer"]),
            client_id=client_id,
            auth_url=str(config["authorization_endpoint"]),
            token_url=str(config["token_endpoint"]),
            keyset_url=str(config["jwks_uri"]),
            audience=str(config.get("authorization_server") or ""),
            deployment_ids=[deployment_id] if deployment_id else [],
        )
        LtiRegistrationInvite.objects.filter(pk=invite.pk).update(registration=registration)
    log.info("LTI platform registered dynamically: %s (%s)", registration, client_id)
    return registration
