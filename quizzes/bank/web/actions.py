"""The bank's one-click actions (approve, reject, delete or archive), bulk actions, and "approve
the best N" of an article, for either kind of item. Each goes back where the instructor came from (``next``), with a message saying
what happened."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from quizzes.bank.selectors.filters import items_found
from quizzes.bank.selectors.items import item_for_instructor
from quizzes.bank.services.best import MAX_BEST, bank_approve_best
from quizzes.bank.services.bulk import items_bulk
from quizzes.bank.services.items import (
    item_approve,
    item_delete,
    item_reject,
    item_status_undo,
)
from quizzes.bank.web.forms import ApproveBestForm, BulkForm, RejectForm
from quizzes.bank.web.kinds import PAGES
from quizzes.core.requests import AuthedRequest
from quizzes.core.web.redirects import safe_next
from quizzes.courses.selectors import course_for_instructor
from quizzes.errors import RetainError
from quizzes.sources.selectors import source_for

VERBS = {"approve": "Approved", "reject": "Rejected", "tag": "Tagged", "untag": "Untagged"}


@login_required
@require_POST
def bank_bulk(request: AuthedRequest, course_id: int, kind: str) -> HttpResponse:
    """Approve, reject, tag or untag the selected items, or every item matching the filters."""
    page_kind = PAGES[kind]
    course = course_for_instructor(request.user, course_id)
    back = safe_next(request, reverse(page_kind.list_url, args=[course.pk]))
    form = BulkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose an action and the items to apply it to.")
        return redirect(back)
    data = form.cleaned_data
    ids = list(data["ids"])
    if data["scope"] == "filtered":
        found = items_found(
            page_kind.item, request.user, course_id=course.pk, params=QueryDict(data["query"])
        )
        ids = list(found.qs.values_list("id", flat=True)) if found.is_valid() else []
    try:
        result = items_bulk(
            page_kind.item, user=request.user, ids=ids, action=data["action"], tags=[data["tags"]]
        )
    except RetainError as error:
        messages.error(request, error.message)
    else:
        noun = page_kind.name + ("s" if result.changed != 1 else "")
        unchanged = len(result.ids) - result.changed
        messages.success(
            request,
            f"{VERBS[result.action]} {result.changed} {noun}"
            + (f" ({unchanged} already were)." if unchanged else "."),
        )
    return redirect(back)


def _with_undo(url: str, item_id: int) -> str:
    """``url`` with ``undo=<id>``: the page it leads to offers to take the decision back."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "undo"] + [("undo", str(item_id))]
    return urlunsplit(parts._replace(query=urlencode(query)))


@login_required
@require_POST
def item_action(request: AuthedRequest, item_id: int, kind: str, action: str) -> HttpResponse:
    """Approve, reject (with a reason from the rubric's list, optional), undo the last of those,
    or delete (archive when used) an item, then go back where we were."""
    page_kind = PAGES[kind]
    item = item_for_instructor(page_kind.item, request.user, item_id)
    name = f"{page_kind.title} #{item.pk}"
    fallback = reverse(page_kind.urls["detail"], args=[item.pk])

    def say(text: str) -> None:
        if not request.POST.get("offer_undo"):  # else the page's undo bar says what was done
            messages.success(request, text)

    try:
        if action == "approve":
            item_approve(item=item, user=request.user)
            say(f"{name} approved.")
        elif action == "reject":
            form = RejectForm(request.POST)
            if not form.is_valid():
                messages.error(request, "Choose a reason from the list, or none.")
                return redirect(safe_next(request, fallback))
            item_reject(
                item=item,
                user=request.user,
                reason=form.cleaned_data["reason"],
                category=form.cleaned_data["category"],
            )
            say(f"{name} rejected.")
        elif action == "undo":
            item_status_undo(item=item, user=request.user)
            messages.success(request, f"Undone: {name} is a {item.status} again.")
            return redirect(safe_next(request, fallback))
        else:
            if item_delete(item=item, user=request.user) == "deleted":
                messages.success(request, f"{name} deleted.")
                return redirect(
                    safe_next(request, reverse(page_kind.list_url, args=[item.course_id]))
                )
            used = page_kind.item.used
            messages.info(
                request, f"{name} was archived: students have {used} it, so its versions stay."
            )
            return redirect(fallback)
    except RetainError as error:
        messages.error(request, error.message)
        if action == "undo":
            return redirect(safe_next(request, fallback))
        edit = reverse(page_kind.urls["edit"], args=[item.pk])
        return redirect(f"{edit}?{urlencode({'next': safe_next(request, fallback)})}")
    back = safe_next(request, fallback)
    return redirect(_with_undo(back, item.pk) if request.POST.get("offer_undo") else back)


@login_required
@require_POST
def review_approve_best(request: AuthedRequest, source_id: int) -> HttpResponse:
    """Approve the article's best ``count`` drafts of one kind (the review queue's head)."""
    queue = reverse("bank:bank-review", args=[source_id])
    form = ApproveBestForm(request.POST)
    source = source_for(request.user, source_id)
    course = course_for_instructor(request.user, source.course_id)
    if not form.is_valid():
        messages.error(request, f"Give a number of items from 1 to {MAX_BEST}.")
        return redirect(queue)
    kind, count = form.cleaned_data["kind"], form.cleaned_data["count"]
    approved = bank_approve_best(
        course=course,
        source=source,
        user=request.user,
        questions=count if kind == "questions" else 0,
        cards=count if kind == "cards" else 0,
    )
    ids = approved.questions if kind == "questions" else approved.cards
    noun = kind if len(ids) != 1 else kind[:-1]
    messages.success(
        request,
        f"Approved the {len(ids)} best {noun}." if ids else f"No draft {kind} left to approve.",
    )
    return redirect(f"{queue}?{urlencode({'kind': kind, 'status': 'draft'})}")
