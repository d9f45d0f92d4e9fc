"""The bank's one-click actions (approve, reject, delete or archive) and bulk actions. Each goes
back where the instructor came from (``next``), with a message saying what happened."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from quizzes.bank.selectors.filters import CardFilter, QuestionFilter
from quizzes.bank.selectors.items import (
    card_for_instructor,
    cards_for_instructor,
    question_for_instructor,
    questions_for_instructor,
)
from quizzes.bank.services.bulk import cards_bulk, questions_bulk
from quizzes.bank.services.cards import card_approve, card_delete, card_reject
from quizzes.bank.services.questions import question_approve, question_delete, question_reject
from quizzes.bank.web.forms import BulkForm, RejectForm
from quizzes.core.web.redirects import safe_next
from quizzes.courses.selectors import course_for_instructor
from quizzes.errors import RetainError


@login_required
@require_POST
def bank_bulk(request: HttpRequest, course_id: int, kind: str) -> HttpResponse:
    """Approve, reject, tag or untag the selected items, or every item matching the filters."""
    course = course_for_instructor(request.user, course_id)
    list_url = reverse("bank:bank" if kind == "questions" else "bank:bank-cards", args=[course.pk])
    back = safe_next(request, list_url)
    form = BulkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose an action and the items to apply it to.")
        return redirect(back)
    data = form.cleaned_data
    ids = list(data["ids"])
    if data["scope"] == "filtered":
        filters = QueryDict(data["query"])
        if kind == "questions":
            found = QuestionFilter(
                filters, queryset=questions_for_instructor(request.user, course_id=course.pk)
            )
        else:
            found = CardFilter(
                filters, queryset=cards_for_instructor(request.user, course_id=course.pk)
            )
        ids = list(found.qs.values_list("id", flat=True)) if found.is_valid() else []
    apply = questions_bulk if kind == "questions" else cards_bulk
    try:
        result = apply(user=request.user, ids=ids, action=data["action"], tags=[data["tags"]])
    except RetainError as error:
        messages.error(request, error.message)
    else:
        noun = "question" if kind == "questions" else "card"
        verb = {"approve": "Approved", "reject": "Rejected", "tag": "Tagged", "untag": "Untagged"}
        messages.success(
            request,
            f"{verb[result.action]} {result.changed} {noun}{'s' if result.changed != 1 else ''}"
            + (
                f" ({len(result.ids) - result.changed} already were)."
                if result.changed < len(result.ids)
                else "."
            ),
        )
    return redirect(back)


# --- One-click actions


@login_required
@require_POST
def question_action(request: HttpRequest, question_id: int, action: str) -> HttpResponse:
    """Approve, reject or delete (archive when shown) a question, then go back where we were."""
    question = question_for_instructor(request.user, question_id)
    name = f"Question #{question.pk}"
    fallback = reverse("bank:question-detail", args=[question.pk])
    try:
        if action == "approve":
            question_approve(question=question, user=request.user)
            messages.success(request, f"{name} approved.")
        elif action == "reject":
            form = RejectForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            question_reject(question=question, user=request.user, reason=reason)
            messages.success(request, f"{name} rejected.")
        else:
            done = question_delete(question=question, user=request.user)
            if done == "deleted":
                messages.success(request, f"{name} deleted.")
                return redirect(safe_next(request, reverse("bank:bank", args=[question.course_id])))
            messages.info(
                request, f"{name} was archived: students have seen it, so its versions stay."
            )
            return redirect(fallback)
    except RetainError as error:
        messages.error(request, error.message)
        return redirect(
            f"{reverse('bank:question-edit', args=[question.pk])}?{urlencode({'next': safe_next(request, fallback)})}"
        )
    return redirect(safe_next(request, fallback))


@login_required
@require_POST
def card_action(request: HttpRequest, card_id: int, action: str) -> HttpResponse:
    card = card_for_instructor(request.user, card_id)
    name = f"Card #{card.pk}"
    fallback = reverse("bank:card-detail", args=[card.pk])
    try:
        if action == "approve":
            card_approve(card=card, user=request.user)
            messages.success(request, f"{name} approved.")
        elif action == "reject":
            form = RejectForm(request.POST)
            card_reject(
                card=card,
                user=request.user,
                reason=form.cleaned_data["reason"] if form.is_valid() else "",
            )
            messages.success(request, f"{name} rejected.")
        else:
            if card_delete(card=card, user=request.user) == "deleted":
                messages.success(request, f"{name} deleted.")
                return redirect(
                    safe_next(request, reverse("bank:bank-cards", args=[card.course_id]))
                )
            messages.info(request, f"{name} was archived: students have studied it.")
            return redirect(fallback)
    except RetainError as error:
        messages.error(request, error.message)
        return redirect(
            f"{reverse('bank:card-edit', args=[card.pk])}?{urlencode({'next': safe_next(request, fallback)})}"
        )
    return redirect(safe_next(request, fallback))
