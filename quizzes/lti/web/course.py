"""A course's LMS page, for its instructors: the LMS courses it is linked to, the activities
added from them, each student's gradebook sync (last value sent, status, error), the roster
sync, and the course's xAPI LRS."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from quizzes.core.requests import AuthedRequest
from quizzes.core.web.forms import add_service_error
from quizzes.courses.selectors import course_for_instructor
from quizzes.errors import NotFound, RetainError
from quizzes.lti.forms import XapiSettingsForm
from quizzes.lti.selectors.courses import (
    course_context_for,
    course_contexts,
    grade_sync_counts,
    outbox_counts,
    placements,
    xapi_settings,
)
from quizzes.lti.selectors.grades import grade_syncs
from quizzes.lti.services.grades import grades_retry
from quizzes.lti.services.xapi import xapi_settings_save
from quizzes.models import Course


def _page(
    request: AuthedRequest, course: Course, xapi_form: XapiSettingsForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "quizzes/lti/course.html",
        {
            "course": course,
            "contexts": course_contexts(course),
            "placements": placements(course),
            "syncs": grade_syncs(course),
            "sync_counts": grade_sync_counts(course),
            "outbox": outbox_counts(course),
            "xapi_form": xapi_form,
        },
        status=status,
    )


def _xapi_initial(course: Course) -> dict[str, object]:
    lrs = xapi_settings(course)
    if lrs is None:
        return {}
    return {"enabled": lrs.enabled, "endpoint": lrs.endpoint, "username": lrs.username}


@login_required
@require_GET
def course_lms(request: AuthedRequest, course_id: int) -> HttpResponse:
    course = course_for_instructor(request.user, course_id)
    return _page(request, course, XapiSettingsForm(initial=_xapi_initial(course)))


@login_required
@require_POST
def roster_sync_view(
    request: AuthedRequest, course_id: int, course_context_id: int
) -> HttpResponse:
    from quizzes.lti.tasks import sync_roster

    course = course_for_instructor(request.user, course_id)
    course_context = course_context_for(course, course_context_id)
    if course_context is None:
        raise NotFound("No such LMS course.")
    transaction.on_commit(lambda: sync_roster.enqueue(course_context.pk))
    messages.success(request, "Roster sync started: the class list updates in a moment.")
    return redirect("lti:course-lms", course_id=course.pk)


@login_required
@require_POST
def grades_retry_view(request: AuthedRequest, course_id: int) -> HttpResponse:
    course = course_for_instructor(request.user, course_id)
    count = grades_retry(course=course)
    messages.success(request, f"{count} failed grade{'s' if count != 1 else ''} queued again.")
    return redirect("lti:course-lms", course_id=course.pk)


@login_required
@require_POST
def xapi_settings_view(request: AuthedRequest, course_id: int) -> HttpResponse:
    course = course_for_instructor(request.user, course_id)
    form = XapiSettingsForm(request.POST)
    if form.is_valid():
        try:
            xapi_settings_save(course=course, **form.cleaned_data)
        except RetainError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "LRS settings saved.")
            return redirect("lti:course-lms", course_id=course.pk)
    return _page(request, course, form, status=400)


@login_required
@require_POST
def xapi_drain_view(request: AuthedRequest, course_id: int) -> HttpResponse:
    from quizzes.lti.tasks import drain_xapi

    course = course_for_instructor(request.user, course_id)
    transaction.on_commit(lambda: drain_xapi.enqueue(course.pk))
    messages.success(request, "Sending the waiting statements now.")
    return redirect("lti:course-lms", course_id=course.pk)
