"""Bank pages: the bank list (filters, search, sort, bulk), the review queue beside the article,
and an item's page with its history, for questions and cards alike (``web.kinds``).

Writing and editing items live in ``web.edit``, the one-click and bulk actions in
``web.actions``. Every page is for the course's instructors; anyone else gets 404.
"""

from __future__ import annotations

import csv
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from quizzes.bank.selectors.filters import items_found
from quizzes.bank.selectors.history import item_history, item_versions, version_number
from quizzes.bank.selectors.items import (
    bank_articles,
    course_tags,
    item_for_instructor,
    item_undoable,
    with_previews,
)
from quizzes.bank.selectors.rejections import (
    rejection_csv_rows,
    rejection_report,
    totals_by_reason,
)
from quizzes.bank.selectors.review import REVIEW_STATUSES, review_queue
from quizzes.bank.services.best import MAX_BEST
from quizzes.bank.web.forms import BulkForm, RejectForm
from quizzes.bank.web.kinds import PAGES, PAGES_BY_PLURAL
from quizzes.core.requests import AuthedRequest
from quizzes.courses.selectors import course_for_instructor


@login_required
def bank_list(request: AuthedRequest, course_id: int, kind: str) -> HttpResponse:
    """The course's questions (or cards): search, filter, sort, select and act on many at once."""
    page_kind = PAGES[kind]
    course = course_for_instructor(request.user, course_id)
    found = items_found(
        page_kind.item, request.user, course_id=course.pk, params=request.GET or None
    )
    page = Paginator(found.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "quizzes/bank/list.html",
        {
            "course": course,
            "kind": page_kind,
            "filter": found,
            "variant_filter": found.form[page_kind.item.variant.field],
            "page": page,
            "rows": with_previews(page_kind.item, page.object_list),
            "articles": bank_articles(request.user, course),
            "tags": course_tags(course),
            "query": query.urlencode(),
            "bulk_form": BulkForm(initial={"query": query.urlencode()}),
            "here": request.get_full_path(),
        },
        status=400 if found.is_bound and not found.is_valid() else 200,
    )


@login_required
def bank_review(request: AuthedRequest, source_id: int) -> HttpResponse:
    """An article's items beside its text, the active item's evidence highlighted; one action
    (or one key) approves, rejects or opens an item for editing."""
    page_kind = PAGES_BY_PLURAL["cards" if request.GET.get("kind") == "cards" else "questions"]
    queue = review_queue(
        request.user,
        source_id,
        kind=page_kind.item,
        status=request.GET.get("status", "draft"),
        active=request.GET.get("item", ""),
    )
    base = reverse("bank:bank-review", args=[queue.source.pk])
    params = {"kind": page_kind.plural, "status": queue.status}

    def url_for(item_id: int | None) -> str:
        query = urlencode({**params, **({"item": item_id} if item_id else {})})
        return f"{base}?{query}" + (f"#item-{item_id}" if item_id else "")

    for entry in queue.entries:
        entry.next_url, entry.back_url = url_for(entry.next_id), url_for(entry.item.pk)
    undoable = item_undoable(page_kind.item, request.user, request.GET.get("undo", ""))
    # After an undo, back to the same queue with the item taken back active again.
    here = request.GET.copy()
    here.pop("undo", None)
    if undoable is not None:
        here["item"] = str(undoable.pk)
    return render(
        request,
        "quizzes/bank/review.html",
        {
            "queue": queue,
            "source": queue.source,
            "course": queue.course,
            "kind": page_kind,
            "statuses": REVIEW_STATUSES,
            "tags": course_tags(queue.course),
            "bulk_form": BulkForm(),
            # "Every item shown" in the bank filters' terms: this article, this status.
            "bulk_query": urlencode(
                {"source": queue.source.pk}
                | ({"status": queue.status} if queue.status != "all" else {})
            ),
            "here": request.get_full_path(),
            "undoable": undoable,
            "after_undo": f"{request.path}?{here.urlencode()}"
            + (f"#item-{undoable.pk}" if undoable is not None else ""),
            "reject_form": RejectForm(),
            "max_best": MAX_BEST,
            "best_default": min(10, len(queue.entries)),
        },
    )


@login_required
def item_detail(request: AuthedRequest, item_id: int, kind: str) -> HttpResponse:
    """One item: its preview, where it comes from, its versions and its audit trail."""
    page_kind = PAGES[kind]
    item = item_for_instructor(page_kind.item, request.user, item_id)
    return render(
        request,
        "quizzes/bank/item.html",
        {
            "kind": page_kind,
            "item": item,
            "course": item.course,
            "variant_label": page_kind.item.variant_label(item),
            "preview": page_kind.item.preview_of(item),
            "version": version_number(item),
            "evidence": page_kind.item.evidence_of(item)[2],
            "history": item_history(item),
            "versions": item_versions(item),
            "reject_form": RejectForm(),
            "here": request.get_full_path(),
        },
    )


@login_required
def rejection_report_page(request: AuthedRequest, course_id: int) -> HttpResponse:
    """Per generator: how many of its items were approved and rejected, and why (the reasons
    instructors picked from the rubric's list)."""
    report = rejection_report(request.user, course_id)
    totals = totals_by_reason(report)
    return render(
        request,
        "quizzes/bank/rejections.html",
        {
            "report": report,
            "course": report.course,
            "totals": [(reason, label, totals[reason]) for reason, label in report.reason_labels],
        },
    )


@login_required
def rejection_report_csv(request: AuthedRequest, course_id: int) -> HttpResponse:
    """The same report as CSV: one row per kind and generator, one column per reason."""
    report = rejection_report(request.user, course_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="rejections-course-{report.course.pk}.csv"'
    )
    csv.writer(response).writerows(rejection_csv_rows(report))
    return response
