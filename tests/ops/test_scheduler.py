"""The scheduler: one holder of the lease queues the periodic jobs when due; a second scheduler
stands by and takes over when the holder dies; the clean-up job clears what has expired."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from quizzes.models import SchedulerLease
from quizzes.ops.schedule import LEASE, lease_release, lease_take, tick
from quizzes.ops.tasks import clean_expired
from tests.sources.test_job_reaper import ROOT, _database_url, wait_for

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db
@override_settings(SCHEDULER_LEASE_SECONDS=30)
def test_one_holder_at_a_time_until_it_stops_renewing():
    now = timezone.now()
    assert lease_take(owner="a", now=now)
    assert not lease_take(owner="b", now=now)
    assert lease_take(owner="a", now=now + timedelta(seconds=20))  # renewed to +50 s
    assert not lease_take(owner="b", now=now + timedelta(seconds=49))
    assert lease_take(owner="b", now=now + timedelta(seconds=51))  # a stopped renewing
    assert not lease_take(owner="a", now=now + timedelta(seconds=52))
    lease_release(owner="b")
    assert lease_take(owner="a")  # released: taken at once


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS)
def test_the_holder_queues_what_is_due_and_a_standby_queues_nothing(settings):
    now = timezone.now()
    first = tick(owner="a", now=now)
    assert first.leader
    assert sorted(first.queued) == sorted(settings.SCHEDULE)
    assert tick(owner="b", now=now) == type(first)(leader=False)
    assert tick(owner="a", now=now + timedelta(seconds=30)).queued == []
    later = tick(owner="a", now=now + timedelta(seconds=61))
    assert sorted(later.queued) == sorted(
        path for path, every in settings.SCHEDULE.items() if every <= 61
    )
    queued = list(DBTaskResult.objects.values_list("task_path", flat=True))
    assert sorted(queued) == sorted([*settings.SCHEDULE, *later.queued])


@pytest.mark.django_db
def test_clean_up_deletes_expired_sessions_only():
    now = timezone.now()
    Session.objects.create(session_key="old" * 10, session_data="x", expire_date=now - timedelta(1))
    Session.objects.create(session_key="new" * 10, session_data="x", expire_date=now + timedelta(1))
    assert clean_expired.call()["sessions"] == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new" * 10]


def start_scheduler(log_path) -> subprocess.Popen[bytes]:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DEBUG": "1",
        "DATABASE_URL": _database_url(),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "SCHEDULER_LEASE_SECONDS": "2",
        "PYTHONUNBUFFERED": "1",
    }
    with log_path.open("wb") as log:
        return subprocess.Popen(
            [sys.executable, "manage.py", "scheduler", "--interval", "0.2"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_started_by_mistake_queue_each_job_once(tmp_path, settings):
    logs = [tmp_path / "one.log", tmp_path / "two.log"]
    procs = [start_scheduler(path) for path in logs]
    try:
        roles = {}

        def both_decided() -> bool:
            for n, path in enumerate(logs):
                text = path.read_text()
                if ": leader" in text:
                    roles[n] = "leader"
                elif ": standby" in text:
                    roles[n] = "standby"
            return len(roles) == 2

        wait_for(both_decided, what="both schedulers to start")
        assert sorted(roles.values()) == ["leader", "standby"]
        leader = next(n for n, role in roles.items() if role == "leader")
        standby = 1 - leader
        wait_for(
            lambda: DBTaskResult.objects.count() >= len(settings.SCHEDULE),
            what="the leader to queue the periodic jobs",
        )

        procs[leader].send_signal(signal.SIGKILL)  # no release: the lease must lapse
        procs[leader].wait(timeout=10)
        wait_for(lambda: ": leader" in logs[standby].read_text(), what="the standby to take over")

        # Each periodic job was queued once: the standby never queued, and the new holder kept
        # the rhythm recorded in the lease.
        queued = list(DBTaskResult.objects.values_list("task_path", flat=True))
        assert sorted(queued) == sorted(settings.SCHEDULE), logs[standby].read_text()
        assert "queued" not in logs[standby].read_text()
        owner = SchedulerLease.objects.get(name=LEASE).owner
        assert f"Scheduler {owner}: leader" in logs[standby].read_text()
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=10)


@pytest.mark.django_db
def test_every_periodic_job_runs(settings, enrolled, student, approved_cards):
    """With the tests' in-process backend a queued job runs at once: each one, for real."""
    from quizzes.study.tasks import refit_due

    done = tick(owner="a")
    assert sorted(done.queued) == sorted(settings.SCHEDULE)
    assert refit_due.call() == 0  # learners with too few reviews are not refitted
