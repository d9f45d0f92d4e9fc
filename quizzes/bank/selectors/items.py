"""Reads for the question bank, always scoped to the courses the user teaches.

Students and other courses' instructors get ``Http404`` for any bank item: the bank holds the
answers. Filters (search, type, status, tag, article, score, sort) live in
``selectors.bank_filters`` and serve both the pages and the API.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, QuerySet
from django.http import Http404

from quizzes.bank.compare import (
    Candidate,
    FieldDiff,
    changed_fields,
    field_diffs,
    gist,
    near_duplicates,
)
from quizzes.bank.rules import correct_answer_text
from quizzes.courses.selectors import taught_course_ids
from quizzes.errors import BankError
from quizzes.models import (
    Card,
    CardVersion,
    Claim,
    Course,
    ItemEvent,
    ItemStatus,
    Question,
    QuestionVersion,
    Source,
    Term,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

VERSION_FIELDS = ("prompt", "choices", "accepted", "truth", "explanation", "difficulty")
CARD_VERSION_FIELDS = ("kind", "front", "back", "extra")
# Statuses that still compete for students' attention; a rejected or archived item is no repeat.
LIVE = (ItemStatus.DRAFT, ItemStatus.APPROVED)


def questions_for_instructor(
    user: AbstractBaseUser, *, course_id: int | None = None
) -> QuerySet[Question]:
    """Questions of the courses ``user`` teaches, with what lists and pages show preloaded."""
    questions = (
        Question.objects.filter(course_id__in=taught_course_ids(user))
        .select_related("current", "current__created_by", "source", "term", "claim")
        .prefetch_related("tags")
    )
    if course_id is not None:
        questions = questions.filter(course_id=course_id)
    return questions


def question_for_instructor(user: AbstractBaseUser, question_id: int) -> Question:
    """One question of a course the user teaches; ``Http404`` otherwise."""
    question = (
        questions_for_instructor(user).select_related("course").filter(pk=question_id).first()
    )
    if question is None:
        raise Http404("No such question.")
    return question


def cards_for_instructor(user: AbstractBaseUser, *, course_id: int | None = None) -> QuerySet[Card]:
    cards = (
        Card.objects.filter(course_id__in=taught_course_ids(user))
        .select_related("source", "term", "claim")
        .prefetch_related("tags")
    )
    if course_id is not None:
        cards = cards.filter(course_id=course_id)
    return cards


def card_for_instructor(user: AbstractBaseUser, card_id: int) -> Card:
    card = cards_for_instructor(user).select_related("course").filter(pk=card_id).first()
    if card is None:
        raise Http404("No such card.")
    return card


def bank_counts(course: Course) -> dict[int | None, dict[str, dict[str, int]]]:
    """``{source_id: {"questions": {status: n}, "cards": {status: n}}}`` for a course."""
    counts: dict[int | None, dict[str, dict[str, int]]] = defaultdict(
        lambda: {"questions": defaultdict(int), "cards": defaultdict(int)}
    )
    for model, key in ((Question, "questions"), (Card, "cards")):
        rows = (
            model.objects.filter(course=course)
            .values("source_id", "status")
            .annotate(n=Count("id"))
        )
        for row in rows:
            counts[row["source_id"]][key][row["status"]] = row["n"]
    return counts


def links_resolve(course: Course, **ids: int | None) -> dict[str, Source | Term | Claim | None]:
    """Turn ``source``/``term``/``claim`` ids into objects of ``course``; ``None`` stays ``None``.

    Raises ``BankError`` naming the field for an id that is not in the course (whether it exists
    elsewhere is not said)."""
    lookups = {
        "source": (Source, {"course": course}, "article"),
        "term": (Term, {"source__course": course}, "term"),
        "claim": (Claim, {"source__course": course}, "claim"),
    }
    out: dict[str, Source | Term | Claim | None] = {}
    for name, pk in ids.items():
        if pk is None:
            out[name] = None
            continue
        model, scope, label = lookups[name]
        found = model.objects.filter(pk=pk, **scope).first()
        if found is None:
            raise BankError(f"No {label} with id {pk} in this course.", field=name)
        out[name] = found
    return out


@dataclass(frozen=True)
class VersionView:
    """A version with what changed since the one before it."""

    version: QuestionVersion | CardVersion
    diffs: list[FieldDiff] = field(default_factory=list)
    changes: dict[str, list[object]] = field(default_factory=dict)
    current: bool = False


def question_versions(question: Question) -> list[VersionView]:
    """The question's versions, newest first, each with its diff from the previous one."""
    versions = list(question.versions.select_related("created_by").order_by("number"))
    return _with_diffs(versions, VERSION_FIELDS, current_id=question.current_id)


