"""An item's past, for either kind: its versions (each with what changed since the one before)
and its audit trail (who did what, when)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Max

from quizzes.bank.compare import FieldDiff, changed_fields, field_diffs
from quizzes.bank.kinds import kind_of
from quizzes.models import ItemEvent, Question, RejectReason

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from quizzes.bank.kinds import BankItem, Version


def latest_version(item: BankItem) -> Version | None:
    """The item's current version: a question's ``current``, a card's latest snapshot."""
    if kind_of(item).current_on_row:
        return item.versions.order_by("-number").first()
    return getattr(item, "current", None)


def version_number(item: BankItem) -> int | None:
    """The number of the item's current version (``None`` for a card never edited)."""
    if kind_of(item).current_on_row:
        return item.versions.aggregate(n=Max("number"))["n"]
    current = getattr(item, "current", None)
    return current.number if current is not None else None


@dataclass(frozen=True)
class VersionView:
    """A version with what changed since the one before it."""

    version: Version
    summary: str = ""  # its content in one line
    diffs: list[FieldDiff] = field(default_factory=list)
    changes: dict[str, list[object]] = field(default_factory=dict)
    current: bool = False


def item_versions(item: BankItem) -> list[VersionView]:
    """The item's versions, newest first, each with its diff from the previous one."""
    kind = kind_of(item)
    versions: list[Version] = list(item.versions.select_related("created_by").order_by("number"))
    # A card's current content is its latest snapshot; a question points at its current version.
    latest = versions[-1].pk if versions else None
    current_id = item.current_id if isinstance(item, Question) else latest
    variant = kind.variant_of(item)
    views = []
    previous: dict[str, object] | None = None
    for version in versions:
        values = {name: getattr(version, name) for name in kind.content_fields}
        changes = (
            changed_fields(previous, values, kind.content_fields) if previous is not None else {}
        )
        views.append(
            VersionView(
                version=version,
                summary=kind.preview(variant, values)["summary"],
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
            return text + _reasons(detail)
        if action == "reason":
            return "gave the rejection a reason" + _reasons(detail)
        if action == "undo":
            return f"undid the {'approval' if detail.get('from') == 'approved' else 'rejection'}"
        if action == "tag":
            return "changed its tags"
        if action == "archive":
            return "archived it (students had seen it, so it was kept)"
        return action


def _reasons(detail: dict) -> str:
    parts = []
    if detail.get("category") in RejectReason.values:
        parts.append(str(RejectReason(detail["category"]).label).lower())
    if detail.get("reason"):
        parts.append(f"“{detail['reason']}”")
    return ": " + ", ".join(parts) if parts else ""


def item_history(item: BankItem) -> list[HistoryEntry]:
    """The item's audit trail, newest first."""
    events = item.events.select_related("actor").order_by("-at", "-id")
    return [HistoryEntry(event=e, diffs=field_diffs(e.detail.get("changes") or {})) for e in events]


def item_events(item: BankItem) -> QuerySet[ItemEvent]:
    """The item's audit trail, oldest first (as the API lists it)."""
    return item.events.select_related("actor").order_by("at", "id")
