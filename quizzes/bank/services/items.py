"""Writes for the bank: the item lifecycle, once for questions and cards (``quizzes.bank.kinds``).

An item is an identity; its content lives in versions. The versioning rule: an item that is still
a draft and has never been shown to a student (``shown_at``) may have its current version amended
in place; once it has been approved, rejected or shown, every saved change makes version N+1 and
earlier versions are never changed (quizzes pin question versions, attempts keep the version they
showed). Every instructor action appends an ``ItemEvent`` whose ``detail["changes"]`` holds
``{field: [before, after]}`` for the history page.

The duplicate rule: a hand-written item that nearly repeats a live item of its course (same fact,
nearly the same words) is saved only when its author confirms it (``confirm_duplicate``);
otherwise ``BankDuplicateError`` lists the items it repeats. Both the pages and the API follow it.

Content arguments are the kind's own fields, given by name: ``type``, ``prompt``, ``choices``,
``accepted``, ``truth``, ``explanation``, ``difficulty`` for a question; ``kind``, ``front``,
``back``, ``extra`` for a card.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from quizzes.bank.compare import changed_fields
from quizzes.bank.kinds import BankItem, ItemKind, current_set, kind_of
from quizzes.bank.selectors.duplicates import duplicates_of
from quizzes.bank.selectors.history import version_number
from quizzes.bank.selectors.items import undo_refusal
from quizzes.bank.services.links import UNSET, Unset, links_check, links_update, sibling_key_for
from quizzes.bank.services.tags import tag_names, tags_resolve, tags_set
from quizzes.bank.services.versions import ChangeMode, content_save
from quizzes.errors import (
    BankContentError,
    BankDuplicateError,
    BankError,
    ConflictError,
    NotFound,
)
from quizzes.models import (
    Card,
    Claim,
    Course,
    ItemEvent,
    ItemStatus,
    Origin,
    RejectReason,
    Source,
    Term,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from quizzes.bank.rules import Problem


@dataclass(frozen=True)
class ItemChange:
    """What ``item_update`` did: amended the current version, made a new one, or nothing to the
    content; ``version`` is the current version's number afterwards (``None`` for a card that
    was never edited), ``changes`` the ``{field: [before, after]}`` it audited."""

    item: BankItem
    mode: ChangeMode
    version: int | None = None
    changes: dict[str, list[object]] = field(default_factory=dict)


def event_record(
    *,
    item: BankItem,
    actor: User | None,
    action: str,
    detail: Mapping[str, Any] | None = None,
) -> ItemEvent:
    """Append one audit entry for ``item``. Events are never updated or deleted by the bank."""
    target = {kind_of(item).name: item}
    return ItemEvent.objects.create(actor=actor, action=action, detail=dict(detail or {}), **target)


@transaction.atomic
def item_create(
    item_kind: ItemKind,
    /,
    *,
    course: Course,
    user: User | None,
    tags: Iterable[str] = (),
    source: Source | None = None,
    term: Term | None = None,
    claim: Claim | None = None,
    origin: str = Origin.AUTHORED,
    generator: str = "",
    score: float = 0.0,
    evidence: tuple[int, int, str] | None = None,
    approve: bool = False,
    confirm_duplicate: bool = False,
    **given: Any,
) -> BankItem:
    """Create a question or card (``item_kind``) with version 1, a draft unless ``approve``, and
    audit it. ``given`` is its content, by field (with the type or kind).

    ``evidence`` is ``(start, end, text)`` in the article's cleaned text; without it, the claim's
    or term's evidence is used. Raises ``BankContentError`` (every problem, the first one's field
    named) for content that breaks a rule, ``BankError`` for an article, term or claim from
    another course, and ``BankDuplicateError`` for a hand-written near-duplicate not confirmed.
    Nothing is saved then.
    """
    kind = item_kind
    _check_names(kind, given)
    variant = str(given.get(kind.variant.field, ""))
    _check_variant(kind, variant)
    wanted = {**kind.blank, **given}
    content, problems = kind.clean(variant, {name: wanted[name] for name in kind.content_fields})
    refuse(problems)
    source = links_check(course, source=source, term=term, claim=claim)
    if origin == Origin.AUTHORED and not confirm_duplicate:
        _refuse_duplicates(kind, course=course, variant=variant, content=content)
    tag_list = tags_resolve(course, tags)
    if evidence is None:
        anchor = claim or term
        evidence = (
            (anchor.evidence_start, anchor.evidence_end, anchor.evidence_text)
            if anchor is not None
            else (0, 0, "")
        )
    spans = dict(zip(("evidence_start", "evidence_end", "evidence_text"), evidence, strict=True))
    row: dict[str, Any] = {kind.variant.field: variant}
    if kind.current_on_row:
        row.update(content, **spans)
    if kind.groups_siblings:
        row["sibling_key"] = sibling_key_for(term=term, claim=claim)
    item = kind.model.objects.create(
        course=course,
        source=source,
        term=term,
        claim=claim,
        origin=origin,
        generator=generator,
        score=score,
        # An instructor's own item must survive regeneration of the article's drafts.
        touched=origin == Origin.AUTHORED,
        created_by=user,
        **row,
    )
    version = kind.version_model.objects.create(
        **{kind.name: item},
        number=1,
        created_by=user,
        **content,
        **({} if kind.current_on_row else spans),
    )
    if not kind.current_on_row:
        current_set(item, version).save(update_fields=["current"])
    if tag_list:
        item.tags.set(tag_list)
    event_record(
        item=item,
        actor=user,
        action="create",
        detail={
            "version": 1,
            kind.variant.field: variant,
            "origin": origin,
            "tags": [t.name for t in tag_list],
        },
    )
    if approve:
        item_approve(item=item, user=user)
    return item


@transaction.atomic
def item_update(
    *,
    item: BankItem,
    user: User | None,
    tags: Iterable[str] | Unset = UNSET,
    source: Source | Unset | None = UNSET,
    term: Term | Unset | None = UNSET,
    claim: Claim | Unset | None = UNSET,
    approve: bool = False,
    **given: Any,
) -> ItemChange:
    """Change what was given (content fields by name; anything left out stays) and audit it as one
    ``edit`` event. ``approve`` approves it in the same transaction (edit-then-approve).

    Content changes amend the current version while the item is an unshown draft, and make
    version N+1 otherwise. Raises ``BankContentError`` / ``BankError`` and saves nothing when the
    result breaks a rule or the item is archived.
    """
    kind = kind_of(item)
    _check_names(kind, given)
    # Lock the row alone, then read its current version in a fresh query: a join taken with the
    # lock would come from the snapshot before a concurrent edit committed its new version.
    locked = kind.model.objects.select_for_update().filter(pk=item.pk).first()
    if locked is None:
        raise _gone(item)
    if locked.status == ItemStatus.ARCHIVED:
        raise BankError(
            f"This {kind.name} is archived; it can no longer be edited.", field="status"
        )
    variant = _variant_after(kind, locked, given)
    before = kind.content_of(locked)
    wanted = {**before, **{k: v for k, v in given.items() if k in kind.content_fields}}
    content, problems = kind.clean(variant, wanted)
    refuse(problems)
    changes = changed_fields(before, content, kind.content_fields)
    mode: ChangeMode = "unchanged"
    if changes:
        mode = content_save(kind, locked, user=user, before=before, after=content)
    changes.update(links_update(locked, source=source, term=term, claim=claim))
    if (
        isinstance(locked, Card)
        and kind.groups_siblings
        and ("term" in changes or "claim" in changes)
    ):
        locked.sibling_key = sibling_key_for(term=locked.term, claim=locked.claim)
    if tags is not UNSET:
        changes.update(tags_set(locked, tags))
    number = version_number(locked)
    if changes:
        locked.touched = True
        locked.save()
        event_record(
            item=locked,
            actor=user,
            action="edit",
            detail={"version": number, "mode": mode, "changes": changes},
        )
    if approve:
        item_approve(item=locked, user=user)
    return ItemChange(item=locked, mode=mode, version=number, changes=changes)


@transaction.atomic
def item_approve(
    *, item: BankItem, user: User | None, detail: Mapping[str, object] | None = None
) -> BankItem:
    """Approve an item so quizzes and decks may use it. Idempotent (approving twice audits once).

    Raises ``BankContentError`` when its current content breaks a rule (a generated draft may),
    and ``BankError`` when it is archived.
    """
    kind = kind_of(item)
    _content, problems = kind.clean(kind.variant_of(item), kind.content_of(item))
    refuse(problems, prefix=f"Fix this {kind.name} before approving it: ")
    version = version_number(item)
    status_change(
        item,
        user=user,
        to=ItemStatus.APPROVED,
        detail={**({"version": version} if version else {}), **(detail or {})},
    )
    return item


@transaction.atomic
def item_reject(
    *,
    item: BankItem,
    user: User | None,
    reason: str = "",
    category: str = "",
    detail: Mapping[str, object] | None = None,
) -> BankItem:
    """Reject an item: it stays in the bank (regeneration will not bring it back) but no quiz or
    deck uses it. ``category`` is the rubric's reason (a ``RejectReason``; optional), stored on
    the item for the rejection report; ``reason`` is a free note. Both go into its audit event.
    Idempotent. Raises ``BankError`` for an unknown category or an archived item."""
    if category and category not in RejectReason.values:
        raise BankError(
            "Choose a reason from the list: " + ", ".join(RejectReason.values) + ".",
            field="category",
        )
    extra = {
        **({"reason": reason.strip()[:500]} if reason.strip() else {}),
        **({"category": category} if category else {}),
        **(detail or {}),
    }
    _lock(item)
    if item.status == ItemStatus.REJECTED:
        if category and item.reject_reason != category:
            item.reject_reason = category  # rejected already: the reason given now is the one
            item.save(update_fields=["reject_reason", "updated_at"])
            event_record(item=item, actor=user, action="reason", detail=extra)
        return item
    item.reject_reason = category
    status_change(item, user=user, to=ItemStatus.REJECTED, detail=extra)
    return item


def _gone(item: BankItem) -> NotFound:
    return NotFound(f"This {kind_of(item).name} no longer exists: it was deleted.")


def _lock(item: BankItem) -> None:
    """Lock the item's row until the transaction ends and take its stored status and first-shown
    mark into ``item``; ``NotFound`` when it was deleted meanwhile. Two requests on one item (a
    delete and a reject at once) then run one after the other on what the other left, rather
    than each on the item as it loaded it (a save of a deleted row is an error, a reject of it a
    false success)."""
    row = (
        type(item)
        .objects.select_for_update()
        .filter(pk=item.pk)
        .values_list("status", "shown_at")
        .first()
    )
    if row is None:
        raise _gone(item)
    item.status, item.shown_at = row


@transaction.atomic
def item_status_undo(*, item: BankItem, user: User, now: datetime | None = None) -> BankItem:
    """Take back ``user``'s last approval or rejection of ``item``: it goes back to the status
    it had before (a draft, usually), its rejection reason is cleared, and the undo is audited.
    Only the item's latest status change, the user's own, made within ``UNDO_WINDOW``, can be
    undone; anything else raises ``ConflictError`` saying why."""
    kind = kind_of(item)
    locked = kind.model.objects.select_for_update().filter(pk=item.pk).first()
    if locked is None:
        raise _gone(item)
    refusal = undo_refusal(locked, user, now=now)
    if refusal:
        raise ConflictError(refusal)
    undone = locked.status
    last = locked.events.filter(action__in=("approve", "reject")).order_by("-at", "-id").first()
    before = str(last.detail.get("from") or ItemStatus.DRAFT) if last else ItemStatus.DRAFT
    locked.status = before
    locked.reject_reason = ""
    locked.save(update_fields=["status", "reject_reason", "updated_at"])
    event_record(
        item=locked,
        actor=user,
        action="undo",
        detail={"from": undone, "to": before, "undid": last.pk if last else None},
    )
    item.status, item.reject_reason = locked.status, locked.reject_reason
    return locked


def status_change(
    item: BankItem,
    *,
    user: User | None,
    to: str,
    detail: Mapping[str, Any] | None = None,
) -> bool:
    """Move ``item`` to ``to`` (approved or rejected) and audit it; False when it already was.

    Raises ``BankError`` for an archived item: it left the bank and cannot come back silently;
    ``NotFound`` for one deleted meanwhile. Runs inside the caller's transaction (it locks).
    """
    _lock(item)
    if item.status == ItemStatus.ARCHIVED:
        raise BankError(
            f"This {kind_of(item).name} is archived (students have seen it); it cannot be "
            f"{'approved' if to == ItemStatus.APPROVED else 'rejected'}.",
            field="status",
        )
    if item.status == to:
        return False
    before = item.status
    item.status = to
    item.touched = True
    if to != ItemStatus.REJECTED:
        item.reject_reason = ""
    item.save(update_fields=["status", "touched", "reject_reason", "updated_at"])
    action = "approve" if to == ItemStatus.APPROVED else "reject"
    event_record(
        item=item, actor=user, action=action, detail={"from": before, "to": to, **(detail or {})}
    )
    return True


@transaction.atomic
def item_tag(
    *,
    item: BankItem,
    user: User | None,
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
    detail: Mapping[str, object] | None = None,
) -> BankItem:
    """Add and remove tags by name (new ones are created for the course) and audit the change."""
    removing = {name.casefold() for name in remove}
    names = [n for n in tag_names(item) if n.casefold() not in removing]
    changes = tags_set(item, [*names, *add])
    if changes:
        item.touched = True
        item.save(update_fields=["touched", "updated_at"])
        event_record(
            item=item, actor=user, action="tag", detail={"changes": changes, **(detail or {})}
        )
    return item


@transaction.atomic
def item_delete(*, item: BankItem, user: User | None) -> Literal["deleted", "archived"]:
    """Delete an item no student has seen or studied; archive it otherwise. Returns what it did.
    Archived items keep their versions and history and leave every list. Raises ``NotFound``
    when it was deleted meanwhile."""
    _lock(item)
    if item.shown_at is None:
        try:
            with transaction.atomic():
                item.delete()
        except ProtectedError:  # something still points at it (a quiz slot, a study schedule)
            pass
        else:
            return "deleted"
    if item.status != ItemStatus.ARCHIVED:
        before = item.status
        item.status = ItemStatus.ARCHIVED
        item.touched = True
        item.save(update_fields=["status", "touched", "updated_at"])
        event_record(item=item, actor=user, action="archive", detail={"from": before})
    return "archived"


def items_mark_shown(item_kind: ItemKind, /, *, ids: Iterable[int]) -> int:
    """Record that students have now seen these questions (the quiz engine calls this when an
    attempt starts) or studied these cards. From then on, edits make new versions and delete
    archives. Returns how many were seen for the first time."""
    return item_kind.model.objects.filter(pk__in=list(ids), shown_at__isnull=True).update(
        shown_at=timezone.now()
    )


def refuse(problems: list[Problem], *, prefix: str = "") -> None:
    """Raise ``BankContentError`` for content problems; do nothing when there are none."""
    if problems:
        raise BankContentError([(p.field, p.message) for p in problems], prefix=prefix)


def _refuse_duplicates(
    kind: ItemKind, *, course: Course, variant: str, content: Mapping[str, Any]
) -> None:
    found = duplicates_of(kind, course=course, variant=variant, content=content)
    if found:
        listed = ", ".join(f"#{d.id}" for d in found)
        raise BankDuplicateError(
            f"This {kind.name} nearly repeats {listed} already in the bank; confirm it "
            "(confirm_duplicate) to save it anyway.",
            duplicates=list(found),
        )


def _check_names(kind: ItemKind, given: Mapping[str, Any]) -> None:
    unknown = set(given) - {kind.variant.field, *kind.content_fields}
    if unknown:
        raise TypeError(f"Not a {kind.name}'s content: {', '.join(sorted(unknown))}.")


def _check_variant(kind: ItemKind, variant: str) -> None:
    if variant not in kind.variant.choices:
        raise BankError(
            f"Choose a {kind.name} {kind.variant.field}: {', '.join(kind.variant.choices)}.",
            field=kind.variant.field,
        )


def _variant_after(kind: ItemKind, item: BankItem, given: Mapping[str, Any]) -> str:
    """The variant the item will have: a card may change kind; a question keeps its type."""
    current = kind.variant_of(item)
    wanted = str(given.get(kind.variant.field, current))
    if wanted == current:
        return current
    if not kind.variant.editable:
        raise BankError(
            f"A {kind.name}'s {kind.variant.field} cannot change; write a new {kind.name}.",
            field=kind.variant.field,
        )
    _check_variant(kind, wanted)
    return wanted
