"""Names and Role Provisioning Services 2.0: the LMS course's members, enrolled in Retain.

``roster_sync`` reads every page of the context's membership list (pylti1p3, with a cached
access token) and makes Retain match it for the platform's users: each active member gets a
Retain account (as on first launch) and a membership with their role — so the class progress
view lists the whole class before anyone launches — and each member of this LMS course who is
gone or no longer active loses their membership. Retain members who did not come through this
platform (joined with a join code, the course's creator on another platform) are left alone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from lti_tool.models import LtiContext, LtiMembership, LtiUser
from pylti1p3.names_roles import NamesRolesProvisioningService

from quizzes.lti.connector import CachedTokenConnector
from quizzes.lti.errors import LtiError, PlatformUnavailable
from quizzes.lti.roles import course_role
from quizzes.lti.services.launches import account_for, enrol
from quizzes.models import Course, LtiCourseContext, Membership

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RosterSync:
    enrolled: int  # active members now enrolled (new or already there)
    added: int  # of which new to the Retain course
    removed: int  # members who left the LMS course and lost access


def roster_sync(*, course_context: LtiCourseContext, now: datetime | None = None) -> RosterSync:
    """Bring the Retain course's membership in line with the LMS course's (module docstring).
    Raises ``LtiError`` when the platform offers no roster for the course, ``PlatformUnavailable``
    when it cannot be read; the outcome is recorded on ``course_context`` either way."""
    now = now or timezone.now()
    context: LtiContext = course_context.context
    if not context.memberships_url:
        raise LtiError(
            "The LMS has not offered Retain this course's roster (Names and Role Provisioning). "
            "Launch Retain from the course once, or check the tool's NRPS setting in the LMS."
        )
    registration = context.deployment.registration
    service = NamesRolesProvisioningService(
        CachedTokenConnector(registration), {"context_memberships_url": context.memberships_url}
    )
    try:
        members = service.get_members()
    except PlatformUnavailable as error:
        _note(course_context, now, f"Failed: {error.message}")
        raise
    course: Course = course_context.course
    with transaction.atomic():
        outcome = _apply(context, course, registration.pk, members)
    _note(
        course_context,
        now,
        f"{outcome.enrolled} enrolled ({outcome.added} new), {outcome.removed} removed",
    )
    log.info("LTI roster of course %s synced: %s", course.pk, outcome)
    return outcome


def _apply(context: LtiContext, course: Course, registration_id: int, members: list) -> RosterSync:
    members = [
        {**m, "user_id": str(m["user_id"]), "status": m.get("status") or "Active"}
        for m in members
        if m.get("user_id") and m.get("roles")
    ]
    context.update_memberships(members)  # django-lti's own record of the LMS course's members
    active_subs = set()
    enrolled = added = 0
    for member in members:
        sub = member["user_id"]
        if member["status"] != "Active":
            continue
        active_subs.add(sub)
        lti_user = LtiUser.objects.select_for_update().get(registration_id=registration_id, sub=sub)
        user = account_for(lti_user, member)
        new = not Membership.objects.filter(user=user, course=course).exists()
        enrol(user=user, course=course, role=course_role(member.get("roles") or []))
        enrolled += 1
        added += int(new)
    gone = LtiMembership.objects.filter(context=context).exclude(user__sub__in=active_subs)
    gone.update(is_active=False)
    leavers = LtiUser.objects.filter(
        registration_id=registration_id,
        memberships__context=context,
        auth_user__isnull=False,
    ).exclude(sub__in=active_subs)
    removed, _ = Membership.objects.filter(
        course=course, user__in=leavers.values("auth_user")
    ).delete()
    return RosterSync(enrolled=enrolled, added=added, removed=removed)


def _note(course_context: LtiCourseContext, now: datetime, status: str) -> None:
    LtiCourseContext.objects.filter(pk=course_context.pk).update(
        roster_synced_at=now, roster_status=status[:200]
    )
