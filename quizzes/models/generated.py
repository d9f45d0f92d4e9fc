"""What the generation engine found in an article: its key terms and key claims."""

from __future__ import annotations

from django.db import models


class Evidenced(models.Model):
    """A span of the article's cleaned text (offsets into ``Source.cleaned_text``)."""

    evidence_start = models.PositiveIntegerField(default=0)
    evidence_end = models.PositiveIntegerField(default=0)
    evidence_text = models.TextField(blank=True)

    class Meta:
        abstract = True


class Term(Evidenced):
    source = models.ForeignKey("quizzes.Source", on_delete=models.CASCADE, related_name="terms")
    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=20)
    aliases = models.JSONField(default=list, blank=True)
    definition = models.TextField(blank=True)
    score = models.FloatField(default=0)
    rank = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["source", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["source", "text"], name="term_unique_text_per_source")
        ]

    def __str__(self) -> str:
        return self.text


class ClaimStance(models.TextChoices):
    FACT = "fact", "Fact"
    OPINION = "opinion", "The author's view"


class Claim(Evidenced):
    source = models.ForeignKey("quizzes.Source", on_delete=models.CASCADE, related_name="claims")
    text = models.TextField()
    stance = models.CharField(max_length=10, choices=ClaimStance.choices, default=ClaimStance.FACT)
    score = models.FloatField(default=0)
    rank = models.PositiveIntegerField(default=0)
    enumeration = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["source", "rank"]

    def __str__(self) -> str:
        return self.text[:80]
