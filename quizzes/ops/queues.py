"""The job queue as operations see it, whichever django.tasks backend runs it: is it reachable,
and how many jobs wait or run. The database backend (django-tasks-db) keeps jobs in a table;
the Redis backend (django-tasks-rq) in RQ's queues; the in-process backends have no queue."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count

QueueDepth = dict[tuple[str, str], int]


def backend_path() -> str:
    return str(settings.TASKS["default"]["BACKEND"])


def is_rq() -> bool:
    return backend_path().startswith("django_tasks_rq.")


def is_db() -> bool:
    return backend_path().startswith("django_tasks_db.")


def ping() -> str:
    """Raise if the queue cannot be reached; else say what was checked."""
    if is_db():
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.only("pk").first()
        return "database queue"
    if is_rq():
        import django_rq

        for name in getattr(settings, "RQ_QUEUES", {}):
            django_rq.get_connection(name).ping()
        return "redis queue"
    return "runs in process"


def depth() -> QueueDepth:
    """Jobs waiting (``ready``) and running, by queue name."""
    if is_db():
        from django_tasks_db.compat import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        rows = (
            DBTaskResult.objects.filter(
                status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
            )
            .values_list("queue_name", "status")
            .annotate(n=Count("pk"))
        )
        return {(queue, str(status).lower()): n for queue, status, n in rows}
    if is_rq():
        import django_rq
        from rq.registry import StartedJobRegistry

        found: QueueDepth = {}
        for name in getattr(settings, "RQ_QUEUES", {}):
            queue = django_rq.get_queue(name)
            found[(name, "ready")] = queue.count
            found[(name, "running")] = StartedJobRegistry(queue=queue).count
        return found
    return {}
