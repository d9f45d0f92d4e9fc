"""Flashcard study: decks, each learner's FSRS schedule per card, and the review log.

The review log (``Review``) is the source of truth; ``CardSchedule`` is what replaying it gives
(plus the learner's flags: suspended, leech, buried), kept so that "what is due" is one indexed
query. Deck options live on ``Deck`` (the instructor's defaults) and, sparsely, on
``DeckLearner.options`` (one student's overrides); ``quizzes.study.deck_options`` merges and checks them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


def default_learning_steps() -> list[float]:
    return [1, 10]


def default_relearning_steps() -> list[float]:
    return [10]


class Deck(models.Model):
    """A set of approved cards of one course, with the instructor's default study options."""

    course = models.ForeignKey("quizzes.Course", on_delete=models.CASCADE, related_name="decks")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # What the deck was built from, if one thing: "the deck of this article", or of a tag.
    source = models.ForeignKey(
        "quizzes.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="decks"
    )
    tag = models.ForeignKey(
        "quizzes.Tag", null=True, blank=True, on_delete=models.SET_NULL, related_name="decks"
    )
    # Students see published decks only; the course's instructors see all of them.
    published = models.BooleanField(default=False)
    cards = models.ManyToManyField("quizzes.Card", through="DeckCard", related_name="decks")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Default options (a student may override each for themselves). Steps are in minutes.
    desired_retention = models.FloatField(default=0.90)
    new_per_day = models.PositiveIntegerField(default=20)
    reviews_per_day = models.PositiveIntegerField(default=200)
    learning_steps = models.JSONField(default=default_learning_steps)
    relearning_steps = models.JSONField(default=default_relearning_steps)
    maximum_interval = models.PositiveIntegerField(default=36500)  # days
    leech_threshold = models.PositiveIntegerField(default=8)  # lapses

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class DeckCard(models.Model):
    deck = models.ForeignKey(Deck, on_delete=models.CASCADE, related_name="deck_cards")
    card = models.ForeignKey("quizzes.Card", on_delete=models.CASCADE, related_name="deck_links")
    # New cards are introduced in this order.
    position = models.PositiveIntegerField(default=0)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deck", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["deck", "card"], name="deckcard_unique_card")
        ]

    def __str__(self) -> str:
        return f"card {self.card_id} in deck {self.deck_id}"


class DeckLearner(models.Model):
    """A learner who studies a deck, with their own overrides of its options.

    ``options`` holds only what the learner changed, e.g. ``{"new_per_day": 10}``.
    """

    deck = models.ForeignKey(Deck, on_delete=models.CASCADE, related_name="learners")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deck_learners"
    )
    options = models.JSONField(default=dict, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)
    # When the learner was started on the deck (its cards became theirs): null while the row only
    # holds options set before the first study call, which then starts them.
    started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["deck", "user"], name="decklearner_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} studies deck {self.deck_id}"


class LearnerProfile(models.Model):
    """Per-learner study settings: the time zone their day is counted in, their FSRS parameters."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learner_profile"
    )
    # IANA name; empty until the browser tells us (settings.TIME_ZONE is used meanwhile).
    time_zone = models.CharField(max_length=64, blank=True)
    # The learner's day in progress when they changed zone keeps its zone until it ends (its daily
    # limits are not started again by a move): that zone, and when that day ends.
    day_zone = models.CharField(max_length=64, blank=True)
    day_zone_until = models.DateTimeField(null=True, blank=True)
    # Personal FSRS parameters fitted from the learner's own reviews; null means the defaults.
    fsrs_parameters = models.JSONField(null=True, blank=True)
    fitted_at = models.DateTimeField(null=True, blank=True)
    fitted_reviews = models.PositiveIntegerField(default=0)
    # What the last fit changed, in words and numbers the learner is shown.
    fit_report = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"study profile of {self.user_id}"


class ScheduleState(models.TextChoices):
    NEW = "new", "New"
    LEARNING = "learning", "Learning"
    REVIEW = "review", "Review"
    RELEARNING = "relearning", "Relearning"


class CardSchedule(models.Model):
    """One learner's FSRS state for one card (what replaying their reviews of it gives)."""

    # No index of its own: every index of this table starts with the user.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="card_schedules",
        db_index=False,
    )
    card = models.ForeignKey("quizzes.Card", on_delete=models.CASCADE, related_name="schedules")
    # The deck whose options schedule this card for this learner (the first they met it in).
    deck = models.ForeignKey(
        Deck, null=True, blank=True, on_delete=models.SET_NULL, related_name="schedules"
    )
    state = models.CharField(
        max_length=10, choices=ScheduleState.choices, default=ScheduleState.NEW
    )
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField(null=True, blank=True)  # null while new
    last_review = models.DateTimeField(null=True, blank=True)
    reps = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0)
    suspended = models.BooleanField(default=False)
    leech = models.BooleanField(default=False)
    buried_until = models.DateTimeField(null=True, blank=True)
    # New cards come in this order: the card's position in the deck that introduced it.
    position = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "card"], name="schedule_unique_user_card")
        ]
        indexes = [
            models.Index(fields=["user", "due"], name="schedule_user_due"),
            # Next cards walks one state at a time in due order (selectors.study_sql): learning
            # and reviews due, without passing over the other states' overdue cards.
            models.Index(fields=["user", "state", "due", "card"], name="schedule_user_state_due"),
            models.Index(fields=["user", "state", "position"], name="schedule_user_new_order"),
        ]

    def __str__(self) -> str:
        return f"card {self.card_id} for {self.user_id}: {self.state}"


class Review(models.Model):
    """One grading of a card by a learner: the log the schedules are rebuilt from.

    The primary key is generated by the client, so a retried or offline-queued review is stored
    once. ``schedule_before``/``schedule_after`` are the schedule around this review (for undo and
    for answering a replay with the stored outcome). An undone review stays, marked, so that a late
    replay of it is recognised instead of applied again.
    """

    id = models.UUIDField(primary_key=True)
    # No index of its own: (user, reviewed_at) and (user, card, reviewed_at) start with it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews", db_index=False
    )
    card = models.ForeignKey("quizzes.Card", on_delete=models.CASCADE, related_name="reviews")
    # The deck being studied (daily limits count per deck).
    deck = models.ForeignKey(
        Deck, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews"
    )
    rating = models.PositiveSmallIntegerField()  # 1 Again, 2 Hard, 3 Good, 4 Easy
    reviewed_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)
    state_before = models.CharField(max_length=10, choices=ScheduleState.choices)
    schedule_before = models.JSONField()
    schedule_after = models.JSONField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["reviewed_at", "rating", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=4), name="review_rating_1_to_4"
            )
        ]
        indexes = [
            models.Index(fields=["user", "reviewed_at"], name="review_user_time"),
            models.Index(fields=["user", "card", "reviewed_at"], name="review_user_card_time"),
        ]

    def __str__(self) -> str:
        return f"review {self.id} of card {self.card_id}: {self.rating}"
