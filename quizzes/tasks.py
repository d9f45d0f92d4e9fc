"""Background jobs (django.tasks). Each job is idempotent: running it twice leaves the same state."""

from __future__ import annotations

from django.tasks import task

from quizzes.services.sources import source_process


@task()
def process_source(source_id: int) -> None:
    source_process(source_id=source_id)


@task()
def optimise_learner(user_id: int) -> None:
    """Fit one learner's FSRS parameters from their reviews and reschedule with them."""
    from quizzes.services.study import learner_optimise

    learner_optimise(user_id=user_id)
