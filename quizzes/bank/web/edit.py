"""Writing and editing bank items: one editor for questions and cards (with a live preview), the
duplicate check it calls while the instructor types, and the "try an answer" box."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from quizzes.bank.kinds import BankItem, kind_of
from quizzes.bank.rules import clean_question
from quizzes.bank.scoring import normalise_answer
from quizzes.bank.selectors.duplicates import Duplicate, duplicates_of
from quizzes.bank.selectors.history import version_number
from quizzes.bank.selectors.items import course_tags, item_for_instructor
from quizzes.bank.services.items import ItemChange, item_create, item_update
from quizzes.bank.services.tags import tag_names
from quizzes.bank.web.forms import ItemForm
from quizzes.bank.web.kinds import PAGES, PageKind
from quizzes.core.requests import AuthedRequest
from quizzes.core.web.redirects import safe_next
from quizzes.courses.selectors import course_for_instructor
from quizzes.errors import BankDuplicateError, RetainError
from quizzes.models import Course, ItemStatus, QuestionType

SAVED = {
    "amended": "Saved. No student has {used} this draft, so version {n} was updated in place.",
    "new_version": "Saved as version {n}; earlier versions stay as they were for quizzes that used them.",
    "unchanged": "Nothing changed.",
}


@login_required
def item_new(request: AuthedRequest, course_id: int, kind: str) -> HttpResponse:
    """Write a question or card by hand; a near-duplicate of a live item asks for confirmation
    (the bank's rule: ``services.items.item_create``)."""
    page_kind = PAGES[kind]
    course = course_for_instructor(request.user, course_id)
    variant = _variant(
        page_kind, request.GET.get("type") or request.POST.get("type") or QuestionType.MCQ
    )
    if variant is None:
        raise Http404("No such question type.")
    data = request.POST if request.method == "POST" else None
    form = page_kind.form(
        data,
        course=course,
        variant=variant,
        content=_asked_content(page_kind, request),
        initial={"source": request.GET.get("source")},
    )
    duplicates: list[Any] = []
    if data is not None and form.is_valid():
        try:
            item = item_create(
                page_kind.item,
                course=course,
                user=request.user,
                tags=form.tag_list(),
                approve="approve" in request.POST,
                confirm_duplicate=bool(request.POST.get("confirm_duplicate")),
                **form.content(),
                **form.links(),
            )
        except BankDuplicateError as error:
            duplicates = error.duplicates
        except RetainError as error:
            form.add_bank_error(error)
        else:
            state = "approved" if item.status == ItemStatus.APPROVED else "saved as a draft"
            messages.success(request, f"{page_kind.title} #{item.pk} {state}.")
            if "another" in request.POST:
                again = {} if page_kind.item.variant.editable else {"type": variant}
                query = urlencode(again | ({"source": item.source_id} if item.source_id else {}))
                url = reverse(page_kind.urls["new"], args=[course.pk])
                return redirect(f"{url}?{query}" if query else url)
            return redirect(page_kind.urls["detail"], item.pk)
    cancel = safe_next(request, reverse(page_kind.list_url, args=[course.pk]))
    return _editor(request, page_kind, course, None, form, duplicates, cancel)


@login_required
def item_edit(request: AuthedRequest, item_id: int, kind: str) -> HttpResponse:
    """Edit an item: content, tags, links; 'Save and approve' in one step."""
    page_kind = PAGES[kind]
    item = item_for_instructor(page_kind.item, request.user, item_id)
    data = request.POST if request.method == "POST" else None
    form = page_kind.form(
        data,
        course=item.course,
        variant=page_kind.item.variant_of(item),
        content=page_kind.item.content_of(item),
        initial={"tags": ", ".join(tag_names(item))}
        | {name: getattr(item, f"{name}_id") for name in ("source", "term", "claim")},
    )
    back = safe_next(request, reverse(page_kind.urls["detail"], args=[item.pk]))
    if data is not None and form.is_valid():
        approve = "approve" in request.POST
        try:
            change = item_update(
                item=item,
                user=request.user,
                tags=form.tag_list(),
                approve=approve,
                **form.content(),
                **form.links(),
            )
        except RetainError as error:
            form.add_bank_error(error)
        else:
            messages.success(request, _saved(change, approved=approve))
            return redirect(back)
    return _editor(request, page_kind, item.course, item, form, [], back)


def _saved(change: ItemChange, *, approved: bool) -> str:
    text = SAVED[change.mode].format(n=change.version or 1, used=kind_of(change.item).used)
    if approved and change.item.status == ItemStatus.APPROVED:
        text += " Approved."
    return text


def _editor(
    request: AuthedRequest,
    page_kind: PageKind,
    course: Course,
    item: BankItem | None,
    form: ItemForm,
    duplicates: list[Duplicate],
    cancel: str,
) -> HttpResponse:
    check = reverse(page_kind.urls["duplicates"], args=[course.pk])
    return render(
        request,
        "quizzes/bank/form.html",
        {
            "kind": page_kind,
            "course": course,
            "item": item,
            "version": version_number(item) if item else None,
            "variant_label": page_kind.item.variant_label(item) if item else "",
            "type": form.variant,
            "types": QuestionType.choices,
            "form": form,
            "formset": getattr(form, "formset", None),
            "choice_errors": form.elsewhere.get("choices", []),
            "duplicates": duplicates,
            "preview": form.preview(),
            "tags": course_tags(course),
            "check_url": check + (f"?exclude={item.pk}" if item else ""),
            "cancel_url": cancel,
            "next": request.GET.get("next") or request.POST.get("next", ""),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def duplicates_check(request: AuthedRequest, course_id: int, kind: str) -> HttpResponse:
    """The editor's live duplicate warning: a small HTML fragment for the form's current text."""
    page_kind = PAGES[kind]
    course = course_for_instructor(request.user, course_id)
    variant = _variant(page_kind, request.GET.get("type", ""))
    if variant is None:
        return HttpResponse("")
    form = page_kind.form(request.GET, course=course, variant=variant)
    duplicates: list[Duplicate] = []
    if form.is_valid():
        shown, tidy = form.tidy()
        duplicates = duplicates_of(
            page_kind.item,
            course=course,
            variant=shown,
            content=tidy,
            exclude_id=_int(request.GET.get("exclude")),
        )
    return render(
        request, "quizzes/bank/_duplicates.html", {"duplicates": duplicates, "kind": page_kind}
    )


def _variant(page_kind: PageKind, asked: str) -> str | None:
    """The question type a question editor is for (``None`` for an unknown one). A card's kind
    is one of its form's fields instead, so its editor is for any."""
    if page_kind.item.variant.editable:
        return ""
    return asked if asked in page_kind.item.variant.choices else None


def _asked_content(page_kind: PageKind, request: AuthedRequest) -> dict[str, Any]:
    """A new item starts blank; a card may start as the kind its link asks for (``?kind=``)."""
    item_kind = page_kind.item
    asked = request.GET.get(item_kind.variant.field, "")
    if item_kind.variant.editable and asked in item_kind.variant.choices:
        return {item_kind.variant.field: asked}
    return {}


@login_required
def answer_check(request: AuthedRequest, course_id: int) -> HttpResponse:
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


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None
