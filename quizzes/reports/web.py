"""Report pages: a learner's report form (posted from the study screen's fallback and from a
quiz's feedback), their own reports and what became of them, and a course's reports for its
instructors, who fix the item (a new version, in the bank's editor) or dismiss the report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from quizzes.core.requests import AuthedRequest
from quizzes.core.web.redirects import safe_next
from quizzes.courses.selectors import course_for_instructor
from quizzes.errors import RetainError
from quizzes.models import ReportStatus
from quizzes.reports.forms import ReportForm, ResolveForm
from quizzes.reports.selectors import report_counts, reports_for_course, reports_mine
from quizzes.reports.services import report_create, report_resolve

STATUS_FILTERS = (("open", "Open"), ("fixed", "Fixed"), ("dismissed", "Dismissed"), ("all", "All"))


@login_required
@require_POST
def report_new(request: AuthedRequest) -> HttpResponse:
    """Report a question or card, then go back where the learner was."""
    back = safe_next(request, reverse("reports:mine"))
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose what is wrong with it (wrong, unclear, typo or other).")
        return redirect(back)
    data = form.cleaned_data
    try:
        report_create(
            user=request.user,
            kind=data["kind"],
            item_id=data["item"],
            reason=data["reason"],
            note=data["note"],
        )
    except RetainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            "Thank you: your report went to the course's instructors. "
            "“My reports” shows what they do about it.",
        )
    return redirect(back)


@login_required
def my_reports(request: AuthedRequest) -> HttpResponse:
    return render(request, "quizzes/reports/mine.html", {"reports": reports_mine(request.user)})


@login_required
def course_reports(request: AuthedRequest, course_id: int) -> HttpResponse:
    """A course's reports (open first), each with the item, the learner's words and the two
    ways to resolve it."""
    status = request.GET.get("status", "open")
    status = status if status in dict(STATUS_FILTERS) else "open"
    course = course_for_instructor(request.user, course_id)
    return render(
        request,
        "quizzes/reports/course.html",
        {
            "course": course,
            "reports": reports_for_course(request.user, course.pk, status=status),
            "status": status,
            "filters": STATUS_FILTERS,
            "counts": report_counts(course),
            "here": request.get_full_path(),
        },
    )


@login_required
@require_POST
def report_resolve_view(request: AuthedRequest, report_id: int) -> HttpResponse:
    back = safe_next(request, reverse("reports:mine"))
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Resolve it as fixed or dismissed.")
        return redirect(back)
    try:
        resolved = report_resolve(
            user=request.user,
            report_id=report_id,
            outcome=form.cleaned_data["outcome"],
            response=form.cleaned_data["response"],
        )
    except RetainError as error:
        messages.error(request, error.message)
    else:
        outcome = form.cleaned_data["outcome"]
        what = "fixed" if outcome == ReportStatus.FIXED else "dismissed"
        n = len(resolved)
        messages.success(
            request,
            f"{n} report{'s' if n != 1 else ''} {what}: the learner{'s' if n != 1 else ''} "
            "will see it under “My reports”.",
        )
    return redirect(back)
