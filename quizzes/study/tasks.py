"""The study job (django.tasks): idempotent, so running it twice leaves the same state."""

from __future__ import annotations

from django.tasks import task


@task()
def optimise_learner(user_id: int) -> None:
    """Fit one learner's FSRS parameters from their reviews and reschedule with them."""
    from quizzes.study.services.profile import learner_optimise

    learner_optimise(user_id=user_id)


@task()
def refit_due() -> int:
    """The scheduler's FSRS job: queue a refit for each learner who reviewed in the last day and
    has enough new reviews since their last fit. Returns how many were queued."""
    from quizzes.study.services.profile import learners_refit_due

    return learners_refit_due()
