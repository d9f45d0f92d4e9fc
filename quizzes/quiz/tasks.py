"""The quiz job (django.tasks): idempotent, so running it twice leaves the same state."""

from __future__ import annotations

from django.tasks import task


@task()
def submit_overdue_attempts() -> int:
    """Submit every open attempt whose time is up, with what was saved (a periodic job: reads
    settle attempts too, this settles the ones nobody opens). Returns how many it submitted."""
    from quizzes.quiz.services.attempts import attempts_submit_overdue

    return attempts_submit_overdue()
