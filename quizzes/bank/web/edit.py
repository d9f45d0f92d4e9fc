"""Writing and editing bank items: the question and card editors (with a live preview) and the
duplicate check they call while the instructor types."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from quizzes.bank.rules import MULTIPLE_CHOICE, QUESTION_TYPES, clean_card, clean_question
from quizzes.bank.scoring import normalise_answer
from quizzes.bank.selectors.items import (
    card_duplicates,
    card_for_instructor,
    question_duplicates,
    question_for_instructor,
)
from quizzes.bank.services.cards import card_create, card_update
from quizzes.bank.services.items import tag_names
from quizzes.bank.services.questions import question_create, question_update
from quizzes.bank.web.forms import (
    CardForm,
    QuestionForm,
    add_bank_errors,
    choice_formset,
    choices_from,
)
from quizzes.bank.web.pages import preview_context
from quizzes.core.web.redirects import safe_next
from quizzes.courses.selectors import course_for_instructor
from quizzes.errors import RetainError
from quizzes.models import Card, Course, QuestionType, Tag

SAVED = {
    "amended": "Saved. No student has seen this draft, so version {n} was updated in place.",
    "new_version": "Saved as version {n}; earlier versions stay as they were for quizzes that used them.",
    "unchanged": "Nothing changed.",
}


@login_required
def question_new(request: HttpRequest, course_id: int) -> HttpResponse:
    """Write a question by hand; a near-duplicate of an existing one asks for confirmation."""
    course = course_for_instructor(request.user, course_id)
    type_ = request.GET.get("type") or request.POST.get("type") or QuestionType.MCQ
    if type_ not in QUESTION_TYPES:
        raise Http404("No such question type.")
    data = request.POST if request.method == "POST" else None
    form = QuestionForm(
        data, course=course, type=type_, initial={"source": request.GET.get("source")}
    )
    formset = choice_formset(data=data, blank=4) if type_ in MULTIPLE_CHOICE else None
    elsewhere: dict[str, list[str]] = {"choices": []}
    duplicates: list[Any] = []
    if data is not None and form.is_valid() and (formset is None or formset.is_valid()):
        content = _question_content(form, formset)
        tidy, _problems = clean_question(type_, **content)
        if not request.POST.get("confirm_duplicate"):
            duplicates = question_duplicates(course=course, type=type_, content=tidy.as_dict())
        if not duplicates:
            try:
                question = question_create(
                    course=course,
                    user=request.user,
                    type=type_,
                    tags=form.tag_list(),
                    approve="approve" in request.POST,
                    **content,
                    **form.links(),
                )
            except RetainError as error:
                add_bank_errors(form, error, elsewhere=elsewhere)
            else:
                state = "approved" if question.status == "approved" else "saved as a draft"
                messages.success(request, f"Question #{question.pk} {state}.")
                if "another" in request.POST:
                    query = urlencode(
                        {
                            "type": type_,
                            **({"source": question.source_id} if question.source_id else {}),
                        }
                    )
                    return redirect(f"{reverse('bank:question-new', args=[course.pk])}?{query}")
                return redirect("bank:question-detail", question_id=question.pk)
    return render(
        request,
        "quizzes/bank/question_form.html",
        {
            "course": course,
            "question": None,
            "type": type_,
            "types": QuestionType.choices,
            "form": form,
            "formset": formset,
            "choice_errors": elsewhere["choices"],
            "duplicates": duplicates,
            "preview": _preview(form, formset, type_),
            "tags": Tag.objects.filter(course=course),
            "check_url": reverse("bank:question-duplicates", args=[course.pk]),
            "cancel_url": safe_next(request, reverse("bank:bank", args=[course.pk])),
        },
        status=400 if data is not None else 200,
    )


@login_required
def question_edit(request: HttpRequest, question_id: int) -> HttpResponse:
    """Edit a question: content, choices, answers, tags, links; 'Save and approve' in one step."""
    question = question_for_instructor(request.user, question_id)
    course = question.course
    version = question.current
    data = request.POST if request.method == "POST" else None
    initial = {
        "prompt": version.prompt,
        "accepted": "\n".join(version.accepted),
        "truth": "" if version.truth is None else ("true" if version.truth else "false"),
        "explanation": version.explanation,
        "difficulty": version.difficulty or "",
        "tags": ", ".join(tag_names(question)),
        "source": question.source_id,
        "term": question.term_id,
        "claim": question.claim_id,
    }
    form = QuestionForm(data, course=course, type=question.type, initial=initial)
    formset = (
        choice_formset(data=data, initial=[dict(c) for c in version.choices], blank=1)
        if question.type in MULTIPLE_CHOICE
        else None
    )
    elsewhere: dict[str, list[str]] = {"choices": []}
    back = safe_next(request, reverse("bank:question-detail", args=[question.pk]))
    if data is not None and form.is_valid() and (formset is None or formset.is_valid()):
        try:
            change = question_update(
                question=question,
                user=request.user,
                tags=form.tag_list(),
                approve="approve" in request.POST,
                **_question_content(form, formset),
                **form.links(),
            )
        except RetainError as error:
            add_bank_errors(form, error, elsewhere=elsewhere)
        else:
            text = SAVED[change.mode].format(n=change.question.current.number)
            if change.question.status == "approved" and "approve" in request.POST:
                text += " Approved."
            messages.success(request, text)
            return redirect(back)
    return render(
        request,
        "quizzes/bank/question_form.html",
        {
            "course": course,
            "question": question,
            "type": question.type,
            "form": form,
            "formset": formset,
            "choice_errors": elsewhere["choices"],
            "duplicates": [],
            "preview": _preview(form, formset, question.type),
            "tags": Tag.objects.filter(course=course),
            "check_url": reverse("bank:question-duplicates", args=[course.pk])
            + f"?exclude={question.pk}",
            "cancel_url": back,
            "next": request.GET.get("next") or request.POST.get("next", ""),
        },
        status=400 if data is not None else 200,
    )


def _question_content(form: QuestionForm, formset: Any) -> dict[str, Any]:
    content = form.content()
    if formset is not None:
        content["choices"] = choices_from(formset)
    return content


def _preview(form: QuestionForm, formset: Any, type_: str) -> dict[str, Any]:
    """The preview of what the form holds now (its data when posted, else its initial values)."""
    if form.is_bound and form.is_valid() and (formset is None or formset.is_valid()):
        content = _question_content(form, formset)
    else:
        initial = form.initial
        content = {
            "prompt": initial.get("prompt", ""),
            "accepted": str(initial.get("accepted", "")).splitlines(),
            "truth": {"true": True, "false": False}.get(str(initial.get("truth"))),
            "explanation": initial.get("explanation", ""),
            "choices": list(formset.initial or []) if formset is not None else [],
        }
    tidy, _problems = clean_question(type_, **content)
    return preview_context(type_, tidy.as_dict())


@login_required
def answer_check(request: HttpRequest, course_id: int) -> HttpResponse:
    """The editor's "try an answer" box: would this typed answer be accepted? (A text fragment.)"""
    course_for_instructor(request.user, course_id)
    answer = request.GET.get("answer", "")
    content, _problems = clean_question(
        "cloze" if request.GET.get("type") == "cloze" else "short_answer",
        prompt=request.GET.get("prompt", ""),
        accepted=request.GET.get("accepted", "").splitlines(),
    )
    if not normalise_answer(answer):
        return HttpResponse("")
    match = next(
        (a for a in content.accepted if normalise_answer(a) == normalise_answer(answer)), None
    )
    text = f"✓ Accepted: matches “{match}”." if match else "✗ Not accepted: no answer matches."
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