def card_versions(card: Card) -> list[VersionView]:
    versions = list(card.versions.select_related("created_by").order_by("number"))
    latest = versions[-1].pk if versions else None
    return _with_diffs(versions, CARD_VERSION_FIELDS, current_id=latest)


def _with_diffs(
    versions: list[Any], fields: tuple[str, ...], *, current_id: int | None
) -> list[VersionView]:
    views = []
    previous: dict[str, object] | None = None
    for version in versions:
        values = {name: getattr(version, name) for name in fields}
        changes = changed_fields(previous, values, fields) if previous is not None else {}
        views.append(
            VersionView(
                version=version,
                diffs=field_diffs(changes),
                changes=changes,
                current=version.pk == current_id,
            )
        )
        previous = values
    return list(reversed(views))


@dataclass(frozen=True)
class HistoryEntry:
    """One audit event, ready to show: who did what, when, and (for edits) what changed."""

    event: ItemEvent
    diffs: list[FieldDiff]

    @property
    def summary(self) -> str:
        detail = self.event.detail
        action = self.event.action
        if action == "create":
            return f"created version {detail.get('version', 1)}" + (
                " (generated)" if detail.get("origin") == "generated" else ""
            )
        if action == "edit":
            mode = detail.get("mode")
            if mode == "new_version":
                return f"saved version {detail.get('version')}"
            if mode == "amended":
                return f"amended draft version {detail.get('version')}"
            return "changed its details"
        if action in {"approve", "reject"}:
            text = "approved" if action == "approve" else "rejected"
            if detail.get("version"):
                text += f" version {detail['version']}"
            if detail.get("reason"):
                text += f": “{detail['reason']}”"
            return text
        if action == "tag":
            return "changed its tags"
        if action == "archive":
            return "archived it (students had seen it, so it was kept)"
        return action


def item_history(item: Question | Card) -> list[HistoryEntry]:
    """The item's audit trail, newest first."""
    events = item.events.select_related("actor").order_by("-at", "-id")
    return [HistoryEntry(event=e, diffs=field_diffs(e.detail.get("changes") or {})) for e in events]


@dataclass(frozen=True)
class Duplicate:
    id: int
    kind: str  # "question" or "card"
    text: str
    status: str
    similarity: float


def question_duplicates(
    *, course: Course, type: str, content: dict[str, object], exclude_id: int | None = None
) -> list[Duplicate]:
    """Live questions of ``course`` that nearly repeat this content (same fact, nearly the same
    words), most alike first."""
    text = gist(str(content.get("prompt") or ""), correct_answer_text(type, content))
    if not text.strip():
        return []
    rows = (
        Question.objects.filter(course=course, status__in=LIVE)
        .exclude(pk=exclude_id)
        .values(
            "id",
            "type",
            "status",
            "current__prompt",
            "current__choices",
            "current__accepted",
            "current__truth",
        )
    )
    candidates = []
    for row in rows:
        stored = {
            "prompt": row["current__prompt"] or "",
            "choices": row["current__choices"] or [],
            "accepted": row["current__accepted"] or [],
            "truth": row["current__truth"],
        }
        candidates.append(
            Candidate(
                id=row["id"],
                text=gist(str(stored["prompt"]), correct_answer_text(row["type"], stored)),
                label=str(stored["prompt"]),
                extra={"status": row["status"]},
            )
        )
    return [
        Duplicate(
            id=c.id, kind="question", text=c.label, status=str(c.extra["status"]), similarity=s
        )
        for c, s in near_duplicates(text, candidates)[:5]
    ]


def card_duplicates(
    *, course: Course, front: str, back: str, exclude_id: int | None = None
) -> list[Duplicate]:
    """Live cards of ``course`` that nearly repeat this front and back."""
    text = gist(front, back)
    if not text.strip():
        return []
    rows = (
        Card.objects.filter(course=course, status__in=LIVE)
        .exclude(pk=exclude_id)
        .values("id", "status", "front", "back")
    )
    candidates = [
        Candidate(
            id=r["id"],
            text=gist(r["front"], r["back"]),
            label=r["front"],
            extra={"status": r["status"]},
        )
        for r in rows
    ]
    return [
        Duplicate(id=c.id, kind="card", text=c.label, status=str(c.extra["status"]), similarity=s)
        for c, s in near_duplicates(text, candidates)[:5]
    ]
