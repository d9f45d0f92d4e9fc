"""Reads for imports and exports: what leaves the bank, as neutral items, and whose imports.

Exports are for the course's instructors only (they hold the answers): a filtered selection of
the bank (the bank's own filters), a quiz's questions, or a deck's cards. Each becomes a list
of ``quizzes.interop.items.Item`` and a file in the chosen format (``export_file``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.text import slugify

from quizzes.bank.kinds import QUESTION, ItemKind
from quizzes.bank.selectors.filters import items_found
from quizzes.courses.selectors import course_for_instructor, taught_course_ids
from quizzes.errors import BankError, NotFound
from quizzes.interop.formats import FORMATS, export_formats
from quizzes.interop.formats import write as format_write
from quizzes.interop.items import Choice, Item, with_blank
from quizzes.models import (
    Card,
    Deck,
    ImportBatch,
    ItemStatus,
    Question,
    QuestionVersion,
    SlotKind,
)
from quizzes.quiz.selectors.quizzes import quiz_for_instructor
from quizzes.study.selectors.decks import deck_for_instructor

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass(frozen=True)
class Export:
    """What is being exported: its items, a title for the file, a stable key (an Anki deck's
    identity) and the kind of item it holds."""

    items: list[Item]
    title: str
    key: str
    kind: str  # "question" or "card"


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    data: bytes


def bank_export(user: User, *, course_id: int, kind: ItemKind, params: Any) -> Export:
    """The course's questions or cards that the bank's filters (``params``) select."""
    course = course_for_instructor(user, course_id)
    found = items_found(kind, user, course_id=course.pk, params=params or None)
    if found.is_bound and not found.is_valid():
        first = next(iter(found.errors.items()))
        raise BankError(f"{first[0]}: {first[1][0]}", field=first[0])
    rows = found.qs.order_by("pk")
    items = [to_item(row) for row in rows] if kind is QUESTION else [card_item(c) for c in rows]
    return Export(
        items=items,
        title=course.title,
        key=f"retain-course-{course.pk}-{kind.plural}",
        kind=kind.name,
    )


def quiz_export(user: User, *, quiz_id: int) -> Export:
    """A quiz's questions: its fixed questions (at the version a slot pins, else the current
    one) and, for random slots, every approved question the slot can draw from."""
    quiz = quiz_for_instructor(user, quiz_id)
    items: dict[int, Item] = {}
    slots = quiz.slots.select_related("question__source", "version").order_by("position", "id")
    for slot in slots:
        if slot.kind == SlotKind.FIXED and slot.question is not None:
            items.setdefault(slot.question.pk, to_item(slot.question, version=slot.version))
            continue
        pool = Question.objects.filter(course=quiz.course, status=ItemStatus.APPROVED)
        if slot.draw_source_id:
            pool = pool.filter(source_id=slot.draw_source_id)
        if slot.draw_tag_id:
            pool = pool.filter(tags=slot.draw_tag_id)
        if slot.draw_type:
            pool = pool.filter(type=slot.draw_type)
        for question in _with_related(pool).order_by("pk"):
            items.setdefault(question.pk, to_item(question))
    return Export(
        items=list(items.values()), title=quiz.title, key=f"retain-quiz-{quiz.pk}", kind="question"
    )


def deck_export(user: User, *, deck_id: int) -> Export:
    """A deck's cards, in the order new cards are introduced."""
    deck: Deck = deck_for_instructor(user, deck_id)
    cards = (
        Card.objects.filter(deck_links__deck=deck)
        .select_related("source")
        .prefetch_related("tags")
        .order_by("deck_links__position", "pk")
    )
    return Export(
        items=[card_item(c) for c in cards],
        title=deck.title,
        key=f"retain-deck-{deck.pk}",
        kind="card",
    )


def _with_related(questions: Any) -> Any:
    return questions.select_related("current", "source").prefetch_related("tags")


def to_item(question: Question, *, version: QuestionVersion | None = None) -> Item:
    """A question as a neutral item (its current version, or ``version``)."""
    content = version or question.current
    if content is None:
        raise NotFound(f"Question #{question.pk} has no content.")
    prompt = with_blank(content.prompt) if question.type == "cloze" else content.prompt
    return Item(
        kind="question",
        type=question.type,
        prompt=prompt,
        choices=tuple(
            Choice(str(c.get("text", "")), bool(c.get("correct"))) for c in content.choices or []
        ),
        accepted=tuple(str(a) for a in content.accepted or []),
        truth=content.truth,
        explanation=content.explanation,
        tags=_tag_names(question),
        difficulty=content.difficulty,
        source_title=question.source.title if question.source_id and question.source else "",
        evidence=content.evidence_text,
        key=f"retain-question-{question.pk}",
    )


def card_item(card: Card) -> Item:
    return Item(
        kind="card",
        type=card.kind,
        prompt=with_blank(card.front) if card.kind == "cloze" else card.front,
        back=card.back,
        explanation=card.extra,
        tags=_tag_names(card),
        source_title=card.source.title if card.source_id and card.source else "",
        evidence=card.evidence_text,
        key=f"retain-card-{card.pk}",
    )


def _tag_names(item: Question | Card) -> tuple[str, ...]:
    return tuple(sorted((t.name for t in item.tags.all()), key=str.casefold))


def export_file(export: Export, format_name: str) -> ExportFile:
    """The export written in a format. Raises ``BankError`` for a format that does not carry
    this kind of item (cards in GIFT, questions in an Anki package)."""
    found = FORMATS.get(format_name)
    if found is None or found not in export_formats(export.kind):
        names = ", ".join(f.name for f in export_formats(export.kind))
        raise BankError(f"Choose a format for {export.kind}s: {names}.", field="format")
    data = format_write(found.name, export.items, title=export.title, key=export.key)
    base = slugify(export.title)[:60] or "retain"
    return ExportFile(f"{base}-{export.kind}s{found.extension}", found.content_type, data)


def export_choices(user: User, *, course_id: int) -> dict[str, Iterable[Any]]:
    """What the export page offers: the course's quizzes and decks."""
    course = course_for_instructor(user, course_id)
    return {
        "quizzes": course.quizzes.order_by("title", "pk"),
        "decks": course.decks.order_by("title", "pk"),
    }


def import_for_instructor(user: User, batch_id: int) -> ImportBatch:
    """An import into a course the user teaches; ``NotFound`` otherwise."""
    batch = (
        ImportBatch.objects.filter(pk=batch_id, course_id__in=taught_course_ids(user))
        .select_related("course", "source")
        .first()
    )
    if batch is None:
        raise NotFound("No such import.")
    return batch


def imports_of(user: User, *, course_id: int) -> list[ImportBatch]:
    """The course's recent imports, newest first."""
    course = course_for_instructor(user, course_id)
    return list(ImportBatch.objects.filter(course=course).defer("data")[:20])
