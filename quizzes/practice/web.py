"""The "Study my weakest claims" session: one card or question at a time, cards and questions in
turn. Cards are graded through the study service (``review_record``), questions answered through
``practice_answer_record``; the next item is worked out afresh after each one (``practice_plan``).

Works without JavaScript: the card's answer is a ``<details>`` (Space or Enter opens it), grades
and answers are plain form posts.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from quizzes.core.bounds import parse_id, parse_int
from quizzes.core.requests import AuthedRequest
from quizzes.courses.selectors import course_for
from quizzes.errors import RetainError
from quizzes.models import Course, QuestionType
from quizzes.practice.selectors import PracticePlan, practice_answer_for, practice_question_for
from quizzes.practice.services import practice_answer_record, practice_plan
from quizzes.progress.selectors.evidence import TopicKey
from quizzes.quiz.services.grading import correct_answer_text
from quizzes.study.services.reviews import review_record

RATINGS = ((1, "Again"), (2, "Hard"), (3, "Good"), (4, "Easy"))


def _focus(params: Any) -> TopicKey | None:
    for kind in ("claim", "term"):
        topic_id = parse_id(params.get(kind, ""))
        if topic_id is not None:
            return (kind, topic_id)
    return None


def _session_url(course_id: int, focus: TopicKey | None, **extra: str) -> str:
    query: dict[str, str] = {focus[0]: str(focus[1])} if focus else {}
    query.update(extra)
    url = reverse("practice:practice", args=[course_id])
    return f"{url}?{urlencode(query)}" if query else url


def _pick(plan: PracticePlan, wanted: str) -> tuple[str, Any]:
    """The next item: a card or a question, in turn (``wanted`` says which comes now)."""
    if wanted == "question" and plan.questions:
        return "question", plan.questions[0]
    if plan.cards:
        return "card", plan.cards[0]
    if plan.questions:
        return "question", plan.questions[0]
    return "", None


def _feedback(request: AuthedRequest, course: Course) -> dict[str, Any] | None:
    """The learner's own answer named in ``?answered=``, with the key it may now see."""
    try:
        answer_id = uuid.UUID(request.GET.get("answered", ""))
    except ValueError:
        return None
    answer = practice_answer_for(request.user, course, answer_id, now=timezone.now())
    if answer is None:
        return None
    version, question = answer.version, answer.question
    return {
        "answer": answer,
        "correct_answer": correct_answer_text(question.type, version),
        "explanation": version.explanation,
        "evidence": version.evidence_text,
        "source": question.source,
        "evidence_url": (
            reverse("sources:source-detail", args=[question.source_id])
            + f"?evidence={version.evidence_start}-{version.evidence_end}#evidence"
            if question.source_id
            else ""
        ),
    }


def _render(
    request: AuthedRequest,
    course_id: int,
    *,
    status: int = 200,
    error: str = "",
    answer: Any = None,
) -> HttpResponse:
    course = course_for(request.user, course_id)
    focus = _focus(request.GET)
    plan = practice_plan(course=course, user=request.user, focus=focus, now=timezone.now())
    kind, item = _pick(plan, request.GET.get("next", "card"))
    question_id = request.POST.get("question") if request.method == "POST" else None
    if question_id:  # re-show the question the learner got an error on
        kind = "question"
        item = next((q for q in plan.questions if str(q.id) == question_id), item)
    grades = []
    if kind == "card":
        labels = item.card.labels
        grades = [(rating, label, labels.get(rating, "")) for rating, label in RATINGS]
    return render(
        request,
        "quizzes/practice/session.html",
        {
            "course": course,
            "plan": plan,
            "focus": focus,
            "kind": kind,
            "item": item,
            "grades": grades,
            "form_id": uuid.uuid4(),
            "feedback": _feedback(request, course),
            "error": error,
            "previous_answer": answer,
            "progress_url": reverse("progress:progress", args=[course.pk]),
            "action_query": urlencode([focus]) if focus else "",
        },
        status=status,
    )


@login_required
def practice_session(request: AuthedRequest, course_id: int) -> HttpResponse:
    return _render(request, course_id)


@login_required
@require_POST
def practice_review(request: AuthedRequest, course_id: int, card_id: int) -> HttpResponse:
    """Grade a card of the session (1–4) through the study service; then a question comes."""
    course = course_for(request.user, course_id)
    focus = _focus(request.GET)
    try:
        review_id = uuid.UUID(request.POST.get("review_id", ""))
    except ValueError:
        review_id = None
    rating = parse_int(request.POST.get("rating", ""), minimum=1, maximum=4)
    deck_id = parse_id(request.POST.get("deck", ""))
    if review_id is None or rating is None or deck_id is None:
        messages.error(request, "That grade did not come through; grade the card again.")
        return redirect(_session_url(course.pk, focus))
    try:
        outcome = review_record(
            user=request.user,
            card_id=card_id,
            rating=rating,
            review_id=review_id,
            reviewed_at=timezone.now(),
            deck_id=deck_id,
        )
    except RetainError as error:
        messages.error(request, error.message)
        return redirect(_session_url(course.pk, focus))
    if outcome.message:
        messages.warning(request, outcome.message)
    return redirect(_session_url(course.pk, focus, next="question"))


def _posted_answer(request: AuthedRequest, qtype: str) -> object:
    if qtype in (QuestionType.MCQ_MULTI, QuestionType.CLOZE):
        return request.POST.getlist("answer")
    return request.POST.get("answer")


@login_required
@require_POST
def practice_answer(request: AuthedRequest, course_id: int, question_id: int) -> HttpResponse:
    """Answer a question of the session; the feedback shows on the next page."""
    course = course_for(request.user, course_id)
    question = practice_question_for(course, question_id)
    focus = _focus(request.GET)
    answer = _posted_answer(request, question.type)
    try:
        answer_id = uuid.UUID(request.POST.get("answer_id", ""))
        stored, _created = practice_answer_record(
            user=request.user, course=course, question=question, answer=answer, answer_id=answer_id
        )
    except ValueError:
        return _render(request, course.pk, status=400, error="Reload the page and answer again.")
    except RetainError as error:
        return _render(request, course.pk, status=400, error=error.message, answer=answer)
    return redirect(_session_url(course.pk, focus, next="card", answered=str(stored.pk)))
