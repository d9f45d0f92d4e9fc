"""``manage.py db_worker``: django-tasks-db's worker, plus heartbeats and the job reaper.

Same options and behaviour as the stock command (it takes its place: ``quizzes`` comes before
``django_tasks_db`` in INSTALLED_APPS). In addition, the worker

* records a heartbeat while it runs (``quizzes.core.jobs``), and deletes it when it stops;
* reaps stale jobs — RUNNING under a worker that died — when it starts and periodically;
* tells a job's task when a signal stopped the job (Ctrl-C or SIGTERM twice), so the article it
  was reading is retried or marked failed instead of staying "processing".
"""

from __future__ import annotations

import os
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker as stock
from django_tasks_db.models import DBTaskResult

from quizzes.core.jobs import (
    Heartbeats,
    heartbeat,
    heartbeat_stop,
    job_interrupted,
    reap_stale_jobs,
)


class Worker(stock.Worker):
    def run(self) -> None:
        heartbeat(self.worker_id, started=True)
        reaped = reap_stale_jobs()
        if reaped:
            stock.logger.warning("Reaped %d job(s) left running by a dead worker", len(reaped))
        beats = Heartbeats(self.worker_id)
        beats.start()
        try:
            super().run()
        finally:
            beats.stop()
            heartbeat_stop(self.worker_id)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        job_interrupted(db_task_result)


class Command(stock.Command):
    help = "Run a database background worker (with heartbeats and the reaper of dead workers' jobs)"

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options: Any,
    ) -> None:
        # The stock handle() with our Worker.
        self.configure_logging(verbosity)
        if reload and batch:
            stock.logger.warning("--reload and --batch cannot be specified together: no reload.")
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise stock.CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the reloader's child runs the worker
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
