"""How instructors judge what each generator makes: per generator, how many of its items were
approved and rejected, the share rejected and the rubric's reasons given (``RejectReason``) — the
generation quality measured on real use. The page shows it and exports it as CSV; the API lists it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count

from quizzes.bank.kinds import CARD, QUESTION
from quizzes.courses.selectors import course_for_instructor
from quizzes.models import Course, ItemStatus, Origin, RejectReason

if TYPE_CHECKING:
    from django.contrib.auth.models import User

NO_REASON = "none"  # rejected without a reason given
REASONS = [*RejectReason.values, NO_REASON]
REASON_LABELS = {**dict(RejectReason.choices), NO_REASON: "No reason given"}


@dataclass
class GeneratorRejections:
    """One generator's items of one kind in a course, by status, and why the rejected ones were."""

    kind: str  # "question" or "card"
    generator: str
    drafts: int = 0
    approved: int = 0
    rejected: int = 0
    reasons: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REASONS, 0))

    @property
    def reviewed(self) -> int:
        return self.approved + self.rejected

    @property
    def reasons_given(self) -> list[tuple[str, str, int]]:
        """(reason, label, count) of the reasons given at least once, in the rubric's order."""
        return [(r, str(REASON_LABELS[r]), n) for r, n in self.reasons.items() if n]

    @property
    def rejected_share(self) -> float | None:
        """Rejected among those reviewed (approved or rejected); None before any review."""
        return self.rejected / self.reviewed if self.reviewed else None


@dataclass(frozen=True)
class RejectionReport:
    course: Course
    rows: list[GeneratorRejections]

    @property
    def reason_labels(self) -> list[tuple[str, str]]:
        return [(reason, str(REASON_LABELS[reason])) for reason in REASONS]


def rejection_report(user: User, course_id: int) -> RejectionReport:
    """The course's generated questions and cards, per kind and generator (most reviewed first).
    ``NotFound`` for a course the user does not teach. Two queries."""
    course = course_for_instructor(user, course_id)
    rows: dict[tuple[str, str], GeneratorRejections] = {}
    for kind in (QUESTION, CARD):
        counted = (
            kind.model.objects.filter(
                course=course,
                origin=Origin.GENERATED,
                status__in=(ItemStatus.DRAFT, ItemStatus.APPROVED, ItemStatus.REJECTED),
            )
            .values("generator", "status", "reject_reason")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for group in counted:
            key = (kind.name, group["generator"] or "unknown")
            row = rows.setdefault(key, GeneratorRejections(kind=key[0], generator=key[1]))
            n = group["n"]
            if group["status"] == ItemStatus.DRAFT:
                row.drafts += n
            elif group["status"] == ItemStatus.APPROVED:
                row.approved += n
            else:
                row.rejected += n
                reason = group["reject_reason"] or NO_REASON
                row.reasons[reason if reason in REASONS else RejectReason.OTHER] += n
    ordered = sorted(rows.values(), key=lambda r: (r.kind != "question", -r.reviewed, r.generator))
    return RejectionReport(course=course, rows=ordered)


def rejection_csv_rows(report: RejectionReport) -> list[list[str]]:
    """The report as CSV rows, a header first (one column per reason)."""
    header = ["kind", "generator", "drafts", "approved", "rejected", "rejected_share", *REASONS]
    out = [header]
    for row in report.rows:
        share = row.rejected_share
        out.append(
            [
                row.kind,
                row.generator,
                str(row.drafts),
                str(row.approved),
                str(row.rejected),
                "" if share is None else f"{share:.3f}",
                *(str(row.reasons[reason]) for reason in REASONS),
            ]
        )
    return out


def totals_by_reason(report: RejectionReport) -> dict[str, int]:
    """How often each reason was given, over every generator."""
    totals: dict[str, int] = defaultdict(int)
    for row in report.rows:
        for reason, n in row.reasons.items():
            totals[reason] += n
    return {reason: totals[reason] for reason in REASONS}
