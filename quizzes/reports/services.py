"""Writes for reports: a learner reports an item; an instructor resolves the report. Both keyword
only, atomic, raising domain errors with a message a person can act on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from quizzes.bank.kinds import kind_of
from quizzes.bank.selectors.history import version_number
from quizzes.core.bounds import has_nul
from quizzes.errors import ConflictError, ReportError
from quizzes.models import ItemReport, ReportReason, ReportStatus
from quizzes.reports.selectors import item_kind, item_to_report, report_for_instructor

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MAX_NOTE = 1000
MAX_RESPONSE = 1000


def _text(value: str, *, field: str, limit: int) -> str:
    value = (value or "").strip()
    if has_nul(value):
        raise ReportError("The text holds a character that cannot be stored.", field=field)
    if len(value) > limit:
        raise ReportError(f"Keep it under {limit} characters.", field=field)
    return value


@transaction.atomic
def report_create(
    *, user: User, kind: str, item_id: int, reason: str, note: str = ""
) -> ItemReport:
    """Report the ``kind`` ("question" or "card") ``item_id`` as ``reason`` (a ``ReportReason``)
    with an optional note. A second report by the same learner on the same item while the first
    is open updates that one (no duplicates). ``NotFound`` for an item the user cannot have met;
    ``ReportError`` for an unknown reason or a note that is too long."""
    if reason not in ReportReason.values:
        raise ReportError(
            "Choose what is wrong: " + ", ".join(ReportReason.values) + ".", field="reason"
        )
    note = _text(note, field="note", limit=MAX_NOTE)
    item = item_to_report(user, item_kind(kind), item_id)
    target = {kind_of(item).name: item}
    existing = (
        ItemReport.objects.select_for_update()
        .filter(reporter=user, status=ReportStatus.OPEN, **target)
        .first()
    )
    if existing is not None:
        existing.reason, existing.note = reason, note
        existing.save(update_fields=["reason", "note"])
        return existing
    return ItemReport.objects.create(
        course_id=item.course_id,
        reporter=user,
        reason=reason,
        note=note,
        version=version_number(item) or 0,
        **target,
    )


@transaction.atomic
def report_resolve(
    *, user: User, report_id: int, outcome: str, response: str = ""
) -> list[ItemReport]:
    """Resolve a report as ``fixed`` (the item has a version newer than the one reported: every
    open report on the item is fixed with it) or ``dismissed`` (this report only), with an
    optional word to the learner. Returns the reports resolved. ``NotFound`` unless the user
    teaches the course; ``ConflictError`` for a report already resolved; ``ReportError`` for an
    unknown outcome, or "fixed" before the item was changed."""
    if outcome not in (ReportStatus.FIXED, ReportStatus.DISMISSED):
        raise ReportError("Resolve it as fixed or dismissed.", field="outcome")
    response = _text(response, field="response", limit=MAX_RESPONSE)
    report = report_for_instructor(user, report_id)
    report = ItemReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.OPEN:
        raise ConflictError(f"This report was {report.status} already.")
    reports = [report]
    if outcome == ReportStatus.FIXED:
        item = report.question if report.question_id else report.card
        if item is None:  # pragma: no cover - the constraint holds one
            raise ReportError("The report names no item.", field="outcome")
        if (version_number(item) or 0) <= report.version:
            raise ReportError(
                f"Edit the {kind_of(item).name} first: save a new version, then mark the report "
                "fixed (or dismiss it).",
                field="outcome",
            )
        target = {kind_of(item).name: item}
        reports = list(
            ItemReport.objects.select_for_update().filter(status=ReportStatus.OPEN, **target)
        )
    now = timezone.now()
    for each in reports:
        each.status, each.resolved_by, each.resolved_at = outcome, user, now
        each.response = response
        each.save(update_fields=["status", "resolved_by", "resolved_at", "response"])
    return reports
