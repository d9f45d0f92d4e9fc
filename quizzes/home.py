"""A course's home page: what every domain offers in this course, gathered in one place. It sits
above the domains (it lists articles, quizzes and decks), so no domain imports it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from quizzes.core.requests import AuthedRequest
from quizzes.courses.selectors import course_for
from quizzes.models import Role
from quizzes.quiz.selectors.quizzes import quizzes_for
from quizzes.sources.selectors import sources_for
from quizzes.study.selectors.decks import decks_for


@login_required
def course_detail(request: AuthedRequest, course_id: int) -> HttpResponse:
    course = course_for(request.user, course_id)
    return render(
        request,
        "quizzes/home/course.html",
        {
            "course": course,
            "is_instructor": course.role == Role.INSTRUCTOR,
            "sources": sources_for(request.user, course_id=course.pk),
            "quizzes": quizzes_for(request.user, course_id=course.pk),
            "decks": decks_for(request.user, course_id=course.pk),
        },
    )
