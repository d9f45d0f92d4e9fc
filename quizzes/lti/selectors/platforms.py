"""Reads for Retain's administrators: the registered platforms and their deployments."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from lti_tool.models import LtiDeployment, LtiRegistration

from quizzes.errors import NotFound
from quizzes.lti.launch_checks import origin
from quizzes.models import LtiPlatformOptions


def platforms() -> QuerySet[LtiRegistration]:
    """Every registration, newest first, with its deployments and its number of LMS users."""
    return (
        LtiRegistration.objects.annotate(user_count=Count("users", distinct=True))
        .prefetch_related(
            Prefetch("deployments", queryset=LtiDeployment.objects.order_by("deployment_id"))
        )
        .order_by("-datetime_created", "-pk")
    )


def platform(registration_id: int) -> LtiRegistration:
    found = platforms().filter(pk=registration_id).first()
    if found is None:
        raise NotFound("No such platform.")
    return found


def platform_frame_origins(registration: LtiRegistration) -> list[str]:
    """The extra frame origins an administrator set (not the issuer's, which are implied)."""
    options = LtiPlatformOptions.objects.filter(registration=registration).first()
    return list(options.frame_origins) if options else []


def registered_origins() -> list[str]:
    """Origins of every active platform (issuer, login endpoint, extra frame origins): who may
    frame a launch's error page before Retain knows which platform it came from."""
    origins: set[str] = set()
    for registration in LtiRegistration.objects.active().only("issuer", "auth_url"):
        origins.update({origin(registration.issuer), origin(registration.auth_url)})
    for options in LtiPlatformOptions.objects.filter(registration__is_active=True):
        origins.update(options.frame_origins)
    return sorted(o for o in origins if o.startswith(("https://", "http://")))
