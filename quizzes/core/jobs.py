"""The one reaper of background jobs that died, and the heartbeats it reads.

django-tasks-db marks a job RUNNING when a worker claims it and never looks at it again: a worker
killed with SIGKILL (or the machine under it) leaves the job RUNNING forever, and whatever the
job was doing (an article "processing") stays half-done. So:

* every worker (``manage.py db_worker``, ours: the stock one plus this) keeps a heartbeat row,
  ``WorkerHeartbeat``, fresh every ``WORKER_HEARTBEAT_SECONDS`` and deleted when it stops;
* ``reap_stale_jobs`` fails every RUNNING job that started more than ``WORKER_STALE_SECONDS`` ago
  under a worker with no fresh heartbeat. Each worker runs it when it starts and then
  periodically, so one live worker recovers what any dead one left; ``manage.py reap_jobs`` runs
  it by hand or from cron;
* a job stopped by a signal (Ctrl-C twice, SIGTERM twice) is failed by the worker as it stops.

Either way the job's task learns of it through its ``on_job_lost`` handler (the article job
retries once, then marks the article failed with the reason, for the instructor to see). A task
without a handler is only marked failed and logged. Handlers run in the same transaction as the
job's FAILED mark, and must be idempotent like the jobs themselves.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.tasks import Task
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from quizzes.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

LOST_CLASS_PATH = "quizzes.core.jobs.WorkerLost"
INTERRUPTED = {"builtins.SystemExit", "builtins.KeyboardInterrupt"}


@dataclass(frozen=True)
class JobLoss:
    """A job that will not finish: its task's arguments and why (``reason``: a phrase for people,
    such as "the background worker was shut down")."""

    job_id: str
    args: list[Any]
    kwargs: dict[str, Any]
    reason: str

    def argument(self, name: str, position: int, default: Any = None) -> Any:
        """The task's argument ``name`` (passed by keyword, or at ``position``)."""
        if name in self.kwargs:
            return self.kwargs[name]
        return self.args[position] if len(self.args) > position else default


_HANDLERS: dict[str, Callable[[JobLoss], None]] = {}


def on_job_lost(task: Task) -> Callable[[Callable[[JobLoss], None]], Callable[[JobLoss], None]]:
    """Register what to do when a job of ``task`` dies (decorator; define it beside the task)."""

    def register(handler: Callable[[JobLoss], None]) -> Callable[[JobLoss], None]:
        _HANDLERS[task.module_path] = handler
        return handler

    return register


def _handler_for(task_path: str) -> Callable[[JobLoss], None] | None:
    if task_path not in _HANDLERS:
        try:
            import_string(task_path)  # importing the task's module registers its handler
        except ImportError:
            return None
    return _HANDLERS.get(task_path)


def job_lost(result: DBTaskResult, reason: str) -> None:
    """Tell the job's task that it died (its handler, if it has one)."""
    task_lost(
        task_path=result.task_path,
        job_id=str(result.pk),
        args=list(result.args_kwargs.get("args", [])),
        kwargs=dict(result.args_kwargs.get("kwargs", {})),
        reason=reason,
    )


def task_lost(
    *, task_path: str, job_id: str, args: list[Any], kwargs: dict[str, Any], reason: str
) -> None:
    """Tell a task that one of its jobs died, on either queue backend (its handler, if any)."""
    handler = _handler_for(task_path)
    logger.warning("Job %s (%s) lost: %s", job_id, task_path, reason)
    if handler is not None:
        handler(JobLoss(job_id=job_id, args=args, kwargs=kwargs, reason=reason))


def job_interrupted(result: DBTaskResult) -> bool:
    """After a worker ran ``result``: if a signal stopped it (the job is FAILED with SystemExit
    or KeyboardInterrupt), tell its task. Whether it was."""
    if result.status != TaskResultStatus.FAILED or result.exception_class_path not in INTERRUPTED:
        return False
    with transaction.atomic():
        job_lost(result, "the background worker was shut down")
    return True


