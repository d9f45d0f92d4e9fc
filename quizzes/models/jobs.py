"""Background workers' heartbeats: how the job reaper tells a running job from an orphaned one."""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """A ``db_worker`` process that is alive: it updates ``seen_at`` every few seconds and deletes
    its row when it stops. A job RUNNING under a worker whose row is stale (or gone) was left
    behind by a worker that died (``quizzes.core.jobs``)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"


class SchedulerLease(models.Model):
    """Who runs the periodic jobs (``manage.py scheduler``): one row per schedule, held by the
    scheduler whose ``owner`` it names until ``expires_at``; a second scheduler waits until the
    holder stops renewing it. ``last_runs`` says when each periodic job was last queued, so a
    scheduler that takes over keeps the rhythm instead of queueing everything at once."""

    name = models.CharField(max_length=64, primary_key=True)
    owner = models.CharField(max_length=128)
    expires_at = models.DateTimeField()
    last_runs = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"{self.name} held by {self.owner} until {self.expires_at:%H:%M:%S}"
