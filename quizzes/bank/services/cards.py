"""Writes for flashcards in the bank: author, edit, approve, reject, tag, delete.

A card holds its current content (what the study queue reads); each saved change is also kept as
a ``CardVersion`` snapshot for the history page. Like questions, a never-studied draft may have
its latest snapshot amended in place; otherwise a change adds a snapshot. Cards made from the same
term or claim share a ``sibling_key`` (studying one buries the others for the day).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone

from quizzes.bank.compare import changed_fields
from quizzes.bank.rules import CARD_KINDS, clean_card
from quizzes.bank.services.items import (
    UNSET,
    Unset,
    event_record,
    links_check,
    links_update,
    refuse,
    reject,
    status_change,
    tags_edit,
    tags_resolve,
    tags_set,
)
from quizzes.bank.services.questions import ChangeMode
from quizzes.errors import BankError
from quizzes.models import (
    Card,
    CardVersion,
    Claim,
    Course,
    ItemStatus,
    Origin,
    Source,
    Term,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

CARD_FIELDS = ("kind", "front", "back", "extra")


def sibling_key_for(*, term: Term | None, claim: Claim | None) -> str:
    """Cards testing the same claim (or, failing that, term) are siblings."""
    if claim is not None:
        return f"claim:{claim.pk}"
    if term is not None:
        return f"term:{term.pk}"
    return ""


def card_content(card: Card) -> dict[str, object]:
    return {name: getattr(card, name) for name in CARD_FIELDS}


@transaction.atomic
def card_create(
    *,
    course: Course,
    user: AbstractBaseUser | None,
    kind: str,
    front: str,
    back: str,
    extra: str = "",
    tags: Iterable[str] = (),
    source: Source | None = None,
    term: Term | None = None,
    claim: Claim | None = None,
    origin: str = Origin.AUTHORED,
    generator: str = "",
    score: float = 0.0,
    evidence: tuple[int, int, str] | None = None,
    approve: bool = False,
) -> Card:
    """Create a draft card (approved if ``approve``) with its first snapshot, and audit it.

    Raises ``BankContentError`` for content that breaks a rule, ``BankError`` for links to
    another course; nothing is saved then.
    """
    if kind not in CARD_KINDS:
        raise BankError(f"Choose a card kind: {', '.join(CARD_KINDS)}.", field="kind")
    content, problems = clean_card(kind, front=front, back=back, extra=extra)
    refuse(problems)
    source = links_check(course, source=source, term=term, claim=claim)
    tag_list = tags_resolve(course, tags)
    if evidence is None:
        anchor = claim or term
        evidence = (
            (anchor.evidence_start, anchor.evidence_end, anchor.evidence_text)
            if anchor
            else (0, 0, "")
        )
    card = Card.objects.create(
        course=course,
        source=source,
        term=term,
        claim=claim,
        origin=origin,
        generator=generator,
        score=score,
        touched=origin == Origin.AUTHORED,
        created_by=user,
        sibling_key=sibling_key_for(term=term, claim=claim),
        evidence_start=evidence[0],
        evidence_end=evidence[1],
        evidence_text=evidence[2],
        **content.as_dict(),
    )
    CardVersion.objects.create(card=card, number=1, created_by=user, **content.as_dict())
    if tag_list:
        card.tags.set(tag_list)
    event_record(
        item=card,
        actor=user,
        action="create",
        detail={"version": 1, "kind": kind, "origin": origin, "tags": [t.name for t in tag_list]},
    )
    if approve:
        card_approve(card=card, user=user)
    return card


@transaction.atomic
def card_update(
    *,
    card: Card,
    user: AbstractBaseUser | None,
    kind: str | Unset = UNSET,
    front: str | Unset = UNSET,
    back: str | Unset = UNSET,
    extra: str | Unset = UNSET,
    tags: Iterable[str] | Unset = UNSET,
    source: Source | Unset | None = UNSET,
    term: Term | Unset | None = UNSET,
    claim: Claim | Unset | None = UNSET,
    approve: bool = False,
) -> tuple[Card, ChangeMode]:
    """Change what was given and audit it as one ``edit`` event; ``approve`` approves it too.

    Returns the card and whether its latest snapshot was amended, a new one made, or nothing
    changed. Raises ``BankContentError`` / ``BankError`` (archived card) and saves nothing then.
    """
    locked = Card.objects.select_for_update().select_related("course").get(pk=card.pk)
    if locked.status == ItemStatus.ARCHIVED:
        raise BankError("This card is archived; it can no longer be edited.", field="status")
    if kind is not UNSET and kind not in CARD_KINDS:
        raise BankError(f"Choose a card kind: {', '.join(CARD_KINDS)}.", field="kind")
    before = card_content(locked)
    given = {"kind": kind, "front": front, "back": back, "extra": extra}
    wanted = {**before, **{k: v for k, v in given.items() if v is not UNSET}}
    content, problems = clean_card(
        str(wanted["kind"]),
        front=str(wanted["front"]),
        back=str(wanted["back"]),
        extra=str(wanted["extra"]),
    )
    refuse(problems)
    after = content.as_dict()
    changes = changed_fields(before, after, CARD_FIELDS)
    mode: ChangeMode = "unchanged"
    if changes:
        for name, value in after.items():
            setattr(locked, name, value)
        mode = _snapshot(locked, user=user, content=after, before=before)
    changes.update(links_update(locked, source=source, term=term, claim=claim))
    if "term" in changes or "claim" in changes:
        locked.sibling_key = sibling_key_for(term=locked.term, claim=locked.claim)
    if tags is not UNSET:
        changes.update(tags_set(locked, tags))
    if changes:
        locked.touched = True
        locked.save()
        number = locked.versions.aggregate(n=Max("number"))["n"]
        event_record(
            item=locked,
            actor=user,
            action="edit",
            detail={"version": number, "mode": mode, "changes": changes},
        )
    if approve:
        card_approve(card=locked, user=user)
    return locked, mode


def _snapshot(
    card: Card,
    *,
    user: AbstractBaseUser | None,
    content: dict[str, object],
    before: dict[str, object],
) -> ChangeMode:
    latest = card.versions.order_by("-number").first()
    if latest is None:
        # A card stored by the generator has no snapshot yet: its original content becomes v1.
        latest = CardVersion.objects.create(card=card, number=1, created_by=None, **before)
    if card.status == ItemStatus.DRAFT and card.shown_at is None:
        for name, value in content.items():
            setattr(latest, name, value)
        latest.save(update_fields=list(content))
        return "amended"
    CardVersion.objects.create(card=card, number=latest.number + 1, created_by=user, **content)
    return "new_version"


@transaction.atomic
def card_approve(
    *, card: Card, user: AbstractBaseUser | None, detail: Mapping[str, object] | None = None
) -> Card:
    """Approve a card so decks may use it. Idempotent. Raises ``BankContentError`` when its
    content breaks a rule and ``BankError`` when it is archived."""
    _content, problems = clean_card(card.kind, front=card.front, back=card.back, extra=card.extra)
    refuse(problems, prefix="Fix this card before approving it: ")
    status_change(card, user=user, to=ItemStatus.APPROVED, detail=detail)
    return card


@transaction.atomic
def card_reject(
    *,
    card: Card,
    user: AbstractBaseUser | None,
    reason: str = "",
    detail: Mapping[str, object] | None = None,
) -> Card:
    """Reject a card (kept, never studied, not regenerated). Idempotent."""
    reject(card, user=user, reason=reason, detail=detail)
    return card


@transaction.atomic
def card_tag(
    *,
    card: Card,
    user: AbstractBaseUser | None,
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
    detail: Mapping[str, object] | None = None,
) -> Card:
    """Add and remove tags by name, and audit the change."""
    tags_edit(card, user=user, add=add, remove=remove, detail=detail)
    return card


@transaction.atomic
def card_delete(*, card: Card, user: AbstractBaseUser | None) -> str:
    """Delete a card no student has studied; archive it otherwise. Returns what it did."""
    if card.shown_at is None:
        try:
            with transaction.atomic():
                card.delete()
        except ProtectedError:  # a study schedule still points at it
            pass
        else:
            return "deleted"
    if card.status != ItemStatus.ARCHIVED:
        before = card.status
        card.status = ItemStatus.ARCHIVED
        card.touched = True
        card.save(update_fields=["status", "touched", "updated_at"])
        event_record(item=card, actor=user, action="archive", detail={"from": before})
    return "archived"


def card_mark_shown(*, card_ids: Iterable[int]) -> int:
    """Record that students have started studying these cards (the study queue calls this)."""
    return Card.objects.filter(pk__in=list(card_ids), shown_at__isnull=True).update(
        shown_at=timezone.now()
    )
