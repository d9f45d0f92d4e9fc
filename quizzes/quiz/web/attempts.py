"""Taking a quiz: the take page (plain form posts; attempt.js adds autosave), the summary before
submitting, submitting, and the feedback page. What shows comes from ``attempt_view`` alone."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from quizzes.core.requests import AuthedRequest
from quizzes.errors import AttemptClosedError, QuizError, StaleSaveError
from quizzes.models import QuizLayout
from quizzes.quiz.selectors.attempts import AttemptView, attempt_view
from quizzes.quiz.selectors.quizzes import attempt_for, attempt_for_student
from quizzes.quiz.services.attempts import (
    attempt_submit,
    clean_answer,
    response_save,
)
from quizzes.quiz.web.forms import posted_answer


def _remaining_seconds(view: AttemptView) -> int | None:
    deadline = view.attempt.deadline
    if deadline is None:
        return None
    return max(0, int((deadline - timezone.now()).total_seconds()))


def _clock(seconds: int | None) -> str:
    if seconds is None:
        return ""
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _take_context(view: AttemptView, page: int, errors: dict[int, str]) -> dict[str, Any]:
    per_question = view.quiz.layout == QuizLayout.PER_QUESTION
    pages = len(view.items) if per_question else 1
    page = min(max(1, page), pages)
    items = [view.items[page - 1]] if per_question else view.items
    for item in items:
        item.error = errors.get(item.slot, "")
    remaining = _remaining_seconds(view)
    save_url = reverse("api:quiz:attempt-response", kwargs={"pk": view.attempt.pk, "slot": 1})
    return {
        "view": view,
        "attempt": view.attempt,
        "quiz": view.quiz,
        "items": items,
        "save_url": save_url.removesuffix("1/"),
        "remaining": remaining,
        "remaining_text": _clock(remaining),
        "page": page,
        "pages": pages,
        "per_question": per_question,
        "can_check": any(view.quiz.review("during").values()),
    }


@login_required
def attempt_take(request: AuthedRequest, attempt_id: int) -> HttpResponse:
    """GET shows the questions (a page of them) with the saved answers. POST saves the answers the
    form carries — only those that changed, each with the sequence number it was shown with, so a
    newer save from another tab is never overwritten — then goes where the button said."""
    attempt = attempt_for_student(request.user, attempt_id)
    if not attempt.is_open:
        if attempt.auto_submitted:
            messages.info(request, "Time was up, so the attempt was submitted with your answers.")
        return redirect("quiz:attempt-review", attempt_id=attempt.pk)
    page = _int(request.POST.get("page") or request.GET.get("page"), 1)
    if request.method != "POST":
        return render(
            request, "quizzes/quiz/take.html", _take_context(attempt_view(attempt), page, {})
        )

    view = attempt_view(attempt)
    errors: dict[int, str] = {}
    stale = False
    check = _int(request.POST.get("check"), 0)
    posted = {_int(s, 0) for s in request.POST.getlist("slots")}
    try:
        for item in view.items:
            if item.slot not in posted or item.checked:
                continue  # not on this page, or checked and final
            raw = posted_answer(request.POST, item.slot, item.type, item.blanks)
            entry = attempt.layout[item.slot - 1]
            try:
                answer = clean_answer(entry, item.prompt, raw)
                shown = _int(request.POST.get(f"seq-{item.slot}"), item.sequence)
                if answer != item.answer or check == item.slot:
                    response_save(
                        attempt=attempt,
                        slot=item.slot,
                        answer=answer,
                        sequence=shown + 1,
                        check=check == item.slot,
                    )
            except StaleSaveError as error:
                errors[item.slot], stale = error.message, True
            except AttemptClosedError:
                raise
            except QuizError as error:
                errors[item.slot] = error.message
    except AttemptClosedError as error:
        messages.error(request, error.message)
        return redirect("quiz:attempt-review", attempt_id=attempt.pk)

    if errors:
        context = _take_context(attempt_view(attempt), page, errors)
        return render(request, "quizzes/quiz/take.html", context, status=409 if stale else 400)
    return _go(request, attempt, page, check)


def _go(request: AuthedRequest, attempt: Any, page: int, check: int) -> HttpResponse:
    # The hidden "go" (set by the timer) comes first; a pressed button's value comes after it.
    go = next((g for g in reversed(request.POST.getlist("go")) if g), "")
    take = reverse("quiz:attempt-take", kwargs={"attempt_id": attempt.pk})
    if go == "finish":  # the timer ran out: submit with what was saved
        attempt_submit(attempt=attempt)
        return redirect("quiz:attempt-review", attempt_id=attempt.pk)
    if go == "summary":
        return redirect("quiz:attempt-summary", attempt_id=attempt.pk)
    if go == "next":
        page += 1
    elif go == "prev":
        page -= 1
    anchor = f"#q-{check}" if check else ""
    if attempt.quiz.layout == QuizLayout.PER_QUESTION:
        return redirect(f"{take}?page={max(1, page)}{anchor}")
    if not check:
        messages.success(request, "Answers saved.")
    return redirect(f"{take}{anchor}")


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
def attempt_summary(request: AuthedRequest, attempt_id: int) -> HttpResponse:
    """Every question with whether it has an answer, links back to each, and the submit button."""
    attempt = attempt_for_student(request.user, attempt_id)
    if not attempt.is_open:
        return redirect("quiz:attempt-review", attempt_id=attempt.pk)
    view = attempt_view(attempt)
    return render(
        request,
        "quizzes/quiz/summary.html",
        {
            "view": view,
            "attempt": attempt,
            "quiz": attempt.quiz,
            "remaining": _remaining_seconds(view),
            "remaining_text": _clock(_remaining_seconds(view)),
            "per_question": attempt.quiz.layout == QuizLayout.PER_QUESTION,
            "unanswered": len(view.items) - view.answered_count,
        },
    )


@login_required
@require_POST
def attempt_submit_view(request: AuthedRequest, attempt_id: int) -> HttpResponse:
    attempt = attempt_for_student(request.user, attempt_id)
    outcome = attempt_submit(attempt=attempt)
    if outcome.submitted_now:
        messages.success(request, "Submitted. Here is your feedback.")
    return redirect("quiz:attempt-review", attempt_id=attempt.pk)


@login_required
def attempt_review(request: AuthedRequest, attempt_id: int) -> HttpResponse:
    """The feedback page: what the review policy of the current phase allows (instructors: all)."""
    attempt = attempt_for(request.user, attempt_id)
    instructor = attempt.user_id != request.user.pk
    if attempt.is_open and not instructor:
        return redirect("quiz:attempt-take", attempt_id=attempt.pk)
    view = attempt_view(attempt, instructor=instructor)
    return render(
        request,
        "quizzes/quiz/review.html",
        {"view": view, "attempt": attempt, "quiz": attempt.quiz, "instructor": instructor},
    )