def reap_stale_jobs(*, now: datetime | None = None) -> list[str]:
    """Fail every RUNNING job whose worker has gone silent; the ids of the jobs reaped.

    A job is stale when it started more than ``WORKER_STALE_SECONDS`` ago and the worker that
    claimed it last has no heartbeat since then (a worker that died, or one without heartbeats).
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.WORKER_STALE_SECONDS)
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True)
    )
    reaped = []
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    for job_id, worker_ids in running.values_list("pk", "worker_ids"):
        if worker_ids and worker_ids[-1] in alive:
            continue
        with transaction.atomic():
            job = DBTaskResult.objects.select_for_update().filter(pk=job_id).first()
            if job is None or job.status != TaskResultStatus.RUNNING:
                continue  # finished, or another worker's reaper got there first
            worker = job.worker_ids[-1] if job.worker_ids else "unknown"
            job.status = TaskResultStatus.FAILED
            job.finished_at = now
            job.exception_class_path = LOST_CLASS_PATH
            job.traceback = (
                f"Worker {worker} stopped sending heartbeats (killed or crashed) while running "
                f"this job; reaped at {now.isoformat()}."
            )
            job.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
            job_lost(job, "the background worker was killed or crashed")
        reaped.append(str(job_id))
    # Rows of workers long gone: a worker deletes its own when it stops, a killed one cannot.
    WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    if getattr(settings, "RQ_QUEUES", None):
        reaped += reap_stale_rq_jobs(now=now)
    return reaped


# --- The Redis queue (django-tasks-rq on RQ)
#
# An RQ worker keeps each running job in its queue's StartedJobRegistry with a heartbeat that
# lasts the job-monitoring interval plus 60 s; a worker killed with SIGKILL stops renewing it.
# RQ itself only marks such a job failed (every worker's maintenance, by default every ten
# minutes); the reaper below first tells the job's task, like the database reaper, then lets RQ
# mark it failed. Retain's RQ worker class (quizzes.core.rq_worker) runs this reaper as its
# maintenance, and catches a work-horse killed under a live worker, which RQ fails at once
# without any callback.

RQ_REAPED_KEY = "retain:rq-reaped:{}"


def rq_job_lost(job: Any, reason: str) -> bool:
    """Tell ``job``'s task that it died, once whoever notices (a Redis key decides). Whether
    this call was the one."""
    if not job.connection.set(RQ_REAPED_KEY.format(job.id), 1, nx=True, ex=7 * 24 * 3600):
        return False
    with transaction.atomic():
        task_lost(
            task_path=job.func_name,
            job_id=str(job.id),
            args=list(job.args),
            kwargs=dict(job.kwargs),
            reason=reason,
        )
    return True


def reap_stale_rq_jobs(*, now: datetime | None = None) -> list[str]:
    """Fail the RQ jobs whose worker's heartbeat has lapsed; the ids of the jobs reaped."""
    import django_rq
    from django_tasks_rq.backend import Job
    from rq.exceptions import NoSuchJobError
    from rq.job import JobStatus
    from rq.registry import StartedJobRegistry

    at = (now or timezone.now()).timestamp()
    reaped = []
    for name in settings.RQ_QUEUES:
        queue = django_rq.get_queue(name, job_class=Job)
        registry = StartedJobRegistry(queue=queue)
        for job_id in registry.get_expired_job_ids(at):
            try:
                job = Job.fetch(job_id, connection=queue.connection)
            except NoSuchJobError:
                continue
            if job.get_status() != JobStatus.STARTED:
                continue
            if rq_job_lost(job, "the background worker was killed or crashed"):
                reaped.append(str(job_id))
        registry.cleanup(at)  # RQ marks them failed and runs their failure callbacks
    return reaped


# --- Heartbeats


def heartbeat(worker_id: str, *, started: bool = False) -> None:
    """Record that ``worker_id`` is alive (``started``: it has just begun)."""
    now = timezone.now()
    defaults: dict[str, Any] = {"seen_at": now}
    if started:
        defaults.update(host=socket.gethostname()[:255], pid=os.getpid(), started_at=now)
        WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults=defaults)
    elif not WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now):
        heartbeat(worker_id, started=True)  # its row was cleared: make it again


def heartbeat_stop(worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


class Heartbeats(threading.Thread):
    """Beside a worker's main loop: a heartbeat every ``WORKER_HEARTBEAT_SECONDS`` (also while a
    long job runs), and the reaper every half ``WORKER_STALE_SECONDS``."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"heartbeats-{worker_id[:8]}", daemon=True)
        self.worker_id = worker_id
        self.stopping = threading.Event()

    def run(self) -> None:
        every = settings.WORKER_HEARTBEAT_SECONDS
        reap_every = max(every, settings.WORKER_STALE_SECONDS / 2)
        since_reap = 0.0
        try:
            while not self.stopping.wait(every):
                since_reap += every
                try:
                    heartbeat(self.worker_id)
                    if since_reap >= reap_every:
                        since_reap = 0.0
                        reap_stale_jobs()
                except Exception:  # a locked or restarting database: try again next beat
                    logger.exception("Heartbeat of worker %s failed", self.worker_id)
                    close_old_connections()
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=5)
