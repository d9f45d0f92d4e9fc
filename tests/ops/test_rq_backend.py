"""The Redis queue (``TASKS_BACKEND=django_tasks_rq.RQBackend``): the same django.tasks jobs run
by real RQ worker processes through a real Redis (a ``redis-server`` of the test's own; skipped
where there is none), and a job whose worker was killed with SIGKILL is reaped like the database
backend's: its article is retried, then ready."""

from __future__ import annotations

import os
import signal
import sys
from datetime import timedelta

import pytest
from django.tasks import default_task_backend
from django.utils import timezone

from quizzes.core.jobs import reap_stale_jobs
from quizzes.models import Source, SourceStatus
from quizzes.ops.queues import recent_durations
from quizzes.sources.services import source_create
from quizzes.sources.tasks import process_source  # noqa: F401 (see test_metrics: made at import)
from tests.conftest import ARTICLE
from tests.sources.test_job_reaper import ROOT, start_worker, wait_for

sys.path.insert(0, str(ROOT / "deploy"))
from stack import descendants

pytestmark = pytest.mark.django_db(transaction=True)

RQ_ENV = {
    "TASKS_BACKEND": "django_tasks_rq.RQBackend",
    "RETAIN_TEST_WORKER": "rqworker",
    "DATABASE_POOL_SIZE": "2",  # on PostgreSQL: the pool must not cross the fork of a work-horse
}
WORKER_ARGS = [
    "--worker-class",
    "quizzes.core.rq_worker.Worker",
    "--job-class",
    "django_tasks_rq.Job",
]


@pytest.fixture
def rq_queue(settings, redis_server):
    """The Redis queue on a real redis-server of this test's own (tests/ops/conftest.py), so two
    test runs on one machine never share a queue."""
    import django_rq

    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": redis_server.url, "DEFAULT_TIMEOUT": 900}}
    return django_rq.get_queue("default"), {**RQ_ENV, "REDIS_URL": redis_server.url}


def test_a_job_runs_through_redis_in_a_worker_process(rq_queue, course, instructor):
    rq_queue, rq_env = rq_queue
    source, _ = source_create(course=course, user=instructor, text=ARTICLE, title="Amazon")
    [job_id] = rq_queue.job_ids
    assert Source.objects.get(pk=source.pk).status == SourceStatus.NEW  # queued, not run here

    worker = start_worker(hang=False, env=rq_env, args=[*WORKER_ARGS, "--burst", "default"])
    assert worker.wait(timeout=120) == 0

    assert Source.objects.get(pk=source.pk).status == SourceStatus.READY
    result = default_task_backend.get_result(job_id)
    assert result.status.name == "SUCCESSFUL"
    assert result.task.name == "process_source"
    # /metrics reads the finished job and its duration from RQ's registry (quizzes.ops.queues).
    [took] = recent_durations()[("process_source", "successful")]
    assert took > 0


def test_a_job_of_a_killed_worker_is_reaped_and_retried(rq_queue, course, instructor):
    rq_queue, rq_env = rq_queue
    source, _ = source_create(course=course, user=instructor, text=ARTICLE, title="Amazon")
    [job_id] = rq_queue.job_ids
    worker = start_worker(hang=True, env=rq_env, args=[*WORKER_ARGS, "default"])
    wait_for(
        lambda: Source.objects.get(pk=source.pk).status == SourceStatus.PROCESSING,
        what="the worker to start the article",
    )
    horse = descendants(worker.pid)  # RQ's work-horse has a session of its own
    os.killpg(worker.pid, signal.SIGKILL)
    for pid in horse:
        os.kill(pid, signal.SIGKILL)
    worker.wait(timeout=10)

    # Not yet stale: RQ's heartbeat lasts the monitoring interval plus 60 s.
    assert reap_stale_jobs() == []
    # As the reaper will see it once that has passed.
    assert reap_stale_jobs(now=timezone.now() + timedelta(seconds=120)) == [job_id]
    source.refresh_from_db()
    assert source.status == SourceStatus.NEW
    assert "interrupted" in source.error
    assert default_task_backend.get_result(job_id).status.name == "FAILED"
    assert reap_stale_jobs(now=timezone.now() + timedelta(seconds=120)) == []  # once only

    [retry_id] = rq_queue.job_ids
    retry = start_worker(hang=False, env=rq_env, args=[*WORKER_ARGS, "--burst", "default"])
    assert retry.wait(timeout=120) == 0
    assert Source.objects.get(pk=source.pk).status == SourceStatus.READY
    assert default_task_backend.get_result(retry_id).args == [source.pk]
