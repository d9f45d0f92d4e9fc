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

from quizzes.bank.kinds import BankItem, ItemKind
from quizzes.bank.selectors.items import items_for_instructor
from quizzes.bank.services.items import item_approve, item_reject, item_tag
from quizzes.bank.services.tags import tag_names_clean
from quizzes.errors import BankError, RetainError
from quizzes.models import ItemEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import User

BULK_ACTIONS = ("approve", "reject", "tag", "untag")
MAX_BULK = 1000


@dataclass(frozen=True)
class BulkResult:
    action: str
    ids: list[int]
    changed: int  # items whose state actually changed (approving an approved item changes nothing)


@transaction.atomic
def items_bulk(
    kind: ItemKind,
    /,
    *,
    user: User,
    ids: Sequence[int],
    action: str,
    tags: Iterable[str] = (),
) -> BulkResult:
    """Apply ``action`` to every item of ``kind`` in ``ids``; raise ``BankError`` and change
    nothing if any id is unknown to the user or any item refuses the action."""
    tags = list(tags)
    items = _resolve(kind, user, ids, action, tags)
    # Each item gets at most one event per action, so new events count the items that changed.
    events = ItemEvent.objects.filter(**{f"{kind.name}__in": items})
    before = events.count()
    for item in items:
        try:
            _act(item, action=action, user=user, tags=tags)
        except RetainError as error:
            raise BankError(
                f"{kind.title} {item.pk}: {error.message} Nothing was changed.", field="ids"
            ) from error
    return BulkResult(
        action=action, ids=[item.pk for item in items], changed=events.count() - before
    )


def _resolve(
    kind: ItemKind, user: User, ids: Sequence[int], action: str, tags: list[str]
) -> list[Any]:
    if action not in BULK_ACTIONS:
        raise BankError(f"Choose an action: {', '.join(BULK_ACTIONS)}.", field="action")
    wanted = list(dict.fromkeys(int(i) for i in ids))
    if not wanted:
        raise BankError(f"Select at least one {kind.name}.", field="ids")
    if len(wanted) > MAX_BULK:
        raise BankError(f"Select at most {MAX_BULK} items at a time.", field="ids")
    if action in {"tag", "untag"} and not tag_names_clean(tags):
        raise BankError("Give the tag to add or remove.", field="tags")
    found = {
        item.pk: item
        for item in items_for_instructor(kind, user).select_related("course").filter(pk__in=wanted)
    }
    missing = [i for i in wanted if i not in found]
    if missing:
        listed = ", ".join(str(i) for i in missing[:10]) + ("…" if len(missing) > 10 else "")
        raise BankError(
            f"No {kind.name} with id {listed} in the courses you teach; nothing was changed.",
            field="ids",
        )
    return [found[i] for i in wanted]


def _act(item: BankItem, *, action: str, user: User, tags: list[str]) -> None:
    detail = {"bulk": True}
    if action == "approve":
        item_approve(item=item, user=user, detail=detail)
    elif action == "reject":
        item_reject(item=item, user=user, detail=detail)
    elif action == "tag":
        item_tag(item=item, user=user, add=tags, detail=detail)
    else:
        item_tag(item=item, user=user, remove=tags, detail=detail)
