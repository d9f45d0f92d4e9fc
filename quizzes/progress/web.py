"""Progress pages: a learner's dashboard, the class view, its CSV, and the drill-downs.

Thin: each view calls one selector (the same the API calls) and renders it; the charts' geometry
comes from ``quizzes.core.web.charts``.
"""

from __future__ import annotations

import csv
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from quizzes.core.requests import AuthedRequest
from quizzes.core.web.charts import calendar_chart, forecast_chart
from quizzes.courses.selectors import course_for_instructor
from quizzes.progress.selectors.class_progress import (
    INACTIVE_DAYS,
    SORTS,
    ClassProgress,
    class_progress,
)
from quizzes.progress.selectors.dashboard import Dashboard, dashboard_for
from quizzes.progress.selectors.evidence import TopicKind
from quizzes.progress.selectors.topic import topic_detail

# Column headings of the class table, in order, with the sort key each one sorts by.
CLASS_COLUMNS = (
    ("name", "Student"),
    ("mastery", "Mastery"),
    ("mastered", "Mastered"),
    ("trend", "Trend (7 days)"),
    ("last_active", "Last active"),
    ("due", "Due today"),
    ("quiz", "Quiz average"),
)


def dashboard_context(dashboard: Dashboard) -> dict[str, Any]:
    study = dashboard.study
    return {
        "dashboard": dashboard,
        "course": dashboard.course,
        "study": study,
        "forecast": forecast_chart([(d.day, d.due) for d in study.forecast], today=study.today),
        "calendar": calendar_chart(
            {d.day: (d.reviews, d.answers) for d in study.calendar.values()},
            start=study.calendar_start or study.today,
            today=study.today,
        ),
    }


@login_required
def progress_dashboard(request: AuthedRequest, course_id: int) -> HttpResponse:
    dashboard = dashboard_for(request.user, course_id)
    return render(request, "quizzes/progress/dashboard.html", dashboard_context(dashboard))


@login_required
def progress_student(request: AuthedRequest, course_id: int, user_id: int) -> HttpResponse:
    """A student's dashboard as they see it, read-only, for the course's instructor."""
    dashboard = dashboard_for(request.user, course_id, student_id=user_id)
    return render(request, "quizzes/progress/dashboard.html", dashboard_context(dashboard))


class ClassFilterForm(forms.Form):
    sort = forms.ChoiceField(
        choices=[(s, s) for s in SORTS] + [(f"-{s}", f"-{s}") for s in SORTS], required=False
    )
    inactive_days = forms.IntegerField(
        min_value=1,
        max_value=365,
        required=False,
        label="At risk after",
        help_text="days without activity",
    )


def _class(request: AuthedRequest, course_id: int) -> tuple[ClassProgress, ClassFilterForm]:
    course = course_for_instructor(request.user, course_id)
    form = ClassFilterForm(request.GET)
    values: dict[str, Any] = {}
    if form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    return class_progress(course, now=timezone.now(), **values), form


@login_required
def progress_class(request: AuthedRequest, course_id: int) -> HttpResponse:
    progress, form = _class(request, course_id)
    columns = []
    for key, label in CLASS_COLUMNS:
        current = progress.sort.removeprefix("-") == key
        descending = progress.sort.startswith("-")
        columns.append(
            {
                "label": label,
                "sort": f"-{key}" if current and not descending else key,
                "aria": ("descending" if descending else "ascending") if current else "",
            }
        )
    return render(
        request,
        "quizzes/progress/class.html",
        {
            "progress": progress,
            "course": progress.course,
            "form": form,
            "columns": columns,
            "default_inactive": INACTIVE_DAYS,
        },
        status=200 if form.is_valid() else 400,
    )


def _cell(value: object) -> object:
    # A cell starting with = + - @ is a formula to a spreadsheet: make it plain text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@login_required
def progress_class_csv(request: AuthedRequest, course_id: int) -> HttpResponse:
    """The class table as CSV (UTF-8, one row per student, same sort as the page)."""
    progress, _form = _class(request, course_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = f"{progress.now:%Y-%m-%d}"
    response["Content-Disposition"] = (
        f'attachment; filename="progress-course-{progress.course.pk}-{stamp}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        [
            "student",
            "overall_mastery_percent",
            "mastered",
            "shaky",
            "learning",
            "not_started",
            "trend_7_days_points",
            "last_active_utc",
            "cards_due_today",
            "quiz_average_percent",
            "quizzes_taken",
            "at_risk",
        ]
    )
    for row in progress.students:
        counts = row.summary.counts
        writer.writerow(
            _cell(value)
            for value in (
                row.username,
                row.summary.percent,
                counts["mastered"],
                counts["shaky"],
                counts["learning"],
                counts["not_started"],
                round(100 * row.trend),
                row.last_active.isoformat() if row.last_active else "",
                row.due_today,
                "" if row.quiz_percent is None else round(row.quiz_percent, 1),
                row.quizzes_taken,
                "; ".join(row.risks),
            )
        )
    return response


@login_required
def progress_topic(
    request: AuthedRequest, course_id: int, kind: TopicKind, topic_id: int
) -> HttpResponse:
    """One claim or term across the class: the items testing it and how students did."""
    course = course_for_instructor(request.user, course_id)
    detail = topic_detail(course, kind, topic_id, now=timezone.now())
    return render(request, "quizzes/progress/topic.html", {"course": course, "detail": detail})
