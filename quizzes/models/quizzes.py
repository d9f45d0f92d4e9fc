"""Quizzes built from the bank, students' attempts at them, and the responses they saved.

A quiz is a list of slots (a fixed question, or a random draw). Starting an attempt freezes its
layout — which question and version sits at each position and in which order its choices appear —
from a stored seed; the attempt's responses point at the versions they showed, so editing the bank
or the quiz afterwards never changes what a student saw.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", "Highest attempt"
    AVERAGE = "average", "Average of attempts"
    FIRST = "first", "First attempt"
    LAST = "last", "Last attempt"


class QuizLayout(models.TextChoices):
    ONE_PAGE = "one_page", "All questions on one page"
    PER_QUESTION = "per_question", "One question per page"


# The review policy: what a student may see in each phase. Phases are "during" (while the attempt
# is open; only for answers the student chose to check), "after_submit" (once submitted, while the
# quiz is open) and "after_close" (once the quiz's close time has passed). Items are what may show.
REVIEW_PHASES = ("during", "after_submit", "after_close")
REVIEW_ITEMS = ("score", "correctness", "answers", "explanations")


def _review_field(item: str, default: bool) -> models.BooleanField:
    labels = {
        "score": "Show the score",
        "correctness": "Show which answers were right",
        "answers": "Show the correct answers",
        "explanations": "Show explanations with the source sentence",
    }
    return models.BooleanField(default=default, verbose_name=labels[item])


class Quiz(models.Model):
    course = models.ForeignKey("quizzes.Course", on_delete=models.CASCADE, related_name="quizzes")
    # The article a one-click quiz was made from (informational; slots say what is drawn).
    source = models.ForeignKey(
        "quizzes.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=200)
    instructions = models.TextField(blank=True)
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    time_limit_minutes = models.PositiveIntegerField(null=True, blank=True)
    # Saves are still accepted this long after the deadline (network lag, a slow phone).
    grace_seconds = models.PositiveIntegerField(default=30)
    max_attempts = models.PositiveIntegerField(null=True, blank=True)  # None: unlimited
    grading_method = models.CharField(
        max_length=10, choices=GradingMethod.choices, default=GradingMethod.HIGHEST
    )
    pass_mark = models.FloatField(null=True, blank=True)  # percent, 0–100
    shuffle_questions = models.BooleanField(default=False)
    shuffle_choices = models.BooleanField(default=True)
    layout = models.CharField(
        max_length=12, choices=QuizLayout.choices, default=QuizLayout.ONE_PAGE
    )

    review_during_score = _review_field("score", False)
    review_during_correctness = _review_field("correctness", False)
    review_during_answers = _review_field("answers", False)
    review_during_explanations = _review_field("explanations", False)
    review_after_submit_score = _review_field("score", True)
    review_after_submit_correctness = _review_field("correctness", True)
    review_after_submit_answers = _review_field("answers", True)
    review_after_submit_explanations = _review_field("explanations", True)
    review_after_close_score = _review_field("score", True)
    review_after_close_correctness = _review_field("correctness", True)
    review_after_close_answers = _review_field("answers", True)
    review_after_close_explanations = _review_field("explanations", True)

    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "quizzes"
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__isnull=True) | Q(pass_mark__gte=0, pass_mark__lte=100),
                name="quiz_pass_mark_is_a_percent",
                violation_error_message="The pass mark is a percentage from 0 to 100.",
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="quiz_closes_after_it_opens",
                violation_error_message="The quiz must close after it opens.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def review(self, phase: str) -> dict[str, bool]:
        """The review policy of one phase: ``{"score": …, "correctness": …, …}``."""
        return {item: getattr(self, f"review_{phase}_{item}") for item in REVIEW_ITEMS}


class SlotKind(models.TextChoices):
    FIXED = "fixed", "A fixed question"
    RANDOM = "random", "A random draw"


class QuizSlot(models.Model):
    """A place in the quiz. Fixed: one question, pinned to ``version`` or (``version`` empty) its
    latest approved version. Random: ``draw_count`` approved questions matching the filters,
    preferring ones the student has not seen in earlier attempts."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=SlotKind.choices, default=SlotKind.FIXED)
    question = models.ForeignKey(
        "quizzes.Question", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    version = models.ForeignKey(
        "quizzes.QuestionVersion",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    draw_count = models.PositiveSmallIntegerField(default=1)
    draw_source = models.ForeignKey(
        "quizzes.Source", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    draw_tag = models.ForeignKey(
        "quizzes.Tag", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    draw_type = models.CharField(max_length=20, blank=True)
    points = models.FloatField(default=1.0)  # per question this slot yields

    class Meta:
        ordering = ["quiz", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="random") | Q(question__isnull=False),
                name="quizslot_fixed_has_a_question",
            ),
            models.CheckConstraint(condition=Q(points__gt=0), name="quizslot_points_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quiz_id} slot {self.position} ({self.kind})"


class AttemptState(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"


class Attempt(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    number = models.PositiveIntegerField()
    state = models.CharField(
        max_length=12, choices=AttemptState.choices, default=AttemptState.IN_PROGRESS
    )
    # The seed the layout was drawn from, kept so a layout can be explained and reproduced.
    seed = models.BigIntegerField()
    # Frozen at start: [{"slot": 1, "quiz_slot": id, "question": id, "version": id, "type": …,
    # "choices": [choice ids in display order], "points": 1.0}, …]
    layout = models.JSONField(default=list)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    auto_submitted = models.BooleanField(default=False)
    score = models.FloatField(null=True, blank=True)  # points earned
    max_score = models.FloatField(default=0)
    regraded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["quiz", "user", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "user", "number"], name="attempt_unique_number"
            ),
            models.UniqueConstraint(
                fields=["quiz", "user"],
                condition=Q(state="in_progress"),
                name="attempt_one_open_per_user",
            ),
        ]
        indexes = [models.Index(fields=["quiz", "state"], name="attempt_quiz_state")]

    def __str__(self) -> str:
        return f"{self.user} on {self.quiz_id}, attempt {self.number}"

    @property
    def is_open(self) -> bool:
        return self.state == AttemptState.IN_PROGRESS

    @property
    def percent(self) -> float | None:
        if self.score is None or not self.max_score:
            return None
        return 100 * self.score / self.max_score


class Response(models.Model):
    """The answer saved at one position of an attempt, and (once graded) its score."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    slot = models.PositiveIntegerField()  # 1-based position in the attempt's layout
    question = models.ForeignKey(
        "quizzes.Question", on_delete=models.PROTECT, related_name="quiz_responses"
    )
    version = models.ForeignKey(
        "quizzes.QuestionVersion", on_delete=models.PROTECT, related_name="quiz_responses"
    )
    answer = models.JSONField(null=True, blank=True)
    # Each save carries a number higher than the stored one; an older one is stale (another tab).
    sequence = models.PositiveIntegerField(default=0)
    saved_at = models.DateTimeField(null=True, blank=True)
    # The student asked for feedback during the attempt: the answer is final from then on.
    checked = models.BooleanField(default=False)
    # The student flagged the question to come back to it (shown in the navigator and summary).
    flagged = models.BooleanField(default=False)
    points = models.FloatField(default=1.0)
    score = models.FloatField(null=True, blank=True)  # share of the points, 0–1
    correct = models.BooleanField(null=True, blank=True)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["attempt", "slot"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "slot"], name="response_unique_slot")
        ]

    def __str__(self) -> str:
        return f"attempt {self.attempt_id} slot {self.slot}"


class QuizEvent(models.Model):
    """Append-only audit of what instructors did to a quiz (publish, slot removal, regrade)."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=30)
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} on {self.quiz_id} at {self.at:%Y-%m-%d %H:%M}"
