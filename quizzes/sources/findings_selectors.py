"""Reads for what the engine found in an article: terms, claims, and the article's items."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from quizzes.courses.selectors import is_instructor
from quizzes.models import Card, Claim, ItemStatus, Question, Source, Term

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def terms_of(source: Source) -> QuerySet[Term]:
    return Term.objects.filter(source=source).order_by("rank")


def claims_of(source: Source) -> QuerySet[Claim]:
    return Claim.objects.filter(source=source).order_by("rank")


def items_of(source: Source, *, include_drafts: bool) -> tuple[QuerySet[Question], QuerySet[Card]]:
    """The article's questions (with their current version) and cards, best first.

    Students (``include_drafts=False``) see approved items only.
    """
    questions = Question.objects.filter(source=source).select_related("current", "term", "claim")
    cards = Card.objects.filter(source=source).select_related("term", "claim")
    if not include_drafts:
        questions = questions.filter(status=ItemStatus.APPROVED)
        cards = cards.filter(status=ItemStatus.APPROVED)
    else:
        questions = questions.exclude(status=ItemStatus.ARCHIVED)
        cards = cards.exclude(status=ItemStatus.ARCHIVED)
    return questions.order_by("-score", "id"), cards.order_by("-score", "id")


def paragraphs_with_evidence(
    text: str, start: int | None, end: int | None
) -> list[list[tuple[str, bool]]]:
    """Split text into paragraphs of (piece, highlighted) runs, marking [start, end).

    The template renders highlighted runs in <mark>, so an item's evidence sentence is shown in
    place, escaped like any other text.
    """
    paragraphs: list[list[tuple[str, bool]]] = []
    offset = 0
    for block in text.split("\n\n"):
        block_start, block_end = offset, offset + len(block)
        offset = block_end + 2
        if not block.strip():
            continue
        if start is None or end is None or end <= block_start or start >= block_end:
            paragraphs.append([(block, False)])
            continue
        a, b = max(start, block_start) - block_start, min(end, block_end) - block_start
        runs = [(block[:a], False), (block[a:b], True), (block[b:], False)]
        paragraphs.append([run for run in runs if run[0]])
    return paragraphs


def user_sees_drafts(user: User, source: Source) -> bool:
    return is_instructor(user, source.course)
