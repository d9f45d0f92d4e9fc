"""Bulk actions on the bank: approve, reject, tag or untag many items by id, all or nothing.

Every id must name an item of a course the user teaches, and every item must accept the action
(an archived item cannot be approved; a draft with broken content cannot be approved): otherwise
nothing changes and the error names the items at fault. Each item gets its own audit event,
marked ``"bulk": true``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet

from quizzes.bank.selectors.items import cards_for_instructor, questions_for_instructor
from quizzes.bank.services.cards import card_approve, card_reject, card_tag
from quizzes.bank.services.items import tag_names_clean
from quizzes.bank.services.questions import question_approve, question_reject, question_tag
from quizzes.errors import BankError, RetainError
from quizzes.models import Card, ItemEvent, Question

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

BULK_ACTIONS = ("approve", "reject", "tag", "untag")
MAX_BULK = 1000


@dataclass(frozen=True)
class BulkResult:
    action: str
    ids: list[int]
    changed: int  # items whose state actually changed (approving an approved item changes nothing)


@transaction.atomic
def questions_bulk(
    *, user: AbstractBaseUser, ids: Sequence[int], action: str, tags: Iterable[str] = ()
) -> BulkResult:
    """Apply ``action`` to every question in ``ids``; raise ``BankError`` and change nothing if
    any id is unknown to the user or any question refuses the action."""
    questions = _resolve(questions_for_instructor(user), ids, action, tags, what="question")
    return _apply(questions, action=action, user=user, tags=list(tags), what="Question")


@transaction.atomic
def cards_bulk(
    *, user: AbstractBaseUser, ids: Sequence[int], action: str, tags: Iterable[str] = ()
) -> BulkResult:
    """The same for cards."""
    cards = _resolve(cards_for_instructor(user), ids, action, tags, what="card")
    return _apply(cards, action=action, user=user, tags=list(tags), what="Card")


def _resolve(
    queryset: QuerySet[Any], ids: Sequence[int], action: str, tags: Iterable[str], *, what: str
) -> list[Any]:
    if action not in BULK_ACTIONS:
        raise BankError(f"Choose an action: {', '.join(BULK_ACTIONS)}.", field="action")
    wanted = list(dict.fromkeys(int(i) for i in ids))
    if not wanted:
        raise BankError(f"Select at least one {what}.", field="ids")
    if len(wanted) > MAX_BULK:
        raise BankError(f"Select at most {MAX_BULK} items at a time.", field="ids")
    if action in {"tag", "untag"} and not tag_names_clean(tags):
        raise BankError("Give the tag to add or remove.", field="tags")
    found = {item.pk: item for item in queryset.select_related("course").filter(pk__in=wanted)}
    missing = [i for i in wanted if i not in found]
    if missing:
        listed = ", ".join(str(i) for i in missing[:10]) + ("…" if len(missing) > 10 else "")
        raise BankError(
            f"No {what} with id {listed} in the courses you teach; nothing was changed.",
            field="ids",
        )
    return [found[i] for i in wanted]


def _apply(
    items: list[Question] | list[Card],
    *,
    action: str,
    user: AbstractBaseUser,
    tags: list[str],
    what: str,
) -> BulkResult:
    detail = {"bulk": True}
    # Each item gets at most one event per action, so new events count the items that changed.
    events = ItemEvent.objects.filter(**{f"{what.lower()}__in": items})
    before = events.count()
    for item in items:
        try:
            if isinstance(item, Question):
                _question_action(item, action=action, user=user, tags=tags, detail=detail)
            else:
                _card_action(item, action=action, user=user, tags=tags, detail=detail)
        except RetainError as error:
            raise BankError(
                f"{what} {item.pk}: {error.message} Nothing was changed.", field="ids"
            ) from error
    return BulkResult(
        action=action, ids=[item.pk for item in items], changed=events.count() - before
    )


def _question_action(
    question: Question,
    *,
    action: str,
    user: AbstractBaseUser,
    tags: list[str],
    detail: dict[str, object],
) -> None:
    if action == "approve":
        question_approve(question=question, user=user, detail=detail)
    elif action == "reject":
        question_reject(question=question, user=user, detail=detail)
    elif action == "tag":
        question_tag(question=question, user=user, add=tags, detail=detail)
    else:
        question_tag(question=question, user=user, remove=tags, detail=detail)


def _card_action(
    card: Card, *, action: str, user: AbstractBaseUser, tags: list[str], detail: dict[str, object]
) -> None:
    if action == "approve":
        card_approve(card=card, user=user, detail=detail)
    elif action == "reject":
        card_reject(card=card, user=user, detail=detail)
    elif action == "tag":
        card_tag(card=card, user=user, add=tags, detail=detail)
    else:
        card_tag(card=card, user=user, remove=tags, detail=detail)
