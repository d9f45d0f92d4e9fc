"""A course's home page: what every domain offers in this course, gathered in one place. It sits
above the domains (it lists articles, quizzes and decks), so no domain imports it.

Also the header's two course-independent entries, Progress and Question bank: each goes straight
to the course the page was about (or the user's only course), else lists the user's courses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from quizzes.core.requests import AuthedRequest
from quizzes.courses.selectors import MemberAnnotations, course_for, courses_for
from quizzes.models import Course, Role
from quizzes.quiz.selectors.quizzes import quizzes_for
from quizzes.reports.selectors import report_counts, reports_mine
from quizzes.sources.selectors import sources_for
from quizzes.study.selectors.decks import decks_for

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


@login_required
def course_detail(request: AuthedRequest, course_id: int) -> HttpResponse:
    """Instructors see the course's instructor actions and can switch to ``?view=student`` (the
    page as a student sees it: published quizzes and decks, the student actions); students see
    the student actions only."""
    course = course_for(request.user, course_id)
    teaches = course.role == Role.INSTRUCTOR
    as_student = teaches and request.GET.get("view") == "student"
    decks = decks_for(request.user, course_id=course.pk)
    return render(
        request,
        "quizzes/home/course.html",
        {
            "course": course,
            "teaches": teaches,
            "is_instructor": teaches and not as_student,
            "as_student": as_student,
            "sources": sources_for(request.user, course_id=course.pk),
            "quizzes": quizzes_for(request.user, course_id=course.pk, published_only=as_student),
            "decks": decks.filter(published=True) if as_student else decks,
            "reports": report_counts(course) if teaches else None,
            "my_reports": reports_mine(request.user).filter(course=course).count(),
        },
    )


# The page each header entry opens for a course, by the user's role in it (None: not offered).
DESTINATIONS: dict[str, dict[str, str | None]] = {
    "progress": {Role.INSTRUCTOR: "progress:progress-class", Role.STUDENT: "progress:progress"},
    "bank": {Role.INSTRUCTOR: "bank:bank", Role.STUDENT: None},
}


@login_required
def course_choice(request: AuthedRequest, section: str) -> HttpResponse:
    """Progress or the question bank of ``?course=ID`` (the page the header link was on), of the
    user's only course, or a list of the user's courses to choose from."""
    places = DESTINATIONS[section]
    courses = [c for c in courses_for(request.user) if places.get(c.role)]
    wanted = request.GET.get("course", "")
    chosen = next((c for c in courses if str(c.pk) == wanted), None)
    if chosen is None and len(courses) == 1:
        chosen = courses[0]
    if chosen is not None:
        return redirect(_destination(section, chosen), course_id=chosen.pk)
    links = [(course, _destination(section, course)) for course in courses]
    return render(request, "quizzes/home/choose.html", {"section": section, "links": links})


def _destination(section: str, course: WithAnnotations[Course, MemberAnnotations]) -> str:
    return str(DESTINATIONS[section][course.role])
