"""The article job (django.tasks): idempotent, so running it twice leaves the same state."""

from __future__ import annotations

from django.tasks import task

from quizzes.core.jobs import JobLoss, on_job_lost
from quizzes.sources.services import source_job_lost, source_process


@task()
def process_source(source_id: int, attempt: int = 1) -> None:
    """Read the article (``attempt``: the how-manieth try, after a worker died under one)."""
    source_process(source_id=source_id)


@on_job_lost(process_source)
def process_source_lost(loss: JobLoss) -> None:
    """The worker died or was stopped under this job: retry the article once, then fail it."""
    source_job_lost(
        source_id=loss.argument("source_id", 0),
        attempt=loss.argument("attempt", 1, 1),
        reason=loss.reason,
    )
