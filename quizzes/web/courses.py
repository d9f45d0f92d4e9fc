"""Course pages: my courses (with create and join), one course."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from quizzes.errors import RetainError
from quizzes.models import Role
from quizzes.selectors.courses import course_for, courses_for
from quizzes.selectors.decks import decks_for
from quizzes.selectors.quizzes import quizzes_for
from quizzes.selectors.sources import sources_for
from quizzes.services.courses import course_create, course_join
from quizzes.web.forms import CourseForm, JoinForm, add_service_error


@login_required
def course_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "quizzes/course_list.html",
        {
            "courses": courses_for(request.user),
            "course_form": CourseForm(),
            "join_form": JoinForm(),
        },
    )


@login_required
@require_POST
def course_new(request: HttpRequest) -> HttpResponse:
    form = CourseForm(request.POST)
    if form.is_valid():
        try:
            course = course_create(user=request.user, **form.cleaned_data)
        except RetainError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, f"Course “{course.title}” created. Share its join code with your students."
            )
            return redirect("quizzes:course-detail", course_id=course.pk)
    return render(
        request,
        "quizzes/course_list.html",
        {"courses": courses_for(request.user), "course_form": form, "join_form": JoinForm()},
        status=400,
    )


@login_required
@require_POST
def course_join_view(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST)
    if form.is_valid():
        try:
            membership = course_join(user=request.user, join_code=form.cleaned_data["join_code"])
        except RetainError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"You joined “{membership.course.title}”.")
            return redirect("quizzes:course-detail", course_id=membership.course_id)
    return render(
        request,
        "quizzes/course_list.html",
        {"courses": courses_for(request.user), "course_form": CourseForm(), "join_form": form},
        status=400,
    )


@login_required
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    course = course_for(request.user, course_id)
    return render(
        request,
        "quizzes/course_detail.html",
        {
            "course": course,
            "is_instructor": course.role == Role.INSTRUCTOR,
            "sources": sources_for(request.user, course_id=course.pk),
            "quizzes": quizzes_for(request.user, course_id=course.pk),
            "decks": decks_for(request.user, course_id=course.pk),
        },
    )
