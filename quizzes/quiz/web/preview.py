"""An instructor's preview of a quiz: the take page, navigator, flags, summary, "Submit all and
finish?" and feedback, as a student meets them — and nothing recorded (``selectors.preview``).

Every step is a form post that carries the preview's state; no step writes to the database.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from quizzes.core.requests import AuthedRequest
from quizzes.errors import QuizError
from quizzes.models import QuizLayout
from quizzes.quiz.selectors.preview import Preview, PreviewState, preview_view
from quizzes.quiz.selectors.quizzes import quiz_for_instructor
from quizzes.quiz.services.attempts import clean_answer
from quizzes.quiz.web.attempts import confirm_context, next_page
from quizzes.quiz.web.forms import posted_answer, posted_flags


@login_required
def quiz_preview(request: AuthedRequest, quiz_id: int) -> HttpResponse:
    """GET starts a preview (a fresh draw); each POST applies the page's answers and flags and
    goes where its button said: another page, the summary, the confirmation, the feedback."""
    quiz = quiz_for_instructor(request.user, quiz_id)
    if request.method != "POST":
        state = PreviewState()
        preview = preview_view(quiz=quiz, user=request.user, state=state)
        return _take(request, preview, state, page=1)

    state = PreviewState.from_json(request.POST.get("state", ""))
    preview = preview_view(quiz=quiz, user=request.user, state=state)
    errors = _apply_page(request, preview, state)
    go = next((g for g in reversed(request.POST.getlist("go")) if g), "")
    page = _int(request.POST.get("page"), 1)
    preview = preview_view(quiz=quiz, user=request.user, state=state)
    if errors:
        return _take(request, preview, state, page=page, errors=errors, status=400)
    if go == "summary":
        return _render(request, "summary", preview, state)
    if go == "submit":
        if request.POST.get("confirm") != "yes":
            return _render(request, "confirm", preview, state)
        done = preview_view(quiz=quiz, user=request.user, state=state, submitted=True)
        return _render(request, "review", done, state)
    return _take(request, preview, state, page=next_page(go, page))


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _apply_page(request: AuthedRequest, preview: Preview, state: PreviewState) -> dict[int, str]:
    """Take the answers, checks and flags of the questions the posted page showed into
    ``state``; returns the questions whose answer does not fit (slot -> message)."""
    posted = {_int(s, 0) for s in request.POST.getlist("slots")}
    check = _int(request.POST.get("check"), 0)
    errors: dict[int, str] = {}
    for item, entry in zip(preview.view.items, preview.layout, strict=True):
        if item.slot not in posted or item.checked:
            continue
        raw = posted_answer(request.POST, item.slot, item.type, item.blanks)
        try:
            answer = clean_answer(entry, preview.prompts[item.slot], raw)
            if check == item.slot:
                if not any(preview.view.quiz.review("during").values()):
                    raise QuizError("This quiz gives no feedback until you submit.")
                if answer is None:
                    raise QuizError("Answer the question before checking it.")
                state.checked.add(item.slot)
        except QuizError as error:
            errors[item.slot] = error.message
            continue
        if answer is None:
            state.answers.pop(item.slot, None)
        else:
            state.answers[item.slot] = answer
    for slot, flagged in posted_flags(request.POST).items():
        if flagged:
            state.flags.add(slot)
        else:
            state.flags.discard(slot)
    return errors


def _context(preview: Preview, state: PreviewState) -> dict[str, Any]:
    view = preview.view
    action = reverse("quiz:quiz-preview", kwargs={"quiz_id": view.quiz.pk})
    return {
        "preview": True,
        "view": view,
        "attempt": view.attempt,
        "quiz": view.quiz,
        "state_json": state.to_json(),
        "action": action,
        "submit_action": action,
        "remaining": None,
        "per_question": view.quiz.layout == QuizLayout.PER_QUESTION,
        "can_check": any(view.quiz.review("during").values()),
        "instructor": False,
        **confirm_context(view),
    }


def _take(
    request: AuthedRequest,
    preview: Preview,
    state: PreviewState,
    *,
    page: int,
    errors: dict[int, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = _context(preview, state)
    items = preview.view.items
    pages = len(items) if context["per_question"] else 1
    page = min(max(1, page), max(1, pages))
    shown = items[page - 1 : page] if context["per_question"] else items
    for item in shown:
        item.error = (errors or {}).get(item.slot, "")
    context.update({"items": shown, "page": page, "pages": pages})
    if not items:
        return render(request, "quizzes/quiz/preview_empty.html", context, status=status)
    return render(request, "quizzes/quiz/take.html", context, status=status)


def _render(
    request: AuthedRequest, name: str, preview: Preview, state: PreviewState
) -> HttpResponse:
    return render(request, f"quizzes/quiz/{name}.html", _context(preview, state))
