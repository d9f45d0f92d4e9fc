"""Quiz pages: the list, the builder (settings, slots, publishing, regrade), a quiz's page for
students, one-click quizzes from an article, and the statistics page with its CSV export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from quizzes.core.bounds import parse_id
from quizzes.core.requests import AuthedRequest
from quizzes.core.web.forms import add_service_error
from quizzes.courses.selectors import course_for_instructor
from quizzes.errors import RetainError
from quizzes.models import Role
from quizzes.quiz.selectors.attempts import quiz_standing
from quizzes.quiz.selectors.quizzes import (
    answered_questions,
    approved_questions,
    draw_sources_and_tags,
    quiz_for,
    quiz_for_instructor,
    quiz_groups_for,
    quiz_slots,
    quizzes_of_source,
    sources_with_approved_questions,
)
from quizzes.quiz.selectors.statistics import quiz_statistics, results_csv, submitted_attempts
from quizzes.quiz.services.attempts import attempt_start
from quizzes.quiz.services.quizzes import (
    quiz_create,
    quiz_from_source,
    quiz_publish,
    quiz_unpublish,
    quiz_update,
    slot_add_fixed,
    slot_add_random,
    slot_move,
    slot_remove,
)
from quizzes.quiz.services.regrade import attempt_regrade
from quizzes.quiz.web.charts import distribution_chart
from quizzes.quiz.web.forms import (
    FixedSlotForm,
    FromSourceForm,
    QuizSettingsForm,
    RandomSlotForm,
    RegradeForm,
)
from quizzes.sources.selectors import source_for


@login_required
def quiz_list(request: AuthedRequest) -> HttpResponse:
    """Quizzes of every course of the user, grouped by course; instructors can make new ones."""
    groups = quiz_groups_for(request.user)
    taught = [g.course.pk for g in groups if g.course.role == Role.INSTRUCTOR]
    return render(
        request,
        "quizzes/quiz/list.html",
        {
            "groups": groups,
            "from_source_form": FromSourceForm(sources=sources_with_approved_questions(taught))
            if taught
            else None,
        },
    )


@login_required
def quiz_new(request: AuthedRequest, course_id: int) -> HttpResponse:
    course = course_for_instructor(request.user, course_id)
    form = QuizSettingsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            quiz = quiz_create(course=course, user=request.user, **form.cleaned_data)
        except RetainError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Quiz created. Add questions, then publish it.")
            return redirect("quiz:quiz-edit", quiz_id=quiz.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "quizzes/quiz/new.html", {"course": course, "form": form}, status=status)


@login_required
@require_POST
def quiz_from_source_view(request: AuthedRequest) -> HttpResponse:
    """One click: a quiz of an article's approved questions (from the list or an article page).
    When the article already has one, this opens it (its builder offers another) unless the post
    asks for ``another``; a new one never takes an existing quiz's title."""
    raw = request.POST.get("source", "")
    source = source_for(request.user, parse_id(raw) or 0)
    course_for_instructor(request.user, source.course_id)
    existing = quizzes_of_source(request.user, source).first()
    if existing is not None and request.POST.get("another") != "yes":
        messages.info(
            request,
            f"“{existing.title}” is this article's quiz, so here it is. To make another, use "
            "“New quiz from …” below.",
        )
        return redirect("quiz:quiz-edit", quiz_id=existing.pk)
    try:
        quiz = quiz_from_source(source=source, user=request.user)
    except RetainError as error:
        messages.error(request, error.message)
        return redirect("quiz:quiz-list")
    messages.success(request, f"“{quiz.title}” created from the article. Check it and publish.")
    return redirect("quiz:quiz-edit", quiz_id=quiz.pk)


@login_required
def quiz_detail(request: AuthedRequest, quiz_id: int) -> HttpResponse:
    """A quiz's page: instructions, limits, the student's attempts and grade, start or resume."""
    quiz = quiz_for(request.user, quiz_id)
    standing = quiz_standing(request.user, quiz)
    return render(
        request,
        "quizzes/quiz/detail.html",
        {
            "quiz": quiz,
            "is_instructor": quiz.role == Role.INSTRUCTOR,
            "attempts": standing.attempts,
            "question_count": standing.question_count,
            "open_attempt": standing.open_attempt,
            "grade": standing.grade,
            "attempts_left": standing.attempts_left,
        },
    )


@login_required
@require_POST
def quiz_start(request: AuthedRequest, quiz_id: int) -> HttpResponse:
    quiz = quiz_for(request.user, quiz_id)
    try:
        attempt, created = attempt_start(quiz=quiz, user=request.user)
    except RetainError as error:
        messages.error(request, error.message)
        return redirect("quiz:quiz-detail", quiz_id=quiz.pk)
    if not created:
        messages.info(request, "You already had an attempt open; here it is, where you left it.")
    return redirect("quiz:attempt-take", attempt_id=attempt.pk)


# --- The builder


def _builder(request: AuthedRequest, quiz: Any, status: int = 200, **forms: Any) -> HttpResponse:
    sources, tags = draw_sources_and_tags(quiz)
    context = {
        "quiz": quiz,
        "slots": quiz_slots(quiz),
        "attempt_count": quiz.attempts.count(),
        "settings_form": QuizSettingsForm(instance=quiz),
        "fixed_form": FixedSlotForm(questions=approved_questions(quiz)),
        "random_form": RandomSlotForm(sources=sources, tags=tags),
        "regrade_form": RegradeForm(questions=answered_questions(quiz, approved_only=True)),
        **forms,
    }
    return render(request, "quizzes/quiz/builder.html", context, status=status)