@login_required
def question_duplicates_check(request: HttpRequest, course_id: int) -> HttpResponse:
    """The editor's live duplicate warning: a small HTML fragment for the form's current text."""
    course = course_for_instructor(request.user, course_id)
    type_ = request.GET.get("type", "")
    if type_ not in QUESTION_TYPES:
        return HttpResponse("")
    form = QuestionForm(request.GET, course=course, type=type_)
    formset = choice_formset(data=request.GET) if type_ in MULTIPLE_CHOICE else None
    duplicates: list[Any] = []
    if form.is_valid() and (formset is None or formset.is_valid()):
        tidy, _problems = clean_question(type_, **_question_content(form, formset))
        duplicates = question_duplicates(
            course=course,
            type=type_,
            content=tidy.as_dict(),
            exclude_id=_int(request.GET.get("exclude")),
        )
    return render(request, "quizzes/bank/_duplicates.html", {"duplicates": duplicates})


@login_required
def card_new(request: HttpRequest, course_id: int) -> HttpResponse:
    course = course_for_instructor(request.user, course_id)
    data = request.POST if request.method == "POST" else None
    form = CardForm(
        data,
        course=course,
        initial={"source": request.GET.get("source"), "kind": request.GET.get("kind", "basic")},
    )
    duplicates: list[Any] = []
    if data is not None and form.is_valid():
        content = form.content()
        tidy, _problems = clean_card(**_card_args(content))
        if not request.POST.get("confirm_duplicate"):
            duplicates = card_duplicates(course=course, front=tidy.front, back=tidy.back)
        if not duplicates:
            try:
                card = card_create(
                    course=course,
                    user=request.user,
                    tags=form.tag_list(),
                    approve="approve" in request.POST,
                    **content,
                    **form.links(),
                )
            except RetainError as error:
                add_bank_errors(form, error, elsewhere={})
            else:
                messages.success(
                    request,
                    f"Card #{card.pk} {'approved' if card.status == 'approved' else 'saved as a draft'}.",
                )
                if "another" in request.POST:
                    return redirect(
                        reverse("bank:card-new", args=[course.pk])
                        + (f"?source={card.source_id}" if card.source_id else "")
                    )
                return redirect("bank:card-detail", card_id=card.pk)
    return _card_form(
        request,
        course,
        None,
        form,
        duplicates,
        safe_next(request, reverse("bank:bank-cards", args=[course.pk])),
    )


