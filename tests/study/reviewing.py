"""Shared steps for the study tests: grade a card through Retain's own service, count queries."""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from datetime import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizzes.study.services.reviews import ReviewOutcome, review_record

# Transaction control (BEGIN, SAVEPOINT, RELEASE) is not work the service asks the database to
# do; the budget counts the statements that read or write rows.
_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN", "COMMIT", "ROLLBACK")


def grade(user, card, rating: int, at: datetime, **extra) -> ReviewOutcome:
    """Grade ``card`` at ``at`` as if the server's clock read ``at`` too."""
    return review_record(
        user=user,
        card_id=card if isinstance(card, int) else card.pk,
        rating=rating,
        review_id=extra.pop("review_id", None) or uuid.uuid4(),
        reviewed_at=at,
        duration_ms=extra.pop("duration_ms", 1500),
        now=extra.pop("now", at),
        **extra,
    )


@contextmanager
def row_queries():
    """Capture the SQL run inside the block; ``.rows`` lists those that touch rows."""
    with CaptureQueriesContext(connection) as context:
        yield context
    context.rows = [
        q["sql"] for q in context.captured_queries if not q["sql"].upper().startswith(_CONTROL)
    ]
