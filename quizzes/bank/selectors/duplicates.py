"""Near-duplicates in the bank: live items of a course that ask nearly the same thing as some
content (the same fact in nearly the same words), for either kind of item."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from quizzes.bank.compare import Candidate, near_duplicates
from quizzes.bank.kinds import ItemKind, kind_of
from quizzes.models import Course, ItemStatus

if TYPE_CHECKING:
    from quizzes.bank.kinds import BankItem

# Statuses that still compete for students' attention; a rejected or archived item is no repeat.
LIVE = (ItemStatus.DRAFT, ItemStatus.APPROVED)
MAX_SHOWN = 5


@dataclass(frozen=True)
class Duplicate:
    id: int
    kind: str  # "question" or "card"
    text: str
    status: str
    similarity: float


def duplicates_of(
    kind: ItemKind,
    *,
    course: Course,
    variant: str,
    content: Mapping[str, Any],
    exclude_id: int | None = None,
) -> list[Duplicate]:
    """Live items of ``kind`` in ``course`` that nearly repeat this (tidy) content, most alike
    first, at most five."""
    text = kind.gist(variant, content)
    if not text.strip():
        return []
    paths = {name: kind.stored(name) for name in kind.gist_fields}
    rows = kind.model.objects.filter(course=course, status__in=LIVE)
    if exclude_id is not None:
        rows = rows.exclude(pk=exclude_id)
    rows = rows.values("id", "status", kind.variant.field, *paths.values())
    candidates = []
    for row in rows:
        stored = {
            name: kind.blank[name] if row[path] is None else row[path]
            for name, path in paths.items()
        }
        candidates.append(
            Candidate(
                id=row["id"],
                text=kind.gist(row[kind.variant.field], stored),
                label=str(stored[kind.label_field]),
                extra={"status": row["status"]},
            )
        )
    return [
        Duplicate(
            id=c.id, kind=kind.name, text=c.label, status=str(c.extra["status"]), similarity=s
        )
        for c, s in near_duplicates(text, candidates)[:MAX_SHOWN]
    ]


def duplicates_of_item(item: BankItem) -> list[Duplicate]:
    """Live items of the same course that ``item`` nearly repeats (itself left out)."""
    kind = kind_of(item)
    return duplicates_of(
        kind,
        course=item.course,
        variant=kind.variant_of(item),
        content=kind.content_of(item),
        exclude_id=item.pk,
    )
