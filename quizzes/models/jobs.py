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
