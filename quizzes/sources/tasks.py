"""The article job (django.tasks): idempotent, so running it twice leaves the same state."""

from __future__ import annotations

from django.tasks import task

from quizzes.sources.services import source_process


@task()
def process_source(source_id: int) -> None:
    source_process(source_id=source_id)
