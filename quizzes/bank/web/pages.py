"""Question bank pages: the bank list (filters, search, sort, bulk), the review queue beside the
article, an item's page with its history, and the one-click actions (approve, reject, delete).

Writing and editing items live in ``web.bank_edit``. Every page is for the course's instructors;
anyone else gets 404.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django_filters import FilterSet

from quizzes.bank.rules import BLANK, correct_answer_text
from quizzes.bank.selectors.filters import CardFilter, QuestionFilter
from quizzes.bank.selectors.items import (
    bank_counts,
    card_for_instructor,
    card_versions,
    cards_for_instructor,
    item_history,
    question_for_instructor,
    question_versions,
    questions_for_instructor,
)
from quizzes.bank.web.forms import BulkForm, RejectForm
from quizzes.courses.selectors import course_for_instructor
from quizzes.models import Card, Course, ItemStatus, Question, Tag
from quizzes.sources.selectors import source_for, sources_for

REVIEW_STATUSES = ("draft", "approved", "rejected", "all")
MAX_QUEUE = 300


def preview_context(type: str, content: dict[str, Any]) -> dict[str, Any]:
    """What the preview and answer-key partials show for a question's content."""
    prompt = str(content.get("prompt") or "")
    blank = BLANK.search(prompt) if type == "cloze" else None
    return {
        "type": type,
        "prompt": prompt,
        "before": prompt[: blank.start()] if blank else prompt,
        "after": prompt[blank.end() :] if blank else "",
        "has_blank": blank is not None,
        "choices": content.get("choices") or [],
        "accepted": content.get("accepted") or [],
        "truth": content.get("truth"),
        "explanation": content.get("explanation") or "",
        "answer": correct_answer_text(type, content),
    }


# --- The bank list


@login_required
def bank_list(request: HttpRequest, course_id: int) -> HttpResponse:
    """The course's questions: search, filter, sort, select and act on many at once."""
    course = course_for_instructor(request.user, course_id)
    found = QuestionFilter(
        request.GET or None, queryset=questions_for_instructor(request.user, course_id=course.pk)
    )
    return _list_page(request, course, found, kind="questions")


@login_required
def bank_cards(request: HttpRequest, course_id: int) -> HttpResponse:
    course = course_for_instructor(request.user, course_id)
    found = CardFilter(
        request.GET or None, queryset=cards_for_instructor(request.user, course_id=course.pk)
    )
    return _list_page(request, course, found, kind="cards")


def _list_page(
    request: HttpRequest, course: Course, found: FilterSet, *, kind: str
) -> HttpResponse:
    page = Paginator(found.qs, 50).get_page(request.GET.get("page"))
    counts = bank_counts(course)
    sources = list(sources_for(request.user, course_id=course.pk))
    rows = [
        {
            "source": s,
            "questions": dict(counts[s.pk]["questions"]),
            "cards": dict(counts[s.pk]["cards"]),
        }
        for s in sources
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "quizzes/bank/list.html",
        {
            "course": course,
            "kind": kind,
            "filter": found,
            "page": page,
            "items": [_with_preview(item) for item in page.object_list],
            "articles": rows,
            "tags": Tag.objects.filter(course=course),
            "query": query.urlencode(),
            "bulk_form": BulkForm(initial={"query": query.urlencode()}),
            "here": request.get_full_path(),
        },
        status=400 if found.is_bound and not found.is_valid() else 200,
    )


def _with_preview(item: Question | Card) -> Question | Card:
    if isinstance(item, Question):
        item.preview = preview_context(item.type, _content(item))
    return item


def _content(question: Question) -> dict[str, Any]:
    version = question.current
    if version is None:
        return {}
    return {
        "prompt": version.prompt,
        "choices": version.choices,
        "accepted": version.accepted,
        "truth": version.truth,
        "explanation": version.explanation,
    }


# --- The review queue


@dataclass
class ReviewEntry:
    item: Question | Card
    kind: str  # "question" or "card"
    start: int
    end: int
    evidence: str
    next_url: str
    back_url: str
    group: str = ""
    siblings: int = 0
    preview: dict[str, Any] | None = None

    @property
    def explanation(self) -> str:
        """What the item already shows as its explanation (the evidence is not repeated in it)."""
        if self.preview is not None:
            return str(self.preview["explanation"])
        return getattr(self.item, "extra", "")


