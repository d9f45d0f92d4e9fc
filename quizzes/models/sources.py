"""Articles (sources) that questions and cards are generated from."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SourceStatus(models.TextChoices):
    NEW = "new", "New"
    PROCESSING = "processing", "Processing"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class SourceFormat(models.TextChoices):
    TEXT = "text", "Plain text"
    MARKDOWN = "markdown", "Markdown"
    HTML = "html", "HTML"


class Source(models.Model):
    course = models.ForeignKey("quizzes.Course", on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(max_length=300)
    # Retain made the title up (the article gave none): the article page asks the instructor to
    # confirm or change it.
    title_guessed = models.BooleanField(default=False)
    author = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    licence = models.CharField(max_length=300, blank=True)
    format = models.CharField(
        max_length=10, choices=SourceFormat.choices, default=SourceFormat.TEXT
    )
    # What the instructor gave us, byte for byte (decoded); `text` is what we study.
    original = models.TextField()
    text = models.TextField()
    # The engine's cleaned text (page furniture removed); evidence offsets point into it.
    cleaned_text = models.TextField(blank=True)
    language = models.CharField(max_length=12, blank=True)
    # SHA-256 of the whitespace-normalised text: adding the same article twice finds the first.
    checksum = models.CharField(max_length=64)
    status = models.CharField(max_length=12, choices=SourceStatus.choices, default=SourceStatus.NEW)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "checksum"], name="source_unique_text_per_course"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def words(self) -> int:
        return len(self.text.split())
