"""Reads for the bank's items, always scoped to the courses the user teaches, for either kind.

Students and other courses' instructors get ``NotFound`` for any bank item: the bank holds the
answers. Filters (search, type, status, tag, article, score, sort) live in ``selectors.filters``,
versions and audit trails in ``selectors.history``; both serve the pages and the API.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, OrderBy, QuerySet
from django.utils import timezone

from quizzes.bank.kinds import CARD, QUESTION, BankItem, ItemKind, kind_of
from quizzes.courses.selectors import taught_course_ids
from quizzes.errors import NotFound
from quizzes.models import Course, ItemEvent, ItemStatus, Source, Tag
from quizzes.sources.selectors import sources_for

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import User


def queue_order() -> tuple[OrderBy | str, ...]:
    """The review queue's order: the engine's own (``rank``: its keep model, sentences and
    forms mixed), then items it did not rank (written by hand, imported) best score first."""
    return (F("rank").asc(nulls_last=True), "-score", "id")


def items_for_instructor(
    kind: ItemKind, user: User, *, course_id: int | None = None
) -> QuerySet[Any]:
    """Items of ``kind`` in the courses ``user`` teaches, with what lists and pages show
    preloaded."""
    items = (
        kind.model.objects.filter(course_id__in=taught_course_ids(user))
        .select_related(*kind.related)
        .prefetch_related("tags")
    )
    if course_id is not None:
        items = items.filter(course_id=course_id)
    return items


def item_for_instructor(kind: ItemKind, user: User, item_id: int) -> Any:
    """One item of ``kind`` in a course the user teaches; ``NotFound`` otherwise."""
    item = items_for_instructor(kind, user).select_related("course").filter(pk=item_id).first()
    if item is None:
        raise NotFound(f"No such {kind.name}.")
    return item


# How long an approval or a rejection can be taken back with "Undo" (the page offers it at once).
UNDO_WINDOW = timedelta(minutes=5)


def undo_refusal(item: BankItem, user: User, *, now: datetime | None = None) -> str:
    """Why ``user`` cannot undo the last approval or rejection of ``item`` ("" when they can):
    only the item's latest status change, theirs, made within ``UNDO_WINDOW``, can be undone."""
    kind = kind_of(item)
    last = (
        ItemEvent.objects.filter(**{kind.name: item}, action__in=("approve", "reject", "undo"))
        .order_by("-at", "-id")
        .first()
    )
    if last is None or last.action == "undo" or last.detail.get("to") != item.status:
        return f"There is no approval or rejection of this {kind.name} to undo."
    if last.actor_id != user.pk or (now or timezone.now()) - last.at > UNDO_WINDOW:
        return (
            f"Only your own approval or rejection of the last {UNDO_WINDOW.seconds // 60} "
            "minutes can be undone; approve or reject it again instead."
        )
    return ""


def item_undoable(kind: ItemKind, user: User, item_id: object) -> Any | None:
    """The item of ``kind`` with id ``item_id`` (text from a URL) if ``user`` may undo its last
    approval or rejection now, else None."""
    if not str(item_id).isdigit() or len(str(item_id)) > 18:
        return None
    try:
        item = item_for_instructor(kind, user, int(str(item_id)))
    except NotFound:
        return None
    return None if undo_refusal(item, user) else item


def no_items(kind: ItemKind) -> QuerySet[Any]:
    """An empty queryset of ``kind`` (for describing a list without a user, as OpenAPI does)."""
    return kind.model.objects.none()


def drafts_best_first(kind: ItemKind, *, course: Course, source: Source) -> list[Any]:
    """An article's drafts of ``kind`` in the review queue's order (:func:`queue_order`)."""
    # Any: the related rows differ by kind (a question's ``current``, none for a card).
    drafts: QuerySet[Any] = kind.model.objects.filter(
        course=course, source=source, status=ItemStatus.DRAFT
    )
    if not kind.current_on_row:
        drafts = drafts.select_related("current")
    return list(drafts.order_by(*queue_order()))


@dataclass(frozen=True)
class Listed:
    """An item in a list, with what its row shows (prompt, answer: ``ItemKind.preview``)."""

    item: BankItem
    label: str  # its type or kind, as people read it
    preview: dict[str, Any]


def with_previews(kind: ItemKind, items: Iterable[BankItem]) -> list[Listed]:
    return [
        Listed(item=item, label=kind.variant_label(item), preview=kind.preview_of(item))
        for item in items
    ]


def bank_counts(course: Course) -> dict[int | None, dict[str, dict[str, int]]]:
    """``{source_id: {"questions": {status: n}, "cards": {status: n}}}`` for a course."""
    counts: dict[int | None, dict[str, dict[str, int]]] = defaultdict(
        lambda: {"questions": defaultdict(int), "cards": defaultdict(int)}
    )
    for kind in (QUESTION, CARD):
        rows = (
            kind.model.objects.filter(course=course)
            .values("source_id", "status")
            .annotate(n=Count("id"))
        )
        for row in rows:
            counts[row["source_id"]][kind.plural][row["status"]] = row["n"]
    return counts


@dataclass(frozen=True)
class ArticleCounts:
    source: Source
    questions: dict[str, int]
    cards: dict[str, int]


def bank_articles(user: User, course: Course) -> list[ArticleCounts]:
    """The course's articles, each with how many questions and cards it has in each status."""
    counts = bank_counts(course)
    return [
        ArticleCounts(
            source=source,
            questions=dict(counts[source.pk]["questions"]),
            cards=dict(counts[source.pk]["cards"]),
        )
        for source in sources_for(user, course_id=course.pk)
    ]


def course_tags(course: Course) -> QuerySet[Tag]:
    """The course's tags, by name (for suggestions while typing one)."""
    return Tag.objects.filter(course=course)
