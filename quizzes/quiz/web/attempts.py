"""Taking a quiz: the take page with its navigator and flags (plain form posts; attempt.js adds
autosave), the summary before submitting, the "Submit all and finish?" confirmation, submitting,
and the feedback page. What shows comes from ``attempt_view`` alone."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from quizzes.core.bounds import INT_MAX
from quizzes.core.requests import AuthedRequest
from quizzes.errors import AttemptClosedError, QuizError, StaleSaveError
from quizzes.models import QuizLayout, ReportReason
from quizzes.quiz.selectors.attempts import AttemptView, attempt_view
from quizzes.quiz.selectors.quizzes import attempt_for, attempt_for_student
from quizzes.quiz.services.attempts import (
    attempt_submit,
    clean_answer,
    response_save,
)
from quizzes.quiz.services.flags import responses_flag
from quizzes.quiz.web.forms import posted_answer, posted_flags


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
    flag_url = reverse("api:quiz:attempt-flag", kwargs={"pk": view.attempt.pk, "slot": 1})
    return {
        "view": view,
        "attempt": view.attempt,
        "quiz": view.quiz,
        "items": items,
        "action": reverse("quiz:attempt-take", kwargs={"attempt_id": view.attempt.pk}),
        "save_url": save_url.removesuffix("1/"),
        "flag_url": flag_url.removesuffix("1/flag/"),
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
        stored = {item.slot: item.flagged for item in view.items}
        flags = {s: f for s, f in posted_flags(request.POST).items() if s in stored}
        if any(stored[slot] != flagged for slot, flagged in flags.items()):
            responses_flag(attempt=attempt, flags=flags)
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
    page = next_page(go, page)
    anchor = f"#q-{check}" if check else ""
    if attempt.quiz.layout == QuizLayout.PER_QUESTION:
        return redirect(f"{take}?page={max(1, page)}{anchor}")
    if not check:
        messages.success(request, "Answers saved.")
    return redirect(f"{take}{anchor}")


def next_page(go: str, page: int) -> int:
    """The page a take page's button leads to: ``next``, ``prev`` or ``page-N`` (navigator)."""
    if go == "next":
        return page + 1
    if go == "prev":
        return page - 1
    if go.startswith("page-"):
        return _int(go.removeprefix("page-"), page)
    return page


def numbers_text(numbers: list[int]) -> str:
    """3 → "3"; [3, 7, 9] → "3, 7 and 9"."""
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def confirm_context(view: AttemptView) -> dict[str, str]:
    """What "Submit all and finish?" says: the unanswered questions and the flagged ones."""
    unanswered, flagged = view.unanswered_slots, view.flagged_slots
    unanswered_text = ""
    if len(unanswered) == 1:
        unanswered_text = f"Question {unanswered[0]} has no answer: it scores 0."
    elif unanswered:
        unanswered_text = f"Questions {numbers_text(unanswered)} have no answer: they score 0."
    flagged_text = ""
    if flagged:
        plural = "s" if len(flagged) > 1 else ""
        flagged_text = f"You flagged question{plural} {numbers_text(flagged)} for review."
    return {"unanswered_text": unanswered_text, "flagged_text": flagged_text}


def _int(value: Any, default: int) -> int:
    """A small integer from a form field (within ±2³¹−1), else ``default``."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if -INT_MAX <= number <= INT_MAX else default


def _summary_context(view: AttemptView) -> dict[str, Any]:
    attempt = view.attempt
    return {
        "view": view,
        "attempt": attempt,
        "quiz": view.quiz,
        "remaining": _remaining_seconds(view),
        "remaining_text": _clock(_remaining_seconds(view)),
        "per_question": view.quiz.layout == QuizLayout.PER_QUESTION,
        "submit_action": reverse("quiz:attempt-submit", kwargs={"attempt_id": attempt.pk}),
        **confirm_context(view),
    }


@login_required
def attempt_summary(request: AuthedRequest, attempt_id: int) -> HttpResponse:
    """Every question with whether it has an answer or a flag, links back to each, and the
    submit button (which asks "Submit all and finish?" first)."""
    attempt = attempt_for_student(request.user, attempt_id)
    if not attempt.is_open:
        return redirect("quiz:attempt-review", attempt_id=attempt.pk)
    return render(request, "quizzes/quiz/summary.html", _summary_context(attempt_view(attempt)))


@login_required
@require_POST
def attempt_submit_view(request: AuthedRequest, attempt_id: int) -> HttpResponse:
    """Submits once the student has confirmed (``confirm=yes``: the dialog, or the confirmation
    page this view shows first when the summary's button posted without it, as without JS)."""
    attempt = attempt_for_student(request.user, attempt_id)
    if attempt.is_open and request.POST.get("confirm") != "yes":
        return render(request, "quizzes/quiz/confirm.html", _summary_context(attempt_view(attempt)))
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
        {
            "view": view,
            "attempt": attempt,
            "quiz": attempt.quiz,
            "instructor": instructor,
            "report_reasons": ReportReason.choices,  # a learner reports a question from here
            "here": request.get_full_path(),
        },
    )
