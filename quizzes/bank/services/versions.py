"""Versions of a bank item: the rule that decides whether a change amends the current version or
makes version N+1, and the making of a version. Helpers of ``services.items``.

An item that is still a draft and has never been shown to a student (``shown_at``) has its current
version amended in place; any other change makes version N+1, and earlier versions are never
changed: quizzes pin question versions, attempts keep the version they showed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import Max

from quizzes.bank.kinds import BankItem, ItemKind, Version, current_set
from quizzes.bank.selectors.history import latest_version
from quizzes.models import ItemStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import User

ChangeMode = Literal["amended", "new_version", "unchanged"]


def content_save(
    kind: ItemKind,
    item: BankItem,
    *,
    user: User | None,
    before: dict[str, Any],
    after: dict[str, Any],
) -> ChangeMode:
    """Store ``after`` as ``item``'s current content (``before`` was it) by the rule above, and
    point the item at it; the caller saves the item. Returns ``amended`` or ``new_version``."""
    latest = latest_version(item)
    if latest is None:
        # An item the generator stored without a version (cards): its original becomes version 1.
        latest = version_create(kind, item, number=1, user=None, content=before, previous=None)
    if item.status == ItemStatus.DRAFT and item.shown_at is None:
        for name, value in after.items():
            setattr(latest, name, value)
        latest.save(update_fields=list(after))
        mode: ChangeMode = "amended"
    else:
        number = (item.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        latest = version_create(
            kind, item, number=number, user=user, content=after, previous=latest
        )
        mode = "new_version"
    if kind.current_on_row:
        for name, value in after.items():
            setattr(item, name, value)
    else:
        current_set(item, latest)
    return mode


def version_create(
    kind: ItemKind,
    item: BankItem,
    *,
    number: int,
    user: User | None,
    content: Mapping[str, Any],
    previous: Version | None,
) -> Version:
    """Make version ``number`` of ``item`` with ``content``, following ``previous``."""
    carried: dict[str, Any] = {}
    if not kind.current_on_row:
        # A new version keeps its evidence; a recorded generator edit describes version 1's false
        # statement only.
        carried = {
            "evidence_start": getattr(previous, "evidence_start", 0),
            "evidence_end": getattr(previous, "evidence_end", 0),
            "evidence_text": getattr(previous, "evidence_text", ""),
            "edit": None,
        }
    return kind.version_model.objects.create(
        **{kind.name: item}, number=number, created_by=user, **content, **carried
    )
