"""Retain's RQ worker class, for ``TASKS_BACKEND=django_tasks_rq.RQBackend``:

    manage.py rqworker --worker-class quizzes.core.rq_worker.Worker \\
        --job-class django_tasks_rq.Job default

RQ's own worker with the two things the database worker does too (``quizzes.core.jobs``):

* heartbeats every ``WORKER_HEARTBEAT_SECONDS`` (RQ's job-monitoring interval; a killed worker's
  jobs lapse that long plus 60 s after its last beat), and the reaper of dead workers' jobs as its
  maintenance, every half ``WORKER_STALE_SECONDS`` instead of RQ's ten minutes;
* a work-horse (the forked process that runs one job) killed under a live worker — the kernel's
  OOM killer, a kill -9 — tells the job's task, where RQ would only mark the job failed;
* before each fork it closes its database connections and PostgreSQL pool: a work-horse that
  inherited them would talk on the worker's own PostgreSQL session (found under load: "prepared
  statement "_pg3_0" already exists", and the article failed) and share the pool's threads.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections
from rq.worker import Worker as RQWorker

from quizzes.core.jobs import reap_stale_jobs, rq_job_lost

logger = logging.getLogger(__name__)


def close_database_connections() -> None:
    for connection in connections.all(initialized_only=True):
        connection.close()
    for connection in connections.all():
        pools = getattr(type(connection), "_connection_pools", {})
        close_pool = getattr(connection, "close_pool", None)  # the backends that pool have it
        if connection.alias in pools and close_pool is not None:
            close_pool()


def _horse_killed(job: Any, retpid: int, ret_val: int, rusage: Any) -> None:
    if os.WIFSIGNALED(ret_val):
        rq_job_lost(job, "the background worker was killed or crashed")


class Worker(RQWorker):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("job_monitoring_interval", settings.WORKER_HEARTBEAT_SECONDS)
        kwargs.setdefault("maintenance_interval", max(1, settings.WORKER_STALE_SECONDS // 2))
        kwargs.setdefault("work_horse_killed_handler", _horse_killed)
        super().__init__(*args, **kwargs)

    def clean_registries(self) -> None:
        try:
            reap_stale_jobs()  # first: RQ's own cleanup would fail the jobs without telling them
        except Exception:  # a database restarting must not stop the worker: next maintenance
            logger.exception("Reaping stale jobs failed")
            close_old_connections()
        super().clean_registries()

    def fork_work_horse(self, job: Any, queue: Any) -> None:
        close_database_connections()
        super().fork_work_horse(job, queue)