@login_required
def quiz_edit(request: AuthedRequest, quiz_id: int) -> HttpResponse:
    """The builder: GET shows it; POST saves the settings."""
    quiz = quiz_for_instructor(request.user, quiz_id)
    if request.method != "POST":
        return _builder(request, quiz)
    form = QuizSettingsForm(request.POST, instance=quiz_for_instructor(request.user, quiz_id))
    if form.is_valid():
        try:
            quiz_update(quiz=quiz, user=request.user, **form.cleaned_data)
        except RetainError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Settings saved.")
            return redirect("quiz:quiz-edit", quiz_id=quiz.pk)
    return _builder(request, quiz, status=400, settings_form=form)


@login_required
@require_POST
def slot_add(request: AuthedRequest, quiz_id: int, kind: str) -> HttpResponse:
    quiz = quiz_for_instructor(request.user, quiz_id)
    form: FixedSlotForm | RandomSlotForm
    if kind == "fixed":
        form = FixedSlotForm(request.POST, questions=approved_questions(quiz))
        form_name = "fixed_form"
    else:
        sources, tags = draw_sources_and_tags(quiz)
        form = RandomSlotForm(request.POST, sources=sources, tags=tags)
        form_name = "random_form"
    if form.is_valid():
        data = form.cleaned_data
        try:
            if kind == "fixed":
                question = data["question"]
                slot_add_fixed(
                    quiz=quiz,
                    user=request.user,
                    question=question,
                    version=question.current if data["pin"] else None,
                    points=data["points"],
                )
            else:
                slot_add_random(
                    quiz=quiz,
                    user=request.user,
                    count=data["count"],
                    source=data["source"],
                    tag=data["tag"],
                    type=data["type"],
                    points=data["points"],
                )
        except RetainError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Added to the quiz.")
            return redirect("quiz:quiz-edit", quiz_id=quiz.pk)
    return _builder(request, quiz, status=400, **{form_name: form})


@login_required
@require_POST
def slot_change(request: AuthedRequest, quiz_id: int, slot_id: int) -> HttpResponse:
    """Remove a slot (with confirmation once the quiz has attempts) or move it up or down."""
    quiz = quiz_for_instructor(request.user, quiz_id)
    slot = get_object_or_404(quiz.slots, pk=slot_id)
    action = request.POST.get("action")
    try:
        if action in ("up", "down"):
            slot_move(quiz=quiz, user=request.user, slot=slot, offset=-1 if action == "up" else 1)
        elif action == "remove":
            slot_remove(
                quiz=quiz, user=request.user, slot=slot, confirm=request.POST.get("confirm") == "on"
            )
            messages.success(request, "Removed from the quiz.")
    except RetainError as error:
        messages.error(request, error.message)
    return redirect(f"{_edit_url(quiz)}#slots")


def _edit_url(quiz: Any) -> str:
    return reverse("quiz:quiz-edit", kwargs={"quiz_id": quiz.pk})


@login_required
@require_POST
def quiz_publish_view(request: AuthedRequest, quiz_id: int) -> HttpResponse:
    quiz = quiz_for_instructor(request.user, quiz_id)
    try:
        if request.POST.get("action") == "unpublish":
            quiz_unpublish(quiz=quiz, user=request.user)
            messages.success(request, "Unpublished: students no longer see it.")
        else:
            quiz_publish(quiz=quiz, user=request.user)
            messages.success(request, "Published: the course's students can take it now.")
    except RetainError as error:
        messages.error(request, error.message)
    return redirect("quiz:quiz-edit", quiz_id=quiz.pk)


@login_required
@require_POST
def quiz_regrade_view(request: AuthedRequest, quiz_id: int) -> HttpResponse:
    quiz = quiz_for_instructor(request.user, quiz_id)
    form = RegradeForm(request.POST, questions=answered_questions(quiz))
    if not form.is_valid():
        return _builder(request, quiz, status=400, regrade_form=form)
    try:
        result = attempt_regrade(
            quiz=quiz,
            user=request.user,
            question=form.cleaned_data["question"],
            dry_run=form.cleaned_data["dry_run"],
        )
    except RetainError as error:
        add_service_error(form, error)
        return _builder(request, quiz, status=400, regrade_form=form)
    verb = "would change" if form.cleaned_data["dry_run"] else "changed"
    messages.success(
        request,
        f"Regrade {verb} {result.changed} attempt score{'s' if result.changed != 1 else ''} "
        f"({len(result.attempts)} attempt{'s' if len(result.attempts) != 1 else ''} checked).",
    )
    return redirect("quiz:quiz-edit", quiz_id=quiz.pk)


# --- Statistics


@login_required
def quiz_statistics_view(request: AuthedRequest, quiz_id: int) -> HttpResponse:
    quiz = quiz_for_instructor(request.user, quiz_id)
    stats = quiz_statistics(quiz)
    return render(
        request,
        "quizzes/quiz/statistics.html",
        {
            "quiz": quiz,
            "stats": stats,
            "chart": distribution_chart(stats.bands, attempts=stats.attempts),
            "attempts": submitted_attempts(quiz),
        },
    )


@login_required
def quiz_results_csv(request: AuthedRequest, quiz_id: int) -> HttpResponse:
    quiz = quiz_for_instructor(request.user, quiz_id)
    response = HttpResponse(results_csv(quiz), content_type="text/csv; charset=utf-8")
    name = slugify(quiz.title) or f"quiz-{quiz.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}-results.csv"'
    return response
