"""The site header's one source of truth: which items a signed-in user sees and which is current.

Every page shows the same items to the same role: Courses, Quizzes, Study and Progress for
everyone, and Question bank for anyone who teaches a course. The section comes from the URL's
namespace, so a page never has to say where it belongs. A context processor (settings.TEMPLATES).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.http import HttpRequest

from quizzes.courses.selectors import taught_course_ids

# URL namespace -> the header item it belongs to.
SECTIONS = {
    "courses": "courses",
    "home": "courses",
    "sources": "courses",
    "quiz": "quizzes",
    "study": "study",
    "progress": "progress",
    "practice": "progress",
    "bank": "bank",
}


@dataclass
class Navigation:
    request: HttpRequest

    @property
    def section(self) -> str:
        match = self.request.resolver_match
        if match is None:
            return ""
        if match.namespace == "home" and match.url_name in ("progress", "bank"):
            return str(match.url_name)
        return SECTIONS.get(match.namespace, "")

    @cached_property
    def teaches(self) -> bool:
        """Whether the user teaches any course (one query, only when the header asks)."""
        user = self.request.user
        return bool(user.is_authenticated and taught_course_ids(user).exists())


def navigation(request: HttpRequest) -> dict[str, Navigation]:
    return {"nav": Navigation(request)}
