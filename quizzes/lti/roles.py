"""LTI roles → Retain's two course roles. Pure: no Django.

LTI 1.3 sends role URIs (LIS vocabulary); some platforms still send the deprecated simple names
("Instructor"), which mean the context role of that name. Whoever teaches, builds or administers
the LMS course — or administers the institution or the LMS itself — is an instructor in Retain;
everyone else (learners, mentors, observers, guests) is a student, the role with least access.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

CONTEXT = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
INSTRUCTOR_ROLES = frozenset(
    {
        CONTEXT + "Instructor",
        CONTEXT + "ContentDeveloper",
        CONTEXT + "Administrator",
        "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant",
        "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
        "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator",
        "http://purl.imsglobal.org/vocab/lis/v2/system/person#SysAdmin",
    }
)
LEARNER = CONTEXT + "Learner"

CourseRole = Literal["instructor", "student"]


def full_role(role: str) -> str:
    """A role URI; a simple name ("Instructor") means the context role of that name."""
    role = role.strip()
    if re.fullmatch(r"\w+", role):
        return CONTEXT + role
    return role


def course_role(roles: Iterable[str]) -> CourseRole:
    """``instructor`` if any role teaches or administers, else ``student``."""
    if any(full_role(role) in INSTRUCTOR_ROLES for role in roles):
        return "instructor"
    return "student"
