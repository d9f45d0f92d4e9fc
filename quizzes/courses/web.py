"""Course pages: my courses, with create and join (one course's page is ``quizzes.home``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from quizzes.core.clients import client_address
from quizzes.core.requests import AuthedRequest
from quizzes.core.web.forms import add_service_error
from quizzes.courses.forms import CourseForm, JoinForm
from quizzes.courses.selectors import courses_for
from quizzes.courses.services import course_create, course_join
from quizzes.errors import RateLimited, RetainError


@login_required
def course_list(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "quizzes/courses/list.html",
        {
            "courses": courses_for(request.user),
            "course_form": CourseForm(),
            "join_form": JoinForm(),
        },
    )


@login_required
@require_POST
def course_new(request: AuthedRequest) -> HttpResponse:
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
            return redirect("home:course-detail", course_id=course.pk)
    return render(
        request,
        "quizzes/courses/list.html",
        {"courses": courses_for(request.user), "course_form": form, "join_form": JoinForm()},
        status=400,
    )


@login_required
@require_POST
def course_join_view(request: AuthedRequest) -> HttpResponse:
    form = JoinForm(request.POST)
    if form.is_valid():
        try:
            membership = course_join(
                user=request.user,
                join_code=form.cleaned_data["join_code"],
                client=client_address(request),
            )
        except RetainError as error:
            add_service_error(form, error)
            status = error.status_code if isinstance(error, RateLimited) else 400
        else:
            messages.success(request, f"You joined “{membership.course.title}”.")
            return redirect("home:course-detail", course_id=membership.course_id)
    else:
        status = 400
    return render(
        request,
        "quizzes/courses/list.html",
        {"courses": courses_for(request.user), "course_form": CourseForm(), "join_form": form},
        status=status,
    )