@login_required
def card_edit(request: HttpRequest, card_id: int) -> HttpResponse:
    card = card_for_instructor(request.user, card_id)
    data = request.POST if request.method == "POST" else None
    initial = {
        "kind": card.kind,
        "front": card.front,
        "back": card.back,
        "extra": card.extra,
        "tags": ", ".join(tag_names(card)),
        "source": card.source_id,
        "term": card.term_id,
        "claim": card.claim_id,
    }
    form = CardForm(data, course=card.course, initial=initial)
    back = safe_next(request, reverse("bank:card-detail", args=[card.pk]))
    if data is not None and form.is_valid():
        try:
            card, mode = card_update(
                card=card,
                user=request.user,
                tags=form.tag_list(),
                approve="approve" in request.POST,
                **form.content(),
                **form.links(),
            )
        except RetainError as error:
            add_bank_errors(form, error, elsewhere={})
        else:
            number = card.versions.order_by("-number").values_list("number", flat=True).first() or 1
            messages.success(request, SAVED[mode].format(n=number))
            return redirect(back)
    return _card_form(request, card.course, card, form, [], back)


def _card_form(
    request: HttpRequest,
    course: Course,
    card: Card | None,
    form: CardForm,
    duplicates: list[Any],
    cancel: str,
) -> HttpResponse:
    if form.is_bound and form.is_valid():
        content = form.content()
    else:
        content = {k: form.initial.get(k, "") for k in ("kind", "front", "back", "extra")}
    tidy, _problems = clean_card(**_card_args(content))
    check = reverse("bank:card-duplicates", args=[course.pk]) + (
        f"?exclude={card.pk}" if card else ""
    )
    return render(
        request,
        "quizzes/bank/card_form.html",
        {
            "course": course,
            "card": card,
            "form": form,
            "duplicates": duplicates,
            "preview": tidy,
            "tags": Tag.objects.filter(course=course),
            "check_url": check,
            "cancel_url": cancel,
            "next": request.GET.get("next") or request.POST.get("next", ""),
        },
        status=400 if form.is_bound else 200,
    )


def _card_args(content: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": content.get("kind") or "basic",
        "front": content.get("front", ""),
        "back": content.get("back", ""),
        "extra": content.get("extra", ""),
    }


@login_required
def card_duplicates_check(request: HttpRequest, course_id: int) -> HttpResponse:
    course = course_for_instructor(request.user, course_id)
    form = CardForm(request.GET, course=course)
    duplicates: list[Any] = []
    if form.is_valid():
        tidy, _problems = clean_card(**_card_args(form.content()))
        duplicates = card_duplicates(
            course=course,
            front=tidy.front,
            back=tidy.back,
            exclude_id=_int(request.GET.get("exclude")),
        )
    return render(request, "quizzes/bank/_duplicates.html", {"duplicates": duplicates})


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None
