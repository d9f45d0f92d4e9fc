"""The question bank: questions (identities with immutable versions), flashcards, tags, audit."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from quizzes.models.generated import Evidenced


class ItemStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    ARCHIVED = "archived", "Archived"


class Origin(models.TextChoices):
    GENERATED = "generated", "Generated"
    AUTHORED = "authored", "Written by hand"
    IMPORTED = "imported", "Imported"


class RejectReason(models.TextChoices):
    """Why an instructor rejected an item: the generation rubric's reasons
    (shared/notes/generation-rubric.md), so generation quality is measured on real use."""

    TRIVIAL = "trivial", "Trivial or uninformative"
    DISTRACTORS = "distractors", "Bad distractors"
    UNGRAMMATICAL = "ungrammatical", "Ungrammatical or unreadable"
    WRONG_ANSWER = "wrong_answer", "Wrong answer"
    AMBIGUOUS = "ambiguous", "Ambiguous"
    NEEDS_CONTEXT = "needs_context", "Needs context"
    OPINION = "opinion", "Opinion stated as fact"
    FURNITURE = "furniture", "Page furniture"
    OTHER = "other", "Other"


class QuestionType(models.TextChoices):
    MCQ = "mcq", "Multiple choice"
    MCQ_MULTI = "mcq_multi", "Multiple choice (several answers)"
    TRUE_FALSE = "true_false", "True or false"
    CLOZE = "cloze", "Fill in the blank"
    SHORT_ANSWER = "short_answer", "Short answer"


class Tag(models.Model):
    course = models.ForeignKey("quizzes.Course", on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["course", "name"], name="tag_unique_name_per_course")
        ]

    def __str__(self) -> str:
        return self.name


class BankItem(models.Model):
    """Fields shared by questions and cards: where they come from and where they stand."""

    course = models.ForeignKey("quizzes.Course", on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(
        "quizzes.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    term = models.ForeignKey(
        "quizzes.Term", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claim = models.ForeignKey(
        "quizzes.Claim", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=ItemStatus.choices, default=ItemStatus.DRAFT)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.AUTHORED)
    generator = models.CharField(max_length=60, blank=True)
    score = models.FloatField(default=0)
    # Why it was rejected (blank: not rejected, or no reason given); cleared when it leaves that.
    reject_reason = models.CharField(max_length=20, choices=RejectReason.choices, blank=True)
    # A generated item's place in the engine's review queue (1 = first): the engine orders by
    # its keep model and mixes sentences and forms, which the score alone does not say. Empty
    # for items written by hand or imported.
    rank = models.PositiveIntegerField(null=True, blank=True)
    # A generated item an instructor has touched (edited, approved, rejected) survives regeneration.
    touched = models.BooleanField(default=False)
    tags = models.ManyToManyField(Tag, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Question(BankItem):
    """A question's identity. Its content lives in ``QuestionVersion``s; ``current`` is the latest."""

    type = models.CharField(max_length=20, choices=QuestionType.choices)
    current = models.ForeignKey(
        "quizzes.QuestionVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set when a student first sees the question: from then on every edit makes a new version.
    shown_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        indexes = [models.Index(fields=["course", "status"], name="question_course_status")]

    def __str__(self) -> str:
        return f"{self.get_type_display()} #{self.pk}"


class QuestionVersion(Evidenced):
    """Immutable content of one version of a question (the current draft may be amended)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    prompt = models.TextField()
    # [{"id": "a", "text": "...", "correct": true}, ...] for multiple choice.
    choices = models.JSONField(default=list, blank=True)
    # Accepted answers for cloze / short answer (the first is the canonical one).
    accepted = models.JSONField(default=list, blank=True)
    truth = models.BooleanField(null=True, blank=True)
    explanation = models.TextField(blank=True)
    difficulty = models.PositiveSmallIntegerField(null=True, blank=True)
    # The one controlled edit behind a false true/false statement: {"kind", "original", "replacement"}.
    edit = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question", "number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.question_id} v{self.number}"


class CardKind(models.TextChoices):
    BASIC = "basic", "Term → definition"
    REVERSE = "reverse", "Definition → term"
    CLOZE = "cloze", "Cloze"


class Card(BankItem, Evidenced):
    kind = models.CharField(max_length=10, choices=CardKind.choices, default=CardKind.BASIC)
    front = models.TextField()
    back = models.TextField()
    extra = models.TextField(blank=True)
    # Cards made from the same term or claim are siblings: reviewing one buries the others for a day.
    sibling_key = models.CharField(max_length=80, blank=True, db_index=True)
    # Set when a student first studies the card: from then on it is archived rather than deleted.
    shown_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        indexes = [models.Index(fields=["course", "status"], name="card_course_status")]

    def __str__(self) -> str:
        return self.front[:60]


class CardVersion(models.Model):
    """A snapshot of a card's content. The card row holds the current content (what study reads);
    versions are its history. A never-studied draft's latest snapshot may be amended in place."""

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=CardKind.choices)
    front = models.TextField()
    back = models.TextField()
    extra = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["card", "number"]
        constraints = [
            models.UniqueConstraint(fields=["card", "number"], name="card_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"card {self.card_id} v{self.number}"


class ItemEvent(models.Model):
    """Append-only audit of what happened to a question or card, and who did it."""

    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    card = models.ForeignKey(
        Card, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=30)
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(question__isnull=False) | models.Q(card__isnull=False),
                name="event_has_an_item",
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_id} at {self.at:%Y-%m-%d %H:%M}"
