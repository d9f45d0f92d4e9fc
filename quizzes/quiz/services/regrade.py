"""Regrade submitted attempts after a question was fixed: an explicit, audited instructor action."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from quizzes.errors import QuizError
from quizzes.models import Attempt, AttemptState, ItemStatus, Question, Quiz, QuizEvent, Response
from quizzes.quiz.services.attempts import grade_responses

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass
class RegradeResult:
    """What a regrade changed: responses moved to the new version, and each attempt's score."""

    responses: int = 0
    attempts: list[dict[str, float | int | None]] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(1 for a in self.attempts if a["before"] != a["after"])


@transaction.atomic
def attempt_regrade(
    *, quiz: Quiz, user: User, question: Question, dry_run: bool = False
) -> RegradeResult:
    """Grade again, against ``question``'s current version, every submitted response to it in
    ``quiz``; each such response then records that version, and each attempt's score is summed
    again. Attempts still open are left alone (they are graded when submitted).

    ``dry_run`` reports what would change and saves nothing. The regrade is audited as a
    ``QuizEvent`` ("regraded") with every attempt's score before and after. Raises ``QuizError``
    when the question is from another course or not approved.
    """
    if question.course_id != quiz.course_id:
        raise QuizError("This question belongs to another course.", field="question")
    current = question.current
    if question.status != ItemStatus.APPROVED or current is None:
        raise QuizError("Approve the fixed question before regrading with it.", field="question")
    attempt_ids = list(
        Response.objects.filter(
            attempt__quiz=quiz, attempt__state=AttemptState.SUBMITTED, question=question
        )
        .values_list("attempt_id", flat=True)
        .distinct()
    )
    attempts = list(Attempt.objects.select_for_update().filter(pk__in=attempt_ids).order_by("pk"))
    responses = list(
        Response.objects.filter(attempt_id__in=attempt_ids).select_related("version", "question")
    )
    result = RegradeResult()
    by_attempt: dict[int, list[Response]] = {}
    for response in responses:
        by_attempt.setdefault(response.attempt_id, []).append(response)
        if response.question_id == question.pk:
            result.responses += response.version_id != current.pk
            response.version = current
            response.question = question
    for attempt in attempts:
        before = attempt.score
        attempt.score = round(grade_responses(by_attempt.get(attempt.pk, [])), 6)
        result.attempts.append({"attempt": attempt.pk, "before": before, "after": attempt.score})
    if dry_run:
        transaction.set_rollback(True)
        return result
    now = timezone.now()
    Response.objects.bulk_update(responses, ["version", "score", "correct", "detail"])
    for attempt in attempts:
        attempt.regraded_at = now
    Attempt.objects.bulk_update(attempts, ["score", "regraded_at"])
    QuizEvent.objects.create(
        quiz=quiz,
        actor=user,
        action="regraded",
        detail={
            "question": question.pk,
            "version": current.pk,
            "version_number": current.number,
            "responses_moved": result.responses,
            "attempts": result.attempts,
        },
    )
    return result
