"""Practice answers: quiz items a learner answered in a "Study my weakest claims" session.

Outside any quiz, so no attempt, grade or review policy applies: the learner sees the result at
once, and the answer counts as quiz evidence for mastery like a response in a quiz does.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PracticeAnswer(models.Model):
    """One answer to one question version in a practice session, graded when it was given.

    The primary key comes from the page (a hidden field), so a form posted twice — a double click,
    a reload after a network error — is stored once.
    """

    id = models.UUIDField(primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_answers"
    )
    course = models.ForeignKey("quizzes.Course", on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(
        "quizzes.Question", on_delete=models.CASCADE, related_name="practice_answers"
    )
    version = models.ForeignKey(
        "quizzes.QuestionVersion", on_delete=models.CASCADE, related_name="practice_answers"
    )
    answer = models.JSONField(null=True, blank=True)
    score = models.FloatField()  # share of the points, 0–1, as quizzes.bank.scoring graded it
    correct = models.BooleanField()
    detail = models.CharField(max_length=200, blank=True)
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["answered_at", "id"]
        indexes = [
            models.Index(fields=["user", "course", "answered_at"], name="practice_user_time")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=1), name="practice_score_0_to_1"
            )
        ]

    def __str__(self) -> str:
        return f"practice {self.id} of question {self.question_id} by {self.user_id}"