@login_required
def bank_review(request: HttpRequest, source_id: int) -> HttpResponse:
    """An article's items beside its text, the active item's evidence highlighted; one action
    (or one key) approves, rejects or opens an item for editing."""
    source = source_for(request.user, source_id)
    course = course_for_instructor(request.user, source.course_id)
    kind = "cards" if request.GET.get("kind") == "cards" else "questions"
    status = request.GET.get("status", "draft")
    status = status if status in REVIEW_STATUSES else "draft"
    if kind == "questions":
        items: Any = questions_for_instructor(request.user, course_id=course.pk).filter(
            source=source
        )
    else:
        items = cards_for_instructor(request.user, course_id=course.pk).filter(source=source)
    items = items.exclude(status=ItemStatus.ARCHIVED)
    if status != "all":
        items = items.filter(status=status)
    items = list(items.order_by("-score", "id")[:MAX_QUEUE])
    if kind == "cards":
        items = _siblings_together(items)

    base = reverse("bank:bank-review", args=[source.pk])
    params = {"kind": kind, "status": status}

    def url_for(item_id: int | None) -> str:
        query = urlencode({**params, **({"item": item_id} if item_id else {})})
        return f"{base}?{query}" + (f"#item-{item_id}" if item_id else "")

    entries = []
    for index, item in enumerate(items):
        following = (
            items[index + 1] if index + 1 < len(items) else (items[index - 1] if index else None)
        )
        evidence = item.current if isinstance(item, Question) else item
        entries.append(
            ReviewEntry(
                item=item,
                kind="question" if isinstance(item, Question) else "card",
                start=getattr(evidence, "evidence_start", 0),
                end=getattr(evidence, "evidence_end", 0),
                evidence=getattr(evidence, "evidence_text", ""),
                next_url=url_for(following.pk if following else None),
                back_url=url_for(item.pk),
                group=getattr(item, "sibling_key", ""),
                preview=preview_context(item.type, _content(item))
                if isinstance(item, Question)
                else None,
            )
        )
    sizes = Counter(e.group for e in entries if e.group)
    for entry in entries:
        entry.siblings = sizes[entry.group] if entry.group else 0
    wanted = request.GET.get("item", "")
    active = next((e for e in entries if str(e.item.pk) == wanted), entries[0] if entries else None)
    text = source.cleaned_text or source.text
    counts = bank_counts(course)[source.pk]
    shown = counts[kind]
    labels = {"draft": "Drafts", "approved": "Approved", "rejected": "Rejected", "all": "All"}
    live = ("draft", "approved", "rejected")
    chips = [
        (s, labels[s], sum(shown[x] for x in live) if s == "all" else shown[s])
        for s in REVIEW_STATUSES
    ]
    return render(
        request,
        "quizzes/bank/review.html",
        {
            "source": source,
            "course": course,
            "kind": kind,
            "status": status,
            "statuses": REVIEW_STATUSES,
            "entries": entries,
            "active": active,
            "paragraphs": paragraphs_with_mark(
                text, (active.start, active.end) if active and source.cleaned_text else None
            ),
            "highlightable": bool(source.cleaned_text),
            "status_chips": chips,
            "totals": {k: sum(counts[k][x] for x in live) for k in ("questions", "cards")},
            "tags": Tag.objects.filter(course=course),
            "bulk_form": BulkForm(),
            # "Every item shown" in the bank filters' terms: this article, this status.
            "bulk_query": urlencode(
                {"source": source.pk, **({"status": status} if status != "all" else {})}
            ),
            "here": request.get_full_path(),
        },
    )


def _siblings_together(cards: list[Card]) -> list[Card]:
    """Cards grouped by sibling key (each group where its best card ranks), best first inside."""
    groups: dict[str, list[Card]] = {}
    for card in cards:
        groups.setdefault(card.sibling_key or f"card:{card.pk}", []).append(card)
    return [card for group in groups.values() for card in group]


def paragraphs_with_mark(text: str, span: tuple[int, int] | None) -> list[dict[str, Any]]:
    """The text's paragraphs (split at blank lines) with their offsets; the paragraph holding
    ``span`` is cut into before / mark / after so the page can highlight the evidence."""
    out = []
    position = 0
    for chunk in text.split("\n\n"):
        start, end = position, position + len(chunk)
        position = end + 2
        if not chunk.strip():
            continue
        entry: dict[str, Any] = {"start": start, "end": end, "text": chunk, "mark": ""}
        if span and start <= span[0] < end and span[1] > span[0]:
            a, b = span[0] - start, min(span[1], end) - start
            entry.update(before=chunk[:a], mark=chunk[a:b], after=chunk[b:])
        out.append(entry)
    return out


# --- One item: preview, history, versions


@login_required
def question_detail(request: HttpRequest, question_id: int) -> HttpResponse:
    question = question_for_instructor(request.user, question_id)
    return render(
        request,
        "quizzes/bank/question.html",
        {
            "question": question,
            "course": question.course,
            "preview": preview_context(question.type, _content(question)),
            "history": item_history(question),
            "versions": question_versions(question),
            "reject_form": RejectForm(),
            "here": request.get_full_path(),
        },
    )


@login_required
def card_detail(request: HttpRequest, card_id: int) -> HttpResponse:
    card = card_for_instructor(request.user, card_id)
    return render(
        request,
        "quizzes/bank/card.html",
        {
            "card": card,
            "course": card.course,
            "history": item_history(card),
            "versions": card_versions(card),
            "reject_form": RejectForm(),
            "here": request.get_full_path(),
        },
    )
