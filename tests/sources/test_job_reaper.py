"""No article stuck in "processing": a worker killed (SIGKILL) or stopped by two signals in the
middle of reading an article leaves neither the job RUNNING nor the article processing.

These start real ``db_worker`` processes against the test database (SQLite or PostgreSQL, as the
run uses), with heartbeats every second and a worker silent for 2 s taken for dead.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from quizzes.core.jobs import LOST_CLASS_PATH, heartbeat, reap_stale_jobs
from quizzes.models import Source, SourceStatus, WorkerHeartbeat
from quizzes.sources.tasks import process_source
from tests.conftest import ARTICLE

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("worker.py")
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


LOGS: list[Path] = []


def start_worker(
    *,
    hang: bool,
    batch: bool = False,
    env: dict[str, str] | None = None,
    args: list[str] | None = None,
) -> subprocess.Popen[bytes]:
    """A worker in a session of its own (``os.killpg`` stops it with the processes it forked)."""
    extra = env or {}
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DEBUG": "1",
        "DATABASE_URL": _database_url(),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "WORKER_HEARTBEAT_SECONDS": "1",
        "WORKER_STALE_SECONDS": "2",
        "RETAIN_TEST_HANG": "1" if hang else "0",
        **extra,
    }
    if args is None:
        args = ["--no-reload", "--no-startup-delay", "--interval", "0.1"]
    log = Path(tempfile.gettempdir()) / f"retain-worker-{os.getpid()}-{len(LOGS)}.log"
    LOGS.append(log)
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, str(WORKER), *args, *(["--batch"] if batch else [])],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_for(condition, *, seconds: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    logs = "\n".join(f"--- {log}\n{log.read_text()[-3000:]}" for log in LOGS if log.exists())
    raise AssertionError(f"gave up waiting for {what}\n{logs}")


def stop(worker: subprocess.Popen[bytes], *, gracefully: bool = False) -> None:
    if gracefully and worker.poll() is None:
        worker.send_signal(signal.SIGTERM)  # an idle worker stops at once, a busy one after its job
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.wait(timeout=30)
    if worker.poll() is None:
        worker.kill()
    worker.wait(timeout=30)


@pytest.fixture
def queued(course, instructor):
    """An article with its job queued in the database backend."""
    source = Source.objects.create(
        course=course,
        title="Amazon",
        original=ARTICLE,
        text=ARTICLE,
        checksum="x",
        created_by=instructor,
    )
    with override_settings(TASKS=DB_TASKS):
        result = process_source.enqueue(source.pk)
    return source, DBTaskResult.objects.get(pk=result.id)


def running(job: DBTaskResult, source: Source) -> bool:
    job.refresh_from_db()
    source.refresh_from_db()
    return job.status == TaskResultStatus.RUNNING and source.status == SourceStatus.PROCESSING


def test_an_article_whose_worker_is_killed_is_read_again_by_a_live_worker(queued):
    source, job = queued
    doomed = start_worker(hang=True)
    try:
        wait_for(lambda: running(job, source), what="the job to run")
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=30)
    finally:
        stop(doomed)
    assert running(job, source)  # what the kill leaves: the stock worker never recovers it

    survivor = start_worker(hang=False)  # its reaper notices the dead worker within seconds
    try:
        wait_for(
            lambda: Source.objects.get(pk=source.pk).status == SourceStatus.READY,
            seconds=90,
            what="the article to be read again",
        )
    finally:
        stop(survivor, gracefully=True)
    job.refresh_from_db()
    assert job.status == TaskResultStatus.FAILED
    assert job.exception_class_path == LOST_CLASS_PATH
    retry = DBTaskResult.objects.exclude(pk=job.pk).get()
    assert retry.status == TaskResultStatus.SUCCESSFUL
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    source.refresh_from_db()
    assert source.error == ""
    # The survivor removed its heartbeat when it stopped; the killed worker could not.
    assert list(WorkerHeartbeat.objects.values_list("pid", flat=True)) == [doomed.pid]


def test_two_sigterms_in_a_job_requeue_the_article_instead_of_leaving_it_processing(queued):
    source, job = queued
    worker = start_worker(hang=True)
    try:
        wait_for(lambda: running(job, source), what="the job to run")
        worker.send_signal(signal.SIGTERM)  # graceful: would wait for the job to end
        time.sleep(0.3)
        worker.send_signal(signal.SIGTERM)  # forced: the job is stopped
        worker.wait(timeout=30)
    finally:
        stop(worker)
    job.refresh_from_db()
    source.refresh_from_db()
    assert job.status == TaskResultStatus.FAILED
    assert job.exception_class_path == "builtins.SystemExit"
    assert source.status == SourceStatus.NEW
    assert "the background worker was shut down" in source.error
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1


# --- the reaper itself, in this process


def _lost_job(source: Source, *, attempt: int, worker: str, started: timedelta) -> DBTaskResult:
    Source.objects.filter(pk=source.pk).update(status=SourceStatus.PROCESSING)
    with override_settings(TASKS=DB_TASKS):
        result = process_source.enqueue(source.pk, attempt=attempt)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - started,
        worker_ids=[worker],
    )
    return DBTaskResult.objects.get(pk=result.id)


def test_the_reaper_leaves_the_jobs_of_live_workers_alone(queued):
    source, _ = queued
    DBTaskResult.objects.all().delete()
    heartbeat("alive", started=True)
    job = _lost_job(source, attempt=1, worker="alive", started=timedelta(hours=1))
    assert reap_stale_jobs() == []
    job.refresh_from_db()
    assert job.status == TaskResultStatus.RUNNING


def test_a_second_lost_job_marks_the_article_failed_with_the_reason_shown(
    queued, web_as, api_as, instructor
):
    source, _ = queued
    DBTaskResult.objects.all().delete()
    job = _lost_job(source, attempt=2, worker="gone", started=timedelta(minutes=5))
    assert reap_stale_jobs() == [str(job.pk)]
    source.refresh_from_db()
    assert source.status == SourceStatus.FAILED
    assert "killed or crashed" in source.error
    assert "Generate again" in source.error
    page = web_as(instructor).get(f"/articles/{source.pk}/")
    assert "killed or crashed" in page.content.decode()
    body = api_as(instructor).get(f"/api/v1/sources/{source.pk}/").json()
    assert body["status"] == "failed"
    assert "killed or crashed" in body["error"]
    assert reap_stale_jobs() == []  # once
