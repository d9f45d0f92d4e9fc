"""Writes for flags: a student marks questions of an open attempt to come back to before submitting.

A flag is the student's own note, not an answer: it needs no sequence number (setting it twice is
setting it once) and it never changes a score. It lives on the response row, so it survives a
reload and shows on every device.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from quizzes.errors import AttemptClosedError, QuizError
from quizzes.models import Attempt, Response
from quizzes.quiz.selectors.quizzes import attempt_is_overdue
from quizzes.quiz.services.attempts import attempt_submit


def responses_flag(
    *, attempt: Attempt, flags: Mapping[int, bool], now: datetime | None = None
) -> int:
    """Set the flag of each slot in ``flags`` (``{slot: flagged}``) on an open attempt; returns
    how many changed. Raises ``QuizError`` (field ``slot``) for a slot the attempt does not have,
    and ``AttemptClosedError`` once the attempt is submitted or past its deadline and grace
    period (an overdue attempt is then submitted with what was saved)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("quiz")
            .get(pk=attempt.pk)
        )
        if locked.is_open and not attempt_is_overdue(locked, now=now):
            known = set(Response.objects.filter(attempt=locked).values_list("slot", flat=True))
            unknown = sorted(set(flags) - known)
            if unknown:
                raise QuizError(f"This attempt has no question {unknown[0]}.", field="slot")
            changed = 0
            for flagged in (True, False):
                slots = [slot for slot, value in flags.items() if value is flagged]
                if slots:
                    changed += (
                        Response.objects.filter(attempt=locked, slot__in=slots)
                        .exclude(flagged=flagged)
                        .update(flagged=flagged)
                    )
            return changed
    if locked.is_open:
        attempt_submit(attempt=locked, now=now, auto=True)
    raise AttemptClosedError("This attempt has been submitted; its flags no longer matter.")
