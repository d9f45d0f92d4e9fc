"""Article pages: the course's articles, adding one, reading one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from quizzes.core.bounds import parse_int
from quizzes.core.requests import AuthedRequest
from quizzes.core.web.forms import add_service_error
from quizzes.courses.selectors import course_for, course_for_instructor
from quizzes.errors import RetainError
from quizzes.models import Role, Source, SourceStatus
from quizzes.sources.findings_selectors import (
    claims_of,
    items_of,
    paragraphs_with_evidence,
    terms_of,
)
from quizzes.sources.forms import SourceForm, TitleForm
from quizzes.sources.selectors import source_for, sources_for
from quizzes.sources.services import source_create, source_generate, source_retitle


@login_required
def source_list(request: AuthedRequest, course_id: int) -> HttpResponse:
    course = course_for(request.user, course_id)
    return render(
        request,
        "quizzes/sources/list.html",
        {
            "course": course,
            "is_instructor": course.role == Role.INSTRUCTOR,
            "sources": sources_for(request.user, course_id=course.pk),
        },
    )


@login_required
def source_new(request: AuthedRequest, course_id: int) -> HttpResponse:
    course = course_for_instructor(request.user, course_id)
    form = SourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"] if data["kind"] == "upload" else None
        try:
            source, created = source_create(
                course=course,
                user=request.user,
                text=data["text"] if data["kind"] == "paste" else "",
                upload=upload.read() if upload else None,
                filename=upload.name if upload else "",
                sample=data["kind"] == "sample",
                title=data["title"],
                author=data["author"],
                url=data["url"],
                licence=data["licence"],
            )
        except RetainError as error:
            add_service_error(form, error)
        else:
            if created:
                messages.success(request, "Article added. Retain is reading it now.")
            else:
                messages.info(request, "This course already has this article; here it is.")
            return redirect("sources:source-detail", source_id=source.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "quizzes/sources/new.html", {"course": course, "form": form}, status=status
    )


def _detail_context(request: AuthedRequest, source: Source, evidence: str = "") -> dict[str, Any]:
    course = course_for(request.user, source.course_id)
    is_teacher = course.role == Role.INSTRUCTOR
    questions, cards = items_of(source, include_drafts=is_teacher)
    start, end = _span(evidence)
    text = source.cleaned_text or source.text
    return {
        "source": source,
        "course": course,
        "is_instructor": is_teacher,
        "pending": source.status in (SourceStatus.NEW, SourceStatus.PROCESSING),
        "paragraphs": paragraphs_with_evidence(text, start, end),
        "highlighted": start is not None,
        "terms": terms_of(source),
        "claims": claims_of(source),
        "questions": questions,
        "cards": cards,
    }


@login_required
def source_detail(request: AuthedRequest, source_id: int) -> HttpResponse:
    """The article with what Retain found in it; ``?evidence=START-END`` highlights a sentence.
    While Retain is reading it, the page asks ``source_status`` for news by itself."""
    source = source_for(request.user, source_id)
    context = _detail_context(request, source, request.GET.get("evidence", ""))
    context["title_form"] = TitleForm(initial={"title": source.title})
    return render(request, "quizzes/sources/detail.html", context)


@login_required
def source_status(request: AuthedRequest, source_id: int) -> HttpResponse:
    """The article page's status line (htmx polls it every 2 s while the article is new or being
    read). Once it is ready or failed, the answer is 286 — htmx's "stop polling" — and carries
    the article's text and findings too, swapped in out of band, so the page needs no reload."""
    source = source_for(request.user, source_id)
    context = _detail_context(request, source)
    done = not context["pending"]
    context["swap_findings"] = done
    return render(
        request, "quizzes/sources/_status_update.html", context, status=286 if done else 200
    )


@login_required
@require_POST
def source_title(request: AuthedRequest, source_id: int) -> HttpResponse:
    """The instructor confirms (or changes) the title Retain guessed."""
    source = source_for(request.user, source_id)
    course_for_instructor(request.user, source.course_id)
    form = TitleForm(request.POST)
    if form.is_valid():
        try:
            source_retitle(source=source, user=request.user, title=form.cleaned_data["title"])
        except RetainError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Title saved.")
            return redirect("sources:source-detail", source_id=source.pk)
    context = _detail_context(request, source)
    context["title_form"] = form
    return render(request, "quizzes/sources/detail.html", context, status=400)


def _span(value: str) -> tuple[int | None, int | None]:
    start_text, _, end_text = value.partition("-")
    start, end = parse_int(start_text), parse_int(end_text)
    if start is not None and end is not None and start < end:
        return start, end
    return None, None


@login_required
@require_POST
def source_regenerate(request: AuthedRequest, source_id: int) -> HttpResponse:
    source = source_for(request.user, source_id)
    course_for_instructor(request.user, source.course_id)
    source_generate(source=source)
    messages.info(
        request, "Retain is generating the draft bank again; edited and approved items are kept."
    )
    return redirect("sources:source-detail", source_id=source.pk)
