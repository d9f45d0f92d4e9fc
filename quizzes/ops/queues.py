"""The job queue as operations see it, whichever django.tasks backend runs it: is it reachable,
and how many jobs wait or run. The database backend (django-tasks-db) keeps jobs in a table;
the Redis backend (django-tasks-rq) in RQ's queues; the in-process backends have no queue."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

QueueDepth = dict[tuple[str, str], int]
Durations = dict[tuple[str, str], list[float]]

# Jobs finished this recently are reported with their durations (RQ keeps a finished job's
# result 500 s by default: the window stays within it).
RECENT_SECONDS = 300


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


def recent_durations() -> Durations:
    """Seconds each job finished in the last ``RECENT_SECONDS`` ran, by task name and outcome
    (``successful``, ``failed``)."""
    cutoff = timezone.now() - timedelta(seconds=RECENT_SECONDS)
    found: Durations = defaultdict(list)
    if is_db():
        from django_tasks_db.models import DBTaskResult

        rows = DBTaskResult.objects.filter(
            finished_at__gte=cutoff, started_at__isnull=False
        ).values_list("task_path", "status", "started_at", "finished_at")
        for path, status, started, finished in rows:
            if started is None or finished is None:
                continue
            task = path.rsplit(".", 1)[-1]
            found[(task, str(status).lower())].append((finished - started).total_seconds())
    elif is_rq():
        import django_rq
        from rq.job import Job
        from rq.registry import FailedJobRegistry, FinishedJobRegistry

        for name in getattr(settings, "RQ_QUEUES", {}):
            queue = django_rq.get_queue(name)
            for registry, status in (
                (FinishedJobRegistry(queue=queue), "successful"),
                (FailedJobRegistry(queue=queue), "failed"),
            ):
                ids = registry.get_job_ids()
                for job in Job.fetch_many(ids, connection=queue.connection):
                    if job is None or job.started_at is None or job.ended_at is None:
                        continue
                    ended = job.ended_at
                    if ended.tzinfo is None:  # RQ before 2 wrote naive UTC times
                        ended = ended.replace(tzinfo=UTC)
                    if ended < cutoff:
                        continue
                    task = (job.func_name or "").rsplit(".", 1)[-1]
                    started = job.started_at.replace(tzinfo=ended.tzinfo)
                    found[(task, status)].append((ended - started).total_seconds())
    return dict(found)
