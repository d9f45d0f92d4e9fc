"""Imports into the bank: each file an instructor imports, and where each item came from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", "Waiting for confirmation"
    DONE = "done", "Imported"
    CANCELLED = "cancelled", "Cancelled"


class ImportBatch(models.Model):
    """One uploaded file. While it waits for the instructor's confirmation (``preview``) it keeps
    the file's bytes, so the preview and the import read the same file; confirming imports it in
    one transaction and drops the bytes; cancelling drops them too."""

    course = models.ForeignKey("quizzes.Course", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=20)
    # The article the imported items are filed under (their review queue), if one was chosen.
    source = models.ForeignKey(
        "quizzes.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    data = models.BinaryField(blank=True, default=b"", editable=False)
    created_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class ImportedItem(models.Model):
    """Provenance of one imported question or card: its file (``batch``: name and format) and
    its place in it ("line 12", "item 3", "row 4", "note 2")."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="items")
    question = models.OneToOneField(
        "quizzes.Question",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="provenance",
    )
    card = models.OneToOneField(
        "quizzes.Card", null=True, blank=True, on_delete=models.CASCADE, related_name="provenance"
    )
    position = models.CharField(max_length=120)

    class Meta:
        ordering = ["batch", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=False) | Q(card__isnull=False),
                name="imported_item_has_an_item",
            )
        ]

    def __str__(self) -> str:
        return f"{self.position} of {self.batch_id}"
