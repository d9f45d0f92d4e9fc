"""Reports from learners: "this card or question is wrong / unclear / has a typo", and what the
course's instructors did about it (fixed it with a new version, or dismissed it)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReportReason(models.TextChoices):
    WRONG = "wrong", "It is wrong"
    UNCLEAR = "unclear", "It is unclear"
    TYPO = "typo", "It has a typo"
    OTHER = "other", "Something else"


class ReportStatus(models.TextChoices):
    OPEN = "open", "Open"
    FIXED = "fixed", "Fixed"
    DISMISSED = "dismissed", "Dismissed"


class ItemReport(models.Model):
    """One learner's report on one question or card of a course."""

    course = models.ForeignKey("quizzes.Course", on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(
        "quizzes.Question", null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    card = models.ForeignKey(
        "quizzes.Card", null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=10, choices=ReportReason.choices)
    note = models.TextField(blank=True)
    # The item's version number when it was reported (0: a card never edited): "fixed" needs a
    # newer one.
    version = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    response = models.TextField(blank=True)  # the instructor's word to the learner
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(question__isnull=False, card__isnull=True)
                | models.Q(question__isnull=True, card__isnull=False),
                name="report_has_one_item",
            ),
        ]
        indexes = [
            models.Index(fields=["course", "status"], name="report_course_status"),
            models.Index(fields=["reporter", "created_at"], name="report_reporter_created"),
        ]

    def __str__(self) -> str:
        return f"{self.reason} report on {'question' if self.question_id else 'card'}"
