"""Operations' periodic job (queued by the scheduler): clear what has expired."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from quizzes.ops import queues


@task()
def clean_expired() -> dict[str, int]:
    """Delete expired sessions (from the database, where the session engine keeps them) and the
    database queue's finished jobs older than ``JOB_RESULTS_KEEP_DAYS``."""
    engine = import_module(settings.SESSION_ENGINE)
    sessions = 0
    if hasattr(engine.SessionStore, "get_model_class"):  # db and cached_db keep rows
        model = engine.SessionStore.get_model_class()
        sessions, _ = model.objects.filter(expire_date__lt=timezone.now()).delete()
    else:
        engine.SessionStore.clear_expired()  # the cache and signed-cookie engines expire alone
    jobs = 0
    if queues.is_db():
        from django_tasks_db.compat import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        cutoff = timezone.now() - timedelta(days=settings.JOB_RESULTS_KEEP_DAYS)
        jobs, _ = DBTaskResult.objects.filter(
            status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
            finished_at__lt=cutoff,
        ).delete()
    return {"sessions": sessions, "jobs": jobs}
